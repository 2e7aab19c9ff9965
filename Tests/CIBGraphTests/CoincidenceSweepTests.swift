import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

@testable import CIBGraphAnalysis

/// The coincidences of `table` found the plain way, every pair of actions on
/// an object within the window, the first met (in time order) kept per pair
/// and object: slow on hostile files, plainly right.
private func referenceCoincidences(_ table: ActivityTable, window: Int64) -> [UInt64: [Coincidence]]
{
  var byObject: [UInt32: [Int]] = [:]
  for row in 0..<table.count { byObject[table.object[row], default: []].append(row) }
  var result: [UInt64: [Coincidence]] = [:]
  for (object, rows) in byObject {
    let ordered = rows.sorted { (table.time[$0], $0) < (table.time[$1], $1) }
    var seen = Set<UInt64>()
    for i in ordered.indices {
      for j in ordered.indices.dropFirst(i + 1) {
        let (first, second) = (ordered[i], ordered[j])
        guard table.time[second] - table.time[first] <= window else { break }
        let (a, b) = (table.account[first], table.account[second])
        guard a != b else { continue }
        let key = UInt64(min(a, b)) << 32 | UInt64(max(a, b))
        guard seen.insert(key).inserted else { continue }
        let (rowA, rowB) = a < b ? (first, second) : (second, first)
        result[key, default: []].append(
          Coincidence(object: object, rowA: UInt32(rowA), rowB: UInt32(rowB)))
      }
    }
  }
  return result.mapValues { $0.sorted { $0.object < $1.object } }
}

private func table(_ csv: String, action: CoordinationAction? = nil) throws -> ActivityTable {
  try ActivityReader(bytes: Array(csv.utf8), file: "t.csv", action: action).table
}

private let header = "object_id,account_id,content_id,timestamp\n"

/// Coordination within one minute, every pair kept, and how long it took.
private func timedDetection(_ activity: ActivityTable) throws -> (CoordinationNetwork, Duration) {
  let start = ContinuousClock.now
  let network = try CoordinationNetwork(
    activity, parameters: CoordinationParameters(window: 60_000, minRepeat: 1))
  return (network, ContinuousClock.now - start)
}

/// Coordination within one minute, every pair kept, under `budget`.
private func detect(_ activity: ActivityTable, _ budget: CoordinationBudget)
  throws(BudgetExceeded) -> CoordinationNetwork
{
  try CoordinationNetwork(
    activity, parameters: CoordinationParameters(window: 60_000, minRepeat: 1, budget: budget))
}

@Suite struct CoincidenceSweepTests {
  @Test func theSweepFindsWhatEveryPairOfActionsFinds() throws {
    // Few accounts, objects and seconds: runs of one account, alternations,
    // ties and accounts meeting again in later windows of the same object.
    var random = SeededGenerator(seed: 10)
    for round in 0..<400 {
      let accounts = 1 + random.below(12)
      let objects = 1 + random.below(5)
      let span = 1 + random.below(300)
      var csv = header
      for row in 0..<random.below(250) {
        var time = String(random.below(span))
        if random.below(4) == 0 { time += ".\(random.below(1000))" }
        csv += "o\(random.below(objects)),a\(random.below(accounts)),p\(row),\(time)\n"
      }
      let activity = try table(csv)
      let window = Int64([0, 1, 7, 30, 120][random.below(5)]) * 1000 + Int64(random.below(2))
      let reference = referenceCoincidences(activity, window: window)
      let network = try CoordinationNetwork(
        activity, parameters: CoordinationParameters(window: window, minRepeat: 1))
      #expect(network.pairsFound == reference.count, "round \(round)")
      #expect(network.edges.count == reference.count, "round \(round)")
      for edge in network.edges {
        let expected = reference[UInt64(edge.a) << 32 | UInt64(edge.b)]
        #expect(
          Array(network.coincidences[edge.evidence]) == expected,
          "round \(round): \(edge.a)-\(edge.b)")
        #expect(edge.weight == expected?.count)
      }
    }
  }

  @Test func twoAccountsAlternatingOnOneObjectMakeOneCoincidence() throws {
    // 100,000 actions within one minute: 5·10^9 pairs of actions, one pair of accounts.
    var csv = header
    for row in 0..<100_000 {
      csv += "https://example.test/u,\(row % 2 == 0 ? "a" : "b"),p\(row),\(1_000 + row / 2_000)\n"
    }
    let activity = try table(csv)
    let (result, elapsed) = try timedDetection(activity)
    #expect(result.pairsFound == 1)
    #expect(result.edges.map(\.weight) == [1])
    #expect(result.coincidences == [Coincidence(object: 0, rowA: 0, rowB: 1)])
    #expect(elapsed < .seconds(5), "\(elapsed)")
  }

  @Test func oneAccountRepeatingItselfCostsNoMoreThanOnce() throws {
    // "solo" acts 200,000 times from 0 to 19 s; "other" once, at 5 s; "late" once,
    // at 80 s: 61 s after solo's last action, so out of the 60 s window.
    var csv = header
    for row in 0..<200_000 { csv += "r,solo,p\(row),\(row / 10_000)\n" }
    csv += "r,other,q,5\nr,late,z,80\n"
    let activity = try table(csv)
    let (result, elapsed) = try timedDetection(activity)
    #expect(result.pairsFound == 1)
    let edge = try #require(result.edges.first)
    #expect(
      [edge.a, edge.b].map { activity.accountID($0) }.sorted() == ["other", "solo"])
    // The evidence is solo's first action (row 0, at 0 s) and other's (row 200,000).
    #expect(result.coincidences == [Coincidence(object: 0, rowA: 0, rowB: 200_000)])
    #expect(elapsed < .seconds(5), "\(elapsed)")
  }

  @Test func aHubObjectIsRefusedBeforeItsPairsAreFormed() throws {
    // 50 accounts on "hub" within one second (1,225 pairs); 10 of them on "small".
    var csv = header
    for account in 0..<50 { csv += "hub,a\(account),,\(1_000 + account % 2)\n" }
    for account in 0..<10 { csv += "small,a\(account),,5000\n" }
    let activity = try table(csv)
    func detect(perObject: Int) throws(BudgetExceeded) -> CoordinationNetwork {
      try CIBGraphTests.detect(
        activity, CoordinationBudget(pairsPerObject: perObject, pairsTotal: 1_000_000))
    }
    do {
      _ = try detect(perObject: 1_224)
      Issue.record("a hub of 1,225 pairs passed a budget of 1,224")
    } catch {
      let error = try #require(error.coordination)
      #expect(error.limit == \.pairsPerObject)
      #expect(activity.objectID(error.object) == "hub")
      #expect(error.budget == 1_224)
      #expect(error.atLeast == 1_225)
      #expect(error.accountsInOneWindow == 50)
      #expect(error.windowStart == 1_000_000)
    }
    // At the budget it passes, with every pair.
    let passed = try detect(perObject: 1_225)
    #expect(passed.pairsFound == 1_225)
    #expect(passed.coincidences.count == 1_225 + 45)
  }

  @Test func aRefusalPrintsAHostileObjectEscapedAndCut() throws {
    let hostile = "\u{202E}evil\u{1B}[2J" + String(repeating: "x", count: 500)
    var csv = header
    for account in 0..<4 { csv += "\"\(hostile)\",a\(account),,0\n" }
    let activity = try table(csv)
    do {
      _ = try detect(activity, CoordinationBudget(pairsPerObject: 5))
      Issue.record("6 pairs passed a budget of 5")
    } catch {
      let text = error.description
      #expect(text.hasPrefix(#"object "\u{202E}evil\e[2Jxxx"#))
      #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" })
      #expect(text.contains("x…\" would form at least 6 pairs of accounts (4 accounts"))
      #expect(text.count < 400, "the identifier is cut")
    }
  }

  @Test func pairsAddingUpOverSeveralWindowsOfOneObjectAreRefusedToo() throws {
    // 30 accounts at 0 s and 30 others at 1,000 s: 435 pairs in each window, 870 in all.
    var csv = header
    for account in 0..<60 { csv += "spread,a\(account),,\(account < 30 ? 0 : 1_000)\n" }
    let activity = try table(csv)
    do {
      _ = try detect(activity, CoordinationBudget(pairsPerObject: 500, pairsTotal: 1_000_000))
      Issue.record("870 pairs passed a budget of 500")
    } catch {
      let error = try #require(error.coordination)
      #expect(error.limit == \.pairsPerObject)
      #expect(error.atLeast == 501, "counted as far as the budget, not all formed")
      #expect(error.accountsInOneWindow == 30)
    }
  }

  @Test func theTotalBudgetNamesTheObjectWithTheMostPairs() throws {
    // The same 20 accounts on three objects: 190 pairs each, 570 in all; o2 has 25.
    var csv = header
    for object in ["o1", "o2", "o3"] {
      for account in 0..<(object == "o2" ? 25 : 20) { csv += "\(object),a\(account),,0\n" }
    }
    let activity = try table(csv)
    do {
      _ = try detect(activity, CoordinationBudget(pairsPerObject: 1_000, pairsTotal: 400))
      Issue.record("670 coincidences passed a total budget of 400")
    } catch {
      let error = try #require(error.coordination)
      #expect(error.limit == \.pairsTotal)
      #expect(error.atLeast == 401)
      #expect(activity.objectID(error.object) == "o2")
      #expect(error.objectAtLeast == 300)
      #expect(error.accountsInOneWindow == 25)
      #expect(
        error.description
          == "the input would form more than the 400 coincidences (pairs of accounts on one "
          + "object) CoordinationBudget.pairsTotal allows; the most on one object: at least 300 "
          + "pairs on \"o2\" (25 accounts acted on it within one window, from 1970-01-01T00:00:00Z)"
      )
    }
  }

  @Test func accountsMeetingAgainAndAgainAreRefusedPastTheMeetingBudget() throws {
    // 50 accounts meet in 10 windows of "bursts" (12,250 meetings, 1,225 pairs);
    // 3 accounts meet once on "quiet".
    var csv = header
    for burst in 0..<10 {
      for account in 0..<50 { csv += "bursts,a\(account),,\(burst * 1_000)\n" }
    }
    csv += "quiet,a0,,0\nquiet,a1,,0\nquiet,a2,,0\n"
    let activity = try table(csv)
    func detect(meetings: Int) throws(BudgetExceeded) -> CoordinationNetwork {
      try CIBGraphTests.detect(activity, CoordinationBudget(meetings: meetings))
    }
    do {
      _ = try detect(meetings: 5_000)
      Issue.record("12,253 meetings passed a budget of 5,000")
    } catch {
      let error = try #require(error.coordination)
      #expect(error.limit == \.meetings)
      #expect(error.budget == 5_000)
      #expect(error.atLeast > 5_000)
      #expect(activity.objectID(error.object) == "bursts")
      #expect(error.objectAtLeast > 5_000)
      #expect(error.accountsInOneWindow == 50)
      #expect(
        error.description.hasPrefix(
          "the accounts of the input would meet more than the 5,000 times "
            + "CoordinationBudget.meetings allows"))
      #expect(
        error.description.contains(" on \"bursts\" (50 accounts acted on it within one window"))
    }
    let passed = try detect(meetings: 12_253)
    #expect(passed.pairsFound == 1_225)
  }

  @Test func aMebibyteHashtagListReadsInLinearTime() throws {
    // One tweet lists 49,000 distinct hashtags and repeats each a second time
    // (in other case, with #), as long a list as a quoted field may be; another
    // shares two of them.
    var tags: [String] = []
    for index in 0..<49_000 { tags.append("tag\(index)") }
    let list = (tags + tags.map { "#" + $0.uppercased() }).joined(separator: ", ")
    #expect((1_000_000..<(1 << 20)).contains(list.utf8.count + 2))
    let csv =
      "tweetid,userid,tweet_time,hashtags\n1,u1,2019-05-01 12:00,\"[\(list)]\"\n"
      + "2,u2,2019-05-01 12:00,\"[tag7, TAG48999]\"\n"
    let clock = ContinuousClock()
    var reader: ActivityReader?
    let elapsed = try clock.measure {
      reader = try ActivityReader(bytes: Array(csv.utf8), file: "t.csv", action: .hashtag)
    }
    let read = try #require(reader)
    #expect(read.table.count == 49_002, "each hashtag once per tweet")
    #expect(read.table.objectCount == 49_000)
    #expect(elapsed < .seconds(5), "\(elapsed)")
    let network = try CoordinationNetwork(
      read.table, parameters: CoordinationParameters(window: 60_000, minRepeat: 1))
    #expect(network.edges.map(\.weight) == [2])
  }
}

@Suite struct PartnerTablesTests {
  @Test func tablesGrowApartAndForgetTheirObject() {
    var tables = PartnerTables(accountCount: 10)
    var random = SeededGenerator(seed: 3)
    var expected: [Set<UInt32>] = Array(repeating: [], count: 10)
    for account in 0..<10 { tables.begin(account) }
    // Interleaved inserts, so that tables grow and move past each other in the pool.
    for _ in 0..<20_000 {
      let account = random.below(10)
      let partner = UInt32(random.below(account * 1_000 + 5))
      guard !expected[account].contains(partner) else {
        #expect(tables.contains(account, partner))
        continue
      }
      #expect(!tables.contains(account, partner))
      tables.insert(account, partner)
      expected[account].insert(partner)
    }
    for account in 0..<10 {
      for partner in UInt32(0)..<UInt32(account * 1_000 + 10) {
        #expect(tables.contains(account, partner) == expected[account].contains(partner))
      }
    }
    // The next object starts empty.
    tables.reset()
    tables.begin(3)
    #expect(!tables.contains(3, 0))
    tables.insert(3, 7)
    #expect(tables.contains(3, 7))
  }

  @Test func accountsMeetingAgainWindowAfterWindowAreCheckedInTheirOwnTables() throws {
    // 800 accounts meet in 25 windows of one object: 319,600 pairs, met 8·10^6 times.
    var csv = header
    for burst in 0..<25 {
      for account in 0..<800 { csv += "o,a\(account),,\(burst * 1_000)\n" }
    }
    let activity = try ActivityReader(bytes: Array(csv.utf8), file: "b.csv").table
    let clock = ContinuousClock()
    var network: CoordinationNetwork?
    let elapsed = try clock.measure {
      network = try CoordinationNetwork(
        activity, parameters: CoordinationParameters(window: 60_000, minRepeat: 1))
    }
    let result = try #require(network)
    #expect(result.pairsFound == 319_600)
    // Every pair's evidence is from the first window.
    #expect(result.coincidences.allSatisfy { $0.rowA < 800 && $0.rowB < 800 })
    // About 3 s in a debug build; a bound three times that flaked on a loaded
    // machine, and the blow-up it guards against takes minutes.
    #expect(elapsed < .seconds(30), "\(elapsed)")
  }
}

import CIBGraph
@_spi(Internal) import CIBGraphCore
import Dispatch
import Synchronization
import Testing

/// Audience lists and activity tables built from Swift values are what
/// reading the same rows from a file gives.
@Suite struct InMemoryInputTests {
  /// Pages p0…p2, groups g0…g1, instagram i0, an account a0 and an organisation o0.
  static let graph: AssetGraph = {
    var builder = AssetGraphBuilder()
    for id in ["p0", "p1", "p2"] { builder.addAsset(Asset(id: id, kind: .page)) }
    for id in ["g0", "g1"] { builder.addAsset(Asset(id: id, kind: .group)) }
    builder.addAsset(Asset(id: "i0", kind: .instagram))
    builder.addAsset(Asset(id: "a0", kind: .account))
    builder.addAsset(Asset(id: "o0", kind: .organization))
    return builder.build()
  }()

  /// Follow pairs with every reason to leave one out, duplicates, and an
  /// account spelt two ways that are one `String` but two identifiers.
  static let followers: [(asset: String, account: String)] = {
    var pairs: [(asset: String, account: String)] = []
    let assets = ["p0", "p1", "p2", "g0", "g1", "i0"]
    // A fixed, irregular pattern: asset k follows accounts by a stride of its own.
    for (k, asset) in assets.enumerated() {
      for step in 0..<(7 + 5 * k) { pairs.append((asset, "u\((step * (k + 2)) % 23)")) }
    }
    pairs += [
      ("p0", "u1"), ("p0", "u1"),  // duplicates
      ("p1", "caf\u{E9}"), ("p1", "cafe\u{301}"),  // two accounts
      ("nope", "u1"), ("a0", "u1"), ("o0", "u2"), ("", "u3"), ("g0", ""),  // left out
    ]
    return pairs
  }()

  @Test func audienceListsFromValuesAreTheListsOfTheSameRowsRead() throws {
    let graph = Self.graph
    let built = AudienceLists(graph: graph, followers: Self.followers)
    let csv = "Asset,Account\n" + Self.followers.map { "\($0.asset),\($0.account)\n" }.joined()
    let read = try AudienceReader.read(
      [.bytes(Array(csv.utf8), name: "audience.csv")], graph: graph)

    #expect(built.report.rows == Self.followers.count)
    #expect(built.report.rows == read.report.rows)
    #expect(built.report.duplicates == read.report.duplicates)
    #expect(built.report.skipped == read.report.skipped)
    #expect(
      built.report.skipped == [
        .unknownAsset: 1, .notAnAudienceAsset: 2, .emptyAsset: 1, .emptyAccount: 1,
      ])
    #expect(built.accountCount == read.accountCount)
    #expect(built.pairCount == read.pairCount)
    for node in graph.nodes { #expect(built.size(of: node) == read.size(of: node)) }
    // "café" in its two spellings is two accounts, as in a file.
    let p1 = Set(Self.followers.filter { $0.asset == "p1" }.map { ByteExactID($0.account) })
    #expect(Set(Self.followers.filter { $0.asset == "p1" }.map(\.account)).count == p1.count - 1)
    #expect(built.size(of: graph.node(for: "p1")!) == p1.count)

    let builtCounter = DistinctCounter(lists: built, graph: graph)
    let readCounter = DistinctCounter(lists: read, graph: graph)
    #expect(builtCounter.reach(of: Array(graph.nodes)) == readCounter.reach(of: Array(graph.nodes)))
    for a in graph.nodes {
      for b in graph.nodes {
        #expect(builtCounter.shared([a], [b]) == readCounter.shared([a], [b]))
      }
    }
  }

  @Test func noFollowersMakeEmptyLists() {
    let lists = AudienceLists(graph: Self.graph, followers: [])
    #expect(lists.pairCount == 0)
    #expect(lists.accountCount == 0)
    #expect(lists.assetCount == Self.graph.nodeCount)
  }

  /// A counter is shared by every thread that counts with it.
  @Test func oneCounterCountsOnManyThreadsAtOnce() {
    let graph = Self.graph
    let counter = DistinctCounter(
      lists: AudienceLists(graph: graph, followers: Self.followers), graph: graph)
    let groups: [[NodeIndex]] = graph.nodes.map { Array(graph.nodes.prefix(Int($0) + 1)) }
    let expected = groups.map { counter.count($0) }
    let sharedExpected = groups.map { counter.shared($0, [NodeIndex(graph.nodeCount - 1) - $0[0]]) }
    let rounds = 200
    let agreed = Mutex([Bool](repeating: false, count: rounds))
    DispatchQueue.concurrentPerform(iterations: rounds) { round in
      let group = round % groups.count
      let same =
        counter.count(groups[group]) == expected[group]
        && counter.shared(groups[group], [NodeIndex(graph.nodeCount - 1) - groups[group][0]])
          == sharedExpected[group]
      agreed.withLock { $0[round] = same }
    }
    #expect(agreed.withLock { $0.allSatisfy { $0 } })
  }

  @Test func anActivityTableFromValuesIsTheTableOfTheSameRowsRead() throws {
    // Three accounts share two hashtags within a minute, twice; a fourth acts alone.
    var actions: [(account: String, object: String, time: Int64)] = []
    for (offset, object) in ["#one", "#two"].enumerated() {
      for (k, account) in ["u1", "u2", "u3"].enumerated() {
        actions.append((account, object, 1_556_713_440_000 + Int64(offset * 3_600_000 + k * 1_000)))
      }
    }
    actions.append(("u4", "#one", 1_556_800_000_000))
    let built = ActivityTable(actions: actions)
    var csv = "object_id,account_id,content_id,timestamp\n"
    for (row, action) in actions.enumerated() {
      csv += "\(action.object),\(action.account),post\(row),\(action.time / 1000)\n"
    }
    let read = try ActivityReader(.bytes(Array(csv.utf8), name: "activity.csv")).table

    #expect(built.count == actions.count)
    #expect(built.accountCount == 4 && built.objectCount == 2)
    #expect((0..<built.count).map { built[$0].account } == actions.map(\.account))
    #expect((0..<built.count).map { built[$0].object } == actions.map(\.object))
    #expect((0..<built.count).map { built[$0].time } == actions.map(\.time))
    #expect((0..<built.count).map { read[$0].account } == actions.map(\.account))

    let parameters = CoordinationParameters(window: 60_000, minRepeat: 2)
    let fromValues = try CoordinationNetwork(built, parameters: parameters)
    let fromFile = try CoordinationNetwork(read, parameters: parameters)
    func named(_ network: CoordinationNetwork, _ table: ActivityTable) -> [String] {
      network.edges.map { "\(table.accountID($0.a))-\(table.accountID($0.b)):\($0.weight)" }
    }
    #expect(named(fromValues, built) == ["u1-u2:2", "u1-u3:2", "u2-u3:2"])
    #expect(named(fromValues, built) == named(fromFile, read))
    #expect(
      fromValues.coincidences.map { built.objectID($0.object) }
        == fromFile.coincidences.map { read.objectID($0.object) })
  }
}

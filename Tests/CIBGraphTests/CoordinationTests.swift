import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

/// Reads `csv` and detects coordination; edges as `"a-b": weight`.
private func detect(
  _ csv: String, window: Int64 = 60, minRepeat: Int = 2, percentile: Double? = nil,
  action: CoordinationAction? = nil
) throws -> (reader: ActivityReader, network: CoordinationNetwork, edges: [String: Int]) {
  let reader = try ActivityReader(bytes: Array(csv.utf8), file: "test.csv", action: action)
  let network = try CoordinationNetwork(
    reader.table,
    parameters: CoordinationParameters(
      window: window * 1000, minRepeat: minRepeat, percentile: percentile))
  var edges: [String: Int] = [:]
  for edge in network.edges {
    let a = reader.table.accountID(edge.a)
    let b = reader.table.accountID(edge.b)
    edges[[a, b].sorted().joined(separator: "-")] = edge.weight
  }
  return (reader, network, edges)
}

@Suite struct CoordinationTests {
  static let header = "object_id,account_id,content_id,timestamp\n"

  /// Milliseconds since 1970 read as seconds land near the year 51,000, where
  /// every window is a thousand times too narrow: the pair below was silently
  /// not found. Times past 9999 are left out, with a reason that says why.
  @Test func millisecondsAreNotReadAsSeconds() throws {
    let rows = [
      ("o1", "a", 1_556_713_440), ("o1", "b", 1_556_713_470), ("o2", "a", 1_556_713_500),
      ("o2", "b", 1_556_713_530),
    ]
    let seconds = try detect(Self.header + rows.map { "\($0),\($1),,\($2)\n" }.joined())
    #expect(seconds.edges == ["a-b": 2])
    let milliseconds = try detect(Self.header + rows.map { "\($0),\($1),,\($2)000\n" }.joined())
    #expect(milliseconds.edges.isEmpty)
    #expect(milliseconds.reader.report.skipped == [.badTime: 4])
    #expect(
      RowReadReport.Rows.activity.explanation(.badTime).contains("milliseconds are not seconds"))
    // The last second of 9999 is a time; the next is not.
    let edge = try detect(Self.header + "o,a,,253402300799\n")
    #expect(edge.reader.report.skipped.isEmpty)
    #expect(try detect(Self.header + "o,a,,253402300800\n").reader.report.skipped == [.badTime: 1])
  }

  @Test func theWindowIsInclusive() throws {
    // u1: a and b 60 s apart (in), a and c 61 s apart (out), b and c 1 s apart (in).
    // u2: the same. Weights by hand: a-b 2, b-c 2, a-c 0.
    let csv =
      Self.header
      + "u1,a,p1,1000\nu1,b,p2,1060\nu1,c,p3,1061\nu2,a,p4,5000\nu2,b,p5,5060\nu2,c,p6,5061\n"
    let result = try detect(csv, window: 60)
    #expect(result.edges == ["a-b": 2, "b-c": 2])
    // One second less and a-b drops out; b-c stays.
    #expect(try detect(csv, window: 59).edges == ["b-c": 2])
    // Fractional seconds: 60.5 s apart is out at 60 s, in at 61 s.
    let fractional = Self.header + "u1,a,p1,10.25\nu1,b,p2,70.75\nu2,a,p3,100\nu2,b,p4,100.5\n"
    #expect(try detect(fractional, window: 60).edges.isEmpty)
    #expect(try detect(fractional, window: 61).edges == ["a-b": 2])
  }

  @Test func anAccountTwiceOnOneObjectCountsOnceAndNeverPairsWithItself() throws {
    // u1: a at 0, 10 and 20, b at 15: a-b coincide three times on u1, weight 1 from it.
    // u2: a twice, nobody else: no pair. u3: a and b once more: weight 2.
    let csv =
      Self.header
      + "u1,a,p1,0\nu1,a,p2,10\nu1,b,p3,15\nu1,a,p4,20\nu2,a,p5,0\nu2,a,p6,1\nu3,b,p7,100\nu3,a,p8,130\n"
    let result = try detect(csv, minRepeat: 1)
    #expect(result.edges == ["a-b": 2])
    #expect(result.network.coincidences.count == 2, "one per object")
    // The evidence on u1 is the first coincidence in time: a at 0, b at 15.
    let edge = try #require(result.network.edges.first)
    let first = result.network.coincidences[edge.evidence.lowerBound]
    #expect(result.reader.table.objectID(first.object) == "u1")
    let times = [first.rowA, first.rowB].map { result.reader.table.time[Int($0)] }.sorted()
    #expect(times == [0, 15_000])
    // A library user reads the same evidence as the objects the pair shared.
    let shared = result.network.sharedObjects(of: edge).map(result.reader.table.objectID)
    #expect(shared.sorted() == ["u1", "u3"])
  }

  @Test func minRepeatAndPercentileCut() throws {
    // a-b share 3 objects, a-c 2, c-d 1 (all at the same second).
    var csv = Self.header
    for object in ["x", "y", "z"] { csv += "\(object),a,,0\n\(object),b,,0\n" }
    for object in ["v", "w"] { csv += "\(object),a,,0\n\(object),c,,0\n" }
    csv += "t,c,,0\nt,d,,0\n"
    #expect(try detect(csv, minRepeat: 1).edges == ["a-b": 3, "a-c": 2, "c-d": 1])
    #expect(try detect(csv, minRepeat: 2).edges == ["a-b": 3, "a-c": 2])
    #expect(try detect(csv, minRepeat: 3).edges == ["a-b": 3])
    #expect(try detect(csv, minRepeat: 4).edges.isEmpty)
    // Weights 1, 2, 3: the 50th percentile is 2 (type 7), the 75th 2.5.
    let median = try detect(csv, minRepeat: 1, percentile: 50)
    #expect(median.edges == ["a-b": 3, "a-c": 2])
    #expect(median.network.percentileWeight == 2)
    #expect(try detect(csv, minRepeat: 1, percentile: 75).edges == ["a-b": 3])
    #expect(try detect(csv, minRepeat: 1, percentile: 0).edges.count == 3)
  }

  @Test func componentsHaveSizeWeightAndTimeSpan() throws {
    let csv =
      Self.header
      + "x,a,,100\nx,b,,110\ny,a,,200\ny,b,,230\ny,c,,240\nz,b,,300\nz,c,,301\n"
      + "q,e,,0\nq,f,,0\nr,e,,9\nr,f,,9\n"
    let result = try detect(csv, minRepeat: 2)
    // a-b: x, y (2); b-c: y, z (2); a-c: y only (1, dropped); e-f: q, r (2).
    #expect(result.edges == ["a-b": 2, "b-c": 2, "e-f": 2])
    let components = result.network.components
    #expect(components.count == 2)
    #expect(
      components[0].accounts.map { result.reader.table.accountID($0) } == ["a", "b", "c"])
    #expect(components[0].edges == 2)
    #expect(components[0].weight == 4)
    #expect(components[0].firstAction == 100_000)
    #expect(components[0].lastAction == 301_000)
    #expect(components[1].weight == 2)
    #expect(components[1].firstAction == 0)
    #expect(components[1].lastAction == 9_000)
  }

  @Test func isoAndUnixTimesAreTheSameInstants() throws {
    #expect(ActivityTime.parse("1556713440") == 1_556_713_440_000)
    #expect(ActivityTime.parse("2019-05-01T12:24:00Z") == 1_556_713_440_000)
    #expect(ActivityTime.parse("2019-05-01 12:24") == 1_556_713_440_000)
    #expect(ActivityTime.parse("2019-05-01T14:24:00+02:00") == 1_556_713_440_000)
    #expect(ActivityTime.parse("2019-05-01T07:24:00.250-0500") == 1_556_713_440_250)
    #expect(ActivityTime.parse(" 1556713440.25 ") == 1_556_713_440_250)
    #expect(ActivityTime.parse("1556713440.123999") == 1_556_713_440_123)
    #expect(ActivityTime.parse("2020-02-29T00:00:00Z") == 1_582_934_400_000)
    for bad in [
      "", "abc", "2019-13-01T00:00:00Z", "2019-02-30 00:00", "2019-05-01", "12:00", "1e9",
      "2019-05-01T25:00:00Z", "2019-05-01T12:00:00Q", "1.", "--5",
    ] {
      #expect(ActivityTime.parse(bad) == nil, "\(bad)")
    }
    #expect(ActivityTime.iso(1_556_713_440_250) == "2019-05-01T12:24:00.250Z")
    #expect(ActivityTime.iso(-1) == "1969-12-31T23:59:59.999Z")
    // A mixed file: both forms of the same instants coincide.
    let csv =
      Self.header
      + "u1,a,,1556713440\nu1,b,,2019-05-01T12:24:30Z\nu2,a,,2019-05-01 13:00\nu2,b,,1556715600\n"
    #expect(try detect(csv, window: 30).edges == ["a-b": 2])
  }

  @Test func twitterArchivesShareLinksHashtagsAndRetweets() throws {
    let csv = """
      tweetid,userid,user_display_name,tweet_time,retweet_tweetid,urls,hashtags
      1,u1,One,2019-05-01 12:00,900,"[https://x.test/a, https://x.test/b]","['Vote', 'News']"
      2,u2,Two,2019-05-01 12:00,900,[https://x.test/a],"['vote']"
      3,u1,One,2019-05-01 13:00,901,"[https://x.test/b, https://x.test/b]",[]
      4,u2,Two,2019-05-01 13:00,901,"[https://x.test/b]","[""#NEWS""]"
      5,u3,Three,2019-05-01 13:00,,[],

      """
    // Co-link: a (12:00) and b (13:00) shared by u1 and u2: weight 2; b twice in tweet 3 counts once.
    let link = try detect(csv, action: .link)
    #expect(link.edges == ["u1-u2": 2])
    #expect(link.reader.format == .twitterArchive)
    #expect(link.reader.table.count == 5, "a, b, b (once), a, b")
    #expect(link.reader.withoutAction == 1)
    // Co-retweet: 900 and 901.
    #expect(try detect(csv, action: .retweet).edges == ["u1-u2": 2])
    // Co-hashtag, case and # ignored: vote by both at 12:00; news by u1 at 12:00 and by u2
    // (as "#NEWS") at 13:00, an hour apart.
    let hashtag = try detect(csv, window: 60, minRepeat: 1, action: .hashtag)
    #expect(hashtag.edges == ["u1-u2": 1])
    #expect(hashtag.reader.withoutAction == 2, "tweets 3 and 5")
    #expect(try detect(csv, window: 3600, minRepeat: 2, action: .hashtag).edges == ["u1-u2": 2])
    #expect(try detect(csv, window: 3599, minRepeat: 2, action: .hashtag).edges.isEmpty)
    // The post ids of the evidence are the tweet ids.
    let edge = try #require(link.network.edges.first)
    let first = link.network.coincidences[edge.evidence.lowerBound]
    #expect(
      Set([link.reader.postID(row: Int(first.rowA)), link.reader.postID(row: Int(first.rowB))])
        == ["1", "2"])
  }

  @Test func headersAreMatchedLooselyAndMissingColumnsNamed() throws {
    let loose = " Object_ID ,ACCOUNT_ID,Content_Id, timestamp_share \nu1,a,,0\nu1,b,,0\n"
    #expect(try detect(loose, minRepeat: 1).edges == ["a-b": 1])
    do {
      _ = try ActivityReader(
        bytes: Array((Self.header + "u1,a,,0\n").utf8), file: "a.csv", action: .link)
      Issue.record("an activity file was read with an action")
    } catch {
      #expect(error.argument == "action")
      #expect(error.message.hasPrefix("`action:` link is for Twitter archives"))
    }
    do {
      _ = try ActivityReader(bytes: Array("object_id,account,time\nu,a,0\n".utf8), file: "h.csv")
      Issue.record("a header without account_id was read")
    } catch {
      #expect(error.location.description == "h.csv:1:1")
      #expect(error.message.contains("lacks account_id, content_id, timestamp"))
    }
    do {
      _ = try ActivityReader(
        bytes: Array("tweetid,userid,tweet_time,urls\n1,u,2019-05-01 12:00,[]\n".utf8),
        file: "t.csv")
      Issue.record("a Twitter archive was read without an action")
    } catch {
      // The library names its own argument; a command line names its option instead.
      #expect(error.argument == "action")
      #expect(!error.message.contains("--"), "\(error.message)")
      #expect(error.message.hasSuffix("with `action:` link, retweet or hashtag"))
      #expect(
        error.message(namingArgumentAs: "--action").hasSuffix(
          "with --action link, retweet or hashtag"))
    }
    do {
      _ = try ActivityReader(
        bytes: Array("tweetid,userid,tweet_time,urls\n1,u,2019-05-01 12:00,[]\n".utf8),
        file: "t.csv", action: .hashtag)
      Issue.record("a Twitter archive without hashtags was read for them")
    } catch {
      #expect(error.message == "`action:` hashtag needs a hashtags column, which is missing")
      #expect(
        error.message(namingArgumentAs: "--action")
          == "--action hashtag needs a hashtags column, which is missing")
    }
    do {
      _ = try ActivityReader(bytes: Array((Self.header + "u1,a,\"p1,0\n").utf8), file: "q.csv")
      Issue.record("an unclosed quote was read")
    } catch {
      #expect(error.location.description == "q.csv:2:6")
    }
  }

  @Test func badRowsAreCountedLocatedAndLeftOut() throws {
    let csv =
      Self.header
      + "u1,a,p1,0\nu1,,p2,0\n,b,p3,0\nu1,c,p4,yesterday\nu1,d\nu1,e,p6,2019-02-30T00:00:00Z\nu1,f,p7,5\n"
    let result = try detect(csv, minRepeat: 1)
    let report = result.reader.report
    #expect(report.rows == 7)
    #expect(result.reader.table.count == 2)
    #expect(report.used == 2)
    #expect(
      report.skipped == [.emptyAccount: 1, .emptyObject: 1, .badTime: 2, .missingFields: 1])
    #expect(
      report.skippedRows.map { "\($0.location) \($0.reason.rawValue)" } == [
        "test.csv:3:4 emptyAccount", "test.csv:4:1 emptyObject", "test.csv:5:9 badTime",
        "test.csv:6:4 missingFields", "test.csv:7:9 badTime",
      ])
    #expect(
      report.examples.first?.description
        == "test.csv:3:4: warning: row left out: the account is empty [activity-row]")
    #expect(result.edges == ["a-f": 1], "only the good rows are used")
  }

  @Test func theWindowEstimateFollowsCooRnet() throws {
    // Ten objects, each shared by four accounts: the second share after 1, 2, … 10 s,
    // then the third and fourth 100 s and 200 s after the first.
    var csv = Self.header
    for k in 1...10 {
      csv += "o\(k),a,,1000\no\(k),b,,\(1000 + k)\no\(k),c,,1100\no\(k),d,,1200\n"
    }
    let estimate = CoordinationWindowEstimate(
      try ActivityReader(bytes: Array(csv.utf8), file: "w.csv").table)
    // Times to the second share 1…10: the 0.1 quantile is 1.9, so only o1 is the quickest.
    // o1 has 4 shares: rank ⌊0.5·4⌋+1 = 3, at 100 s. The median of {100} is 100.
    #expect(estimate.objectsSharedTwice == 10)
    #expect(estimate.quickestObjects == 1)
    #expect(estimate.window == 100_000)
    // With q = 0.5: o1…o5 (second share ≤ 5.5 s), all at 100 s.
    #expect(
      CoordinationNetwork.estimatedWindow(
        try ActivityReader(bytes: Array(csv.utf8), file: "w.csv").table, q: 0.5) == 100_000)
    // Instantaneous shares give 0, which becomes 1 s.
    let instant = Self.header + "o,a,,5\no,b,,5\n"
    #expect(
      CoordinationNetwork.estimatedWindow(
        try ActivityReader(bytes: Array(instant.utf8), file: "i.csv").table) == 1000)
    // No object acted on twice: no window to estimate.
    let once = Self.header + "o1,a,,5\no2,b,,5\n"
    #expect(
      CoordinationNetwork.estimatedWindow(
        try ActivityReader(bytes: Array(once.utf8), file: "o.csv").table) == nil)
  }

  @Test func plantedGroupsAreFoundAndNoBackgroundPairPasses() throws {
    let (csv, groups) = PlantedActivity.generate(seed: 42)
    let result = try detect(csv, window: 60, minRepeat: 3)
    let found = result.network.components.map {
      Set($0.accounts.map { result.reader.table.accountID($0) })
    }
    #expect(Set(found) == Set(groups.map(Set.init)))
    for component in found {
      #expect(component.allSatisfy { $0.hasPrefix("planted-") })
    }
    // Every pair within a group shares all its group's objects.
    for (key, weight) in result.edges {
      #expect(weight == PlantedActivity.objectsPerGroup, "\(key)")
    }
    #expect(result.reader.report.rows == result.reader.table.count)
    #expect(result.reader.report.rows > 20_000)
  }

  @Test func documentHoldsOneNetworkPerComponent() throws {
    let csv = Self.header + "x,a,,0\nx,b,,1\ny,a,,5\ny,b,,6\n"
    let result = try detect(csv)
    #expect(result.reader.accountKind == nil, "an activity file has no platform")
    let document = result.network.document(
      table: result.reader.table, source: "t.csv", accounts: .unnamedAccount)
    #expect(document.networks.map(\.id) == ["candidate-1"])
    let network = document.networks[0]
    #expect(network.assets.map(\.id) == ["a", "b"])
    #expect(network.assets.allSatisfy { $0.kind == .unnamedAccount })
    #expect(network.relations.map(\.type) == [.coordinatedWith])
    #expect(network.relations[0].weight == 2)
    // Round trip through the codec, and the validator finds nothing wrong.
    let decoded = try NetworkDocument.decode(document.encoded(), file: "n.json")
    #expect(decoded == document)
    #expect(Validator.validate(decoded).filter { $0.severity == .error }.isEmpty)
  }
}

/// A deterministic activity file: random background activity, and planted
/// groups whose members all act on the same objects within seconds.
enum PlantedActivity {
  static let objectsPerGroup = 4

  static func generate(seed: UInt64) -> (csv: String, groups: [[String]]) {
    var random = SeededGenerator(seed: seed)  // the same numbers for the same seed everywhere
    var rows: [String] = []
    let start = 1_600_000_000
    let span = 30 * 86_400
    // Background: 500 accounts, 4,000 objects, 24,000 actions over 30 days.
    for post in 0..<24_000 {
      rows.append(
        "bg-object-\(random.below(4_000)),bg-\(random.below(500)),post-\(post),\(start + random.below(span))"
      )
    }
    var groups: [[String]] = []
    for group in 0..<5 {
      let members = (0..<(3 + group)).map { "planted-\(group)-\($0)" }
      groups.append(members)
      for object in 0..<objectsPerGroup {
        let base = start + random.below(span)
        // Some of the group's objects are background objects too.
        let name = object == 0 ? "bg-object-\(random.below(4_000))" : "group-\(group)-\(object)"
        for member in members {
          rows.append("\(name),\(member),planted-post,\(base + random.below(30))")
        }
      }
      // The members also act alone, like background accounts.
      for member in members {
        for _ in 0..<10 {
          rows.append(
            "bg-object-\(random.below(4_000)),\(member),own-post,\(start + random.below(span))")
        }
      }
    }
    // Shuffle, so that nothing depends on the file's order.
    random.shuffle(&rows)
    return (
      "object_id,account_id,content_id,timestamp\n" + rows.joined(separator: "\n") + "\n", groups
    )
  }
}

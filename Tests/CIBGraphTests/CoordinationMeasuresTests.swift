import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

/// Reads `rows` (object, account, post, seconds) and detects coordination
/// with measures; edges by `"a-b"` (ids in order), with their measures.
private func measure(
  _ rows: String, window: Int64 = 10_000, fastWindow: Int64? = nil,
  definition: CoordinationDefinition = .distinctObjects, minRepeat: Int = 1,
  percentile: Double? = nil, keepAll: Bool = false
) throws -> (
  network: CoordinationNetwork, table: ActivityTable,
  edges: [String: (edge: CoordinationEdge, measures: EdgeMeasures)]
) {
  let csv = "object_id,account_id,content_id,timestamp\n" + rows
  let reader = try ActivityReader(
    bytes: Array(csv.utf8), file: "test.csv", posts: definition != .distinctObjects)
  let network = try CoordinationNetwork(
    reader.table,
    parameters: CoordinationParameters(
      window: window, minRepeat: minRepeat, percentile: percentile, definition: definition,
      fastWindow: fastWindow, keepAll: keepAll, measures: true))
  let measures = try #require(network.measures)
  #expect(measures.edges.count == network.edges.count)
  var edges: [String: (edge: CoordinationEdge, measures: EdgeMeasures)] = [:]
  for (edge, measured) in zip(network.edges, measures.edges) {
    let a = reader.table.accountID(edge.a)
    let b = reader.table.accountID(edge.b)
    edges[[a, b].sorted().joined(separator: "-")] = (edge, measured)
  }
  return (network, reader.table, edges)
}

/// Per-edge, per-account and per-network measures and the fast network, on
/// cases small enough to work out by hand (in the comments).
@Suite struct CoordinationMeasuresTests {
  @Test func edgeMeasuresCountEveryCoincidingPairOfShares() throws {
    // Window 10 s. On o1, a shares at 0 and 4, b at 6: pairs (0,6) gap 6 and
    // (4,6) gap 2. On o2, a at 100, b at 103 and 150 (out of the window):
    // one pair, gap 3. So: 2 objects, 3 share pairs, a's coinciding shares
    // 3 (0, 4, 100), b's 2 (6, 103; 150 coincides with nothing); symmetry
    // 2/3; mean gap (6 + 2 + 3) / 3 s; minimum 2 s; 5 posts.
    let rows = """
      o1,a,p1,0
      o1,a,p2,4
      o1,b,p3,6
      o2,a,p4,100
      o2,b,p5,103
      o2,b,p6,150

      """
    let result = try measure(rows)
    let ab = try #require(result.edges["a-b"])
    #expect(ab.edge.weight == 2)
    #expect(ab.measures.objects == 2)
    #expect(ab.measures.sharePairs == 3)
    #expect(ab.measures.sharesA == 3 && ab.measures.sharesB == 2)
    #expect(abs(ab.measures.symmetry - 2.0 / 3) < 1e-12)
    #expect(abs(ab.measures.meanGap - 11_000.0 / 3) < 1e-9)
    #expect(ab.measures.minGap == 2_000)
    #expect(ab.measures.posts == 5)
    #expect(ab.measures.kept && ab.measures.fastWeight == nil)

    // Under CooRTweet's definition the weight is the 3 pairs; the rest is the same.
    let coortweet = try measure(rows, definition: .coortweet(minParticipation: 1))
    let compatible = try #require(coortweet.edges["a-b"])
    #expect(compatible.edge.weight == 3)
    #expect(compatible.measures.sharePairs == 3 && compatible.measures.objects == 2)
    #expect(compatible.measures.sharesA == 3 && compatible.measures.sharesB == 2)
    #expect(abs(compatible.measures.meanGap - 11_000.0 / 3) < 1e-9)
  }

  @Test func aHyperactiveAccountMakesAnEdgeAsymmetric() throws {
    // CooRTweet's own example of the symmetry score: a shares o1 five times
    // within 4 s, b once at 2 s: 5 pairs, a's 5 shares against b's 1, symmetry 0.2.
    let rows = (0..<5).map { "o1,a,p\($0),\($0)" }.joined(separator: "\n") + "\no1,b,q,2\n"
    let result = try measure(rows, definition: .coortweet(minParticipation: 1))
    let ab = try #require(result.edges["a-b"])
    #expect(ab.edge.weight == 5)
    #expect(ab.measures.sharesA == 5 && ab.measures.sharesB == 1)
    #expect(abs(ab.measures.symmetry - 0.2) < 1e-12)
    // Gaps 2, 1, 0, 1, 2.
    #expect(ab.measures.minGap == 0 && abs(ab.measures.meanGap - 1_200) < 1e-9)
  }

  @Test func theFastWindowKeepsFewerCoincidencesThanTheFullOne() throws {
    // Window 60 s, fast window 5 s, --min-repeat 2.
    // a-b meet on o1 (2 s apart), o2 (30 s) and o3 (4 s): weight 3, fast
    // weight 2 (o1, o3): fast. a-c meet on o1 (40 s) and o2 (50 s): weight
    // 2, fast weight 0: kept, not fast. b-c on o1 (38 s), o2 (20 s): likewise.
    let rows = """
      o1,a,p1,0
      o1,b,p2,2
      o1,c,p3,40
      o2,a,p4,1000
      o2,b,p5,1030
      o2,c,p6,1050
      o3,a,p7,2000
      o3,b,p8,2004

      """
    let result = try measure(rows, window: 60_000, fastWindow: 5_000, minRepeat: 2)
    let ab = try #require(result.edges["a-b"])
    #expect(ab.edge.weight == 3 && ab.measures.fastWeight == 2 && ab.measures.fast)
    let ac = try #require(result.edges["a-c"])
    #expect(ac.edge.weight == 2 && ac.measures.fastWeight == 0 && !ac.measures.fast)
    let bc = try #require(result.edges["b-c"])
    #expect(bc.measures.fastWeight == 0 && !bc.measures.fast)
    // The candidate network is the same three accounts; one fast edge among its three.
    #expect(result.network.components.map(\.accounts.count) == [3])
    #expect(result.network.measures?.networks.first?.fastEdges == 1)
  }

  @Test func theFastWindowUnderCooRTweetsDefinitionCountsPairsAndParticipationAgain() throws {
    // Window 60 s, fast window 5 s, min_participation 2.
    // a: o1 at 0 and 3, o2 at 100; b: o1 at 4, o2 at 130, o4 at 900 (alone);
    // c: o3 at 500 and 501 (no partner).
    // Full window: pairs a-b on o1 (0,4), (3,4); on o2 (100,130): weight 3.
    // Participation at 60 s: a's posts p1, p2, p3 all coincide (3 ≥ 2); b's 2.
    // Fast window 5 s: pairs (0,4) and (3,4) on o1; o2's 30 s gap is out.
    // Participation at 5 s, as flag_speed_share recomputes it: a's p1, p2 (2),
    // b's p4 (1): a participates, so the fast weight is 2.
    let rows = """
      o1,a,p1,0
      o1,a,p2,3
      o1,b,p4,4
      o2,a,p3,100
      o2,b,p5,130
      o4,b,p8,900
      o3,c,p6,500
      o3,c,p7,501

      """
    let result = try measure(
      rows, window: 60_000, fastWindow: 5_000, definition: .coortweet(minParticipation: 2))
    let ab = try #require(result.edges["a-b"])
    #expect(ab.edge.weight == 3 && ab.measures.fastWeight == 2 && ab.measures.fast)

    // With min_participation 3 (a and b have 3 rows each), a has 3 coinciding
    // posts at 60 s but only 2 at 5 s, b 2 and 1:
    // the edge stays (a participates in the full window), its fast weight is 0.
    let stricter = try measure(
      rows, window: 60_000, fastWindow: 5_000, definition: .coortweet(minParticipation: 3))
    let edge = try #require(stricter.edges["a-b"])
    #expect(edge.edge.weight == 3 && edge.measures.fastWeight == 0 && !edge.measures.fast)
  }

  @Test func keepAllMarksTheEdgesAThresholdWouldDrop() throws {
    // Window 10 s, --min-repeat 2. a-b meet on o1 and o2 (weight 2: kept);
    // c-d on o3 only (weight 1: not repeated). Without --keep-all c-d is
    // dropped; with it, it is listed, marked, and in no candidate network.
    let rows = """
      o1,a,p1,0
      o1,b,p2,1
      o2,a,p3,100
      o2,b,p4,101
      o3,c,p5,200
      o3,d,p6,201

      """
    let dropped = try measure(rows, minRepeat: 2)
    #expect(Set(dropped.edges.keys) == ["a-b"])
    let all = try measure(rows, minRepeat: 2, keepAll: true)
    #expect(Set(all.edges.keys) == ["a-b", "c-d"])
    let cd = try #require(all.edges["c-d"])
    #expect(!cd.measures.repeated && !cd.measures.kept)
    #expect(all.network.components.count == 1)
    #expect(all.network.pairsFound == 2 && all.network.pairsRepeated == 1)

    // A percentile cut marks rather than drops too: 90th percentile of the
    // repeated weights [2, 3] is 2.9; a-b (3) passes, e-f (2) does not.
    let more =
      rows + "o4,a,p7,300\no4,b,p8,301\no5,e,p9,400\no5,f,p10,401\no6,e,p11,500\no6,f,p12,501\n"
    let cut = try measure(more, minRepeat: 2, percentile: 90, keepAll: true)
    #expect(cut.edges["a-b"]?.measures.kept == true)
    #expect(cut.edges["e-f"]?.measures.abovePercentile == false)
    #expect(cut.edges["e-f"]?.measures.repeated == true)
    #expect(cut.network.components.map(\.accounts.count) == [2])
    let kept = try measure(more, minRepeat: 2, percentile: 90)
    #expect(Set(kept.edges.keys) == ["a-b"])
  }

  @Test func accountMeasures() throws {
    // Window 10 s, --min-repeat 1. a: o1 at 0, o1 at 50, o2 at 100, o9 at
    // 900 (4 actions, 3 objects); b: o1 at 5, o2 at 104; c: o2 at 108.
    // Edges: a-b (o1, o2: weight 2), a-c (o2: 1), b-c (o2: 1).
    // a's coordinated actions: 0 (with b's 5) and 100 (with b's 104, c's 108): 2;
    // 50 and 900 coincide with nothing. Degree 2, strength 3.
    let rows = """
      o1,a,p1,0
      o1,a,p2,50
      o2,a,p3,100
      o9,a,p4,900
      o1,b,p5,5
      o2,b,p6,104
      o2,c,p7,108

      """
    let result = try measure(rows)
    let measures = try #require(result.network.measures)
    let byID = Dictionary(
      uniqueKeysWithValues: measures.accounts.map { (result.table.accountID($0.account), $0) })
    let a = try #require(byID["a"])
    #expect(a.actions == 4 && a.objects == 3 && a.coordinatedActions == 2)
    #expect(a.degree == 2 && a.strength == 3)
    #expect(a.firstAction == 0 && a.lastAction == 900_000)
    let b = try #require(byID["b"])
    #expect(b.actions == 2 && b.objects == 2 && b.coordinatedActions == 2)
    #expect(b.degree == 2 && b.strength == 3)
    let c = try #require(byID["c"])
    #expect(c.coordinatedActions == 1 && c.degree == 2 && c.strength == 2)
    #expect(measures.accounts.allSatisfy { $0.network == 0 })
  }

  @Test func networkMeasuresWithTopObjectsAndDomains() throws {
    // Window 10 s. Network 1: a, b, c all on https://www.News.example/x at
    // once; a and b also on http://news.example:8080/y and #tag. Edges a-b,
    // a-c, b-c: density 1. Top objects: /x (3 accounts), then /y and #tag
    // (2 each, first seen first). Domains: news.example (3 accounts).
    // Network 2: d, e on https://other.example/z: density 1, 1 object.
    let rows = """
      https://www.News.example/x,a,p1,0
      https://www.News.example/x,b,p2,1
      https://www.News.example/x,c,p3,2
      http://news.example:8080/y,a,p4,100
      http://news.example:8080/y,b,p5,101
      #tag,a,p6,200
      #tag,b,p7,201
      https://other.example/z,d,p8,300
      https://other.example/z,e,p9,301

      """
    let result = try measure(rows)
    let networks = try #require(result.network.measures?.networks)
    #expect(networks.count == 2)
    #expect(networks[0].density == 1 && networks[0].objects == 3)
    #expect(
      networks[0].topObjects == [
        RankedObject(id: "https://www.News.example/x", accounts: 3),
        RankedObject(id: "http://news.example:8080/y", accounts: 2),
        RankedObject(id: "#tag", accounts: 2),
      ])
    #expect(networks[0].topDomains == [RankedObject(id: "news.example", accounts: 3)])
    #expect(networks[1].objects == 1)
    #expect(networks[1].topDomains == [RankedObject(id: "other.example", accounts: 2)])
    // Density of a path of three: 2 edges of 3 pairs.
    let path = try measure("o1,a,p1,0\no1,b,p2,1\no2,b,p3,100\no2,c,p4,101\n")
    #expect(abs((path.network.measures?.networks[0].density ?? 0) - 2.0 / 3) < 1e-12)
  }

  @Test func measuringLeavesTheEdgesAndComponentsAsTheyWere() throws {
    // The same detection with and without measures: the same edges, weights and components.
    var generator = SeededGenerator(seed: 16)
    var rows = ""
    for index in 0..<2_000 {
      let object = generator.below(60)
      let account = generator.below(40)
      let time = generator.below(3_000)
      rows += "o\(object),u\(account),p\(index),\(time)\n"
    }
    for definition in [
      CoordinationDefinition.distinctObjects, .coortweet(minParticipation: 3),
    ] {
      let csv = "object_id,account_id,content_id,timestamp\n" + rows
      let reader = try ActivityReader(bytes: Array(csv.utf8), file: "t.csv", posts: true)
      let plain = try CoordinationNetwork(
        reader.table,
        parameters: CoordinationParameters(
          window: 30_000, minRepeat: 2, percentile: 50, definition: definition))
      let measured = try CoordinationNetwork(
        reader.table,
        parameters: CoordinationParameters(
          window: 30_000, minRepeat: 2, percentile: 50, definition: definition,
          fastWindow: 10_000, measures: true))
      #expect(plain.edges == measured.edges)
      #expect(plain.components == measured.components)
      let measures = try #require(measured.measures)
      for (edge, measure) in zip(measured.edges, measures.edges) {
        #expect(measure.kept && (measure.fastWeight ?? 0) <= edge.weight)
        #expect(measure.objects == edge.evidence.count)
        #expect(definition == .distinctObjects || measure.sharePairs == edge.weight)
      }
    }
  }

  @Test func edgeMeasuresEqualThePairsOfSharesListedOneByOne() throws {
    // Every pair of rows of two accounts on one object, listed literally.
    var generator = SeededGenerator(seed: 61)
    var actions: [(account: String, object: String, time: Int64)] = []
    for _ in 0..<1_500 {
      actions.append(
        ("u\(generator.below(25))", "o\(generator.below(40))", Int64(generator.below(2_000)) * 1000)
      )
    }
    let table = ActivityTable(actions: actions)
    let (window, fastWindow): (Int64, Int64) = (40_000, 8_000)
    let network = try CoordinationNetwork(
      table,
      parameters: CoordinationParameters(
        window: window, minRepeat: 1, fastWindow: fastWindow, measures: true))
    let measures = try #require(network.measures)
    #expect(!network.edges.isEmpty)
    for (edge, measured) in zip(network.edges, measures.edges) {
      let rowsA = (0..<table.count).filter { table.account[$0] == edge.a }
      let rowsB = (0..<table.count).filter { table.account[$0] == edge.b }
      var pairs = 0
      var gaps: Int64 = 0
      var minGap = Int64.max
      var sharesA = Set<Int>()
      var sharesB = Set<Int>()
      var fastObjects = Set<UInt32>()
      for a in rowsA {
        for b in rowsB where table.object[a] == table.object[b] {
          let gap = abs(table.time[a] - table.time[b])
          guard gap <= window else { continue }
          pairs += 1
          gaps += gap
          minGap = min(minGap, gap)
          sharesA.insert(a)
          sharesB.insert(b)
          if gap <= fastWindow { fastObjects.insert(table.object[a]) }
        }
      }
      #expect(measured.sharePairs == pairs)
      #expect(measured.sharesA == sharesA.count && measured.sharesB == sharesB.count)
      #expect(measured.minGap == minGap)
      #expect(abs(measured.meanGap - Double(gaps) / Double(pairs)) < 1e-6)
      #expect(measured.fastWeight == fastObjects.count)
    }
  }
}

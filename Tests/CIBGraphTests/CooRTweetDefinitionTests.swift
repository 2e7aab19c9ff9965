import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

/// Reads `rows` (object, account, post, seconds) and detects coordination
/// under `definition`; edges as `"a-b": weight`.
private func detect(
  _ rows: String, window: Int64 = 10_000, definition: CoordinationDefinition,
  minRepeat: Int = 1, percentile: Double? = nil
) throws -> (network: CoordinationNetwork, edges: [String: Int]) {
  let csv = "object_id,account_id,content_id,timestamp\n" + rows
  let reader = try ActivityReader(
    bytes: Array(csv.utf8), file: "test.csv", posts: definition != .distinctObjects)
  let network = try CoordinationNetwork(
    reader.table,
    parameters: CoordinationParameters(
      window: window, minRepeat: minRepeat, percentile: percentile, definition: definition))
  var edges: [String: Int] = [:]
  for edge in network.edges {
    let a = reader.table.accountID(edge.a)
    let b = reader.table.accountID(edge.b)
    edges[[a, b].sorted().joined(separator: "-")] = edge.weight
  }
  return (network, edges)
}

/// CooRTweet 2.1.3's definitions, each on a case small enough to work out by
/// hand (in the comments), beside cibgraph's own on the same rows.
@Suite struct CooRTweetDefinitionTests {
  static let distinct = CoordinationDefinition.distinctObjects
  static func coortweet(_ n: Int) -> CoordinationDefinition { .coortweet(minParticipation: n) }

  @Test func participationIsPerAccountWithTheEitherAccountRule() throws {
    // Window 10 s, min_participation 2.
    // Rows per account: a 2, b 2, c 2, d 2, e 2, f 1 → f is dropped first, so its
    // share of o1 (3 s after a's) links it to nobody.
    // Coinciding posts: p1 (a, with b's p2), p2, p3 (a, with c's p4), p4, p7 (d,
    // with e's p8), p8. Per account: a 2 (p1, p3) → participates; b 1, c 1, d 1, e 1.
    // a-b and a-c are kept (a participates); d-e is not (neither does).
    let rows = """
      o1,a,p1,0
      o1,b,p2,5
      o1,f,p11,3
      o2,a,p3,100
      o2,c,p4,105
      o3,b,p5,1000
      o4,c,p6,2000
      o5,d,p7,3000
      o5,e,p8,3002
      o6,d,p9,4000
      o7,e,p10,5000

      """
    let compatible = try detect(rows, definition: Self.coortweet(2))
    #expect(compatible.edges == ["a-b": 1, "a-c": 1])
    #expect(
      compatible.network.coortweet
        == CooRTweetCounts(
          minParticipation: 2, originalPosts: 0, accountsBelowMinimum: 1, accountsParticipating: 1))
    // What a library user prints: the pairs each threshold let through and
    // what the definition left out.
    #expect(
      compatible.network.description
        == "3 pair(s) coincided, 2 participating, 2 kept (total weight 2): 1 candidate "
        + "network(s) of 3 accounts; CooRTweet's definition: min participation 2 (1 account "
        + "below it dropped, 0 original posts left out, 1 account participating)")
    // cibgraph's per-pair count, at 1 distinct object, keeps every coinciding pair.
    #expect(
      try detect(rows, definition: Self.distinct).edges
        == ["a-b": 1, "a-c": 1, "a-f": 1, "b-f": 1, "d-e": 1])
    // At 2 distinct objects per pair, none (each pair met once): the two are not the same rule.
    #expect(try detect(rows, definition: Self.distinct, minRepeat: 2).edges.isEmpty)
    // min_participation 1 keeps every pair of accounts that coincided, f included.
    #expect(
      try detect(rows, definition: Self.coortweet(1)).edges
        == ["a-b": 1, "a-c": 1, "a-f": 1, "b-f": 1, "d-e": 1])
  }

  @Test func theWeightCountsPairsOfShares() throws {
    // Window 10 s. On u: a at 0 and 4, b at 6 → pairs (0, 6) and (4, 6); a's
    // share at 20 is 14 s from b's → out. On v: a and b at 100 → 1 pair.
    // CooRTweet: 2 + 1 = 3; cibgraph: 2 distinct objects.
    let rows = "u,a,p1,0\nu,a,p2,4\nu,b,p3,6\nu,a,p4,20\nv,a,p5,100\nv,b,p6,100\n"
    #expect(try detect(rows, definition: Self.coortweet(1)).edges == ["a-b": 3])
    #expect(try detect(rows, definition: Self.distinct).edges == ["a-b": 2])
    // Three shares of each within one window: 3 × 3 = 9 pairs on one object.
    let burst = (0..<3).map { "w,a,x\($0),\($0)\nw,b,y\($0),\($0)\n" }.joined()
    #expect(try detect(burst, definition: Self.coortweet(1)).edges == ["a-b": 9])
  }

  @Test func thePercentileCutKeepsWeightsStrictlyAbove() throws {
    // a-b meet on 1 object, c-d on 2, e-f on 3: weights 1, 2, 3, whose median
    // (R's quantile, type 7) is 2. CooRTweet keeps weights above 2: e-f only;
    // cibgraph keeps those at or above: c-d and e-f.
    let rows = """
      o1,a,p1,0
      o1,b,p2,1
      o2,c,p3,0
      o2,d,p4,1
      o3,c,p5,0
      o3,d,p6,1
      o4,e,p7,0
      o4,f,p8,1
      o5,e,p9,0
      o5,f,p10,1
      o6,e,p11,0
      o6,f,p12,1

      """
    let compatible = try detect(rows, definition: Self.coortweet(1), percentile: 50)
    #expect(compatible.network.percentileWeight == 2)
    #expect(compatible.network.description.contains("; weight above the 50.0th percentile (2.0);"))
    #expect(
      try detect(rows, definition: Self.distinct, percentile: 50).network.description.contains(
        "; weight at or above the 50.0th percentile"))
    #expect(compatible.edges == ["e-f": 3])
    #expect(
      try detect(rows, definition: Self.distinct, percentile: 50).edges == ["c-d": 2, "e-f": 3])
  }

  @Test func originalPostsAreLeftOutAndCounted() throws {
    // t1 is a's own tweet (object_id == content_id); b and c retweet it 5 and 8 s
    // later. CooRTweet leaves the original out: b-c only. cibgraph links a too.
    let rows = "t1,a,t1,0\nt1,b,r1,5\nt1,c,r2,8\n"
    let compatible = try detect(rows, definition: Self.coortweet(1))
    #expect(compatible.edges == ["b-c": 1])
    #expect(compatible.network.coortweet?.originalPosts == 1)
    #expect(try detect(rows, definition: Self.distinct).edges == ["a-b": 1, "a-c": 1, "b-c": 1])
    // The original still counts towards min_participation's first filter: a has
    // 2 rows (its original and u), b and c 1 each, so b and c are dropped and a's
    // share of u is alone.
    let withU = rows + "u,a,p9,500\n"
    let filtered = try detect(withU, definition: Self.coortweet(2))
    #expect(filtered.edges.isEmpty)
    #expect(filtered.network.coortweet?.accountsBelowMinimum == 2)
  }

  @Test func subSecondGapsAreKept() throws {
    // Window 0.5 s: on o1 a and b are 0.4 s apart (in); on o2, 0.6 s (out).
    let rows = "o1,a,p1,10.0\no1,b,p2,10.4\no2,a,p3,20.0\no2,b,p4,20.6\n"
    #expect(try detect(rows, window: 500, definition: Self.coortweet(1)).edges == ["a-b": 1])
    #expect(try detect(rows, window: 600, definition: Self.coortweet(1)).edges == ["a-b": 2])
    #expect(try detect(rows, window: 599, definition: Self.coortweet(1)).edges == ["a-b": 1])
  }

  @Test func anAccountIsNeverPairedWithItself() throws {
    // a shares o1 twice, 1 s apart, and b 1 s later: pairs a-b (0, 2) and (1, 2),
    // never a-a. c shares o2 twice alone: no edge, and c does not participate.
    let rows = "o1,a,p1,0\no1,a,p2,1\no1,b,p3,2\no2,c,p4,0\no2,c,p5,1\n"
    let compatible = try detect(rows, definition: Self.coortweet(1))
    #expect(compatible.edges == ["a-b": 2])
    #expect(compatible.network.coortweet?.accountsParticipating == 2)
    #expect(compatible.network.pairsFound == 1)
  }

  @Test func aPostUnderTwoAccountsIsFound() throws {
    let csv = "object_id,account_id,content_id,timestamp\no,a,p,0\no,a,p,0\nq,b,p,5\n"
    let reader = try ActivityReader(bytes: Array(csv.utf8), file: "t.csv", posts: true)
    let shared = try #require(CoordinationNetwork.postSharedByTwoAccounts(reader.table))
    #expect(shared.post == "p")
    #expect(shared.rows == (0, 2))
  }

  @Test func sharePairsAreCountedNotFormed() throws {
    // Two accounts alternating 200,000 shares of one object within 20 s: 10^10
    // pairs of shares, which CooRTweet would form one by one; counted here from
    // the two accounts' runs, in well under the time forming them would take.
    var table = [(account: String, object: String, content: String, time: Int64)]()
    for row in 0..<200_000 {
      table.append((row % 2 == 0 ? "a" : "b", "u", "p\(row)", Int64(row / 10)))
    }
    let network = try CoordinationNetwork(
      ActivityTable(posts: table),
      parameters: CoordinationParameters(
        window: 60_000, minRepeat: 1, definition: .coortweet(minParticipation: 2)))
    #expect(network.edges.map(\.weight) == [100_000 * 100_000])
  }

  @Test func aBusyAccountCostsItsPartnersLittle() throws {
    // a shares u every second from 0 to 99,999 s; 2,000 accounts share it once
    // each, account k at 20 + 40k s. Window 10 s: each of them has a's shares
    // from 10 s before to 10 s after, 21 of them → 2,000 edges of weight 21.
    // Counting them costs about 2,000 · 17 steps, well inside a budget of 200,000
    // meetings (walking a's 100,000 shares for each would take 2·10^8).
    var posts = (0..<100_000).map {
      (account: "a", object: "u", content: "a\($0)", time: Int64($0) * 1000)
    }
    for k in 0..<2_000 {
      posts.append(("k\(k)", "u", "k\(k)", Int64(20 + 40 * k) * 1000))
    }
    let network = try CoordinationNetwork(
      ActivityTable(posts: posts),
      parameters: CoordinationParameters(
        window: 10_000, minRepeat: 1,
        budget: CoordinationBudget(meetings: 200_000),
        definition: .coortweet(minParticipation: 1)))
    #expect(network.edges.count == 2_000)
    #expect(network.edges.allSatisfy { $0.weight == 21 })
    // The steps count against the budget: at 10,000 the sweep passes (each of the
    // 2,000 meets a once) and the counting is refused.
    let refusal = #expect(throws: BudgetExceeded.self) {
      try CoordinationNetwork(
        ActivityTable(posts: posts),
        parameters: CoordinationParameters(
          window: 10_000, minRepeat: 1, budget: CoordinationBudget(meetings: 10_000),
          definition: .coortweet(minParticipation: 1)))
    }
    #expect(refusal?.coordination?.kind == .sharePairSteps)
    #expect(refusal?.coordination?.limit == \.meetings)
  }
}

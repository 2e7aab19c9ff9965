import CIBGraphTestSupport
import Foundation
import Testing

/// A Twitter archive release of the catalogue (Graphs/x-2018-10-…json): its
/// tweets and its accounts' summed follower counts reach every output of
/// `reach` as sums, apart from the ≥1 audiences, and bound no audience.
@Suite struct SummedFollowersEndToEndTests {
  static let path =
    "Graphs/x-2018-10-enabling-further-research-of-information-operations-on-twitter.json"

  @Test func reachPrintsPostsAndSummedFollowersAsSums() throws {
    let text = try cibgraph("reach", Self.path)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(
      text.stdout.contains(
        """
          Unique audience across kinds: not reported
          Posts published: 8,768,633
          Followers of the X accounts summed by the source: 6,278,790 (a sum, not an audience: anyone following two of them is counted twice)

        """), "\(text.stdout)")

    let json = try jsonObject(try cibgraph("reach", Self.path, "--format", "json").stdout)
    let networks = try #require(json["networks"] as? [[String: Any]])
    let ira = try #require(networks.first)
    let overall = try #require(ira["overall"] as? [String: Any])
    #expect((overall["posts"] as? [String: Any])?["value"] as? Int == 8_768_633)
    #expect(overall["uniqueAudience"] is NSNull, "a sum bounds no audience")
    let x = try #require((ira["kinds"] as? [String: [String: Any]])?["x-account"])
    #expect((x["summedFollowers"] as? [String: Any])?["value"] as? Int == 6_278_790)
    #expect(x["audience"] is NSNull)

    let csv = try cibgraph("reach", Self.path, "--format", "csv").stdout
    let lines = csv.split(whereSeparator: \.isNewline)
    #expect(
      lines.first?.hasSuffix(
        ",posts,posts_qualifier,followers_summed_by_source,followers_summed_qualifier") == true)
    #expect(
      lines.contains {
        $0.contains(",x-account,3841,hedgeUnknown,,,") && $0.hasSuffix(",,,6278790,exactly")
      })
    #expect(lines.contains { $0.contains(",all,") && $0.hasSuffix(",8768633,exactly,,") })
  }

  /// A document without posts or sums keeps the columns it always had.
  @Test func aReportWithoutSumsKeepsItsColumns() throws {
    let csv = try cibgraph("reach", "Graphs/meta-2019-04-india-pakistan.json", "--format", "csv")
    #expect(!csv.stdout.contains("posts"))
    #expect(
      csv.stdout.hasPrefix(
        "input,network_id,network,kind,reported,reported_qualifier,audience,audience_qualifier,itemized,summed,unique_lower,unique_lower_qualifier,unique_upper,unique_upper_qualifier,distinct,audience_rows\r\n"
      ))
  }
}

import CIBGraphTestSupport
import Foundation
import Testing

@Suite struct SummaryEndToEndTests {
  /// The hand-made documents of Graphs/ (beside the catalogue the script writes).
  static let handMade = [
    "Graphs/meta-2019-04-india-pakistan.json", "Graphs/meta-2020-08-cib-report.json",
    "Graphs/seed-000-ispr-article.json",
  ]

  /// Meta's April 2019 and August 2020 reports and an article about the
  /// first: its two networks are counted once, from Meta's figures.
  @Test func summaryOfGraphsSumsRemovalsAndBoundsAudiencesByYear() throws {
    let result = try cibgraph(["summary"] + Self.handMade + ["--by", "year", "--format", "json"])
    #expect(result.status == 0)
    let json = try #require(
      JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(json["repeatedDescriptions"] as? Int == 2)
    let total = try #require(json["total"] as? [String: Any])
    #expect(total["networks"] as? Int == 6)
    let removed = try #require(total["removed"] as? [String: [String: Any]])
    // 57 + 549 + 12 (April 2019) + 453 + 13 + 55 (August 2020).
    #expect(removed["account"]?["lower"] as? Int == 1_139)
    #expect(removed["account"]?["upper"] as? Int == 1_139)
    let audience = try #require(total["audience"] as? [String: Any])
    let lower = try #require(audience["lower"] as? [String: Any])
    let upper = try #require(audience["upper"] as? [String: Any])
    #expect(lower["value"] as? Int == 2_800_000)
    #expect(upper["value"] as? Int == 7_403_750)
    let groups = try #require(json["groups"] as? [[String: Any]])
    #expect(groups.map { $0["key"] as? String } == ["2019", "2020"])
  }

  @Test func textSaysRemovalsAreSummedAndAudiencesNever() throws {
    let result = try cibgraph(["summary"] + Self.handMade)
    #expect(result.status == 0)
    #expect(result.stdout.contains("removals do not overlap"))
    #expect(result.stdout.contains("between about 2,800,000 and about 7,403,750"))
    #expect(
      result.stdout.split(separator: "\n").contains {
        $0.hasPrefix("  USD") && $0.contains("about 3,710,580")
      }, "ad spend per currency: \(result.stdout)")
  }

  @Test func aFileThatIsNotADocumentStopsTheSummary() throws {
    let folder = try temporaryFolder()
    try Data("{\"not\": 1}".utf8).write(to: folder.appendingPathComponent("bad.json"))
    let result = try cibgraph("summary", folder.path)
    #expect(result.status == 65)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("bad.json"))
  }
}

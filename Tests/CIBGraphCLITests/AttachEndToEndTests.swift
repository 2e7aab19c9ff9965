import CIBGraphTestSupport
import Foundation
import Testing

/// Itemized data attached to a reported network (`--network ID`, or a
/// `Network` column): read together with the report, not as a network of its own.
@Suite struct AttachEndToEndTests {
  static let report = "Graphs/meta-2020-08-cib-report.json"

  /// Two of the 13 accounts and three Pages of the IRA network, which the report counts as 2.
  static func spreadsheets() throws -> (nodes: String, edges: String) {
    let nodes = try temporaryFile(
      "attach-nodes.csv",
      "Id,Label,Kind,Followers,Members\na1,Operator,account,,\na2,Other,account,,\np1,News,page,100,\np2,More news,page,50,\np3,Third,page,10,\n"
    )
    let edges = try temporaryFile(
      "attach-edges.csv", "Source,Target,Type\na1,p1,administers\na2,p2,administers\n")
    return (nodes, edges)
  }

  @Test func reachShowsReportedAndItemizedSideBySide() throws {
    let (nodes, edges) = try Self.spreadsheets()
    let result = try cibgraph(
      "reach", Self.report, "--nodes", nodes, "--edges", edges, "--network", "ru-ira-2020-08",
      "--format", "json")
    #expect(result.status == 0)
    let networks = try #require(try jsonObject(result.stdout)["networks"] as? [[String: Any]])
    #expect(
      networks.map { $0["id"] as? String } == ["pk-2020-08", "ru-ira-2020-08", "us-cls-2020-08"])
    let kinds = try #require(networks[1]["kinds"] as? [String: [String: Any]])
    #expect((kinds["page"]?["reported"] as? [String: Any])?["value"] as? Int == 2)
    #expect(kinds["page"]?["itemized"] as? Int == 3)
    #expect(kinds["account"]?["itemized"] as? Int == 2)
    #expect(kinds["page"]?["followersSummed"] as? Int == 160)

    let text = try cibgraph(
      "reach", Self.report, "--nodes", nodes, "--edges", edges, "--network", "ru-ira-2020-08")
    #expect(text.status == 0)
    #expect(text.stdout.contains("Removed  Followed or joined ≥1  Itemized"))
    #expect(!text.stdout.contains("attach-nodes"), "no network named after the spreadsheet")
  }

  @Test func validateComparesTheItemizedAssetsWithTheReportedCounts() throws {
    let (nodes, edges) = try Self.spreadsheets()
    let result = try cibgraph(
      "validate", Self.report, "--nodes", nodes, "--edges", edges, "--network", "ru-ira-2020-08")
    #expect(result.status == 1)
    #expect(
      result.stdout.contains(
        "networks[1].reported.counts.page: 3 Pages are itemized but the report counts 2 [itemized-exceeds-reported]"
      ))
    #expect(result.stdout.contains("2 of 13 Facebook accounts are itemized"))
  }

  @Test func findingsOnAttachedRowsAreLocatedInTheSpreadsheet() throws {
    let (nodes, _) = try Self.spreadsheets()
    let edges = try temporaryFile(
      "attach-dangling.csv", "Source,Target,Type\na1,p1,administers\nghost,p2,administers\n")
    let result = try cibgraph(
      "validate", Self.report, "--nodes", nodes, "--edges", edges, "--network", "ru-ira-2020-08")
    #expect(result.status == 1)
    #expect(result.stdout.contains("attach-dangling.csv:3:1: error: source \"ghost\""))
  }

  @Test func anAbsentNetworkIsAUsageErrorNamingTheNetworks() throws {
    let (nodes, edges) = try Self.spreadsheets()
    let result = try cibgraph(
      "reach", Self.report, "--nodes", nodes, "--edges", edges, "--network", "ru-ira-2019")
    #expect(result.status == 64)
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderr.contains(
        "--network \"ru-ira-2019\" is not a network of Graphs/meta-2020-08-cib-report.json; their networks are \"pk-2020-08\", \"ru-ira-2020-08\", \"us-cls-2020-08\""
      ))
    let alone = try cibgraph("reach", "--nodes", nodes, "--network", "ru-ira-2020-08")
    #expect(alone.status == 64)
    #expect(alone.stderr.contains("--network attaches --nodes"))
  }

  @Test func aNetworkColumnAttachesEachRowToItsNetwork() throws {
    let nodes = try temporaryFile(
      "network-column.csv",
      "Id,Kind,Followers,Network\na1,account,,ru-ira-2020-08\np1,page,100,ru-ira-2020-08\nc1,instagram,40,us-cls-2020-08\n"
    )
    let result = try cibgraph("reach", Self.report, "--nodes", nodes, "--format", "json")
    #expect(result.status == 0)
    let networks = try #require(try jsonObject(result.stdout)["networks"] as? [[String: Any]])
    #expect(networks.count == 3)
    let itemized = networks.map { ($0["overall"] as? [String: Any])?["itemized"] as? Int }
    #expect(itemized == [0, 2, 1])
  }

  @Test func convertKeepsTheNetworkOfEachAssetBothWays() throws {
    let nodes = try temporaryFile(
      "both-ways.csv",
      "Id,Label,Kind,Followers,Members,Network\na1,A,account,,,ru-ira-2020-08\np1,P,page,100,,ru-ira-2020-08\nc1,C,account,,,us-cls-2020-08\nc2,\"=C2\",instagram,40,,us-cls-2020-08\n"
    )
    let edges = try temporaryFile(
      "both-ways-edges.csv", "Source,Target,Type\na1,p1,administers\nc1,c2,administers\n")
    let document = try temporaryPath("both-ways.json")
    let toDocument = try cibgraph(
      "convert", Self.report, "--nodes", nodes, "--edges", edges, "--to", "json", "-o", document)
    #expect(toDocument.status == 0, "\(toDocument.stderr)")
    let prefix = try temporaryPath("both-ways-out")
    #expect(try cibgraph("convert", document, "--to", "csv", "-o", prefix).status == 0)
    let back = try cibgraph(
      "convert", "--nodes", prefix + ".nodes.csv", "--edges", prefix + ".edges.csv", "--to",
      "json")
    #expect(back.status == 0)
    func itemized(_ json: Data) throws -> [String: [String]] {
      let root = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
      var byNetwork: [String: [String]] = [:]
      for network in try #require(root["networks"] as? [[String: Any]]) {
        let assets = (network["assets"] as? [[String: Any]] ?? []).compactMap {
          $0["id"] as? String
        }
        let relations = (network["relations"] as? [[String: Any]] ?? []).compactMap {
          ($0["source"] as? String).map { "\($0)→" } ?? nil
        }
        if !assets.isEmpty { byNetwork[network["id"] as! String] = assets + relations }
      }
      return byNetwork
    }
    let expected = ["ru-ira-2020-08": ["a1", "p1", "a1→"], "us-cls-2020-08": ["c1", "c2", "c1→"]]
    #expect(try itemized(Data(contentsOf: URL(fileURLWithPath: document))) == expected)
    // The organisations, in no network, come back in one named after the file.
    #expect(try itemized(back.stdoutBytes).filter { expected[$0.key] != nil } == expected)
  }
}

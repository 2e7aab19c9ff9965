import CIBGraphTestSupport
import Foundation
import Testing

/// Two ids that differ only by Unicode normalisation ("café" composed and
/// decomposed) are two assets for every command, and `validate` says so.
@Suite struct IdentityEndToEndTests {
  static let composed = "caf\u{E9}"
  static let decomposed = "cafe\u{301}"

  func spreadsheets() throws -> (nodes: String, edges: String) {
    let nodes = try temporaryFile(
      "nodes.csv",
      "Id,Label,Kind,Followers,Members\n\(Self.composed),A,page,10,\n\(Self.decomposed),B,page,20,\n"
    )
    let edges = try temporaryFile(
      "edges.csv", "Source,Target,Type\n\(Self.composed),\(Self.decomposed),linkedTo\n")
    return (nodes, edges)
  }

  @Test func validateWarnsAndFindsNoDuplicate() throws {
    let (nodes, edges) = try spreadsheets()
    let result = try cibgraph("validate", "--nodes", nodes, "--edges", edges)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("\(nodes):3:1: warning: id \"\(Self.decomposed)\" differs from"))
    #expect(result.stdout.contains("[ids-differ-by-normalization]"))
    #expect(!result.stdout.contains("duplicate-id"))
    #expect(result.stdout.contains("0 error(s), 1 warning(s)"))
  }

  @Test func everyCommandCountsTwoAssets() throws {
    let (nodes, edges) = try spreadsheets()
    let components = try cibgraph(
      "components", "--nodes", nodes, "--edges", edges, "--format", "json")
    #expect(components.status == 0, "\(components.stderr)")
    let root = try jsonObject(components.stdout)
    #expect(root["nodes"] as? Int == 2 && root["count"] as? Int == 1)

    let reach = try cibgraph("reach", "--nodes", nodes, "--format", "json")
    #expect(reach.status == 0, "\(reach.stderr)")
    let network = try #require(
      (try jsonObject(reach.stdout)["networks"] as? [[String: Any]])?.first)
    #expect((network["overall"] as? [String: Any])?["itemized"] as? Int == 2)
    #expect((network["overall"] as? [String: Any])?["summed"] as? Int == 30)

    let dot = try cibgraph("dot", "--nodes", nodes, "--edges", edges)
    #expect(dot.status == 0, "\(dot.stderr)")
    #expect(dot.stdout.contains("\"a0\" [") && dot.stdout.contains("\"a1\" ["))
    #expect(dot.stdout.contains("\"a0\" -> \"a1\""))

    let convert = try cibgraph("convert", "--nodes", nodes, "--edges", edges, "--to", "graphml")
    #expect(convert.status == 0, "\(convert.stderr)")
    #expect(convert.stdout.components(separatedBy: "<node ").count == 3)
    #expect(convert.stdoutBytes.range(of: Data("<node id=\"\(Self.decomposed)\"".utf8)) != nil)
  }

  @Test func documentsGiveTheSameAnswers() throws {
    let document = try temporaryFile(
      "doc.json",
      """
      {"format": "cibgraph-network-document", "version": 1,
       "report": {"title": "T", "publisher": "P"},
       "networks": [{"id": "n", "name": "N", "assets": [
         {"id": "\(Self.composed)", "kind": "page", "followers": 10},
         {"id": "\(Self.decomposed)", "kind": "page", "followers": 20}]}]}
      """)
    let validate = try cibgraph("validate", document)
    #expect(validate.status == 0, "\(validate.stdout)")
    #expect(validate.stdout.contains("[ids-differ-by-normalization]"))
    let components = try cibgraph("components", document, "--format", "json")
    #expect(components.status == 0, "\(components.stderr)")
    #expect(try jsonObject(components.stdout)["nodes"] as? Int == 2)
    let convert = try cibgraph("convert", document, "--to", "gexf")
    #expect(convert.status == 0, "\(convert.stderr)")
    #expect(convert.stdout.components(separatedBy: "<node ").count == 3)
  }

  /// An id too long to index was a trap (exit 132) when audience lists were read.
  @Test func anOverlongIdIsRefusedNotATrap() throws {
    let long = String(repeating: "x", count: 17 << 20)
    let document = try temporaryFile(
      "long.json",
      """
      {"format": "cibgraph-network-document", "version": 1,
       "report": {"title": "T", "publisher": "P"},
       "networks": [{"id": "n", "name": "N", "assets": [
         {"id": "\(long)", "kind": "page"}, {"id": "p1", "kind": "page"}]}]}
      """)
    let audience = try temporaryFile("audience.csv", "Asset,Account\np1,u1\n")
    let result = try cibgraph("reach", document, "--audience", audience)
    #expect(result.status == 65, "\(result.stderr.prefix(500))")
    #expect(result.stderr.contains("networks[0].assets[0].id: an id of 17,825,792 bytes"))
    #expect(result.stderr.count < 1000)
  }
}

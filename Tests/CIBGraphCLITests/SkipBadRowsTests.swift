import CIBGraphTestSupport
import Foundation
import Testing

/// `--skip-bad-rows` on spreadsheets: refused by default; with the flag, every command
/// leaves out the same rows and every output format says so.
@Suite struct SkipBadRowsTests {
  /// p2's kind and p3's followers are bad; one edge names no node at one end, one at both.
  func inputs() throws -> (nodes: String, edges: String) {
    let nodes = try temporaryFile(
      "nodes.csv",
      "Id,Label,Kind,Followers,Members\np1,P1,page,3,\np2,P2,pag,2,\np3,P3,page,x,\na1,A,account,,\n"
    )
    let edges = try temporaryFile(
      "edges.csv", "Source,Target,Type\na1,p1,administers\na1,zz,administers\nyy,zz,administers\n")
    return (nodes, edges)
  }

  @Test(arguments: [["components"], ["reach"], ["dot"], ["convert", "--to", "json"]])
  func badSpreadsheetRowsAreRefusedByDefault(command: [String]) throws {
    let (nodes, edges) = try inputs()
    let result = try cibgraph(command + ["--nodes", nodes, "--edges", edges])
    #expect(result.status == 65)
    #expect(result.stdout.isEmpty, "\(result.stdout)")
    #expect(result.stderr.contains("\(nodes):3:7: error: unknown kind \"pag\""), "\(result.stderr)")
    #expect(result.stderr.contains("nothing computed"))
  }

  @Test func componentsMarkEveryFormat() throws {
    let (nodes, edges) = try inputs()
    let arguments = ["components", "--nodes", nodes, "--edges", edges, "--skip-bad-rows"]
    let counts = "\(nodes): 2 bad-row; \(edges): 2 dangling-reference"
    let text = try cibgraph(arguments)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.hasPrefix("1 component(s) · largest 2 asset(s)"), "\(text.stdout)")
    #expect(
      text.stdout.hasSuffix("\nNote: computed without 4 bad rows (--skip-bad-rows): \(counts)\n"),
      "\(text.stdout)")
    #expect(text.stderr.contains("\(edges):4:1: warning: row left out: source \"yy\""))
    #expect(
      text.stderr.hasSuffix("cibgraph: computed without 4 bad rows (--skip-bad-rows): \(counts)\n"))

    let json = try jsonObject(try cibgraph(arguments + ["--format", "json"]).stdout)
    #expect(json["count"] as? Int == 1)
    let leftOut = try #require(json["rowsLeftOut"] as? [String: Any])
    #expect(leftOut["total"] as? Int == 4)
    let byReason = (leftOut["counts"] as? [[String: Any]] ?? []).map {
      "\($0["file"] ?? ""):\($0["reason"] ?? ""):\($0["rows"] ?? "")"
    }
    #expect(byReason == ["\(nodes):bad-row:2", "\(edges):dangling-reference:2"])
    let examples = try #require(leftOut["examples"] as? [[String: Any]])
    #expect(examples.map { $0["line"] as? Int } == [3, 4, 3, 4])

    let csv = try cibgraph(arguments + ["--format", "csv"]).stdout
    let lines = csv.split(separator: "\r\n")
    #expect(lines.first?.hasSuffix(",first_asset,rows_left_out") == true, "\(csv)")
    #expect(lines.count == 2 && lines[1].hasSuffix(",p1,4"), "\(csv)")
  }

  /// Commands that read the spreadsheets as a document leave out the rows the graph
  /// reader does, dangling edges included.
  @Test func drawingsAndConversionsLeaveOutTheSameRows() throws {
    let (nodes, edges) = try inputs()
    let dot = try cibgraph("dot", "--nodes", nodes, "--edges", edges, "--skip-bad-rows")
    #expect(dot.status == 0, "\(dot.stderr)")
    #expect(dot.stdout.contains("digraph"))
    #expect(dot.stderr.contains("computed without 4 bad rows"), "\(dot.stderr)")

    let prefix = try temporaryFolder().appendingPathComponent("out").path
    let convert = try cibgraph(
      "convert", "--nodes", nodes, "--edges", edges, "--skip-bad-rows", "--to", "csv", "-o",
      prefix)
    #expect(convert.status == 0, "\(convert.stderr)")
    #expect(convert.stderr.contains("computed without 4 bad rows"), "\(convert.stderr)")
    let written = try String(contentsOfFile: prefix + ".edges.csv", encoding: .utf8)
    #expect(written == "Source,Target,Type,Evidence\r\na1,p1,administers,\r\n", "\(written)")
  }

  @Test func aCleanInputIsMarkedAsReadWhole() throws {
    let nodes = try temporaryFile("nodes.csv", "Id,Label,Kind,Followers,Members\np1,P1,page,3,\n")
    let json = try cibgraph("reach", "--nodes", nodes, "--format", "json", "--skip-bad-rows")
    #expect(json.status == 0, "\(json.stderr)")
    let leftOut = try #require(try jsonObject(json.stdout)["rowsLeftOut"] as? [String: Any])
    #expect(leftOut["total"] as? Int == 0)
    #expect(json.stderr.isEmpty, "\(json.stderr)")
    let plain = try cibgraph("reach", "--nodes", nodes, "--format", "json")
    #expect(try jsonObject(plain.stdout)["rowsLeftOut"] == nil)
  }
}

import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

/// Every CSV the tool writes opens in a spreadsheet without running a formula.
@Suite struct FormulaEndToEndTests {
  static let formulas = [
    "=HYPERLINK(\"http://evil\",\"click\")", "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\t=1+1",
    " =1+1", "-2+3", "\r=1",
  ]

  func records(_ path: String) throws -> [[String]] {
    var reader = CSVTokenizer(
      bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: path)
    var fields: [CSVField] = []
    var rows: [[String]] = []
    while try reader.nextRecord(into: &fields) != nil {
      rows.append(try fields.map { try reader.string($0) })
    }
    return rows
  }

  @Test func convertToCSVDefusesEveryFormulaAndReadsItBack() throws {
    var nodes = "Id,Label,Kind,Followers,Members\n"
    var edges = "Source,Target,Type,Evidence\n"
    for (i, formula) in Self.formulas.enumerated() {
      nodes += "\(CSVText.field(formula)),\(CSVText.field(formula)),page,\(i),\n"
      if i > 0 {
        edges +=
          "\(CSVText.field(Self.formulas[i - 1])),\(CSVText.field(formula)),linkedTo,\(CSVText.field(formula))\n"
      }
    }
    nodes += "-100123,Telegram channel,page,5,\n"
    let nodesFile = try temporaryFile("nodes.csv", nodes)
    let edgesFile = try temporaryFile("edges.csv", edges)
    let prefix = try temporaryFolder().appendingPathComponent("out").path
    let result = try cibgraph(
      "convert", "--nodes", nodesFile, "--edges", edgesFile, "--to", "csv", "-o", prefix)
    #expect(result.status == 0, "\(result.stderr)")
    let written = try records(prefix + ".nodes.csv") + records(prefix + ".edges.csv")
    for formula in Self.formulas {
      #expect(written.joined().contains("'" + formula), "\(formula.debugDescription)")
      #expect(!written.joined().contains(formula), "\(formula.debugDescription) written as it is")
    }
    #expect(
      written.contains { $0.prefix(5) == ["-100123", "Telegram channel", "page", "5", ""] },
      "numbers stay numbers")

    // Read back by the tool, the ids are what they were: the same JSON document.
    let original = try cibgraph(
      "convert", "--nodes", nodesFile, "--edges", edgesFile, "--to", "json")
    let roundTrip = try cibgraph(
      "convert", "--nodes", prefix + ".nodes.csv", "--edges", prefix + ".edges.csv", "--to",
      "json")
    #expect(roundTrip.status == 0, "\(roundTrip.stderr)")
    func assets(_ text: String) throws -> [[String: Any]] {
      let networks = try #require(try jsonObject(text)["networks"] as? [[String: Any]])
      return try #require(networks.first?["assets"] as? [[String: Any]])
    }
    #expect(try assets(roundTrip.stdout).map { $0["id"] as? String } == Self.formulas + ["-100123"])
    #expect(
      try assets(roundTrip.stdout).map { $0["name"] as? String }
        == assets(original.stdout).map { $0["name"] as? String })
    let components = try cibgraph(
      "components", "--nodes", prefix + ".nodes.csv", "--edges", prefix + ".edges.csv", "--format",
      "json", "--list-assets")
    let first = try #require(
      (try jsonObject(components.stdout)["components"] as? [[String: Any]])?.first)
    #expect((first["assets"] as? [String]).map(Set.init) == Set(Self.formulas))
  }

  @Test func theEvidenceCSVDefusesFormulas() throws {
    var activity = "object_id,account_id,content_id,timestamp\n"
    for (i, object) in ["=HYPERLINK(\"x\")", "@obj"].enumerated() {
      activity += "\(CSVText.field(object)),+a,=post\(i),\(100 * i)\n"
      activity += "\(CSVText.field(object)),-b,@post\(i),\(100 * i + 5)\n"
    }
    let input = try temporaryFile("activity.csv", activity)
    let evidence = try temporaryFolder().appendingPathComponent("ev.csv").path
    let result = try cibgraph("coordinate", input, "--evidence", evidence, "--format", "csv")
    #expect(result.status == 0, "\(result.stderr)")
    let rows = try records(evidence)
    #expect(rows.count == 3)
    #expect(rows[1].prefix(6) == ["'+a", "'-b", "2", "'=HYPERLINK(\"x\")", "'=post0", "'@post0"])
    #expect(rows[2][3] == "'@obj")
    let report = try records(try temporaryFile("report.csv", result.stdout))
    #expect(report[1].last == "'+a", "the report CSV too")
  }
}

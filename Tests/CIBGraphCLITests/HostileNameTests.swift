import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

@testable import CIBGraphCLI

/// Names chosen by adversaries, through every output format.
@Suite struct HostileNameTests {
  static let names = [
    "Quote \" and backslash \\ and 'single'",
    "<script>alert(1)</script>",
    "line\nbreak\r\nand tab\t",
    "\u{1B}[2J\u{1B}[31mred",
    "right-to-left \u{202E}txt.exe",
    "isolates \u{2066}x\u{2069} and \u{200F}mark",
    "emoji 😀👩‍👩‍👧 and 中文 and עברית",
    "=HYPERLINK(\"http://evil\",\"click\")",
    "+1, -1, @SUM(A1)",
    String(repeating: "long", count: 5_000),
    "nul \u{0} and bell \u{7}",
  ]

  func hostileInputs() throws -> (nodes: String, edges: String) {
    var nodes = "Id,Label,Kind,Followers,Members\r\n"
    var edges = "Source,Target,Type\r\n"
    for (i, name) in Self.names.enumerated() {
      let quoted = csvQuoted(name)
      nodes += "\(quoted),\(quoted),page,\(i),\r\n"
      if i > 0 {
        let previous = csvQuoted(Self.names[i - 1])
        edges += "\(quoted),\(previous),linkedTo\r\n"
      }
    }
    return (
      try temporaryFile("hostile-nodes.csv", nodes), try temporaryFile("hostile-edges.csv", edges)
    )
  }

  @Test func textOutputHasNoControlOrBidiCharacters() throws {
    let (nodes, edges) = try hostileInputs()
    for command in ["components", "reach", "validate"] {
      let plain = try cibgraph(command, "--nodes", nodes, "--edges", edges)
      #expect(plain.status == 0, "\(command): \(plain.stderr)")
      for scalar in plain.stdout.unicodeScalars {
        #expect(
          !TerminalText.needsEscape(scalar) || scalar == "\n",
          "\(command) printed U+\(String(scalar.value, radix: 16))")
      }
    }
    let listed = try cibgraph("components", "--nodes", nodes, "--edges", edges, "--list-assets")
    #expect(listed.stdout.contains("\\e[2J\\e[31mred"))
    #expect(listed.stdout.contains("right-to-left \\u{202E}txt.exe"))
    #expect(listed.stdout.contains("emoji 😀👩‍👩‍👧 and 中文 and עברית"))
  }

  @Test func jsonOutputCarriesEveryNameExactly() throws {
    let (nodes, edges) = try hostileInputs()
    let result = try cibgraph(
      "components", "--nodes", nodes, "--edges", edges, "--format", "json", "--list-assets")
    #expect(result.status == 0)
    let root = try jsonObject(result.stdout)
    let components = try #require(root["components"] as? [[String: Any]])
    let assets = try #require(components.first?["assets"] as? [String])
    #expect(assets == Self.names)
    #expect(!result.stdout.contains("\u{2028}"))
  }

  @Test func csvOutputParsesBackAndDefusesFormulas() throws {
    let (nodes, edges) = try hostileInputs()
    let result = try cibgraph(
      "components", "--nodes", nodes, "--edges", edges, "--format", "csv", "--list-assets")
    #expect(result.status == 0)
    var reader = CSVTokenizer(bytes: Array(result.stdoutBytes), file: "out.csv")
    var fields: [CSVField] = []
    var rows: [[String]] = []
    while try reader.nextRecord(into: &fields) != nil {
      rows.append(try fields.map { try reader.string($0) })
    }
    #expect(rows.count == 2)
    #expect(rows[1][1] == String(Self.names.count))
    let assets = rows[1].last ?? ""
    #expect(assets.contains("line\nbreak\r\nand tab\t"))
    #expect(CSVWriter.encode(.text("=HYPERLINK(\"x\")")) == "\"'=HYPERLINK(\"\"x\"\")\"")
    #expect(CSVWriter.encode(.text("@SUM(A1)")) == "'@SUM(A1)")
    #expect(CSVWriter.encode(.number(-5)) == "-5")
  }

  /// Rows written a cell at a time, by a writer and by a copy of it: each
  /// keeps its own rows, as values do, and every kind of cell is written by
  /// the rule `encode` gives it.
  @Test func csvWritersAreValuesWhoseCellsFollowTheCellRule() {
    var writer = CSVWriter(header: ["a", "b,c"])
    writer.addRow([.number(Int128.max), .text("=1+1"), .empty, .text("plain-id_7")])
    var copy = writer
    copy.add(.text("only in the copy"))
    copy.endRow()
    writer.add(.number(-5))
    writer.add(.text("é \"quoted\""))
    writer.endRow()
    let cells: [CSVWriter.Cell] = [.number(Int128.max), .text("=1+1"), .empty, .text("plain-id_7")]
    let shared = "a,\"b,c\"\r\n" + cells.map(CSVWriter.encode).joined(separator: ",") + "\r\n"
    #expect(writer.text == shared + "-5," + CSVWriter.encode(.text("é \"quoted\"")) + "\r\n")
    #expect(copy.text == shared + "only in the copy\r\n")
  }

  @Test func terminalTextEscapesAndTruncates() {
    #expect(TerminalText.safe("a\u{1B}[31mb") == "a\\e[31mb")
    #expect(TerminalText.safe("x\u{202E}y") == "x\\u{202E}y")
    #expect(TerminalText.safe("abcdef", limit: 4) == "abc…")
    #expect(TerminalText.safe("👩‍👩‍👧 ok") == "👩‍👩‍👧 ok")
    #expect(TerminalText.width("中文") == 4)
  }

  @Test func jsonStringsAreEscaped() {
    #expect(
      JSONTextEncoder.text(of: "\"\\\n\u{1}\u{2028}</script>\u{2029}\u{7F}\t\r é\u{2027}")
        == #""\"\\\n\u0001\u2028</script>\u2029\u007f\t\r é"# + "\u{2027}\"")
  }
}

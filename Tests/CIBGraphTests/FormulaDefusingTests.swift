import CIBGraph
import CIBGraphTestSupport
import Testing

@testable import CIBGraphFormats

/// Text a spreadsheet would run as a formula is written with a leading
/// quote, and read back without it, in every CSV the tool writes.
@Suite struct FormulaDefusingTests {
  /// Each form OWASP's CSV-injection guidance names, and the same after spaces.
  static let formulas = [
    "=HYPERLINK(\"http://evil\",\"click\")", "=1+1", "+cmd|' /C calc'!A0", "-2+3", "-",
    "@SUM(A1:A9)", "\t=1+1", "\tplain after a tab", "\r=1", "\rx", "\0x", "  =1+1", " \t@x",
    "\n=cmd", "\u{FF1D}1+1", "\u{FF0B}x", "\u{FF20}x", "-1e5", "+12-",
  ]

  /// Text no spreadsheet runs: written as it is.
  static let plain = [
    "", "plain", "a=b", "1-2", "x@y", "-12", "+3.5", " -7", "-0.25", "-100123456789",
    "'quoted", "''", "'", " ", "café", "12.",
  ]

  /// The bytes appended for a cell without making it are the cell's, for
  /// plain identifiers and for every text that needs defusing or quoting.
  @Test func cellsAppendedAsBytesAreTheCellsText() {
    var random = SeededGenerator(seed: 41)
    let pieces = [
      "a", "Z", "0", "9", "=", "+", "-", "@", "'", " ", ",", "\"", "\r", "\n", "\t", "\0", "é",
      "e\u{301}", "\u{FF1D}", "12", ".5", "x1", "_", "~", "\u{7F}",
    ]
    var texts = Self.formulas + ["a69482", "p73", "Instagram 356103", "x,y", "", "A-1", "9e9"]
    for _ in 0..<2_000 {
      texts.append((0..<random.int(in: 1...6)).map { _ in random.element(of: pieces)! }.joined())
    }
    for text in texts {
      var bytes: [UInt8] = []
      CSVText.withCellBytes(text) { bytes.append(contentsOf: $0) }
      #expect(bytes == Array(CSVText.cell(text).utf8), "\(text.debugDescription)")
    }
  }

  @Test func everyFormulaFormIsDefused() {
    for text in Self.formulas {
      #expect(CSVText.isFormulaLike(text), "\(text.debugDescription)")
      #expect(CSVText.defused(text) == "'" + text, "\(text.debugDescription)")
    }
    for text in Self.plain {
      #expect(!CSVText.isFormulaLike(text), "\(text.debugDescription)")
      #expect(CSVText.defused(text) == text, "\(text.debugDescription)")
    }
    // Quotes before a formula are the text's own: one more keeps it reversible.
    #expect(CSVText.defused("'=x") == "''=x")
    #expect(CSVText.cell("=a,b") == "\"'=a,b\"")
    #expect(CSVText.cell("-5") == "-5")
  }

  @Test func undefusingTakesAwayExactlyTheQuoteDefusingAdded() {
    for text in Self.formulas + Self.plain + ["'=x", "''=x", "'-12", "'plain"] {
      #expect(CSVText.undefused(CSVText.defused(text)) == text, "\(text.debugDescription)")
    }
    #expect(CSVText.undefused("'=x") == "=x")
    #expect(CSVText.undefused("''=x") == "'=x")
    #expect(CSVText.undefused("'plain") == "'plain", "a quote before ordinary text is kept")
    #expect(
      CSVText.undefused("'-12") == "'-12", "a number is never defused, so its quote is its own")

    // Random text of the characters that matter: a round trip is the identity,
    // and a second one writes the same bytes (no quote piles up).
    var random = SeededGenerator(seed: 7)
    let alphabet: [Character] = ["'", "=", "+", "-", "@", " ", "\t", "\r", "\n", "1", ".", "a"]
    for _ in 0..<20_000 {
      let text = String(
        (0..<random.int(in: 0...6)).map { _ in
          random.element(of: alphabet)!
        })
      let written = CSVText.defused(text)
      #expect(CSVText.undefused(written) == text, "\(text.debugDescription)")
      #expect(CSVText.defused(CSVText.undefused(written)) == written)
      #expect(!CSVText.isFormulaLike(written) || written.hasPrefix("'"))
    }
  }

  /// A document whose ids, names and evidence are formulas.
  static func document() -> NetworkDocument {
    var network = Network(id: "n", name: "N")
    let ids = ["=HYPERLINK(\"http://evil\",\"x\")", "+cmd", "@SUM(A1)", "\t=1", "'=quoted", "-12"]
    network.assets = ids.enumerated().map { i, id in
      Asset(id: id, kind: i % 2 == 0 ? .page : .account, name: "-\(id)", followers: i)
    }
    network.relations = zip(ids, ids.dropFirst()).map {
      Relation(source: $0, target: $1, type: .linkedTo, evidence: "=evidence of \($0)")
    }
    return NetworkDocument(report: Report(title: "t", publisher: "p"), networks: [network])
  }

  @Test func spreadsheetsWriteFormulasDefusedAndReadThemBackAsTheyWere() throws {
    let document = Self.document()
    let sheets = GraphExport(documents: [document]).spreadsheets()
    // Every cell the writer made starts with a quote where a formula would run.
    var reader = CSVTokenizer(bytes: Array(sheets.nodes.utf8), file: "n.csv")
    var fields: [CSVField] = []
    var cells: [String] = []
    while try reader.nextRecord(into: &fields) != nil {
      cells += try fields.map { try reader.string($0) }
    }
    for cell in cells where CSVText.isFormulaLike(cell) {
      #expect(cell.hasPrefix("'"), "\(cell.debugDescription)")
    }
    #expect(cells.contains("'=HYPERLINK(\"http://evil\",\"x\")"))
    #expect(cells.contains("''=quoted"))
    #expect(cells.contains("-12"), "a plain number stays as it is")
    #expect(sheets.edges.contains("'=evidence of +cmd"))

    let network = document.networks[0]
    let nodes = (Array(sheets.nodes.utf8), "n.csv")
    let edges = (Array(sheets.edges.utf8), "e.csv")
    let loaded = try GephiSpreadsheet.load(nodes: nodes, edges: edges)
    #expect(loaded.findings.isEmpty, "\(loaded.findings)")
    #expect(loaded.document.networks[0].assets.map(\.id) == network.assets.map(\.id))
    #expect(loaded.document.networks[0].assets.map(\.name) == network.assets.map(\.name))
    #expect(
      loaded.document.networks[0].relations.map(\.evidence) == network.relations.map(\.evidence))

    // The graph readers (careful and fast) agree.
    let read = try readGraph(nodes: nodes, edges: edges)
    #expect(read.findings.isEmpty, "\(read.findings)")
    #expect(Array(read.graph.ids) == network.assets.map(\.id))
    #expect(read.graph.nodes.map { read.graph.names[Int($0)] } == network.assets.map(\.name))
    #expect(read.graph.edgeCount == network.relations.count)

    // Written again, the files are the same: no quote piles up.
    let again = GraphExport(documents: [loaded.document]).spreadsheets()
    #expect(again.nodes == sheets.nodes)
    #expect(again.edges == sheets.edges)
  }
}

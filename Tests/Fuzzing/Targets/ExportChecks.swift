import CIBGraph
import CIBGraphSupport
import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// What `convert` writes of a graph: its spreadsheets read back as the same
/// graph with no cell a spreadsheet would run as a formula, and GraphML and
/// GEXF that are well-formed XML, whatever the names hold.
enum ExportChecks {
  static func check(_ document: NetworkDocument, _ target: FuzzTarget) throws(OracleFailure) {
    let export = GraphExport(documents: [document])
    let graph = AssetGraph(documents: [document])
    let (nodes, edges) = export.spreadsheets()
    try requireDefused(nodes, textColumns: [0, 1], target)
    try requireDefused(edges, textColumns: [0, 1, 3], target)
    let back: LoadedGraph
    do throws(InputError) {
      back = try SpreadsheetGraphReader.readCarefully(
        nodes: (Array(nodes.utf8), "out.nodes.csv"), edges: (Array(edges.utf8), "out.edges.csv"))
    } catch {
      throw OracleFailure(target, "the spreadsheets convert writes are refused: \(error)")
    }
    if let error = back.findings.first(where: { $0.severity == .error }) {
      throw OracleFailure(
        target,
        "the spreadsheets convert writes read back with an error: \(error.location.map(String.init(describing:)) ?? "") \(error.message)"
      )
    }
    let read = back.graph
    func require(_ condition: Bool, _ what: String) throws(OracleFailure) {
      try Oracle.require(
        condition, target, "the spreadsheets convert writes read back with other \(what)")
    }
    try require(read.ids == graph.ids, "ids")
    try require(read.names.map { $0 ?? "" } == graph.names.map { $0 ?? "" }, "names")
    try require(read.kinds == graph.kinds, "kinds")
    try require(
      read.nodes.map { read.followers(of: $0) } == graph.nodes.map { graph.followers(of: $0) },
      "followers")
    try require(
      read.nodes.map { read.members(of: $0) } == graph.nodes.map { graph.members(of: $0) },
      "members")
    try require(read.edges == graph.edges, "relations")

    for (format, xml) in [
      ("GraphML", export.graphML()), ("GEXF", export.gexf(description: document.report.title)),
    ] {
      let parser = XMLParser(data: Data(xml.utf8))
      try Oracle.require(
        parser.parse(), target,
        "the \(format) convert writes is not well-formed XML: \(parser.parserError.map(String.init(describing:)) ?? "")"
      )
    }
  }

  /// No text cell starts as a formula unless a single quote defuses it.
  static func requireDefused(_ csv: String, textColumns: [Int], _ target: FuzzTarget)
    throws(OracleFailure)
  {
    var reader = CSVTokenizer(bytes: Array(csv.utf8), file: "out.csv")
    var fields: [CSVField] = []
    var cells: [String] = []
    do throws(InputError) {
      while try reader.nextRecord(into: &fields) != nil {
        for column in textColumns where column < fields.count {
          cells.append(try reader.string(fields[column]))
        }
      }
    } catch {
      throw OracleFailure(target, "the CSV convert writes is broken: \(error)")
    }
    for cell in cells {
      try Oracle.require(
        cell.hasPrefix("'") || !CSVText.isFormulaLike(cell), target,
        "convert writes a cell a spreadsheet runs as a formula: \(VisibleText.safe(cell, limit: 60))"
      )
    }
  }
}

import CIBGraph
@_spi(Internal) import CIBGraphCore
import CIBGraphSupport
import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// What `convert` writes of a graph: its spreadsheets read back as the same
/// graph with no cell a spreadsheet would run as a formula, and GraphML and
/// GEXF that are well-formed XML (to FoundationXML's parser, a second
/// opinion) and read back as the same graph, whatever the names hold.
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
      try readsBack(xml, format, as: graph, target)
      try measuresReadBack(xml, format, of: document, graph, target)
    }
  }

  /// The measures GraphML or GEXF written of `document` hold, read back as
  /// they were: a node's those of the first network itemizing it, an edge's
  /// its relation's, each value a file can hold and nothing else.
  static func measuresReadBack(
    _ xml: String, _ format: String, of document: NetworkDocument, _ graph: AssetGraph,
    _ target: FuzzTarget
  ) throws(OracleFailure) {
    let ids = graph.ids.map(representable)
    guard !graph.kinds.contains(where: \.isDeclared), Set(ids).count == ids.count else { return }
    func writable(_ measures: Measurements) -> Measurements {
      var kept = Measurements()
      for entry in measures.writable { kept[entry.measure] = entry.value }
      return kept
    }
    let index = graph.nodeIndexByID()
    var nodes = [Measurements?](repeating: nil, count: graph.nodeCount)
    var edges: [Measurements] = []
    for network in document.networks {
      for asset in network.assets {
        if let node = index[ByteExactID(asset.id)].map(Int.init), nodes[node] == nil {
          nodes[node] = writable(asset.measures)
        }
      }
      for relation in network.relations
      where index[ByteExactID(relation.source)] != nil
        && index[ByteExactID(relation.target)] != nil
      {
        edges.append(writable(relation.measures))
      }
    }
    guard let back = try? XMLGraphFile.load(bytes: Array(xml.utf8), file: "out.\(format)"),
      let read = back.document.networks.first
    else { return }  // readsBack has said why
    try Oracle.require(
      read.assets.map(\.measures) == nodes.map { $0 ?? Measurements() }, target,
      "the \(format) convert writes reads back with other measures of its nodes")
    try Oracle.require(
      read.relations.map(\.measures).filter { !$0.isEmpty } == edges.filter { !$0.isEmpty },
      target, "the \(format) convert writes reads back with other measures of its edges")
  }

  /// GraphML or GEXF written of `document` read back as its graph: the same
  /// nodes with the same values, the same relations with their evidence and
  /// weights. Text XML cannot carry (C0 controls, U+FFFE, U+FFFF) is
  /// written as visible escapes, and compared so.
  static func readsBack(
    _ xml: String, _ format: String, as graph: AssetGraph, _ target: FuzzTarget
  ) throws(OracleFailure) {
    // Kinds a document declares are not in GraphML or GEXF; ids that become
    // one id once escaped are two nodes written as one.
    let ids = graph.ids.map(representable)
    guard !graph.kinds.contains(where: \.isDeclared), Set(ids).count == ids.count else { return }
    let back: LoadedDocument
    do throws(InputError) {
      back = try XMLGraphFile.load(bytes: Array(xml.utf8), file: "out.\(format)")
    } catch {
      throw OracleFailure(target, "the \(format) convert writes is refused: \(error)")
    }
    if let error = back.findings.first(where: { $0.severity == .error }) {
      throw OracleFailure(
        target, "the \(format) convert writes reads back with an error: \(error.message)")
    }
    let read = AssetGraph(documents: [back.document])
    func require(_ condition: Bool, _ what: String) throws(OracleFailure) {
      try Oracle.require(
        condition, target, "the \(format) convert writes reads back with other \(what)")
    }
    try require(Array(read.ids) == ids, "ids")
    try require(read.kinds == graph.kinds, "kinds")
    try require(
      read.nodes.map { read.names[Int($0)] ?? read.ids[Int($0)] }
        == graph.nodes.map { representable(graph.names[Int($0)] ?? graph.ids[Int($0)]) }, "names")
    try require(
      read.nodes.map { read.followers(of: $0) } == graph.nodes.map { graph.followers(of: $0) },
      "followers")
    try require(
      read.nodes.map { read.members(of: $0) } == graph.nodes.map { graph.members(of: $0) },
      "members")
    try require(read.edges == graph.edges, "relations")
  }

  /// `text` as XML carries it: characters XML 1.0 cannot hold as their visible escapes.
  static func representable(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if (scalar.value < 0x20 && ![0x09, 0x0A, 0x0D].contains(scalar.value))
        || scalar.value == 0xFFFE || scalar.value == 0xFFFF
      {
        out += VisibleText.escape(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
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

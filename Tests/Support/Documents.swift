import CIBGraph

/// A network document decoded from JSON text, as the file `test.json`.
/// - Throws: ``InputError`` when the text is not a valid document.
public func decodeJSON(_ text: String) throws(InputError) -> NetworkDocument {
  try NetworkDocument.decode(Array(text.utf8), file: "test.json")
}

/// A minimal valid document around the given networks and organizations,
/// each a JSON array.
public func documentJSON(networks: String = "[]", organizations: String = "[]") -> String {
  """
  {"format": "cibgraph-network-document", "version": 1,
   "report": {"title": "T", "publisher": "P", "sources": [{"id": "s", "publisher": "P"}]},
   "organizations": \(organizations),
   "networks": \(networks)}
  """
}

/// Gephi spreadsheets read from text, as the files `nodes.csv` and `edges.csv`.
/// - Throws: ``InputError`` when they cannot be read at all.
public func spreadsheet(nodes: String, edges: String? = nil) throws(InputError) -> LoadedDocument {
  try GephiSpreadsheet.load(
    nodes: (Array(nodes.utf8), "nodes.csv"), edges: edges.map { (Array($0.utf8), "edges.csv") })
}

/// The library's graph reader (fast, then careful) on spreadsheets held in memory.
/// - Throws: ``InputError`` when they cannot be read at all.
public func readGraph(
  nodes: (bytes: [UInt8], file: String), edges: (bytes: [UInt8], file: String)?
) throws(InputError) -> LoadedGraph {
  try GephiSpreadsheet.readGraph(
    nodes: .bytes(nodes.bytes, name: nodes.file),
    edges: edges.map { .bytes($0.bytes, name: $0.file) })
}

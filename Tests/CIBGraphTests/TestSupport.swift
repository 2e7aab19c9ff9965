import Foundation

@testable import CIBGraph
@testable import CIBGraphAnalysis
@testable import CIBGraphCore
@testable import CIBGraphDrawing
@testable import CIBGraphFormats
@testable import CIBGraphSupport

/// The repository's root, found from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func graphsDocument(_ name: String) throws -> NetworkDocument {
  let url = repositoryRoot.appendingPathComponent("Graphs").appendingPathComponent(name)
  return try NetworkDocument.decode(Array(try Data(contentsOf: url)), file: name)
}

func decodeJSON(_ text: String) throws(InputError) -> NetworkDocument {
  try NetworkDocument.decode(Array(text.utf8), file: "test.json")
}

/// A minimal valid document around the given networks JSON.
func documentJSON(networks: String = "[]", organizations: String = "[]") -> String {
  """
  {"format": "cibgraph-network-document", "version": 1,
   "report": {"title": "T", "publisher": "P", "sources": [{"id": "s", "publisher": "P"}]},
   "organizations": \(organizations),
   "networks": \(networks)}
  """
}

func spreadsheet(nodes: String, edges: String? = nil) throws(InputError) -> GephiSpreadsheet.Loaded
{
  try GephiSpreadsheet.load(
    nodes: (Array(nodes.utf8), "nodes.csv"), edges: edges.map { (Array($0.utf8), "edges.csv") })
}

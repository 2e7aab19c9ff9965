import Foundation

@testable import CIBGraph
@testable import CIBGraphAnalysis
@testable import CIBGraphCore
@testable import CIBGraphDrawing
@testable import CIBGraphFormats
@testable import CIBGraphSupport

/// A small, seeded, deterministic random number generator (SplitMix64), so
/// every randomized test is reproducible from its seed.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

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

func spreadsheet(nodes: String, edges: String? = nil) throws(InputError) -> LoadedDocument {
  try GephiSpreadsheet.load(
    nodes: (Array(nodes.utf8), "nodes.csv"), edges: edges.map { (Array($0.utf8), "edges.csv") })
}

/// The library's graph reader (fast, then careful) on spreadsheets held in memory.
func readGraph(
  nodes: (bytes: [UInt8], file: String), edges: (bytes: [UInt8], file: String)?
) throws(InputError) -> LoadedGraph {
  try GephiSpreadsheet.readGraph(
    nodes: .bytes(nodes.bytes, name: nodes.file),
    edges: edges.map { .bytes($0.bytes, name: $0.file) })
}

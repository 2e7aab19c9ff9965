import CIBGraphCore
import CIBGraphSupport

/// Maps paths into a document read from spreadsheets back to the files.
struct SpreadsheetLocations: LocationResolver {
  let nodes: CSVTokenizer
  let nodeHeader: [String: Int]
  /// Per network, where each asset's row starts.
  let assetRows: [[Int]]
  let edges: CSVTokenizer?
  let edgeHeader: [String: Int]
  /// Per network, where each relation's row starts.
  let relationRows: [[Int]]
  let nodeLines: LineStarts
  let edgeLines: LineStarts?

  init(
    nodes: CSVTokenizer, nodeHeader: [String: Int], assetRows: [[Int]], edges: CSVTokenizer?,
    edgeHeader: [String: Int], relationRows: [[Int]]
  ) {
    self.nodes = nodes
    self.nodeHeader = nodeHeader
    self.assetRows = assetRows
    self.edges = edges
    self.edgeHeader = edgeHeader
    self.relationRows = relationRows
    nodeLines = LineStarts(nodes.bytes)
    edgeLines = edges.map { LineStarts($0.bytes) }
  }

  static let columnOfField = [
    "id": "id", "name": "label", "kind": "kind", "followers": "followers", "members": "members",
    "source": "source", "target": "target", "type": "type", "evidence": "evidence",
  ]

  func location(of path: ModelPath) -> SourceLocation {
    let steps = path.components
    guard steps.count >= 4, case .index(let network) = steps[1], network < assetRows.count,
      case .key(let list) = steps[2], case .index(let row) = steps[3]
    else {
      return SourceLocation(file: nodes.file)
    }
    var field: String?
    if steps.count >= 5, case .key(let name) = steps[4] { field = Self.columnOfField[name] }
    switch list {
    case "assets" where row < assetRows[network].count:
      return locate(
        nodes, lines: nodeLines, header: nodeHeader, offset: assetRows[network][row],
        column: field)
    case "relations" where row < relationRows[network].count:
      if let edges, let edgeLines {
        return locate(
          edges, lines: edgeLines, header: edgeHeader, offset: relationRows[network][row],
          column: field)
      }
    default: break
    }
    return SourceLocation(file: nodes.file)
  }

  private func locate(
    _ file: CSVTokenizer, lines: LineStarts, header: [String: Int], offset: Int, column: String?
  ) -> SourceLocation {
    var reader = CSVTokenizer(resumingAt: offset, in: file, lines: lines)
    var fields: [CSVField] = []
    guard (try? reader.nextRecord(into: &fields)) != nil, !fields.isEmpty else {
      return SourceLocation(file: file.file)
    }
    let index = column.flatMap { header[$0] } ?? 0
    return file.location(of: fields[min(index, fields.count - 1)])
  }
}

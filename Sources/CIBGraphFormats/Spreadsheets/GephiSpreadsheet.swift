import CIBGraphCore
import CIBGraphSupport

/// Itemized data in Gephi's spreadsheet convention: a nodes CSV with header
/// `Id,Label,Kind,Followers,Members` and an edges CSV with header
/// `Source,Target,Type`.
///
/// Column names are matched case-insensitively and may come in any order;
/// `Id` and `Kind` (nodes) and `Source` and `Target` (edges) are required,
/// the others optional, and an `Evidence` column on edges is read when
/// present; a column it reads may not appear twice (``CSVHeader``). A
/// missing `Type` means ``RelationType/linkedTo``; empty
/// `Followers`/`Members` mean unknown.
///
/// Bad rows (an unknown kind, a negative or non-numeric count, an empty
/// identifier, more or fewer fields than the header) do not stop the
/// reading: each becomes an error ``Finding`` with its line and column and
/// the row is left out, so one run lists every problem. Broken syntax (a
/// quote never closed) stops it with an ``InputError``.
public enum GephiSpreadsheet {
  /// What reading a pair of spreadsheets gives.
  public struct Loaded: Sendable {
    /// One network holding the assets and relations, in a document of its own.
    public var document: NetworkDocument
    /// Problems with rows, each located; rows with an error were left out.
    public var findings: [Finding]
    /// Maps paths into ``document`` back to lines of the files.
    public var locations: SpreadsheetLocations
  }

  static let nodeColumns = SpreadsheetRows.nodeColumns
  static let edgeColumns = SpreadsheetRows.edgeColumns

  /// Reads a nodes CSV and, optionally, an edges CSV.
  /// - Parameters:
  ///   - nodes: The nodes file's bytes, and its name for messages.
  ///   - edges: The edges file's bytes and name, if there is one.
  /// - Complexity: O(n) in the bytes, one hash lookup per identifier.
  public static func load(
    nodes: (bytes: [UInt8], file: String), edges: (bytes: [UInt8], file: String)?
  ) throws(InputError) -> Loaded {
    var findings: [Finding] = []
    var network = Network(id: baseName(nodes.file), name: baseName(nodes.file))
    var assetRows: [Int] = []
    var relationRows: [Int] = []
    // Identifiers of bad rows, whose relations are left out: unless a good
    // row defines the same identifier, before or after.
    var rejectedIDs = Set<ByteExactID>()
    var acceptedIDs = Set<ByteExactID>()

    var nodeRows = try SpreadsheetRows(nodes: nodes.bytes, file: nodes.file)
    while let outcome = try nodeRows.nextNode() {
      switch outcome {
      case .good(let node):
        let id = node.row.cell(node.id)
        network.assets.append(
          Asset(
            id: id, kind: node.kind, name: node.label.map(node.row.cell),
            followers: node.followers, members: node.members))
        assetRows.append(node.row.offset)
        acceptedIDs.insert(ByteExactID(id))
        rejectedIDs.remove(ByteExactID(id))
      case .bad(let error, let row, let id):
        if let id, !acceptedIDs.contains(ByteExactID(row.cell(id))) {
          rejectedIDs.insert(ByteExactID(row.cell(id)))
        }
        findings.append(error.finding)
      }
    }

    var skippedRelations = 0
    var edgeHeader = CSVHeader(known: [])
    if let edges {
      var edgeRows = try SpreadsheetRows(edges: edges.bytes, file: edges.file)
      edgeHeader = edgeRows.header
      while let outcome = try edgeRows.nextEdge() {
        switch outcome {
        case .good(let edge):
          let source = edge.row.cell(edge.source)
          let target = edge.row.cell(edge.target)
          if rejectedIDs.contains(ByteExactID(source)) || rejectedIDs.contains(ByteExactID(target))
          {
            skippedRelations += 1
            continue
          }
          network.relations.append(
            Relation(
              source: source, target: target, type: edge.type,
              evidence: edge.evidence.map(edge.row.cell)))
          relationRows.append(edge.row.offset)
        case .bad(let error, _, _):
          findings.append(error.finding)
        }
      }
    }
    if skippedRelations > 0 {
      findings.append(skippedRelationsFinding(skippedRelations, file: edges?.file ?? nodes.file))
    }

    let report = Report(
      title: nodes.file, publisher: "itemized data", kind: .secondary,
      notes: ["read from \(nodes.file)" + (edges.map { " and \($0.file)" } ?? "")])
    let locations = SpreadsheetLocations(
      nodes: CSVTokenizer(bytes: nodes.bytes, file: nodes.file),
      nodeHeader: nodeRows.header.columns, assetRows: assetRows,
      edges: edges.map { CSVTokenizer(bytes: $0.bytes, file: $0.file) },
      edgeHeader: edgeHeader.columns, relationRows: relationRows)
    return Loaded(
      document: NetworkDocument(report: report, networks: [network]), findings: findings,
      locations: locations)
  }

  /// The note that relations touching a bad node row were left out.
  static func skippedRelationsFinding(_ count: Int, file: String) -> Finding {
    Finding(
      .info, "relation-of-bad-row",
      "\(count) relation(s) left out because a node they link was on a bad row",
      location: SourceLocation(file: file), structural: true)
  }

  /// A file's name without folders and without `.csv`: a spreadsheet network's id.
  public static func baseName(_ path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    if name.lowercased().hasSuffix(".csv") { name.removeLast(4) }
    return name
  }
}

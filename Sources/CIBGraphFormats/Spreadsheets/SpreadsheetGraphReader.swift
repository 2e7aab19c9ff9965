import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// Reads Gephi spreadsheets straight into an ``AssetGraph``, for inputs of
/// millions of rows.
///
/// ``GephiSpreadsheet`` builds a ``NetworkDocument`` (a `String` and an
/// `Asset` per row) that ``Validator`` then checks with dictionaries of
/// identifiers; on 400,000 nodes and a million edges that takes seconds, most
/// of it hashing `String`s (measured with perf). This reader interns
/// identifiers from the file's bytes (`ByteInterner`: the node's id is its
/// index), parses kinds and counts from bytes, and resolves edges with the
/// same table, so that it finds what the two-step path finds (bad rows,
/// duplicate identifiers, dangling references, each with its line and
/// column) in one pass. Tests check both paths agree on random inputs.
/// ``GephiSpreadsheet/readGraph(nodes:edges:kinds:limit:keepIdentifierIndex:keepNames:)``
/// calls it when the fast reader gives up.
package enum SpreadsheetGraphReader {
  /// The most findings kept (``LoadedGraph/findingLimit``).
  static let findingLimit = LoadedGraph.findingLimit

  /// The reader that checks and locates everything, for files that are not
  /// clean: ``SpreadsheetRows`` reads the rows, and this builds the graph,
  /// saying what the document path leaves to ``Validator`` (an identifier
  /// defined twice, a relation to nothing) in the validator's words.
  /// Without `keepNames`, every name is absent (the labels are still checked).
  /// - Complexity: O(bytes), one interner probe per identifier.
  package static func readCarefully(
    nodes: (bytes: [UInt8], file: String), edges: (bytes: [UInt8], file: String)?,
    kinds kindMapping: KindMapping = .standard, keepNames: Bool = true
  ) throws(InputError) -> LoadedGraph {
    var findings: [Finding] = []
    var omitted = 0
    /// Keeps the first ``findingLimit`` findings, counting the others.
    func trimFindings() {
      if findings.count > findingLimit {
        omitted += findings.count - findingLimit
        findings.removeLast(findings.count - findingLimit)
      }
    }
    var interner = ByteInterner(capacity: max(1024, nodes.bytes.count / 24))
    var ids: [String] = []
    var kinds: [AssetKind] = []
    var names: [String?] = []
    var followers: [Int] = []
    var members: [Int] = []
    var rejected = Set<UInt32>()
    /// Whether a node was defined by a later row than its slot's: nodes are
    /// then put back in the order of the rows that define them.
    var reordered = false
    var firstLine: [Int] = []

    var nodeRows = try SpreadsheetRows(nodes: nodes.bytes, file: nodes.file, kinds: kindMapping)
    while let outcome = try nodeRows.nextNode() {
      trimFindings()
      switch outcome {
      case .bad(let error, _, nil):
        findings.append(error.finding)
      case .bad(let error, let row, let id?):
        let (node, inserted) = row.withIdentifierBytes(id) { interner.intern($0) }
        findings.append(error.finding)
        if inserted {  // keep the slot so ids stay dense; the row is left out
          rejected.insert(node)
          ids.append("")
          kinds.append(.account)
          names.append(nil)
          followers.append(-1)
          members.append(-1)
          firstLine.append(row.line)
        }
      case .good(let row):
        let (node, inserted) = row.row.withIdentifierBytes(row.id) { interner.intern($0) }
        if !inserted, rejected.contains(node) {
          // The first row of this id was bad: this good one defines the node.
          rejected.remove(node)
          reordered = true
          ids[Int(node)] = row.row.cell(row.id)
          kinds[Int(node)] = row.kind
          names[Int(node)] = row.label.map(row.row.cell)
          followers[Int(node)] = row.followers ?? -1
          members[Int(node)] = row.members ?? -1
          firstLine[Int(node)] = row.row.line
          continue
        }
        guard inserted else {
          if !rejected.contains(node) {
            findings.append(
              Finding(
                .error, "duplicate-id",
                FindingMessage.idDefinedTwice(
                  ids[Int(node)], network: GephiSpreadsheet.baseName(nodes.file),
                  firstAt: "line \(firstLine[Int(node)])"),
                location: row.row.location(row.id), structural: true))
          }
          continue
        }
        ids.append(row.row.cell(row.id))
        kinds.append(row.kind)
        names.append(row.label.map(row.row.cell))
        followers.append(row.followers ?? -1)
        members.append(row.members ?? -1)
        firstLine.append(row.row.line)
      }
    }

    var graphEdges: [AssetGraph.Edge] = []
    var skipped = 0
    if let edges {
      var edgeRows = try SpreadsheetRows(edges: edges.bytes, file: edges.file)
      graphEdges.reserveCapacity(edges.bytes.count / 20)
      while let outcome = try edgeRows.nextEdge() {
        trimFindings()
        guard case .good(let edge) = outcome else {
          if case .bad(let error, _, _) = outcome { findings.append(error.finding) }
          continue
        }
        let ends = [edge.source, edge.target].map { field in
          edge.row.withIdentifierBytes(field) { interner.find($0) }
        }
        if let source = ends[0], rejected.contains(source) {
          skipped += 1
          continue
        }
        if let target = ends[1], rejected.contains(target) {
          skipped += 1
          continue
        }
        for (end, (column, field)) in zip(ends, [("source", edge.source), ("target", edge.target)])
        where end == nil {
          if findings.count >= findingLimit {
            omitted += 1  // counted without making its message
            continue
          }
          findings.append(
            Finding(
              .error, "dangling-reference",
              FindingMessage.danglingEnd(column, edge.row.cell(field), of: edge.type),
              location: edge.row.location(field), structural: true))
        }
        guard let source = ends[0], let target = ends[1] else { continue }
        graphEdges.append(
          AssetGraph.Edge(source: NodeIndex(source), target: NodeIndex(target), type: edge.type))
      }
    }
    trimFindings()
    if skipped > 0 {
      findings.append(
        GephiSpreadsheet.skippedRelationsFinding(skipped, file: edges?.file ?? nodes.file))
    }
    if !keepNames { names = [] }
    // Rejected rows keep their slot while edges are read; drop them now.
    var graph: AssetGraph
    if rejected.isEmpty && !reordered {
      graph = AssetGraph(
        ids: ids, kinds: kinds, names: names, followerCounts: followers, memberCounts: members,
        edges: graphEdges)
    } else {
      let keep = ids.indices.filter { !rejected.contains(UInt32($0)) }.sorted {
        firstLine[$0] < firstLine[$1]
      }
      var newIndex = [NodeIndex](repeating: -1, count: ids.count)
      for (position, old) in keep.enumerated() { newIndex[old] = NodeIndex(position) }
      graph = AssetGraph(
        ids: keep.map { ids[$0] }, kinds: keep.map { kinds[$0] },
        names: keepNames ? keep.map { names[$0] } : [],
        followerCounts: keep.map { followers[$0] }, memberCounts: keep.map { members[$0] },
        edges: graphEdges.map {
          AssetGraph.Edge(
            source: newIndex[Int($0.source)], target: newIndex[Int($0.target)], type: $0.type)
        })
    }
    return LoadedGraph(graph: graph, findings: findings, omittedErrors: omitted)
  }
}

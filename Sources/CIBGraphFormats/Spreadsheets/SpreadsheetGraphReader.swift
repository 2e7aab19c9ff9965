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
public enum SpreadsheetGraphReader {
  /// The graph, and the structural problems found (rows left out).
  public struct Result: Sendable {
    public var graph: AssetGraph
    /// The first ``findingLimit`` findings.
    public var findings: [Finding]
    /// Errors found beyond those: counted, not kept.
    public var omittedErrors = 0
  }

  /// The most findings kept. A wrong pair of files (edges of another nodes
  /// file) makes every row an error; keeping a message for each of 10 M rows
  /// took 16 GB and 200 s, to print the first twenty.
  public static let findingLimit = 1000

  /// Reads a nodes CSV and, optionally, an edges CSV.
  /// - Complexity: O(bytes), one interner probe per identifier.
  public static func read(
    nodes: (bytes: [UInt8], file: String), edges: (bytes: [UInt8], file: String)?
  ) throws(InputError) -> Result {
    let fast = nodes.bytes.withUnsafeBufferPointer { nodeBytes in
      guard let edges else { return FastSpreadsheetReader.read(nodes: nodeBytes, edges: nil) }
      return edges.bytes.withUnsafeBufferPointer { edgeBytes in
        FastSpreadsheetReader.read(nodes: nodeBytes, edges: edgeBytes)
      }
    }
    if let fast { return Result(graph: fast, findings: []) }
    return try readCarefully(nodes: nodes, edges: edges)
  }

  /// Reads mapped files: on all cores and giving pages back as it goes when
  /// they are clean, else (`nil`) the caller reads them with ``read(nodes:edges:)``,
  /// which finds and locates every problem.
  /// - Complexity: O(bytes).
  /// - Parameter nodes: The mapped nodes spreadsheet.
  /// - Parameter edges: The mapped edges spreadsheet, if there is one.
  /// - Parameter keepIdentifierIndex: Whether the graph keeps the table of
  ///   its identifiers built while reading (`AssetGraph.identifierIndex()`),
  ///   for reading audience lists next; otherwise its memory is given back.
  public static func readClean(
    nodes: MappedFile, edges: MappedFile?, keepIdentifierIndex: Bool = false
  ) -> AssetGraph? {
    let releaseNodes: FastSpreadsheetReader.Release = { nodes.release($0) }
    var releaseEdges: FastSpreadsheetReader.Release?
    if let edges { releaseEdges = { edges.release($0) } }
    return FastSpreadsheetReader.read(
      nodes: nodes.bytes, edges: edges?.bytes, releaseNodes: releaseNodes,
      releaseEdges: releaseEdges, keepIdentifierIndex: keepIdentifierIndex)
  }

  /// The reader that checks and locates everything, for files that are not clean.
  package static func readCarefully(
    nodes: (bytes: [UInt8], file: String), edges: (bytes: [UInt8], file: String)?
  ) throws(InputError) -> Result {
    var findings: [Finding] = []
    var omitted = 0
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

    var reader = CSVTokenizer(bytes: nodes.bytes, file: nodes.file)
    let header = try GephiSpreadsheet.header(
      &reader, known: GephiSpreadsheet.nodeColumns, required: ["id", "kind"], what: "nodes")
    var fields: [CSVField] = []
    while let (line, fieldCount) = try header.nextRow(&reader, into: &fields) {
      if findings.count > findingLimit {
        omitted += findings.count - findingLimit
        findings.removeLast(findings.count - findingLimit)
      }
      let row = Row(
        reader: reader, fields: fields, fieldCount: fieldCount, line: line, header: header)
      guard let values = row.checkedWidth(&findings) else { continue }
      let idField = values[header["id"]!]
      guard idField.start < idField.end else {
        findings.append(
          RowError(row.location(idField), "empty Id; every node needs an identifier").finding)
        continue
      }
      // Fields are checked in the order the document path checks them (id,
      // kind, label, counts), so that a row with several problems is
      // reported at the same field by `components` and by `validate`.
      do throws(RowError) { try row.checkText(idField) } catch {
        findings.append(error.finding)
        continue
      }
      let (node, inserted) =
        if idField.hasEscapedQuotes {
          interner.internString(try text(reader, idField))
        } else if row.needsText(idField), let id = try? row.cell(idField) {
          interner.internString(id)
        } else {
          reader.bytes.withUnsafeBufferPointer {
            interner.intern(UnsafeBufferPointer(rebasing: $0[idField.start..<idField.end]))
          }
        }
      do throws(RowError) {
        let kindField = values[header["kind"]!]
        guard let kind = kind(reader.bytes, kindField) else {
          let text = try row.text(kindField)
          throw RowError(
            row.location(kindField),
            "unknown kind \"\(text)\"; expected one of \(AssetKind.validNames)")
        }
        let label = try header["label"].map { (column) throws(RowError) in
          try row.cell(values[column])
        }
        let followerCount = try row.count(values, "followers")
        let memberCount = try row.count(values, "members")
        if !inserted, rejected.contains(node) {
          // The first row of this id was bad: this good one defines the node.
          rejected.remove(node)
          reordered = true
          ids[Int(node)] = try row.cell(idField)
          kinds[Int(node)] = kind
          names[Int(node)] = label
          followers[Int(node)] = followerCount ?? -1
          members[Int(node)] = memberCount ?? -1
          firstLine[Int(node)] = line
          continue
        }
        guard inserted else {
          if !rejected.contains(node) {
            let id = ids[Int(node)]
            findings.append(
              Finding(
                .error, "duplicate-id",
                "id \"\(id)\" is defined twice in network \"\(GephiSpreadsheet.baseName(nodes.file))\" (first at line \(firstLine[Int(node)]))",
                location: row.location(idField), structural: true))
          }
          continue
        }
        ids.append(try row.cell(idField))
        kinds.append(kind)
        names.append(label)
        followers.append(followerCount ?? -1)
        members.append(memberCount ?? -1)
        firstLine.append(line)
      } catch {
        findings.append(error.finding)
        if inserted {  // keep the slot so ids stay dense; the row is left out
          rejected.insert(node)
          ids.append("")
          kinds.append(.account)
          names.append(nil)
          followers.append(-1)
          members.append(-1)
          firstLine.append(line)
        }
      }
    }

    var graphEdges: [AssetGraph.Edge] = []
    var skipped = 0
    if let edges {
      var reader = CSVTokenizer(bytes: edges.bytes, file: edges.file)
      let header = try GephiSpreadsheet.header(
        &reader, known: GephiSpreadsheet.edgeColumns, required: ["source", "target"], what: "edges")
      graphEdges.reserveCapacity(edges.bytes.count / 20)
      while let (line, fieldCount) = try header.nextRow(&reader, into: &fields) {
        if findings.count > findingLimit {
          omitted += findings.count - findingLimit
          findings.removeLast(findings.count - findingLimit)
        }
        let row = Row(
          reader: reader, fields: fields, fieldCount: fieldCount, line: line, header: header)
        guard let values = row.checkedWidth(&findings) else { continue }
        do throws(RowError) {
          var ends: [UInt32?] = []
          for column in ["source", "target"] {
            let field = values[header[column]!]
            guard field.start < field.end else {
              throw RowError(
                row.location(field), "empty \(column.capitalized); every node needs an identifier")
            }
            try row.checkText(field)  // before the type, as the document path does
            ends.append(
              row.needsText(field)
                ? interner.find(try row.cell(field))
                : reader.bytes.withUnsafeBufferPointer {
                  interner.find(UnsafeBufferPointer(rebasing: $0[field.start..<field.end]))
                })
          }
          let type = try row.relationType(values)
          if let column = header["evidence"] { _ = try row.text(values[column]) }
          if let source = ends[0], rejected.contains(source) { skipped += 1; continue }
          if let target = ends[1], rejected.contains(target) { skipped += 1; continue }
          for (i, column) in ["source", "target"].enumerated() where ends[i] == nil {
            if findings.count >= findingLimit {
              omitted += 1  // counted without making its message
              continue
            }
            let field = values[header[column]!]
            findings.append(
              Finding(
                .error, "dangling-reference",
                "\(column) \"\(try row.cell(field))\" of a \(type.rawValue) relation is neither an asset nor an organisation of this document",
                location: row.location(field), structural: true))
          }
          guard let source = ends[0], let target = ends[1] else { continue }
          graphEdges.append(
            AssetGraph.Edge(source: NodeIndex(source), target: NodeIndex(target), type: type))
        } catch {
          findings.append(error.finding)
        }
      }
    }
    if findings.count > findingLimit {
      omitted += findings.count - findingLimit
      findings.removeLast(findings.count - findingLimit)
    }
    if skipped > 0 {
      findings.append(
        GephiSpreadsheet.skippedRelationsFinding(skipped, file: edges?.file ?? nodes.file))
    }
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
        ids: keep.map { ids[$0] }, kinds: keep.map { kinds[$0] }, names: keep.map { names[$0] },
        followerCounts: keep.map { followers[$0] }, memberCounts: keep.map { members[$0] },
        edges: graphEdges.map {
          AssetGraph.Edge(
            source: newIndex[Int($0.source)], target: newIndex[Int($0.target)], type: $0.type)
        })
    }
    return Result(graph: graph, findings: findings, omittedErrors: omitted)
  }

  private static func text(_ reader: CSVTokenizer, _ field: CSVField) throws(InputError) -> String {
    CSVText.undefused(try reader.string(field))
  }

  /// The kind named by a field's bytes, case-insensitive, spaces around allowed.
  static func kind(_ bytes: [UInt8], _ field: CSVField) -> AssetKind? {
    FieldNames.kinds.match(bytes, field)
  }
}

/// Known names (kinds, relation types) to match fields' bytes against
/// without making a `String`: ASCII case-insensitive, spaces and tabs around
/// ignored. Fields with escaped quotes never match (the caller falls back to
/// the text). Shared by the careful and the fast readers.
struct FieldNames<Value: Sendable>: Sendable {
  /// Each name lower-cased, as bytes.
  private let names: [([UInt8], Value)]

  init(_ names: [(String, Value)]) {
    self.names = names.map { (Array($0.0.lowercased().utf8), $0.1) }
  }

  /// The value whose name is `bytes[range]`.
  /// - Complexity: O(length of the field + names of that length).
  func match(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Value? {
    var start = range.lowerBound
    var end = range.upperBound
    while start < end, bytes[start] == .space || bytes[start] == .tab { start += 1 }
    while end > start, bytes[end - 1] == .space || bytes[end - 1] == .tab { end -= 1 }
    candidates: for (name, value) in names where name.count == end - start {
      for (offset, wanted) in name.enumerated() {
        let actual = bytes[start + offset]
        let lowered = actual >= 0x41 && actual <= 0x5A ? actual | 0x20 : actual
        if lowered != wanted { continue candidates }
      }
      return value
    }
    return nil
  }

  /// The value named by a field of the careful reader's.
  func match(_ bytes: [UInt8], _ field: CSVField) -> Value? {
    guard !field.hasEscapedQuotes else { return nil }
    return bytes.withUnsafeBufferPointer { match($0, field.start..<field.end) }
  }
}

extension FieldNames<AssetKind> {
  /// The kinds, and "organisation" for "organization".
  static let kinds = FieldNames(
    AssetKind.allCases.map { ($0.rawValue, $0) } + [("organisation", .organization)])
}

extension FieldNames<RelationType> {
  static let relationTypes = FieldNames(RelationType.allCases.map { ($0.rawValue, $0) })
}

extension ByteInterner {
  mutating func internString(_ text: String) -> (id: UInt32, inserted: Bool) {
    var copy = text
    return copy.withUTF8 { intern($0) }
  }

  func find(_ text: String) -> UInt32? {
    var copy = text
    return copy.withUTF8 { find($0) }
  }
}

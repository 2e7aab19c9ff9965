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

  static let nodeColumns = ["id", "label", "kind", "followers", "members"]
  static let edgeColumns = ["source", "target", "type", "evidence"]

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
    var rejectedIDs = Set<ByteExactID>()
    var acceptedIDs = Set<ByteExactID>()

    var reader = CSVTokenizer(bytes: nodes.bytes, file: nodes.file)
    let nodeHeader = try header(
      &reader, known: nodeColumns, required: ["id", "kind"], what: "nodes")
    var fields: [CSVField] = []
    while let (line, fieldCount) = try nodeHeader.nextRow(&reader, into: &fields) {
      let rowOffset = fields[0].offset
      let row = Row(
        reader: reader, fields: fields, fieldCount: fieldCount, line: line, header: nodeHeader)
      guard let values = row.checkedWidth(&findings) else { continue }
      do throws(RowError) {
        let id = try row.identifier(values, "id")
        do throws(RowError) {
          let kindField = try row.field(values, "kind")
          let kindText = try row.text(kindField)
          guard let kind = AssetKind(name: kindText.trimmingSpaces) else {
            throw RowError(
              row.location(kindField),
              "unknown kind \"\(kindText)\"; expected one of \(AssetKind.validNames)")
          }
          let label = try row.optionalField(values, "label")
          let asset = Asset(
            id: id, kind: kind,
            name: try label.map { (field) throws(RowError) in try row.cell(field) },
            followers: try row.count(values, "followers"),
            members: try row.count(values, "members"))
          network.assets.append(asset)
          assetRows.append(rowOffset)
          acceptedIDs.insert(ByteExactID(id))
          rejectedIDs.remove(ByteExactID(id))  // a good row after a bad one defines the node
        } catch {
          // A bad row repeating an accepted id leaves that node alone.
          if !acceptedIDs.contains(ByteExactID(id)) { rejectedIDs.insert(ByteExactID(id)) }
          throw error
        }
      } catch {
        findings.append(error.finding)
      }
    }

    var skippedRelations = 0
    var edgeHeader = CSVHeader(known: [])
    if let edges {
      var reader = CSVTokenizer(bytes: edges.bytes, file: edges.file)
      edgeHeader = try header(
        &reader, known: edgeColumns, required: ["source", "target"], what: "edges")
      while let (line, fieldCount) = try edgeHeader.nextRow(&reader, into: &fields) {
        let rowOffset = fields[0].offset
        let row = Row(
          reader: reader, fields: fields, fieldCount: fieldCount, line: line, header: edgeHeader)
        guard let values = row.checkedWidth(&findings) else { continue }
        do throws(RowError) {
          let source = try row.identifier(values, "source")
          let target = try row.identifier(values, "target")
          let type = try row.relationType(values)
          let evidenceField = try row.optionalField(values, "evidence")
          let evidence = try evidenceField.map { (field) throws(RowError) in try row.cell(field) }
          if rejectedIDs.contains(ByteExactID(source)) || rejectedIDs.contains(ByteExactID(target))
          {
            skippedRelations += 1
            continue
          }
          network.relations.append(
            Relation(source: source, target: target, type: type, evidence: evidence))
          relationRows.append(rowOffset)
        } catch {
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
      nodes: CSVTokenizer(bytes: nodes.bytes, file: nodes.file), nodeHeader: nodeHeader.columns,
      assetRows: assetRows,
      edges: edges.map { CSVTokenizer(bytes: $0.bytes, file: $0.file) },
      edgeHeader: edgeHeader.columns, relationRows: relationRows)
    return Loaded(
      document: NetworkDocument(report: report, networks: [network]), findings: findings,
      locations: locations)
  }

  /// Reads the header row (``CSVHeader``): the position of each known
  /// column, and how many fields it has; every known column is read, so a
  /// repeat of one is an error, and so is a missing required one.
  static func header(
    _ reader: inout CSVTokenizer, known: [String], required: [String], what: String
  ) throws(InputError) -> CSVHeader {
    guard let header = try CSVHeader.read(&reader, known: known, requireText: true) else {
      throw InputError(
        .badData, SourceLocation(file: reader.file),
        "empty file; expected a \(what) CSV starting with a header row")
    }
    for name in required where header[name] == nil {
      throw InputError(
        .badData, SourceLocation(file: reader.file, line: 1, column: 1),
        "the header has no \"\(name.capitalized)\" column (found: \(header.namesFound)); "
          + "a \(what) CSV needs \(required.map(\.capitalized).joined(separator: " and "))")
    }
    return header
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

/// A problem with one row, which leaves the row out.
struct RowError: Error {
  var location: SourceLocation
  var message: String
  init(_ location: SourceLocation, _ message: String) {
    self.location = location
    self.message = message
  }
  var finding: Finding {
    Finding(.error, "bad-row", message, location: location, structural: true)
  }
}

extension CSVHeader {
  /// Reads the next row, keeping no more fields than the header has and
  /// one: the first extra field, where a row too wide is located.
  func nextRow(_ reader: inout CSVTokenizer, into fields: inout [CSVField])
    throws(InputError) -> (line: Int, fieldCount: Int)?
  {
    try reader.nextRecord(into: &fields, keepingAtMost: fieldCount + 1)
  }
}

/// One record of a spreadsheet with the header that names its fields.
struct Row {
  let reader: CSVTokenizer
  /// The fields, at most one more than the header has (see ``CSVHeader/nextRow(_:into:)``).
  let fields: [CSVField]
  /// The record's fields, all counted.
  let fieldCount: Int
  let line: Int
  let header: CSVHeader

  func location(_ field: CSVField) -> SourceLocation { reader.location(of: field) }

  /// The fields, or `nil` (with a finding) when there are more or fewer than
  /// in the header: a row too short is located at its start, a row too wide
  /// at its first extra field.
  func checkedWidth(_ findings: inout [Finding]) -> [CSVField]? {
    guard fieldCount != header.fieldCount else { return fields }
    let location =
      fieldCount > header.fieldCount
      ? reader.location(of: fields[header.fieldCount])
      : SourceLocation(file: reader.file, line: line, column: 1)
    findings.append(
      RowError(
        location,
        "row has \(groupedDigits(fieldCount)) field(s); the header has \(groupedDigits(header.fieldCount))"
      ).finding)
    return nil
  }

  func field(_ values: [CSVField], _ column: String) throws(RowError) -> CSVField {
    values[header[column]!]
  }

  func optionalField(_ values: [CSVField], _ column: String) throws(RowError) -> CSVField? {
    header[column].map { values[$0] }
  }

  func text(_ field: CSVField) throws(RowError) -> String {
    do { return try reader.string(field) } catch { throw RowError(error.location, error.message) }
  }

  /// A text cell (an id, a label, evidence) as it was before the tool wrote
  /// it: without the quote that defused a formula (``CSVText/undefused(_:)``).
  func cell(_ field: CSVField) throws(RowError) -> String {
    CSVText.undefused(try text(field))
  }

  /// Whether an id must be read as text (``cell(_:)``) rather than as its
  /// bytes: it holds doubled quotes, or starts with a quote that may defuse a formula.
  func needsText(_ field: CSVField) -> Bool {
    field.hasEscapedQuotes
      || (field.start < field.end && reader.bytes[field.start] == UInt8(ascii: "'"))
  }

  /// Fails as ``text(_:)`` does on a field that is not valid UTF-8, without making its text.
  /// - Complexity: O(length of the field).
  func checkText(_ field: CSVField) throws(RowError) {
    let invalid = reader.bytes.withUnsafeBufferPointer {
      firstInvalidUTF8Offset($0, in: field.start..<field.end)
    }
    if invalid != nil { _ = try text(field) }
  }

  /// The relation type of an edges row: `linkedTo` when the column is missing or empty.
  func relationType(_ values: [CSVField]) throws(RowError) -> RelationType {
    guard let column = header["type"], values[column].start < values[column].end else {
      return .linkedTo
    }
    if let known = FieldNames.relationTypes.match(reader.bytes, values[column]) {
      return known
    }
    let typeText = try text(values[column])
    guard let parsed = RelationType(name: typeText.trimmingSpaces) else {
      throw RowError(
        location(values[column]),
        "unknown relation type \"\(typeText)\"; expected one of \(RelationType.validNames)")
    }
    return parsed
  }

  func identifier(_ values: [CSVField], _ column: String) throws(RowError) -> String {
    let field = try field(values, column)
    let id = try cell(field)
    guard !id.isEmpty else {
      throw RowError(location(field), "empty \(column.capitalized); every node needs an identifier")
    }
    return id
  }

  /// A follower or member count: empty for unknown, else a non-negative whole number.
  func count(_ values: [CSVField], _ column: String) throws(RowError) -> Int? {
    guard let field = try optionalField(values, column) else { return nil }
    let raw = try text(field)
    let trimmed = raw.trimmingSpaces
    if trimmed.isEmpty { return nil }
    if trimmed.hasPrefix("-"), Int(trimmed) != nil {
      throw RowError(
        location(field), "\(column.capitalized) is negative (\(trimmed)); counts are never negative"
      )
    }
    guard trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
      throw RowError(
        location(field),
        "\(column.capitalized) is not a whole number: \"\(raw.prefix(40))\"")
    }
    guard let value = Int(trimmed) else {
      throw RowError(
        location(field),
        "\(column.capitalized) is too large (\(trimmed.prefix(40))); the largest count accepted is \(groupedDigits(Count.largest))"
      )
    }
    if let refusal = Count.refusal(value) {
      throw RowError(location(field), "\(column.capitalized) \(refusal)")
    }
    return value
  }
}

/// Maps paths into a document read from spreadsheets back to the files.
public struct SpreadsheetLocations: LocationResolver {
  let nodes: CSVTokenizer
  let nodeHeader: [String: Int]
  let assetRows: [Int]
  let edges: CSVTokenizer?
  let edgeHeader: [String: Int]
  let relationRows: [Int]
  let nodeLines: LineStarts
  let edgeLines: LineStarts?

  init(
    nodes: CSVTokenizer, nodeHeader: [String: Int], assetRows: [Int], edges: CSVTokenizer?,
    edgeHeader: [String: Int], relationRows: [Int]
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

  public func location(of path: ModelPath) -> SourceLocation {
    let steps = path.components
    guard steps.count >= 4, case .key(let list) = steps[2], case .index(let row) = steps[3] else {
      return SourceLocation(file: nodes.file)
    }
    var field: String?
    if steps.count >= 5, case .key(let name) = steps[4] { field = Self.columnOfField[name] }
    switch list {
    case "assets" where row < assetRows.count:
      return locate(
        nodes, lines: nodeLines, header: nodeHeader, offset: assetRows[row], column: field)
    case "relations" where row < relationRows.count:
      if let edges, let edgeLines {
        return locate(
          edges, lines: edgeLines, header: edgeHeader, offset: relationRows[row], column: field)
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

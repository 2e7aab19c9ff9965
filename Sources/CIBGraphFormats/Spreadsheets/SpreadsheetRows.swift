import CIBGraphCore
import CIBGraphSupport

/// The one careful reader of Gephi spreadsheets' rows: every row rule, each
/// problem worded once.
///
/// A nodes row must be as wide as the header, with a non-empty identifier
/// that is valid UTF-8, a known kind, a label that is valid UTF-8, and
/// follower and member counts that are empty or whole numbers no larger than
/// ``Count/largest``. An edges row must be as wide as the header, with a
/// source and a target as identifiers are, a known relation type (or none),
/// and evidence that is valid UTF-8. Fields are checked in that order, so a
/// row with several problems is reported at the same field whatever is built
/// from the rows: the document (``GephiSpreadsheet``) or the graph
/// (``SpreadsheetGraphReader``). A bad row becomes a ``RowError`` and is
/// left out; what an identifier defined twice or a reference to nothing
/// means is the builder's to say, since the document leaves it to
/// ``Validator`` and the graph cannot be built without deciding.
struct SpreadsheetRows {
  /// The file, read on from the row after the header.
  private var reader: CSVTokenizer
  let header: CSVHeader
  private var fields: [CSVField] = []

  /// The columns of a nodes spreadsheet, lower-cased.
  static let nodeColumns = ["id", "label", "kind", "followers", "members", "network"]
  /// The columns of an edges spreadsheet, lower-cased.
  static let edgeColumns = ["source", "target", "type", "evidence"]

  /// A nodes row that follows every rule.
  struct NodeRow {
    var row: Row
    /// Not empty, valid UTF-8.
    var id: CSVField
    var kind: AssetKind
    /// Valid UTF-8, when the header has a Label column.
    var label: CSVField?
    var followers: Int?
    var members: Int?
    /// The id of the network the asset belongs to, when the header has a
    /// Network column and the row's is not empty; valid UTF-8.
    var network: CSVField?
  }

  /// An edges row that follows every rule.
  struct EdgeRow {
    var row: Row
    /// Not empty, valid UTF-8.
    var source: CSVField
    /// Not empty, valid UTF-8.
    var target: CSVField
    var type: RelationType
    /// Valid UTF-8, when the header has an Evidence column.
    var evidence: CSVField?
  }

  /// A row and what its reading found.
  enum Outcome<Good> {
    case good(Good)
    /// A row left out; `id` is its identifier when that was read before
    /// the problem was found (a nodes row only).
    case bad(RowError, row: Row, id: CSVField?)
  }

  /// Reads the header of a nodes spreadsheet.
  /// - Throws: ``InputError`` for broken syntax, an empty file, a column
  ///   read twice, or a missing Id or Kind column.
  init(nodes bytes: [UInt8], file: String) throws(InputError) {
    reader = CSVTokenizer(bytes: bytes, file: file)
    header = try Self.header(
      &reader, known: Self.nodeColumns, required: ["id", "kind"], what: "nodes")
  }

  /// Reads the header of an edges spreadsheet.
  /// - Throws: ``InputError`` for broken syntax, an empty file, a column
  ///   read twice, or a missing Source or Target column.
  init(edges bytes: [UInt8], file: String) throws(InputError) {
    reader = CSVTokenizer(bytes: bytes, file: file)
    header = try Self.header(
      &reader, known: Self.edgeColumns, required: ["source", "target"], what: "edges")
  }

  /// The next nodes row; `nil` at the end of the file.
  /// - Throws: ``InputError`` for broken syntax, which stops the reading.
  /// - Complexity: O(length of the row).
  mutating func nextNode() throws(InputError) -> Outcome<NodeRow>? {
    guard let row = try nextRow() else { return nil }
    if let error = row.widthError { return .bad(error, row: row, id: nil) }
    let id = fields[header["id"]!]
    do throws(RowError) {
      try row.checkIdentifier(id, "id")
    } catch {
      return .bad(error, row: row, id: nil)
    }
    do throws(RowError) {
      let kind = try row.kind(fields[header["kind"]!])
      let label = header["label"].map { fields[$0] }
      if let label { try row.checkText(label) }
      let followers = try row.count(fields, "followers")
      let members = try row.count(fields, "members")
      let network = header["network"].map { fields[$0] }.flatMap { $0.start < $0.end ? $0 : nil }
      if let network { try row.checkText(network) }
      return .good(
        NodeRow(
          row: row, id: id, kind: kind, label: label, followers: followers, members: members,
          network: network))
    } catch {
      return .bad(error, row: row, id: id)
    }
  }

  /// The next edges row; `nil` at the end of the file.
  /// - Throws: ``InputError`` for broken syntax, which stops the reading.
  /// - Complexity: O(length of the row).
  mutating func nextEdge() throws(InputError) -> Outcome<EdgeRow>? {
    guard let row = try nextRow() else { return nil }
    if let error = row.widthError { return .bad(error, row: row, id: nil) }
    do throws(RowError) {
      let source = fields[header["source"]!]
      try row.checkIdentifier(source, "source")
      let target = fields[header["target"]!]
      try row.checkIdentifier(target, "target")
      let type = try row.relationType(fields)
      let evidence = header["evidence"].map { fields[$0] }
      if let evidence { try row.checkText(evidence) }
      return .good(
        EdgeRow(row: row, source: source, target: target, type: type, evidence: evidence))
    } catch {
      return .bad(error, row: row, id: nil)
    }
  }

  /// Reads the next row, keeping no more fields than the header has and
  /// one: the first extra field, where a row too wide is located.
  private mutating func nextRow() throws(InputError) -> Row? {
    guard
      let (line, fieldCount) = try reader.nextRecord(
        into: &fields, keepingAtMost: header.fieldCount + 1)
    else { return nil }
    return Row(reader: reader, fields: fields, fieldCount: fieldCount, line: line, header: header)
  }

  /// Reads the header row (``CSVHeader``): every known column is read, so a
  /// repeat of one is an error, and so is a missing required one.
  private static func header(
    _ reader: inout CSVTokenizer, known: [String], required: [String], what: String
  ) throws(InputError) -> CSVHeader {
    let article = what.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    guard let header = try CSVHeader.read(&reader, known: known, requireText: true) else {
      throw InputError(
        .badData, SourceLocation(file: reader.file),
        "empty file; expected \(article) \(what) CSV starting with a header row")
    }
    for name in required where header[name] == nil {
      // At the header's own line: blank lines may come before it.
      throw InputError(
        .badData, SourceLocation(file: reader.file, line: header.line, column: 1),
        "the header has no \"\(name.capitalized)\" column (found: \(header.namesFound)); "
          + "\(article) \(what) CSV needs \(required.map(\.capitalized).joined(separator: " and "))"
      )
    }
    return header
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

/// One record of a spreadsheet with the header that names its fields: the
/// rules for single fields, and the text and bytes of fields checked by them.
struct Row {
  let reader: CSVTokenizer
  /// The fields, at most one more than the header has.
  let fields: [CSVField]
  /// The record's fields, all counted.
  let fieldCount: Int
  let line: Int
  let header: CSVHeader

  /// Where the row starts in the file.
  var offset: Int { fields[0].offset }

  func location(_ field: CSVField) -> SourceLocation { reader.location(of: field) }

  /// The problem with a row of more or fewer fields than the header, if it
  /// is one: a row too short is located at its start, a row too wide at its
  /// first extra field.
  var widthError: RowError? {
    guard fieldCount != header.fieldCount else { return nil }
    let location =
      fieldCount > header.fieldCount
      ? reader.location(of: fields[header.fieldCount])
      : SourceLocation(file: reader.file, line: line, column: 1)
    return RowError(
      location,
      "row has \(groupedDigits(fieldCount)) field(s); the header has \(groupedDigits(header.fieldCount))"
    )
  }

  /// The text of a field, doubled quotes undone.
  func text(_ field: CSVField) throws(RowError) -> String {
    do { return try reader.string(field) } catch { throw RowError(error.location, error.message) }
  }

  /// Fails as ``text(_:)`` does on a field that is not valid UTF-8, without making its text.
  /// - Complexity: O(length of the field).
  func checkText(_ field: CSVField) throws(RowError) {
    let invalid = reader.bytes.withUnsafeBufferPointer {
      firstInvalidUTF8Offset($0, in: field.start..<field.end)
    }
    if invalid != nil { _ = try text(field) }
  }

  /// Checks an identifier's field: valid UTF-8, and not empty.
  func checkIdentifier(_ field: CSVField, _ column: String) throws(RowError) {
    try checkText(field)
    guard field.start < field.end else {
      throw RowError(location(field), "empty \(column.capitalized); every node needs an identifier")
    }
  }

  /// A text cell (an id, a label, evidence) of a field already checked to
  /// be valid UTF-8, as it was before the tool wrote it: without the quote
  /// that defused a formula (``CSVText/undefused(_:)``).
  func cell(_ field: CSVField) -> String {
    CSVText.undefused(reader.lossyString(field))
  }

  /// Whether an id must be read as its text (``cell(_:)``) rather than as
  /// its bytes: it holds doubled quotes, or starts with a quote that may
  /// defuse a formula.
  func needsText(_ field: CSVField) -> Bool {
    field.hasEscapedQuotes
      || (field.start < field.end && reader.bytes[field.start] == UInt8(ascii: "'"))
  }

  /// Calls `body` with the bytes of the identifier a checked field holds:
  /// its bytes as they are, or its ``cell(_:)`` text when it ``needsText(_:)``.
  func withIdentifierBytes<Result>(
    _ field: CSVField, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    if needsText(field) {
      var text = cell(field)
      return text.withUTF8(body)
    }
    return reader.bytes.withUnsafeBufferPointer {
      body(UnsafeBufferPointer(rebasing: $0[field.start..<field.end]))
    }
  }

  /// The kind a field names, case-insensitive, spaces around allowed.
  func kind(_ field: CSVField) throws(RowError) -> AssetKind {
    if let known = FieldNames.kinds.match(reader.bytes, field) { return known }
    let text = try text(field)
    guard let kind = AssetKind(name: text.trimmingSpaces) else {
      throw RowError(
        location(field), "unknown kind \"\(text)\"; expected one of \(AssetKind.validNames)")
    }
    return kind
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

  /// A follower or member count: empty for unknown, else a non-negative whole number.
  func count(_ values: [CSVField], _ column: String) throws(RowError) -> Int? {
    guard let index = header[column] else { return nil }
    let field = values[index]
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

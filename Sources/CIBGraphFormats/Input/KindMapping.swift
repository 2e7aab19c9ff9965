import CIBGraphCore
import CIBGraphSupport

/// How the kinds of nodes are read from files that other tools wrote: the
/// column (of a nodes spreadsheet) or attribute (of a GraphML or GEXF node)
/// that holds them, what its values mean, and the kind of a node without one.
///
/// A node's kind is read, in this order, from:
/// 1. the values mapped with ``map(_:to:)`` or ``readMap(_:limit:)``
///    (`FB Page` → `AssetKind.page`),
/// 2. the names and spellings of the kinds (`page`, `Facebook Page`,
///    `fb_page`, `IG account`, `YouTube channel`, …),
/// 3. the default kind given to ``init(column:defaultKind:)``, for an empty
///    value, a node without the attribute, or every node of a file without
///    the column.
///
/// Values compare as kinds' names do: case ignored, a space or `_` read as
/// `-`, spaces around ignored. Any other value is an error of its row or
/// node. JSON documents are not read through a mapping: their kinds are the
/// format's own.
public struct KindMapping: Sendable {
  /// The column or attribute that holds kinds, matched without case: `Kind`
  /// unless said otherwise (a Gephi export's `platform`, say).
  package var column: String
  /// The kind of a node whose kind is empty or missing; `nil` makes such a
  /// node an error, and a file without the ``column`` a refused file.
  package var defaultKind: AssetKind?
  /// The mapped values, by their key (`AssetKind`'s spelling rules), in the
  /// order they were mapped.
  private var mapped: [(key: String, kind: AssetKind)] = []
  private var positionOfKey: [String: Int] = [:]

  /// Kinds read from a column `Kind`, by their names, with no default: the
  /// convention of cibgraph's own spreadsheets and exports; the readers'
  /// default, which a library user writes as `KindMapping()`.
  @usableFromInline package static let standard = KindMapping()

  /// A mapping that reads kinds from `column`, gives `defaultKind` to nodes
  /// without one, and maps no values yet. The two are the caller's own and
  /// are not read back.
  /// - Parameters:
  ///   - column: The column or attribute that holds kinds, matched without
  ///     case: `Kind` unless said otherwise (a Gephi export's `platform`, say).
  ///   - defaultKind: The kind of a node whose kind is empty or missing;
  ///     `nil` makes such a node an error, and a file without the column a
  ///     refused file.
  /// - Complexity: O(1).
  public init(column: String = "Kind", defaultKind: AssetKind? = nil) {
    self.column = column
    self.defaultKind = defaultKind
  }

  /// Reads `value` as `kind` from now on, before the kinds' own names; a
  /// value mapped again takes the later kind.
  /// - Complexity: O(length of `value`).
  public mutating func map(_ value: String, to kind: AssetKind) {
    let key = AssetKind.spellingKey(value.trimmingSpaces)
    if let position = positionOfKey[key] {
      mapped[position].kind = kind
    } else {
      positionOfKey[key] = mapped.count
      mapped.append((key, kind))
    }
  }

  /// Reads a kinds map, a CSV file with a header naming a `Value` and a
  /// `Kind` column (in any order and case; other columns are ignored), and
  /// maps each row's value to its kind (any name or spelling of a kind).
  /// - Throws: `InputError`: `.missingInput` for a file that cannot be
  ///   read; `.badData`, located, for broken syntax, a missing column, a
  ///   row of another width than the header, an empty value, an unknown
  ///   kind, or a value given twice in the file (even with the same kind:
  ///   a map that says a thing twice was not checked). The mapping is
  ///   unchanged when it throws.
  /// - Complexity: O(bytes).
  public mutating func readMap(_ source: InputSource, limit: InputSizeLimit = .standard)
    throws(InputError)
  {
    let input = try source.open()
    let bytes = try input.readWhole(limit: limit)
    var reader = CSVTokenizer(bytes: bytes, file: input.name)
    guard
      let header = try CSVHeader.read(&reader, known: ["value", "kind"], requireText: true)
    else {
      throw InputError(.badData, SourceLocation(file: input.name), "empty kinds map")
    }
    guard let valueColumn = header["value"], let kindColumn = header["kind"] else {
      throw InputError(
        .badData, SourceLocation(file: input.name, line: header.line, column: 1),
        "a kinds map's header names a \"Value\" and a \"Kind\" column (found: \(header.namesFound))"
      )
    }
    var copy = self
    var lineOfKey: [String: Int] = [:]
    var fields: [CSVField] = []
    while let (line, count) = try reader.nextRecord(
      into: &fields, keepingAtMost: header.fieldCount + 1)
    {
      guard count == header.fieldCount else {
        throw InputError(
          .badData, SourceLocation(file: input.name, line: line, column: 1),
          "row has \(count) field(s); the header has \(header.fieldCount)")
      }
      let value = try reader.string(fields[valueColumn]).trimmingSpaces
      let kindText = try reader.string(fields[kindColumn]).trimmingSpaces
      guard !value.isEmpty else {
        throw InputError(
          .badData, reader.location(of: fields[valueColumn]),
          "empty Value; every row maps a value to a kind")
      }
      guard let kind = AssetKind(name: kindText) else {
        throw InputError(
          .badData, reader.location(of: fields[kindColumn]),
          "unknown kind \"\(kindText)\"; expected one of \(AssetKind.validNames)")
      }
      let key = AssetKind.spellingKey(value)
      if let first = lineOfKey[key] {
        throw InputError(
          .badData, reader.location(of: fields[valueColumn]),
          "\"\(value)\" is mapped twice, on line \(first) and here; keep one row for it")
      }
      lineOfKey[key] = line
      copy.map(value, to: kind)
    }
    self = copy
  }

  /// The column's name as headers are compared: lower-cased, spaces around removed.
  var columnKey: String { column.trimmingSpaces.lowercased() }

  /// The kind a non-empty value names: a mapped value, then a kind's name or
  /// spelling; `nil` for anything else.
  /// - Complexity: O(length of `text`).
  func kind(named text: String) -> AssetKind? {
    let key = AssetKind.spellingKey(text.trimmingSpaces)
    if let position = positionOfKey[key] { return mapped[position].kind }
    return AssetKind(name: key)
  }

  /// The mapped values and then the built-in spellings, for matching bytes.
  /// - Complexity: O(mapped values + spellings): make it once per file.
  func fieldNames() -> FieldNames<AssetKind> {
    mapped.isEmpty
      ? FieldNames.kinds
      : FieldNames(
        mapped.map { ($0.key, $0.kind) } + AssetKind.builtInSpellings.map { ($0.name, $0.kind) })
  }

  /// Why a value names no kind, for the message of its row or node.
  func unknownValueMessage(_ text: String) -> String {
    "unknown kind \"\(text)\"; expected one of \(AssetKind.validNames), or a value "
      + (mapped.isEmpty ? "a kinds map names" : "the kinds map names")
  }
}

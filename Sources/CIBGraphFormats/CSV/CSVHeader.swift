import CIBGraphCore
import CIBGraphSupport

/// The header row of a CSV file, read a field at a time: where the columns
/// a reader knows are, and how many fields every row must have. Every
/// reader of a CSV format (Gephi spreadsheets, audience lists, activity
/// files; careful and fast) reads its header through this type, so that
/// names match and repeats are judged alike everywhere.
///
/// Names are matched without case and without spaces or tabs around them.
/// Only the known columns and the first few names (for messages) are kept,
/// so a header of any width takes little memory.
///
/// A column named twice is an error when the reader needs that column
/// (``requireOnce(_:)``), naming both positions. Taking the first (or the
/// last) silently would read one of two columns that may hold different
/// data (a file joined from two exports, a column pasted in twice and
/// edited once), and nothing in the output would say which one was used;
/// a careful user wants to be told, and told where, so the file can be
/// fixed. A repeated column the reader does not read is no error.
package struct CSVHeader: Sendable {
  /// The line the header is on.
  package var line = 1
  /// Fields in the header, known or not; a trailing comma counts one.
  package private(set) var fieldCount = 0
  /// Each known column found (lower-cased), at its first position (0-based).
  package private(set) var columns: [String: Int] = [:]
  /// The first repeat of each known column named more than once.
  private var repeats: [String: Repeat] = [:]
  /// The first names as written, safe to show, for messages.
  private var shownNames: [String] = []
  private let known: [String]
  private let everyKnownColumnIsRead: Bool

  private struct Repeat: Sendable {
    var first: Int
    var second: Int
    var location: SourceLocation
  }

  /// An empty header, to be given its fields with ``note(_:at:)``.
  /// - Parameter known: The column names the reader looks for, lower-cased.
  /// - Parameter everyKnownColumnIsRead: Whether the reader reads every
  ///   known column it finds, so that a repeat of any is an error as soon as
  ///   it is seen; otherwise the reader says which it needs, once it knows,
  ///   with ``requireOnce(_:)``.
  package init(known: [String], everyKnownColumnIsRead: Bool = true) {
    self.known = known
    self.everyKnownColumnIsRead = everyKnownColumnIsRead
  }

  /// The position (0-based) of a known column, if the header has it.
  package subscript(column: String) -> Int? { columns[column] }

  /// Notes the header's next field, whose text is `text` (doubled quotes
  /// undone) and which starts at `location` (evaluated only for a repeat).
  /// - Throws: ``InputError`` for a repeated column every one of which is read.
  /// - Complexity: O(length of the text + known names).
  package mutating func note(_ text: String, at location: @autoclosure () -> SourceLocation)
    throws(InputError)
  {
    defer { fieldCount += 1 }
    if shownNames.count < 10 { shownNames.append(VisibleText.safe(text, limit: 40)) }
    let name = text.trimmingSpaces.lowercased()
    guard known.contains(name) else { return }
    guard let first = columns[name] else {
      columns[name] = fieldCount
      return
    }
    if repeats[name] == nil {
      repeats[name] = Repeat(first: first, second: fieldCount, location: location())
    }
    if everyKnownColumnIsRead { try requireOnce([name]) }
  }

  /// Refuses a header that names one of `names` (columns the reader needs)
  /// twice: the error is at the second, and names both positions.
  /// - Complexity: O(names).
  package func requireOnce(_ names: some Sequence<String>) throws(InputError) {
    var earliest: (name: String, repeat: Repeat)?
    for name in names {
      guard let found = repeats[name] else { continue }
      if earliest == nil || found.second < earliest!.repeat.second { earliest = (name, found) }
    }
    guard let (name, found) = earliest else { return }
    throw InputError(
      .badData, found.location,
      "column \"\(name)\" appears twice in the header, as fields \(found.first + 1) and \(found.second + 1); rename or remove one"
    )
  }

  /// The first names of the header, and how many there are in all when
  /// that is more: `Id, Label, … 1,000,000 columns in all`.
  package var namesFound: String {
    var names = shownNames
    if fieldCount > names.count { names.append("… \(groupedDigits(fieldCount)) columns in all") }
    return names.joined(separator: ", ")
  }

  /// How a header of one field seems to separate its names, when it holds
  /// a semicolon or a tab (a spreadsheet saved in a locale that writes
  /// `;`, or a TSV): for the message that refuses it.
  package var otherSeparator: String? {
    guard fieldCount == 1, let name = shownNames.first else { return nil }
    if name.contains(";") { return "a semicolon" }
    if name.contains("\\t") || name.contains("\t") { return "a tab" }
    return nil
  }

  /// Reads the header row of a whole input.
  /// - Parameter requireText: Whether a header name that is not valid UTF-8
  ///   is an error (else it is read with U+FFFD and matches nothing).
  /// - Returns: The header, or `nil` when the input has no record at all.
  /// - Complexity: O(length of the header row).
  package static func read(
    _ tokenizer: inout CSVTokenizer, known: [String], everyKnownColumnIsRead: Bool = true,
    requireText: Bool
  ) throws(InputError) -> CSVHeader? {
    var header = CSVHeader(known: known, everyKnownColumnIsRead: everyKnownColumnIsRead)
    let text = tokenizer  // the bytes, for the fields' text while `tokenizer` moves on
    let line = try tokenizer.nextRecord { (field) throws(InputError) in
      let name = requireText ? try text.string(field) : text.lossyString(field)
      try header.note(name, at: text.location(of: field))
    }
    guard let line else { return nil }
    header.line = line
    return header
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces and tabs.
  var trimmingSpaces: String {
    var slice = Substring(self)
    while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
    while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
    return String(slice)
  }
}

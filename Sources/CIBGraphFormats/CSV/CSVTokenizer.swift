import CIBGraphCore
import CIBGraphSupport
import Foundation

/// A field of a CSV record, as a byte range of the text.
package struct CSVField: Sendable, Hashable {
  /// First byte of the content (after the opening quote, if quoted).
  package var start: Int
  /// One past the last byte of the content (before the closing quote).
  package var end: Int
  /// Whether the content holds doubled quotes `""` that stand for one `"`.
  package var hasEscapedQuotes: Bool
  /// Line the field starts on, 1-based.
  package var line: Int
  /// Byte offset of the start of that line, for computing the column.
  package var lineStart: Int
  /// Byte offset where the field starts, its opening quote included.
  package var offset: Int
}

/// An RFC 4180 tokenizer: the one reading of the CSV grammar that locates
/// what it finds.
///
/// Fields separated by commas, records by CRLF, LF or CR; a field may be
/// quoted with `"` and then hold commas, line breaks and doubled quotes. A
/// byte-order mark at the start is skipped; blank lines are skipped. It
/// works on bytes and hands out ranges, so reading a record allocates
/// nothing; ``string(_:)`` makes a `String` only when one is needed.
///
/// It reads a whole input held in memory (``init(bytes:file:)``, then
/// ``nextRecord(into:)`` and its variants), or a stream fed in chunks
/// (``init(streaming:)``, ``feed(_:)``, ``finish()``, then ``nextField()``
/// until it asks for more): the same grammar either way, and the same
/// fields, lines, columns and errors wherever the chunks are cut. A stream
/// keeps only the bytes from the start of the field being read, so a record
/// of any width costs the memory of one field.
///
/// Errors are thrown with the file, line and column: a quoted field that is
/// never closed, a quote inside an unquoted field, text after a closing
/// quote, a field longer than ``maxFieldBytes``.
package struct CSVTokenizer: Sendable {
  /// The longest field accepted, in bytes (1 MiB): a field holds at most
  /// one identifier, so this is ``ByteExactID``'s limit.
  @inlinable package static var maxFieldBytes: Int { ByteExactID.longestID }

  /// The bytes read: the whole input, or for a stream the bytes fed from
  /// the start of the first field still being read (fields' ranges index it).
  package private(set) var bytes: [UInt8]
  package let file: String
  private var position: Int
  private var line = 1
  private var lineStart: Int
  /// Columns of the line that holds `bytes[0]` in bytes a stream has let go
  /// of: a field whose `lineStart` is 0 is that many columns further right.
  private var columnsBefore = 0
  /// Whether a stream may still be fed: until then the end of `bytes` is not
  /// the end of the input, and reading stops there to ask for more.
  private var awaitingMore: Bool
  /// Whether the start of the input has been checked for a byte-order mark.
  private var markChecked: Bool
  private var state = State.betweenRecords

  /// Where the reading is in the grammar.
  private enum State {
    /// Before a record: blank lines are skipped.
    case betweenRecords
    /// After a comma: a field of the record starts at `position`.
    case fieldStart
    /// Inside a field, scanning at `position`.
    case inField(PartialField)
    /// After a field: its separator at `position` says whether the record goes on.
    case afterField(CSVField)
    /// After a comma that ends the input: the record's last field is empty.
    case trailingEmptyField(CSVField)
  }

  /// A field being scanned.
  private struct PartialField {
    /// Where the field starts, its opening quote included.
    var offset: Int
    /// Where its content starts (after the opening quote, if quoted).
    var start: Int
    var quoted: Bool
    var escaped = false
    var line: Int
    var lineStart: Int
  }

  /// What ``nextField()`` found.
  package enum Step: Equatable {
    /// A field, and whether it is the last of its record.
    case field(CSVField, endsRecord: Bool)
    /// A stream's bytes so far are read: ``feed(_:)`` more, or ``finish()``.
    case needsMore
    /// The input has ended.
    case end
  }

  /// A tokenizer over a whole input held in memory.
  package init(bytes: [UInt8], file: String) {
    self.bytes = bytes
    self.file = file
    position = 0
    lineStart = 0
    awaitingMore = false
    markChecked = false
    _ = checkMark()
  }

  /// A tokenizer to be fed an input in chunks (``feed(_:)``), for streams
  /// of any length; `file` names the input in messages.
  package init(streaming file: String) {
    bytes = []
    self.file = file
    position = 0
    lineStart = 0
    awaitingMore = true
    markChecked = false
  }

  /// Adds the next bytes of a stream, letting go of those no longer needed.
  /// Fields handed out before are invalid afterwards: their ranges index
  /// bytes that may have moved.
  /// - Complexity: O(chunk), amortized: the bytes kept are moved only once
  ///   they are at most half of what is held.
  package mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) {
    precondition(awaitingMore, "feed after finish")
    let needed = firstNeededOffset
    if needed > 0, needed >= bytes.count / 2 { dropBytes(before: needed) }
    bytes.append(contentsOf: chunk)
  }

  /// Where the next record is read from, as a byte offset in ``bytes``.
  package var offset: Int { position }

  /// Marks the end of a stream: ``nextField()`` reads to the end of the input.
  package mutating func finish() {
    awaitingMore = false
  }

  /// Reads the next record into `fields` (replacing its content).
  /// - Returns: The line the record starts on, or `nil` at the end of the file.
  /// - Complexity: O(length of the record).
  package mutating func nextRecord(into fields: inout [CSVField]) throws(InputError) -> Int? {
    try nextRecord(into: &fields, keepingAtMost: .max)?.line
  }

  /// Reads the next record, keeping only its first `limit` fields in
  /// `fields` (replacing its content): the others are read, their syntax
  /// checked, and counted. A row of a million fields so costs no memory
  /// when the reader needs only as many as its header has.
  /// - Returns: The line the record starts on and how many fields it has
  ///   (a trailing comma ends with an empty field, as RFC 4180 has it), or
  ///   `nil` at the end of the file.
  /// - Complexity: O(length of the record).
  package mutating func nextRecord(into fields: inout [CSVField], keepingAtMost limit: Int)
    throws(InputError) -> (line: Int, fieldCount: Int)?
  {
    fields.removeAll(keepingCapacity: true)
    var count = 0
    let line = try nextRecord { field in
      if count < limit { fields.append(field) }
      count += 1
    }
    return line.map { ($0, count) }
  }

  /// Reads the next record of a whole input, handing its fields to `body`
  /// one at a time and keeping none (for a header of any width).
  /// - Returns: The line the record starts on, or `nil` at the end of the file.
  /// - Complexity: O(length of the record).
  package mutating func nextRecord(eachField body: (CSVField) throws(InputError) -> Void)
    throws(InputError) -> Int?
  {
    var recordLine: Int?
    while true {
      switch try nextField() {
      case .field(let field, let endsRecord):
        if recordLine == nil { recordLine = field.line }
        try body(field)
        if endsRecord { return recordLine }
      case .end:
        return nil
      case .needsMore:
        preconditionFailure("a stream is read with nextField(), which asks for more")
      }
    }
  }

  /// Reads the next field: the grammar, one field at a time. A record's
  /// line is its first field's ``CSVField/line``.
  /// - Complexity: O(length of the field), amortized over a stream's chunks.
  package mutating func nextField() throws(InputError) -> Step {
    while true {
      switch state {
      case .betweenRecords:
        guard checkMark(), skipBlankLines() else { return .needsMore }
        guard position < bytes.count else { return .end }
        state = .fieldStart
      case .fieldStart:
        guard position < bytes.count else {
          // Only a stream gets here (a comma is read once a byte follows it).
          if awaitingMore { return .needsMore }
          state = .betweenRecords
          return .field(emptyField(), endsRecord: true)
        }
        let quoted = bytes[position] == .quote
        state = .inField(
          PartialField(
            offset: position, start: quoted ? position + 1 : position, quoted: quoted,
            line: line, lineStart: lineStart))
        if quoted { position += 1 }
      case .inField(var partial):
        guard let field = try scan(&partial) else {
          state = .inField(partial)
          return .needsMore
        }
        state = .afterField(field)
      case .afterField(let field):
        guard position < bytes.count else {
          if awaitingMore { return .needsMore }
          state = .betweenRecords
          return .field(field, endsRecord: true)
        }
        switch bytes[position] {
        case .comma:
          if position + 1 == bytes.count {
            if awaitingMore { return .needsMore }
            position += 1
            state = .trailingEmptyField(emptyField())  // a trailing comma ends with an empty field
          } else {
            position += 1
            state = .fieldStart
          }
          return .field(field, endsRecord: false)
        case .cr:
          if position + 1 == bytes.count, awaitingMore { return .needsMore }  // CRLF or a lone CR?
          position += 1
          if position < bytes.count, bytes[position] == .lf { position += 1 }
          newLine()
          state = .betweenRecords
          return .field(field, endsRecord: true)
        case .lf:
          position += 1
          newLine()
          state = .betweenRecords
          return .field(field, endsRecord: true)
        default:  // an unquoted field ends only at a separator, so this follows a closing quote
          throw error(
            at: position, line: line, lineStart: lineStart,
            "unexpected text after a closing quote; a quote inside a quoted field is written \"\"")
        }
      case .trailingEmptyField(let field):
        state = .betweenRecords
        return .field(field, endsRecord: true)
      }
    }
  }

  /// The text of a field, with doubled quotes undone.
  /// - Throws: When the field is not valid UTF-8.
  /// - Complexity: O(length of the field).
  package func string(_ field: CSVField) throws(InputError) -> String {
    let invalid = bytes.withUnsafeBufferPointer {
      firstInvalidUTF8Offset($0, in: field.start..<field.end)
    }
    if let invalid {
      throw error(
        at: invalid, line: field.line, lineStart: field.lineStart, "invalid UTF-8 in a field")
    }
    return lossyString(field)
  }

  /// The text of a field, with doubled quotes undone and bytes that are not
  /// UTF-8 shown as U+FFFD.
  /// - Complexity: O(length of the field).
  package func lossyString(_ field: CSVField) -> String {
    withContent(of: field) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with a field's bytes, doubled quotes undone (into a copy
  /// only when it has any).
  /// - Complexity: O(1), or O(length of the field) when it has doubled quotes.
  package func withContent<Result>(
    of field: CSVField, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    guard field.hasEscapedQuotes else {
      return bytes.withUnsafeBufferPointer {
        body(UnsafeBufferPointer(rebasing: $0[field.start..<field.end]))
      }
    }
    var content: [UInt8] = []
    bytes.withUnsafeBufferPointer {
      DoubledQuotes.undo(UnsafeBufferPointer(rebasing: $0[field.start..<field.end]), into: &content)
    }
    return content.withUnsafeBufferPointer(body)
  }

  /// Whether a field is empty.
  package func isEmpty(_ field: CSVField) -> Bool { field.start == field.end }

  /// The location of a field, for messages.
  /// - Complexity: O(length of its line up to the field).
  package func location(of field: CSVField) -> SourceLocation {
    SourceLocation(file: file, line: field.line, column: column(of: field))
  }

  /// The column (in Unicode scalars) a field starts at, its opening quote included.
  /// - Complexity: O(length of its line up to the field).
  package func column(of field: CSVField) -> Int {
    column(at: field.offset, lineStart: field.lineStart)
  }

  mutating func reposition(offset: Int, line: Int, lineStart: Int) {
    position = offset
    self.line = line
    self.lineStart = lineStart
    state = .betweenRecords
  }

  private func column(at offset: Int, lineStart: Int) -> Int {
    let column = bytes.withUnsafeBufferPointer {
      scalarColumn($0, lineStart: lineStart, offset: offset)
    }
    return lineStart == 0 ? column + columnsBefore : column
  }

  /// Skips a byte-order mark at the start of the input; `false` when a
  /// stream has not yet given enough bytes to tell.
  private mutating func checkMark() -> Bool {
    guard !markChecked else { return true }
    let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
    let available = bytes.count - position
    if available < 3, awaitingMore, bytes[position...].elementsEqual(mark.prefix(available)) {
      return false
    }
    if available >= 3, bytes[position..<position + 3].elementsEqual(mark) {
      position += 3
      lineStart = position
    }
    markChecked = true
    return true
  }

  /// Skips blank lines; `false` when a stream must be fed more first.
  private mutating func skipBlankLines() -> Bool {
    while position < bytes.count {
      if bytes[position] == .lf {
        position += 1
        newLine()
      } else if bytes[position] == .cr {
        if position + 1 == bytes.count, awaitingMore { return false }
        position += 1
        if position < bytes.count, bytes[position] == .lf { position += 1 }
        newLine()
      } else {
        return true
      }
    }
    return !awaitingMore
  }

  private mutating func newLine() {
    line += 1
    lineStart = position
  }

  private func emptyField() -> CSVField {
    CSVField(
      start: position, end: position, hasEscapedQuotes: false, line: line, lineStart: lineStart,
      offset: position)
  }

  private func error(at offset: Int, line: Int, lineStart: Int, _ message: String) -> InputError {
    InputError(
      .badData,
      SourceLocation(file: file, line: line, column: column(at: offset, lineStart: lineStart)),
      message)
  }

  /// Scans on through a field; `nil` when a stream must be fed more to
  /// finish it (the scan resumes where it stopped).
  private mutating func scan(_ field: inout PartialField) throws(InputError) -> CSVField? {
    if field.quoted {
      while true {
        guard position < bytes.count else {
          if awaitingMore { return nil }
          throw error(
            at: field.offset, line: field.line, lineStart: field.lineStart,
            "quoted field is not closed before the end of the file")
        }
        let byte = bytes[position]
        if byte == .quote {
          if position + 1 == bytes.count, awaitingMore { return nil }  // closing, or doubled?
          if position + 1 < bytes.count, bytes[position + 1] == .quote {
            field.escaped = true
            position += 2
          } else {
            position += 1
            return CSVField(
              start: field.start, end: position - 1, hasEscapedQuotes: field.escaped,
              line: field.line, lineStart: field.lineStart, offset: field.offset)
          }
        } else if byte == .lf {
          position += 1
          newLine()
        } else if byte == .cr {
          if position + 1 == bytes.count, awaitingMore { return nil }  // CRLF or a lone CR?
          position += 1
          if position == bytes.count || bytes[position] != .lf { newLine() }
        } else {
          position += 1
        }
        if position - field.start > Self.maxFieldBytes {
          throw error(
            at: field.offset, line: field.line, lineStart: field.lineStart,
            "quoted field longer than 1 MiB (is a closing quote missing?)")
        }
      }
    }
    while position < bytes.count {
      let byte = bytes[position]
      if byte == .comma || byte == .lf || byte == .cr { break }
      if byte == .quote {
        throw error(
          at: position, line: line, lineStart: lineStart,
          "quote inside an unquoted field; quote the whole field and double the quote (RFC 4180)")
      }
      position += 1
      if position - field.offset > Self.maxFieldBytes {
        throw error(
          at: field.offset, line: field.line, lineStart: field.lineStart, "field longer than 1 MiB")
      }
    }
    if position == bytes.count, awaitingMore { return nil }
    return CSVField(
      start: field.offset, end: position, hasEscapedQuotes: false, line: field.line,
      lineStart: field.lineStart, offset: field.offset)
  }

  /// The first byte a stream still needs: the start of the field being read.
  private var firstNeededOffset: Int {
    switch state {
    case .inField(let partial): partial.offset
    case .afterField(let field), .trailingEmptyField(let field): field.offset
    case .betweenRecords, .fieldStart: position
    }
  }

  /// Lets go of the bytes before `cut`, moving every offset held.
  private mutating func dropBytes(before cut: Int) {
    // Only the line holding `cut` can start before it: count its columns
    // there, so that locations on it stay right.
    var heldLineStart = lineStart
    switch state {
    case .inField(let partial): heldLineStart = min(heldLineStart, partial.lineStart)
    case .afterField(let field), .trailingEmptyField(let field):
      heldLineStart = min(heldLineStart, field.lineStart)
    case .betweenRecords, .fieldStart: break
    }
    if heldLineStart < cut {
      let before = column(at: cut, lineStart: heldLineStart) - 1
      columnsBefore = before
    } else {
      columnsBefore = 0
    }
    func moved(_ offset: Int) -> Int { max(0, offset - cut) }
    position = moved(position)
    lineStart = moved(lineStart)
    switch state {
    case .inField(var partial):
      partial.offset = moved(partial.offset)
      partial.start = moved(partial.start)
      partial.lineStart = moved(partial.lineStart)
      state = .inField(partial)
    case .afterField(var field):
      field.move(by: cut)
      state = .afterField(field)
    case .trailingEmptyField(var field):
      field.move(by: cut)
      state = .trailingEmptyField(field)
    case .betweenRecords, .fieldStart: break
    }
    bytes.removeFirst(cut)
  }
}

extension CSVField {
  /// The same field in bytes of which the first `cut` were let go.
  fileprivate mutating func move(by cut: Int) {
    start = max(0, start - cut)
    end = max(0, end - cut)
    offset = max(0, offset - cut)
    lineStart = max(0, lineStart - cut)
  }
}

extension UInt8 {
  static let comma = UInt8(ascii: ",")
  static let quote = UInt8(ascii: "\"")
  static let lf = UInt8(ascii: "\n")
  static let cr = UInt8(ascii: "\r")
}

extension CSVTokenizer {
  /// A tokenizer over the same bytes, positioned at the start of a record
  /// found earlier at byte `offset`, for re-reading that record.
  /// - Complexity: O(log lines) with the file's `lines`.
  init(resumingAt offset: Int, in other: CSVTokenizer, lines: LineStarts) {
    self = other
    let (line, lineStart) = lines.position(of: offset)
    self.reposition(offset: offset, line: line, lineStart: lineStart)
  }
}

/// Where the lines of a file begin (after LF, CRLF or a lone CR, quoted or
/// not, as ``CSVTokenizer`` counts them), so that many records of one file
/// can be located without counting lines from the top for each: that made
/// locating the findings of a 200,000-row file take minutes.
struct LineStarts: Sendable {
  /// Offsets of the first byte of every line but the first.
  private let starts: [Int]

  /// - Complexity: O(bytes).
  init(_ bytes: [UInt8]) {
    var starts: [Int] = []
    for i in bytes.indices
    where bytes[i] == .lf || (bytes[i] == .cr && (i + 1 == bytes.count || bytes[i + 1] != .lf)) {
      starts.append(i + 1)
    }
    self.starts = starts
  }

  /// The line (1-based) holding byte `offset`, and where that line begins.
  /// - Complexity: O(log lines).
  func position(of offset: Int) -> (line: Int, lineStart: Int) {
    var low = 0
    var high = starts.count
    while low < high {  // the number of lines that begin at or before `offset`
      let middle = (low + high) / 2
      if starts[middle] <= offset { low = middle + 1 } else { high = middle }
    }
    return (1 + low, low == 0 ? 0 : starts[low - 1])
  }
}

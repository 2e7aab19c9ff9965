import CIBGraphCore
import CIBGraphSupport
import Foundation

/// A field of a CSV record, as a byte range of the text.
public struct CSVField: Sendable, Hashable {
  /// First byte of the content (after the opening quote, if quoted).
  public var start: Int
  /// One past the last byte of the content (before the closing quote).
  public var end: Int
  /// Whether the content holds doubled quotes `""` that stand for one `"`.
  public var hasEscapedQuotes: Bool
  /// Line the field starts on, 1-based.
  public var line: Int
  /// Byte offset of the start of that line, for computing the column.
  public var lineStart: Int
  /// Byte offset where the field starts, its opening quote included.
  public var offset: Int
}

/// An RFC 4180 tokenizer over the bytes of a CSV file.
///
/// Fields separated by commas, records by CRLF, LF or CR; a field may be
/// quoted with `"` and then hold commas, line breaks and doubled quotes. A
/// byte-order mark at the start is skipped; blank lines are skipped. It
/// works on bytes and hands out ranges, so reading a record allocates
/// nothing; ``string(_:)`` makes a `String` only when one is needed.
///
/// Errors are thrown with the file, line and column: a quoted field that is
/// never closed, a quote inside an unquoted field, text after a closing
/// quote, a field longer than ``maxFieldBytes``.
public struct CSVTokenizer: Sendable {
  /// The longest field accepted, in bytes (1 MiB): a field holds at most
  /// one identifier, so this is ``ByteExactID``'s limit.
  @inlinable public static var maxFieldBytes: Int { ByteExactID.longestID }

  public let bytes: [UInt8]
  public let file: String
  private var position: Int
  private var line = 1
  private var lineStart: Int

  public init(bytes: [UInt8], file: String) {
    self.bytes = bytes
    self.file = file
    let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    position = hasBOM ? 3 : 0
    lineStart = position
  }

  /// Whether nothing but blank lines remains.
  public var isAtEnd: Bool {
    var i = position
    while i < bytes.count, bytes[i] == .lf || bytes[i] == .cr { i += 1 }
    return i >= bytes.count
  }

  /// Reads the next record into `fields` (replacing its content).
  /// - Returns: The line the record starts on, or `nil` at the end of the file.
  /// - Complexity: O(length of the record).
  public mutating func nextRecord(into fields: inout [CSVField]) throws(InputError) -> Int? {
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
  public mutating func nextRecord(into fields: inout [CSVField], keepingAtMost limit: Int)
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

  /// Reads the next record, handing its fields to `body` one at a time and
  /// keeping none (for a header of any width).
  /// - Returns: The line the record starts on, or `nil` at the end of the file.
  /// - Complexity: O(length of the record).
  public mutating func nextRecord(eachField body: (CSVField) throws(InputError) -> Void)
    throws(InputError) -> Int?
  {
    skipBlankLines()
    guard position < bytes.count else { return nil }
    let recordLine = line
    while true {
      try body(try readField())
      guard position < bytes.count else { return recordLine }
      switch bytes[position] {
      case .comma:
        position += 1
        if position == bytes.count {  // a trailing comma ends with an empty field
          try body(emptyField())
          return recordLine
        }
      case .cr:
        position += 1
        if position < bytes.count, bytes[position] == .lf { position += 1 }
        newLine()
        return recordLine
      case .lf:
        position += 1
        newLine()
        return recordLine
      default:
        preconditionFailure("readField stops only at a separator")
      }
    }
  }

  /// The text of a field, with doubled quotes undone.
  /// - Throws: When the field is not valid UTF-8.
  public func string(_ field: CSVField) throws(InputError) -> String {
    let invalid = bytes.withUnsafeBufferPointer {
      firstInvalidUTF8Offset($0, in: field.start..<field.end)
    }
    if let invalid {
      throw error(
        at: invalid, line: field.line, lineStart: field.lineStart, "invalid UTF-8 in a field")
    }
    let text = String(decoding: bytes[field.start..<field.end], as: UTF8.self)
    return field.hasEscapedQuotes ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
  }

  /// Whether a field is empty.
  public func isEmpty(_ field: CSVField) -> Bool { field.start == field.end }

  /// The location of a field, for messages.
  public func location(of field: CSVField) -> SourceLocation {
    SourceLocation(
      file: file, line: field.line,
      column: bytes.withUnsafeBufferPointer {
        scalarColumn($0, lineStart: field.lineStart, offset: field.offset)
      })
  }

  mutating func reposition(offset: Int, line: Int, lineStart: Int) {
    position = offset
    self.line = line
    self.lineStart = lineStart
  }

  private mutating func skipBlankLines() {
    while position < bytes.count {
      if bytes[position] == .lf {
        position += 1
        newLine()
      } else if bytes[position] == .cr {
        position += 1
        if position < bytes.count, bytes[position] == .lf { position += 1 }
        newLine()
      } else {
        return
      }
    }
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
    let column = bytes.withUnsafeBufferPointer {
      scalarColumn($0, lineStart: lineStart, offset: offset)
    }
    return InputError(.badData, SourceLocation(file: file, line: line, column: column), message)
  }

  private mutating func readField() throws(InputError) -> CSVField {
    let fieldStart = position
    let fieldLine = line
    let fieldLineStart = lineStart
    if position < bytes.count, bytes[position] == .quote {
      position += 1
      let start = position
      var escaped = false
      while true {
        guard position < bytes.count else {
          throw error(
            at: fieldStart, line: fieldLine, lineStart: fieldLineStart,
            "quoted field is not closed before the end of the file")
        }
        let byte = bytes[position]
        if byte == .quote {
          if position + 1 < bytes.count, bytes[position + 1] == .quote {
            escaped = true
            position += 2
            continue
          }
          let end = position
          position += 1
          if position < bytes.count, bytes[position] != .comma, bytes[position] != .lf,
            bytes[position] != .cr
          {
            throw error(
              at: position, line: line, lineStart: lineStart,
              "unexpected text after a closing quote; a quote inside a quoted field is written \"\""
            )
          }
          return CSVField(
            start: start, end: end, hasEscapedQuotes: escaped, line: fieldLine,
            lineStart: fieldLineStart, offset: fieldStart)
        }
        if byte == .lf
          || (byte == .cr && (position + 1 >= bytes.count || bytes[position + 1] != .lf))
        {
          position += 1
          newLine()
        } else {
          position += 1
        }
        if position - start > Self.maxFieldBytes {
          throw error(
            at: fieldStart, line: fieldLine, lineStart: fieldLineStart,
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
      if position - fieldStart > Self.maxFieldBytes {
        throw error(
          at: fieldStart, line: fieldLine, lineStart: fieldLineStart, "field longer than 1 MiB")
      }
    }
    return CSVField(
      start: fieldStart, end: position, hasEscapedQuotes: false, line: fieldLine,
      lineStart: fieldLineStart, offset: fieldStart)
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

import CIBGraph

/// Writes RFC 4180 CSV that is safe to open in a spreadsheet.
///
/// Text cells are defused against spreadsheet formulas and quoted by
/// ``CSVText/cell(_:)`` (RFC 4180; a single quote before text a spreadsheet
/// would run, as OWASP recommends); numeric cells are written as they are.
public struct CSVWriter {
  /// The rows written so far, as UTF-8: appended to in place, a row's
  /// numbers without a `String` each. Copied before a change when another
  /// writer shares it, so that writers are values.
  private var output = OutputBuffer()

  /// The rows written so far.
  /// - Complexity: O(length): the text is made on each read.
  public var text: String { output.text }

  public init(header: [String]) { addRow(header.map(Cell.text)) }

  /// One cell: text (neutralised against formulas) or a number.
  public enum Cell {
    case text(String)
    case number(Int128)
    case empty

    /// A number of the common width.
    public static func number(_ value: Int) -> Cell { .number(Int128(value)) }
  }

  /// - Complexity: O(length of the row), appended in place.
  public mutating func addRow(_ cells: [Cell]) {
    for cell in cells { add(cell) }
    endRow()
  }

  /// Whether the row being written has a cell yet.
  private var rowStarted = false

  /// Adds `cell` to the row being written, for rows written a cell at a
  /// time (no array of cells per row, for outputs of a million rows).
  /// - Complexity: O(length of the cell), appended in place.
  public mutating func add(_ cell: Cell) {
    let output = unshared()
    if rowStarted { output.append(byte: UInt8(ascii: ",")) }
    rowStarted = true
    switch cell {
    case .empty: break
    case .number(let value): output.appendDecimal(value)
    case .text(let value): CSVText.withCellBytes(value) { output.append($0) }
    }
  }

  /// Ends the row being written.
  /// - Complexity: O(1).
  public mutating func endRow() {
    let output = unshared()
    output.append(byte: 0x0D)
    output.append(byte: 0x0A)
    rowStarted = false
  }

  /// The buffer, this writer's alone.
  private mutating func unshared() -> OutputBuffer {
    if !isKnownUniquelyReferenced(&output) { output = output.copy() }
    return output
  }

  /// `text`, written by a `CSVWriter`, with one more column: `name` in the
  /// header and `value` on every other row.
  /// - Complexity: O(bytes): a record ends at a CRLF outside quotes.
  static func appendingColumn(to text: String, name: String, value: Cell) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 16)
    var quoted = false
    var first = true
    var previous: UInt8 = 0
    for byte in text.utf8 {
      if byte == UInt8(ascii: "\"") { quoted.toggle() }
      if byte == UInt8(ascii: "\n") && previous == UInt8(ascii: "\r") && !quoted {
        out.removeLast()  // the CR
        out += Array(("," + encode(first ? .text(name) : value)).utf8) + [0x0D, 0x0A]
        first = false
      } else {
        out.append(byte)
      }
      previous = byte
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func encode(_ cell: Cell) -> String {
    switch cell {
    case .empty: return ""
    case .number(let value): return String(value)
    case .text(let value): return CSVText.cell(value)
    }
  }
}

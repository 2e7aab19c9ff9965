import CIBGraphCore
import CIBGraphSupport

/// Writing CSV fields: RFC 4180 quoting, and text that a spreadsheet opens
/// as text, never as a formula.
///
/// Spreadsheets (Excel, LibreOffice, Google Sheets) run a cell that starts
/// with `=`, `+`, `-` or `@` as a formula, even after leading spaces, and
/// some treat a leading tab or carriage return the same way: a name such as
/// `=HYPERLINK("http://evil","click")` in a CSV becomes a live link or a
/// command ("CSV injection"). Following OWASP's guidance, every text cell
/// the tool writes goes through ``defused(_:)``, which puts a single quote
/// before such text; the spreadsheet shows the text, quote hidden.
/// ``undefused(_:)`` takes exactly that quote away again, so identifiers
/// survive a round trip through the tool's own CSV.
package enum CSVText {
  /// `text` as a CSV field: quoted, with quotes doubled, when it holds a
  /// comma, quote, CR or LF (or starts or ends with a space); as it is otherwise.
  /// - Complexity: O(n).
  package static func field(_ text: String) -> String {
    let needsQuotes =
      text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
      || text.first == " " || text.last == " "
    guard needsQuotes else { return text }
    var out = "\""
    // Scalar by scalar: `"` followed by a combining mark is one character
    // that is not equal to `"`, and an undoubled quote would end the field.
    for scalar in text.unicodeScalars {
      if scalar == "\"" { out += "\"" }
      out.unicodeScalars.append(scalar)
    }
    return out + "\""
  }

  /// A text cell: ``defused(_:)``, then quoted as a ``field(_:)``. Numbers
  /// written as numbers (counts, weights) do not go through it, so that a
  /// negative count stays a number.
  /// - Complexity: O(n).
  package static func cell(_ text: String) -> String {
    field(defused(text))
  }

  /// Calls `body` with the bytes of ``cell(_:)`` of `text`. Most cells of
  /// large outputs (identifiers) start with a letter or digit and hold only
  /// printable ASCII other than a space, a comma and a quote: neither
  /// defusing nor quoting changes such a cell, so its own bytes are given,
  /// without making the cell's `String`.
  /// - Complexity: O(n).
  package static func withCellBytes(
    _ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    var text = text
    let plain = text.withUTF8 { utf8 in
      guard isPlainCell(utf8) else { return false }
      body(utf8)
      return true
    }
    guard !plain else { return }
    var cell = cell(text)
    cell.withUTF8(body)
  }

  /// Whether ``cell(_:)`` leaves text of these bytes as it is, by the rule
  /// ``withCellBytes(_:_:)`` gives.
  static func isPlainCell(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = bytes.first,
      (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        || (first | 0x20 >= UInt8(ascii: "a") && first | 0x20 <= UInt8(ascii: "z"))
    else { return false }
    return bytes.allSatisfy { byte in
      byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: ",") && byte != UInt8(ascii: "\"")
    }
  }

  /// `text` with a single quote before it when a spreadsheet would run it
  /// as a formula (``isFormulaLike(_:)``); as it is otherwise.
  /// - Complexity: O(n) at most; O(1) for text starting with a letter or digit.
  package static func defused(_ text: String) -> String {
    isFormulaLike(text) ? "'" + text : text
  }

  /// The text that ``defused(_:)`` was given: `cell` without its first
  /// character when that is a single quote and the rest is formula-like;
  /// `cell` as it is otherwise (a quote before ordinary text is the text's own).
  /// - Complexity: O(n) at most.
  package static func undefused(_ cell: String) -> String {
    guard cell.utf8.first == UInt8(ascii: "'"), isFormulaLike(cell) else { return cell }
    return String(cell.dropFirst())
  }

  /// Whether a spreadsheet would read `text` as a formula, once the single
  /// quotes it starts with are set aside: text that starts with a tab, a
  /// carriage return or NUL, or whose first character after spaces and line
  /// breaks is `=`, `+`, `-` or `@` (or their full-width forms, which some
  /// spreadsheets read as the same), unless it is a plain number such as
  /// `-12` or `+3.5`, which no spreadsheet runs.
  ///
  /// Setting leading quotes aside makes quoting reversible: `'=x` is
  /// formula-like too, so it is written `''=x` and read back as `'=x`, and
  /// ``undefused(_:)`` never takes a quote that was part of the text.
  /// - Complexity: O(n) at most.
  package static func isFormulaLike(_ text: some StringProtocol) -> Bool {
    var scalars = Substring(text).unicodeScalars[...]
    while scalars.first == "'" { scalars = scalars.dropFirst() }
    guard let first = scalars.first else { return false }
    if first == "\t" || first == "\r" || first == "\0" { return true }
    while let next = scalars.first, next == " " || next == "\n" || next == "\r" || next == "\t" {
      scalars = scalars.dropFirst()
    }
    guard let lead = scalars.first, formulaStarts.contains(lead) else { return false }
    return !isPlainNumber(scalars)
  }

  /// `=`, `+`, `-`, `@`, and the full-width forms of each.
  private static let formulaStarts: Set<Unicode.Scalar> = [
    "=", "+", "-", "@", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
  ]

  /// A sign, digits, and at most one decimal point between digits: `-12`, `+3.5`.
  private static func isPlainNumber(_ scalars: Substring.UnicodeScalarView.SubSequence) -> Bool {
    var rest = scalars
    guard rest.first == "-" || rest.first == "+" else { return false }
    rest = rest.dropFirst()
    var digits = 0
    var point = false
    var digitsAfterPoint = 0
    for scalar in rest {
      if scalar.isASCII, ("0"..."9").contains(scalar) {
        digits += 1
        if point { digitsAfterPoint += 1 }
      } else if scalar == ".", !point, digits > 0 {
        point = true
      } else {
        return false
      }
    }
    return digits > 0 && (!point || digitsAfterPoint > 0)
  }
}

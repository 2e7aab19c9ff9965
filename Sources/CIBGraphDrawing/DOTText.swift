import CIBGraphCore
import CIBGraphSupport

/// Quoting for the DOT language that survives any string.
///
/// Every identifier and attribute value is written as a double-quoted DOT
/// string. Inside, a quote is `\"` and, because Graphviz reads labels as
/// "escString" (where `\N`, `\G`, `\l` have meanings), a backslash is `\\`;
/// because it also reads HTML entities, an ampersand is `&amp;`;
/// control and bidirectional characters become visible escapes first
/// (`VisibleText`). Graphviz refuses quoted strings over 16 KB, so every
/// string is kept under ``maxQuotedBytes`` by cutting it with a visible "…".
package enum DOTText {
  /// The longest quoted string written, in bytes, quotes and escapes included.
  package static let maxQuotedBytes = 16_000

  /// `text` as a quoted DOT string, shown literally (no escString meaning).
  /// - Complexity: O(n).
  package static func quoted(_ text: String) -> String {
    var bytes: [UInt8] = []
    write(lines: CollectionOfOne(text), to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// How the lines of a label are aligned.
  package enum Justification: Sendable {
    case center, left
  }

  /// Lines shown one under the other, each shown literally.
  package static func quoted(lines: [String], justification: Justification = .center) -> String {
    var bytes: [UInt8] = []
    write(lines: lines, justification: justification, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends the quoted DOT string of `lines` (``quoted(lines:justification:)``)
  /// to `bytes`: the one implementation of DOT quoting, which large drawings
  /// call without building a `String` per value.
  /// `fastPath: false` escapes every line character by character, the
  /// careful path the fast one is tested against.
  /// - Complexity: O(n).
  static func write(
    lines: some Collection<String>, justification: Justification = .center,
    to bytes: inout [UInt8], fastPath: Bool = true
  ) {
    bytes.append(UInt8(ascii: "\""))
    var budget = maxQuotedBytes - 2 - "…".utf8.count
    for (i, line) in lines.enumerated() {
      if i > 0 {
        guard budget >= 2 else { return cut(&bytes) }
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(justification == .center ? UInt8(ascii: "n") : UInt8(ascii: "l"))
        budget -= 2
      }
      // Most names have nothing to escape: written as they are, copied from
      // the string's own bytes at once.
      let size = line.utf8.count
      if fastPath, size <= budget, isPlain(line) {
        var line = line
        line.withUTF8 { bytes.append(contentsOf: $0) }
        budget -= size
        continue
      }
      // Character by character, so that a cut never splits one; scalar by
      // scalar within it, because `"` followed by a combining mark is one
      // character that is not equal to `"`, and its quote would end the string.
      for character in VisibleText.safe(line) {
        var size = 0
        for scalar in character.unicodeScalars { size += escaped(scalar).utf8.count }
        guard size <= budget else { return cut(&bytes) }
        for scalar in character.unicodeScalars { bytes.append(contentsOf: escaped(scalar).utf8) }
        budget -= size
      }
    }
    // A left-aligned label needs its last line ended too.
    if justification == .left { bytes.append(contentsOf: "\\l".utf8) }
    bytes.append(UInt8(ascii: "\""))
  }

  /// A scalar as it is written inside a quoted DOT string.
  private static func escaped(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\"": "\\\""
    case "\\": "\\\\"
    case "&": "&amp;"  // Graphviz reads entities in strings: "&#60;" would show as "<"
    default: String(scalar)
    }
  }

  /// Ends a quoted string cut short: "…" and the closing quote.
  private static func cut(_ bytes: inout [UInt8]) {
    bytes.append(contentsOf: "…\"".utf8)
  }

  /// Whether `line` is written as it is: no scalar that ``VisibleText`` escapes
  /// and none of the three characters quoting escapes. Then no character of
  /// it can be one of those three either (a character is equal to `"` only
  /// when its one scalar is), so the careful path would copy it unchanged.
  /// Printable ASCII is told from its bytes alone; other text scalar by scalar.
  static func isPlain(_ line: String) -> Bool {
    let ascii =
      line.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(isPlainASCII) }
      ?? line.utf8.allSatisfy(isPlainASCII)
    if ascii { return true }
    return line.unicodeScalars.allSatisfy { scalar in
      scalar.isASCII ? isPlainASCII(UInt8(scalar.value)) : !VisibleText.needsEscape(scalar)
    }
  }

  /// `text` inside an HTML-like label (`label=<…>`), shown literally: its
  /// markup characters as entities, control and bidirectional characters as
  /// visible escapes (`VisibleText`), cut with "…" past `limit` characters.
  /// - Complexity: O(n).
  package static func htmlText(_ text: String, limit: Int = 200) -> String {
    var out = ""
    // Scalar by scalar: `<` followed by a combining mark is one character
    // that is not equal to `<`, and would open markup.
    for scalar in VisibleText.safe(text, limit: limit).unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A byte that is printable ASCII and means nothing special in a quoted DOT string.
  private static func isPlainASCII(_ byte: UInt8) -> Bool {
    byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
      && byte != UInt8(ascii: "&")
  }
}

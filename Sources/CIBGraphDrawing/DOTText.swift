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
    quoted(lines: [text])
  }

  /// How the lines of a label are aligned.
  package enum Justification: Sendable {
    case center, left

    /// DOT's escape that ends a line: `\n` centres it, `\l` aligns it left.
    var lineEnd: String { self == .center ? "\\n" : "\\l" }
  }

  /// Lines shown one under the other, each shown literally.
  package static func quoted(lines: [String], justification: Justification = .center) -> String {
    var out = "\""
    var budget = maxQuotedBytes - 2 - "…".utf8.count
    for (i, line) in lines.enumerated() {
      if i > 0 {
        guard budget >= 2 else { return out + "…\"" }
        out += justification.lineEnd
        budget -= 2
      }
      // Most names are printable ASCII with nothing to escape: written as they are.
      if line.utf8.count <= budget, line.utf8.allSatisfy(isPlain) {
        out += line
        budget -= line.utf8.count
        continue
      }
      for character in VisibleText.safe(line) {
        let piece =
          switch character {
          case "\"": "\\\""
          case "\\": "\\\\"
          case "&": "&amp;"  // Graphviz reads entities in strings: "&#60;" would show as "<"
          default: String(character)
          }
        let size = piece.utf8.count
        guard size <= budget else { return out + "…\"" }
        out += piece
        budget -= size
      }
    }
    // A left-aligned label needs its last line ended too.
    return out + (justification == .left ? "\\l" : "") + "\""
  }

  /// `text` inside an HTML-like label (`label=<…>`), shown literally: its
  /// markup characters as entities, control and bidirectional characters as
  /// visible escapes (`VisibleText`), cut with "…" past `limit` characters.
  /// - Complexity: O(n).
  package static func htmlText(_ text: String, limit: Int = 200) -> String {
    var out = ""
    for character in VisibleText.safe(text, limit: limit) {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(character)
      }
    }
    return out
  }

  /// A byte that is printable ASCII and means nothing special in a quoted DOT string.
  private static func isPlain(_ byte: UInt8) -> Bool {
    byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
      && byte != UInt8(ascii: "&")
  }
}

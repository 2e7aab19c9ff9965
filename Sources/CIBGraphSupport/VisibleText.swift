/// Makes hostile text safe to show: in a terminal, a log, a drawing.
///
/// Names in takedown data are written by adversaries. Shown raw, a name can
/// clear or recolour a terminal (ANSI escapes), forge extra lines (line
/// breaks), reverse the text after it (bidirectional controls such as
/// U+202E), or make an SVG file invalid XML (control characters). This
/// replaces each such character with a visible escape (`\n`, `\e`,
/// `\u{202E}`) and keeps all other text, emoji and right-to-left scripts
/// included, as it is.
package enum VisibleText {
  /// `text` with control, bidirectional-control and invisible formatting
  /// characters escaped; cut to `limit` characters with "…" when longer.
  /// - Complexity: O(n).
  package static func safe(_ text: String, limit: Int? = nil) -> String {
    // Printable ASCII within the limit needs nothing: one byte, one character, no escape.
    if text.utf8.count <= (limit ?? .max), text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
      return text
    }
    var result = ""
    var count = 0
    for character in text {
      if let limit, count >= limit {
        if !result.isEmpty { result.removeLast() }
        result += "…"
        return result
      }
      count += 1
      if character.unicodeScalars.allSatisfy({ !needsEscape($0) }) {
        result.append(character)
        continue
      }
      for scalar in character.unicodeScalars {
        result += needsEscape(scalar) ? escape(scalar) : String(scalar)
      }
    }
    return result
  }

  /// Whether a scalar is replaced by a visible escape.
  package static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true  // C0 and C1 controls, DEL: ESC starts ANSI sequences
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional controls
    case 0x200B, 0x2028, 0x2029, 0xFEFF, 0xFFF9...0xFFFB: true  // invisible, separators
    case 0xFFFE, 0xFFFF: true  // not characters; invalid in XML
    default: false
    }
  }

  package static func escape(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\n": "\\n"
    case "\r": "\\r"
    case "\t": "\\t"
    case "\u{1B}": "\\e"
    default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }
  }
}

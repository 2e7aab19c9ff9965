/// Makes hostile text safe to print to a terminal or a log.
///
/// Names in takedown data are written by adversaries. Printed raw, a name
/// can clear the screen or recolour it (ANSI escapes), forge extra lines of
/// output (line breaks), or reverse the text that follows it (bidirectional
/// controls such as U+202E). This replaces every such character with a
/// visible escape (`\n`, `\e`, `\u{202E}`), keeping all other text, emoji
/// and right-to-left scripts included, as it is.
public enum TerminalText {
  /// `text` with control, bidirectional-control and invisible formatting
  /// characters escaped; cut to `limit` characters with "…" when longer.
  /// - Complexity: O(n).
  public static func safe(_ text: String, limit: Int? = nil) -> String {
    var result = ""
    var count = 0
    for character in text {
      if let limit, count >= limit {
        result.removeLast()
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

  static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true  // C0 and C1 controls, DEL: ESC starts ANSI sequences
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional controls
    case 0x200B, 0x2028, 0x2029, 0xFEFF, 0xFFF9...0xFFFB: true  // invisible, separators
    default: false
    }
  }

  static func escape(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\n": "\\n"
    case "\r": "\\r"
    case "\t": "\\t"
    case "\u{1B}": "\\e"
    default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }
  }

  /// The number of terminal columns `text` takes, counting East Asian wide
  /// characters and emoji as two. Used to align tables.
  public static func width(_ text: String) -> Int {
    text.reduce(0) { total, character in
      guard let scalar = character.unicodeScalars.first else { return total }
      return total
        + (isWide(scalar)
          || character.unicodeScalars.count > 1 && scalar.properties.isEmojiPresentation ? 2 : 1)
    }
  }

  private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      true
    default: scalar.properties.isEmojiPresentation
    }
  }
}

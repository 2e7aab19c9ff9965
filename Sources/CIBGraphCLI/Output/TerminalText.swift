import CIBGraph
import CIBGraphSupport

/// Makes hostile text safe to print to a terminal, and measures it.
///
/// The escaping is ``VisibleText``'s: control characters, ANSI escapes and
/// bidirectional overrides become visible escapes (`\e`, `\u{202E}`).
public enum TerminalText {
  /// `text` with every dangerous character escaped; cut to `limit` characters.
  public static func safe(_ text: String, limit: Int? = nil) -> String {
    VisibleText.safe(text, limit: limit)
  }

  static func needsEscape(_ scalar: Unicode.Scalar) -> Bool { VisibleText.needsEscape(scalar) }

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

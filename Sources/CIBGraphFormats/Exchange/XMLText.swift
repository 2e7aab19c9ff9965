import CIBGraphCore
import CIBGraphSupport

/// Escaping for XML 1.0 text and attribute values that survives any string.
///
/// `&`, `<`, `>`, `"` and `'` become entities; tab, line feed and carriage
/// return become character references (so attribute values keep them);
/// characters XML 1.0 cannot carry at all (other C0 controls, U+FFFE,
/// U+FFFF) become visible escapes such as `\u{1B}` (see `VisibleText`).
enum XMLText {
  static func escaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\t": out += "&#9;"
      case "\n": out += "&#10;"
      case "\r": out += "&#13;"
      default:
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
          out += VisibleText.escape(scalar)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}

import CIBGraphSupport

/// Escaping for HTML that survives any string.
///
/// Everything a page shows from data goes through here: names, titles,
/// statements, file names and addresses are written by adversaries. Text and
/// attribute values have every markup character as an entity (`&`, `<`, `>`,
/// `"` and `'`), so no string can open an element, close one, or leave a
/// quoted attribute; control, bidirectional and invisible characters become
/// visible escapes first (`VisibleText`), so a name cannot reverse the text
/// after it or forge a line. Links are made only to `http` and `https`
/// addresses: anything else (`javascript:`, `data:`) is shown as text.
package enum HTMLText {
  /// `text` as HTML text or a double-quoted attribute value, shown literally,
  /// cut with "…" past `limit` characters.
  /// - Complexity: O(n).
  package static func escaped(_ text: String, limit: Int? = nil) -> String {
    let visible = VisibleText.safe(text, limit: limit)
    // Most names have nothing to escape: written as they are.
    guard visible.utf8.contains(where: isMarkup) else { return visible }
    var out = ""
    out.reserveCapacity(visible.utf8.count + 16)
    // Scalar by scalar: `<` or `"` followed by a combining mark is one
    // character that is not equal to `<` or `"`, and would open markup or
    // leave an attribute.
    for scalar in visible.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A link to `url` showing `text`, when `url` is an `http` or `https`
  /// address with nothing in it that needs escaping to be one; the text
  /// alone otherwise. The page it opens is not told where it was linked from.
  /// - Complexity: O(n).
  package static func link(_ text: String, to url: String?, limit: Int? = nil) -> String {
    guard let url, let href = linkable(url) else { return escaped(text, limit: limit) }
    return "<a href=\"\(href)\" rel=\"noopener noreferrer\">\(escaped(text, limit: limit))</a>"
  }

  /// `url` escaped for an `href`, or `nil` when it is not a web address:
  /// another scheme, or a character that is no part of a URL (a space, a
  /// control character, a quote).
  package static func linkable(_ url: String) -> String? {
    let lowercased = url.prefix(8).lowercased()
    guard lowercased.hasPrefix("http://") || lowercased.hasPrefix("https://"),
      url.utf8.count <= 2_048,
      url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") })
    else { return nil }
    return escaped(url)
  }

  private static func isMarkup(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
      || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
  }
}

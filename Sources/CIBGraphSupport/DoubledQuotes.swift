/// Undoing the doubled quotes of a quoted CSV field, byte by byte.
///
/// On bytes, not on a `String`: `""` followed by a combining mark is, as
/// Swift characters, a quote and a quote-with-accent, and a search for the
/// two-character string `""` does not find it, so the field kept both quotes.
package enum DoubledQuotes {
  /// Appends `content` (a quoted field's bytes between its outer quotes, where
  /// every quote is doubled) to `out` with each pair of quotes made one.
  /// - Complexity: O(`content.count`).
  package static func undo(_ content: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    out.reserveCapacity(out.count + content.count)
    var i = 0
    while i < content.count {
      out.append(content[i])
      i += content[i] == UInt8(ascii: "\"") ? 2 : 1
    }
  }
}

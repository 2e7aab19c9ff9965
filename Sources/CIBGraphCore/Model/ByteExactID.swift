import CIBGraphSupport
import Foundation

/// An identifier that is equal to another only when their UTF-8 bytes are:
/// the identity of assets, organisations, networks and sources everywhere
/// in CIBGraph (see docs/document-format.md, "Identifiers").
///
/// Swift's `String` compares by canonical equivalence: `"café"` written
/// with U+00E9 and with `e` + U+0301 are one `String` value. The readers of
/// large files compare bytes, as NetworkX, Gephi and databases do; so every
/// table keyed by identifiers uses this type instead of `String`, and both
/// spellings are two identifiers wherever they are read. `Validator` warns when two identifiers differ only so
/// (`ids-differ-by-normalization`).
///
/// Package-internal: users name assets with `String`s, and the graph, the
/// readers and the analyses compare them so (`AssetGraph.node(for:)`). The
/// type is `@usableFromInline` so that its initializer and ``longestID``
/// are inlined in other modules: an `@inlinable package` member of a type
/// that is not is called, not inlined, across modules.
@usableFromInline
package struct ByteExactID: Hashable, Comparable, Sendable,
  CustomStringConvertible
{
  /// The identifier as written.
  @usableFromInline package let text: String

  /// The longest identifier, in bytes (1 MiB): longer is a broken file (a
  /// quote never closed, a binary file), not a name, and more than the
  /// tables that index identifiers by their bytes hold. Every reader and the
  /// validator apply this one limit.
  @inlinable package static var longestID: Int { 1 << 20 }

  /// The identifier `text`, compared by its UTF-8 bytes.
  @inlinable package init(_ text: String) { self.text = text }

  /// The identifier as written.
  @usableFromInline package var description: String { text }

  /// - Complexity: O(length).
  @usableFromInline package static func == (lhs: ByteExactID, rhs: ByteExactID) -> Bool {
    lhs.text.hasSameBytes(as: rhs.text)
  }

  /// - Complexity: O(length).
  @usableFromInline package func hash(into hasher: inout Hasher) {
    var text = text
    text.withUTF8 { bytes in
      hasher.combine(bytes.count)
      hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
    }
  }

  /// Byte order, which is the order of code points: a total order, unlike
  /// `String`'s, in which two spellings of `"café"` are neither before nor
  /// after each other.
  /// - Complexity: O(length).
  @usableFromInline package static func < (lhs: ByteExactID, rhs: ByteExactID) -> Bool {
    var left = lhs.text
    var right = rhs.text
    return left.withUTF8 { a in
      right.withUTF8 { b in
        let common = min(a.count, b.count)
        if common > 0, let baseA = a.baseAddress, let baseB = b.baseAddress {
          let order = memcmp(baseA, baseB, common)
          if order != 0 { return order < 0 }
        }
        return a.count < b.count
      }
    }
  }
}

extension String {
  /// Whether two strings have the same UTF-8 bytes (``ByteExactID``'s equality).
  /// - Complexity: O(length).
  package func hasSameBytes(as other: String) -> Bool {
    var left = self
    var right = other
    return left.withUTF8 { a in
      right.withUTF8 { b in
        guard a.count == b.count else { return false }
        guard a.count > 0, let baseA = a.baseAddress, let baseB = b.baseAddress else {
          return true
        }
        return memcmp(baseA, baseB, a.count) == 0
      }
    }
  }
}

/// The kinds of object an `ActivityTable` holds when its input has several
/// (an `object_type` column, or several actions of a Twitter/X archive):
/// `link`, `hashtag`, `retweet`, `image`, ….
///
/// The same string under two types is two objects: an object is interned
/// with its type's number as a first byte before its bytes, so the
/// interner tells them apart without a second table, and
/// `ActivityTable.objectID(_:)` gives the identifier without that byte.
package struct ObjectTypes: Sendable {
  /// The types' names, by number, in order of first appearance.
  package var names: [String] = []
  /// The type of each object, by object number.
  package var ofObject: [UInt8] = []

  /// The most types a table holds: a type's number is one byte.
  package static let most = 256

  package init() {}

  /// Whether the table has no types (one kind of object, as before types).
  package var isEmpty: Bool { names.isEmpty }

  /// The number of types.
  package var count: Int { names.count }

  /// The type number of object `object`.
  /// - Precondition: the table has types.
  package func type(of object: UInt32) -> Int { Int(ofObject[Int(object)]) }

  /// The name of object `object`'s type.
  package func name(of object: UInt32) -> String { names[type(of: object)] }

  /// The identifier of an object whose interned key is `key` (its type's
  /// byte, then its bytes).
  package func id(ofKey key: UnsafeBufferPointer<UInt8>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: key.dropFirst()), as: UTF8.self)
  }
}

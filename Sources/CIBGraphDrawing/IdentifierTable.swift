import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// A value per identifier, identifiers compared by their bytes (as
/// ``ByteExactID`` compares them), for the drawing's lookups of millions
/// of identifiers.
///
/// A drawing looks up both ends of every relation and notes every asset
/// drawn: in a `Dictionary` keyed by `ByteExactID` (a `Hasher` per lookup and
/// a pointer to follow to the key) that was the largest cost of
/// `cibgraph dot` on millions of relations, measured with perf.
/// ``ByteInterner`` finds an identifier of up to 8 bytes with one memory
/// access, and its hashing is keyed per process, so identifiers chosen to
/// collide do not slow it down.
package struct IdentifierTable<Value> {
  private var interner: ByteInterner
  /// The value of each interned identifier, by its interner id.
  private var values: [Value] = []
  /// Identifiers longer than an interner holds (16 MiB); validation refuses
  /// any over 1 MiB, so a checked document has none.
  private var long: [ByteExactID: Value] = [:]

  /// An empty table with room for about `capacity` identifiers.
  package init(capacity: Int = 0) {
    interner = ByteInterner(capacity: max(1024, capacity))
    values.reserveCapacity(capacity)
  }

  /// Identifiers in the table.
  package var count: Int { values.count + long.count }

  /// The value of `id`, if it is in the table.
  /// - Complexity: O(length of `id`) on average.
  package subscript(id: String) -> Value? {
    Self.withBytes(of: id) { (bytes) -> Value? in
      guard bytes.count <= Self.longest else { return long[ByteExactID(id)] }
      guard let found = interner.find(bytes) else { return nil }
      return values[Int(found)]
    }
  }

  /// Whether `id` is in the table.
  /// - Complexity: O(length of `id`) on average.
  package func contains(_ id: String) -> Bool { self[id] != nil }

  /// Adds `id` with `value` unless it is in the table already.
  /// - Returns: Whether it was added.
  /// - Complexity: O(length of `id`) on average.
  @discardableResult
  package mutating func insert(_ id: String, _ value: Value) -> Bool {
    Self.withBytes(of: id) { (bytes) -> Bool in
      guard bytes.count <= Self.longest else {
        guard long[ByteExactID(id)] == nil else { return false }
        long[ByteExactID(id)] = value
        return true
      }
      guard interner.intern(bytes).inserted else { return false }
      values.append(value)
      return true
    }
  }

  /// The longest identifier an interner holds, in bytes.
  private static var longest: Int { 0xFF_FFFF }

  private static func withBytes<Result>(
    of id: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    if let result = id.utf8.withContiguousStorageIfAvailable(body) { return result }
    return Array(id.utf8).withUnsafeBufferPointer(body)
  }
}

extension IdentifierTable where Value == Void {
  /// Adds `id` unless it is in the table already.
  /// - Returns: Whether it was added.
  @discardableResult
  package mutating func insert(_ id: String) -> Bool { insert(id, ()) }
}

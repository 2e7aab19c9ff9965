import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// Numbers identifiers `0, 1, 2, …` in the order they are first added,
/// identifiers compared by their bytes (as ``ByteExactID`` compares them),
/// for the drawing's lookups of millions of identifiers.
///
/// A drawing looks up both ends of every relation and notes every asset
/// drawn: in a `Dictionary` keyed by `ByteExactID` (a `Hasher` per lookup,
/// a pointer to follow to the key, another to the value) that was the
/// largest cost of `cibgraph dot` on millions of relations, measured with
/// perf. ``ByteInterner`` finds an identifier of up to 8 bytes, or of up to
/// 19 digits, with one memory access and numbers it itself, and its hashing is keyed per
/// process, so identifiers chosen to collide do not slow it down.
package struct IdentifierNumbers {
  private var interner: ByteInterner
  /// Identifiers longer than an interner holds (16 MiB), with their
  /// numbers; validation refuses any over 1 MiB, so a checked document has none.
  private var long: [ByteExactID: Int] = [:]
  /// Each interned identifier's number, by its interner id, once a long
  /// identifier has taken a number; until then the two are the same.
  private var numberOfInterned: [Int]?
  /// The bytes of a batch being looked up, end to end, and where each ends.
  private var batchBytes: [UInt8] = []
  private var batchEnds: [Int] = []

  /// An empty numbering with room for about `capacity` identifiers.
  package init(capacity: Int = 0) {
    interner = ByteInterner(capacity: max(1024, capacity))
  }

  /// Identifiers numbered.
  package var count: Int { interner.count + long.count }

  /// The number of `id`, if it has one.
  /// - Complexity: O(length of `id`) on average.
  package func number(of id: String) -> Int? {
    Self.withBytes(of: id) { (bytes) -> Int? in
      guard bytes.count <= Self.longest else { return long[ByteExactID(id)] }
      guard let interned = interner.find(bytes) else { return nil }
      return numberOfInterned?[Int(interned)] ?? Int(interned)
    }
  }

  /// The numbers of `ids`, or -1 for one without, looked up together
  /// (``ByteInterner/find(batch:into:)``): their slots are asked of memory
  /// at once, so that the waits for a large table overlap.
  /// - Complexity: O(total length) on average.
  package mutating func numbers(of ids: [String], into numbers: inout [Int]) {
    numbers.removeAll(keepingCapacity: true)
    guard !ids.isEmpty else { return }
    batchBytes.removeAll(keepingCapacity: true)
    batchEnds.removeAll(keepingCapacity: true)
    var anyLong = false
    for id in ids {
      Self.withBytes(of: id) { bytes in
        // A long one is looked up below; it stands here as no bytes.
        if bytes.count > Self.longest {
          anyLong = true
        } else {
          batchBytes.append(contentsOf: bytes)
        }
      }
      batchEnds.append(batchBytes.count)
    }
    batchBytes.withUnsafeBufferPointer { all in
      withUnsafeTemporaryAllocation(of: UnsafeBufferPointer<UInt8>.self, capacity: ids.count) {
        buffers in
        var start = 0
        for (i, end) in batchEnds.enumerated() {
          buffers.initializeElement(at: i, to: UnsafeBufferPointer(rebasing: all[start..<end]))
          start = end
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: ids.count) { found in
          interner.find(batch: UnsafeBufferPointer(buffers), into: found.baseAddress!)
          for interned in found {
            numbers.append(
              interned == .max ? -1 : numberOfInterned?[Int(interned)] ?? Int(interned))
          }
        }
      }
    }
    if anyLong {
      for (i, id) in ids.enumerated() where id.utf8.count > Self.longest {
        numbers[i] = long[ByteExactID(id)] ?? -1
      }
    }
  }

  /// Whether `id` has a number.
  /// - Complexity: O(length of `id`) on average.
  package func contains(_ id: String) -> Bool { number(of: id) != nil }

  /// Numbers `id` unless it has a number already.
  /// - Returns: Its number, and whether it was new.
  /// - Complexity: O(length of `id`) on average.
  @discardableResult
  package mutating func insert(_ id: String) -> (number: Int, inserted: Bool) {
    let next = count
    return Self.withBytes(of: id) { (bytes) -> (number: Int, inserted: Bool) in
      guard bytes.count <= Self.longest else {
        if let number = long[ByteExactID(id)] { return (number, false) }
        if numberOfInterned == nil { numberOfInterned = Array(0..<interner.count) }
        long[ByteExactID(id)] = next
        return (next, true)
      }
      let (interned, inserted) = interner.intern(bytes)
      if inserted { numberOfInterned?.append(next) }
      return (numberOfInterned?[Int(interned)] ?? Int(interned), inserted)
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

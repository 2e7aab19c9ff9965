/// A set of 64-bit words, cleared and reused: the scratch table that
/// de-duplicates (account, asset) pairs of one partition of an audience at a
/// time, small enough to stay in a core's cache.
///
/// Open addressing with linear probing, at most half full. Words are placed
/// by the keyed hash of ``HashKey/perProcess``, so no input can be built to
/// make them collide. `Set<UInt64>` does the same job with Swift's hashing
/// and a table it cannot reuse, at several times the cost per word.
package struct WordSet: ~Copyable {
  /// Each slot's word plus one; zero when empty.
  private var slots = ScratchBuffer<UInt64>(capacity: 1)
  private var mask = 0
  private let key = HashKey.perProcess

  package init() {}

  /// Empties the set, with room for `count` words.
  /// - Complexity: O(count).
  package mutating func clear(room count: Int) {
    var size = 16
    while size < count * 2 { size <<= 1 }
    if size > slots.capacity { slots = ScratchBuffer(capacity: size) }
    mask = size - 1
    slots.start.update(repeating: 0, count: size)
  }

  /// Adds `word`; whether it was not in the set yet.
  /// - Precondition: fewer words than the room last cleared for, and `word`
  ///   is not `UInt64.max`.
  /// - Complexity: O(1) expected.
  @inline(__always)
  package mutating func insert(_ word: UInt64) -> Bool {
    let stored = word &+ 1
    var slot = Int(truncatingIfNeeded: key.short(word, length: 8)) & mask
    while true {
      let found = slots[slot]
      if found == stored { return false }
      if found == 0 {
        slots[slot] = stored
        return true
      }
      slot = (slot + 1) & mask
    }
  }
}

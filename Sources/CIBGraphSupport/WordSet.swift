/// A set of 64-bit words, cleared and reused: the scratch table that
/// de-duplicates (account, asset) pairs of one partition of an audience at a
/// time, small enough to stay in a core's cache.
///
/// Open addressing with linear probing, doubled when 3/4 full, so that its
/// memory follows the words met rather than the room first asked for (a
/// partition of a million rows of one pair needs one slot). Words are placed
/// by the keyed hash of ``HashKey/perProcess``, so no input can be built to
/// make them collide. `Set<UInt64>` does the same job with Swift's hashing
/// and a table it cannot reuse, at several times the cost per word.
package struct WordSet: ~Copyable {
  /// Each slot's word plus one; zero when empty.
  private var slots = ScratchBuffer<UInt64>(capacity: 1)
  private var mask = 0
  private var count = 0
  private let key = HashKey.perProcess

  package init() {}

  /// Empties the set, with room for about `expected` words before it grows.
  /// - Complexity: O(expected).
  package mutating func clear(expected: Int) {
    var size = 16
    while size < expected * 2 { size <<= 1 }
    if size > slots.capacity { slots = ScratchBuffer(capacity: size) }
    mask = size - 1
    slots.start.update(repeating: 0, count: size)
    count = 0
  }

  /// Adds `word`; whether it was not in the set yet.
  /// - Precondition: `word` is not `UInt64.max`.
  /// - Complexity: O(1) expected; O(words) when the table doubles.
  @inline(__always)
  package mutating func insert(_ word: UInt64) -> Bool {
    let stored = word &+ 1
    var slot = Int(truncatingIfNeeded: key.short(word, length: 8)) & mask
    while true {
      let found = slots[slot]
      if found == stored { return false }
      if found == 0 {
        slots[slot] = stored
        count += 1
        if count * 4 > (mask + 1) * 3 { grow() }
        return true
      }
      slot = (slot + 1) & mask
    }
  }

  /// Doubles the slots and places every word again.
  private mutating func grow() {
    let old = ScratchBuffer<UInt64>(capacity: mask + 1)
    old.start.update(from: slots.start, count: mask + 1)
    let oldSize = mask + 1
    let size = oldSize * 2
    if size > slots.capacity { slots = ScratchBuffer(capacity: size) }
    mask = size - 1
    slots.start.update(repeating: 0, count: size)
    for index in 0..<oldSize where old[index] != 0 {
      let stored = old[index]
      var slot = Int(truncatingIfNeeded: key.short(stored &- 1, length: 8)) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = stored
    }
  }
}

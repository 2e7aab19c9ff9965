/// Numbers pairs of 64-bit words (the second never zero) from 0 in the
/// order they are first met, cleared and reused: the table that gives the
/// audience accounts of one partition at a time their ids, an account of up
/// to 15 bytes being carried as two words.
///
/// ``ByteInterner`` does this for any bytes, copying each new identifier to
/// an arena and each table to memory of its own; here a pair is its own
/// key, kept by id (16 bytes each, dense), and a slot holds 8 bytes: hash
/// bits that screen the pair and the id. One table serves partition after
/// partition, so a core keeps it in its cache. Pairs are placed by the keyed
/// hash of ``HashKey/perProcess``, so no input can be built to make them
/// collide; the table doubles when 3/4 full.
package struct WordPairNumbering: ~Copyable {
  /// Each id's pair.
  private var pairs = ScratchBuffer<(UInt64, UInt64)>(capacity: 16)
  /// Per slot: the pair's hash in the high 32 bits, its id plus one below; zero when empty.
  private var slots = ScratchBuffer<UInt64>(capacity: 16)
  private var mask = 15
  private let key = HashKey.perProcess
  /// How many ids have been given since the last clear.
  package private(set) var count = 0

  package init() {}

  /// Forgets every pair, with room for about `expected` before growing.
  /// - Complexity: O(expected).
  package mutating func clear(expected: Int) {
    var size = 16
    while size * 3 < expected * 4 { size <<= 1 }
    if size > slots.capacity { slots = ScratchBuffer(capacity: size) }
    mask = size - 1
    slots.start.update(repeating: 0, count: size)
    count = 0
  }

  /// The id of the pair (`first`, `second`): the one it was given, or the
  /// next one.
  /// - Complexity: O(1) expected; O(ids) when the table doubles.
  @inline(__always)
  package mutating func number(_ first: UInt64, _ second: UInt64) -> UInt32 {
    let hash = key.short(first ^ HashKey.mix(second ^ key.k1), length: 16)
    let screen = hash & 0xFFFF_FFFF_0000_0000
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let found = slots[slot]
      if found == 0 { break }
      if found & 0xFFFF_FFFF_0000_0000 == screen {
        let id = Int(truncatingIfNeeded: found & 0xFFFF_FFFF) &- 1
        if pairs[id] == (first, second) { return UInt32(truncatingIfNeeded: id) }
      }
      slot = (slot &+ 1) & mask
    }
    let id = nextID()
    pairs[id] = (first, second)
    slots[slot] = screen | UInt64(id &+ 1)
    if count * 4 > (mask + 1) * 3 { grow() }
    return UInt32(truncatingIfNeeded: id)
  }

  /// Takes the next id for something numbered beside the pairs (an account
  /// too long to be a pair), which no pair will be given.
  package mutating func nextID() -> Int {
    if count == pairs.capacity {
      let larger = ScratchBuffer<(UInt64, UInt64)>(capacity: pairs.capacity * 2)
      larger.start.update(from: pairs.start, count: count)
      pairs = larger
    }
    // Its pair is never compared: a long account's id is found by its bytes.
    pairs[count] = (0, 0)
    count += 1
    return count - 1
  }

  /// Doubles the slots and places every pair again.
  private mutating func grow() {
    let size = (mask + 1) * 2
    if size > slots.capacity { slots = ScratchBuffer(capacity: size) }
    mask = size - 1
    slots.start.update(repeating: 0, count: size)
    for id in 0..<count where pairs[id].1 != 0 {
      let (first, second) = pairs[id]
      let hash = key.short(first ^ HashKey.mix(second ^ key.k1), length: 16)
      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots[slot] != 0 { slot = (slot &+ 1) & mask }
      slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(id &+ 1)
    }
  }
}

/// Gives each distinct byte string a dense id, `0, 1, 2, …` in order of first
/// appearance, without making a `String` of it.
///
/// Identifiers read from large files (millions of audience accounts) are
/// interned straight from the reader's buffer: the bytes are copied once into
/// an arena, and an open-addressing table of 32-bit slots finds them again.
/// Swift's `Dictionary<String, Int>` would allocate and hash a `String` per
/// row; this was written because that dominates the reading of large inputs.
///
/// - Complexity: ``intern(_:)`` is O(length) on average.
public struct ByteInterner: Sendable {
  private var arena: [UInt8] = []
  /// Start of each id's bytes in `arena`; `ends[id]` is one past its end.
  private var starts: [Int] = []
  private var ends: [Int] = []
  private var hashes: [UInt64] = []
  /// `id + 1` in each used slot, 0 in an empty one; the count is a power of two.
  private var slots: [UInt32]
  private var mask: Int

  /// An empty interner with room for about `capacity` ids before growing.
  public init(capacity: Int = 1024) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [UInt32](repeating: 0, count: size)
    mask = size - 1
  }

  /// Number of distinct byte strings interned.
  public var count: Int { starts.count }

  /// The id of `bytes`, adding it if new.
  /// - Returns: The id, and whether it was new.
  @inlinable
  public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: UInt32, inserted: Bool) {
    internImplementation(bytes, insert: true)!
  }

  /// The id of `bytes` if it was interned, else `nil`.
  @inlinable
  public mutating func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
    internImplementation(bytes, insert: false)?.id
  }

  /// Interns a `String`'s UTF-8 bytes.
  @discardableResult
  public mutating func intern(_ text: String) -> UInt32 {
    var copy = text
    return copy.withUTF8 { intern($0).id }
  }

  /// The bytes of an id, as a `String` (invalid UTF-8 repaired).
  public func string(_ id: UInt32) -> String {
    String(decoding: arena[starts[Int(id)]..<ends[Int(id)]], as: UTF8.self)
  }

  @usableFromInline
  mutating func internImplementation(_ bytes: UnsafeBufferPointer<UInt8>, insert: Bool) -> (
    id: UInt32, inserted: Bool
  )? {
    let hash = Self.hash(bytes)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let entry = slots[slot]
      if entry == 0 { break }
      let id = Int(entry - 1)
      if hashes[id] == hash && equal(id, bytes) { return (UInt32(id), false) }
      slot = (slot + 1) & mask
    }
    guard insert else { return nil }
    let id = starts.count
    starts.append(arena.count)
    arena.append(contentsOf: bytes)
    ends.append(arena.count)
    hashes.append(hash)
    slots[slot] = UInt32(id + 1)
    if starts.count * 2 > slots.count { grow() }
    return (UInt32(id), true)
  }

  private func equal(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = starts[id]
    guard ends[id] - start == bytes.count else { return false }
    return arena.withUnsafeBufferPointer { arena in
      for i in 0..<bytes.count where arena[start + i] != bytes[i] { return false }
      return true
    }
  }

  private mutating func grow() {
    let size = slots.count * 2
    slots = [UInt32](repeating: 0, count: size)
    mask = size - 1
    for id in 0..<hashes.count {
      var slot = Int(truncatingIfNeeded: hashes[id]) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = UInt32(id + 1)
    }
  }

  /// A 64-bit hash of bytes: FNV-1a over 8-byte words, then the SplitMix64
  /// finaliser, so that every bit of the result depends on every input bit
  /// (HyperLogLog reads the leading bits).
  @inlinable
  public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(bytes.count)
    var i = 0
    let count = bytes.count
    while i + 8 <= count {
      var word: UInt64 = 0
      for k in 0..<8 { word |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
      h = (h ^ word) &* 0x0000_0100_0000_01B3
      h ^= h >> 29
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < count {
      tail |= UInt64(bytes[i]) << shift
      shift += 8
      i += 1
    }
    h = (h ^ tail) &* 0x0000_0100_0000_01B3
    // SplitMix64 finaliser.
    h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 31)
  }
}

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
  /// Each id's bytes in `arena`: start in the high 40 bits, length in the low 24.
  private var spans: [UInt64] = []
  /// 0 for an empty slot; else the hash's high 32 bits (a fingerprint, and the
  /// slot's position) above `id + 1`. Comparing the fingerprint first means a
  /// probe touches the arena only for a likely match: one cache miss fewer per
  /// row than keeping hashes apart (measured: 0.88 s for 2 M rows before).
  private var slots: [UInt64]
  private var mask: Int

  /// An empty interner with room for about `capacity` ids before growing.
  public init(capacity: Int = 1024) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [UInt64](repeating: 0, count: size)
    mask = size - 1
  }

  /// Number of distinct byte strings interned.
  public var count: Int { spans.count }

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
    let span = spans[Int(id)]
    let start = Int(span >> 24)
    return String(decoding: arena[start..<start + Int(span & 0xFF_FFFF)], as: UTF8.self)
  }

  @usableFromInline
  mutating func internImplementation(_ bytes: UnsafeBufferPointer<UInt8>, insert: Bool) -> (
    id: UInt32, inserted: Bool
  )? {
    precondition(bytes.count <= 0xFF_FFFF, "an interned identifier is at most 16 MiB")
    let fingerprint = Self.hash(bytes) >> 32
    var slot = Int(truncatingIfNeeded: fingerprint) & mask
    let found: UInt32? = slots.withUnsafeBufferPointer { slots in
      while true {
        let entry = slots[slot]
        if entry == 0 { return nil }
        if entry >> 32 == fingerprint {
          let id = Int(entry & 0xFFFF_FFFF) - 1
          if equal(id, bytes) { return UInt32(id) }
        }
        slot = (slot + 1) & mask
      }
    }
    if let found { return (found, false) }
    guard insert else { return nil }
    let id = spans.count
    spans.append(UInt64(arena.count) << 24 | UInt64(bytes.count))
    arena.append(contentsOf: bytes)
    slots[slot] = fingerprint << 32 | UInt64(id + 1)
    if spans.count * 2 > slots.count { grow() }
    return (UInt32(id), true)
  }

  private func equal(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let span = spans[id]
    guard Int(span & 0xFF_FFFF) == bytes.count else { return false }
    let start = Int(span >> 24)
    return arena.withUnsafeBufferPointer { arena in
      for i in 0..<bytes.count where arena[start + i] != bytes[i] { return false }
      return true
    }
  }

  private mutating func grow() {
    let old = slots
    let size = slots.count * 2
    slots = [UInt64](repeating: 0, count: size)
    mask = size - 1
    for entry in old where entry != 0 {
      var slot = Int(truncatingIfNeeded: entry >> 32) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = entry
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
    if let base = bytes.baseAddress {
      let raw = UnsafeRawPointer(base)
      while i + 8 <= count {
        let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        h = (h ^ word) &* 0x0000_0100_0000_01B3
        h ^= h >> 29
        i += 8
      }
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

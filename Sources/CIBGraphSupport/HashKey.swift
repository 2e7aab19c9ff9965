/// The key of the hash that places identifiers read from input in tables.
///
/// Identifiers are written by adversaries. With a hash anyone can compute, they
/// can choose thousands that land in one slot, and every lookup then walks all
/// of them: reading becomes quadratic. Keyed with random bits drawn once per
/// process (``perProcess``), where an identifier lands cannot be predicted, so
/// no input can be built to collide.
///
/// The hash itself is two rounds of the SplitMix64 finaliser around the key
/// for identifiers of up to 8 bytes (the common case, kept to a few
/// multiplications), and a folded 64 × 64 → 128-bit multiply of each 16 bytes
/// with the key and the running state for longer ones (as wyhash and foldhash
/// do): both fast enough for tens of millions of rows. Swift's `Hasher`
/// (SipHash-1-3) would do as well, at several times the cost per identifier.
@usableFromInline package struct HashKey: Sendable {
  @usableFromInline let k0: UInt64
  @usableFromInline let k1: UInt64

  /// Drawn from the system's random source the first time a table is made.
  static let perProcess: HashKey = {
    var generator = SystemRandomNumberGenerator()
    return HashKey(k0: generator.next(), k1: generator.next())
  }()

  /// A key that is the same in every process, for HyperLogLog sketches: their
  /// estimates should not change from run to run, and they are not tables an
  /// adversary can slow down.
  static let fixed = HashKey(k0: 0x243F_6A88_85A3_08D3, k1: 0x1319_8A2E_0370_7344)

  /// The hash of any bytes.
  @inlinable func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard bytes.count > 8 else { return short(Self.word(bytes), length: bytes.count) }
    return long(bytes)
  }

  /// Up to 8 bytes (`bytes.count` ≤ 8) as a little-endian word, without a
  /// loop over them: a loop's exit depends on the length, and identifiers of
  /// 7 and 8 bytes mixed made it a mispredicted branch per lookup. Two loads
  /// that may overlap cover 4 to 8 bytes; three single bytes cover 1 to 3.
  @inlinable @inline(__always)
  package static func word(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let count = bytes.count
    guard count > 0 else { return 0 }
    let raw = UnsafeRawPointer(bytes.baseAddress!)
    if count >= 4 {
      let low = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
      let high = UInt64(
        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
      return low | high << (8 * UInt64(count - 4))
    }
    let middle = count / 2
    return UInt64(bytes[0]) | UInt64(bytes[middle]) << (8 * UInt64(middle))
      | UInt64(bytes[count - 1]) << (8 * UInt64(count - 1))
  }

  /// The hash of up to 8 bytes, given as one little-endian word and a length
  /// (so that trailing zero bytes count).
  @inlinable @inline(__always)
  func short(_ word: UInt64, length: Int) -> UInt64 {
    Self.mix(Self.mix(word ^ k0) ^ k1 &+ UInt64(truncatingIfNeeded: length))
  }

  /// The hash of more than 8 bytes.
  @inlinable func long(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let count = bytes.count
    let raw = UnsafeRawPointer(bytes.baseAddress!)
    @inline(__always) func word(_ offset: Int) -> UInt64 {
      UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
    var state = k0 ^ UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
    var offset = 0
    while count - offset > 16 {
      state = Self.foldedMultiply(word(offset) ^ k1, word(offset + 8) ^ state)
      offset += 16
    }
    // The last 16 bytes (or all 9 to 15), as two words that may overlap the
    // bytes already taken; the length is in the state.
    let first = word(count >= 16 ? count - 16 : 0)
    return Self.foldedMultiply(first ^ k1 ^ state, word(count - 8) ^ k0) ^ state
  }

  /// The high and low halves of a full product, combined.
  @inlinable @inline(__always)
  static func foldedMultiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let product = a.multipliedFullWidth(by: b)
    return product.high ^ product.low
  }

  /// SplitMix64's finaliser: every output bit depends on every input bit.
  @inlinable @inline(__always)
  static func mix(_ value: UInt64) -> UInt64 {
    var h = value
    h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 31)
  }
}

/// The keyed hash that places identifiers in tables (``ByteInterner``), for
/// what a reader hashes identifiers to outside a table: sketches of how many
/// are distinct, the part of the hash space an account is numbered in, the
/// bucket an asset's rows are counted in. Keyed per process as the tables
/// are, so no input can be built to fool a sketch or crowd a bucket; a
/// value holds the key, so that a loop over millions of rows hashes without
/// reading a global.
@_spi(Internal) public struct IdentifierHash: Sendable {
  @usableFromInline let key: HashKey

  /// The hash keyed for this process.
  public init() { key = .perProcess }

  /// The hash of `bytes`, the one ``ByteInterner`` places them by.
  /// - Complexity: O(`bytes.count`).
  @inlinable
  public func callAsFunction(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    key.hash(bytes)
  }
}

extension UnsafeBufferPointer<UInt8> {
  /// Up to 8 bytes (`count` ≤ 8) as a little-endian word, read as a table
  /// reads a short identifier (``HashKey``'s `word`, without a loop): for
  /// the accounts a reader carries in its rows.
  /// - Complexity: O(1).
  @_spi(Internal) @inlinable @inline(__always)
  public var littleEndianWord: UInt64 { HashKey.word(self) }
}

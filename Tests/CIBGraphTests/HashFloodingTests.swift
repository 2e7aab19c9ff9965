import CIBGraph
import Foundation
import Testing

@testable import CIBGraphSupport

/// Identifiers built to collide: anyone who knows a table's hash key can
/// choose identifiers that all land in one slot, so that interning them is
/// quadratic. The process's key is drawn at random, so no input can be built
/// against it.
@Suite struct HashFloodingTests {
  static let knownKey = HashKey(k0: 0x0123_4567_89AB_CDEF, k1: 0xFEDC_BA98_7654_3210)

  /// Inverse of SplitMix64's finaliser (``HashKey/mix(_:)``).
  static func unmix(_ value: UInt64) -> UInt64 {
    func unshift(_ y: UInt64, _ shift: UInt64) -> UInt64 {
      var x = y
      for _ in 0..<(64 / shift + 1) { x = y ^ (x >> shift) }
      return x
    }
    func inverse(_ c: UInt64) -> UInt64 {
      var inverse = c
      for _ in 0..<6 { inverse = inverse &* (2 &- c &* inverse) }
      return inverse
    }
    var x = unshift(value, 31)
    x = x &* inverse(0x94D0_49BB_1331_11EB)
    x = unshift(x, 27)
    x = x &* inverse(0xBF58_476D_1CE4_E5B9)
    return unshift(x, 30)
  }

  /// `count` distinct 8-byte identifiers whose hashes under `key` all end in
  /// 32 zero bits: one slot in any table of up to 2^32 slots.
  static func colliding(_ count: Int, under key: HashKey) -> [[UInt8]] {
    (1...count).map { i in
      let hash = UInt64(i) << 32
      let word = unmix((unmix(hash) &- 8) ^ key.k1) ^ key.k0
      return withUnsafeBytes(of: word.littleEndian) { Array($0) }
    }
  }

  @Test func theConstructionCollidesUnderTheKeyItWasBuiltFor() {
    for id in Self.colliding(1_000, under: Self.knownKey) {
      let hash = id.withUnsafeBufferPointer { Self.knownKey.hash($0) }
      #expect(hash & 0xFFFF_FFFF == 0)
    }
  }

  /// Identifiers that all share one slot of a table keyed as they were built
  /// for are interned by the process's table in linear time, each once.
  @Test func identifiersBuiltAgainstAKeyDoNotCollideInTheProcessTable() throws {
    let ids = Self.colliding(200_000, under: Self.knownKey)
    let clock = ContinuousClock()
    func intern(_ count: Int, into table: inout ByteInterner) -> Duration {
      clock.measure {
        for id in ids.prefix(count) { _ = id.withUnsafeBufferPointer { table.intern($0) } }
      }
    }
    // 20,000 of them in a table keyed as they were built for: 2·10^8 probes.
    var flooded = ByteInterner(capacity: 16, hashKey: Self.knownKey)
    let floodedTime = intern(20_000, into: &flooded)
    var table = ByteInterner(capacity: 16)
    let time = intern(20_000, into: &table)
    #expect(time * 5 < floodedTime, "\(time) with the process's key, \(floodedTime) flooded")
    var whole = ByteInterner(capacity: 16)
    let wholeTime = intern(200_000, into: &whole)
    #expect(whole.count == 200_000)
    for (i, id) in ids.enumerated().prefix(1_000) {
      #expect(id.withUnsafeBufferPointer { whole.find($0) } == UInt32(i))
    }
    #expect(wholeTime < .seconds(5), "quadratic: 2·10^10 probes would take minutes")
  }

  @Test func longIdentifiersHashEveryByte() {
    // Two identifiers differing in one byte anywhere, for every length the
    // long hash treats apart (one word, overlapping words, several blocks).
    for length in [9, 15, 16, 17, 31, 32, 33, 100] {
      let base = [UInt8](repeating: UInt8(ascii: "a"), count: length)
      var hashes = Set<UInt64>()
      hashes.insert(base.withUnsafeBufferPointer { HashKey.perProcess.hash($0) })
      for position in 0..<length {
        var changed = base
        changed[position] = UInt8(ascii: "b")
        hashes.insert(changed.withUnsafeBufferPointer { HashKey.perProcess.hash($0) })
      }
      #expect(hashes.count == length + 1, "length \(length)")
    }
  }
}

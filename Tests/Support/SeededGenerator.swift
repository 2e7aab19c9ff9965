/// A small, seeded, deterministic random number generator (SplitMix64), so
/// that every randomized test, and every run of the generator of hostile
/// inputs, is replayed from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  /// SplitMix64's counter, advanced by a fixed odd constant on each draw.
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits: Sebastiano Vigna's SplitMix64
  /// (`splitmix64.c`), a Weyl sequence passed through a mixing function.
  /// - Complexity: O(1).
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

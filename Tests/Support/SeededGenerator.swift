/// A small, seeded, deterministic random number generator (SplitMix64), so
/// that every randomized test, and every run of the generator of hostile
/// inputs, is replayed from its seed.
///
/// It draws integers in a range, picks elements, shuffles and makes
/// fractions with its own algorithms, written out below, and deliberately
/// does not conform to `RandomNumberGenerator`: the standard library's
/// `random(in:using:)`, `randomElement(using:)` and `shuffled(using:)` may
/// change their algorithms between Swift versions, and a seed that once
/// failed must make the same input forever. `SeededGeneratorTests` pins the
/// first draws of a fixed seed, so that a change to any of them is noticed.
public struct SeededGenerator: Sendable {
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

  /// A number in `0..<bound`, each equally likely.
  ///
  /// Daniel Lemire's multiply-shift with rejection ("Fast Random Integer
  /// Generation in an Interval", 2019): the high 64 bits of `next() * bound`
  /// are the answer, unless the low 64 bits fall below `2^64 mod bound`, in
  /// which case that draw is one of the surplus ways to reach its answer and
  /// is drawn again. (`next() % bound` would favour small numbers whenever
  /// `bound` does not divide 2^64.)
  /// - Precondition: `bound > 0`.
  /// - Complexity: O(1) expected; a draw is rejected with probability below
  ///   `bound / 2^64`.
  public mutating func below(_ bound: UInt64) -> UInt64 {
    precondition(bound > 0, "an empty range has no number in it")
    var product = next().multipliedFullWidth(by: bound)
    if product.low < bound {
      let surplus = (0 &- bound) % bound  // 2^64 mod bound
      while product.low < surplus {
        product = next().multipliedFullWidth(by: bound)
      }
    }
    return product.high
  }

  /// A number in `0..<bound`, each equally likely (the `UInt64` overload says how).
  /// - Precondition: `bound > 0`.
  public mutating func below(_ bound: Int) -> Int {
    precondition(bound > 0, "an empty range has no number in it")
    return Int(below(UInt64(bound)))
  }

  /// A number in `range`, each equally likely.
  /// - Precondition: `range` is not empty.
  public mutating func int(in range: Range<Int>) -> Int {
    precondition(!range.isEmpty, "an empty range has no number in it")
    // The distance as an unsigned number: `Int.min..<Int.max` does not fit an Int.
    let count = UInt64(truncatingIfNeeded: range.upperBound &- range.lowerBound)
    return range.lowerBound &+ Int(truncatingIfNeeded: below(count))
  }

  /// A number in `range`, each equally likely.
  public mutating func int(in range: ClosedRange<Int>) -> Int {
    let distance = UInt64(truncatingIfNeeded: range.upperBound &- range.lowerBound)
    guard distance < UInt64.max else { return Int(truncatingIfNeeded: next()) }
    return range.lowerBound &+ Int(truncatingIfNeeded: below(distance + 1))
  }

  /// True or false, each half the time (the top bit of a draw).
  public mutating func bool() -> Bool { next() >> 63 == 1 }

  /// A number in `0..<1`: one of the 2^53 multiples of 2^-53 there, each
  /// equally likely (the top 53 bits of a draw, the precision of a Double).
  public mutating func unitDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// An element of `collection`, each position equally likely, or nil if
  /// it is empty.
  /// - Complexity: O(1) on a random-access collection, O(n) otherwise.
  public mutating func element<C: Collection>(of collection: C) -> C.Element? {
    guard !collection.isEmpty else { return nil }
    return collection[collection.index(collection.startIndex, offsetBy: below(collection.count))]
  }

  /// Puts `collection` in a random order, each order equally likely: the
  /// Fisher–Yates shuffle, from the last position down, swapping each with
  /// a position at or before it.
  /// - Complexity: O(n).
  public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(
    _ collection: inout C
  ) {
    guard collection.count > 1 else { return }
    for offset in stride(from: collection.count - 1, to: 0, by: -1) {
      let other = below(offset + 1)
      collection.swapAt(
        collection.index(collection.startIndex, offsetBy: offset),
        collection.index(collection.startIndex, offsetBy: other))
    }
  }

  /// The elements of `sequence` in a random order (see ``shuffle(_:)``).
  /// - Complexity: O(n).
  public mutating func shuffled<S: Sequence>(_ sequence: S) -> [S.Element] {
    var elements = Array(sequence)
    shuffle(&elements)
    return elements
  }
}

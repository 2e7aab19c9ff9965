import CIBGraphTestSupport
import Testing

/// The tests' seeded generator must give the same draws forever, so that a
/// seed that once failed makes the same input again, and its draws must be
/// fair, or the random tests would try some inputs less than others.
@Suite struct SeededGeneratorTests {
  /// Pearson's statistic of `counts` against equal expected counts.
  func chiSquare(_ counts: [Int]) -> Double {
    let expected = Double(counts.reduce(0, +)) / Double(counts.count)
    return counts.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
  }

  @Test func theFirstDrawsOfAFixedSeedNeverChange() {
    // The reference output of Vigna's splitmix64.c for the seed 1234567.
    var bits = SeededGenerator(seed: 1_234_567)
    #expect(
      (0..<5).map { _ in bits.next() } == [
        6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
        4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
      ])
    // What the tests draw from those bits, computed independently of this code.
    var random = SeededGenerator(seed: 42)
    #expect((0..<8).map { _ in random.below(7) } == [5, 1, 1, 2, 0, 6, 1, 5])
    random = SeededGenerator(seed: 42)
    #expect((0..<8).map { _ in random.int(in: 1...6) } == [5, 1, 2, 3, 1, 6, 2, 5])
    random = SeededGenerator(seed: 42)
    #expect(
      (0..<4).map { _ in random.int(in: -1_000_000...1_000_000) } == [
        483_130, -680_180, -442_798, -311_619,
      ])
    random = SeededGenerator(seed: 42)
    #expect(
      (0..<8).map { _ in random.bool() } == [true, false, false, false, false, true, false, true])
    random = SeededGenerator(seed: 42)
    #expect(
      (0..<3).map { _ in random.unitDouble() } == [
        0.7415648787718233, 0.1599103928769201, 0.27860113025513866,
      ])
    random = SeededGenerator(seed: 42)
    #expect(String((0..<8).map { _ in random.element(of: "abcdefghij")! }) == "hbcdaici")
    random = SeededGenerator(seed: 42)
    #expect(String(random.shuffled("abcdefghij")) == "idgfeajcbh")
  }

  /// Each seed is a fixed sample, so these pass or fail the same way every
  /// run; a fair generator exceeds each bound for one seed in a thousand.
  @Test func aNumberInASmallRangeIsUnbiased() {
    var random = SeededGenerator(seed: 1)
    var counts = [Int](repeating: 0, count: 7)
    for _ in 0..<70_000 { counts[random.int(in: 0..<7)] += 1 }
    // 22.46 is the 99.9th percentile of chi-square with 6 degrees of freedom.
    #expect(chiSquare(counts) < 22.46, "\(counts)")

    random = SeededGenerator(seed: 2)
    var dice = [Int](repeating: 0, count: 6)
    for _ in 0..<60_000 { dice[random.int(in: 1...6) - 1] += 1 }
    #expect(chiSquare(dice) < 20.52, "\(dice)")  // 5 degrees of freedom
  }

  /// A bound of 3·2^62 does not divide 2^64: reducing a draw modulo the
  /// bound would make the lowest third of the range twice as likely as the
  /// others, which the rejection step prevents.
  @Test func aNumberBelowALargeBoundIsUnbiased() {
    var random = SeededGenerator(seed: 11)
    var thirds = [0, 0, 0]
    for _ in 0..<30_000 { thirds[Int(random.below(UInt64(3) << 62) >> 62)] += 1 }
    #expect(chiSquare(thirds) < 13.82, "\(thirds)")  // 2 degrees of freedom
  }

  /// Each of the six orders of three elements is equally likely (swapping
  /// each position with any position, a common slip, favours some orders).
  @Test func everyOrderOfAShuffleIsEquallyLikely() {
    var random = SeededGenerator(seed: 5)
    var counts: [String: Int] = [:]
    for _ in 0..<60_000 { counts[String(random.shuffled("abc")), default: 0] += 1 }
    #expect(counts.count == 6)
    #expect(chiSquare(Array(counts.values)) < 20.52, "\(counts)")  // 5 degrees of freedom
  }

  @Test func drawsStayInTheirRanges() {
    var random = SeededGenerator(seed: 3)
    #expect((0..<10_000).allSatisfy { _ in (0..<1).contains(random.unitDouble()) })
    #expect((0..<10_000).allSatisfy { _ in (-3...(-1)).contains(random.int(in: -3...(-1))) })
    #expect((0..<100).allSatisfy { _ in random.int(in: 5..<6) == 5 })
    // The whole range of Int has more numbers than an Int counts: no overflow trap.
    _ = random.int(in: Int.min...Int.max)
    _ = random.int(in: Int.min..<Int.max)
    #expect(random.element(of: [Int]()) == nil)
  }
}

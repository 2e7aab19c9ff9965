/// A whole number's decimal digits, as `String(value)` writes them, without
/// making a `String`: the JSON and CSV writers put millions of numbers into
/// outputs of tens of megabytes.
enum DecimalDigits {
  /// The most bytes a number of up to 64 bits takes: `-` and 19 digits, or 20 digits.
  static let longest = 20

  /// `value` as a magnitude and sign of 64 bits, or `nil` when it does not fit.
  ///
  /// Every value of up to 64 bits, and the 128-bit sums that fit in them
  /// (all of them in practice), are written from a word: printing in 128
  /// bits divides in 128 bits.
  @inline(__always) static func word(of value: some BinaryInteger) -> (UInt64, Bool)? {
    if let small = Int64(exactly: value) { return (small.magnitude, small < 0) }
    if let unsigned = UInt64(exactly: value) { return (unsigned, false) }
    return nil
  }

  /// Writes the digits of `magnitude`, after a `-` when `negative`, at
  /// `start`, which has room for ``longest`` bytes; returns how many it wrote.
  ///
  /// The digits are counted first, so that each is stored once where it
  /// belongs, two at a time. No table: a global's lazy initialiser is
  /// checked on each use, which cost more than the divisions by constants
  /// (multiplications) it would save.
  /// - Complexity: O(digits).
  @inline(__always) static func write(
    _ magnitude: UInt64, negative: Bool, to start: UnsafeMutablePointer<UInt8>
  ) -> Int {
    var digitCount = 1
    var rest = magnitude
    while rest >= 10 {
      rest /= 10
      digitCount += 1
    }
    let sign = negative ? 1 : 0
    if negative { start.pointee = UInt8(ascii: "-") }
    var end = start + sign + digitCount
    var value = magnitude
    while value >= 100 {
      let pair = UInt8(truncatingIfNeeded: value % 100)
      value /= 100
      end -= 2
      end[0] = UInt8(ascii: "0") &+ pair / 10
      end[1] = UInt8(ascii: "0") &+ pair % 10
    }
    let last = UInt8(truncatingIfNeeded: value)
    if last >= 10 {
      end[-2] = UInt8(ascii: "0") &+ last / 10
      end[-1] = UInt8(ascii: "0") &+ last % 10
    } else {
      end[-1] = UInt8(ascii: "0") &+ last
    }
    return sign + digitCount
  }
}

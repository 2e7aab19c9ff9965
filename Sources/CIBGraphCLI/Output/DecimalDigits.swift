extension [UInt8] {
  /// Appends a whole number's decimal digits, as `String(value)` writes
  /// them, without making a `String`: the JSON and CSV writers put millions
  /// of numbers into outputs of tens of megabytes.
  /// - Complexity: O(digits).
  mutating func appendDecimal(_ value: some BinaryInteger) {
    // Every value of up to 64 bits, and the 128-bit sums that fit in them
    // (all of them in practice), take the 64-bit way: printing in 128 bits
    // divides in 128 bits.
    if let small = Int64(exactly: value) {
      appendDigits(magnitude: small.magnitude, negative: small < 0)
    } else if let unsigned = UInt64(exactly: value) {
      appendDigits(magnitude: unsigned, negative: false)
    } else {
      append(contentsOf: String(value).utf8)
    }
  }

  private mutating func appendDigits(magnitude: UInt64, negative: Bool) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { digits in
      var value = magnitude
      var start = digits.count
      repeat {
        start -= 1
        digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
        value /= 10
      } while value != 0
      if negative {
        start -= 1
        digits[start] = UInt8(ascii: "-")
      }
      append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
    }
  }
}

/// A whole number's decimal digits, as `String(value)` writes them, without
/// making a `String`: the JSON and CSV writers put millions of numbers into
/// outputs of tens of megabytes.
enum DecimalDigits {
  /// Calls `body` with the digits of `value` (a `-` first when negative).
  /// - Complexity: O(digits).
  static func withDigits<Result>(
    of value: some BinaryInteger, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    // Every value of up to 64 bits, and the 128-bit sums that fit in them
    // (all of them in practice), take the 64-bit way: printing in 128 bits
    // divides in 128 bits.
    if let small = Int64(exactly: value) {
      return withDigits(magnitude: small.magnitude, negative: small < 0, body)
    } else if let unsigned = UInt64(exactly: value) {
      return withDigits(magnitude: unsigned, negative: false, body)
    } else {
      var text = String(value)
      return text.withUTF8(body)
    }
  }

  private static func withDigits<Result>(
    magnitude: UInt64, negative: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
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
      return body(UnsafeBufferPointer(rebasing: digits[start...]))
    }
  }
}

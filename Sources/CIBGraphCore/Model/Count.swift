import CIBGraphSupport

/// How large an audience or asset count may be, and what sums of counts are held in.
///
/// A reader refuses any count above ``largest`` with the file, line and column:
/// no platform has a thousandth of that many users, so a larger figure is a
/// mistake or an attack, and every accepted count is exact in a JSON number
/// (below 2^53). Sums of counts (followers summed over a component, say) are
/// ``CountSum``s, which hold the sum of 2^64 counts of any `Int` value, so
/// no sum of input can overflow.
public enum Count {
  /// The largest follower, member or reported count a reader accepts: 10^15.
  @inlinable public static var largest: Int { 1_000_000_000_000_000 }

  /// Why `value` is refused as a count, or `nil` when it is accepted.
  package static func refusal(_ value: Int) -> String? {
    if value < 0 { return "is negative (\(value)); counts are never negative" }
    if value > largest {
      return
        "is too large (\(groupedDigits(value))); the largest count accepted is \(groupedDigits(largest))"
    }
    return nil
  }
}

/// A sum of counts, wide enough that no sum of `Int` counts overflows it.
public typealias CountSum = Int128

extension Double {
  /// The `Double` nearest to `sum`, as `Double(sum)` gives it. A sum that
  /// fits in an `Int` (every real one) is converted from that: the standard
  /// library's conversion from a 128-bit integer is generic and looks its
  /// types up at run time, which was most of the cost of sizing a node.
  /// - Complexity: O(1).
  @inlinable package init(countSum sum: CountSum) {
    if sum >= CountSum(Int.min) && sum <= CountSum(Int.max) {
      self.init(Int(truncatingIfNeeded: sum))
    } else {
      self.init(sum)
    }
  }
}

/// Fractions written with a fixed number of decimals, the same in every
/// output that shows them (`0.4286`), without the locale or the shortest
/// round-trip form `description` gives (`0.42857142857142855`).
package enum DecimalText {
  /// `value` rounded to four decimals: `0.4286`, `1.0000`.
  /// - Complexity: O(1).
  package static func fourPlaces(_ value: Double) -> String {
    let scaled = Int((value * 10_000).rounded())
    let fraction = String(scaled % 10_000)
    return "\(scaled / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
  }
}

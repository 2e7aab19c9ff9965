@_spi(Internal) import CIBGraphSupport

/// Follower or member counts of millions of nodes, 4 bytes each.
///
/// A count is known or not; known counts below 2^32 − 1 are stored inline,
/// larger ones (no Page has that many followers, but the data may say so)
/// exactly, aside. Half the memory of `[Int]`: 32 MB less for the two
/// columns of 4 M nodes.
@usableFromInline package struct CountColumn: Sendable {
  @usableFromInline var values: [UInt32] = []
  /// Counts too large to store inline, by position.
  @usableFromInline var large: [Int: Int] = [:]
  @inlinable static var absent: UInt32 { .max }
  @inlinable static var aside: UInt32 { .max - 1 }

  package init() {}

  /// How `count` is stored at `position`: inline, as absent, or aside in
  /// `large` (by position) when it does not fit 32 bits.
  @inlinable package static func stored(_ count: Int?, at position: Int, large: inout [Int: Int])
    -> UInt32
  {
    guard let count else { return absent }
    guard count < Int(aside) else {
      large[position] = count
      return aside
    }
    return UInt32(count)
  }

  /// A column of several parts' counts end to end, as ``stored(_:at:large:)``
  /// stored them: `values` in order, part `i` having `counts[i]` of them and
  /// its own `large`, by position within the part.
  package init(values: [UInt32], large parts: [[Int: Int]], counts: [Int]) {
    precondition(parts.count == counts.count && counts.reduce(0, +) == values.count)
    self.values = values
    var first = 0
    for (part, count) in zip(parts, counts) {
      for (position, value) in part { large[first + position] = value }
      first += count
    }
  }

  /// A column of counts given as `Int`, `-1` (or any negative) for unknown.
  init(_ counts: [Int]) {
    values.reserveCapacity(counts.count)
    for count in counts { append(count < 0 ? nil : count) }
  }

  @inlinable var count: Int { values.count }

  @inlinable package mutating func reserveCapacity(_ capacity: Int) {
    values.reserveCapacity(capacity)
  }

  @inlinable package mutating func append(_ count: Int?) {
    values.append(Self.stored(count, at: values.count, large: &large))
  }

  /// The count at `position`, or `nil` when unknown.
  @inlinable subscript(position: Int) -> Int? {
    let value = values[position]
    if value == Self.absent { return nil }
    if value == Self.aside { return large[position] }
    return Int(value)
  }
}

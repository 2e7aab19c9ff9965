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
  @inlinable package static var absent: UInt32 { .max }
  @inlinable package static var aside: UInt32 { .max - 1 }

  package init() {}

  /// A column of counts stored as the column stores them: `values`, with
  /// ``absent`` for unknown and ``aside`` for those in `large`, by position.
  package init(values: [UInt32], large: [Int: Int]) {
    self.values = values
    self.large = large
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
    guard let count else {
      values.append(Self.absent)
      return
    }
    if count >= Int(Self.aside) {
      large[values.count] = count
      values.append(Self.aside)
    } else {
      values.append(UInt32(count))
    }
  }

  /// The count at `position`, or `nil` when unknown.
  @inlinable subscript(position: Int) -> Int? {
    let value = values[position]
    if value == Self.absent { return nil }
    if value == Self.aside { return large[position] }
    return Int(value)
  }
}

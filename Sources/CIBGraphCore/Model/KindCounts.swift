import CIBGraphSupport

/// A number for each ``AssetKind``, held inline (no dictionary): read and
/// changed by kind, `counts[.page] += 1`.
///
/// `print(counts)` writes the kinds that have a number as a report would:
/// `57 Facebook accounts, 24 Pages, 1 Group`.
public struct PerKindNumber<Number: BinaryInteger & Sendable>: Sendable, Hashable,
  CustomStringConvertible
{
  package var account: Number = 0
  package var page: Number = 0
  package var group: Number = 0
  package var instagram: Number = 0
  package var organization: Number = 0

  /// Zero for every kind.
  public init() {}

  /// The number for `kind`.
  public subscript(kind: AssetKind) -> Number {
    get {
      switch kind {
      case .account: account
      case .page: page
      case .group: group
      case .instagram: instagram
      case .organization: organization
      }
    }
    set {
      switch kind {
      case .account: account = newValue
      case .page: page = newValue
      case .group: group = newValue
      case .instagram: instagram = newValue
      case .organization: organization = newValue
      }
    }
  }

  /// The sum over all kinds.
  public var total: Number { account + page + group + instagram + organization }

  /// The kinds with a number other than zero, in ``AssetKind`` order:
  /// `57 Facebook accounts, 1 Page`; `none` when every number is zero.
  public var description: String {
    let parts = AssetKind.allCases.compactMap { kind -> String? in
      let number = self[kind]
      guard number != 0 else { return nil }
      return groupedDigits(number) + " " + (number == 1 ? kind.singularLabel : kind.pluralLabel)
    }
    return parts.isEmpty ? "none" : parts.joined(separator: ", ")
  }
}

/// How many assets (or rows, or accounts) of each kind.
public typealias KindCounts = PerKindNumber<Int>

/// Followers or members summed per kind, in a type no sum of counts overflows.
public typealias KindSums = PerKindNumber<CountSum>

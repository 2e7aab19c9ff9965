import CIBGraphSupport

/// A number for each ``AssetKind``, held inline (no dictionary).
public struct PerKindNumber<Number: BinaryInteger & Sendable>: Sendable, Hashable {
  public var account: Number = 0
  public var page: Number = 0
  public var group: Number = 0
  public var instagram: Number = 0
  public var organization: Number = 0

  public init() {}

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
}

/// How many assets (or rows, or accounts) of each kind.
public typealias KindCounts = PerKindNumber<Int>

/// Followers or members summed per kind, in a type no sum of counts overflows.
public typealias KindSums = PerKindNumber<CountSum>

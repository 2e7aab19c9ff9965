/// A count for each ``AssetKind``, held inline (no dictionary).
public struct KindCounts: Sendable, Hashable, Codable {
  public var account = 0
  public var page = 0
  public var group = 0
  public var instagram = 0
  public var organization = 0

  public init() {}

  public subscript(kind: AssetKind) -> Int {
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
  public var total: Int { account + page + group + instagram + organization }
}

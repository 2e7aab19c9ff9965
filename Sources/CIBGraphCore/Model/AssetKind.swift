import CIBGraphSupport

/// What an asset in a takedown network is.
///
/// The raw values are the names used in every file format (`Kind` column of a
/// nodes CSV, `kind` in a JSON document): `account`, `page`, `group`,
/// `instagram`, `organization`.
public enum AssetKind: String, CaseIterable, Sendable, Hashable, Comparable {
  /// A Facebook account (a profile, usually fake in a CIB network).
  case account
  /// A Facebook Page.
  case page
  /// A Facebook Group.
  case group
  /// An Instagram account.
  case instagram
  /// The actor a network is attributed to: a firm, a party's IT cell, a
  /// military media wing. Organisations nest (``RelationType/partOf``).
  case organization

  /// The kinds a platform counts and takes down; everything but organisations.
  package static let platformAssets: [AssetKind] = [.account, .page, .group, .instagram]

  /// The kinds whose audience a platform reports as "followed (or joined) at least one".
  package static let audienceKinds: [AssetKind] = [.page, .group, .instagram]

  /// Reads a kind as written in a file: the raw value, case-insensitive, with
  /// the British `organisation` accepted too. Returns `nil` for anything else.
  package init?(name: some StringProtocol) {
    switch name.lowercased() {
    case "account": self = .account
    case "page": self = .page
    case "group": self = .group
    case "instagram": self = .instagram
    case "organization", "organisation": self = .organization
    default: return nil
    }
  }

  /// The valid names, for error messages: `account, page, group, instagram, organization`.
  package static let validNames = allCases.map(\.rawValue).joined(separator: ", ")

  /// How a report names a number of assets of this kind: "Facebook accounts", "Pages".
  package var pluralLabel: String {
    switch self {
    case .account: "Facebook accounts"
    case .page: "Pages"
    case .group: "Groups"
    case .instagram: "Instagram accounts"
    case .organization: "organisations"
    }
  }

  /// One asset of this kind: "Facebook account", "Page".
  package var singularLabel: String {
    switch self {
    case .account: "Facebook account"
    case .page: "Page"
    case .group: "Group"
    case .instagram: "Instagram account"
    case .organization: "organisation"
    }
  }

  /// What an audience of this kind is called: Groups have members, the rest followers.
  package var audienceNoun: String { self == .group ? "members" : "followers" }

  /// Kinds in the order of `allCases`: accounts, Pages, Groups, Instagram
  /// accounts, organisations.
  public static func < (lhs: AssetKind, rhs: AssetKind) -> Bool { lhs.order < rhs.order }

  /// Position in `allCases`.
  package var order: Int {
    switch self {
    case .account: 0
    case .page: 1
    case .group: 2
    case .instagram: 3
    case .organization: 4
    }
  }
}

extension AssetKind: Codable {
  /// Reads a kind from its name, case-insensitive (`organisation` too),
  /// refusing any other.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let name = try container.decode(String.self)
    guard let kind = AssetKind(name: name) else {
      throw DecodingError.dataCorruptedError(
        in: container,
        debugDescription: "unknown kind \"\(name)\"; expected one of \(AssetKind.validNames)")
    }
    self = kind
  }

  /// Writes the kind's name (its raw value).
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

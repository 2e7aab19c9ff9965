import CIBGraphSupport

/// How two assets are linked. The raw values are the names used in files
/// (the `Type` column of an edges CSV, `type` in a JSON document).
public enum RelationType: String, CaseIterable, Sendable, Hashable, BitwiseCopyable {
  /// An account runs a Page, Group or Instagram account.
  case administers
  /// An account belongs to a Group.
  case memberOf
  /// An account follows a Page or Instagram account.
  case follows
  /// An asset is attributed to an organisation.
  case attributedTo
  /// An organisation is part of another (ISPR is part of the Pakistani military).
  case partOf
  /// Any other link the evidence supports (shared admins, cross-posting).
  case linkedTo
  /// Two accounts that repeatedly acted on the same content within a short
  /// time window (`cibgraph coordinate`); the weight is the number of
  /// distinct content items they shared. Undirected.
  case coordinatedWith

  /// Reads a relation type as written in a file, case-insensitive. `nil` otherwise.
  package init?(name: some StringProtocol) {
    let lowered = name.lowercased()
    guard let match = RelationType.allCases.first(where: { $0.rawValue.lowercased() == lowered })
    else { return nil }
    self = match
  }

  /// The case's place in ``allCases``: an index into a table of a value per
  /// type. A `Set` or `Dictionary` of types hashes each type's raw value, a
  /// `String`, which cost as much as drawing a relation.
  package var ordinal: Int {
    switch self {
    case .administers: 0
    case .memberOf: 1
    case .follows: 2
    case .attributedTo: 3
    case .partOf: 4
    case .linkedTo: 5
    case .coordinatedWith: 6
    }
  }

  /// The valid names, for error messages.
  package static let validNames = allCases.map(\.rawValue).joined(separator: ", ")
}

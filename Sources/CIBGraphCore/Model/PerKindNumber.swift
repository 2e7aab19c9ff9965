import CIBGraphSupport

/// A number for each ``AssetKind``, read and changed by kind:
/// `counts[.page] += 1`.
///
/// The first format's five kinds are held inline, so tallying them (every
/// node of a large graph) touches no dictionary; other kinds go to a small
/// table beside them.
///
/// `print(counts)` writes the kinds that have a number as a report would:
/// `57 Facebook accounts, 24 Pages, 1 Group`.
public struct PerKindNumber<Number: BinaryInteger & Sendable>: Sendable, Hashable,
  CustomStringConvertible
{
  // Inlinable storage and subscript: callers in other modules (a tally per
  // node of a large graph) get a specialized subscript, not a generic call
  // that looks up the type's metadata on every use.
  @usableFromInline package var account: Number = 0
  @usableFromInline package var page: Number = 0
  @usableFromInline package var group: Number = 0
  @usableFromInline package var instagram: Number = 0
  @usableFromInline package var organization: Number = 0
  @usableFromInline var others: [AssetKind: Number] = [:]

  /// Zero for every kind. The analyses make these tallies and a library user
  /// reads them, so the initialiser is the package's (SPI, so that it stays
  /// inlined in the analyses' loops).
  @_spi(Internal) @inlinable public init() {}

  /// The number for `kind`.
  /// - Complexity: O(1).
  @inlinable public subscript(kind: AssetKind) -> Number {
    get {
      switch kind.code {
      case AssetKind.account.code: account
      case AssetKind.page.code: page
      case AssetKind.group.code: group
      case AssetKind.instagram.code: instagram
      case AssetKind.organization.code: organization
      default: others[kind] ?? 0
      }
    }
    set {
      switch kind.code {
      case AssetKind.account.code: account = newValue
      case AssetKind.page.code: page = newValue
      case AssetKind.group.code: group = newValue
      case AssetKind.instagram.code: instagram = newValue
      case AssetKind.organization.code: organization = newValue
      default: others[kind] = newValue == 0 ? nil : newValue
      }
    }
  }

  /// Whether a kind beyond the first format's five has a number other than zero.
  /// - Complexity: O(1).
  @inlinable package var holdsOtherKinds: Bool { !others.isEmpty }

  /// The kinds with a number other than zero, in kind order.
  public var kinds: [AssetKind] {
    (AssetKind.original.filter { self[$0] != 0 } + others.keys).sorted()
  }

  /// The sum over all kinds.
  public var total: Number {
    others.values.reduce(account + page + group + instagram + organization, +)
  }

  /// The kinds with a number other than zero, in kind order:
  /// `57 Facebook accounts, 1 Page`; `none` when every number is zero.
  public var description: String {
    let parts = kinds.map { kind -> String in
      let number = self[kind]
      return groupedDigits(number) + " " + (number == 1 ? kind.singularLabel : kind.pluralLabel)
    }
    return parts.isEmpty ? "none" : parts.joined(separator: ", ")
  }
}

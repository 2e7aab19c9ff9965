import CIBGraphCore
import CIBGraphSupport

/// Which networks a summary takes: those that match every condition given.
///
/// Names are matched without regard to case. A place is a country code or
/// name (`PK`, `pakistan`) or a region's name; an organisation is an id, a
/// name or an alias, and includes its parts (a network attributed to the
/// ISPR matches `Pakistani military` when the document says the ISPR is part
/// of it); a platform is a platform's name (`Facebook`, `X`; `Twitter` is X).
/// Dates are the report's: a network is in `from...to` when every day its
/// report's date could be is in it, so a report dated only `2019` is not in
/// `from: 2019-06`.
public struct NetworkFilter: Sendable, Hashable {
  /// Countries or regions a network was run from; any one matches.
  package var origins: [String] = []
  /// Countries or regions a network aimed at; any one matches.
  package var targets: [String] = []
  /// Organisations, people or movements the attribution names, or the
  /// whole they are part of; any one matches.
  package var organizations: [String] = []
  /// Platforms whose assets the report counts or itemizes; any one matches.
  package var platforms: [String] = []
  /// The earliest report date.
  package var from: PartialDate?
  /// The latest report date.
  package var to: PartialDate?
  /// Text every network kept contains, in its id, name, topics, notes,
  /// attribution, the names and aliases of the actors it names, or its
  /// report's title.
  package var text: String?

  /// A filter of the conditions given; with none, one that keeps every network.
  /// - Parameters:
  ///   - origins: Countries or regions a network was run from; any one matches.
  ///   - targets: Countries or regions a network aimed at; any one matches.
  ///   - organizations: Organisations, people or movements the attribution
  ///     names, or the whole they are part of; any one matches.
  ///   - platforms: Platforms whose assets the report counts or itemizes;
  ///     any one matches.
  ///   - from: The earliest report date.
  ///   - to: The latest report date.
  ///   - text: Text every network kept contains, in its id, name, topics,
  ///     notes, attribution, the names and aliases of the actors it names,
  ///     or its report's title.
  public init(
    origins: [String] = [], targets: [String] = [], organizations: [String] = [],
    platforms: [String] = [], from: PartialDate? = nil, to: PartialDate? = nil,
    text: String? = nil
  ) {
    self.origins = origins
    self.targets = targets
    self.organizations = organizations
    self.platforms = platforms
    self.from = from
    self.to = to
    self.text = text
  }

  /// Whether the filter keeps every network.
  package var keepsAll: Bool { self == NetworkFilter() }

  /// Whether `described` meets every condition.
  /// - Complexity: O(a·d + s) for an attribution naming a actors in a part-of
  ///   chain of depth at most d, and s characters of text searched.
  package func matches(_ described: DescribedNetwork) -> Bool {
    let network = described.network
    if !origins.isEmpty && !Self.anyPlace(origins, in: network.origins) { return false }
    if !targets.isEmpty && !Self.anyPlace(targets, in: network.targets) { return false }
    if !platforms.isEmpty {
      let wanted = Set(platforms.map(Self.platformKey))
      if !described.platforms.contains(where: { wanted.contains(Self.platformKey($0)) }) {
        return false
      }
    }
    if !organizations.isEmpty && !matchesOrganization(described) { return false }
    if from != nil || to != nil {
      guard let date = described.report.published, isInDates(date) else { return false }
    }
    if let text, !matchesText(text, described) { return false }
    return true
  }

  /// Whether every day `date` could be lies between ``from`` and ``to``.
  func isInDates(_ date: PartialDate) -> Bool {
    if let from, date < from { return false }
    if let to, Self.lastDay(to) < Self.lastDay(date) { return false }
    return true
  }

  private static func lastDay(_ date: PartialDate) -> (Int, Int, Int) {
    (date.year, date.month ?? 12, date.day ?? 31)
  }

  private static func placeKey(_ place: String) -> String {
    let trimmed = place.trimmingSpaces()
    return Place.code(of: trimmed) ?? trimmed.lowercased()
  }

  private static func anyPlace(_ wanted: [String], in places: [String]) -> Bool {
    let keys = Set(wanted.map(placeKey))
    return places.contains { keys.contains(placeKey($0)) }
  }

  private static func platformKey(_ platform: String) -> String {
    let key = platform.trimmingSpaces().lowercased()
    return key == "twitter" || key == "x (twitter)" ? "x" : key
  }

  private func matchesOrganization(_ described: DescribedNetwork) -> Bool {
    let wanted = Set(organizations.map { $0.trimmingSpaces().lowercased() })
    for named in described.network.attribution?.organizations ?? [] {
      // Up the part-of chain; the count bounds a cycle a document should not have.
      var id: String? = named
      var steps = 0
      while let current = id, steps <= described.organizations.count {
        if wanted.contains(current.lowercased()) { return true }
        if let organization = described.organization(current),
          Self.names(of: organization).contains(where: { wanted.contains($0.lowercased()) })
        {
          return true
        }
        id = described.organization(current)?.partOf
        steps += 1
      }
    }
    return false
  }

  /// What an actor may be called: its name and aliases, and a name's two
  /// parts when it ends in parentheses ("Internet Research Agency (IRA)" is
  /// also "Internet Research Agency" and "IRA").
  static func names(of organization: Organization) -> [String] {
    var names = [organization.name] + organization.aliases
    let name = organization.name
    if name.hasSuffix(")"), let open = name.lastIndex(of: "(") {
      names.append(name[..<open].trimmingSpaces())
      names.append(String(name[name.index(after: open)..<name.index(before: name.endIndex)]))
    }
    return names
  }

  private func matchesText(_ text: String, _ described: DescribedNetwork) -> Bool {
    let needle = text.lowercased()
    if needle.isEmpty { return true }
    let network = described.network
    var haystacks = [network.id, network.name, described.report.title]
    haystacks += network.topics + network.notes
    if let attribution = network.attribution {
      haystacks.append(attribution.statement)
      haystacks += attribution.organizations
      for id in attribution.organizations {
        if let organization = described.organization(id) {
          haystacks += [organization.name] + organization.aliases
        }
      }
    }
    return haystacks.contains { $0.lowercased().contains(needle) }
  }
}

extension StringProtocol {
  /// The text without the spaces and tabs at either end.
  fileprivate func trimmingSpaces() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = lastIndex(where: { !isSpace($0) })!
    return String(self[first...last])
  }
}

import CIBGraphCore
import CIBGraphSupport

/// A network as one document describes it, with the report it is from and
/// the organisations that document defines.
package struct DescribedNetwork: Sendable, Hashable {
  /// The network.
  package var network: Network
  /// The report of the document that describes it.
  package var report: Report
  /// The document's organisations, for the names of those the attribution names.
  package var organizations: [Organization]

  /// The document's organisations by id (the first of an id), built once per
  /// document and shared by its networks.
  let organizationsByID: [ByteExactID: Organization]

  /// `network` as the document of `report` describes it.
  /// - Complexity: O(o) for the document's o organisations.
  package init(network: Network, report: Report, organizations: [Organization] = []) {
    self.init(
      network: network, report: report, organizations: organizations,
      byID: Self.index(organizations))
  }

  init(
    network: Network, report: Report, organizations: [Organization],
    byID: [ByteExactID: Organization]
  ) {
    self.network = network
    self.report = report
    self.organizations = organizations
    organizationsByID = byID
  }

  static func index(_ organizations: [Organization]) -> [ByteExactID: Organization] {
    Dictionary(
      organizations.map { (ByteExactID($0.id), $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The organisation the document defines with `id`.
  /// - Complexity: O(1) expected.
  func organization(_ id: String) -> Organization? { organizationsByID[ByteExactID(id)] }

  /// Every network of `documents`, each once: a network two documents
  /// describe (same `id`) is taken from the first primary report that
  /// describes it, else from the first document; the other descriptions are
  /// counted in `repeated`, so that no takedown is counted twice.
  /// - Complexity: O(n) in the networks.
  package static func unique(in documents: [NetworkDocument]) -> (
    networks: [DescribedNetwork], repeated: Int
  ) {
    var networks: [DescribedNetwork] = []
    var index: [ByteExactID: Int] = [:]
    var repeated = 0
    for document in documents {
      let byID = DescribedNetwork.index(document.organizations)
      for network in document.networks {
        let described = DescribedNetwork(
          network: network, report: document.report, organizations: document.organizations,
          byID: byID)
        let id = ByteExactID(network.id)
        if let at = index[id] {
          repeated += 1
          if networks[at].report.kind != .primary && document.report.kind == .primary {
            networks[at] = described
          }
        } else {
          index[id] = networks.count
          networks.append(described)
        }
      }
    }
    return (networks, repeated)
  }

  /// The platforms whose assets the network's report counts or itemizes:
  /// `Facebook`, `Instagram`.
  var platforms: [String] {
    let kinds = network.reported.counts.entries.map(\.kind) + network.assets.map(\.kind)
    return Array(Set(kinds.compactMap(\.platform))).sorted()
  }

  /// The names of the organisations the attribution names (the id when the
  /// document does not define it).
  var organizationNames: [String] {
    (network.attribution?.organizations ?? []).map { id in
      organization(id)?.name ?? id
    }
  }
}

/// What several takedowns add up to: how many networks, the assets removed
/// per kind (summed: an asset is removed once), bounds on the people their
/// audiences reached (never summed), and ad spend per currency (never converted).
public struct TakedownSummary: Sendable, Hashable {
  /// How many networks went in.
  public private(set) var networks = 0
  /// Assets removed per kind, summed over the networks that report the kind.
  public private(set) var removed = PerKind<SummedFigure>()
  /// Bounds on the people the networks' audiences reached together: at
  /// least the largest network's lower bound, at most the sum of their upper
  /// bounds (one person may follow Pages of two networks, so never a sum).
  public var audience: AudienceBounds { audienceAcrossNetworks.bounds }
  package private(set) var audienceAcrossNetworks = AudienceBoundsAcrossNetworks()
  /// Assets removed per platform: the sums of its kinds (Facebook's
  /// accounts, Pages, Groups and Events), by platform name. Kinds of no
  /// platform (actors, accounts of an unnamed platform) are in none.
  /// - Complexity: O(k) for the k kinds reported.
  public var removedPerPlatform: [(platform: String, removed: SummedFigure)] {
    var sums: [(platform: String, removed: SummedFigure)] = []
    for (kind, sum) in removed.entries {
      guard let platform = kind.platform else { continue }
      if let at = sums.firstIndex(where: { $0.platform == platform }) {
        sums[at].removed.add(sum)
      } else {
        sums.append((platform, sum))
      }
    }
    return sums
  }
  /// Posts the networks published, summed over those that report them.
  public private(set) var posts = SummedFigure()
  /// Follower counts sources summed over each kind's assets, summed again:
  /// a count of follows, not of people (one person following two accounts
  /// is in it twice), so never an audience.
  public private(set) var summedFollowers = PerKind<SummedFigure>()
  /// Ad spend summed per currency, in the currency's code as written, by code.
  /// - Complexity: O(c log c) for the c currencies.
  public var adSpend: [(currency: String, spent: SummedFigure)] {
    spentByCurrency.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }
  private var spentByCurrency: [String: SummedFigure] = [:]
  /// How many networks report no ad spend (unknown, which is not zero).
  public private(set) var withoutAdSpend = 0

  /// The summary of `networks`.
  /// - Complexity: O(n·k) for n networks of k reported kinds each.
  package init(_ networks: some Sequence<Network>) {
    for network in networks { add(network) }
  }

  /// Adds one network.
  /// - Complexity: O(k) for its k reported kinds, plus the currencies seen.
  package mutating func add(_ network: Network) {
    networks += 1
    for (kind, figure) in network.reported.counts.entries {
      var sum = removed[kind] ?? SummedFigure()
      sum.add(figure)
      removed[kind] = sum
    }
    audienceAcrossNetworks.add(AudienceBounds(audiences: network.reported.audiences))
    if let published = network.reported.posts { posts.add(published) }
    for (kind, figure) in network.reported.summedFollowers.entries {
      var sum = summedFollowers[kind] ?? SummedFigure()
      sum.add(figure)
      summedFollowers[kind] = sum
    }
    guard let spend = network.adSpend else {
      withoutAdSpend += 1
      return
    }
    spentByCurrency[spend.currency, default: SummedFigure()].add(spend.amount)
  }
}

/// What `summary --by` groups networks by.
public enum SummaryGrouping: String, Sendable, CaseIterable {
  /// The year the report was published.
  case year
  /// The month the report was published (`2019-04`).
  case month
  /// Each country or region a network was run from.
  case origin
  /// Each country or region a network aimed at.
  case target
  /// Each organisation the attribution names.
  case organization
  /// Each platform whose assets the report counts.
  case platform
  /// The report that describes the network.
  case report
  /// The platform policy the network was removed under.
  case policy

  /// The groups `network` belongs to: a network run from two countries is
  /// in both, so groups may overlap; one with no value is in "unknown"
  /// ("unattributed" for organisations).
  func keys(of described: DescribedNetwork) -> [String] {
    let network = described.network
    let published = described.report.published
    let keys: [String]
    switch self {
    case .year: keys = published.map { ["\($0.year)"] } ?? []
    case .month:
      keys =
        published.map { date in
          [
            date.month == nil
              ? "\(date.year) (month not given)" : String(date.description.prefix(7))
          ]
        } ?? []
    case .origin: keys = network.origins.map(Self.placeName)
    case .target: keys = network.targets.map(Self.placeName)
    case .organization: keys = described.organizationNames
    case .platform: keys = described.platforms
    case .report:
      let report = described.report
      keys = [(report.published.map { "\($0) " } ?? "") + report.publisher + ": " + report.title]
    case .policy: keys = network.policy.map { [$0] } ?? []
    }
    if !keys.isEmpty { return Array(Set(keys)).sorted() }
    return [self == .organization ? "unattributed" : "unknown"]
  }

  /// One name per place, however a document writes it: `US`, `USA` and
  /// `United States` are all `United States`.
  private static func placeName(_ place: String) -> String {
    Place.display(Place.code(of: place) ?? place)
  }

  /// Whether a network may be in more than one group.
  var groupsOverlap: Bool {
    switch self {
    case .year, .month, .report, .policy: false
    case .origin, .target, .organization, .platform: true
    }
  }
}

/// Networks summarised per group, and all of them together.
public struct GroupedSummary: Sendable {

  /// What the networks were grouped by; `nil` for no grouping: the
  /// caller's own, echoed for the tool to print back.
  package let grouping: SummaryGrouping?
  /// The groups, by key (the year, country, organisation or platform),
  /// each with its networks summarised; empty without a grouping.
  public let groups: [(key: String, summary: TakedownSummary)]
  /// Every network the filter kept, each once.
  public let total: TakedownSummary
  /// How many networks the filter left out.
  public let leftOut: Int
  /// Whether a network may be in more than one group (by origin,
  /// organisation or platform), so that groups do not add up to the total.
  public var groupsOverlap: Bool { grouping?.groupsOverlap ?? false }

  /// The networks of `documents` that `filter` keeps, summarised and
  /// grouped by `grouping`. Each network is taken once: one that two
  /// documents describe (same `id`) from the first primary report that
  /// describes it, else from the first document, so that no takedown is
  /// counted twice.
  /// - Complexity: O(n·(k + f + g·log g)) for n networks of k kinds in g
  ///   groups, and f the cost of testing a network against `filter`.
  public init(
    documents: [NetworkDocument], by grouping: SummaryGrouping?,
    filter: NetworkFilter = NetworkFilter()
  ) {
    self.init(DescribedNetwork.unique(in: documents).networks, by: grouping, filter: filter)
  }

  /// The networks of `networks` that `filter` keeps, summarised and
  /// grouped by `grouping`.
  package init(
    _ networks: [DescribedNetwork], by grouping: SummaryGrouping?,
    filter: NetworkFilter = NetworkFilter()
  ) {
    let kept = filter.keepsAll ? networks : networks.filter(filter.matches)
    leftOut = networks.count - kept.count
    let networks = kept
    self.grouping = grouping
    total = TakedownSummary(networks.map(\.network))
    guard let grouping else {
      groups = []
      return
    }
    var byKey: [String: TakedownSummary] = [:]
    for described in networks {
      for key in grouping.keys(of: described) {
        byKey[key, default: TakedownSummary([])].add(described.network)
      }
    }
    groups = byKey.keys.sorted().map { ($0, byKey[$0]!) }
  }
}

@_spi(Internal) import CIBGraphCore
import CIBGraphSupport

/// Bounds on a network's unique audience across kinds, from the per-kind
/// "followed or joined at least one" figures, or on the people several
/// networks reached together.
///
/// Those figures are each de-duplicated within their kind but overlap across
/// kinds (one person may follow a Page and join a Group), so the unique
/// audience of the whole network is only known to lie between the largest of
/// them and their sum: `max ≤ unique ≤ sum`. A kind whose audience is not
/// given, or given only from below ("more than", "at least"), leaves the
/// sum open: there is then no upper bound, and the description says why. A
/// network's are its ``NetworkReach/uniqueAudience``.
///
/// Several networks' audiences overlap too, so a summary's
/// (``TakedownSummary/audience``) lie between the largest network's lower
/// bound and the sum of their upper bounds, open when one network has none.
///
/// `print(bounds)` writes them as a sentence would:
/// `between about 2,600,000 and about 2,645,000`;
/// `at least about 170,000; no upper bound: the Groups' audience is not given`.
public struct AudienceBounds: Sendable, Hashable, CustomStringConvertible {
  /// The largest per-kind figure that bounds from below; `nil` when no
  /// figure does (every one "less than" or not given).
  public let lower: ReportedFigure?
  /// The sum of the per-kind figures; `nil` when one of them has no upper
  /// bound (not given, "more than", "at least"), or when the sum is beyond
  /// `Int.max` (which no decoded document's figures reach: see `Count`).
  public let upper: ReportedFigure?
  /// The kinds whose figures went in.
  package let kinds: [AssetKind]
  /// The kinds whose audience the source does not give, which leave the
  /// upper bound open.
  package let notGiven: [AssetKind]
  /// Why there is no upper bound, when the data says: "the Groups' audience
  /// is not given", "2 networks report no audience"; `nil` otherwise (an open
  /// bound from a "more than" figure says so in the figure itself).
  package let openBecause: String?
  /// Whether these bound several networks together, where a lone upper
  /// bound is "at most" the sum rather than a "less than" figure.
  private let acrossNetworks: Bool

  /// The bounds implied by per-kind audiences, or `nil` when there are none.
  ///
  /// The hedge carries over: a bound built from an "about" figure is
  /// "about", from one whose hedge a compilation dropped "hedge unknown"; the
  /// sum of figures one of which is "less than" is "less than" unless
  /// another is "about". A range adds its high end to the sum and gives its
  /// low end to the largest.
  /// - Complexity: O(k) for k kinds.
  package init?(audiences: PerKind<ReportedFigure>) {
    let figures = audiences.entries
    guard !figures.isEmpty else { return nil }
    kinds = figures.map(\.kind)
    notGiven = figures.filter { $0.value.qualifier == .notGiven }.map(\.kind)
    lower = figures.map(\.value).filter(\.boundsFromBelow)
      .max { $0.lowerBound! < $1.lowerBound! }
      .map { ReportedFigure($0.lowerBound!, $0.qualifier == .range ? .exactly : $0.qualifier) }
    if figures.contains(where: { !$0.value.boundsFromAbove }) {
      upper = nil
    } else {
      let hedge = Qualifier.ofSum(figures.map(\.value.qualifier))
      // Decoded figures are at most `Count.largest`, so their sum fits; a figure
      // built in code may not, and then no upper bound can be stated.
      let sum = figures.reduce(CountSum(0)) { $0 + CountSum($1.value.upperBound!) }
      upper = sum <= CountSum(Int.max) ? ReportedFigure(Int(sum), hedge) : nil
    }
    openBecause = upper == nil ? Self.notGivenReason(notGiven) : nil
    acrossNetworks = false
  }

  /// Bounds on several networks together, from their sum (see
  /// `AudienceBoundsAcrossNetworks`).
  package init(acrossNetworks lower: ReportedFigure?, upper: ReportedFigure?, openBecause: String?)
  {
    self.lower = lower
    self.upper = upper
    kinds = []
    notGiven = []
    self.openBecause = openBecause
    acrossNetworks = true
  }

  /// "the Groups' audience is not given"; `nil` when every kind's is.
  private static func notGivenReason(_ notGiven: [AssetKind]) -> String? {
    guard !notGiven.isEmpty else { return nil }
    let names = notGiven.map { "the \($0.pluralLabel)'" }
    let list =
      names.count == 1
      ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
    return "\(list) audience\(names.count == 1 ? " is" : "s are") not given"
  }

  /// `between about 170,000 and about 235,000`; the figure alone when both
  /// bounds are one figure (one kind reported); without an upper bound,
  /// `at least about 3,000`, or `more than 2,000` when the figure says so
  /// itself, followed by why when an audience is not given; without a lower
  /// bound (every figure "less than"), the sum: `less than 15,000`.
  public var description: String {
    let text =
      switch (lower, upper) {
      case (let lower?, let upper?): lower == upper ? "\(lower)" : "between \(lower) and \(upper)"
      case (let lower?, nil):
        [.moreThan, .atLeast].contains(lower.qualifier) ? "\(lower)" : "at least \(lower)"
      case (nil, let upper?): acrossNetworks ? "at most \(upper)" : "\(upper)"
      case (nil, nil): "unknown"
      }
    return openBecause.map { "\(text); no upper bound: \($0)" } ?? text
  }
}

/// Followers and members of itemized assets, summed per kind.
///
/// A sum of audiences counts anyone who follows two assets twice: it is an
/// upper bound on the people reached, never the reach itself. A network's
/// are its ``NetworkReach/itemized``.
public struct ItemizedReach: Sendable, Hashable {
  /// Itemized assets of each kind.
  public var assets = PerKindNumber<Int>()
  /// Followers summed over the assets of each kind.
  package var followersSummed = PerKindNumber<CountSum>()
  /// Members summed over the assets of each kind.
  package var membersSummed = PerKindNumber<CountSum>()
  /// Assets of each kind whose data gives neither followers nor members.
  public var withoutCounts = PerKindNumber<Int>()

  /// Sums the audiences of `assets`.
  /// - Complexity: O(n).
  package init(assets list: some Sequence<Asset>) {
    for asset in list {
      assets[asset.kind] += 1
      followersSummed[asset.kind] += CountSum(asset.followers ?? 0)
      membersSummed[asset.kind] += CountSum(asset.members ?? 0)
      if asset.followers == nil && asset.members == nil { withoutCounts[asset.kind] += 1 }
    }
  }

  /// Sums the audiences of some nodes of a graph.
  /// - Complexity: O(n).
  package init(graph: AssetGraph, nodes: some Sequence<NodeIndex>) {
    for node in nodes {
      let kind = graph.kind(of: node)
      let followers = graph.followers(of: node)
      let members = graph.members(of: node)
      assets[kind] += 1
      followersSummed[kind] += CountSum(followers ?? 0)
      membersSummed[kind] += CountSum(members ?? 0)
      if followers == nil && members == nil { withoutCounts[kind] += 1 }
    }
  }

  /// Followers plus members summed for one kind: an upper bound that double-counts.
  public func summed(_ kind: AssetKind) -> CountSum { followersSummed[kind] + membersSummed[kind] }

  /// Followers plus members summed over every kind: an upper bound that double-counts.
  public var summedOverall: CountSum { followersSummed.total + membersSummed.total }
}

/// What a network reaches: the reported figures, the bounds they imply, and
/// the summed audiences of its itemized assets.
///
/// Exact de-duplicated reach needs audience lists (who follows what): see
/// ``DistinctCounter``.
public struct NetworkReach: Sendable, Hashable {
  /// The network's `id`.
  package let networkID: String
  /// The network's name.
  package let networkName: String
  /// Assets removed, per kind, as reported.
  package let reportedCounts: PerKind<ReportedFigure>
  /// "At least one" audiences per kind, as reported.
  package let reportedAudiences: PerKind<ReportedFigure>
  /// Bounds on the network-wide unique audience; `nil` when none is reported.
  public let uniqueAudience: AudienceBounds?
  /// A network-wide audience a source claims, if any (the network's own
  /// `reported.claimedAudience`, echoed for the tool); `Validator` checks
  /// it against ``uniqueAudience``.
  package let claimedAudience: ReportedFigure?
  /// Posts the network published, as reported.
  package let posts: ReportedFigure?
  /// Per kind, the assets' follower counts summed by a source: sums, never
  /// audiences, so no bound in ``uniqueAudience`` comes from them.
  package let summedFollowers: PerKind<ReportedFigure>
  /// Summed audiences of the itemized assets.
  public let itemized: ItemizedReach
  /// Distinct audience accounts per kind and overall, beside the summed
  /// audience sizes, when audience lists were given; `nil` otherwise.
  /// The tool sets it from a `DistinctCounter`.
  package var distinct: AudienceReach?

  /// The reach of itemized data with no reported figures: every node of `graph`.
  /// - Complexity: O(n).
  package init(id: String, name: String, graph: AssetGraph) {
    networkID = id
    networkName = name
    reportedCounts = PerKind()
    reportedAudiences = PerKind()
    uniqueAudience = nil
    claimedAudience = nil
    posts = nil
    summedFollowers = PerKind()
    itemized = ItemizedReach(graph: graph, nodes: graph.nodes)
    distinct = nil
  }

  /// The reach of `network` from its figures and itemized assets.
  /// - Complexity: O(n) in the itemized assets.
  public init(_ network: Network) {
    networkID = network.id
    networkName = network.name
    reportedCounts = network.reported.counts
    reportedAudiences = network.reported.audiences
    uniqueAudience = AudienceBounds(audiences: network.reported.audiences)
    claimedAudience = network.reported.claimedAudience
    posts = network.reported.posts
    summedFollowers = network.reported.summedFollowers
    itemized = ItemizedReach(assets: network.assets)
    distinct = nil
  }
}

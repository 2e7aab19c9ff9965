import CIBGraph
import CIBGraphTestSupport
import Testing

@Suite struct ReachTests {
  /// The table of ../shared/facts/meta-cib-figures.md: counts and ≥1 audiences per network.
  static let facts:
    [(id: String, counts: [AssetKind: Int], audiences: [AssetKind: ReportedFigure])] = [
      (
        "pk-ispr-2019-04", [.account: 57, .page: 24, .group: 7, .instagram: 15],
        [
          .page: .init(2_800_000, .about), .group: .init(4_700, .about),
          .instagram: .init(1_050, .about),
        ]
      ),
      ("in-inc-it-cell-2019-04", [.account: 549, .page: 138], [.page: .init(206_000, .about)]),
      (
        "in-silver-touch-2019-04", [.account: 12, .page: 1, .group: 1, .instagram: 1],
        [
          .page: .init(2_600_000, .about), .group: .init(15_000, .about),
          .instagram: .init(30_000, .about),
        ]
      ),
      (
        "pk-2020-08", [.account: 453, .page: 103, .group: 78, .instagram: 107],
        [
          .page: .init(70_000, .about), .group: .init(1_100_000, .about),
          .instagram: .init(11_000, .lessThan),
        ]
      ),
      ("ru-ira-2020-08", [.account: 13, .page: 2], [.page: .init(14_000, .about)]),
      (
        "us-cls-2020-08", [.account: 55, .page: 42, .instagram: 36],
        [.page: .init(509_000, .about), .instagram: .init(43_000, .about)]
      ),
    ]

  @Test func graphsHoldTheFactsFilesFiguresExactly() throws {
    let networks =
      try graphsDocument("meta-2019-04-india-pakistan.json").networks
      + graphsDocument("meta-2020-08-cib-report.json").networks
    #expect(networks.map(\.id) == Self.facts.map(\.id))
    for (network, fact) in zip(networks, Self.facts) {
      let reach = NetworkReach(network)
      for kind in AssetKind.builtIn {
        #expect(reach.reportedCounts[kind]?.value == fact.counts[kind], "\(network.id) \(kind)")
        #expect(reach.reportedCounts[kind].map { $0.qualifier == .exactly } ?? true)
        let audience = reach.reportedAudiences[kind]
        #expect(audience?.value == fact.audiences[kind]?.value, "\(network.id) \(kind)")
        #expect(audience?.qualifier == fact.audiences[kind]?.qualifier, "\(network.id) \(kind)")
        #expect(audience == nil || audience?.source != nil, "every figure has its source")
      }
    }
  }

  @Test func boundsAreMaxAndSumNeverASilentSum() throws {
    let ispr = try graphsDocument("meta-2019-04-india-pakistan.json").networks[0]
    let bounds = try #require(NetworkReach(ispr).uniqueAudience)
    #expect(bounds.lower == ReportedFigure(2_800_000, .about))
    #expect(bounds.upper == ReportedFigure(2_805_750, .about))
    #expect(bounds.kinds == [.page, .group, .instagram])

    let pakistan2020 = try graphsDocument("meta-2020-08-cib-report.json").networks[0]
    let hedged = try #require(NetworkReach(pakistan2020).uniqueAudience)
    #expect(hedged.lower == ReportedFigure(1_100_000, .about))
    #expect(hedged.upper == ReportedFigure(1_181_000, .about))
  }

  @Test func hedgesDecideWhichBoundsExist() throws {
    let lessThanOnly = try #require(
      AudienceBounds(
        audiences: PerKind([
          .page: ReportedFigure(10, .lessThan), .group: ReportedFigure(5, .lessThan),
        ])))
    #expect(lessThanOnly.lower == nil)
    #expect(lessThanOnly.upper == ReportedFigure(15, .lessThan))

    let moreThan = try #require(
      AudienceBounds(
        audiences: PerKind([.page: ReportedFigure(10, .moreThan), .group: ReportedFigure(50)])))
    #expect(moreThan.lower == ReportedFigure(50))
    #expect(moreThan.upper == nil)

    let exact = try #require(
      AudienceBounds(audiences: PerKind([.page: ReportedFigure(7), .group: ReportedFigure(3)])))
    #expect(exact.lower == ReportedFigure(7) && exact.upper == ReportedFigure(10))

    #expect(AudienceBounds(audiences: PerKind()) == nil)
  }

  @Test func itemizedAudiencesAreSummedPerKind() {
    let assets = [
      Asset(id: "p1", kind: .page, followers: 100),
      Asset(id: "p2", kind: .page, followers: 50),
      Asset(id: "g1", kind: .group, members: 30),
      Asset(id: "i1", kind: .instagram),
      Asset(id: "a1", kind: .account, followers: 2),
    ]
    let itemized = ItemizedReach(assets: assets)
    #expect(itemized.assets.page == 2 && itemized.assets.total == 5)
    #expect(itemized.summed(.page) == 150)
    #expect(itemized.summed(.group) == 30)
    #expect(itemized.summed(.instagram) == 0 && itemized.withoutCounts.instagram == 1)
    #expect(itemized.summedOverall == 182)
  }

  /// Counts built in code are not limited by a reader: the sums still cannot trap.
  @Test func sumsOfTheLargestIntegersAreExact() {
    let assets = (0..<3).map { Asset(id: "p\($0)", kind: .page, followers: .max, members: .max) }
    let itemized = ItemizedReach(assets: assets)
    #expect(itemized.summed(.page) == 6 * CountSum(Int.max))
    #expect(assets[0].audience == 2 * CountSum(Int.max))
    var figures = PerKind<ReportedFigure>()
    figures[.page] = ReportedFigure(.max, .about)
    figures[.group] = ReportedFigure(.max, .about)
    let bounds = AudienceBounds(audiences: figures)
    #expect(bounds?.lower?.value == .max)
    #expect(bounds?.upper == nil, "a sum past Int.max is no stated bound")
  }

  @Test func theValidatorRefusesCountsPastTheLimit() {
    var network = Network(id: "n", name: "N")
    network.assets = [Asset(id: "p", kind: .page, followers: Count.largest + 1)]
    network.reported.counts[.page] = ReportedFigure(.max)
    let document = NetworkDocument(
      report: Report(title: "T", publisher: "P"), networks: [network])
    let codes = Validator.validate(document).map(\.code)
    #expect(codes.filter { $0 == "count-too-large" }.count == 2, "\(codes)")
  }
}

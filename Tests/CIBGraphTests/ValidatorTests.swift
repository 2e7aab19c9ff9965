import CIBGraph
import CIBGraphTestSupport
import Testing

@Suite struct ValidatorTests {
  func codes(_ findings: [Finding], _ severity: Finding.Severity) -> [String] {
    findings.filter { $0.severity == severity }.map(\.code)
  }

  @Test func theReportedNetworksAreConsistent() throws {
    for name in ["meta-2019-04-india-pakistan.json", "meta-2020-08-cib-report.json"] {
      let findings = Validator.validate(try graphsDocument(name))
      #expect(codes(findings, .error).isEmpty, "\(findings)")
      #expect(codes(findings, .warning).isEmpty, "\(findings)")
    }
  }

  @Test func theSeedArticlesTotalDoesNotAddUp() throws {
    let findings = Validator.validate(try graphsDocument("seed-000-ispr-article.json"))
    let mismatch = try #require(findings.first { $0.code == "total-mismatch" })
    #expect(mismatch.severity == .error)
    #expect(!mismatch.isStructural, "an inconsistent report is still a report")
    #expect(mismatch.message.contains("103"))
    #expect(mismatch.message.contains("= 53"))
    #expect(mismatch.path?.description == "networks[0].reported.total.figure")
  }

  @Test func comparingTheArticleWithThePrimarySource() throws {
    let documents = [
      try graphsDocument("seed-000-ispr-article.json"),
      try graphsDocument("meta-2019-04-india-pakistan.json"),
    ]
    let disagreements = Validator.compare(documents)
    #expect(
      disagreements.allSatisfy { $0.document == 0 }, "reported on the article, not the primary")
    let messages = disagreements.map(\.finding.message)
    #expect(
      messages.contains { $0.contains("gives 7 Facebook accounts") && $0.contains("gives 57") })
    #expect(messages.contains { $0.contains("687") && $0.contains("549") })
    #expect(messages.count == 2)
  }

  @Test func hedgedTotalsAreJudgedByTheirHedge() {
    func findings(total: ReportedFigure, parts: [AssetKind: ReportedFigure]) -> [Finding] {
      var network = Network(id: "n", name: "n")
      network.reported.counts = PerKind(parts)
      network.reported.total = ReportedTotal(figure: total, covers: Array(parts.keys))
      return Validator.validate(
        NetworkDocument(report: Report(title: "t", publisher: "p"), networks: [network])
      )
      .filter { $0.code == "total-mismatch" }
    }
    #expect(
      findings(
        total: ReportedFigure(10), parts: [.page: ReportedFigure(4), .group: ReportedFigure(6)]
      ).isEmpty)
    #expect(
      findings(total: ReportedFigure(100, .about), parts: [.page: ReportedFigure(95)]).isEmpty)
    #expect(
      findings(total: ReportedFigure(100, .about), parts: [.page: ReportedFigure(80)]).map(
        \.severity) == [.warning])
    #expect(
      findings(total: ReportedFigure(100, .moreThan), parts: [.page: ReportedFigure(130)]).isEmpty)
    #expect(
      findings(total: ReportedFigure(100, .lessThan), parts: [.page: ReportedFigure(130)]).map(
        \.severity) == [.warning])
    #expect(
      findings(
        total: ReportedFigure(11), parts: [.page: ReportedFigure(4), .group: ReportedFigure(6)]
      ).map(\.severity) == [.error])
  }

  @Test func structuralProblemsAreFound() {
    var network = Network(id: "n", name: "n")
    network.reported.counts[.page] = ReportedFigure(1, source: "s")
    network.reported.counts[.group] = ReportedFigure(5, source: "nowhere")
    network.assets = [
      Asset(id: "p1", kind: .page), Asset(id: "p2", kind: .page), Asset(id: "p1", kind: .page),
      Asset(id: "g1", kind: .group, followers: 3), Asset(id: "org", kind: .page),
    ]
    network.relations = [
      Relation(source: "p1", target: "ghost", type: .administers),
      Relation(source: "g1", target: "org", type: .partOf),
    ]
    network.attribution = Attribution(statement: "s", organizations: ["nobody"], source: "s")
    network.adSpend = AdSpend(
      amount: ReportedFigure(-1, source: "s"), currency: "dollars", firstAd: PartialDate("2019"),
      lastAd: PartialDate("2018"))
    network.subsets = [
      ReportedSubset(label: "part", counts: PerKind([.page: ReportedFigure(3, source: "s")]))
    ]
    let document = NetworkDocument(
      report: Report(title: "t", publisher: "p", sources: [Source(id: "s", publisher: "p")]),
      organizations: [
        Organization(id: "org", name: "Org", partOf: "org2"),
        Organization(id: "org2", name: "Org 2", partOf: "org"),
        Organization(id: "lost", name: "Lost", partOf: "missing"),
      ],
      networks: [network, Network(id: "n", name: "again")])
    let findings = Validator.validate(document)
    let errors = Set(codes(findings, .error))
    #expect(
      errors == [
        "duplicate-id", "dangling-reference", "kind-conflict", "nesting-cycle", "unknown-source",
        "negative-count", "ad-dates", "itemized-exceeds-reported", "subset-exceeds-total",
      ])
    #expect(findings.filter { $0.code == "duplicate-id" }.count == 2, "an asset and a network")
    #expect(
      findings.filter { $0.code == "dangling-reference" }.count == 3, "ghost, nobody, missing")
    #expect(findings.filter { $0.code == "nesting-cycle" }.count == 2)
    #expect(
      Set(codes(findings, .warning)).isSuperset(of: [
        "audience-noun", "currency-code", "unusual-relation",
      ]))
    #expect(codes(findings, .info).contains("partial-itemization"))
  }

  @Test func aNetworkWideClaimMustFitTheBounds() {
    var network = Network(id: "n", name: "n")
    network.reported.audiences = PerKind([
      .page: ReportedFigure(100, source: "s"), .group: ReportedFigure(50, source: "s"),
    ])
    let report = Report(title: "t", publisher: "p", sources: [Source(id: "s", publisher: "p")])
    for (claim, expected) in [
      (ReportedFigure(151), "claim-exceeds-bounds"), (ReportedFigure(99), "claim-below-bounds"),
    ] {
      network.reported.claimedAudience = ReportedFigure(claim.value!, claim.qualifier, source: "s")
      let found = Validator.validate(NetworkDocument(report: report, networks: [network])).map(
        \.code)
      #expect(found == [expected])
    }
    network.reported.claimedAudience = ReportedFigure(120, source: "s")
    #expect(Validator.validate(NetworkDocument(report: report, networks: [network])).isEmpty)
  }
}

/// The plausibility checks, each on hand-made documents: what a careful
/// reader of a takedown report would catch, judged by every qualifier.
@Suite struct PlausibilityTests {
  static let report = Report(
    title: "t", publisher: "p", sources: [Source(id: "s", publisher: "p")])

  /// A figure of `value` hedged by `qualifier`, from source `s`; a range
  /// runs from `value` to twice it.
  static func figure(_ qualifier: Qualifier, _ value: Int) -> ReportedFigure {
    switch qualifier {
    case .range: .range(value, 2 * value, source: "s")
    case .notGiven: .notGiven(source: "s")
    default: ReportedFigure(value, qualifier, source: "s")
    }
  }

  static func findings(_ network: Network, report: Report = report) -> [Finding] {
    Validator.validate(NetworkDocument(report: report, networks: [network]))
  }

  static func findings(_ network: Network, code: String, report: Report = report) -> [Finding] {
    findings(network, report: report).filter { $0.code == code }
  }

  @Test func oneInstagramAccountCannotHaveMoreFollowersThanAllOfThem() throws {
    // One itemized account with 9,000 followers, in a network reported as
    // "less than 1,000 followers of at least one".
    var network = Network(id: "n", name: "n")
    network.reported.counts[.instagram] = ReportedFigure(1, source: "s")
    network.reported.audiences[.instagram] = ReportedFigure(1_000, .lessThan, source: "s")
    network.assets = [Asset(id: "ig1", kind: .instagram, followers: 9_000)]
    let found = try #require(Self.findings(network, code: "asset-exceeds-audience").first)
    #expect(found.severity == .error)
    #expect(found.path?.description == "networks[0].assets[0].followers")
    #expect(
      found.message
        == "the Instagram account \"ig1\" alone has 9,000 followers, but the report gives less than 1,000 as the ≥1 audience of all the network's Instagram accounts (followers of at least one)"
    )
    // "Less than 1,000" excludes 1,000 itself.
    network.assets = [Asset(id: "ig1", kind: .instagram, followers: 1_000)]
    #expect(Self.findings(network, code: "asset-exceeds-audience").map(\.severity) == [.error])
    network.assets = [Asset(id: "ig1", kind: .instagram, followers: 999)]
    #expect(Self.findings(network, code: "asset-exceeds-audience").isEmpty)
  }

  @Test func aboutAllowsSomeSlackAndSaysSo() throws {
    // A 120,000-follower Page under "about 90,000".
    var network = Network(id: "n", name: "n")
    network.reported.counts[.page] = ReportedFigure(2, source: "s")
    network.reported.audiences[.page] = ReportedFigure(90_000, .about, source: "s")
    network.assets = [
      Asset(id: "p1", kind: .page, followers: 120_000),
      Asset(id: "p2", kind: .page, followers: 95_000),
    ]
    let found = Self.findings(network, code: "asset-exceeds-audience")
    #expect(found.count == 1, "95,000 is within what \"about 90,000\" allows")
    #expect(found.first?.severity == .warning)
    #expect(found.first?.path?.description == "networks[0].assets[0].followers")
    #expect(found.first?.message.contains("about 90,000 (\"about\" read as up to 99,000)") == true)
  }

  @Test(arguments: [
    (Qualifier.exactly, 5_000, Finding.Severity?.some(.error)),
    (.exactly, 4_000, nil),
    (.lessThan, 4_000, .error),
    (.lessThan, 3_999, nil),
    (.about, 4_400, nil),
    (.about, 4_500, .warning),
    (.hedgeUnknown, 4_500, .warning),
    (.range, 8_000, nil),
    (.range, 8_001, .error),
    (.moreThan, 1_000_000, nil),
    (.atLeast, 1_000_000, nil),
    (.notGiven, 1_000_000, nil),
  ])
  func anAssetsAudienceByEveryQualifier(
    qualifier: Qualifier, members: Int, expected: Finding.Severity?
  ) {
    // Groups keep their audience in members; the reported figure is 4,000
    // (4,000 to 8,000 for a range).
    var network = Network(id: "n", name: "n")
    network.reported.counts[.group] = ReportedFigure(1, source: "s")
    network.reported.audiences[.group] = Self.figure(qualifier, 4_000)
    network.assets = [Asset(id: "g1", kind: .group, members: members)]
    let found = Self.findings(network, code: "asset-exceeds-audience")
    #expect(found.map(\.severity) == (expected.map { [$0] } ?? []))
    if qualifier == .hedgeUnknown {
      #expect(found.first?.message.contains("if the lost hedge was \"more than\"") == true)
    }
  }

  @Test(arguments: [
    (Qualifier.exactly, 3, Finding.Severity?.some(.error)),
    (.exactly, 2, nil),
    (.lessThan, 2, .error),
    (.lessThan, 1, nil),
    (.about, 2, nil),
    (.about, 3, .warning),
    (.hedgeUnknown, 3, .warning),
    (.moreThan, 10, nil),
    (.atLeast, 10, nil),
    (.range, 4, nil),
    (.range, 5, .error),
    (.notGiven, 10, nil),
  ])
  func moreItemizedAssetsThanReported(
    qualifier: Qualifier, itemized: Int, expected: Finding.Severity?
  ) {
    // Two Pages reported (2 to 4 for a range); `itemized` Pages in the data.
    var network = Network(id: "n", name: "n")
    network.reported.counts[.page] = Self.figure(qualifier, 2)
    network.assets = (0..<itemized).map { Asset(id: "p\($0)", kind: .page) }
    let found = Self.findings(network, code: "itemized-exceeds-reported")
    #expect(found.map(\.severity) == (expected.map { [$0] } ?? []))
    #expect(found.allSatisfy { $0.path?.description == "networks[0].reported.counts.page" })
  }

  @Test func partialItemizationNeedsALowerBound() {
    func notes(_ reported: ReportedFigure) -> [String] {
      var network = Network(id: "n", name: "n")
      network.reported.counts[.xAccount] = reported
      network.assets = [Asset(id: "x1", kind: .xAccount)]
      return Self.findings(network, code: "partial-itemization").map(\.message)
    }
    #expect(
      notes(ReportedFigure(5, .atLeast, source: "s")) == [
        "1 of at least 5 X accounts are itemized; figures from the itemized data cover that part only"
      ])
    #expect(notes(ReportedFigure(5, .lessThan, source: "s")).isEmpty, "less than 5 may be 1")
    #expect(notes(.notGiven(source: "s")).isEmpty)
  }

  @Test func aBudgetOfAFewDollarsIsALostLessThan() throws {
    func found(_ amount: ReportedFigure) -> [Finding] {
      var network = Network(id: "n", name: "n")
      network.adSpend = AdSpend(amount: amount, currency: "USD")
      return Self.findings(network, code: "tiny-ad-budget")
    }
    let two = try #require(found(ReportedFigure(2, source: "s")).first)
    #expect(two.severity == .warning)
    #expect(two.path?.description == "networks[0].adSpend.amount")
    #expect(
      two.message
        == "an ad budget of 2 USD is most likely \"less than 2 USD\" with its hedge lost: an upper bound, not what was spent"
    )
    #expect(found(ReportedFigure(4, .hedgeUnknown, source: "s")).count == 1)
    #expect(found(ReportedFigure(9, .about, source: "s")).count == 1)
    #expect(found(ReportedFigure(2, .lessThan, source: "s")).isEmpty, "the hedge is there")
    #expect(found(ReportedFigure(0, source: "s")).isEmpty, "a true zero: no ads")
    #expect(found(ReportedFigure(480, .about, source: "s")).isEmpty)
    #expect(found(.range(1, 4, source: "s")).isEmpty)
    #expect(found(.notGiven(source: "s")).isEmpty)
  }

  @Test func aCountedKindWithoutItsAudienceWhenOthersHaveOne() throws {
    // The compilation's row 57: 1,100 Groups, no member figure, Pages' and
    // Instagram's followers given.
    var network = Network(id: "n", name: "n")
    network.reported.counts[.group] = ReportedFigure(1_100, .hedgeUnknown, source: "s")
    network.reported.counts[.page] = ReportedFigure(12, .hedgeUnknown, source: "s")
    network.reported.counts[.account] = ReportedFigure(40, .hedgeUnknown, source: "s")
    network.reported.counts[.event] = ReportedFigure(30, .hedgeUnknown, source: "s")
    network.reported.audiences[.page] = ReportedFigure(450, .hedgeUnknown, source: "s")
    let missing = Self.findings(network).filter { $0.code == "audience-missing" }
    #expect(
      missing.count == 1, "accounts have no audience to miss; Events' attendees are rarely given")
    #expect(missing.first?.severity == .warning)
    #expect(missing.first?.path?.description == "networks[0].reported.counts.group")
    #expect(
      missing.first?.message.hasPrefix(
        "1,100 (hedge unknown) Groups with no figure for their members, while the network gives one for its Pages"
      )
        == true, "\(missing)")
    // Said to be not given: no finding.
    network.reported.audiences[.group] = .notGiven(source: "s")
    #expect(Self.findings(network).allSatisfy { $0.code != "audience-missing" })
    // No audience at all: many reports give none, nothing to compare.
    network.reported.audiences = PerKind()
    #expect(Self.findings(network).allSatisfy { $0.code != "audience-missing" })
  }

  /// Everyone following at least one X account is in some account's
  /// followers: the followers summed over the accounts are at least the ≥1
  /// audience, and a sum below it is a contradiction.
  @Test func summedFollowersAreAtLeastTheAudience() throws {
    func found(summed: ReportedFigure, audience: ReportedFigure?) -> [Finding] {
      var network = Network(id: "n", name: "n")
      network.reported.summedFollowers[.xAccount] = summed
      network.reported.audiences[.xAccount] = audience
      return Self.findings(network, code: "summed-followers-below-audience")
    }
    let below = try #require(
      found(summed: ReportedFigure(900, source: "s"), audience: ReportedFigure(1_000, source: "s"))
        .first)
    #expect(below.severity == .error)
    #expect(below.path?.description == "networks[0].reported.summedFollowers.x-account")
    #expect(
      below.message
        == "the X accounts' follower counts summed come to 900, fewer than their ≥1 audience of 1,000: every follower of at least one is counted in the sum at least once"
    )
    #expect(
      found(
        summed: ReportedFigure(950, .hedgeUnknown, source: "s"),
        audience: ReportedFigure(1_000, source: "s")
      )
      .first?.severity == nil, "within an unknown hedge's slack")
    #expect(
      found(
        summed: ReportedFigure(500, .hedgeUnknown, source: "s"),
        audience: ReportedFigure(1_000, source: "s")
      )
      .first?.severity == .warning)
    #expect(
      found(
        summed: ReportedFigure(5_000, source: "s"), audience: ReportedFigure(1_000, source: "s")
      ).isEmpty,
      "a sum above the audience: people counted twice")
    #expect(found(summed: ReportedFigure(10, source: "s"), audience: nil).isEmpty)
    #expect(
      found(
        summed: ReportedFigure(10, source: "s"),
        audience: ReportedFigure(1_000, .lessThan, source: "s")
      )
      .isEmpty, "\"less than\" sets no lower bound")
  }

  @Test func groupsWithNoMembersAtAll() throws {
    func found(_ kind: AssetKind, count: ReportedFigure, audience: ReportedFigure) -> [Finding] {
      var network = Network(id: "n", name: "n")
      network.reported.counts[kind] = count
      network.reported.audiences[kind] = audience
      return Self.findings(network).filter { $0.severity != .info }
    }
    let groups = found(
      .group, count: ReportedFigure(546, .hedgeUnknown, source: "s"),
      audience: ReportedFigure(0, .hedgeUnknown, source: "s"))
    let zero = try #require(groups.first)
    #expect(groups.count == 1)
    #expect(zero.code == "zero-members")
    #expect(zero.severity == .warning)
    #expect(zero.path?.description == "networks[0].reported.audiences.group")
    #expect(zero.message.hasPrefix("546 (hedge unknown) Groups with 0 (hedge unknown) members"))
    #expect(zero.message.contains("not given"))
    // Events keep their audience as members too.
    #expect(
      found(
        .event, count: ReportedFigure(11, source: "s"), audience: ReportedFigure(0, source: "s")
      )
      .map(\.code) == ["zero-members"])
    // A Page may have no followers; zero Groups have zero members.
    #expect(
      found(.page, count: ReportedFigure(5, source: "s"), audience: ReportedFigure(0, source: "s"))
        .isEmpty)
    #expect(
      found(.group, count: ReportedFigure(0, source: "s"), audience: ReportedFigure(0, source: "s"))
        .isEmpty)
    // Not given is what such a figure should say: a note, nothing wrong.
    #expect(
      found(.group, count: ReportedFigure(546, source: "s"), audience: .notGiven(source: "s"))
        .isEmpty)
  }

  @Test func anAudienceForZeroAssetsMustBeCertain() {
    func codes(_ audience: ReportedFigure) -> [String] {
      var network = Network(id: "n", name: "n")
      network.reported.counts[.page] = ReportedFigure(0, source: "s")
      network.reported.audiences[.page] = audience
      return Self.findings(network).filter { $0.severity == .error }.map(\.code)
    }
    #expect(codes(ReportedFigure(5, source: "s")) == ["audience-without-assets"])
    #expect(codes(ReportedFigure(0, .moreThan, source: "s")) == ["audience-without-assets"])
    #expect(codes(ReportedFigure(5, .lessThan, source: "s")).isEmpty, "less than 5 may be 0")
    #expect(codes(.notGiven(source: "s")).isEmpty)
  }

  @Test func anAnnouncementCannotComeBeforeTheActivity() throws {
    var report = Self.report
    report.published = PartialDate("2019-04-01")
    report.sources.append(
      Source(id: "meta", publisher: "Meta", published: PartialDate("2019-03-10")))
    report.sources.append(
      Source(id: "news", publisher: "News", published: PartialDate("2015-01"), kind: .secondary))
    func found(activeFrom: String? = nil, firstAd: String? = nil, sources: [String] = [])
      -> [Finding]
    {
      var network = Network(id: "n", name: "n", sources: sources)
      network.activeFrom = activeFrom.flatMap(PartialDate.init)
      if let firstAd {
        network.adSpend = AdSpend(
          amount: ReportedFigure(1_100, .about, source: "s"), currency: "USD",
          firstAd: PartialDate(firstAd))
      }
      return Self.findings(network, code: "dated-before-activity", report: report)
    }
    let late = try #require(found(activeFrom: "2019-05").first)
    #expect(late.severity == .error)
    #expect(late.path?.description == "networks[0].activeFrom")
    #expect(
      late.message
        == "the report is dated 2019-04-01, before the network's activity began (2019-05): one of the dates is wrong"
    )
    #expect(found(activeFrom: "2019").isEmpty, "2019 may be January")
    #expect(found(activeFrom: "2019-04").isEmpty)
    #expect(
      found(firstAd: "2019-04-02").map(\.path?.description) == ["networks[0].adSpend.firstAd"])
    #expect(found(firstAd: "2015-05").isEmpty)
    // A primary source the network cites is an announcement too; a news
    // article cited for background is not.
    let cited = found(activeFrom: "2019-03-20", sources: ["meta", "news"])
    #expect(
      cited.map(\.message).map { $0.hasPrefix("source \"meta\" is dated 2019-03-10") } == [true])
  }

  @Test func activityEndsAfterItBegins() {
    var network = Network(id: "n", name: "n")
    network.activeFrom = PartialDate("2019-05")
    network.activeUntil = PartialDate("2018")
    #expect(Self.findings(network, code: "activity-dates").map(\.severity) == [.error])
    network.activeUntil = PartialDate("2019")
    #expect(Self.findings(network, code: "activity-dates").isEmpty, "2019 may be December")
  }

  @Test(arguments: [
    ("https://about.fb.com/news/2019/04/cib-and-spam-from-india-pakistan/", "2019-04-01", false),
    ("https://newsroom.fb.com/news/2018/11/last-weeks-takedowns/", "2019-11-27", true),
    ("https://about.fb.com/news/2019/12/georgia/", "2020-03", true),
    ("https://www.upi.com/Top_News/US/2020/09/01/trolls/7171598986438/", "2020-09-01", false),
    ("https://www.upi.com/Top_News/US/2020/09/01/trolls/7171598986438/", "2020-09-02", false),
    ("https://www.upi.com/Top_News/US/2020/09/01/trolls/7171598986438/", "2020-09-03", true),
    // A post written on the last evening of March in one time zone is
    // dated April the first in another.
    ("https://about.fb.com/news/2019/03/x/", "2019-04-01", false),
    ("https://about.fb.com/news/2019/03/x/", "2019-04-02", true),
    ("https://about.fb.com/news/2019/13/x/", "2019-04-02", false),
    ("https://example.com/report?from=/2018/01/", "2019-04-02", false),
    ("https://example.com/2018/", "2019-04-02", false),
    ("about.fb.com/news/2018/12/x", "2019", false),
    ("about.fb.com/news/2018/12/x", "2019-02", true),
  ])
  func anAddressDatedOtherwise(url: String, published: String, mismatch: Bool) {
    var report = Self.report
    report.url = url
    report.published = PartialDate(published)
    let found = Self.findings(
      Network(id: "n", name: "n"), code: "url-date-mismatch", report: report)
    #expect(found.count == (mismatch ? 1 : 0), "\(found)")
    #expect(found.allSatisfy { $0.severity == .warning && $0.path?.description == "report.url" })
    // The same for a source with a date of its own: a compilation's row.
    report.url = nil
    report.published = nil
    report.sources = [
      Source(id: "row", publisher: "Meta", published: PartialDate(published), url: url)
    ]
    let row = Self.findings(Network(id: "n", name: "n"), code: "url-date-mismatch", report: report)
    #expect(row.map(\.path?.description) == (mismatch ? ["report.sources[0].url"] : []))
  }

  @Test func theAddressMessageNamesBothDates() throws {
    var report = Self.report
    report.sources = [
      Source(
        id: "row", publisher: "Meta", published: PartialDate("2019-04-11"),
        url: "https://newsroom.fb.com/news/2019/01/taking-down-cib-in-indonesia/")
    ]
    let found = try #require(
      Self.findings(Network(id: "n", name: "n"), code: "url-date-mismatch", report: report).first)
    #expect(
      found.message
        == "source \"row\" is dated 2019-04-11, but its address is from 2019-01: one of the two is wrong"
    )
  }

  @Test func unknownHedgesAndFiguresNotGivenAreNoted() throws {
    var network = Network(id: "n", name: "Indonesia")
    network.reported.counts = PerKind([
      .page: ReportedFigure(69, .hedgeUnknown, source: "s"),
      .group: ReportedFigure(546, .hedgeUnknown, source: "s"),
    ])
    network.reported.audiences = PerKind([
      .page: ReportedFigure(410_000, .hedgeUnknown, source: "s"), .group: .notGiven(source: "s"),
    ])
    let found = Self.findings(network)
    #expect(found.allSatisfy { $0.severity == .info }, "\(found)")
    let hedge = try #require(found.first { $0.code == "hedge-unknown" })
    #expect(found.filter { $0.code == "hedge-unknown" }.count == 1, "one note per network")
    #expect(hedge.path?.description == "networks[0].reported.counts.page")
    #expect(
      hedge.message
        == "the hedge of the count of Pages, the count of Groups and the Pages' ≥1 audience is unknown (a compilation dropped it): each may have been \"about\", \"less than\" or \"more than\", and is read as \"about\""
    )
    let missing = try #require(found.first { $0.code == "figure-not-given" })
    #expect(missing.path?.description == "networks[0].reported.audiences.group")
    #expect(
      missing.message
        == "the Groups' ≥1 audience is not given: the network's unique audience has no upper bound")
  }

  @Test func aNotGivenFigureStillNeedsASource() {
    var network = Network(id: "n", name: "n")
    network.reported.audiences[.group] = .notGiven()
    let found = Self.findings(network, code: "unsourced-figure")
    #expect(
      found.map(\.message) == [
        "the Groups' ≥1 audience is marked not given, with no source naming the kind"
      ])
  }

  /// A network whose every figure is hedged by `qualifier` and consistent
  /// with every other: counts, audiences, a total, a claim, a subset, an ad
  /// budget and itemized assets.
  static func consistentNetwork(_ qualifier: Qualifier) -> Network {
    var network = Network(id: "n", name: "n")
    network.reported.counts = PerKind([
      .page: figure(qualifier, 10), .group: figure(qualifier, 5),
      .xAccount: figure(qualifier, 3),
    ])
    network.reported.audiences = PerKind([
      .page: figure(qualifier, 1_000), .group: figure(qualifier, 500),
      .xAccount: figure(qualifier, 300),
    ])
    network.reported.total = ReportedTotal(figure: figure(qualifier, 15), covers: [.page, .group])
    network.reported.claimedAudience = figure(qualifier, 1_000)
    network.subsets = [
      ReportedSubset(label: "part", counts: PerKind([.page: figure(qualifier, 2)]))
    ]
    network.adSpend = AdSpend(amount: figure(qualifier, 480), currency: "USD")
    network.assets = [
      Asset(id: "p1", kind: .page, followers: 100), Asset(id: "g1", kind: .group, members: 50),
      Asset(id: "x1", kind: .xAccount, followers: 30),
    ]
    return network
  }

  @Test(arguments: Qualifier.allCases)
  func noCheckMisfiresOnAnyQualifier(qualifier: Qualifier) {
    let found = Self.findings(Self.consistentNetwork(qualifier))
    #expect(found.filter { $0.severity != .info }.isEmpty, "\(found)")
    let notes = Set(found.map(\.code))
    switch qualifier {
    case .notGiven: #expect(notes.contains("figure-not-given"))
    case .hedgeUnknown: #expect(notes.contains("hedge-unknown"))
    default: #expect(!notes.contains("figure-not-given") && !notes.contains("hedge-unknown"))
    }
  }

  @Test func hedgedTotalsByTheNewQualifiers() {
    func found(total: ReportedFigure, parts: [AssetKind: ReportedFigure]) -> [Finding] {
      var network = Network(id: "n", name: "n")
      network.reported.counts = PerKind(parts)
      network.reported.total = ReportedTotal(figure: total, covers: Array(parts.keys))
      return Self.findings(network, code: "total-mismatch")
    }
    let range = found(
      total: ReportedFigure(100, source: "s"),
      parts: [.page: .range(10, 20, source: "s"), .group: ReportedFigure(5, source: "s")])
    #expect(range.map(\.severity) == [.warning])
    #expect(range.first?.message.hasSuffix("= 15 to 25") == true, "\(range)")
    #expect(
      found(
        total: ReportedFigure(20, source: "s"),
        parts: [.page: .range(10, 20, source: "s"), .group: ReportedFigure(5, source: "s")]
      ).isEmpty)
    #expect(
      found(
        total: ReportedFigure(10, .atLeast, source: "s"),
        parts: [.page: ReportedFigure(9, source: "s")]
      ).count == 1)
    #expect(
      found(
        total: ReportedFigure(10, .atLeast, source: "s"),
        parts: [.page: ReportedFigure(10, source: "s")]
      ).isEmpty)
    #expect(
      found(
        total: ReportedFigure(10, source: "s"),
        parts: [.page: ReportedFigure(10, .lessThan, source: "s")]
      ).count == 1, "less than 10 cannot make 10")
    let hedgeUnknown = found(
      total: ReportedFigure(103, .hedgeUnknown, source: "s"),
      parts: [.page: ReportedFigure(53, source: "s")])
    #expect(hedgeUnknown.map(\.severity) == [.warning])
  }

  @Test func figuresBuiltInCodeAreCheckedAsADecoderWould() {
    var broken = ReportedFigure(5, .about, source: "s")
    broken.value = nil
    var swapped = ReportedFigure.range(10, 20, source: "s")
    swapped.upTo = 5
    var stray = ReportedFigure(5, source: "s")
    stray.upTo = 9
    var valued = ReportedFigure.notGiven(source: "s")
    valued.value = 3
    var network = Network(id: "n", name: "n")
    network.reported.counts = PerKind([
      .page: broken, .group: swapped, .instagram: stray, .event: valued,
    ])
    let found = Self.findings(network, code: "malformed-figure")
    #expect(found.count == 4)
    #expect(found.allSatisfy { $0.severity == .error && $0.isStructural })
    #expect(
      found.map(\.message).contains(
        "the range's high end (5) is below its low end (10)"))
  }
}

/// A compilation's rows as a version 2 document would hold them, read from
/// JSON text: the findings point at their lines.
@Suite struct CompilationRowTests {
  static let text = """
    {"format": "cibgraph-network-document", "version": 2,
     "report": {"title": "cib-data", "publisher": "a compilation", "kind": "secondary",
       "published": "2020-05-10",
       "sources": [
         {"id": "meta-2019-11", "publisher": "Facebook", "published": "2019-11-27",
          "url": "https://newsroom.fb.com/news/2018/11/last-weeks-takedowns/"}]},
     "networks": [
      {"id": "id-2019", "name": "Indonesia", "sources": ["meta-2019-11"], "activeFrom": "2019-12",
       "adSpend": {"amount": {"value": 4, "qualifier": "hedgeUnknown", "source": "meta-2019-11"},
                   "currency": "USD"},
       "reported": {
         "counts": {"group": {"value": 546, "qualifier": "hedgeUnknown", "source": "meta-2019-11"}},
         "audiences": {"group": {"value": 0, "qualifier": "hedgeUnknown", "source": "meta-2019-11"}}}}
     ]}
    """

  @Test func everyTranscriptionErrorIsFoundAtItsLine() throws {
    let bytes = Array(Self.text.utf8)
    let document = try NetworkDocument.decode(bytes, file: "rows.json")
    #expect(document.report.sources[0].published == PartialDate("2019-11-27"))
    let findings = Validator.validate(
      document, locations: DocumentLocations(JSONLocations(file: "rows.json", text: bytes)))
    let lines = findings.map { "\($0.location?.line ?? 0) \($0.severity) \($0.code)" }
    #expect(
      lines == [
        "6 warning url-date-mismatch", "12 info hedge-unknown", "13 warning zero-members",
        "9 warning tiny-ad-budget", "8 error dated-before-activity",
      ], "\(findings)")
  }

  @Test func aSourcesDateIsRoundTripped() throws {
    let document = try NetworkDocument.decode(Array(Self.text.utf8), file: "rows.json")
    let again = try NetworkDocument.decode(document.encoded(), file: "again.json")
    #expect(again == document)
  }
}

/// Actors of every kind against the assets that share their ids.
@Suite struct ActorKindConflictTests {
  static func findings(_ asset: Asset) -> [Finding] {
    var network = Network(id: "n", name: "n")
    network.assets = [asset]
    return Validator.validate(
      NetworkDocument(
        report: Report(title: "t", publisher: "p"),
        organizations: [Organization(id: "someone", name: "Someone", kind: .person)],
        networks: [network]))
  }

  @Test func anAssetMayShareItsIdOnlyWithAnActorOfItsKind() {
    #expect(Self.findings(Asset(id: "someone", kind: .person)).isEmpty)
    #expect(
      Self.findings(Asset(id: "someone", kind: .page)).map(\.message) == [
        "id \"someone\" is a person of the document and a Page here"
      ])
  }
}

/// ``Validator/compare(_:)``: the same verdict whatever the order of the documents.
@Suite struct CrossDocumentTests {
  static func document(
    _ publisher: String, _ kind: ReportKind, pages: ReportedFigure, audience: ReportedFigure,
    actor: Organization
  ) -> NetworkDocument {
    var network = Network(id: "pk-2019", name: "Pakistan")
    network.reported.counts[.page] = pages
    network.reported.audiences[.page] = audience
    return NetworkDocument(
      report: Report(title: "\(publisher)'s account", publisher: publisher, kind: kind),
      organizations: [actor], networks: [network])
  }

  static let ispr = Organization(id: "ispr", name: "ISPR", partOf: "pk-military", country: "PK")

  /// Two primary documents that disagree on the Pages, and a news article
  /// that disagrees with both and defines the organisation otherwise.
  static let documents = [
    document(
      "Facebook", .primary, pages: ReportedFigure(24), audience: ReportedFigure(2_800_000, .about),
      actor: ispr),
    document(
      "Meta", .primary, pages: ReportedFigure(25), audience: ReportedFigure(2_800_000, .about),
      actor: Organization(id: "ispr", name: "ISPR", partOf: "pk-military", country: "Pakistan")),
    document(
      "News", .secondary, pages: ReportedFigure(7),
      audience: ReportedFigure(2_800_000, .hedgeUnknown),
      actor: Organization(id: "ispr", name: "Inter-Services Public Relations", country: "PK")),
  ]

  /// Findings as (publisher of the document, finding), which an order does not change.
  static func verdict(_ documents: [NetworkDocument]) -> Set<String> {
    Set(
      Validator.compare(documents).map {
        "\(documents[$0.document].report.publisher): \($0.finding.description)"
      })
  }

  static func permutations<T>(_ items: [T]) -> [[T]] {
    guard items.count > 1 else { return [items] }
    return items.indices.flatMap { i in
      var rest = items
      let first = rest.remove(at: i)
      return permutations(rest).map { [first] + $0 }
    }
  }

  @Test func everyOrderGivesTheSameFindings() {
    let orders = Self.permutations(Self.documents)
    #expect(orders.count == 6)
    let expected = Self.verdict(Self.documents)
    for order in orders {
      #expect(Self.verdict(order) == expected)
    }
    #expect(
      expected == [
        "Facebook: warning: networks[0].reported.counts.page: the primary sources disagree: Facebook gives 24 Pages of \"Pakistan\"; Meta gives 25 [sources-disagree]",
        "Meta: warning: networks[0].reported.counts.page: the primary sources disagree: Meta gives 25 Pages of \"Pakistan\"; Facebook gives 24 [sources-disagree]",
        "News: warning: networks[0].reported.counts.page: News gives 7 Pages of \"Pakistan\"; the primary source (Facebook) gives 24 [sources-disagree]",
        "News: warning: networks[0].reported.counts.page: News gives 7 Pages of \"Pakistan\"; the primary source (Meta) gives 25 [sources-disagree]",
        "News: warning: organizations[0]: News defines the organisation \"ispr\" differently from the primary source (Facebook): name \"Inter-Services Public Relations\" here, \"ISPR\" there; part of none here, of \"pk-military\" there [actor-definitions-differ]",
        "News: warning: organizations[0]: News defines the organisation \"ispr\" differently from the primary source (Meta): name \"Inter-Services Public Relations\" here, \"ISPR\" there; part of none here, of \"pk-military\" there [actor-definitions-differ]",
      ], "a hedge lost agrees with \"about\"; PK is Pakistan")
  }

  @Test func findingsComeInDocumentOrder() {
    let found = Validator.compare(Self.documents)
    #expect(found.map(\.document) == found.map(\.document).sorted())
  }

  @Test func twoPrimariesDefiningAnActorDifferentlyAreBothNamed() {
    var other = Self.documents[1]
    other.organizations = [Organization(id: "ispr", name: "ISPR", kind: .person)]
    let found = Validator.compare([Self.documents[0], other]).filter {
      $0.finding.code == "actor-definitions-differ"
    }
    #expect(found.map(\.document).sorted() == [0, 1])
    #expect(
      found.allSatisfy {
        $0.finding.message.hasPrefix("the primary sources define the ")
          && !$0.finding.message.contains("the primary source (")
      })
    #expect(found.contains { $0.finding.message.contains("an organisation here, a person there") })
  }

  @Test func secondariesAreComparedWhenNoPrimaryGivesTheFigure() {
    func article(_ publisher: String, _ groups: ReportedFigure) -> NetworkDocument {
      var network = Network(id: "n", name: "n")
      network.reported.counts[.group] = groups
      return NetworkDocument(
        report: Report(title: publisher, publisher: publisher, kind: .secondary),
        networks: [network])
    }
    let articles = [article("A", ReportedFigure(7)), article("B", ReportedFigure(8))]
    let found = Validator.compare(articles)
    #expect(found.map(\.document) == [0, 1], "both, as neither outranks the other")
    #expect(found.allSatisfy { $0.finding.message.hasPrefix("the secondary sources disagree") })
    // A primary document giving the figure settles it: the articles are
    // held against it, not against each other.
    var primary = article("Platform", ReportedFigure(7))
    primary.report.kind = .primary
    let settled = Validator.compare(articles + [primary])
    #expect(settled.map(\.document) == [1])
    // A figure not given is no claim; two the same are no disagreement.
    #expect(
      Validator.compare([article("A", .notGiven()), article("B", ReportedFigure(8))]).isEmpty)
    #expect(Validator.compare([articles[0], articles[0]]).isEmpty)
  }

  @Test func rangesDisagreeByEitherEnd() {
    func article(_ publisher: String, _ pages: ReportedFigure) -> NetworkDocument {
      var network = Network(id: "n", name: "n")
      network.reported.counts[.page] = pages
      return NetworkDocument(
        report: Report(title: publisher, publisher: publisher), networks: [network])
    }
    #expect(
      Validator.compare([article("A", .range(10, 20)), article("B", .range(10, 30))]).count == 2)
    #expect(
      Validator.compare([article("A", .range(10, 20)), article("B", .range(10, 20))]).isEmpty)
    #expect(
      Validator.compare([
        article("A", ReportedFigure(10, .hedgeUnknown)), article("B", .range(10, 20)),
      ])
      .count == 2, "a range is not a hedge of one number")
  }
}

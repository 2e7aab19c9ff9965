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

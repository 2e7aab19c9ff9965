import CIBGraph
import CIBGraphTestSupport
import Testing

@Suite struct SummaryTests {
  static func network(
    _ id: String, counts: String, audiences: String = "{}", adSpend: String? = nil
  ) -> String {
    """
    {"id": "\(id)", "name": "\(id)", "reported": {"counts": \(counts), "audiences": \(audiences)}\
    \(adSpend.map { ", \"adSpend\": \($0)" } ?? "")}
    """
  }

  static let closed = [
    network(
      "a", counts: #"{"account": {"value": 57}, "page": {"value": 24}}"#,
      audiences: #"{"page": {"value": 7700}, "group": {"value": 45}}"#,
      adSpend: #"{"amount": {"value": 1100, "qualifier": "about"}, "currency": "USD"}"#),
    network(
      "b", counts: #"{"account": {"value": 549}, "page": {"value": 138}}"#,
      audiences: #"{"page": {"value": 206000, "qualifier": "about"}}"#,
      adSpend: #"{"amount": {"value": 39000}, "currency": "USD"}"#),
    network(
      "c", counts: #"{"account": {"value": 12}}"#, audiences: #"{"page": {"value": 0}}"#,
      adSpend: #"{"amount": {"value": 500}, "currency": "PKR"}"#),
  ]

  func summary(_ networks: [String]) throws -> TakedownSummary {
    let document = try decodeJSON(
      documentJSON(networks: "[" + networks.joined(separator: ",") + "]"))
    return TakedownSummary(document.networks)
  }

  @Test func removedAssetsAreSummedPerKind() throws {
    let summary = try summary(Self.closed)
    #expect(summary.networks == 3)
    #expect(summary.removed[.account]?.lower == 618)
    #expect(summary.removed[.account]?.upper == 618)
    #expect(summary.removed[.account]?.description == "618")
    #expect(summary.removed[.page]?.description == "162")
    #expect(summary.removed[.group] == nil)
  }

  @Test func audiencesAreBoundsNeverASum() throws {
    let summary = try summary(Self.closed)
    // The largest network's lower bound, and the sum of every upper bound:
    // 7,700 + 45 for a, about 206,000 for b, 0 for c.
    #expect(summary.audience.lower == ReportedFigure(206_000, .about))
    #expect(summary.audience.upper == ReportedFigure(213_745, .about))
    #expect(summary.audience.description == "between about 206,000 and about 213,745")
  }

  @Test func oneNetworkWithoutAnAudienceLeavesTheUpperBoundOpen() throws {
    let open = Self.closed + [Self.network("d", counts: #"{"account": {"value": 3}}"#)]
    let summary = try summary(open)
    #expect(summary.audience.lower == ReportedFigure(206_000, .about))
    #expect(summary.audience.upper == nil)
    #expect(
      summary.audience.description
        == "at least about 206,000; no upper bound: 1 network reports no audience")
  }

  @Test func aMoreThanAudienceLeavesTheUpperBoundOpen() throws {
    let open =
      Self.closed + [
        Self.network(
          "d", counts: "{}", audiences: #"{"page": {"value": 300000, "qualifier": "moreThan"}}"#)
      ]
    let summary = try summary(open)
    #expect(summary.audience.lower == ReportedFigure(300_000, .moreThan))
    #expect(summary.audience.upper == nil)
    #expect(summary.audience.description.hasPrefix("more than 300,000; no upper bound"))
  }

  @Test func adSpendIsSummedPerCurrencyAndNeverConverted() throws {
    let summary = try summary(
      Self.closed + [Self.network("d", counts: #"{"account": {"value": 3}}"#)])
    #expect(summary.adSpend.map(\.currency) == ["PKR", "USD"])
    #expect(summary.adSpend[0].spent.description == "500")
    #expect(summary.adSpend[1].spent.description == "about 40,100")
    #expect(summary.withoutAdSpend == 1)
  }

  @Test func hedgesCarryIntoSums() throws {
    var sum = SummedFigure()
    sum.add(ReportedFigure(100))
    sum.add(ReportedFigure(50, .lessThan))
    #expect(sum.description == "between 100 and 150")
    sum.add(ReportedFigure(10, .hedgeUnknown))
    #expect(sum.description == "between 110 (hedge unknown) and 160 (hedge unknown)")
    sum.add(.notGiven())
    #expect(sum.upper == nil)
    #expect(sum.description == "at least 110 (hedge unknown); 1 figure not given")
  }

  @Test func aNetworkTwoDocumentsDescribeIsCountedOnceFromThePrimary() throws {
    var article = try decodeJSON(
      documentJSON(networks: "[" + Self.network("a", counts: #"{"account": {"value": 7}}"#) + "]"))
    article.report.kind = .secondary
    let primary = try decodeJSON(documentJSON(networks: "[" + Self.closed[0] + "]"))
    let (networks, repeated) = DescribedNetwork.unique(in: [article, primary])
    #expect(repeated == 1)
    #expect(networks.count == 1)
    #expect(TakedownSummary(networks.map(\.network)).removed[.account]?.description == "57")
  }

  @Test func aSummaryOfDocumentsTakesANetworkTwoDocumentsDescribeOnceFromThePrimary() throws {
    var article = try decodeJSON(
      documentJSON(networks: "[" + Self.network("a", counts: #"{"account": {"value": 7}}"#) + "]"))
    article.report.kind = .secondary
    let primary = try decodeJSON(documentJSON(networks: "[" + Self.closed[0] + "]"))
    let summary = GroupedSummary(documents: [article, primary], by: nil)
    #expect(summary.total.networks == 1)
    #expect(summary.total.removed[.account]?.description == "57")
    #expect(summary.leftOut == 0)
  }
}

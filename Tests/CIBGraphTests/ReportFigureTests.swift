import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

@testable import CIBGraphDrawing

/// The words, counts and notes of a report drawing as a reader sees them:
/// ranges that keep their unit and no false precision, singular nouns for
/// one, zeros not drawn as shapes, place names whole, validation warnings on
/// the card they concern, and a grid of cells near a page's shape.
@Suite struct ReportFigureTests {
  @Test func rangesKeepTheirUnitAndClaimNoFalsePrecision() {
    let hedged = { (value: Int) in ReportedFigure(value, .hedgeUnknown) }
    // A mark between number and unit would read as twelve: the unit stays on both ends.
    #expect(
      FigureWords.between(hedged(12_000_000), hedged(12_500_000))
        == "between 12 million? and 12.5 million?")
    // Ends that print the same after rounding are one figure.
    #expect(FigureWords.between(hedged(12_000_000), hedged(12_001_000)) == "12 million?")
    #expect(FigureWords.between(hedged(80_000), hedged(80_010)) == "80,000?")
    #expect(FigureWords.between(hedged(207_700), hedged(207_720)) == "208,000?")
    #expect(
      FigureWords.between(ReportedFigure(80_000, .about), ReportedFigure(80_010, .about))
        == "about 80,000")
    #expect(
      FigureWords.between(ReportedFigure(80_000, .about), ReportedFigure(80_010))
        == "about 80,000", "different hedges on equal ends: about")
    // Approximate ends share three significant digits.
    #expect(
      FigureWords.between(hedged(212_000), hedged(241_301)) == "between 212,000? and 241,000?")
    #expect(
      FigureWords.between(ReportedFigure(1_100_000, .about), ReportedFigure(1_181_000, .about))
        == "between about 1.1 and 1.18 million", "one hedge and one unit when nothing is lost")
    // Exact figures stay exact, and a table's exact words keep every digit.
    #expect(
      FigureWords.between(ReportedFigure(212_000), ReportedFigure(241_301))
        == "between 212,000 and 241,301")
    #expect(
      FigureWords.between(hedged(80_000), hedged(80_010), exact: true)
        == "between 80,000 (hedge unknown) and 80,010 (hedge unknown)")
  }

  @Test func significantDigitsRoundHalfUpWithoutOverflow() {
    #expect(FigureWords.significant(241_301, digits: 3) == 241_000)
    #expect(FigureWords.significant(241_501, digits: 3) == 242_000)
    #expect(FigureWords.significant(99_950, digits: 3) == 100_000)
    #expect(FigureWords.significant(999, digits: 3) == 999)
    #expect(FigureWords.significant(-241_501, digits: 3) == -242_000)
    #expect(FigureWords.significant(Int.max, digits: 3) > 9_000_000_000_000_000_000)
    #expect(FigureWords.significant(Int.min, digits: 3) == Int.min)
  }

  @Test func oneIsSingularHedgedOrNot() {
    #expect(FigureWords.isOne(ReportedFigure(1, .hedgeUnknown)))
    #expect(FigureWords.isOne(ReportedFigure(1, .about)))
    #expect(!FigureWords.isOne(ReportedFigure(1, .moreThan)), "more than 1 Groups")
    #expect(
      FigureWords.cohortAudience(ReportedFigure(1, .hedgeUnknown), kind: .group)
        == "joined by 1? account")
    let dot = NetworkDrawing(documents: [
      try! graphsDocument(
        "meta-2019-10-removing-more-coordinated-inauthentic-behavior-from-russia.json")
    ]).dot
    #expect(dot.contains(">1? Group<"))
    #expect(dot.contains(">1? Instagram account<"))
    #expect(!dot.contains(">1? Groups<") && !dot.contains(">1? Instagram accounts<"))
  }

  /// A network reporting 546 Groups with 0 members and 0 Instagram accounts.
  static func zeros() -> NetworkDocument {
    var network = Network(id: "n", name: "N")
    network.reported.counts[.account] = ReportedFigure(10)
    network.reported.counts[.group] = ReportedFigure(546, .hedgeUnknown)
    network.reported.audiences[.group] = ReportedFigure(0, .hedgeUnknown)
    network.reported.counts[.instagram] = ReportedFigure(0, .hedgeUnknown)
    network.reported.audiences[.instagram] = ReportedFigure(0, .hedgeUnknown)
    network.reported.counts[.page] = ReportedFigure(0)
    return NetworkDocument(report: Report(title: "T", publisher: "P"), networks: [network])
  }

  @Test func zerosAreListedNotDrawnAndAZeroAudienceIsMostLikelyNotGiven() {
    let dot = NetworkDrawing(documents: [Self.zeros()]).dot
    #expect(!dot.contains("\"c0_instagram\""), "no shape for none")
    #expect(!dot.contains("\"c0_page\""))
    #expect(dot.contains(">no Pages and no Instagram accounts reported<"))
    #expect(dot.contains(">546? Groups<"))
    #expect(dot.contains(">joined by 0? accounts (most likely not given)<"))
    // validate's zero-members warning, on the card, in the caution colour.
    #expect(
      dot.contains(
        "COLOR=\"\(DrawingStyle.cautionColor)\">⚠ Groups joined by 0? accounts: most likely a")
    )
    #expect(NetworkDrawing(documents: [Self.zeros()]).nodeCount == 2, "accounts and Groups")
  }

  @Test func validationWarningsAreShownWhereTheyApply() throws {
    // The report's address is from another month than its date: under the title, once.
    let myanmar = NetworkDrawing(documents: [
      try graphsDocument("meta-2018-10-removing-myanmar-officials.json")
    ]).dot
    #expect(
      myanmar.components(separatedBy: "is dated 2018-10-15, but its address is from 2018-08")
        .count == 2)
    #expect(myanmar.contains("COLOR=\"\(DrawingStyle.cautionColor)\">⚠ the report is dated"))
    // An ad budget of a few dollars is most likely an upper bound.
    let april = NetworkDrawing(documents: [
      try graphsDocument("meta-2020-05-april-cib-report.json")
    ]).dot
    #expect(april.contains(">⚠ Ad spend 1? USD: most likely “less than 1"))
    // A count whose audience the compilation dropped.
    let february = NetworkDrawing(documents: [
      try graphsDocument("meta-2020-03-february-cib-report.json")
    ]).dot
    #expect(february.contains("⚠ No figure for the Groups' members"))
    // Itemized drawings, whose size the validator would add to, carry none.
    #expect(!NetworkDrawing(documents: [NetworkDrawingTests.itemized()]).dot.contains("⚠"))
  }

  @Test func placeNamesAndLongNamesWrapWhole() throws {
    let document = try graphsDocument(
      "meta-2019-10-removing-more-coordinated-inauthentic-behavior-from-russia.json")
    let dot = NetworkDrawing(documents: [document]).dot
    #expect(dot.contains("Côte d'Ivoire"))
    for place in ["Côte", "Central", "Central African", "DR"] {
      #expect(!dot.contains(">\(place)</FONT>") && !dot.contains(">\(place)<BR/>"), "\(place)")
    }
    // The long network name wraps in lines of at most 36 characters.
    var rest = Substring(dot)
    var titleLines: [String] = []
    while let range = rest.range(of: "<FONT POINT-SIZE=\"15.0\"><B>") {
      rest = rest[range.upperBound...]
      titleLines.append(String(rest.prefix { $0 != "<" }))
    }
    #expect(titleLines.contains("Russia → Madagascar, Central African"))
    #expect(titleLines.allSatisfy { $0.count <= 36 }, "\(titleLines)")
  }

  @Test func theGridFillsItsRowsEvenly() {
    #expect(
      (1...8).map { DrawingBuilder.gridColumns(networks: $0) } == [
        1, 2, 3, 2, 3, 3, 4, 4,
      ])
  }
}

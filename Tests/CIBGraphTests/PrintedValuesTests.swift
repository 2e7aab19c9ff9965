import CIBGraph
@_spi(Internal) import CIBGraphCore
import Testing

/// What `print` shows of the values a user prints: figures as a report
/// writes them, bounds as a sentence, findings and input errors as a
/// compiler's diagnostics, and hostile names escaped in all of them.
@Suite struct PrintedValuesTests {
  @Test func aFigureIsWrittenAsAReportWritesIt() {
    #expect("\(ReportedFigure(2_600_000, .about))" == "about 2,600,000")
    #expect("\(ReportedFigure(11_000, .lessThan))" == "less than 11,000")
    #expect("\(ReportedFigure(2_000, .moreThan))" == "more than 2,000")
    #expect("\(ReportedFigure(57))" == "57")
    #expect("\(ReportedFigure(-1_234_567))" == "-1,234,567")
  }

  @Test func countsPerKindReadAsAReportWritesThem() {
    var counts = PerKindNumber<Int>()
    #expect("\(counts)" == "none")
    counts[.account] = 57
    counts[.page] = 1
    counts[.instagram] = 1_050
    #expect("\(counts)" == "57 Facebook accounts, 1 Page, 1,050 Instagram accounts")
    var sums = PerKindNumber<CountSum>()
    sums[.group] = CountSum(Int.max) * 4
    #expect("\(sums)" == "36,893,488,147,419,103,228 Groups")
  }

  /// The bounds of a network's audiences over kinds, from its per-kind figures.
  func bounds(_ figures: [AssetKind: ReportedFigure]) -> String {
    AudienceBounds(audiences: PerKind(figures)).map { "\($0)" } ?? "none"
  }

  @Test func boundsReadAsASentence() {
    #expect(
      bounds([.page: ReportedFigure(170_000, .about), .group: ReportedFigure(65_000)])
        == "between about 170,000 and about 235,000")
    // One kind: both bounds are its figure.
    #expect(bounds([.page: ReportedFigure(206_000, .about)]) == "about 206,000")
    // "More than" bounds nothing from above, "less than" nothing from below.
    #expect(
      bounds([.page: ReportedFigure(2_000, .moreThan), .group: ReportedFigure(500)])
        == "more than 2,000")
    #expect(
      bounds([.page: ReportedFigure(3_000, .about), .group: ReportedFigure(1_000, .moreThan)])
        == "at least about 3,000")
    #expect(
      bounds([.page: ReportedFigure(11_000, .lessThan), .group: ReportedFigure(4_000, .lessThan)])
        == "less than 15,000")
    #expect(bounds([:]) == "none")
  }

  @Test func aFindingIsWrittenAsACompilerWritesADiagnostic() throws {
    let text = """
      {"format": "cibgraph-network-document", "version": 1,
       "report": {"title": "A", "publisher": "B"},
       "networks": [{"id": "n", "name": "N", "reported": {
         "counts": {"page": {"value": 2}},
         "total": {"figure": {"value": 5}, "covers": ["page"]}}}]}
      """
    let bytes = Array(text.utf8)
    let document = try NetworkDocument.decode(bytes, file: "report.json")
    let message = "the reported total 5 does not match its parts: 2 Pages = 2"
    let located = Validator.validate(
      document, locations: DocumentLocations(JSONLocations(file: "report.json", text: bytes)))
    #expect(
      located.filter { $0.severity == .error }.map(\.description) == [
        "report.json:5:24: error: networks[0].reported.total.figure: \(message) [total-mismatch]"
      ])
    #expect(
      located.first.map(\.description)
        == "report.json:4:23: warning: networks[0].reported.counts.page: the figure 2 has no source [unsourced-figure]"
    )
    // A finding that is only worth knowing is a note, as compilers call it.
    let partial = try #require(
      Validator.validate(GettingStartedTests.exampleDocument()).first {
        $0.code == "partial-itemization"
      })
    #expect("\(partial)".hasPrefix("note: networks[0]"))
    // Without a place in a file, the path into the document says where.
    #expect(
      Validator.validate(document).filter { $0.severity == .error }.map(\.description) == [
        "error: networks[0].reported.total.figure: \(message) [total-mismatch]"
      ])
  }

  @Test func hostileNamesArePrintedAsEscapes() throws {
    let document = NetworkDocument(
      report: Report(title: "A", publisher: "B"),
      networks: [
        Network(
          id: "n", name: "N",
          relations: [Relation(source: "\u{1B}[2J", target: "p\u{202E}1", type: .administers)])
      ])
    let dangling = Validator.validate(document).filter { $0.code == "dangling-reference" }
    #expect(!dangling.isEmpty)
    for finding in dangling {
      #expect(!"\(finding)".unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
      #expect("\(finding)".contains(#"\e[2J"#) || "\(finding)".contains(#"p\u{202E}1"#))
    }
    var refusal: InputError?
    do {
      _ = try NetworkDocument.decode(Array("{\u{1B}[2J".utf8), file: "bad\u{202E}.json")
    } catch {
      refusal = error
    }
    let printed = "\(try #require(refusal))"
    #expect(printed.hasPrefix(#"bad\u{202E}.json:1:2: "#))
    #expect(!printed.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
  }
}

import CIBGraph
import CIBGraphTestSupport
import Testing

@Suite struct ModelTests {
  @Test func kindsReadAsFilesWriteThem() {
    #expect(AssetKind(name: "Page") == .page)
    #expect(AssetKind(name: "organisation") == .organization)
    #expect(AssetKind(name: "ORGANIZATION") == .organization)
    #expect(AssetKind(name: "pages") == nil)
    #expect(AssetKind(name: "") == nil)
    // Exports' words: a space or `_` reads as `-`.
    #expect(AssetKind(name: "Facebook Page") == .page)
    #expect(AssetKind(name: "fb_page") == .page)
    #expect(AssetKind(name: "IG account") == .instagram)
    #expect(AssetKind(name: "YouTube channel") == .youtubeChannel)
    #expect(AssetKind(name: "channel") == nil)
    #expect(RelationType(name: "memberof") == .memberOf)
    #expect(RelationType(name: "member of") == nil)
  }

  @Test func figuresReadLikeAReport() {
    #expect(ReportedFigure(2_800_000, .about).text == "about 2,800,000")
    #expect(ReportedFigure(11_000, .lessThan).text == "less than 11,000")
    #expect(ReportedFigure(57).text == "57")
    #expect(ReportedFigure(1_000, .moreThan).text == "more than 1,000")
    #expect(groupedDigits(0) == "0")
    #expect(groupedDigits(999) == "999")
    #expect(groupedDigits(1_000) == "1,000")
    #expect(groupedDigits(-1_234_567) == "-1,234,567")
    #expect(groupedDigits(100) == "100")
    #expect(groupedDigits(-12_345) == "-12,345")
    #expect(groupedDigits(Int.min) == "-9,223,372,036,854,775,808")
    #expect(groupedDigits(CountSum(Int.max) * 4) == "36,893,488,147,419,103,228")
  }

  /// Sums past an `Int`, and the `Int`s at its ends, convert as the
  /// standard library's generic conversion converts them.
  @Test(arguments: [
    CountSum(0), 1, -1, 2_800_000, CountSum(Int.max), CountSum(Int.max) + 1, CountSum(Int.min),
    CountSum(Int.min) - 1, CountSum(Int.max) * 3 + 7, .max, .min,
  ])
  func countSumsConvertToTheNearestDouble(sum: CountSum) {
    #expect(Double(countSum: sum) == Double(sum))
  }

  @Test func partialDatesParseOnlyRealDates() {
    #expect(PartialDate("2015-05")?.description == "2015-05")
    #expect(PartialDate("0140-03")?.description == "0140-03", "a year before 1000 reads back")
    #expect(PartialDate("2019")?.month == nil)
    #expect(PartialDate("2020-02-29") != nil)
    #expect(PartialDate("2019-02-29") == nil)
    #expect(PartialDate("2019-13") == nil)
    #expect(PartialDate("19-01") == nil)
    #expect(PartialDate("2019-1") == nil)
    #expect(PartialDate("２０１９") == nil)
    #expect(PartialDate("2014-08")! < PartialDate("2019-03")!)
  }

  @Test func perKindRefusesUnknownKinds() throws {
    let json = documentJSON(
      networks: #"[{"id": "n", "name": "N", "reported": {"counts": {"pagez": {"value": 1}}}}]"#)
    #expect(throws: InputError.self) { try decodeJSON(json) }
    do {
      _ = try decodeJSON(json)
    } catch {
      #expect(error.message.contains("unknown kind \"pagez\""))
      #expect(error.location.path?.description == "networks[0].reported.counts.pagez")
    }
  }
}

import CIBGraph
import CIBGraphTestSupport
import Testing

@Suite struct NetworkFilterTests {
  /// Three networks of two documents: one run from Pakistan by a part of the
  /// military, one from India, one on X from Russia and Iran.
  static func networks() throws -> [DescribedNetwork] {
    let organizations = """
      [{"id": "military", "name": "Pakistani military (PM)", "aliases": ["armed forces"]},
       {"id": "ispr", "name": "Inter-Service Public Relations", "partOf": "military"},
       {"id": "inc", "name": "Indian National Congress"}]
      """
    let april = """
      [{"id": "pk", "name": "Pakistan, ISPR", "origin": "Pakistan", "policy": "CIB",
        "attribution": {"statement": "linked to employees of the ISPR", "organizations": ["ispr"]},
        "reported": {"counts": {"account": {"value": 57}, "instagram": {"value": 15}}}},
       {"id": "in", "name": "India, INC", "origin": "India", "policy": "CIB",
        "attribution": {"statement": "individuals associated with an IT Cell", "organizations": ["inc"]},
        "reported": {"counts": {"account": {"value": 549}, "page": {"value": 138}}},
        "notes": ["front site Peace Data"]}]
      """
    var first = try decodeJSON(documentJSON(networks: april, organizations: organizations))
    first.report.published = PartialDate("2019-04-01")
    var second = try decodeJSON(
      documentJSON(
        networks: """
          [{"id": "ru", "name": "Russia and Iran", "origin": "Russia",
            "reported": {"counts": {"x-account": {"value": 3608}}}}]
          """))
    second.report.published = PartialDate("2018")
    second.report.title = "October 2018 release"
    second.networks[0].origins = ["RU", "IR"]
    second.networks[0].targets = ["US"]
    return DescribedNetwork.unique(in: [first, second]).networks
  }

  func kept(_ filter: NetworkFilter) throws -> [String] {
    try Self.networks().filter(filter.matches).map(\.network.id)
  }

  @Test func anEmptyFilterKeepsEveryNetwork() throws {
    #expect(NetworkFilter().keepsAll)
    #expect(try kept(NetworkFilter()) == ["pk", "in", "ru"])
  }

  @Test func aPlaceIsACodeOrANameInAnyCase() throws {
    var filter = NetworkFilter(origins: ["pk"])
    #expect(try kept(filter) == ["pk"])
    #expect(try kept(NetworkFilter(origins: ["pk"], targets: ["United States"])) == [])
    filter.origins = ["PAKISTAN", "iran"]
    #expect(try kept(filter) == ["pk", "ru"])
    filter.origins = []
    filter.targets = ["United States"]
    #expect(try kept(filter) == ["ru"])
  }

  @Test func anOrganizationIncludesItsParts() throws {
    var filter = NetworkFilter()
    filter.organizations = ["Pakistani Military"]
    #expect(try kept(filter) == ["pk"])
    filter.organizations = ["pm"]
    #expect(try kept(filter) == ["pk"], "the short name in parentheses")
    filter.organizations = ["armed forces"]
    #expect(try kept(filter) == ["pk"], "an alias of the whole")
    filter.organizations = ["ISPR"]
    #expect(try kept(filter) == ["pk"], "the part's id")
    filter.organizations = ["inter-service public relations"]
    #expect(try kept(filter) == ["pk"])
    filter.organizations = ["nobody"]
    #expect(try kept(filter) == [])
  }

  @Test func aPlatformMatchesTheKindsReportedAndTwitterIsX() throws {
    var filter = NetworkFilter()
    filter.platforms = ["instagram"]
    #expect(try kept(filter) == ["pk"])
    filter.platforms = ["Twitter"]
    #expect(try kept(filter) == ["ru"])
    filter.platforms = ["facebook"]
    #expect(try kept(filter) == ["pk", "in"])
  }

  @Test func aNetworkIsInADateRangeOnlyWhenItsWholeDateIs() throws {
    var filter = NetworkFilter()
    filter.from = PartialDate("2018")
    filter.to = PartialDate("2018")
    #expect(try kept(filter) == ["ru"])
    filter.from = PartialDate("2018-06")
    filter.to = nil
    #expect(try kept(filter) == ["pk", "in"], "a report dated only 2018 may be before June")
    filter.from = nil
    filter.to = PartialDate("2019-04-01")
    #expect(try kept(filter) == ["pk", "in", "ru"])
    filter.to = PartialDate("2019-03")
    #expect(try kept(filter) == ["ru"])
  }

  @Test func textSearchesNamesAttributionsActorsAndNotes() throws {
    var filter = NetworkFilter()
    filter.text = "peace data"
    #expect(try kept(filter) == ["in"])
    filter.text = "EMPLOYEES"
    #expect(try kept(filter) == ["pk"])
    filter.text = "congress"
    #expect(try kept(filter) == ["in"], "the name of an actor the attribution names")
    filter.text = "october 2018"
    #expect(try kept(filter) == ["ru"], "the report's title")
  }

  @Test func conditionsAreAllRequired() throws {
    var filter = NetworkFilter()
    filter.platforms = ["Facebook"]
    filter.origins = ["IN"]
    #expect(try kept(filter) == ["in"])
  }

  @Test func groupedSummaryCountsWhatTheFilterLeftOut() throws {
    var filter = NetworkFilter()
    filter.platforms = ["Facebook"]
    let grouped = GroupedSummary(try Self.networks(), by: .month, filter: filter)
    #expect(grouped.leftOut == 1)
    #expect(grouped.total.networks == 2)
    #expect(grouped.groups.map(\.key) == ["2019-04"])
    #expect(!grouped.groupsOverlap)
  }

  @Test func everyGroupingHasKeys() throws {
    let networks = try Self.networks()
    func keys(_ grouping: SummaryGrouping) -> [String] {
      GroupedSummary(networks, by: grouping).groups.map { $0.key }
    }
    #expect(keys(.year) == ["2018", "2019"])
    #expect(keys(.month) == ["2018 (month not given)", "2019-04"])
    #expect(
      keys(.origin) == ["India", "Iran", "Pakistan", "Russia"], "a v1 name and a code, one key")
    #expect(keys(.target) == ["United States", "unknown"])
    #expect(keys(.policy) == ["CIB", "unknown"])
    #expect(keys(.platform) == ["Facebook", "Instagram", "X"])
    #expect(keys(.report) == ["2018 P: October 2018 release", "2019-04-01 P: T"])
    #expect(
      keys(.organization) == [
        "Indian National Congress", "Inter-Service Public Relations", "unattributed",
      ])
  }

  @Test func removalsPerPlatformSumTheirKinds() throws {
    let summary = TakedownSummary(try Self.networks().map(\.network))
    let perPlatform = summary.removedPerPlatform
    #expect(perPlatform.map(\.platform) == ["Facebook", "Instagram", "X"])
    // 57 + 549 accounts and 138 Pages.
    #expect(perPlatform[0].removed.description == "744")
    #expect(perPlatform[0].removed.figures == 3)
    #expect(perPlatform[2].removed.description == "3,608")
  }
}

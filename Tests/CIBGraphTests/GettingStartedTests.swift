import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

/// The code of the DocC article "Getting started"
/// (Sources/CIBGraph/CIBGraph.docc/GettingStarted.md), section by section,
/// with the answers the article says it prints. Plain `import CIBGraph`: the
/// article may use public API only. When a test here has to change, the
/// article has to change with it.
@Suite struct GettingStartedTests {
  static let reportPath = repositoryRoot.appendingPathComponent(
    "Graphs/meta-2019-04-india-pakistan.json"
  ).path

  @Test func readingADocument() throws {
    let loaded = try NetworkDocument.read(.path(Self.reportPath))
    let document = loaded.document
    #expect(
      document.networks.map(\.name) == [
        "Pakistan, ISPR", "India, INC IT Cell", "India, Silver Touch",
      ])
  }

  @Test func aBadDocumentSaysWhere() {
    let text = #"{"format": "cibgraph-network-document", "version": 1, "report": {"title": 7}}"#
    var message = ""
    do {
      _ = try NetworkDocument.read(.bytes(Array(text.utf8), name: "broken.json"))
    } catch {
      message = "\(error)"  // error is an InputError
    }
    #expect(message == "broken.json:1:75: report.title: expected a string, found number")
  }

  @Test func readingSpreadsheets() throws {
    let nodes = """
      Id,Label,Kind,Followers,Members
      a1,Operator one,account,,
      p1,News Page,page,120000,
      g1,Fan Group,group,,about 8000
      """
    let edges = """
      Source,Target,Type
      a1,p1,administers
      a1,g1,administers
      """
    let sheets = try GephiSpreadsheet.readDocument(
      nodes: .bytes(Array(nodes.utf8), name: "nodes.csv"),
      edges: .bytes(Array(edges.utf8), name: "edges.csv"))
    #expect(sheets.document.networks[0].assets.map(\.id) == ["a1", "p1"])
    var lines: [String] = []
    for finding in sheets.findings {
      lines.append("\(finding.location.map { "\($0)" } ?? "-"): \(finding.message)")
    }
    #expect(
      lines == [
        #"nodes.csv:4:21: Members is not a whole number: "about 8000""#,
        "edges.csv: 1 relation(s) left out because a node they link was on a bad row",
      ])
  }

  @Test func boundsOfTheUniqueAudience() throws {
    let document = try NetworkDocument.read(.path(Self.reportPath)).document
    var lines: [String] = []
    for network in document.networks {
      guard let bounds = NetworkReach(network).uniqueAudience else { continue }
      lines.append("\(network.name): \(bounds)")
    }
    #expect(
      lines == [
        "Pakistan, ISPR: between about 2,800,000 and about 2,805,750",
        "India, INC IT Cell: about 206,000",
        "India, Silver Touch: between about 2,600,000 and about 2,645,000",
      ])
  }

  /// The network the article builds in Swift.
  static func exampleDocument() -> NetworkDocument {
    var network = Network(id: "example", name: "Example network")
    network.reported.counts[.account] = ReportedFigure(12, source: "report")
    network.reported.audiences[.page] = ReportedFigure(2_600_000, .about, source: "report")
    network.reported.audiences[.group] = ReportedFigure(15_000, .about, source: "report")
    network.assets = [
      Asset(id: "a1", kind: .account, name: "Operator one"),
      Asset(id: "a2", kind: .account, name: "Operator two"),
      Asset(id: "p1", kind: .page, name: "News Page", followers: 120_000),
      Asset(id: "p2", kind: .page, name: "Sports Page", followers: 80_000),
      Asset(id: "g1", kind: .group, name: "Fan Group", members: 8_000),
    ]
    network.relations = [
      Relation(source: "a1", target: "p1", type: .administers),
      Relation(source: "a1", target: "p2", type: .administers),
      Relation(source: "a2", target: "g1", type: .administers),
      Relation(source: "a1", target: "firm", type: .attributedTo),
    ]
    return NetworkDocument(
      report: Report(
        title: "Example", publisher: "Example platform",
        sources: [Source(id: "report", publisher: "Example platform")]),
      organizations: [Organization(id: "firm", name: "Example Firm")],
      networks: [network])
  }

  @Test func buildingANetworkInSwift() {
    let document = Self.exampleDocument()
    let reach = NetworkReach(document.networks[0])
    #expect(reach.uniqueAudience?.lower.map { "\($0)" } == "about 2,600,000")
    #expect(reach.uniqueAudience?.upper.map { "\($0)" } == "about 2,615,000")
    #expect(reach.itemized.summed(.page) == 200_000)
    #expect(reach.itemized.summedOverall == 208_000)
  }

  @Test func exactCountsFromAudienceLists() throws {
    let document = Self.exampleDocument()
    let graph = AssetGraph(documents: [document])
    let csv = """
      Asset,Account
      p1,u1
      p1,u2
      p2,u2
      p2,u3
      g1,u3
      g1,u4
      """
    let lists = try AudienceReader.read(
      [.bytes(Array(csv.utf8), name: "audience.csv")], graph: graph)
    let counter = DistinctCounter(lists: lists, graph: graph)
    let exact = counter.reach(of: Array(graph.nodes))
    // 4 distinct accounts over all kinds, 3 of them following a Page; 6 rows summed.
    #expect(exact.overall == 4)
    #expect(exact.distinct[.page] == 3)
    #expect(exact.summedOverall == 6)
    let totals = try AudienceReader.totals(
      [.bytes(Array(csv.utf8), name: "audience.csv")], graph: graph)
    #expect(totals.reach == exact)

    let pairs = [
      (asset: "p1", account: "u1"), (asset: "p1", account: "u2"), (asset: "g1", account: "u2"),
    ]
    let inMemory = AudienceLists(graph: graph, followers: pairs)
    #expect(DistinctCounter(lists: inMemory, graph: graph).count(graph.nodes) == 2)
  }

  @Test func connectedComponents() {
    let graph = AssetGraph(documents: [Self.exampleDocument()])
    let components = ComponentAnalysis(graph)
    // a1, p1, p2 and the firm; a2 and g1.
    #expect(components.count == 2)
    #expect(components.largest == 4)
    let largest = components.components[0]
    #expect(largest.nodes.map { graph.ids[Int($0)] } == ["firm", "a1", "p1", "p2"])
    #expect(largest.kinds[.page] == 2)
    #expect(largest.audienceSummed == 200_000)
    // Read by index, as the guide shows for graphs of many components.
    #expect(components.summary(at: 0).size == 4)
    #expect(components.summaries(0..<2).map(\.size) == [4, 2])
    #expect(components.nodes(at: 1).map { graph.ids[Int($0)] } == ["a2", "g1"])
  }

  @Test func structuralFindingsComeBeforeComputing() {
    let document = Self.exampleDocument()
    let findings = Validator.validate(document)
    #expect(!findings.contains { $0.severity == .error })
    #expect(findings.map(\.code).contains("partial-itemization"))

    var broken = document
    broken.networks[0].relations.append(Relation(source: "a2", target: "p9", type: .administers))
    let structural = Validator.validate(broken).filter(\.isStructural)
    #expect(structural.map(\.code) == ["dangling-reference"])
    #expect(structural.first?.path?.description == "networks[0].relations[4].target")
    // What the article warns of: the graph leaves the relation out without a word.
    #expect(
      AssetGraph(documents: [broken]).edgeCount == AssetGraph(documents: [document]).edgeCount)
  }

  @Test func findingsPointIntoTheFile() throws {
    let path = repositoryRoot.appendingPathComponent("Graphs/seed-000-ispr-article.json").path
    let article = try NetworkDocument.read(.path(path))
    var lines: [String] = []
    for finding in Validator.validate(article.document, locations: article.locations) {
      lines.append("\(finding)")  // what print(finding) writes
    }
    #expect(
      lines == [
        "\(path):42:21: error: networks[0].reported.total.figure: the reported total 103 does "
          + "not match its parts: 7 Facebook accounts + 24 Pages + 7 Groups + 15 Instagram "
          + "accounts = 53 [total-mismatch]"
      ])
  }

  @Test func drawing() {
    let drawing = NetworkDrawing(documents: [Self.exampleDocument()])
    #expect(drawing.layout == .dot)
    #expect(drawing.dot.hasPrefix("digraph"))
  }
}

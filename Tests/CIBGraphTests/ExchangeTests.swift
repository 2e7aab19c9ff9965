import CIBGraph
@_spi(Internal) import CIBGraphCore
import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct ExchangeFormatTests {
  static let hostile = [
    "plain", "comma, \"quote\"", "<tag attr='x'>&amp;", "line\nbreak\r\ttab", "emoji 😀 עברית",
    " padded ", "=SUM(A1)",
  ]

  static func document() -> NetworkDocument {
    var network = Network(id: "n", name: "N")
    network.assets = hostile.enumerated().map { (i: Int, name: String) in
      Asset(
        id: "id \(name)", kind: AssetKind.builtIn[i % AssetKind.builtIn.count], name: name,
        followers: i % 2 == 0 ? i * 10 : nil,
        members: i % 3 == 0 ? i : nil)
    }
    network.relations = zip(network.assets, network.assets.dropFirst()).enumerated().map {
      (i, pair) in
      Relation(
        source: pair.0.id, target: pair.1.id, type: RelationType.allCases[i % 6],
        evidence: "because \(pair.0.name!)",
        weight: i == 0 ? 0.25 : nil)
    }
    return NetworkDocument(
      report: Report(title: "t", publisher: "p"),
      organizations: [
        Organization(id: "org", name: "Org <1>", partOf: "top"),
        Organization(id: "top", name: "Top"),
      ],
      networks: [network])
  }

  @Test func spreadsheetsRoundTripThroughTheReader() throws {
    let export = GraphExport(documents: [Self.document()])
    let sheets = export.spreadsheets()
    let loaded = try GephiSpreadsheet.load(
      nodes: (Array(sheets.nodes.utf8), "n.csv"), edges: (Array(sheets.edges.utf8), "e.csv"))
    #expect(loaded.findings.isEmpty, "\(loaded.findings)")
    let network = loaded.document.networks[0]
    let graph = AssetGraph(documents: [Self.document()])
    #expect(network.assets.map(\.id) == Array(graph.ids))
    #expect(network.assets.map(\.kind) == graph.kinds)
    for (asset, node) in zip(network.assets, graph.nodes) {
      #expect(asset.name ?? "" == graph.names[Int(node)] ?? "")
      #expect(asset.followers == graph.followers(of: node))
      #expect(asset.members == graph.members(of: node))
    }
    #expect(network.relations.count == graph.edgeCount)
    #expect(network.relations.map(\.type) == graph.edges.map(\.type))
    #expect(network.relations.compactMap(\.evidence).contains("because comma, \"quote\""))
  }

  /// Parses XML and returns element names with attributes, and text by element.
  final class Collector: NSObject, XMLParserDelegate {
    var elements: [(String, [String: String])] = []
    var texts: [String] = []
    var current = ""
    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      elements.append((name, attributes))
      current = ""
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
    func parser(
      _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
    ) {
      if name == "data" { texts.append(current) }
    }
  }

  func parse(_ text: String) throws -> Collector {
    let collector = Collector()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = collector
    #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
    return collector
  }

  @Test func graphMLCarriesEveryNodeEdgeAndAttribute() throws {
    let graph = AssetGraph(documents: [Self.document()])
    let xml = try parse(GraphExport(documents: [Self.document()]).graphML())
    #expect(xml.elements.count { $0.0 == "node" } == graph.nodeCount)
    #expect(xml.elements.count { $0.0 == "edge" } == graph.edgeCount)
    #expect(Set(xml.elements.filter { $0.0 == "node" }.compactMap { $0.1["id"] }) == Set(graph.ids))
    for name in Self.hostile { #expect(xml.texts.contains(name), "\(name)") }
    #expect(xml.texts.contains("0.25"))
    #expect(xml.texts.contains("partOf"))
  }

  @Test func gexfCarriesEveryNodeEdgeAndAttribute() throws {
    let graph = AssetGraph(documents: [Self.document()])
    let xml = try parse(GraphExport(documents: [Self.document()]).gexf(description: "d <&>"))
    let nodes = xml.elements.filter { $0.0 == "node" }
    #expect(nodes.count == graph.nodeCount)
    #expect(xml.elements.count { $0.0 == "edge" } == graph.edgeCount)
    #expect(Set(nodes.compactMap { $0.1["label"] }).isSuperset(of: Self.hostile))
    #expect(xml.elements.contains { $0.0 == "edge" && $0.1["weight"] == "0.25" })
    let kinds = xml.elements.filter { $0.0 == "attvalue" && $0.1["for"] == "kind" }.compactMap {
      $0.1["value"]
    }
    #expect(Set(kinds) == Set(graph.kinds.map(\.name)))
    #expect(Set(kinds).count >= 7, "kinds of several platforms")
  }
}

import CIBGraph
@_spi(Internal) import CIBGraphCore
import CIBGraphTestSupport
import Foundation
import Testing

@testable import CIBGraphFormats

/// GraphML and GEXF read back: what cibgraph writes comes back as the same
/// graph, what other tools write is read through the one mapping of their
/// attributes, and what is not well-formed XML is refused where it stops
/// being so.
@Suite struct XMLGraphTests {
  static func read(_ xml: String, kinds: KindMapping = .standard) throws(InputError)
    -> LoadedDocument
  {
    try XMLGraphFile.load(bytes: Array(xml.utf8), file: "g.xml", kinds: kinds)
  }

  /// Every node and edge of a graph, with every value the model holds.
  static func summary(_ graph: AssetGraph) -> [String] {
    graph.nodes.map { node in
      let v = Int(node)
      return
        "\(graph.ids[v])|\(graph.kinds[v])|\(graph.names[v] ?? graph.ids[v])|\(graph.followers(of: node).map(String.init) ?? "-")|\(graph.members(of: node).map(String.init) ?? "-")"
    } + graph.edges.map { "\(graph.ids[Int($0.source)])->\(graph.ids[Int($0.target)]) \($0.type)" }
  }

  static func relationValues(_ documents: [NetworkDocument]) -> [String] {
    documents.flatMap(\.networks).flatMap(\.relations).map {
      "\($0.source)->\($0.target) \($0.type) \($0.evidence ?? "") \($0.weight.map { "\($0)" } ?? "-")"
    }
  }

  @Test(arguments: ["GraphML", "GEXF"])
  func whatCIBGraphWritesReadsBackAsTheSameGraph(format: String) throws {
    let original = [ExchangeFormatTests.document()]
    let export = GraphExport(documents: original)
    let text = format == "GraphML" ? export.graphML() : export.gexf(description: "d")
    let loaded = try Self.read(text)
    #expect(loaded.findings.isEmpty, "\(loaded.findings)")
    #expect(
      Validator.validate(loaded.document, locations: loaded.locations).filter {
        $0.severity == .error
      }.isEmpty)
    let expected = AssetGraph(documents: original)
    let read = AssetGraph(documents: [loaded.document])
    #expect(Self.summary(read) == Self.summary(expected))
    // Relations in the graph's order: organisations' partOf first, then the network's.
    let expectedRelations =
      ["org->top partOf  -"] + Self.relationValues(original)
    #expect(Self.relationValues([loaded.document]) == expectedRelations)
  }

  @Test func networkXAndIGraphConventionsAreRead() throws {
    // NetworkX names keys d0, d1, …; igraph numbers nodes n0, n1, … and keeps
    // the ids it read in an attribute `id`, and its counts are doubles.
    let xml = """
      <?xml version='1.0' encoding='utf-8'?>
      <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
        <key id="v_id" for="node" attr.name="id" attr.type="string"/>
        <key id="d1" for="node" attr.name="Kind" attr.type="string"><default>page</default></key>
        <key id="d2" for="node" attr.name="followers" attr.type="double"/>
        <key id="d3" for="node" attr.name="label" attr.type="string"/>
        <key id="d4" for="edge" attr.name="type" attr.type="string"/>
        <key id="d5" for="edge" attr.name="weight" attr.type="double"/>
        <key id="d6" for="node" attr.name="network" attr.type="string"/>
        <graph edgedefault="undirected">
          <node id="n0"><data key="v_id">p1</data><data key="d2">1500.0</data><data key="d3">p1</data><data key="d6">x</data></node>
          <node id="n1"><data key="v_id">a1</data><data key="d1">FB profile</data><data key="d2">1.2e+07</data>
            <data key="d3">Admin &amp; co&#x1F600;</data></node>
          <edge source="n1" target="n0"><data key="d4">administers</data><data key="d5">0.5</data></edge>
          <edge source="n1" target="n0" directed="false"><data key="d4">undirected</data></edge>
        </graph>
      </graphml>
      """
    let loaded = try Self.read(xml)
    #expect(loaded.findings.isEmpty, "\(loaded.findings)")
    let network = loaded.document.networks[0]
    #expect(
      network.assets == [
        Asset(id: "p1", kind: .page, name: nil, followers: 1500),
        Asset(id: "a1", kind: .account, name: "Admin & co😀", followers: 12_000_000),
      ])
    #expect(
      network.relations == [
        Relation(source: "a1", target: "p1", type: .administers, weight: 0.5),
        Relation(source: "a1", target: "p1", type: .linkedTo),
      ])
  }

  @Test func gexfAsGephiAndNetworkXWriteIt() throws {
    let xml = """
      <?xml version="1.0" encoding="UTF-8"?>
      <gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
        <graph defaultedgetype="directed" mode="static">
          <attributes class="node">
            <attribute id="0" title="kind" type="string"><default>account</default></attribute>
            <attribute id="members" title="Members" type="long"/>
          </attributes>
          <attributes class="edge"><attribute id="ev" title="evidence" type="string"/></attributes>
          <nodes>
            <node id="g1" label="Group one"><attvalues><attvalue for="0" value="Facebook Group"/>
              <attvalue for="members" value="20"/></attvalues><viz:size value="10.0"/></node>
            <node id="a1" label="a1"/>
            <node id="a2" label="A2"><nodes><node id="a3"><attvalues><attvalue id="0" value="page"/></attvalues></node></nodes></node>
          </nodes>
          <edges>
            <edge id="0" source="a1" target="g1" type="memberOf" weight="2"/>
            <edge id="1" source="a2" target="g1" type="directed" kind="administers">
              <attvalues><attvalue for="ev" value="line&#10;break"/></attvalues></edge>
          </edges>
        </graph>
      </gexf>
      """
    let loaded = try Self.read(xml)
    #expect(loaded.findings.isEmpty, "\(loaded.findings)")
    let network = loaded.document.networks[0]
    #expect(
      network.assets == [
        Asset(id: "g1", kind: .group, name: "Group one", members: 20),
        Asset(id: "a1", kind: .account),
        Asset(id: "a3", kind: .page),
        Asset(id: "a2", kind: .account, name: "A2"),
      ])
    #expect(
      network.relations == [
        Relation(source: "a1", target: "g1", type: .memberOf, weight: 2),
        Relation(source: "a2", target: "g1", type: .administers, evidence: "line\nbreak"),
      ])
  }

  @Test func nodesAndEdgesThatCannotBeReadAreLeftOutWhereTheyAre() throws {
    let xml = """
      <graphml>
        <key id="k" for="node" attr.name="kind"/><key id="f" for="node" attr.name="followers"/>
        <key id="t" for="edge" attr.name="type"/><key id="w" for="edge" attr.name="weight"/>
        <graph>
          <node id="p1"><data key="k">page</data></node>
          <node id="p2"><data key="k">pagez</data></node>
          <node id="p3"><data key="k">page</data><data key="f">ten</data></node>
          <node id="p4"><data key="k">page</data><data key="f">-4</data></node>
          <node id="p5"><data key="k">page</data><data key="f">1.5</data></node>
          <node><data key="k">page</data></node>
          <node id="p6"><data key="k">page</data><data key="k">group</data></node>
          <edge source="p1" target="p2"/>
          <edge source="p1"/>
          <edge source="p1" target="p1"><data key="t">likes</data></edge>
          <edge source="p1" target="p1"><data key="w">Infinity</data></edge>
          <hyperedge><endpoint node="p1"/></hyperedge>
          <edge source="p1" target="ghost"/>
        </graph>
      </graphml>
      """
    let loaded = try Self.read(xml)
    let messages = loaded.findings.map {
      "\($0.location?.line.map(String.init) ?? "-"):\($0.location?.column.map(String.init) ?? "-") \($0.message)"
    }
    #expect(
      messages == [
        "6:19 unknown kind \"pagez\"; expected one of \(AssetKind.validNames), or a value a kinds map names",
        "7:44 followers is not a number: \"ten\"",
        "8:44 followers is negative (-4); counts are never negative",
        "9:44 followers is not a whole number: \"1.5\"",
        "10:5 a node without an id",
        "11:44 a second value for kind, after \"page\"",
        "13:5 an edge without a target",
        "14:35 unknown relation type \"likes\"; expected one of \(RelationType.validNames), or a direction (directed, undirected)",
        "15:35 weight is not a finite number: \"Infinity\"",
        "16:5 a hyperedge: GraphML hyperedges are not read (a relation joins two assets)",
        "-:- 1 relation(s) left out because a node they link was on a bad row",
      ])
    #expect(loaded.document.networks[0].assets.map(\.id) == ["p1"])
    let validated = Validator.validate(loaded.document, locations: loaded.locations)
    let dangling = try #require(validated.first { $0.code == "dangling-reference" })
    #expect(dangling.location?.line == 17 && dangling.location?.column == 5)
  }

  @Test func aFileWhoseNodesHaveNoKindNeedsAMapping() throws {
    let xml =
      "<graphml><key id=\"l\" for=\"node\" attr.name=\"label\"/><graph><node id=\"a\"/></graph></graphml>"
    #expect {
      try Self.read(xml)
    } throws: { error in
      let error = error as! InputError
      return error.location.column == 59 && error.argument == "kinds"
        && error.message.hasPrefix("the nodes have no \"Kind\" attribute (keys: label)")
    }
    let read = try Self.read(xml, kinds: KindMapping(column: "label", defaultKind: .xAccount))
    #expect(read.document.networks[0].assets == [Asset(id: "a", kind: .xAccount)])
  }

  /// XML that is not well-formed, or that this reader will not read, with
  /// where it is refused and what it says.
  static let refused: [(xml: String, place: String, message: String)] = [
    ("", "1:1", "the file has no root element"),
    ("<graphml><graph>", "1:17", "the file ends inside <graph>, opened at 1:10"),
    ("<graphml></graph>", "1:10", "the end tag </graph> does not close <graphml>, opened at 1:1"),
    ("<graphml a='1' a='2'/>", "1:16", "the attribute a is given twice"),
    ("<graphml a=1/>", "1:12", "the value of the attribute a is not in quotes"),
    ("<graphml a='<'/>", "1:13", "< in the value of the attribute a"),
    ("<graphml>&nbsp;</graphml>", "1:10", "&nbsp; is not a reference this reader reads"),
    ("<graphml>a & b</graphml>", "1:12", "is not a reference this reader reads"),
    ("<graphml>&#0;</graphml>", "1:10", "&#0; is not a character XML allows"),
    ("<graphml>&#x110000;</graphml>", "1:10", "is not a character XML allows"),
    (
      "<?xml version=\"1.0\"?>\n<!DOCTYPE g [<!ENTITY a \"aaaa\">]><graphml>&a;</graphml>", "2:1",
      "a document type declaration (<!DOCTYPE …>) is not read"
    ),
    (
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><graphml/>", "1:1",
      "the file declares the encoding \"ISO-8859-1\""
    ),
    ("<graphml>\u{1B}</graphml>", "1:10", "the control character U+001B is not allowed in XML"),
    ("<graphml>\u{FFFE}</graphml>", "1:10", "the character U+FFFE is not allowed in XML"),
    ("x<graphml/>", "1:1", "text outside the root element"),
    ("<graphml/><gexf/>", "1:11", "a second root element"),
    ("<graphml><!-- a -- b --></graphml>", "1:17", "\"--\" inside a comment"),
    ("<graphml>]]></graphml>", "1:10", "\"]]>\" in text"),
    (
      "<graphml><?xml version='1.0'?></graphml>", "1:10",
      "an XML declaration (<?xml …?>) is allowed only at the very start"
    ),
    ("<graphml><![CDATA[x</graphml>", "1:10", "a CDATA section that is never closed"),
    (
      "<graphml><key id=\"k\" attr.name=\"kind\"/><graph><node id=\"a\"><data key=\"x\">x</data></node></graph></graphml>",
      "1:60", "no <key> before it declares \"x\""
    ),
    ("<network/>", "1:1", "the root element is <network>"),
    (
      "<gexf><graph><attributes class='node'><attribute id='k' title='kind'/></attributes><nodes><node id='a'><attvalues><attvalue for='0' value='x'/></attvalues></node></nodes></graph></gexf>",
      "1:115", "no <attribute> before it declares \"0\""
    ),
    ("<graphml><1a/></graphml>", "1:11", "expected an element's name"),
    ("<graphml a='1'b='2'/>", "1:15", "expected a space, > or /> in the tag <graphml>"),
  ]

  @Test func xmlThatIsNotWellFormedIsRefusedWhereItStopsBeingSo() {
    for (xml, place, message) in Self.refused {
      do throws(InputError) {
        _ = try Self.read(xml)
        Issue.record("read: \(xml)")
      } catch {
        let at = "\(error.location.line ?? 0):\(error.location.column ?? 0)"
        #expect(at == place && error.message.contains(message), "\(xml): \(at) \(error.message)")
        #expect(error.kind == .badData)
      }
    }
  }

  @Test func otherEncodingsAndBrokenBytesAreRefused() {
    for (bytes, place, message) in [
      ([0xFF, 0xFE, 0x3C, 0x00], "1:1", "the file is UTF-16"),
      (Array("<graphml a='".utf8) + [0xC3, 0x28] + Array("'/>".utf8), "1:13", "invalid UTF-8"),
      (
        Array("<graphml>".utf8) + [0xED, 0xA0, 0x80] + Array("</graphml>".utf8), "1:10",
        "invalid UTF-8"
      ),
    ] as [([UInt8], String, String)] {
      #expect {
        try XMLGraphFile.load(bytes: bytes, file: "g.xml")
      } throws: { error in
        let error = error as! InputError
        return "\(error.location.line ?? 0):\(error.location.column ?? 0)" == place
          && error.message.contains(message)
      }
    }
  }

  @Test func nestingDeeperThanTheLimitIsRefusedAndNestingWithinItIsRead() throws {
    func nested(_ depth: Int) -> String {
      "<graphml><key id='k' for='node' attr.name='kind'/><graph><node id='a'><data key='k'>page"
        + String(repeating: "<b>", count: depth) + String(repeating: "</b>", count: depth)
        + "</data></node></graph></graphml>"
    }
    let read = try Self.read(nested(XMLScanner.depthLimit - 4))
    #expect(read.document.networks[0].assets == [Asset(id: "a", kind: .page)])
    #expect(throws: InputError.self) { try Self.read(nested(100_000)) }
  }

  @Test func referencesLineEndsAndAttributeSpacesAreReadAsXMLSays() throws {
    let xml =
      "<graphml><key id='k' for='node' attr.name='kind'/><key id='l' for='node' attr.name='label'/><graph>"
      + "<node id='a&#x9;b&#10;c&lt;\r\nd'><data key='k'>page</data><data key='l'>x\r\ny\rz&amp;<![CDATA[<&>]]></data></node>"
      + "</graph></graphml>"
    let asset = try Self.read(xml).document.networks[0].assets[0]
    #expect(asset.id == "a\tb\nc< d")
    #expect(asset.name == "x\ny\nz&<&>")
  }

  @Test func findingsOnOneLongLineAreLocatedInLinearTime() throws {
    // 20,000 bad nodes on one line of 920 KB: counting each one's column
    // from the line's start would take 9·10^9 steps.
    let nodes = String(repeating: "<node id='x'><data key='k'>pagez</data></node>", count: 20_000)
    let xml = "<graphml><key id='k' attr.name='kind'/><graph>\(nodes)</graph></graphml>"
    let began = ContinuousClock.now
    let loaded = try Self.read(xml)
    #expect(ContinuousClock.now - began < .seconds(5))
    #expect(loaded.findings.count == 20_000)
    // The last node's <data>: after the 46 bytes before <graph>'s content, 19,999 nodes of 46, and <node id='x'>.
    #expect(loaded.findings.last?.location?.column == 46 + 19_999 * 46 + 13 + 1)
  }

  @Test func manyAttributesOnOneTagTakeLinearTime() throws {
    let attributes = (0..<100_000).map { " a\($0)='x'" }.joined()
    let began = ContinuousClock.now
    #expect(throws: InputError.self) { try Self.read("<graphml\(attributes) a5='y'/>") }
    #expect(ContinuousClock.now - began < .seconds(5))
  }
}

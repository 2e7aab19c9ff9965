import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

/// The typed `measures` of assets, relations and networks in the JSON
/// document: written, read back, and refused where hostile.
@Suite struct DocumentMeasuresTests {
  /// A version 2 document of one network, its asset `a` and relation a–b
  /// given `asset`, `relation` and `network` as the text of their measures.
  static func document(
    asset: String = "{}", relation: String = "{}", network: String = "{}", version: Int = 2
  ) -> String {
    """
    {"format": "cibgraph-network-document", "version": \(version),
     "report": {"title": "T", "publisher": "P"},
     "networks": [{"id": "n", "name": "N",
       "assets": [{"id": "a", "kind": "x-account",
                   "measures": \(asset)}, {"id": "b", "kind": "x-account"}],
       "relations": [{"source": "a", "target": "b", "type": "coordinatedWith", "weight": 2,
                      "measures": \(relation)}],
       "measures": \(network)}]}
    """
  }

  @Test func measuresRoundTripWithTheirTypesAndInMeasureOrder() throws {
    var asset = Asset(id: "a\"<&>\u{202E}", kind: .xAccount)
    // Set out of order: kept in the order Measure lists them.
    asset.measures[.lastAction] = .time(1_556_713_440_789)
    asset.measures[.degree] = .count(Count.largest)
    asset.measures[.firstAction] = .time(-62_167_219_200_000)
    var relation = Relation(source: asset.id, target: "b", type: .coordinatedWith, weight: 2)
    relation.measures[.symmetry] = .number(2.0 / 3)
    relation.measures[.fast] = .flag(false)
    relation.measures[.minGapSeconds] = .number(1e-3)
    relation.measures[.meanGapSeconds] = .number(1e300)
    var network = Network(
      id: "n", name: "N", assets: [asset, Asset(id: "b", kind: .xAccount)],
      relations: [relation])
    network.measures[.timeSpanSeconds] = .number(0)
    network.measures[.density] = .number(0.25)
    let document = NetworkDocument(
      report: Report(title: "T", publisher: "P"), networks: [network])
    #expect(asset.measures.entries.map(\.measure) == [.degree, .firstAction, .lastAction])

    let encoded = document.encoded()
    let text = String(decoding: encoded, as: UTF8.self)
    #expect(text.contains(#""lastAction" : "2019-05-01T12:24:00.789Z""#), "\(text)")
    #expect(text.contains(#""firstAction" : "0000-01-01T00:00:00Z""#))
    #expect(text.contains(#""degree" : 1000000000000000"#))
    #expect(text.contains(#""fast" : false"#))
    let again = try NetworkDocument.decode(encoded, file: "measures.json")
    #expect(again == document)
    #expect(again.encoded() == encoded, "same document, same bytes")
    #expect(again.networks[0].relations[0].measures[.symmetry] == .number(2.0 / 3))
    // A library user reads them by the names files write.
    #expect(again.networks[0].relations[0].measures["symmetry"] == .number(2.0 / 3))
    #expect(
      again.networks[0].assets[0].measures.values.map(\.name) == [
        "degree", "firstAction", "lastAction",
      ])
    #expect(again.networks[0].measures["fastEdges"] == nil)
    #expect(again.networks[0].measures["Density"] == nil, "names are exact")
  }

  @Test func aDocumentWithoutMeasuresIsWrittenAsBefore() throws {
    let document = try fixtureDocument("v2-every-key.json")
    var plain = document
    for index in plain.networks.indices {
      plain.networks[index].measures = Measurements()
      for asset in plain.networks[index].assets.indices {
        plain.networks[index].assets[asset].measures = Measurements()
      }
      for relation in plain.networks[index].relations.indices {
        plain.networks[index].relations[relation].measures = Measurements()
      }
    }
    #expect(plain != document, "the fixture has measures")
    let text = String(decoding: plain.encoded(), as: UTF8.self)
    #expect(!text.contains("measures"))
    #expect(try NetworkDocument.decode(plain.encoded(), file: "plain.json") == plain)
  }

  @Test func valuesNoFileCanHoldAreLeftOutRatherThanWritten() throws {
    var relation = Relation(source: "a", target: "b", type: .coordinatedWith)
    relation.measures[.symmetry] = .number(.nan)
    relation.measures[.meanGapSeconds] = .number(.infinity)
    relation.measures[.posts] = .count(-1)
    relation.measures[.fast] = .count(1)  // a flag's measure given a count
    relation.measures[.sharePairs] = .count(4)
    let document = NetworkDocument(
      report: Report(title: "T", publisher: "P"),
      networks: [
        Network(
          id: "n", name: "N",
          assets: [Asset(id: "a", kind: .xAccount), Asset(id: "b", kind: .xAccount)],
          relations: [relation])
      ])
    let again = try NetworkDocument.decode(document.encoded(), file: "x.json")
    #expect(again.networks[0].relations[0].measures.entries.map(\.measure) == [.sharePairs])
    let graphML = GraphExport(documents: [document]).graphML()
    #expect(graphML.contains(#"<data key="sharePairs">4</data>"#))
    #expect(!graphML.contains("symmetry") && !graphML.contains("nan"), "\(graphML)")
  }

  /// Each hostile value is refused at its place, with a message that says what is wrong.
  @Test(arguments: [
    (
      document(relation: #"{"symmetry": 1e400}"#), 7, "number out of range"
    ),
    (
      document(asset: #"{"degree": 1e20}"#), 5,
      "the count is too large (about 1e20); the largest count accepted is 1,000,000,000,000,000"
    ),
    (document(asset: #"{"degree": -1}"#), 5, "the count is negative"),
    (document(asset: #"{"degree": 1.5}"#), 5, "the count is not a whole number (1.5)"),
    (document(asset: #"{"degree": "2"}"#), 5, "expected a whole number, found a string"),
    (
      document(asset: #"{"degre": 2}"#), 5,
      "unknown measure \"degre\"; an asset has actions, objects, coordinatedActions, degree, strength, firstAction, lastAction"
    ),
    (
      document(asset: #"{"symmetry": 0.5}"#), 5,
      "symmetry is measured of a relation, not of an asset"
    ),
    (
      document(network: #"{"degree": 2}"#), 8,
      "degree is measured of an asset, not of a network"
    ),
    (document(relation: #"{"fast": 1}"#), 7, "expected true or false, found number"),
    (document(relation: #"{"symmetry": NaN}"#), 7, "unexpected 'N'; expected a value"),
    (document(relation: #"{"symmetry": Infinity}"#), 7, "unexpected 'I'"),
    (document(relation: #"{"symmetry": null}"#), 7, "expected a number, found null"),
    (
      document(asset: #"{"firstAction": "1556713440"}"#), 5,
      "firstAction is not a time of the form 2019-05-01T12:34:56.789Z: \"1556713440\""
    ),
    (
      document(asset: #"{"firstAction": "2019-02-30T00:00:00Z"}"#), 5,
      "firstAction is not a time of the form"
    ),
    (document(asset: #"{"degree": 2, "degree": 3}"#), 5, "duplicate key \"degree\""),
    (document(asset: "[1, 2]"), 5, "expected an object"),
    (
      document(asset: #"{"degree": 2}"#, version: 1), 5,
      "\"measures\" is a version 2 key; this document is version 1"
    ),
  ])
  func hostileMeasuresAreRefusedWhereTheyAre(_ text: String, _ line: Int, _ message: String) {
    do {
      let document = try decodeJSON(text)
      Issue.record("accepted: \(document.networks[0].assets[0].measures)")
    } catch {
      #expect(error.kind == .badData)
      #expect(error.location.line == line, "\(error)")
      #expect(error.message.contains(message), "\(error)")
    }
  }

  @Test func nullMeasuresAreNoneAndAVersionTwoDocumentWithoutThemReadsAsBefore() throws {
    let document = try decodeJSON(Self.document(asset: "null", relation: "null", network: "{}"))
    #expect(document.networks[0].assets[0].measures.isEmpty)
    #expect(document.networks[0].relations[0].measures.isEmpty)
    #expect(document.networks[0].measures.isEmpty)
    let fixture = try fixtureDocument("v2-every-key.json")
    let x1 = try #require(fixture.networks[0].assets.first { $0.id == "x1" })
    #expect(x1.measures[.lastAction] == .time(1_583_141_400_250))
    #expect(fixture.networks[0].assets.filter { !$0.measures.isEmpty }.count == 1)
  }

  @Test func everyMeasureHasOneTypeAndNodesAndEdgesNeverShareAName() {
    // GraphML key ids are the measures' names: one name may not be both a node's and an edge's.
    for measure in Measure.allCases {
      #expect(!(measure.holders.contains(.asset) && measure.holders.contains(.relation)))
      #expect(!measure.holders.isEmpty)
    }
    // Nor may a measure take the name of an attribute GraphML and GEXF exports already write.
    let written = [
      "label", "kind", "followers", "members", "audience", "distinctAudience", "network", "type",
      "evidence", "weight",
    ]
    #expect(Measure.allCases.allSatisfy { !written.contains($0.rawValue) })
  }
}

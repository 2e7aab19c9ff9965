import CIBGraphTestSupport
import Foundation
import Testing

/// The measures of `coordinate --measures` as typed values in the document
/// `-o` writes and as declared attributes of its GraphML and GEXF, as Gephi
/// and NetworkX read them.
@Suite struct CoordinateAttributesEndToEndTests {
  /// a-b on o1 (2 s apart), o2 (30 s), o3 (4 s); a-c on o1 (40 s), o2 (50 s);
  /// b-c on o1 (38 s), o2 (20 s); d-e on o4 only (1 s, below --min-repeat 2).
  static func rows(_ a: String = "a", _ b: String = "b", _ c: String = "c") -> String {
    """
    object_id,account_id,content_id,timestamp
    o1,\(a),p1,0
    o1,\(b),p2,2
    o1,\(c),p3,40
    o2,\(a),p4,1000
    o2,\(b),p5,1030
    o2,\(c),p6,1050
    o3,\(a),p7,2000
    o3,\(b),p8,2004
    o4,d,p9,3000
    o4,e,p10,3001

    """
  }

  /// The measures worked out by hand for the rows above at a 60 s window and a 5 s fast window.
  static let expectedAccounts: [String: [String: Value]] = [
    // a: 3 actions on 3 objects, all coinciding; edges a-b (3) and a-c (2).
    "a": [
      "actions": 3, "objects": 3, "coordinatedActions": 3, "degree": 2, "strength": 5,
      "firstAction": "1970-01-01T00:00:00Z", "lastAction": "1970-01-01T00:33:20Z",
    ],
    "b": [
      "actions": 3, "objects": 3, "coordinatedActions": 3, "degree": 2, "strength": 5,
      "firstAction": "1970-01-01T00:00:02Z", "lastAction": "1970-01-01T00:33:24Z",
    ],
    "c": [
      "actions": 2, "objects": 2, "coordinatedActions": 2, "degree": 2, "strength": 4,
      "firstAction": "1970-01-01T00:00:40Z", "lastAction": "1970-01-01T00:17:30Z",
    ],
  ]
  static let expectedEdges: [String: [String: Value]] = [
    // Gaps 2, 30 and 4 s: mean 12, shortest 2; o1 and o3 within 5 s.
    "a-b": [
      "distinctObjects": 3, "sharePairs": 3, "sourceShares": 3, "targetShares": 3, "posts": 6,
      "symmetry": 1.0, "meanGapSeconds": 12.0, "minGapSeconds": 2.0, "fastWeight": 2,
      "fast": true,
    ],
    // Gaps 40 and 50 s.
    "a-c": [
      "distinctObjects": 2, "sharePairs": 2, "sourceShares": 2, "targetShares": 2, "posts": 4,
      "symmetry": 1.0, "meanGapSeconds": 45.0, "minGapSeconds": 40.0, "fastWeight": 0,
      "fast": false,
    ],
    // Gaps 38 and 20 s.
    "b-c": [
      "distinctObjects": 2, "sharePairs": 2, "sourceShares": 2, "targetShares": 2, "posts": 4,
      "symmetry": 1.0, "meanGapSeconds": 29.0, "minGapSeconds": 20.0, "fastWeight": 0,
      "fast": false,
    ],
  ]
  /// 3 accounts, 3 edges of weight 7, from the first share (0 s) to the last coordinated one (2004 s).
  static let expectedNetwork: [String: Value] = [
    "accounts": 3, "edges": 3, "totalWeight": 7, "density": 1.0, "objects": 3, "fastEdges": 1,
    "firstCoordinatedAction": "1970-01-01T00:00:00Z",
    "lastCoordinatedAction": "1970-01-01T00:33:24Z", "timeSpanSeconds": 2004.0,
  ]

  /// The measures of a document's assets, relations (by their ends, `a-b`) and first network.
  static func measures(ofDocument path: String) throws -> (
    accounts: [String: [String: Value]], edges: [String: [String: Value]],
    network: [String: Value]
  ) {
    let root = try jsonObject(try String(contentsOfFile: path, encoding: .utf8))
    let networks = try #require(root["networks"] as? [[String: Any]])
    var accounts: [String: [String: Value]] = [:]
    var edges: [String: [String: Value]] = [:]
    for network in networks {
      for asset in network["assets"] as? [[String: Any]] ?? [] {
        accounts[asset["id"] as? String ?? ""] = Self.typed(asset["measures"])
      }
      for relation in network["relations"] as? [[String: Any]] ?? [] {
        let ends = "\(relation["source"] as? String ?? "")-\(relation["target"] as? String ?? "")"
        edges[ends] = Self.typed(relation["measures"])
      }
    }
    return (accounts, edges, Self.typed(networks.first?["measures"]))
  }

  /// A measure's value as a test compares it.
  enum Value: Hashable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByStringLiteral
  {
    case int(Int), double(Double), flag(Bool), text(String)
    init(integerLiteral value: Int) { self = .int(value) }
    init(floatLiteral value: Double) { self = .double(value) }
    init(booleanLiteral value: Bool) { self = .flag(value) }
    init(stringLiteral value: String) { self = .text(value) }
  }

  /// JSON values as the values a test compares, by the type of each
  /// measure: `fast` a flag, gaps, spans, symmetry and density numbers,
  /// times text, the others whole numbers.
  static func typed(_ value: Any?) -> [String: Value] {
    var result: [String: Value] = [:]
    for (name, value) in value as? [String: Any] ?? [:] {
      if let text = value as? String {
        result[name] = .text(text)
      } else if let number = value as? NSNumber {
        if name == "fast" {
          result[name] = .flag(number.boolValue)
        } else if name.hasSuffix("Seconds") || ["symmetry", "density"].contains(name) {
          result[name] = .double(number.doubleValue)
        } else {
          result[name] = .int(number.intValue)
        }
      }
    }
    return result
  }

  @Test func theHandWorkedCaseCarriesTypedMeasuresIntoTheDocumentAndItsExports() throws {
    let input = try temporaryFile("attributes.csv", Self.rows())
    let document = try temporaryPath("attributes.json")
    let written = try cibgraph(
      "coordinate", input, "--window", "60", "--fast-window", "5", "--measures", "-o", document)
    #expect(written.status == 0, "\(written.stderr)")
    let measured = try Self.measures(ofDocument: document)
    #expect(measured.accounts == Self.expectedAccounts)
    #expect(measured.edges == Self.expectedEdges)
    #expect(measured.network == Self.expectedNetwork)
    // The prose stays beside the typed values.
    let text = try String(contentsOfFile: document, encoding: .utf8)
    #expect(text.contains("fast weight 2 within 5 s (fast); 3 pairs of shares"))

    for format in ["graphml", "gexf"] {
      let exported = try temporaryPath("attributes.\(format)")
      let converted = try cibgraph("convert", document, "--to", format, "-o", exported)
      #expect(converted.status == 0, "\(converted.stderr)")
      let contents = try String(contentsOfFile: exported, encoding: .utf8)
      if format == "graphml" {
        #expect(
          contents.contains(
            #"<key id="symmetry" for="edge" attr.name="symmetry" attr.type="double"/>"#))
        #expect(
          contents.contains(#"<key id="degree" for="node" attr.name="degree" attr.type="long"/>"#))
        #expect(
          contents.contains(#"<key id="fast" for="edge" attr.name="fast" attr.type="boolean"/>"#))
      } else {
        #expect(contents.contains(#"<attribute id="fastWeight" title="fastWeight" type="long"/>"#))
        #expect(contents.contains(#"<attribute id="symmetry" title="symmetry" type="double"/>"#))
      }
      // Read back by cibgraph: the same measures, a network's own aside.
      let back = try temporaryPath("back-\(format).json")
      let read = try cibgraph("convert", exported, "--to", "json", "-o", back)
      #expect(read.status == 0, "\(read.stderr)")
      let again = try Self.measures(ofDocument: back)
      #expect(again.accounts == Self.expectedAccounts, "\(format)")
      #expect(again.edges == Self.expectedEdges, "\(format)")
      #expect(again.network.isEmpty, "\(format)")
      // And by NetworkX, with the types Gephi and NetworkX users size and filter by.
      let said = try Self.networkX(exported, check: "a", "b")
      #expect(said.contains("types agree"), "\(format): \(said)")
    }
  }

  /// Reads `file` with NetworkX and checks the types and values of the
  /// measures of node `a` and edge `a`–`b` (the hand-worked ones); prints
  /// `types agree` when they hold.
  static func networkX(_ file: String, check a: String, _ b: String) throws -> String {
    let script = """
      import sys, networkx as nx
      path, a, b = sys.argv[1], sys.argv[2], sys.argv[3]
      G = (nx.read_graphml if path.endswith('graphml') else nx.read_gexf)(path)
      node = G.nodes[a]
      edge = G.edges[a, b]
      checks = [
        type(node['degree']) is int and node['degree'] == 2,
        type(node['strength']) is int and node['strength'] == 5,
        type(node['firstAction']) is str and node['firstAction'] == '1970-01-01T00:00:00Z',
        type(edge['symmetry']) is float and edge['symmetry'] == 1.0,
        type(edge['meanGapSeconds']) is float and edge['meanGapSeconds'] == 12.0,
        type(edge['fastWeight']) is int and edge['fastWeight'] == 2,
        type(edge['fast']) is bool and edge['fast'] is True,
        type(edge['sharePairs']) is int and edge['sharePairs'] == 3,
      ]
      print('types agree' if all(checks) else f'failed: {checks} {node} {edge}')
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, file, a, b]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return said
  }

  @Test func hostileAccountIdsKeepTheirMeasuresInEveryFormat() throws {
    let hostile = [
      "a\"<&>'\u{202E}x", "=HYPERLINK(\"http://evil.test\")", "c]]><!-- 😀 --></data>",
    ]
    func quoted(_ id: String) -> String {
      "\"" + id.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    let input = try temporaryFile(
      "hostile-attributes.csv",
      Self.rows(quoted(hostile[0]), quoted(hostile[1]), quoted(hostile[2])))
    let document = try temporaryPath("hostile-attributes.json")
    let written = try cibgraph(
      "coordinate", input, "--window", "60", "--fast-window", "5", "-o", document)
    #expect(written.status == 0, "\(written.stderr)")
    let renamed = ["a": hostile[0], "b": hostile[1], "c": hostile[2]]
    func rename(_ ends: String) -> String {
      ends.split(separator: "-").map { renamed[String($0)]! }.joined(separator: "-")
    }
    let expectedAccounts = Dictionary(
      uniqueKeysWithValues: Self.expectedAccounts.map { (renamed[$0.key]!, $0.value) })
    let expectedEdges = Dictionary(
      uniqueKeysWithValues: Self.expectedEdges.map { (rename($0.key), $0.value) })
    let measured = try Self.measures(ofDocument: document)
    #expect(measured.accounts == expectedAccounts)
    #expect(measured.edges == expectedEdges)
    for format in ["graphml", "gexf"] {
      let exported = try temporaryPath("hostile-attributes.\(format)")
      let converted = try cibgraph("convert", document, "--to", format, "-o", exported)
      #expect(converted.status == 0, "\(converted.stderr)")
      let back = try temporaryPath("hostile-back-\(format).json")
      let read = try cibgraph("convert", exported, "--to", "json", "-o", back)
      #expect(read.status == 0, "\(read.stderr)")
      let again = try Self.measures(ofDocument: back)
      #expect(again.accounts == expectedAccounts, "\(format)")
      #expect(again.edges == expectedEdges, "\(format)")
      let said = try Self.networkX(exported, check: hostile[0], hostile[1])
      #expect(said.contains("types agree"), "\(format): \(said)")
    }
  }

  @Test func withoutMeasuresTheDocumentAndItsExportsHaveNone() throws {
    let input = try temporaryFile("plain-attributes.csv", Self.rows())
    let document = try temporaryPath("plain-attributes.json")
    let written = try cibgraph("coordinate", input, "--window", "60", "-o", document)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(!(try String(contentsOfFile: document, encoding: .utf8)).contains("measures"))
    for format in ["graphml", "gexf"] {
      let converted = try cibgraph("convert", document, "--to", format)
      #expect(converted.status == 0, "\(converted.stderr)")
      #expect(!converted.stdout.contains("degree") && !converted.stdout.contains("symmetry"))
    }
  }

  @Test func aMeasureThatIsNoneOfItsTypeIsALocatedBadRow() throws {
    let graphML = try temporaryFile(
      "bad-measure.graphml",
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <graphml>
        <key id="kind" for="node" attr.name="kind" attr.type="string"/>
        <key id="d" for="node" attr.name="degree" attr.type="long"/>
        <key id="f" for="edge" attr.name="fast" attr.type="boolean"/>
        <graph edgedefault="undirected">
          <node id="a"><data key="kind">x-account</data><data key="d">2.5</data></node>
          <node id="b"><data key="kind">x-account</data><data key="d">1</data></node>
          <edge source="a" target="b"><data key="f">maybe</data></edge>
        </graph>
      </graphml>
      """)
    let result = try cibgraph("validate", graphML)
    #expect(result.status == 1 || result.status == 65, "\(result.stdout)\(result.stderr)")
    let said = result.stdout + result.stderr
    #expect(said.contains("bad-measure.graphml:7:"), "\(said)")
    #expect(said.contains("degree is not a whole number: \"2.5\""), "\(said)")
    #expect(said.contains("bad-measure.graphml:9:"), "\(said)")
    #expect(said.contains("fast is not true or false: \"maybe\""), "\(said)")

    // Another tool's attributes that only share a name, of a type no measure has, are not read.
    let theirs = try temporaryFile(
      "their-attributes.graphml",
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <graphml>
        <key id="kind" for="node" attr.name="kind" attr.type="string"/>
        <key id="s" for="node" attr.name="strength" attr.type="double"/>
        <key id="d" for="node" attr.name="degree" attr.type="string"/>
        <key id="f" for="edge" attr.name="fast" attr.type="string"/>
        <graph edgedefault="undirected">
          <node id="a"><data key="kind">x-account</data><data key="s">2.5</data><data key="d">two</data></node>
          <node id="b"><data key="kind">x-account</data><data key="s">1</data></node>
          <edge source="a" target="b"><data key="f">maybe</data></edge>
        </graph>
      </graphml>
      """)
    let read = try cibgraph("convert", theirs, "--to", "json")
    #expect(read.status == 0, "\(read.stderr)")
    #expect(!read.stdout.contains("measures"), "\(read.stdout)")
  }
}

import CIBGraphTestSupport
import Foundation
import Testing

/// The files researchers already have: a Gephi Data Laboratory export, and
/// GraphML and GEXF that NetworkX wrote, read without editing, give the
/// answers the equivalent cibgraph spreadsheets give; and what is not a
/// graph file is refused with its place and status 65, nothing on stdout.
@Suite struct ExchangeEndToEndTests {
  /// A network of several platforms as cibgraph's spreadsheets have it:
  /// names XML and CSV must escape, an organisation, an asset with no relation.
  static let nodes = """
    Id,Label,Kind,Followers,Members
    p1,"Page <one> & ""two""\",page,3000,
    p2,Página dos,page,120,
    g1,"Group, with comma",group,,450
    a1,Admin,account,,
    a2,,account,,
    ig1,Insta,instagram,1500,
    x1,@handle,x-account,98,
    y1,Channel,youtube-channel,7000,
    org,Firm Ltd,organization,,
    lone,Alone,page,5,

    """
  static let edges = """
    Source,Target,Type,Evidence
    a1,p1,administers,"seen, twice"
    a1,g1,memberOf,
    a2,p2,administers,
    a2,ig1,administers,
    p1,org,attributedTo,report p. 3
    x1,y1,linkedTo,
    y1,org,attributedTo,

    """

  /// The same network as Gephi's Data Laboratory exports it after importing
  /// it: `Id,Label,timeset` first, kinds in a column of the user's naming
  /// and words, directions in `Type`, the relation types in `Kind`, a
  /// `Weight` on every edge, CRLF line ends.
  static let gephiNodes = """
    Id,Label,timeset,platform,Followers,Members,modularity_class\r
    p1,"Page <one> & ""two""\",,Facebook Page,3000,,0\r
    p2,Página dos,,Facebook Page,120,,1\r
    g1,"Group, with comma",,FB group,,450,0\r
    a1,Admin,,FB profile,,,0\r
    a2,a2,,FB profile,,,1\r
    ig1,Insta,,IG account,1500,,1\r
    x1,@handle,,Twitter account,98,,2\r
    y1,Channel,,YouTube channel,7000,,2\r
    org,Firm Ltd,,organisation,,,0\r
    lone,Alone,,Facebook Page,5,,3\r

    """
  static let gephiEdges = """
    Source,Target,Type,Kind,Id,Label,timeset,Weight,Evidence\r
    a1,p1,Directed,administers,0,,,1.0,"seen, twice"\r
    a1,g1,Directed,memberOf,1,,,1.0,\r
    a2,p2,Directed,administers,2,,,1.0,\r
    a2,ig1,Directed,administers,3,,,1.0,\r
    p1,org,Directed,attributedTo,4,,,1.0,report p. 3\r
    x1,y1,Undirected,,5,,,"2,5",\r
    y1,org,Directed,attributedTo,6,,,1.0,\r

    """

  /// `cibgraph ARGS --format json`, parsed, with the names of the input
  /// files taken out (the same network is in files of other names).
  static func answer(_ arguments: [String]) throws -> NSDictionary {
    let result = try cibgraph(arguments + ["--format", "json"])
    #expect(result.status == 0, "\(arguments): \(result.stderr)")
    let json = try JSONSerialization.jsonObject(with: result.stdoutBytes) as! NSDictionary
    guard let networks = json["networks"] as? [NSDictionary] else { return json }
    let copy = json.mutableCopy() as! NSMutableDictionary
    copy["networks"] = networks.map { network in
      let entry = network.mutableCopy() as! NSMutableDictionary
      entry.removeObjects(forKeys: ["input", "report"])
      return entry
    }
    return copy
  }

  /// Each input's components and reach, which must all be the first's.
  static func requireSameAnswers(_ inputs: [(String, [String])]) throws {
    let (firstName, first) = inputs[0]
    let components = try answer(["components", "--list-assets"] + first)
    let reach = try answer(["reach"] + first)
    #expect((components["nodes"] as? Int) == 10 && (components["edges"] as? Int) == 7)
    for (name, arguments) in inputs.dropFirst() {
      #expect(
        try answer(["components", "--list-assets"] + arguments) == components,
        "\(name) vs \(firstName)")
      #expect(try answer(["reach"] + arguments) == reach, "\(name) vs \(firstName)")
    }
  }

  /// The spreadsheets in a folder of their own: `net.csv` and `net.edges.csv`,
  /// so that the network is `net` as it is for `net.graphml`.
  static func spreadsheets(_ nodes: String, _ edges: String) throws -> (String, String) {
    let folder = try temporaryFolder()
    let nodesPath = folder.appendingPathComponent("net.csv").path
    let edgesPath = folder.appendingPathComponent("net.edges.csv").path
    try Data(nodes.utf8).write(to: URL(fileURLWithPath: nodesPath))
    try Data(edges.utf8).write(to: URL(fileURLWithPath: edgesPath))
    return (nodesPath, edgesPath)
  }

  @Test func aGephiExportGivesTheAnswersOfTheSpreadsheets() throws {
    let (nodes, edges) = try Self.spreadsheets(Self.nodes, Self.edges)
    let (gephiNodes, gephiEdges) = try Self.spreadsheets(Self.gephiNodes, Self.gephiEdges)
    try Self.requireSameAnswers([
      ("cibgraph spreadsheets", ["--nodes", nodes, "--edges", edges]),
      (
        "Gephi's export",
        ["--nodes", gephiNodes, "--edges", gephiEdges, "--kind-column", "platform"]
      ),
    ])
    // Weights are kept and written back; the direction Gephi wrote is not a relation type.
    let out = try temporaryPath("out")
    let converted = try cibgraph(
      "convert", "--nodes", gephiNodes, "--edges", gephiEdges, "--kind-column", "platform",
      "--to", "csv", "-o", out)
    #expect(converted.status == 0, "\(converted.stderr)")
    let written = try String(contentsOfFile: out + ".edges.csv", encoding: .utf8)
    #expect(written.contains("a1,p1,Directed,administers,1.0,\"seen, twice\"\r\n"))
    #expect(written.contains("x1,y1,Directed,linkedTo,2.5,\r\n"))
    // Without the column named, the export is refused where it lacks one, saying how to name it.
    let refused = try cibgraph("components", "--nodes", gephiNodes, "--edges", gephiEdges)
    #expect(refused.status == 65 && refused.stdout.isEmpty)
    #expect(
      refused.stderr.contains(
        "net.csv:1:1: error: the header has no \"Kind\" column (found: Id, Label, timeset, platform, Followers, Members, modularity_class); give the column that holds kinds, or one kind for every node, with --kind-column NAME or --default-kind KIND"
      ), "\(refused.stderr)")
  }

  @Test func graphMLAndGEXFThatNetworkXWroteGiveTheAnswersOfTheSpreadsheets() throws {
    let (nodes, edges) = try Self.spreadsheets(Self.nodes, Self.edges)
    let folder = try temporaryFolder()
    var written: [String] = []
    for format in ["graphml", "gexf"] {
      let ours = folder.appendingPathComponent("ours.\(format)").path
      let result = try cibgraph(
        "convert", "--nodes", nodes, "--edges", edges, "--to", format, "-o", ours)
      #expect(result.status == 0, "\(result.stderr)")
      let theirs = try temporaryFolder().appendingPathComponent("net.\(format)").path
      try python(
        """
        import sys, networkx as nx
        read, write = (nx.read_graphml, nx.write_graphml) if sys.argv[1].endswith('graphml') else (nx.read_gexf, nx.write_gexf)
        write(read(sys.argv[1]), sys.argv[2])
        """, [ours, theirs])
      written.append(theirs)
    }
    try Self.requireSameAnswers(
      [("cibgraph spreadsheets", ["--nodes", nodes, "--edges", edges])]
        + written.map { ($0, [$0]) })
    // The same graph and attributes: the spreadsheets cibgraph writes of each are the same rows.
    func rows(_ arguments: [String]) throws -> [[String]] {
      let out = try temporaryPath("rows")
      let result = try cibgraph(["convert"] + arguments + ["--to", "csv", "-o", out])
      #expect(result.status == 0, "\(result.stderr)")
      return try [".nodes.csv", ".edges.csv"].map {
        try String(contentsOfFile: out + $0, encoding: .utf8).components(separatedBy: "\r\n")
          .sorted()
      }
    }
    let expected = try rows(["--nodes", nodes, "--edges", edges])
    for file in written { #expect(try rows([file]) == expected, "\(file)") }
  }

  @Test func theFormatIsTheExtensionsOrTheContents() throws {
    let (nodes, edges) = try Self.spreadsheets(Self.nodes, Self.edges)
    let graphML = try cibgraph("convert", "--nodes", nodes, "--edges", edges, "--to", "graphml")
    let unnamed = try temporaryFile("network.txt", graphML.stdout)
    let fromFile = try cibgraph("components", unnamed)
    let fromStandardInput = try cibgraph(["components", "-"], stdin: graphML.stdoutBytes)
    #expect(fromFile.status == 0 && fromStandardInput.status == 0, "\(fromFile.stderr)")
    #expect(fromFile.stdout.contains("10 asset(s), 7 relation(s)"))
    #expect(fromFile.stdout == fromStandardInput.stdout)
  }

  @Test func kindsMapAndDefaultKindAreOptionsOfEveryCommandThatReadsNodes() throws {
    let (nodes, edges) = try Self.spreadsheets(
      "Id,Label,timeset,Type\nn1,One,,Seite\nn2,Two,,\nn3,Three,,Gruppe\n",
      "Source,Target,Type,Id,Label,timeset,Weight\nn1,n2,Directed,0,,,1\n")
    let map = try temporaryFile("kinds.csv", "Value,Kind\nSeite,page\nGruppe,group\n")
    let result = try cibgraph(
      "components", "--nodes", nodes, "--edges", edges, "--kind-column", "type", "--kinds", map,
      "--default-kind", "Facebook account", "--format", "json")
    #expect(result.status == 0, "\(result.stderr)")
    let json = try JSONSerialization.jsonObject(with: result.stdoutBytes) as! NSDictionary
    let first = (json["components"] as! [NSDictionary])[0]["kinds"] as! NSDictionary
    #expect(first["page"] as? Int == 1 && first["account"] as? Int == 1)

    let twice = try temporaryFile("twice.csv", "Value,Kind\nSeite,page\nseite,group\n")
    let mapped = try cibgraph("reach", "--nodes", nodes, "--kind-column", "type", "--kinds", twice)
    #expect(mapped.status == 65 && mapped.stdout.isEmpty)
    #expect(
      mapped.stderr.contains("twice.csv:3:1: error: \"seite\" is mapped twice, on line 2 and here"))
    let missing = try cibgraph("reach", "--nodes", nodes, "--kinds", "/no/such/kinds.csv")
    #expect(missing.status == 66 && missing.stdout.isEmpty)
    let unknown = try cibgraph("reach", "--nodes", nodes, "--default-kind", "pagez")
    #expect(unknown.status == 64 && unknown.stderr.contains("--default-kind pagez is not a kind"))
    let onlyJSON = try cibgraph(
      "reach", "Graphs/meta-2019-04-india-pakistan.json", "--default-kind", "page")
    #expect(onlyJSON.status == 64 && onlyJSON.stdout.isEmpty, "\(onlyJSON.stderr)")
  }

  @Test func hostileXMLIsRefusedWithItsPlaceAndNothingOnStandardOutput() throws {
    let laughs =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE g [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<graphml><graph><node id=\"&b;\"/></graph></graphml>\n"
    let cases: [(name: String, contents: String, message: String)] = [
      ("laughs.graphml", laughs, "laughs.graphml:2:1: error: a document type declaration"),
      (
        "external.gexf",
        "<?xml version=\"1.0\"?><!DOCTYPE g [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><gexf>&x;</gexf>",
        "external.gexf:1:22: error: a document type declaration"
      ),
      (
        "unclosed.graphml", "<graphml>\n<graph>\n",
        "unclosed.graphml:3:1: error: the file ends inside <graph>"
      ),
      (
        "dangling.graphml",
        "<graphml><key id='k' attr.name='kind'/><graph>\n<node id='a'><data key='k'>page</data></node>\n<edge source='a' target='ghost'/>\n</graph></graphml>",
        "dangling.graphml:3:1: error: target \"ghost\" of a linkedTo relation is neither an asset nor an organisation of this document"
      ),
      (
        "deep.gexf",
        "<gexf>" + String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)
          + "</gexf>",
        "deep.gexf:1:772: error: elements nest more than 256 deep"
      ),
    ]
    for (name, contents, message) in cases {
      let path = try temporaryFile(name, contents)
      for command in ["components", "reach", "validate"] {
        let result = try cibgraph(command, path)
        #expect(
          result.status == (command == "validate" && name.hasPrefix("dangling") ? 1 : 65),
          "\(command) \(name)")
        #expect(
          command == "validate" || result.stdout.isEmpty, "\(command) \(name): \(result.stdout)")
        #expect(
          (result.stderr + result.stdout).contains(
            path.replacingOccurrences(of: name, with: "") + message),
          "\(command) \(name): \(result.stderr)")
      }
    }
  }

  /// Runs a Python script with arguments; it must succeed.
  func python(_ script: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "python3 with networkx: \(said)")
  }
}

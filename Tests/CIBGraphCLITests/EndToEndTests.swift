import CIBGraphTestSupport
import Foundation
import Testing

/// The tool as a user runs it: the built binary, its stdout, stderr and exit status.
@Suite struct EndToEndTests {
  static let primary2019 = "Graphs/meta-2019-04-india-pakistan.json"
  static let primary2020 = "Graphs/meta-2020-08-cib-report.json"
  static let seed = "Graphs/seed-000-ispr-article.json"

  @Test func reachPrintsTheReportedFiguresAndBounds() throws {
    let result = try cibgraph("reach", Self.primary2019, Self.primary2020)
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    let text = result.stdout
    for expected in [
      "Pakistan, ISPR", "about 2,800,000", "about 4,700", "about 1,050",
      "between about 2,800,000 and about 2,805,750",
      "India, INC IT Cell", "549", "about 206,000",
      "India, Silver Touch", "about 2,600,000", "about 15,000", "about 30,000",
      "between about 2,600,000 and about 2,645,000",
      "about 70,000", "about 1,100,000", "less than 11,000",
      "between about 1,100,000 and about 1,181,000",
      "Russia, IRA", "about 14,000",
      "United States, CLS Strategies", "about 509,000", "about 43,000",
      "between about 509,000 and about 552,000",
    ] {
      #expect(text.contains(expected), "missing \(expected)")
    }
    #expect(text.components(separatedBy: "Unique audience across kinds").count == 7, "six networks")
  }

  @Test func reachOnAnInconsistentArticleWarnsButAnswers() throws {
    let result = try cibgraph("reach", Self.seed)
    #expect(result.status == 0)
    #expect(result.stdout.contains("Network-wide audience the source claims: more than 2,800,000"))
    #expect(
      result.stderr.contains("warning: networks[0].reported.total.figure: the reported total 103"))
  }

  @Test func reachJSONHasStableKeys() throws {
    let result = try cibgraph("reach", "--format", "json", Self.primary2019)
    #expect(result.status == 0)
    let root = try jsonObject(result.stdout)
    let networks = try #require(root["networks"] as? [[String: Any]])
    #expect(networks.count == 3)
    let ispr = networks[0]
    #expect(ispr["id"] as? String == "pk-ispr-2019-04")
    let kinds = try #require(ispr["kinds"] as? [String: Any])
    let page = try #require(kinds["page"] as? [String: Any])
    let audience = try #require(page["audience"] as? [String: Any])
    #expect(audience["value"] as? Int == 2_800_000)
    #expect(audience["qualifier"] as? String == "about")
    #expect(page["distinct"] is NSNull)
    #expect(page["summed"] as? Int == 0)
    let overall = try #require(ispr["overall"] as? [String: Any])
    let bounds = try #require(overall["uniqueAudience"] as? [String: Any])
    #expect((bounds["upper"] as? [String: Any])?["value"] as? Int == 2_805_750)
    #expect(overall["summedIsUpperBound"] as? Bool == true)
  }

  @Test func reachCSVHasOneRowPerKindAndATotal() throws {
    let result = try cibgraph("reach", "--format", "csv", Self.primary2020)
    let lines = result.stdout.split(separator: "\r\n")
    #expect(lines.first?.hasPrefix("input,network_id,network,kind,reported") == true)
    #expect(lines.count == 1 + 3 * 6)
    #expect(lines.contains { $0.hasSuffix(",all,,,,,0,0,1100000,about,1181000,about,,") })
  }

  @Test func componentsJSONListsTheLargestFirst() throws {
    let nodes = try temporaryFile(
      "nodes.csv",
      "Id,Label,Kind,Followers,Members\na1,Alpha,account,,\np1,P,page,100,\np2,,page,5,\ng1,,group,,30\no1,Org,organization,,\nx,,instagram,,\n"
    )
    let edges = try temporaryFile(
      "edges.csv", "Source,Target,Type\na1,p1,administers\na1,g1,memberOf\np2,o1,attributedTo\n")
    let result = try cibgraph("components", "--nodes", nodes, "--edges", edges, "--format", "json")
    #expect(result.status == 0)
    let root = try jsonObject(result.stdout)
    #expect(root["count"] as? Int == 3)
    #expect(root["largest"] as? Int == 3)
    let components = try #require(root["components"] as? [[String: Any]])
    #expect(components.map { $0["size"] as? Int } == [3, 2, 1])
    let kinds = try #require(components[0]["kinds"] as? [String: Int])
    #expect(kinds == ["account": 1, "page": 1, "group": 1, "instagram": 0, "organization": 0])
    #expect(components[0]["audienceSummed"] as? Int == 130)

    let text = try cibgraph("components", "--nodes", nodes, "--edges", edges)
    #expect(
      text.stdout.hasPrefix(
        "3 component(s) · largest 3 asset(s) · 1 singleton(s) · 6 asset(s), 3 relation(s)"))
    // The text names each shown component's first asset; the JSON, which does not, reads
    // the files without their labels.
    #expect(text.stdout.contains("a1 (Alpha)"))
  }

  @Test func validatePassesTheReportsAndCatchesTheArticle() throws {
    let clean = try cibgraph("validate", Self.primary2019, Self.primary2020)
    #expect(clean.status == 0)
    #expect(clean.stdout.hasSuffix("0 error(s), 0 warning(s), 0 note(s) in 2 input(s)\n"))

    let seed = try cibgraph("validate", Self.seed)
    #expect(seed.status == 1)
    #expect(
      seed.stdout.contains(
        "Graphs/seed-000-ispr-article.json:42:21: error: networks[0].reported.total.figure: the reported total 103 does not match its parts: 7 Facebook accounts + 24 Pages + 7 Groups + 15 Instagram accounts = 53 [total-mismatch]"
      ))

    let compared = try cibgraph("validate", "--format", "json", Self.seed, Self.primary2019)
    #expect(compared.status == 1)
    let root = try jsonObject(compared.stdout)
    #expect(root["errors"] as? Int == 1)
    let findings = try #require(root["findings"] as? [[String: Any]])
    #expect(
      findings.contains {
        ($0["code"] as? String) == "sources-disagree" && ($0["line"] as? Int) == 34
      })
  }

  @Test func aMissingFileIsExit66() throws {
    let result = try cibgraph("reach", "no/such/file.json")
    #expect(result.status == 66)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr == "no/such/file.json: error: no such file\n")
    #expect(try cibgraph("components", "--nodes", "Graphs").status == 66)
  }

  @Test(arguments: [
    ["reach"], ["reach", "--format", "xml", "Graphs/meta-2020-08-cib-report.json"],
    ["components", "--edges", "e.csv"], ["frobnicate"], ["components", "--limit", "-1", "x.json"],
  ])
  func usageErrorsAreExit64(arguments: [String]) throws {
    let process = Process()
    process.executableURL = cibgraphExecutable
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 64, "\(arguments)")
  }

  @Test func badJSONIsLocated() throws {
    let wrongType = try temporaryFile(
      "wrong.json",
      """
      {"format": "cibgraph-network-document", "version": 1,
       "report": {"title": "T", "publisher": "P"},
       "networks": [{"id": "n", "name": "N",
         "reported": {"counts": {"page": {"value": true}}}}]}
      """)
    let result = try cibgraph("reach", wrongType)
    #expect(result.status == 65)
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderr.contains(
        "wrong.json:4:46: error: networks[0].reported.counts.page.value: expected a whole number, found bool\n"
      ))

    let empty = try temporaryFile("empty.json", "")
    let emptyResult = try cibgraph("validate", empty)
    #expect(emptyResult.status == 65)
    #expect(emptyResult.stderr.contains("empty file"))

    let truncated = try temporaryFile(
      "cut.json", "{\"format\": \"cibgraph-network-document\", \"vers")
    let cut = try cibgraph("reach", truncated)
    #expect(cut.status == 65 && cut.stderr.contains("cut.json:1:"))
  }

  /// Edges of another nodes file make every row an error: the tool says so,
  /// counts them all and keeps only the first messages (memory stays small).
  @Test func aWrongPairOfFilesIsCountedWithoutKeepingEveryMessage() throws {
    let rows = 3_000
    let nodes = try temporaryFile(
      "pair-nodes.csv", "Id,Kind\n" + (0..<10).map { "n\($0),page\n" }.joined())
    let edges = try temporaryFile(
      "pair-edges.csv", "Source,Target\n" + (0..<rows).map { "x\($0),y\($0)\n" }.joined())
    let result = try cibgraph("components", "--nodes", nodes, "--edges", edges)
    #expect(result.status == 65)
    #expect(result.stdout.isEmpty, "no partial answer")
    #expect(result.stderr.contains("pair-edges.csv:2:1: error: source \"x0\""))
    #expect(result.stderr.contains("… and \(2 * rows - 20) more"))
    #expect(
      result.stderr.contains("cibgraph: \(2 * rows) error(s) in the input; nothing computed."))
  }

  @Test func badCSVIsLocatedAndNothingIsComputed() throws {
    let nodes = try temporaryFile(
      "nodes.csv",
      "Id,Label,Kind,Followers,Members\np1,ok,page,10,\np2,x,pagee,1,\np3,y,page,-5,\np4,z,group,,lots\n"
    )
    let reach = try cibgraph("reach", "--nodes", nodes)
    #expect(reach.status == 65)
    #expect(reach.stdout.isEmpty, "no partial answer")
    #expect(reach.stderr.contains("nodes.csv:3:6: error: unknown kind \"pagee\""))
    #expect(reach.stderr.contains("nodes.csv:4:11: error: Followers is negative"))
    #expect(reach.stderr.contains("nodes.csv:5:13: error: Members is not a whole number"))

    let validate = try cibgraph("validate", "--nodes", nodes)
    #expect(validate.status == 1)
    #expect(validate.stdout.contains("3 error(s)"))

    let unclosed = try temporaryFile("open.csv", "Id,Kind\na,page\n\"b,page\nc,page\n")
    let open = try cibgraph("components", "--nodes", unclosed)
    #expect(open.status == 65)
    #expect(
      open.stderr.contains(
        "open.csv:3:1: error: quoted field is not closed before the end of the file"))

    let edges = try temporaryFile("edges.csv", "Source,Target,Type\np1,ghost,linkedTo\n")
    let dangling = try cibgraph("components", "--nodes", nodes, "--edges", edges)
    #expect(dangling.status == 65)
    #expect(dangling.stderr.contains("edges.csv:2:4: error: target \"ghost\""))
  }

  @Test func aHundredMegabyteLineIsRefusedQuickly() throws {
    var data = Data("Id,Label,Kind\na,".utf8)
    data.append(Data(repeating: UInt8(ascii: "x"), count: 100 << 20))
    data.append(Data(",page\n".utf8))
    let big = try temporaryFile("big.csv", data)
    let result = try cibgraph("reach", "--nodes", big)
    #expect(result.status == 65)
    #expect(result.stderr.contains("big.csv:2:3: error: field longer than 1 MiB"))
    try FileManager.default.removeItem(atPath: big)
  }

  @Test func standardInputCanBeADocument() throws {
    let document = try Data(contentsOf: repositoryRoot.appendingPathComponent(Self.primary2020))
    let result = try cibgraph("reach", "-", stdin: document)
    #expect(result.status == 0)
    #expect(result.stdout.contains("<stdin>"))
    #expect(result.stdout.contains("about 509,000"))
  }
}

/// `render` and `dot` as a user runs them.
@Suite struct DrawingEndToEndTests {
  @Test func renderWritesEachFormatFromTheExtension() throws {
    let out = try temporaryFolder()
    let signatures: [(String, [UInt8])] = [
      ("svg", Array("<?xml".utf8)), ("png", [0x89, 0x50, 0x4E, 0x47]), ("pdf", Array("%PDF".utf8)),
      ("dot", Array("digraph".utf8)),
    ]
    for (format, signature) in signatures {
      let path = out.appendingPathComponent("report.\(format)").path
      let result = try cibgraph("render", "Graphs/meta-2020-08-cib-report.json", "-o", path)
      #expect(result.status == 0, "\(format): \(result.stderr)")
      #expect(result.stdout.isEmpty && result.stderr.isEmpty)
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
      #expect(bytes.starts(with: signature), "\(format)")
    }
    let forced = out.appendingPathComponent("drawing.out").path
    #expect(
      try cibgraph("render", "Graphs/meta-2020-08-cib-report.json", "-o", forced, "--format", "svg")
        .status == 0)
    let svg = try String(contentsOfFile: forced, encoding: .utf8)
    #expect(svg.contains("103 Pages"))
    #expect(svg.contains("followed by about 70,000 accounts"))
    #expect(svg.contains("CLS Strategies"))
  }

  @Test func renderRefusesWhatItCannotDo() throws {
    let out = try temporaryFolder()
    let noExtension = try cibgraph(
      "render", "Graphs/meta-2020-08-cib-report.json", "-o", out.appendingPathComponent("x").path)
    #expect(noExtension.status == 64)
    #expect(noExtension.stderr.contains("cannot tell the format"))

    let unwritable = try cibgraph(
      "render", "Graphs/meta-2020-08-cib-report.json", "-o", "/no/such/folder/x.svg")
    #expect(unwritable.status == 73)
    #expect(unwritable.stderr.contains("no folder /no/such/folder"))

    let target = out.appendingPathComponent("kept.svg").path
    try Data("previous".utf8).write(to: URL(fileURLWithPath: target))
    let missing = try cibgraph("render", "Graphs/nothing.json", "-o", target)
    #expect(missing.status == 66)
    #expect(
      try String(contentsOfFile: target, encoding: .utf8) == "previous",
      "a failed render leaves the old file alone")
  }

  @Test func missingPluginsSayHowToFixThem() throws {
    let empty = try temporaryFolder()
    let out = empty.appendingPathComponent("x.svg").path
    let result = try cibgraph(
      "render", "Graphs/meta-2020-08-cib-report.json", "-o", out,
      environment: ["GVBINDIR": empty.path])
    #expect(result.status == 69)
    #expect(result.stderr.contains("Graphviz has no 'dot' layout"))
    #expect(result.stderr.contains("dot -c"))
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test func dotWritesTheDrawingToStandardOutput() throws {
    let result = try cibgraph(
      "dot", "Graphs/meta-2019-04-india-pakistan.json", "--layout", "sfdp", "--no-legend")
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("digraph \"cibgraph\" {"))
    #expect(result.stdout.contains("layout=\"sfdp\""))
    #expect(!result.stdout.contains("Legend"))
    #expect(
      result.stdout.contains(
        ">24 Pages</FONT><BR/><FONT POINT-SIZE=\"12.0\">followed by about 2.8 million accounts<"))
  }

  @Test func hostileSpreadsheetsRenderToValidSVG() throws {
    let names = [
      "<script>alert(1)</script>", "\"><svg onload=x>", "a\u{1B}[31m\u{202E}b", "&#60;x&#62;",
      "\\N\\G",
    ]
    var nodes = "Id,Label,Kind,Followers\n"
    for (i, name) in names.enumerated() {
      nodes += "n\(i),\(csvQuoted(name)),page,\(i)\n"
    }
    let file = try temporaryFile("hostile.csv", nodes)
    let out = try temporaryFolder().appendingPathComponent("h.svg").path
    let result = try cibgraph("render", "--nodes", file, "-o", out)
    #expect(result.status == 0, "\(result.stderr)")
    let svg = try String(contentsOfFile: out, encoding: .utf8)
    #expect(!svg.contains("<script"))
    #expect(!svg.contains("<svg onload"))
    #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(svg.contains("&amp;#60;x&amp;#62;"), "entities in names are shown, not decoded")
    #expect(svg.contains("a\\e[31m\\u{202E}b"))
    #expect(svg.contains("\\N\\G"))
    #expect(try XMLDocumentCheck.isWellFormed(svg))
  }
}

#if canImport(FoundationXML)
  import FoundationXML
#endif

enum XMLDocumentCheck {
  static func isWellFormed(_ text: String) throws -> Bool {
    XMLParser(data: Data(text.utf8)).parse()
  }
}

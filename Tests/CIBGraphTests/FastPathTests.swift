import CIBGraph
@_spi(Internal) import CIBGraphCore
import CIBGraphTestSupport
import Testing

/// The fast spreadsheet path must find what the simple one finds.
@Suite struct FastPathTests {
  static let names = [
    "plain", "comma, here", "say \"hi\"", "two\nlines", "😀", "=1+1", " pad ", "é",
  ]

  /// A random pair of spreadsheets with quoting, bad rows, duplicates and dangling edges.
  func randomSpreadsheets(seed: UInt64) -> (nodes: String, edges: String) {
    var random = SeededGenerator(seed: seed)
    let count = random.int(in: 0...60)
    var ids: [String] = []
    var nodes =
      random.bool()
      ? "Id,Label,Kind,Followers,Members\n" : "\u{FEFF}kind,id,members,label,followers\r\n"
    let reordered = nodes.hasPrefix("\u{FEFF}")
    for i in 0..<count {
      let id =
        random.int(in: 0..<10) == 0 && !ids.isEmpty
        ? random.element(of: ids)!  // a duplicate
        : "n\(i)"
          + (random.bool() ? " " + random.element(of: Self.names)! : "")
      ids.append(id)
      let kind =
        random.int(in: 0..<12) == 0
        ? "pagee"
        : random.element(of: ["account", "Page", "group", "INSTAGRAM", "organisation"])!
      let followers =
        random.int(in: 0..<12) == 0
        ? "-3" : random.bool() ? "\(random.int(in: 0...999))" : ""
      let members = random.bool() ? " 7 " : ""
      let label = random.element(of: Self.names)!
      let fields =
        reordered
        ? [kind, csvQuoted(id), members, csvQuoted(label), followers]
        : [csvQuoted(id), csvQuoted(label), kind, followers, members]
      switch random.int(in: 0..<15) {
      case 0: nodes += fields.prefix(2).joined(separator: ",") + "\n"  // a short row
      case 1: nodes += fields.joined(separator: ",") + ",\n"  // a trailing comma: a field too many
      case 2:  // a wide row
        nodes += (fields + ["x", csvQuoted("y,z")]).joined(separator: ",") + "\n"
      default: nodes += fields.joined(separator: ",") + (reordered ? "\r\n" : "\n")
      }
    }
    var edges = "Source,Target,Type\n"
    for _ in 0..<random.int(in: 0...80) where !ids.isEmpty {
      let source =
        random.int(in: 0..<10) == 0 ? "ghost" : random.element(of: ids)!
      let target = random.element(of: ids)!
      let type =
        random.int(in: 0..<15) == 0
        ? "follow" : random.element(of: ["administers", "memberOf", "", "linkedTo"])!
      let extra = random.int(in: 0..<20) == 0 ? ",extra" : ""
      edges += "\(csvQuoted(source)),\(csvQuoted(target)),\(type)\(extra)\n"
    }
    return (nodes, edges)
  }

  @Test(arguments: 0..<60)
  func fastAndSimplePathsAgree(seed: Int) throws {
    let (nodes, edges) = randomSpreadsheets(seed: UInt64(seed))
    let input = (nodes: (Array(nodes.utf8), "n.csv"), edges: (Array(edges.utf8), "e.csv"))
    let loaded = try GephiSpreadsheet.load(nodes: input.nodes, edges: input.edges)
    let simpleFindings =
      loaded.findings + Validator.validate(loaded.document, locations: loaded.locations)
    let simple = AssetGraph(documents: [loaded.document])
    let fast = try readGraph(nodes: input.nodes, edges: input.edges)

    #expect(fast.graph.ids == simple.ids)
    #expect(fast.graph.kinds == simple.kinds)
    #expect(fast.graph.names == simple.names)
    #expect(
      fast.graph.nodes.map { fast.graph.followers(of: $0) }
        == simple.nodes.map { simple.followers(of: $0) })
    #expect(
      fast.graph.nodes.map { fast.graph.members(of: $0) }
        == simple.nodes.map { simple.members(of: $0) })
    #expect(fast.graph.edges == simple.edges)
    func errors(_ findings: [Finding]) -> [String] {
      findings.filter { $0.severity == .error && $0.isStructural }
        .map { "\($0.location?.file ?? "?"):\($0.location?.line ?? 0):\($0.location?.column ?? 0)" }
        .sorted()
    }
    #expect(errors(fast.findings) == errors(simpleFindings))
    #expect(ComponentAnalysis(fast.graph).components == ComponentAnalysis(simple).components)
  }
  /// A row with several problems is reported at the same field whichever
  /// command reads it (found by the fuzz tests): `components` reported the
  /// kind or the count, `validate` the id or the label, as each checked the
  /// fields in its own order.
  @Test func aRowWithSeveralProblemsIsLocatedAlikeByBothPaths() throws {
    let nodes =
      Array("Id,Label,Kind,Followers\n".utf8) + [0xC3] + Array(",x,pagee,1\np1,".utf8) + [0xFF]
      + Array(",page,-1\np2,P,page,2\n".utf8)
    let edges = Array("Source,Target,Type\np1,".utf8) + [0xFF, 0xFE] + Array(",page\n".utf8)
    let input = (nodes: (nodes, "n.csv"), edges: (edges, "e.csv"))
    let loaded = try GephiSpreadsheet.load(nodes: input.nodes, edges: input.edges)
    let documentPath =
      loaded.findings + Validator.validate(loaded.document, locations: loaded.locations)
    let graphPath = try readGraph(nodes: input.nodes, edges: input.edges).findings
    func errors(_ findings: [Finding]) -> [String] {
      findings.filter { $0.severity == .error }.map { "\($0.location!) \($0.message)" }.sorted()
    }
    #expect(
      errors(graphPath) == [
        "e.csv:2:4 invalid UTF-8 in a field", "n.csv:2:1 invalid UTF-8 in a field",
        "n.csv:3:4 invalid UTF-8 in a field",
      ])
    #expect(errors(documentPath) == errors(graphPath))
  }

  /// The graph reader says what the validator says of a document: the same
  /// duplicate identifiers and references to nothing, in the same words.
  @Test func theGraphPathWordsRepeatedAndDanglingIdentifiersAsTheValidatorDoes() throws {
    let nodes = Array("Id,Kind\na1,account\np1,page\na1,account\n".utf8)
    let edges = Array(
      "Source,Target,Type\na1,p1,administers\na1,ghost,administers\nnobody,p1,follows\nfirm,p1,attributedTo\n"
        .utf8)
    let input = (nodes: (nodes, "n.csv"), edges: (edges, "e.csv"))
    let loaded = try GephiSpreadsheet.load(nodes: input.nodes, edges: input.edges)
    let documentPath = Validator.validate(loaded.document, locations: loaded.locations)
    let graphPath = try readGraph(nodes: input.nodes, edges: input.edges).findings
    func errors(_ findings: [Finding]) -> [String] {
      findings.filter { $0.severity == .error }.map { "\($0.location!) \($0.code) \($0.message)" }
        .sorted()
    }
    #expect(
      errors(graphPath) == [
        "e.csv:3:4 dangling-reference target \"ghost\" of an administers relation is neither an asset nor an organisation of this document",
        "e.csv:4:1 dangling-reference source \"nobody\" of a follows relation is neither an asset nor an organisation of this document",
        "e.csv:5:1 dangling-reference source \"firm\" of an attributedTo relation is neither an asset nor an organisation of this document",
        "n.csv:4:1 duplicate-id id \"a1\" is defined twice in network \"n\" (first at line 2)",
      ])
    #expect(errors(documentPath) == errors(graphPath))
  }
}

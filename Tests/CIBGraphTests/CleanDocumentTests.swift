import CIBGraph
import CIBGraphSupport
import CIBGraphTestSupport
import Testing

/// `dot` and `render` read clean spreadsheets into a document through the
/// fast reader: whenever that gives a document, it must be the one the
/// careful document path reads, and one the careful path finds no error in
/// (no finding of the reader, no error of `Validator`), so that nothing it
/// would refuse or warn of is drawn in silence.
@Suite struct CleanDocumentTests {
  /// The fast path's document of in-memory files, split as if they were large.
  func cleanDocument(_ nodes: String, _ edges: String?) -> LoadedDocument? {
    let nodeBytes = Array(nodes.utf8)
    let edgeBytes = edges.map { Array($0.utf8) }
    return nodeBytes.withUnsafeBufferPointer { n in
      guard let edgeBytes else {
        return GephiSpreadsheet.cleanDocument(nodes: (n, "dir/n.csv"), edges: nil, split: tinySplit)
      }
      return edgeBytes.withUnsafeBufferPointer { e in
        GephiSpreadsheet.cleanDocument(
          nodes: (n, "dir/n.csv"), edges: (e, "e.csv"), split: tinySplit)
      }
    }
  }

  /// The careful path's document, and its errors: the reader's and `Validator`'s.
  func carefulDocument(_ nodes: String, _ edges: String?) throws -> (NetworkDocument, [Finding]) {
    let loaded = try GephiSpreadsheet.load(
      nodes: (Array(nodes.utf8), "dir/n.csv"), edges: edges.map { (Array($0.utf8), "e.csv") })
    let errors =
      (loaded.findings + Validator.validate(loaded.document, locations: loaded.locations))
      .filter { $0.severity == .error }
    return (loaded.document, errors)
  }

  @Test(arguments: 0..<40)
  func cleanSpreadsheetsGiveTheCarefulDocument(seed: Int) throws {
    let (nodes, edges, _) = ParallelReaderTests().cleanSpreadsheets(
      seed: UInt64(seed), evidence: false)
    let (careful, errors) = try carefulDocument(nodes, edges)
    #expect(errors.isEmpty, "the input is clean")
    let fast = try #require(cleanDocument(nodes, edges), "clean files take the fast path")
    #expect(fast.findings.isEmpty)
    #expect(fast.document == careful)
    #expect(fast.document.networks.map(\.id) == ["n"])
  }

  /// One fault put into clean files: whatever the careful path reports as
  /// an error must send the files to it.
  @Test(arguments: 0..<60)
  func faultyRowsAreLeftToTheCarefulPath(seed: Int) throws {
    let (cleanNodes, cleanEdges, ids) = ParallelReaderTests().cleanSpreadsheets(
      seed: UInt64(seed), evidence: false)
    var random = SeededGenerator(seed: UInt64(seed) + 1000)
    var nodes = cleanNodes
    var edges = cleanEdges
    if !edges.hasSuffix("\n") { edges += "\n" }
    if !nodes.hasSuffix("\n") { nodes += "\n" }
    let id = csvQuoted(random.element(of: ids)!)
    let fault = seed % 6
    switch fault {
    case 0: nodes += "\(id),again,page,,\n"  // an id defined twice
    case 1: edges += "\(id),ghost,follows\n"  // a relation to nothing
    case 2: nodes += "fresh,x,pagee,,\n"  // an unknown kind
    case 3: nodes += "fresh,x,page,-3,\n"  // a negative count
    case 4: edges += "\(id),\(id),likes\n"  // an unknown relation type
    default: edges += "\(id),\(id),follows\n"  // a relation to itself: a warning only
    }
    let (careful, errors) = try carefulDocument(nodes, edges)
    let fast = cleanDocument(nodes, edges)
    if fault < 5 {
      #expect(!errors.isEmpty, "fault \(fault) is an error")
      #expect(fast == nil, "fault \(fault) is left to the careful path")
    } else {
      let fast = try #require(fast, "a warning does not stop the fast path")
      #expect(errors.isEmpty)
      #expect(fast.document == careful)
    }
  }

  @Test(arguments: [
    ("Id,Kind,Network\na,page,n1\n", "Source,Target\na,a\n", "a Network column"),
    ("Id,Kind\na,page\n", "Source,Target,Weight\na,a,2\n", "a Weight column"),
    ("Id,Kind\na,page\n", "Source,Target,evidence\na,a,seen\n", "an Evidence column"),
  ])
  func columnsAGraphDoesNotKeepAreLeftToTheCarefulPath(
    nodes: String, edges: String, why: String
  ) {
    #expect(cleanDocument(nodes, edges) == nil, "\(why)")
    #expect(cleanDocument("Id,Kind\na,page\n", "Source,Target\na,a\n") != nil)
  }

  @Test func nodesAloneMakeOneNetworkOfAssets() throws {
    let nodes = "Id,Label,Kind,Followers,Members\np1,\"Page, one\",page,12,\ng1,,group,,7\n"
    let fast = try #require(cleanDocument(nodes, nil))
    #expect(fast.document == (try carefulDocument(nodes, nil)).0)
    #expect(fast.document.networks.first?.assets.map(\.id) == ["p1", "g1"])
    #expect(fast.document.report.title == "n.csv")
  }
}

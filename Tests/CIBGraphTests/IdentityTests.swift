import CIBGraph
@_spi(Internal) import CIBGraphCore
import CIBGraphTestSupport
import Testing

/// Identifiers are the same when their bytes are, in every reader, the graph
/// and the validator: "café" written with U+00E9 and with e + U+0301 are two
/// assets everywhere, and the validator says they differ only by normalisation.
@Suite struct IdentityTests {
  static let composed = "caf\u{E9}"
  static let decomposed = "cafe\u{301}"

  @Test func theTwoSpellingsAreEqualStringsButTwoIdentifiers() {
    #expect(Self.composed == Self.decomposed, "Swift compares by canonical equivalence")
    #expect(ByteExactID(Self.composed) != ByteExactID(Self.decomposed))
    #expect(Set([ByteExactID(Self.composed), ByteExactID(Self.decomposed)]).count == 2)
    #expect(ByteExactID("p1") == ByteExactID("p1"))
    #expect(Set([ByteExactID("p1"), ByteExactID(String("xp1".dropFirst()))]).count == 1)
    // The Kelvin sign is canonically "K", but another identifier.
    #expect(ByteExactID("\u{212A}") != ByteExactID("K"))
    // A total order: one spelling sorts before the other, and ASCII as usual.
    #expect(ByteExactID(Self.decomposed) < ByteExactID(Self.composed))
    #expect(!(ByteExactID(Self.composed) < ByteExactID(Self.decomposed)))
    #expect(ByteExactID("a") < ByteExactID("ab") && ByteExactID("ab") < ByteExactID("b"))
  }

  static let nodes = """
    Id,Label,Kind,Followers,Members
    \(composed),composed,page,10,
    \(decomposed),decomposed,page,20,
    """
  static let edges = "Source,Target,Type\n\(composed),\(decomposed),linkedTo\n"

  @Test func spreadsheetReadersAndTheValidatorSeeTwoAssets() throws {
    let nodes = (Array(Self.nodes.utf8), "n.csv")
    let edges = (Array(Self.edges.utf8), "e.csv")
    let loaded = try GephiSpreadsheet.load(nodes: nodes, edges: edges)
    let findings =
      loaded.findings + Validator.validate(loaded.document, locations: loaded.locations)
    #expect(!findings.contains { $0.code == "duplicate-id" })
    #expect(!findings.contains { $0.code == "self-relation" }, "the relation links two assets")
    let warning = try #require(findings.first { $0.code == "ids-differ-by-normalization" })
    #expect(warning.severity == .warning && !warning.isStructural)
    #expect(warning.location == SourceLocation(file: "n.csv", line: 3, column: 1))
    #expect(warning.message.contains("U+0065 U+0301 here, U+00E9 there"), "\(warning.message)")
    #expect(warning.message.contains("(line 2)"))
    #expect(findings.count == 1, "\(findings)")

    let fromDocument = AssetGraph(documents: [loaded.document])
    let careful = try SpreadsheetGraphReader.readCarefully(nodes: nodes, edges: edges)
    let fast = try #require(fastGraph(nodes.0, edges.0), "the pair is clean for the fast reader")
    #expect(careful.findings.isEmpty)
    for graph in [fromDocument, careful.graph, fast] {
      #expect(
        graph.ids.map { Array($0.utf8) } == [
          Array(Self.composed.utf8), Array(Self.decomposed.utf8),
        ])
      #expect(graph.edges == [AssetGraph.Edge(source: 0, target: 1, type: .linkedTo)])
      #expect(ComponentAnalysis(graph).components.map(\.size) == [2])
      #expect(graph.nodes.map(graph.followers(of:)) == [10, 20])
    }
  }

  @Test func documentsDrawingsAndExportsSeeTwoAssets() throws {
    let document = try decodeJSON(
      documentJSON(
        networks: """
          [{"id": "n", "name": "N", "assets": [
            {"id": "\(Self.composed)", "kind": "page", "followers": 10},
            {"id": "cafe\\u0301", "kind": "page", "followers": 20}],
           "relations": [{"source": "\(Self.composed)", "target": "\(Self.decomposed)", "type": "linkedTo"}]}]
          """))
    #expect(document.networks[0].assets[1].id.utf8.count == 6, "the escape decodes to e + U+0301")
    let findings = Validator.validate(document)
    #expect(findings.map(\.code) == ["ids-differ-by-normalization"], "\(findings)")
    #expect(
      findings.first { $0.code == "ids-differ-by-normalization" }?.path?.description
        == "networks[0].assets[1].id")

    let graph = AssetGraph(documents: [document])
    #expect(graph.nodeCount == 2 && graph.edgeCount == 1)
    #expect(graph.nodeIndexByID().count == 2)
    let drawing = NetworkDrawing(documents: [document], options: DrawingOptions(legend: false))
    #expect(drawing.nodeCount == 2 && drawing.edgeCount == 1)
    let export = GraphExport(documents: [document])
    #expect(export.graphML().components(separatedBy: "<node ").count == 3)
    #expect(
      export.spreadsheets().nodes.split(separator: "\r\n").count == 3, "a header and two rows")
  }

  @Test func aReferenceSpelledAnotherWayIsDanglingAndTheMessageSaysWhy() throws {
    let document = try decodeJSON(
      documentJSON(
        networks: """
          [{"id": "n", "name": "N", "assets": [{"id": "\(Self.composed)", "kind": "page"},
                                               {"id": "a", "kind": "account"}],
           "relations": [{"source": "a", "target": "\(Self.decomposed)", "type": "administers"}]}]
          """))
    let dangling = try #require(
      Validator.validate(document).first { $0.code == "dangling-reference" })
    #expect(dangling.path?.description == "networks[0].relations[0].target")
    #expect(dangling.message.contains("differs from it only by Unicode normalisation"))
    #expect(AssetGraph(documents: [document]).edgeCount == 0)
  }

  @Test func organisationsAreComparedByTheirBytesToo() throws {
    let document = try decodeJSON(
      documentJSON(
        networks: """
          [{"id": "n", "name": "N", "attribution": {"statement": "s", "organizations": ["\(Self.decomposed)"], "source": "s"}}]
          """,
        organizations: """
          [{"id": "\(Self.composed)", "name": "A"}, {"id": "\(Self.decomposed)", "name": "B"}]
          """))
    let findings = Validator.validate(document)
    #expect(findings.map(\.code) == ["ids-differ-by-normalization"], "\(findings)")
    #expect(findings.first?.path?.description == "organizations[1].id")
    #expect(AssetGraph(documents: [document]).nodeCount == 2)
  }

  @Test func anIdOverOneMebibyteIsAnErrorNotATrap() throws {
    let long = String(repeating: "x", count: CSVTokenizer.maxFieldBytes + 1)
    let document = try decodeJSON(
      documentJSON(
        networks: """
          [{"id": "n", "name": "N", "assets": [{"id": "\(long)", "kind": "page"}, {"id": "p", "kind": "page"}],
            "relations": [{"source": "p", "target": "\(long)", "type": "linkedTo"}]}]
          """,
        organizations: """
          [{"id": "\(long)", "name": "O"}]
          """))
    let findings = Validator.validate(document)
    let errors = findings.filter { $0.severity == .error }
    #expect(errors.map(\.code) == ["id-too-long", "id-too-long", "dangling-reference"])
    #expect(errors.allSatisfy { $0.isStructural })
    #expect(errors[0].path?.description == "organizations[0].id")
    #expect(
      errors[1].message == "an id of 1,048,577 bytes; ids are at most 1 MiB (1,048,576 bytes)")
    #expect(errors[0].message.count < 100 && errors[1].message.count < 100, "not the id itself")
  }

  @Test func audienceRowsNameAssetsByTheirBytes() throws {
    var builder = AssetGraphBuilder()
    builder.addAsset(Asset(id: Self.composed, kind: .page))
    let graph = builder.build()
    let text = "Asset,Account\n\(Self.composed),u1\n\(Self.decomposed),u2\n"
    let fast = try #require(
      Array(text.utf8).withUnsafeBufferPointer {
        FastAudienceReader.read(
          files: [.init(bytes: $0, name: "a.csv", release: nil)], graph: graph)
      })
    var reader = AudienceReader(graph: graph, file: "a.csv")
    try Array(text.utf8).withUnsafeBufferPointer { (buffer) throws(InputError) in
      try reader.consume(buffer)
    }
    let careful = try reader.finish()
    for lists in [fast, careful] {
      #expect(lists.size(of: 0) == 1)
      #expect(lists.report.skipped == [.unknownAsset: 1])
    }
    #expect(fast.report == careful.report)
  }
}

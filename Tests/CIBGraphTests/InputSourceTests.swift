import CIBGraph
@_spi(Internal) import CIBGraphCore
import CIBGraphFormats
import CIBGraphTestSupport
import Foundation
import Testing

/// One entry point per format, whatever the input: a file by path or URL
/// (mapped or read), or bytes in memory, give the same answer, and the
/// fast reader's giving up is the library's business, not the caller's.
@Suite struct InputSourceTests {
  /// A file holding `text` in a fresh folder, as a path and as a URL.
  func temporaryFile(_ name: String, _ text: String) throws -> URL {
    let folder = try temporaryFolder()
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
  }

  /// The same input, three ways.
  func sources(_ name: String, _ text: String) throws -> [InputSource] {
    let url = try temporaryFile(name, text)
    return [.path(url.path), .url(url), .bytes(Array(text.utf8), name: url.path)]
  }

  @Test func documentsReadAlikeFromAPathAURLAndBytes() throws {
    let text = try String(
      contentsOf: repositoryRoot.appendingPathComponent("Graphs/seed-000-ispr-article.json"),
      encoding: .utf8)
    let read = try sources("doc.json", text).map { try NetworkDocument.read($0) }
    #expect(read.allSatisfy { $0.document == read[0].document && $0.findings.isEmpty })
    let findings = read.map { Validator.validate($0.document, locations: $0.locations) }
    #expect(findings.allSatisfy { $0 == findings[0] } && findings[0].first?.location?.line == 42)
  }

  @Test(arguments: [
    // Clean: the fast reader reads them.
    ("Id,Kind\na,page\nb,group\n", "Source,Target\na,b\n", 0),
    // A dangling reference: the careful reader reads them again and says where.
    ("Id,Kind\na,page\nb,group\n", "Source,Target\na,b\na,c\n", 1),
    // Broken quoting in the nodes: refused, with the line and column.
    ("Id,Kind\n\"a,page\n", "Source,Target\n", -1),
  ])
  func spreadsheetsReadAlikeFromAPathAURLAndBytes(nodes: String, edges: String, errors: Int)
    throws
  {
    let nodeSources = try sources("nodes.csv", nodes)
    let edgeSources = try sources("edges.csv", edges)
    var graphs: [LoadedGraph] = []
    var refusals: [InputError] = []
    for (nodeSource, edgeSource) in zip(nodeSources, edgeSources) {
      do {
        graphs.append(try GephiSpreadsheet.readGraph(nodes: nodeSource, edges: edgeSource))
      } catch {
        refusals.append(error)
      }
    }
    if errors < 0 {
      #expect(refusals.count == 3 && refusals.allSatisfy { $0 == refusals[0] })
      #expect(refusals.first?.location.line == 2 && refusals.first?.location.column == 1)
      return
    }
    #expect(graphs.count == 3)
    #expect(graphs.allSatisfy { $0.graph.ids == graphs[0].graph.ids })
    #expect(graphs.allSatisfy { $0.graph.edges == graphs[0].graph.edges })
    #expect(graphs.allSatisfy { $0.findings == graphs[0].findings })
    #expect(graphs[0].findings.filter { $0.severity == .error }.count == errors)
    let documents = try zip(nodeSources, edgeSources).map {
      try GephiSpreadsheet.readDocument(nodes: $0, edges: $1)
    }
    #expect(documents.allSatisfy { $0.document == documents[0].document })
  }

  @Test func audiencesAndActivityReadAlikeFromAPathAURLAndBytes() throws {
    let graph = audienceGraph()
    // Clean, then with a quote the fast reader leaves to the careful one.
    for text in ["Asset,Account\np0,u1\np1,u2\nnope,u3\n", "Asset,Account\np0,\"u\"\"1\"\np1,u2\n"]
    {
      let lists = try sources("audience.csv", text).map {
        try AudienceReader.read([$0], graph: graph)
      }
      #expect(lists.allSatisfy { $0.report.rows == lists[0].report.rows })
      #expect(lists.allSatisfy { $0.report.skipped == lists[0].report.skipped })
      #expect(lists.allSatisfy { $0.accountCount == lists[0].accountCount && $0.pairCount == 2 })
      let sketches = try sources("audience.csv", text).map {
        try AudienceReader.estimate([$0], graph: graph, precision: 10)
      }
      #expect(sketches.allSatisfy { $0.report.rows == lists[0].report.rows })
    }
    let activity = "object_id,account_id,content_id,timestamp\no,a,c1,0\no,b,c2,10\n"
    let tables = try sources("activity.csv", activity).map { try ActivityReader($0) }
    #expect(tables.allSatisfy { $0.table.count == 2 && $0.postID(row: 1) == "c2" })
  }

  @Test func aLargeFileIsReadWholeInOrder() throws {
    // Large enough to be read in parts, one per core; every 8 bytes differ,
    // so a part read to the wrong place, or not at all, shows.
    var bytes = [UInt8](repeating: 0, count: 40 << 20 + 13)
    bytes.withUnsafeMutableBytes { raw in
      for offset in stride(from: 0, through: raw.count - 8, by: 8) {
        raw.storeBytes(of: UInt64(offset + 1).littleEndian, toByteOffset: offset, as: UInt64.self)
      }
    }
    let url = try temporaryFolder().appendingPathComponent("large.bin")
    try Data(bytes).write(to: url)
    let read = try InputFile(url.path).readAll(limit: .standard)
    #expect(read.count == bytes.count)
    // Where they first differ, rather than 40 MiB of both printed.
    let firstDifference = (0..<min(read.count, bytes.count)).first { read[$0] != bytes[$0] }
    #expect(firstDifference == nil)
  }

  @Test func inputsOverTheLimitOrEmptyAreRefusedAlike() throws {
    let limit = InputSizeLimit(bytes: 1024, advice: "split it")
    let text = String(repeating: "x", count: 2000)
    for source in try sources("big.json", text) {
      #expect(throws: InputError.self) { try NetworkDocument.read(source, limit: limit) }
      do {
        _ = try GephiSpreadsheet.readGraph(nodes: source, edges: nil, limit: limit)
      } catch {
        #expect(error.kind == .badData)
        #expect(
          error.message
            == "is 2,000 bytes, more than the input limit of 1 KiB (1,024 bytes); not read; split it"
        )
      }
    }
    for source in try sources("empty.json", "") {
      do {
        _ = try NetworkDocument.read(source)
        Issue.record("read an empty input")
      } catch {
        #expect(error.message == "empty file" && error.kind == .badData)
      }
    }
  }

  @Test func namesSayWhatTheyRead() throws {
    #expect(InputSource(argument: "-") == .standardInput)
    #expect(InputSource(argument: "a.csv") == .path("a.csv"))
    #expect(InputSource.standardInput.name == "<stdin>")
    // A path is a file even when it is "-"; only `.standardInput` reads standard input.
    do {
      _ = try NetworkDocument.read(.path("-"))
      Issue.record("read a file named -")
    } catch {
      #expect(error.kind == .missingInput && error.location.file == "-")
    }
    do {
      _ = try NetworkDocument.read(.url(URL(string: "https://example.com/network.json")!))
      Issue.record("read a web address")
    } catch {
      #expect(error.kind == .missingInput)
      #expect(error.message == "only file URLs are read, not https")
    }
  }
}

import CIBGraph
@_spi(Internal) import CIBGraphCore
import CIBGraphTestSupport
import Foundation
import Testing

/// Every CSV reader treats a row with more fields than its header as it
/// treats one with fewer: reported with the place of its first extra field,
/// counted, left out. A trailing comma ends with an empty field (RFC 4180),
/// so it is an extra field too. A row of a million fields is read in linear
/// time, keeping no more of them than the header has.
@Suite struct FieldCountTests {
  /// `row` followed by `extra` empty fields.
  static func widened(_ row: String, by extra: Int) -> String {
    row + String(repeating: ",", count: extra)
  }

  static let million = 1_000_000

  func located(_ findings: [Finding]) -> [String] {
    findings.map {
      "\($0.location?.file ?? "?"):\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.message)"
    }
  }

  @Test func spreadsheetRowsWiderOrNarrowerThanTheHeaderAreBadRows() throws {
    let nodes = (
      Array(
        """
        Id,Label,Kind,Followers,Members
        p1,ok,page,10,
        p2,one more,page,1,,x
        p3,trailing comma,page,2,,
        p4,short,page
        p5,ok,page,3,

        """.utf8), "n.csv"
    )
    let edges = (
      Array("Source,Target,Type\np1,p5,linkedTo\np1,p5,linkedTo,\"extra, quoted\"\np5,p1\n".utf8),
      "e.csv"
    )
    let expected = [
      "n.csv:3:21 row has 6 field(s); the header has 5",
      "n.csv:4:27 row has 6 field(s); the header has 5",
      "n.csv:5:1 row has 3 field(s); the header has 5",
      "e.csv:3:16 row has 4 field(s); the header has 3",
      "e.csv:4:1 row has 2 field(s); the header has 3",
    ]
    let loaded = try GephiSpreadsheet.load(nodes: nodes, edges: edges)
    #expect(located(loaded.findings) == expected)
    #expect(loaded.findings.allSatisfy { $0.code == "bad-row" && $0.isStructural })
    #expect(loaded.document.networks[0].assets.map(\.id) == ["p1", "p5"])
    #expect(loaded.document.networks[0].relations.count == 1)

    #expect(fastGraph(nodes.0, edges.0) == nil, "left to the careful reader")
    #expect(fastGraph(nodes.0, nil) == nil)
    let read = try readGraph(nodes: nodes, edges: edges)
    #expect(located(read.findings) == expected)
    #expect(Array(read.graph.ids) == ["p1", "p5"])
    #expect(read.graph.edgeCount == 1)
  }

  @Test func aSpreadsheetRowOfAMillionFieldsIsOneBadRow() throws {
    let nodes = (
      Array(
        ("Id,Kind\np1,page\n" + Self.widened("p2,page", by: Self.million) + "\np3,page\n").utf8),
      "n.csv"
    )
    let edges = (
      Array(("Source,Target\np1,p3\n" + Self.widened("p3,p1", by: Self.million)).utf8), "e.csv"
    )
    let clock = ContinuousClock()
    let start = clock.now
    let loaded = try GephiSpreadsheet.load(nodes: nodes, edges: edges)
    let read = try readGraph(nodes: nodes, edges: edges)
    #expect(clock.now - start < .seconds(20), "linear in the row, not quadratic")
    let expected = [
      "n.csv:3:9 row has 1,000,002 field(s); the header has 2",
      "e.csv:3:7 row has 1,000,002 field(s); the header has 2",
    ]
    #expect(located(loaded.findings) == expected)
    #expect(located(read.findings) == expected)
    #expect(Array(read.graph.ids) == ["p1", "p3"] && read.graph.edgeCount == 1)
  }

  @Test func aHeaderOfAMillionColumnsIsReadAndNamedShortly() throws {
    let wide = "Id,Kind" + String(repeating: ",x", count: Self.million)
    let row = Self.widened("p1,page", by: Self.million)
    let read = try readGraph(
      nodes: (Array((wide + "\n" + row + "\n" + "p2,page\n").utf8), "n.csv"), edges: nil)
    #expect(Array(read.graph.ids) == ["p1"])
    #expect(located(read.findings) == ["n.csv:3:1 row has 2 field(s); the header has 1,000,002"])
    do {
      _ = try spreadsheet(nodes: "Id,Label" + String(repeating: ",x", count: Self.million) + "\n")
      Issue.record("a header without Kind was read")
    } catch {
      #expect(
        error.message.contains("found: Id, Label, x, x, x, x, x, x, x, x, … 1,000,002 columns"))
      #expect(error.message.count < 300)
    }
  }

  @Test func audienceRowsOfTheWrongWidthAreCountedAndLocatedByBothReaders() throws {
    let graph = audienceGraph()
    let text =
      "Asset,Account\np0,u1\np0,u2,x\np1,u3,\np2\n" + Self.widened("p1,u4", by: Self.million)
      + "\ng0,u5\n"
    let bytes = Array(text.utf8)
    let fast = try #require(
      bytes.withUnsafeBufferPointer {
        FastAudienceReader.read(
          files: [.init(bytes: $0, name: "audience.csv", release: nil)], graph: graph,
          split: tinySplit)
      })
    var reader = AudienceReader(graph: graph, file: "audience.csv")
    try bytes.withUnsafeBufferPointer { (buffer) throws(InputError) in try reader.consume(buffer) }
    let careful = try reader.finish()
    for lists in [fast, careful] {
      #expect(lists.report.rows == 6)
      #expect(lists.report.skipped == [.extraFields: 3, .missingFields: 1])
      #expect(
        located(lists.report.examples) == [
          "audience.csv:3:7 row left out: the row has more fields than the header",
          "audience.csv:4:7 row left out: the row has more fields than the header",
          "audience.csv:5:1 row left out: the row has fewer fields than the header",
          "audience.csv:6:7 row left out: the row has more fields than the header",
        ])
      #expect(lists.size(of: 0) == 1 && lists.size(of: 3) == 1 && lists.pairCount == 2)
    }
    #expect(fast.report == careful.report)
  }

  @Test func anAudienceHeaderOfAMillionColumnsIsReadAndNamedShortly() throws {
    let graph = audienceGraph()
    let wide = "Asset,Account" + String(repeating: ",x", count: Self.million)
    let lists = try readAudience(
      wide + "\n" + Self.widened("p0,u1", by: Self.million) + "\np0,u2\n", graph: graph)
    #expect(lists.size(of: 0) == 1)
    #expect(lists.report.skipped == [.missingFields: 1])
    do {
      _ = try readAudience(
        "Asset,Owner" + String(repeating: ",x", count: Self.million), graph: graph)
      Issue.record("a header without Account was read")
    } catch {
      #expect(error.message.contains("(found: Asset, Owner, x, x, x, x, x, x, x, x, … 1,000,002"))
      #expect(error.message.count < 300)
    }
  }

  @Test func activityRowsOfTheWrongWidthAreCountedAndLocated() throws {
    let csv =
      "object_id,account_id,content_id,timestamp\nu1,a,p1,0\nu1,b,p2,0,x\nu1,c,p3,0,\nu1,d\n"
      + Self.widened("u1,e,p5,0", by: Self.million) + "\nu1,f,p6,5\n"
    let reader = try ActivityReader(bytes: Array(csv.utf8), file: "a.csv")
    #expect(reader.report.rows == 6)
    #expect(reader.table.count == 2)
    #expect(reader.report.skipped == [.extraFields: 3, .missingFields: 1])
    #expect(
      located(reader.report.examples) == [
        "a.csv:3:11 row left out: the row has more fields than the header (5 of 4)",
        "a.csv:4:11 row left out: the row has more fields than the header (5 of 4)",
        "a.csv:5:4 row left out: the row has fewer fields than the header (2 of 4)",
        "a.csv:6:11 row left out: the row has more fields than the header (1,000,004 of 4)",
      ])
    let wide = try ActivityReader(
      bytes: Array(
        ("object_id,account_id,content_id,timestamp" + String(repeating: ",x", count: Self.million)
          + "\n" + Self.widened("u1,a,p1,0", by: Self.million) + "\n").utf8), file: "w.csv")
    #expect(wide.table.count == 1, "a header of any width")
  }
}

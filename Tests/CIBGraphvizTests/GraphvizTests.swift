import CIBGraph
import CIBGraphSupport
import CIBGraphTestSupport
import CIBGraphviz
import Foundation
import Testing

/// Names an adversary would choose.
let hostileNames = [
  "Quote \" and backslash \\ and \\N \\G \\L",
  "<script>alert(1)</script>",
  "\"><svg onload=alert(1)>",
  "' onmouseover='alert(1)",
  "&lt;b&gt;entity&amp; &#60;script&#62;",
  "line\nbreak\r\nand\ttab",
  "\u{1B}[2J ansi",
  "right-to-left \u{202E}txt.exe",
  "emoji 😀👩‍👩‍👧 中文 עברית",
  "nul \u{0} bell \u{7} del \u{7F}",
  "]]> <![CDATA[x]]>",
  String(repeating: "long", count: 5_000),
]

func hostileDocument() -> NetworkDocument {
  var network = Network(id: "hostile", name: hostileNames[1])
  network.assets = hostileNames.enumerated().map { (i: Int, name: String) in
    Asset(id: name, kind: AssetKind.platformAssets[i % 4], name: name, followers: i * 100)
  }
  network.relations = zip(hostileNames, hostileNames.dropFirst()).map {
    Relation(source: $0, target: $1, type: .linkedTo, evidence: $0)
  }
  network.attribution = Attribution(statement: hostileNames[2], organizations: [hostileNames[0]])
  return NetworkDocument(
    report: Report(title: hostileNames[3], publisher: hostileNames[4], url: hostileNames[2]),
    organizations: [Organization(id: hostileNames[0], name: hostileNames[5])],
    networks: [network])
}

@Suite(.serialized) struct GraphvizTests {
  @Test func theLayoutsAndFormatsWeNeedAreInstalled() {
    let available = Graphviz.availability()
    for engine in [LayoutEngine.dot, .sfdp, .neato, .fdp] {
      #expect(
        available.layouts[engine] == true,
        "Graphviz's \(engine.rawValue) layout is missing: install libgraphviz-dev, then run `dot -c` or `libgvc6-config-update -c` as root"
      )
    }
    for format in RenderFormat.allCases {
      #expect(
        available.formats[format] == true,
        "Graphviz cannot write \(format.rawValue): its render plugins are missing")
    }
  }

  @Test(arguments: ["meta-2019-04-india-pakistan.json", "meta-2020-08-cib-report.json"])
  func aReportRendersToSVGWithEveryNodeAndEdge(name: String) throws {
    let drawing = NetworkDrawing(documents: [try graphsDocument(name)])
    let bytes = try Graphviz.render(drawing, format: .svg)
    let (svg, error) = SVGReader.read(bytes)
    let reader = try #require(svg, "not XML: \(error ?? "")")
    // The legend is a sample node per kind over a table.
    #expect(drawing.dot.contains("\"legend\" [shape=\"plaintext\""))
    let samples = drawing.dot.split(separator: "\n").count {
      $0.contains("\"legend_kind_") && $0.contains(" [label=")
    }
    #expect(samples == 5, "four kinds of asset and the organisation")
    #expect(reader.nodeGroups == drawing.nodeCount + 1 + samples)
    #expect(reader.edgeGroups == drawing.edgeCount)
    #expect(reader.elements.first?.name == "svg")
    let text = reader.texts.joined(separator: "\n")
    // Clusters: one per network, nothing inside but nodes.
    #expect(
      reader.elements.filter { $0.attributes["class"] == "cluster" }.count
        == drawing.dot.components(separatedBy: "subgraph \"cluster_").count - 1)
    for entry in ["Facebook Page", "organisation", "attributed to", "10 million"] {
      #expect(text.contains(entry), "legend: \(entry)")
    }
    if name.hasPrefix("meta-2019") {
      #expect(text.contains("24 Pages"))
      #expect(text.contains("followed by about 2.8 million accounts"))
      #expect(text.contains("Inter-Service Public Relations\n(ISPR)\nPakistan"))
      #expect(text.contains("Between about 2.8 and 2.81 million accounts"))
    } else {
      #expect(text.contains("103 Pages"))
      #expect(text.contains("followed by less than 11,000 accounts"))
      #expect(text.contains("Between about 1.1 and 1.18 million accounts"))
    }
    #expect(!text.contains("≥1"))
  }

  @Test func theSeedArticlesTotalIsFlaggedInTheSVG() throws {
    let drawing = NetworkDrawing(documents: [try graphsDocument("seed-000-ispr-article.json")])
    let (svg, error) = SVGReader.read(try Graphviz.render(drawing, format: .svg))
    let reader = try #require(svg, "not XML: \(error ?? "")")
    let flagged = reader.elements.filter {
      $0.name == "text"
        && $0.attributes["fill"]?.lowercased() == DrawingStyle.warningColor.lowercased()
    }
    #expect(!flagged.isEmpty, "the total's warning is drawn in the warning colour")
    #expect(reader.texts.joined(separator: " ").contains("⚠ Reported total: 103"))
    #expect(reader.texts.joined(separator: " ").contains("add up to 53"))
  }

  @Test(arguments: [LayoutEngine.dot, .sfdp, .neato, .fdp, .circo, .twopi])
  func hostileNamesRenderAsTextNeverAsMarkup(layout: LayoutEngine) throws {
    let drawing = NetworkDrawing(
      documents: [hostileDocument()], options: DrawingOptions(layout: layout))
    let bytes = try Graphviz.render(drawing, format: .svg)
    let (svg, error) = SVGReader.read(bytes)
    let reader = try #require(svg, "the SVG is not well-formed XML: \(error ?? "")")

    let allowedElements: Set = [
      "svg", "g", "title", "text", "path", "polygon", "ellipse", "polyline", "a", "defs",
    ]
    let unexpected = Set(reader.elements.map(\.name)).subtracting(allowedElements)
    #expect(unexpected.isEmpty, "elements from the data: \(unexpected)")
    let allowedAttributes: Set = [
      "width", "height", "viewBox", "xmlns", "xmlns:xlink", "id", "class", "transform", "fill",
      "stroke",
      "points", "d", "cx", "cy", "rx", "ry", "x", "y", "text-anchor", "font-family", "font-size",
      "stroke-width", "stroke-dasharray", "xlink:title", "xlink:href", "font-weight", "font-style",
      "target", "fill-opacity", "stroke-opacity",
    ]
    let attributes = Set(reader.elements.flatMap(\.attributes.keys))
    #expect(
      attributes.subtracting(allowedAttributes).isEmpty,
      "\(attributes.subtracting(allowedAttributes))")
    #expect(!String(decoding: bytes, as: UTF8.self).contains("<script"))

    let text = reader.texts.joined(separator: "\n")
    for name in hostileNames.dropLast() {
      #expect(text.contains(VisibleText.safe(name, limit: 48)), "\(VisibleText.safe(name))")
    }
    #expect(
      text.contains(String(repeating: "long", count: 11) + "lon…"),
      "long names are cut with an ellipsis")
  }

  @Test func badDOTIsATypedErrorAndTheNextRenderStillWorks() throws {
    for bad in [
      "digraph { a -> ", "not dot at all", "digraph { a [label=\"x] }",
      "graph { a -- b } garbage {",
    ] {
      // Graphviz reads the first graph of a text and ignores what follows it.
      if !bad.contains("garbage") {
        #expect {
          try Graphviz.render(dot: bad, layout: .dot, format: .svg)
        } throws: { error in
          guard let error = error as? GraphvizError else { return false }
          return error.stage == .parse && error.message.contains("syntax error")
        }
      } else {
        _ = try? Graphviz.render(dot: bad, layout: .dot, format: .svg)
      }
      let good = try Graphviz.render(dot: "digraph { ok -> fine }", layout: .dot, format: .svg)
      let reader = try #require(SVGReader.read(good).svg)
      #expect(reader.nodeGroups == 2, "the lexer was reset after \(bad)")
    }
  }

  @Test func everyFormatHasItsSignature() throws {
    let dot = "digraph { a -> b }"
    #expect(
      try Graphviz.render(dot: dot, layout: .dot, format: .png).starts(with: [
        0x89, 0x50, 0x4E, 0x47,
      ]))
    #expect(
      try Graphviz.render(dot: dot, layout: .dot, format: .pdf).starts(with: Array("%PDF".utf8)))
    #expect(
      String(decoding: try Graphviz.render(dot: dot, layout: .dot, format: .dot), as: UTF8.self)
        .contains("pos="))
  }

  @Test func concurrentRendersFromManyTasksAllSucceed() async throws {
    let drawing = NetworkDrawing(documents: [try graphsDocument("meta-2020-08-cib-report.json")])
    let expected = try Graphviz.render(drawing, format: .svg)
    let results = try await withThrowingTaskGroup(of: [UInt8].self) { group in
      for i in 0..<16 {
        group.addTask {
          i % 4 == 3
            ? try Graphviz.render(dot: "digraph { x -> y }", layout: .sfdp, format: .svg)
            : try Graphviz.render(drawing, format: .svg)
        }
      }
      var all: [[UInt8]] = []
      for try await result in group { all.append(result) }
      return all
    }
    #expect(results.count == 16)
    // Within one process Graphviz numbers clusters with a running counter and
    // orders subgraphs by the address of their names, so repeated renders can
    // differ in ids and cluster order; what is drawn must not.
    func content(_ svg: [UInt8]) -> [String]? {
      guard let reader = SVGReader.read(svg).svg else { return nil }
      return reader.texts.sorted() + ["nodes \(reader.nodeGroups)", "edges \(reader.edgeGroups)"]
    }
    let same = results.filter { content($0) != nil && content($0) == content(expected) }.count
    #expect(same == 12, "the same drawing draws the same, whoever asks")
  }

  /// A report drawing's shape (clusters of reported counts, organisations,
  /// labelled edges) in plain labels. The drawings' own DOT would hide a leak
  /// of ours: Graphviz 2.42 keeps memory of every layout with an HTML-like
  /// label (measured here: 4.7 MB over 300 renders of a report drawing) or
  /// with an edge inside a cluster (6.9 MB over 300 renders of three
  /// clusters of four nodes chained by invisible edges). `render` lays out
  /// in a child process per drawing, so the CLI never accumulates it.
  static let plainReportDOT: String = {
    var dot =
      "digraph g {\n graph [rankdir=\"LR\", compound=\"true\", newrank=\"true\", label=\"Title\\nbyline\"]\n"
    for network in 0..<3 {
      dot +=
        " subgraph \"cluster_\(network)\" {\n  graph [label=\"Network \(network)\\lorigin: Pakistan\\lBetween about 2.8 and 2.81 million\\l\"]\n"
      for cohort in 0..<4 {
        dot +=
          "  \"c\(network)_\(cohort)\" [shape=\"box\", style=\"dashed\", label=\"\(cohort * 7) Pages\\nfollowed by about 2.8 million accounts\"]\n"
      }
      dot +=
        " }\n \"org\(network)\" [shape=\"house\", label=\"Organisation \(network)\\nPakistan\"]\n"
      dot +=
        " \"c\(network)_3\" -> \"org\(network)\" [label=\"attributed to\", ltail=\"cluster_\(network)\"]\n"
    }
    return dot + "}\n"
  }()

  @Test func manyRendersDoNotGrowMemory() throws {
    let dot = Self.plainReportDOT
    func residentKilobytes() -> Int {
      let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
      let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
      return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
    // Warm up: fonts, plugins.
    for _ in 0..<20 { _ = try Graphviz.render(dot: dot, layout: .dot, format: .svg) }
    // Other tests run in this process at the same time and move its resident
    // size too; a leak grows it in every round, so the smallest round counts.
    var growths: [Int] = []
    for _ in 0..<3 {
      let before = residentKilobytes()
      for _ in 0..<300 { _ = try Graphviz.render(dot: dot, layout: .dot, format: .svg) }
      growths.append(residentKilobytes() - before)
    }
    let growth = growths.min() ?? 0
    // A leak of the layout alone (no gvFreeLayout) is about 50 KB a graph: 15 MB here.
    #expect(growth < 4_000, "resident memory grew by \(growths) KB in rounds of 300 renders")
  }
}

import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

@testable import CIBGraphDrawing

@Suite struct DOTTextTests {
  @Test func quotingSurvivesAnyString() {
    #expect(DOTText.quoted("plain") == "\"plain\"")
    #expect(DOTText.quoted("say \"hi\"") == #""say \"hi\"""#)
    #expect(DOTText.quoted(#"back\slash \N"#) == #""back\\slash \\N""#)
    #expect(
      DOTText.quoted("line\nbreak") == #""line\\nbreak""#, "a newline in data is shown, not obeyed")
    #expect(DOTText.quoted("\u{1B}[31m") == #""\\e[31m""#)
    #expect(DOTText.quoted("rtl \u{202E}x") == #""rtl \\u{202E}x""#)
    #expect(DOTText.quoted("<script>") == "\"<script>\"")
    #expect(DOTText.quoted(lines: ["a", "b"]) == #""a\nb""#)
    // A quote or backslash with a combining mark on it is one character that
    // is not equal to `"` or `\`; its quote would end the string unescaped.
    #expect(DOTText.quoted("a\"\u{301}];x") == "\"a\\\"\u{301}];x\"")
    #expect(DOTText.quoted("a\\\u{301}") == "\"a\\\\\u{301}\"")
    #expect(DOTText.htmlText("<\u{301}b>\"\u{301}") == "&lt;\u{301}b&gt;&quot;\u{301}")
    #expect(DOTText.quoted(lines: ["a", "b"], justification: .left) == #""a\lb\l""#)
  }

  @Test func longStringsStayUnderGraphvizsLimit() {
    for piece in ["x", "\"", "\\", "é", "😀", "\u{202E}"] {
      let quoted = DOTText.quoted(String(repeating: piece, count: 20_000))
      #expect(quoted.utf8.count <= DOTText.maxQuotedBytes)
      #expect(quoted.hasSuffix("…\""))
      let body = quoted.dropFirst().dropLast(2)  // without the quotes and the ellipsis
      let trailingBackslashes = body.reversed().prefix { $0 == "\\" }.count
      #expect(trailingBackslashes % 2 == 0, "never cut inside an escape")
    }
    #expect(!DOTText.quoted(String(repeating: "x", count: 100)).contains("…"))
  }

  /// A line that copies whole is written exactly as escaping it character
  /// by character writes it: random text from all of Unicode, controls,
  /// bidirectional marks, bytes that are not UTF-8 (decoded as U+FFFD),
  /// quotes and backslashes with combining marks after them, lines long
  /// enough to be cut.
  @Test func fastPathWritesWhatTheCarefulPathWrites() {
    var random = SeededGenerator(seed: 17)
    let pieces: [String] = [
      "a", "Z", " ", "·", "é", "e\u{301}", "\"", "\"\u{301}", "\\", "\\\u{301}", "&", "&amp;",
      "<", ">", "\n", "\r", "\t", "\u{1B}", "\u{7F}", "\u{85}", "\u{9F}", "\u{A0}", "\u{061C}",
      "\u{200B}", "\u{200E}", "\u{2028}", "\u{202E}", "\u{2066}", "\u{FEFF}", "\u{FFF9}",
      "\u{FFFD}", "\u{FFFF}", "😀", "👩‍👩‍👧", "🇫🇷", "…", "\u{037E}", "\u{212A}", "\u{1FEF}",
      "ب", "漢",
    ]
    func randomLine() -> String {
      switch random.below(4) {
      case 0:
        // Any scalar at all.
        var line = ""
        for _ in 0..<random.below(24) {
          let value = UInt32(random.below(0x11_0000))
          line.unicodeScalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return line
      case 1:
        // Bytes that need not be UTF-8.
        let bytes = (0..<random.below(24)).map { _ in UInt8(random.below(256)) }
        return String(decoding: bytes, as: UTF8.self)
      case 2:
        // Long enough to reach the budget.
        let piece = pieces[random.below(pieces.count)]
        return String(repeating: "x", count: random.below(16_000)) + piece
      default:
        return (0..<random.below(16)).map { _ in pieces[random.below(pieces.count)] }.joined()
      }
    }
    for round in 0..<1_000 {
      let lines = (0..<1 + random.below(3)).map { _ in randomLine() }
      for justification in [DOTText.Justification.center, .left] {
        var fast: [UInt8] = []
        var careful: [UInt8] = []
        DOTText.write(lines: lines, justification: justification, to: &fast)
        DOTText.write(lines: lines, justification: justification, to: &careful, fastPath: false)
        #expect(fast == careful, "round \(round): \(lines.map { Array($0.unicodeScalars) })")
        #expect(fast.count <= DOTText.maxQuotedBytes)
      }
    }
  }
}

@Suite struct NetworkDrawingTests {
  static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden")

  /// Compares with a committed file; `CIBGRAPH_UPDATE_GOLDEN=1 swift test` rewrites it.
  func expectGolden(_ text: String, _ name: String) throws {
    let url = Self.goldenFolder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["CIBGRAPH_UPDATE_GOLDEN"] == "1" {
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    #expect(
      text == golden,
      "DOT differs from Golden/\(name); look at the diff, then update it if intended")
  }

  /// A small itemized network with every kind and relation, hostile names included.
  static func itemized() -> NetworkDocument {
    var network = Network(id: "n", name: "Itemized \"network\"", origins: ["Nowhere"])
    network.reported.counts[.account] = ReportedFigure(3, source: "s")
    network.reported.audiences[.page] = ReportedFigure(1_000, .about, source: "s")
    network.assets = [
      Asset(id: "a1", kind: .account, name: "Operator \\N one"),
      Asset(id: "p1", kind: .page, name: "<script>alert(1)</script>", followers: 900),
      Asset(id: "g1", kind: .group, name: "Group\nwith break", members: 50),
      Asset(id: "i1", kind: .instagram, name: "\u{202E}txt.exe", followers: 10),
    ]
    network.relations = [
      Relation(source: "a1", target: "p1", type: .administers, evidence: "shared admin \"X\""),
      Relation(source: "a1", target: "g1", type: .memberOf),
      Relation(source: "i1", target: "p1", type: .follows),
      Relation(source: "p1", target: "org", type: .attributedTo),
      Relation(source: "g1", target: "i1", type: .linkedTo),
    ]
    network.attribution = Attribution(
      statement: "linked to \"Org\"", organizations: ["org"], source: "s")
    return NetworkDocument(
      report: Report(title: "Test report", publisher: "Tester", published: PartialDate("2024-01")),
      organizations: [
        Organization(id: "org", name: "Org", partOf: "parent"),
        Organization(id: "parent", name: "Parent"),
      ],
      networks: [network])
  }

  @Test func reportDrawingsMatchTheirGoldenFiles() throws {
    let document = try graphsDocument("meta-2019-04-india-pakistan.json")
    try expectGolden(NetworkDrawing(documents: [document]).dot, "meta-2019-04.dot")
    try expectGolden(NetworkDrawing(documents: [Self.itemized()]).dot, "itemized.dot")
    try expectGolden(
      NetworkDrawing(
        documents: [Self.itemized()], options: DrawingOptions(layout: .sfdp, legend: false)
      ).dot,
      "itemized-sfdp.dot")
  }

  @Test func cohortsAndCardsSayTheFiguresInPlainWords() throws {
    let drawing = NetworkDrawing(documents: [try graphsDocument("meta-2020-08-cib-report.json")])
    for label in [
      "453 Facebook accounts", "103 Pages", "followed by about 70,000 accounts", "78 Groups",
      "joined by about 1.1 million accounts", "followed by less than 11,000 accounts",
      "About 14,000 accounts followed its Pages.",
      "August 2020 Coordinated Inauthentic Behavior Report",
      "Facebook, 2020-09-01 · https://about.fb.com/news/2020/09/august-2020-cib-report/",
    ] {
      #expect(drawing.dot.contains(">\(label)<"), "\(label)")
    }
    #expect(!drawing.dot.contains("≥1"), "no jargon")
    // The network-wide bounds, wrapped over lines of the card.
    let card = drawing.dot.replacingOccurrences(of: "</B><BR/><B>", with: " ")
    #expect(
      card.contains(
        "Between about 1.1 and 1.18 million accounts followed or joined at least one of its Pages, Groups or Instagram accounts."
      ))
    #expect(drawing.layout == .dot)
    #expect(drawing.nodeCount == 2 + 4 + 2 + 3, "two organisations and nine cohorts")
    #expect(drawing.edgeCount == 2, "two attributions")
  }

  @Test func figuresInWordsKeepTheirHedges() throws {
    #expect(FigureWords.number(1_100_000, rounding: true) == "1.1 million")
    #expect(FigureWords.number(1_181_000, rounding: true) == "1.18 million")
    #expect(
      FigureWords.number(1_181_000, rounding: false) == "1.181 million", "exact: nothing lost")
    #expect(FigureWords.number(1_181_500, rounding: false) == "1,181,500", "a digit would be lost")
    #expect(FigureWords.number(2_000_000, rounding: false) == "2 million")
    #expect(FigureWords.number(70_000, rounding: true) == "70,000")
    #expect(FigureWords.number(3_600_000_000, rounding: true) == "3.6 billion")
    #expect(FigureWords.number(4_500_000_000_000, rounding: true) == "4,500 billion")
    #expect(
      FigureWords.number(Int.max, rounding: true).hasSuffix(" billion"), "no crash at the top")
    #expect(FigureWords.number(Int.min, rounding: true).hasPrefix("-"))
    #expect(FigureWords.figure(ReportedFigure(211, .hedgeUnknown)) == "211?")
    #expect(FigureWords.figure(ReportedFigure(11_000, .lessThan)) == "less than 11,000")
    #expect(FigureWords.figure(.notGiven()) == nil)
    var audiences = PerKind<ReportedFigure>()
    audiences[.page] = ReportedFigure(1_100_000, .about)
    audiences[.group] = ReportedFigure(70_000, .about)
    audiences[.instagram] = ReportedFigure(11_000, .about)
    let bounds = try #require(AudienceBounds(audiences: audiences))
    #expect(
      FigureWords.uniqueAudience(bounds)
        == "Between about 1.1 and 1.18 million accounts followed or joined at least one of its Pages, Groups or Instagram accounts."
    )
    audiences[.group] = .notGiven()
    let open = try #require(AudienceBounds(audiences: audiences))
    #expect(
      FigureWords.uniqueAudience(open)
        == "At least about 1.1 million accounts followed or joined at least one of its Pages, Groups or Instagram accounts (no upper bound: the Groups' audience is not given)."
    )
  }

  @Test func aTotalThatDoesNotAddUpIsFlagged() throws {
    let dot = NetworkDrawing(documents: [try graphsDocument("seed-000-ispr-article.json")]).dot
    #expect(dot.contains("⚠ Reported total: 103"))
    #expect(dot.contains("add up to 53"))
    #expect(dot.contains("COLOR=\"\(DrawingStyle.warningColor)\""))
    let agreeing = NetworkDrawing(documents: [
      try graphsDocument("meta-2019-04-india-pakistan.json")
    ]).dot
    #expect(agreeing.contains("Reported total: 103, counting"))
    #expect(!agreeing.contains("⚠"), "103 = 57 + 24 + 7 + 15 there")
  }

  @Test func theLegendShowsOnlyWhatIsDrawn() throws {
    let x = NetworkDrawing(
      documents: [try graphsDocument("x-2019-08-information-operations-directed-at-hong-kong.json")]
    ).dot
    let legend = try #require(x.split(separator: "\n").first { $0.contains("\"legend\" [") })
    #expect(x.contains("\"legend_kind_0\" [label=\"X account\", shape=\"ellipse\""))
    #expect(x.contains("\"legend_kind_1\" [label=\"organisation\", shape=\"house\""))
    #expect(!x.contains("legend_kind_2"), "two kinds drawn, two in the legend")
    #expect(!legend.contains("Page") && !legend.contains("Facebook"))
    #expect(
      legend.contains(
        "<FONT COLOR=\"#B2182B\">━━━━━━━</FONT></TD><TD ALIGN=\"LEFT\">attributed to<"),
      "a solid line for the solid attribution edges")
    #expect(legend.contains(">attributed to<"), "the line style drawn")
    #expect(!legend.contains("part of"), "no organisation is part of another there")
    #expect(!legend.contains("type size"), "no audience, so sizes mean nothing")
    #expect(!x.contains("hedge unknown"))
    let catalogue = NetworkDrawing(
      documents: [
        try graphsDocument(
          "meta-2019-10-removing-coordinated-inauthentic-behavior-in-uae-nigeria-indonesia-and-egypt.json"
        )
      ]
    ).dot
    #expect(catalogue.contains("211?"), "the hedge mark, not \"(hedge unknown)\" on every node")
    #expect(!catalogue.contains("211 (hedge unknown)"))
    #expect(catalogue.contains("hedge unknown; the compilation"), "explained once, in the legend")
    #expect(catalogue.contains(">10 million<"), "a size scale where sizes are audiences")
    #expect(
      catalogue.contains("Attribution, in the cib-data compilation's"), "a paraphrase is not quoted"
    )
    #expect(!catalogue.contains("“Charles"))
  }

  @Test func titleSubtitleAndCaptionReplaceTheDefaultsEscaped() throws {
    let document = try graphsDocument("meta-2019-04-india-pakistan.json")
    for layout in [LayoutEngine.dot, .sfdp] {
      let dot = NetworkDrawing(
        documents: [document],
        options: DrawingOptions(
          layout: layout, title: "<script>alert(1)</script> & co", subtitle: "Source: Meta",
          caption: "Drawn with \"cibgraph\"")
      ).dot
      #expect(dot.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
      #expect(!dot.contains("<script>"))
      #expect(dot.contains(">Source: Meta<"))
      #expect(!dot.contains("Removing Coordinated Inauthentic Behavior"), "the title replaced")
      #expect(dot.contains("Drawn with &quot;cibgraph&quot;"))
    }
  }

  @Test func weightedRelationsAreDrawnByWeightAndLabelled() throws {
    var network = Network(id: "c", name: "Coordination")
    network.assets = (0..<4).map { Asset(id: "u\($0)", kind: .xAccount) }
    network.relations = [
      Relation(source: "u0", target: "u1", type: .coordinatedWith, weight: 48),
      Relation(source: "u1", target: "u2", type: .coordinatedWith, weight: 12),
      Relation(source: "u2", target: "u3", type: .coordinatedWith, weight: 3),
    ]
    let document = NetworkDocument(report: Report(title: "t", publisher: "p"), networks: [network])
    let dot = NetworkDrawing(documents: [document]).dot
    #expect(dot.contains("penwidth=\"7.0\", label=\"48\""), "the heaviest is the widest")
    #expect(dot.contains("penwidth=\"2.5\", label=\"12\""), "a quarter of the weight")
    #expect(dot.contains("penwidth=\"1.4\", label=\"3\""))
    #expect(
      dot.replacingOccurrences(of: "<BR ALIGN=\"LEFT\"/>", with: " ").contains(
        "line width: content items both accounts acted on within the window, 3 to 48"))
  }

  @Test func organisationsAreDrawnOnceAcrossDocuments() throws {
    let documents = [
      try graphsDocument("meta-2019-04-india-pakistan.json"),
      try graphsDocument("seed-000-ispr-article.json"),
    ]
    let dot = NetworkDrawing(documents: documents).dot
    #expect(
      dot.components(separatedBy: "label=\"Inter-Service Public Relations\\n(ISPR)\\nPakistan\"")
        .count == 2)
    #expect(
      dot.components(separatedBy: "label=\"part of\"").count == 1 + 2,
      "ISPR ⊂ military, INC IT Cell ⊂ INC")
    #expect(
      dot.components(separatedBy: "label=\"attributed to\"").count == 1 + 4,
      "three networks of 2019 and the article's ISPR")
    #expect(NetworkDrawing(documents: documents).dot == dot, "same input, same bytes")
  }

  @Test func largeDrawingsLabelOnlyTheBiggestAudiences() {
    var network = Network(id: "big", name: "Big")
    network.assets = (0..<500).map { (i: Int) in
      Asset(id: "p\(i)", kind: .page, name: "Page \(i)", followers: i)
    }
    let document = NetworkDocument(report: Report(title: "t", publisher: "p"), networks: [network])
    let drawing = NetworkDrawing(
      documents: [document], options: DrawingOptions(maxLabelledAssets: 10))
    #expect(drawing.layout == .sfdp)
    #expect(drawing.dot.contains("label=\"Page 499\\n499 followers\""))
    #expect(drawing.dot.contains("label=\"Page 490\\n490 followers\""))
    #expect(!drawing.dot.contains("label=\"Page 489"))
    #expect(drawing.dot.contains("overlap=\"prism\""))
    #expect(
      drawing.dot.contains("tooltip=\"Page p3: Page 3 · 3 followers\""),
      "unlabelled assets keep their names in tooltips")
  }

  /// In a large drawing drawn in runs on several cores, each marker's side
  /// and tooltip are its own asset's, whatever the builder kept from the
  /// assets before: sides kept by hundredths of an inch, words kept by
  /// kind. Both are worked out here without the drawing's code.
  @Test func markersAreSizedAndCountedByTheirOwnAudience() {
    let kinds: [(kind: AssetKind, words: (one: String, more: String)?, membership: Bool)] = [
      (.page, ("follower", "followers"), false), (.group, ("member", "members"), true),
      (.event, ("attendee", "attendees"), true),
      (.youtubeChannel, ("subscriber", "subscribers"), false), (.account, nil, false),
    ]
    let audiences = [
      0, 1, 2, 9, 10, 11, 99, 999, 1_000, 12_345, 999_999, 10_000_000, 1_000_000_000_000_000,
    ]
    var network = Network(id: "big", name: "Big")
    var expected: [String: (tooltip: String, side: String)] = [:]
    for i in 0..<300 {
      let (kind, words, membership) = kinds[i % kinds.count]
      let audience = audiences[(i / kinds.count) % audiences.count]
      let id = "x\(i)"
      let asset = Asset(
        id: id, kind: kind, name: i % 7 == 0 ? nil : "Name \"\(i)\"",
        followers: words == nil || membership ? nil : audience,
        members: words != nil && membership ? audience : nil)
      network.assets.append(asset)
      var tooltip = "\(kind.singularLabel) \(id)"
      if let name = asset.name { tooltip += ": \(name)" }
      if let words {
        tooltip += " · \(Self.grouped(audience)) \(audience == 1 ? words.one : words.more)"
      }
      let hundredths = Int(
        ((0.12 + 0.06 * log10(Double(words == nil ? 0 : audience) + 1)) * 100).rounded())
      expected[id] = (
        DOTText.quoted(tooltip),
        "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
      )
    }
    let document = NetworkDocument(report: Report(title: "t", publisher: "p"), networks: [network])
    var options = DrawingOptions(layout: .sfdp, legend: false, maxLabelledAssets: 3)
    options.split = .tiny
    let dot = NetworkDrawing(documents: [document], options: options).dot
    var checked = 0
    for line in dot.split(separator: "\n") {
      guard let tooltipStart = line.range(of: "tooltip=\""),
        let widthStart = line.range(of: ", width=\"")
      else { continue }
      // The asset's id is the tooltip's only word starting with "x".
      let words = line[tooltipStart.upperBound...].split(separator: " ")
      let id = words.first { $0.hasPrefix("x") }.map {
        String($0.prefix { $0 == "x" || $0.isNumber })
      }
      guard let id, let wanted = expected[id] else {
        Issue.record("a marker of no asset: \(line)")
        continue
      }
      #expect(line.contains("tooltip=\(wanted.tooltip)"), "\(id): \(line)")
      let side = line[widthStart.upperBound...].prefix { $0 != "\"" }
      #expect(side == wanted.side, "\(id)'s side")
      checked += 1
    }
    #expect(checked == 300)
  }

  /// Digits in groups of three, as a reader expects them: 12,345.
  static func grouped(_ value: Int) -> String {
    var digits = Array(String(value))
    var text = ""
    while digits.count > 3 {
      text = "," + String(digits.suffix(3)) + text
      digits.removeLast(3)
    }
    return String(digits) + text
  }

  /// Among assets of equal audience the most linked get labels, then the
  /// first drawn: random audiences from a few values, so that the last
  /// label falls among ties, against the ranking written out in full.
  @Test func tiedAudiencesAreLabelledByLinksThenOrder() {
    var random = SeededGenerator(seed: 23)
    for round in 0..<40 {
      let count = 20 + random.below(60)
      var network = Network(id: "big", name: "Big")
      network.assets = (0..<count).map { (i: Int) in
        Asset(id: "p\(i)", kind: .page, name: "Page \(i)", followers: 10 * random.below(4))
      }
      network.relations = (0..<random.below(3 * count)).map { _ in
        Relation(
          source: "p\(random.below(count))",
          target: random.below(10) == 0 ? "elsewhere" : "p\(random.below(count))",
          type: .linkedTo)
      }
      let limit = random.below(count)
      var degree: [String: Int] = [:]
      for relation in network.relations {
        degree[relation.source, default: 0] += 1
        degree[relation.target, default: 0] += 1
      }
      let expected = Set(
        network.assets.enumerated().sorted { a, b in
          (a.element.audience, degree[a.element.id] ?? 0, -a.offset)
            > (b.element.audience, degree[b.element.id] ?? 0, -b.offset)
        }.prefix(limit).map { $0.element.name! })
      let document = NetworkDocument(
        report: Report(title: "t", publisher: "p"), networks: [network])
      let dot = NetworkDrawing(
        documents: [document],
        options: DrawingOptions(layout: .sfdp, legend: false, maxLabelledAssets: limit)
      ).dot
      let labelled = Set(
        dot.split(separator: "\n").compactMap { line -> String? in
          guard let start = line.range(of: "xlabel=\"") else { return nil }
          return String(line[start.upperBound...].prefix { $0 != "\\" && $0 != "\"" })
        })
      #expect(labelled == expected, "round \(round), \(limit) labels")
    }
  }

  @Test func theLargestAudienceOfARankIsTheSortedOnes() {
    var random = SeededGenerator(seed: 7)
    for round in 0..<200 {
      let count = 1 + random.below(round < 190 ? 300 : 9000)
      // Few distinct values, so that ranks fall among ties; ascending runs, the worst order.
      var values = (0..<count).map { _ in CountSum(random.below(round % 2 == 0 ? 5 : 100_000)) }
      if round % 3 == 0 { values.sort() }
      let rank = 1 + random.below(count)
      #expect(
        DrawingBuilder.largest(rank, of: values) == values.sorted(by: >)[rank - 1],
        "round \(round): rank \(rank) of \(count)")
    }
  }

  @Test func theDefaultLayoutFollowsSize() {
    #expect(LayoutEngine.suggested(nodeCount: 10) == .dot)
    #expect(LayoutEngine.suggested(nodeCount: LayoutEngine.dotLimit) == .dot)
    #expect(LayoutEngine.suggested(nodeCount: LayoutEngine.dotLimit + 1) == .sfdp)
  }
}

import CIBGraph
import CIBGraphHTML
import CIBGraphTestSupport
import Foundation
import Testing

/// `cibgraph report`: the page's content, checked as text and in a real
/// browser (headless Chromium): its tables, numbers and drawings, and that
/// names written to attack it run nothing and show as text.
@Suite struct ReportPageTests {
  static let primary = "Graphs/meta-2020-08-cib-report.json"

  /// Writes the page of `arguments` and returns its path and text.
  func report(_ arguments: [String]) throws -> (path: String, html: String) {
    let page = try temporaryPath("report.html")
    let result = try cibgraph(["report"] + arguments + ["-o", page])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    return (page, try String(contentsOfFile: page, encoding: .utf8))
  }

  /// What a `<td>`, `<th>` or `<p>` … holds: the DOM's text between two tags.
  func titleText(_ dom: String) -> String? {
    guard let open = dom.range(of: "<title>"),
      let close = dom.range(of: "</title>", range: open.upperBound..<dom.endIndex)
    else { return nil }
    return String(dom[open.upperBound..<close.lowerBound])
  }

  // MARK: - In the browser

  @Test(.enabled(if: !HeadlessChromium.isAbsent, HeadlessChromium.absence))
  func reportsTablesNumbersAndDrawingsInTheBrowser() throws {
    let seed = "Graphs/seed-000-ispr-article.json"
    let (page, _) = try report([Self.primary, seed])
    let dom = try HeadlessChromium.dom(of: page)
    #expect(titleText(dom) == "2 reports")
    // The figures with their hedges, linked to their sources.
    #expect(dom.contains("about 1.1 million"))
    #expect(dom.contains("less than 11,000"))
    #expect(
      dom.contains(
        "Between about 1.1 and 1.181 million accounts followed or joined at least one of its Pages, Groups or Instagram accounts."
      ))
    #expect(
      dom.contains(
        "<a href=\"https://about.fb.com/news/2020/09/august-2020-cib-report/\" rel=\"noopener noreferrer\">Facebook</a>"
      ))
    #expect(dom.contains("<q>linked to US-based strategic communications firm CLS Strategies</q>"))
    #expect(dom.contains("about 3.6 million USD"))
    // The seed article's total does not add up, and the page says so beside it.
    #expect(dom.contains("does not add up: see below"))
    #expect(
      dom.contains(
        "the reported total 103 does not match its parts: 7 Facebook accounts + 24 Pages + 7 Groups + 15 Instagram accounts = 53"
      ))
    #expect(dom.occurrences(of: "<table class=\"figures\">") == 5, "a table per network")
    #expect(dom.occurrences(of: "<tr class=\"error\">") == 1, "validate's one error")
    // Each drawing whole: as many nodes as `render` draws of the document alone.
    #expect(dom.occurrences(of: "<svg ") == 2)
    var drawn = 0
    for document in [Self.primary, seed] {
      let svg = try temporaryPath("drawing.svg")
      let rendered = try cibgraph("render", document, "-o", svg)
      #expect(rendered.status == 0, "\(rendered.stderr)")
      let nodes = try String(contentsOfFile: svg, encoding: .utf8)
        .occurrences(of: "class=\"node\"")
      #expect(nodes > 5)
      drawn += nodes
    }
    #expect(dom.occurrences(of: "class=\"node\"") == drawn)
    #expect(!dom.contains("<script"))

    let png = try temporaryPath("report.png")
    try HeadlessChromium.screenshot(of: page, to: png)
    let image = try Data(contentsOf: URL(fileURLWithPath: png))
    #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG")
    #expect(image.count > 50_000, "more than a blank page: \(image.count) bytes")
  }

  @Test(.enabled(if: !HeadlessChromium.isAbsent, HeadlessChromium.absence))
  func itemizedDataGetsComponentsAndOverlapTablesInTheBrowser() throws {
    let data = "Examples/data"
    let (page, html) = try report([
      Self.primary, "--nodes", "\(data)/nodes.csv", "--edges", "\(data)/edges.csv", "--network",
      "us-cls-2020-08", "--audience", "\(data)/audience.csv",
    ])
    #expect(!html.contains(data), "a folder of a local path is in the page")
    let dom = try HeadlessChromium.dom(of: page)
    #expect(dom.contains("<h3>Connected components</h3>"))
    // As `components` counts them, with the document's organisations.
    let components = try cibgraph(
      "components", Self.primary, "--nodes", "\(data)/nodes.csv", "--edges", "\(data)/edges.csv",
      "--network", "us-cls-2020-08", "--format", "json")
    let counted = try jsonObject(components.stdout)
    let count = try #require(counted["count"] as? Int)
    let largest = try #require(counted["largest"] as? Int)
    #expect(dom.contains("\(count) components · largest \(largest) assets"))
    #expect(dom.occurrences(of: "<table class=\"components\">") == 1)
    #expect(dom.contains("<h3>Audience overlap between assets</h3>"))
    #expect(
      dom.contains("The 20 assets with the largest audience lists, compared pairwise: 190 pairs"))
    #expect(dom.occurrences(of: "<table class=\"pairs\">") == 1)
    // The itemized Pages beside the reported ones, and their summed followers.
    #expect(dom.contains("Itemized here"))
    #expect(!dom.contains("<script"))
  }

  /// The strings an attacker would name assets, networks and sources with to
  /// run a script in the page: each sets the title when it runs.
  static let attacks = [
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.title='pwned'\">",
    "\"><svg onload=\"document.title='pwned'\">",
    "'><img src=x onerror=document.title='pwned'>",
    "</title><script>document.title='pwned'</script>",
    "<!--<script>document.title='pwned'</script>-->",
    "]]></svg><script>document.title='pwned'</script>",
  ]

  /// A document with an attack in every string the page shows.
  func hostileDocument() throws -> String {
    let attack = { (i: Int) in Self.attacks[i % Self.attacks.count] }
    let source = Source(
      id: "s1", publisher: attack(1), title: attack(2), url: "javascript:document.title='pwned'")
    let assets = (0..<10).map { i in
      Asset(
        id: attack(i) + " \(i)", kind: i % 2 == 0 ? .page : .account, name: attack(i + 1),
        followers: 100 * i)
    }
    let network = Network(
      id: attack(2), name: attack(0), policy: attack(3),
      attribution: Attribution(statement: attack(1), organizations: ["org"], source: "s1"),
      adSpend: AdSpend(amount: ReportedFigure(10, source: "s1"), currency: attack(5)),
      reported: ReportedFigures(
        counts: PerKind([.page: ReportedFigure(5, source: "s1", note: attack(3))]),
        audiences: PerKind([.page: ReportedFigure(1_000, .about, source: attack(6))])),
      subsets: [ReportedSubset(label: attack(4), counts: PerKind([.page: ReportedFigure(2)]))],
      assets: assets,
      relations: [
        Relation(source: assets[0].id, target: "org", type: .attributedTo, evidence: attack(0))
      ]
        + (1..<assets.count).map {
          Relation(source: assets[$0].id, target: assets[$0 - 1].id, type: .linkedTo)
        },
      notes: [attack(6)])
    let document = NetworkDocument(
      report: Report(
        title: attack(4), publisher: attack(0), url: "javascript:document.title='pwned'",
        sources: [
          source,
          Source(
            id: attack(6), publisher: attack(3), title: attack(0),
            url: "https://example.org/\"><script>document.title='pwned'</script>"),
        ], notes: [attack(5)]),
      organizations: [Organization(id: "org", name: attack(4), country: attack(1))],
      networks: [network])
    return try temporaryFile("hostile.json", Data(document.encoded()))
  }

  @Test(.enabled(if: !HeadlessChromium.isAbsent, HeadlessChromium.absence))
  func hostileNamesRunNothingAndShowAsText() throws {
    let document = try hostileDocument()
    let (nodes, edges) = try HostileNameTests().hostileInputs()
    let (page, html) = try report([
      document, "--nodes", nodes, "--edges", edges, "--title", Self.attacks[4],
    ])
    // The page as written: no element, attribute or link from the data.
    #expect(html.occurrences(of: "<script") == 0)
    #expect(html.occurrences(of: "<img") == 0)
    #expect(!html.contains("href=\"javascript"))
    #expect(html.occurrences(of: "<svg ") == 2, "the two drawings, and no svg of the data's")
    let title = "&lt;/title&gt;&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"
    #expect(html.contains("<title>\(title)</title>"))

    // In the browser, with the policy and without it: the title is the
    // document's, shown as text, and no element the data spells exists.
    let withoutPolicy = try temporaryPath("no-policy.html")
    try html.replacing(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"\(ReportPage.contentSecurityPolicy)\">",
      with: ""
    ).write(toFile: withoutPolicy, atomically: true, encoding: .utf8)
    for path in [page, withoutPolicy] {
      let dom = try HeadlessChromium.dom(of: path)
      #expect(
        titleText(dom) == "&lt;/title&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;",
        "\(path)")
      #expect(!dom.contains("<title>pwned"), "\(path)")
      #expect(dom.occurrences(of: "<script") == 0, "\(path)")
      #expect(dom.occurrences(of: "<img") == 0, "\(path)")
      #expect(dom.occurrences(of: "<svg ") == 2, "\(path)")
      #expect(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"), "\(path)")
      #expect(dom.contains("&lt;img src=x onerror=\"document.title='pwned'\"&gt;"), "\(path)")
      #expect(dom.contains("right-to-left \\u{202E}txt.exe"), "\(path)")
      #expect(dom.contains("emoji 😀👩‍👩‍👧 and 中文 and עברית"), "\(path)")
    }
  }

  /// The checks above can fail: this browser runs a page's script, and the
  /// page's policy alone stops it.
  @Test(.enabled(if: !HeadlessChromium.isAbsent, HeadlessChromium.absence))
  func theBrowserRunsScriptsThePolicyForbids() throws {
    let attack = "<html><head><title>t</title>%@</head><body>\(Self.attacks[0])</body></html>"
    let policy =
      "<meta http-equiv=\"Content-Security-Policy\" content=\"\(ReportPage.contentSecurityPolicy)\">"
    let open = try temporaryFile("open.html", attack.replacing("%@", with: ""))
    let closed = try temporaryFile("closed.html", attack.replacing("%@", with: policy))
    #expect(titleText(try HeadlessChromium.dom(of: open)) == "pwned")
    #expect(titleText(try HeadlessChromium.dom(of: closed)) == "t")
  }

  // MARK: - Without a browser

  @Test func theWholeCatalogueIsOnePage() throws {
    let (_, html) = try report(["Graphs/"])
    let documents = try FileManager.default.contentsOfDirectory(
      atPath: repositoryRoot.appendingPathComponent("Graphs").path
    ).filter { $0.hasSuffix(".json") }
    #expect(html.occurrences(of: "<section class=\"report\"") == documents.count)
    #expect(html.occurrences(of: "<svg ") == documents.count)
    #expect(html.occurrences(of: "<li><a href=\"#report-") == documents.count, "the contents")
    #expect(html.hasSuffix("</html>\n"))
  }

  @Test func writesStandardOutputAndRefusesWhatItCannotDo() throws {
    let stdout = try cibgraph("report", Self.primary, "-o", "-", "--no-drawings")
    #expect(stdout.status == 0, "\(stdout.stderr)")
    #expect(stdout.stdout.hasPrefix("<!DOCTYPE html>"))
    #expect(!stdout.stdout.contains("<svg"))

    let unwritable = try cibgraph("report", Self.primary, "-o", "/no/such/folder/r.html")
    #expect(unwritable.status == 73, "\(unwritable.stderr)")
    let missing = try cibgraph("report", "Graphs/nothing.json", "-o", try temporaryPath("r.html"))
    #expect(missing.status == 66, "\(missing.stderr)")
    let noOutput = try cibgraph("report", Self.primary)
    #expect(noOutput.status == 64)
    let listsWithoutAssets = try cibgraph(
      "report", Self.primary, "--audience", "Examples/data/audience.csv", "-o",
      try temporaryPath("r.html"))
    #expect(listsWithoutAssets.status == 64)
    #expect(listsWithoutAssets.stderr.contains("--audience needs itemized assets"))
  }

  @Test func aCustomTitleIsEscaped() throws {
    let (_, html) = try report([Self.primary, "--title", "Ops & <Takedowns>", "--no-drawings"])
    #expect(html.contains("<title>Ops &amp; &lt;Takedowns&gt;</title>"))
    #expect(html.contains("<h1>Ops &amp; &lt;Takedowns&gt;</h1>"))
    #expect(html.contains("<h2>August 2020 Coordinated Inauthentic Behavior Report</h2>"))
  }
}

/// The page's building blocks on their own.
@Suite struct ReportPagePartsTests {
  @Test func textAndAttributesAreEscaped() {
    #expect(HTMLText.escaped("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
    // `<` or `"` with a combining mark on it is one character, not equal to `<` or `"`.
    #expect(HTMLText.escaped("<\u{301}img \"\u{301}") == "&lt;\u{301}img &quot;\u{301}")
    #expect(HTMLText.escaped("x\u{202E}y\u{0}") == "x\\u{202E}y\\u{0}")
    #expect(HTMLText.escaped("abcdef", limit: 4) == "abc…")
    #expect(HTMLText.escaped("中文 plain") == "中文 plain")
  }

  @Test func onlyWebAddressesAreLinked() {
    #expect(
      HTMLText.link("r", to: "https://example.org/a?b=1&c=2")
        == "<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">r</a>")
    for url in [
      "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>", "//evil.example",
      "https://a.example/\" onclick=\"x", "https://a.example/ x", "file:///etc/passwd",
    ] {
      #expect(HTMLText.link("r", to: url) == "r", "\(url)")
    }
  }

  @Test func figuresAreWrittenAsAStoryWould() {
    #expect(FigureWords.number(1_100_000, rounding: false) == "1.1 million")
    #expect(FigureWords.number(2_000_000, rounding: false) == "2 million")
    #expect(
      FigureWords.number(1_181_500, rounding: false) == "1,181,500",
      "no rounding the source did not do")
    #expect(FigureWords.number(1_181_000, rounding: false) == "1.181 million")
    #expect(FigureWords.number(999_000, rounding: false) == "999,000")
    #expect(FigureWords.number(1_181_500, rounding: true) == "1.18 million")
    func words(_ figure: ReportedFigure) -> String? { FigureWords.figure(figure, exact: true) }
    #expect(words(ReportedFigure(11_000, .lessThan)) == "less than 11,000")
    #expect(words(.range(100, 200)) == "100 to 200")
    #expect(words(.notGiven()) == nil)
    #expect(words(ReportedFigure(2_100, .hedgeUnknown)) == "2,100 (hedge unknown)")
    #expect(words(ReportedFigure(1_181_500, .about)) == "about 1,181,500")
    let open = AudienceBounds(
      audiences: PerKind([.page: ReportedFigure(170_000, .about), .group: .notGiven()]))!
    let openSentence = FigureWords.uniqueAudience(open, exact: true)
    #expect(
      openSentence?.hasPrefix("At least about 170,000 accounts followed") == true,
      "\(openSentence ?? "nil")")
    #expect(openSentence?.contains("no upper bound") == true)
    let one = AudienceBounds(audiences: PerKind([.group: ReportedFigure(3_000_000, .about)]))!
    #expect(
      FigureWords.uniqueAudience(one, exact: true) == "About 3 million accounts joined its Groups.")
  }

  static let graphviz = """
    <?xml version="1.0" encoding="UTF-8" standalone="no"?>
    <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
     "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
    <!-- Generated by graphviz -->
    <svg width="62pt" height="44pt" viewBox="0.00 0.00 62.00 44.00" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
    <g id="graph0" class="graph" transform="scale(1 1)">
    <title>cibgraph</title>
    <!-- a&#45;&gt;b -->
    <g id="node1" class="node">
    <title>a</title>
    <g id="a_node1"><a xlink:title="&lt;script&gt;x&lt;/script&gt;">
    <ellipse fill="url(#l_1)" stroke="black" cx="27" cy="-18" rx="27" ry="18"/>
    <text text-anchor="middle" x="27" y="-14.3">&lt;img src=x onerror=alert(1)&gt;</text>
    </a></g>
    </g>
    </g>
    </svg>

    """

  @Test func graphvizSVGIsInlinedWithoutItsProlog() throws {
    let svg = try #require(InlineSVG(graphviz: Array(Self.graphviz.utf8), idPrefix: "d1-"))
    #expect(svg.markup.hasPrefix("<svg width=\"62pt\""))
    #expect(svg.markup.hasSuffix("</svg>"))
    #expect(!svg.markup.contains("<!--"))
    #expect(!svg.markup.contains("DOCTYPE"))
    #expect(svg.markup.contains("<g id=\"d1-node1\" class=\"node\">"))
    #expect(svg.markup.contains("fill=\"url(#d1-l_1)\""))
    #expect(svg.markup.contains("&lt;img src=x onerror=alert(1)&gt;"), "escaped text is kept")
    #expect(svg.nodeCount == 1)
    #expect(svg.width == 62)
  }

  @Test func svgThatNoDrawingHoldsIsRefused() {
    for (from, to) in [
      ("<title>a</title>", "<title>a</title><script>alert(1)</script>"),
      ("<title>a</title>", "<foreignObject><p>x</p></foreignObject>"),
      ("class=\"node\"", "class=\"node\" onclick=\"alert(1)\""),
      ("<a xlink:title", "<a xlink:href=\"javascript:alert(1)\" xlink:title"),
      ("<title>a</title>", "<title>a</title><image href=\"https://example.org/x.png\"/>"),
      ("</svg>", ""),
      ("stroke=\"black\"", "stroke=black"),
    ] {
      let changed = Self.graphviz.replacing(from, with: to)
      #expect(InlineSVG(graphviz: Array(changed.utf8), idPrefix: "d1-") == nil, "\(to)")
    }
  }
}

import CIBGraphAnalysis
import CIBGraphCore
import CIBGraphDrawing
import CIBGraphSupport

/// One self-contained HTML page of documents, their drawings, the itemized
/// data's components and overlaps, and what validation found: what a
/// researcher sends to an editor.
///
/// The page loads nothing (no script, font, style sheet or image from
/// anywhere) and forbids it: a Content-Security-Policy allows no script at
/// all, inline styles only and no requests. Every string from the data is
/// escaped (``HTMLText``); drawings are Graphviz's SVG, checked tag by tag
/// (``InlineSVG``). No folder of a local path appears: files are named by
/// their last component. The drawings zoom through CSS alone; printed, the
/// page drops the zoom controls, fits drawings to the page and spells out
/// where links lead.
///
/// - Complexity: O(size of the documents, findings and shown tables, and of
///   the drawings' SVG).
package struct ReportPage {
  /// One document: its report, networks and drawing.
  package struct Document {
    /// The input's file name, without folders.
    package var file: String
    package var document: NetworkDocument
    /// The drawing, when one was made.
    package var drawing: InlineSVG?
    /// What validation found in the document, and in comparing it with the others.
    package var findings: [Finding]
    /// Whether the document was read from itemized data (spreadsheets, GraphML,
    /// GEXF) rather than transcribed from a report.
    package var isItemizedData: Bool

    /// A document read from `file`.
    package init(
      file: String, document: NetworkDocument, drawing: InlineSVG? = nil, findings: [Finding] = [],
      isItemizedData: Bool = false
    ) {
      self.file = file
      self.document = document
      self.drawing = drawing
      self.findings = findings
      self.isItemizedData = isItemizedData
    }
  }

  /// The itemized data's tables: components, and overlaps.
  package struct Itemized {
    package var graph: AssetGraph
    package var components: ComponentAnalysis
    /// Distinct audience accounts of each shown component, with audience lists.
    package var distinctAudience: [Int]?
    /// Asset pairs by shared audience, most shared first, with audience lists.
    package var audienceOverlap: AudienceOverlapMatrix?
    /// Networks, reports and organisations that share assets, organisations or audience.
    package var networks: [GroupOverlap]
    package var reports: [GroupOverlap]
    package var organizations: [GroupOverlap]

    /// The tables of `graph`.
    package init(
      graph: AssetGraph, components: ComponentAnalysis, distinctAudience: [Int]? = nil,
      audienceOverlap: AudienceOverlapMatrix? = nil, networks: [GroupOverlap] = [],
      reports: [GroupOverlap] = [], organizations: [GroupOverlap] = []
    ) {
      self.graph = graph
      self.components = components
      self.distinctAudience = distinctAudience
      self.audienceOverlap = audienceOverlap
      self.networks = networks
      self.reports = reports
      self.organizations = organizations
    }
  }

  /// Rows of the components and asset-pair tables.
  package static let shownRows = 20
  /// The policy: nothing may load or run; styles may be inline.
  package static let contentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

  package var title: String
  package var documents: [Document]
  package var itemized: Itemized?
  /// What the reader must know before trusting the page: rows left out.
  package var caveats: [String] = []

  /// A page titled `title` (the reports' own titles when `nil`).
  package init(title: String? = nil, documents: [Document], itemized: Itemized? = nil) {
    self.documents = documents
    self.itemized = itemized
    self.title = title ?? Self.defaultTitle(documents)
  }

  /// The one report's title, or how many reports there are.
  static func defaultTitle(_ documents: [Document]) -> String {
    documents.count == 1 ? documents[0].document.report.title : "\(documents.count) reports"
  }

  /// The page.
  package func html() -> String {
    var page = PageWriter()
    page.head(title: title)
    page.header(title: title, documents: documents, caveats: caveats)
    for (index, document) in documents.enumerated() {
      page.document(
        document, number: index + 1,
        isOnlyReport: documents.count == 1 && document.document.report.title == title)
    }
    if let itemized { page.itemized(itemized) }
    page.findings(documents)
    page.footer()
    return page.out
  }
}

/// Writes a ``ReportPage``'s HTML.
private struct PageWriter {
  var out = ""

  /// Text from data, escaped; names and statements cut at `limit` characters.
  func text(_ string: String, limit: Int? = 2_000) -> String {
    HTMLText.escaped(string, limit: limit)
  }

  mutating func head(title: String) {
    out += """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="\(ReportPage.contentSecurityPolicy)">
      <meta name="referrer" content="no-referrer">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="generator" content="cibgraph report">
      <title>\(text(title, limit: 200))</title>
      <style>\(ReportStyle.css)</style>
      </head>
      <body>

      """
  }

  mutating func header(title: String, documents: [ReportPage.Document], caveats: [String]) {
    let networks = documents.reduce(0) { $0 + $1.document.networks.count }
    out += "<header>\n<h1>\(text(title, limit: 300))</h1>\n"
    out +=
      "<p class=\"lede\">\(counted(documents.count, "report")), "
      + "\(counted(networks, "network")), as their sources give them.</p>\n"
    for caveat in caveats { out += "<p class=\"caveat\">\(text(caveat, limit: 2_000))</p>\n" }
    if documents.count > 1 {
      out += "<nav class=\"contents\" aria-label=\"Reports\"><ol>\n"
      for (index, document) in documents.enumerated() {
        let report = document.document.report
        out +=
          "<li><a href=\"#report-\(index + 1)\">\(text(report.title, limit: 200))</a>"
          + (report.published.map { " <span class=\"date\">\($0)</span>" } ?? "") + "</li>\n"
      }
      out += "</ol></nav>\n"
    }
    out += "</header>\n"
  }

  // MARK: - A document

  mutating func document(_ entry: ReportPage.Document, number: Int, isOnlyReport: Bool) {
    let document = entry.document
    let report = document.report
    out += "<section class=\"report\" id=\"report-\(number)\">\n"
    // The page's heading already names a page's one report.
    if !isOnlyReport { out += "<h2>\(text(report.title, limit: 300))</h2>\n" }
    var byline = [text(report.publisher, limit: 200)]
    if let date = report.published { byline.append("\(date)") }
    if !entry.isItemizedData {
      byline.append(
        report.kind == .primary
          ? "the platform's own report" : "a secondary account, which may get figures wrong")
    }
    if let url = report.url { byline.append(HTMLText.link("read it", to: url)) }
    byline.append("file <span class=\"file\">\(text(entry.file, limit: 200))</span>")
    out += "<p class=\"byline\">\(byline.joined(separator: " · "))</p>\n"
    notes(report.notes)
    if let drawing = entry.drawing { figure(drawing, number: number, report: report) }
    // Built once per document: per network they made a page quadratic.
    let links = SourceLinks(report.sources, organizations: document.organizations)
    var findingsByNetwork: [Int: [Finding]] = [:]
    for finding in entry.findings {
      if let index = finding.networkIndex { findingsByNetwork[index, default: []].append(finding) }
    }
    for (index, network) in document.networks.enumerated() {
      self.network(
        network, number: number, index: index, document: document, sources: links,
        findings: findingsByNetwork[index] ?? [])
    }
    sources(report.sources, number: number)
    out += "</section>\n"
  }

  mutating func figure(_ drawing: InlineSVG, number: Int, report: Report) {
    let name = "zoom-\(number)"
    // The natural width is the page's own number, read from Graphviz's output.
    let width = drawing.width.map { "\(Int($0.rounded()))pt" } ?? "100%"
    out += "<figure class=\"drawing\" style=\"--natural-width: \(width)\">\n"
    for (zoom, checked) in [("fit", true), ("actual", false), ("double", false)] {
      out +=
        "<input type=\"radio\" class=\"zoom-\(zoom)\" name=\"\(name)\" id=\"\(name)-\(zoom)\""
        + (checked ? " checked" : "") + ">\n"
    }
    out +=
      "<div class=\"zoom\">Zoom: <label for=\"\(name)-fit\">fit the page</label> "
      + "<label for=\"\(name)-actual\">actual size</label> "
      + "<label for=\"\(name)-double\">twice the size</label></div>\n"
    out += "<div class=\"canvas\">\n" + drawing.markup + "\n</div>\n"
    out +=
      "<figcaption>The networks of “\(text(report.title, limit: 200))”: shapes and colours "
      + "by kind of asset, dashed shapes for figures the report gives, organisations outside "
      + "(the legend explains the drawing).</figcaption>\n</figure>\n"
  }

  mutating func network(
    _ network: Network, number: Int, index: Int, document: NetworkDocument,
    sources: SourceLinks, findings: [Finding]
  ) {
    out += "<section class=\"network\" id=\"report-\(number)-network-\(index + 1)\">\n"
    out +=
      "<h3>\(text(network.name, limit: 300)) <span class=\"id\">\(text(network.id, limit: 200))</span></h3>\n"
    facts(network, document: document, sources: sources)
    if let bounds = AudienceBounds(audiences: network.reported.audiences) {
      let sentence =
        FigureWords.uniqueAudience(bounds, exact: true)
        ?? "How many accounts followed or joined its assets is not given."
      out += "<p class=\"audience\">\(text(sentence))"
      if bounds.lower != nil, bounds.upper != nil, bounds.lower != bounds.upper {
        out +=
          " <span class=\"why\">The platform counts each kind's audience once, but one account "
          + "can follow assets of several kinds: the network's unique audience lies between the "
          + "largest figure and their sum.</span>"
      }
      out += "</p>\n"
    }
    figuresTable(
      network, sources: sources, totalDisagrees: findings.contains(where: \.isAboutTotal))
    let reported = network.reported
    var more: [String] = []
    if let claimed = reported.claimedAudience {
      more.append(
        "Audience a source claims for the whole network (a claim, not a bound: the bounds "
          + "above come from the figures per kind): \(figure(claimed, sources))")
    }
    if let posts = reported.posts { more.append("Posts published: \(figure(posts, sources))") }
    for (kind, summed) in reported.summedFollowers.entries {
      more.append(
        "Followers of its \(text(kind.pluralLabel, limit: 100)) summed by the source (a sum, "
          + "not an audience: anyone following two of them is counted twice): "
          + figure(summed, sources))
    }
    for subset in network.subsets {
      let parts = subset.counts.entries.map { kind, value in
        "<li>" + figure(value, sources, unit: kind.pluralLabel) + "</li>"
      }
      more.append(
        "\(text(subset.label, limit: 500)): "
          + (parts.isEmpty ? "no counts" : "<ul>\(parts.joined())</ul>"))
    }
    if !more.isEmpty {
      out += "<ul class=\"more\">\n" + more.map { "<li>\($0)</li>\n" }.joined() + "</ul>\n"
    }
    checks(findings)
    notes(network.notes)
    out += "</section>\n"
  }

  /// Origin, targets, time, policy, attribution, detection, ad spend.
  mutating func facts(_ network: Network, document: NetworkDocument, sources: SourceLinks) {
    var rows: [(String, String)] = []
    func places(_ codes: [String]) -> String {
      text(codes.map(Place.display).joined(separator: ", "), limit: 500)
    }
    if !network.origins.isEmpty { rows.append(("Run from", places(network.origins))) }
    if !network.targets.isEmpty { rows.append(("Aimed at", places(network.targets))) }
    if network.activeFrom != nil || network.activeUntil != nil {
      rows.append(
        (
          "Active",
          "\(network.activeFrom.map { "\($0)" } ?? "?") to \(network.activeUntil.map { "\($0)" } ?? "?")"
        ))
    }
    if let policy = network.policy { rows.append(("Removed for", text(policy, limit: 300))) }
    if !network.topics.isEmpty {
      rows.append(("Topics", text(network.topics.joined(separator: "; "), limit: 1_000)))
    }
    if let attribution = network.attribution {
      var cell: String
      switch attribution.wording {
      case .verbatim:
        cell = "<q>\(text(attribution.statement))</q>"
      case .paraphrase:
        cell =
          text(attribution.statement)
          + " <span class=\"paraphrase\">(paraphrased by \(text(attribution.paraphrasedBy ?? "another source", limit: 200)), not the platform's words)</span>"
      }
      let named = attribution.organizations.map { id in
        sources.organizationNames[id] ?? id
      }
      if !named.isEmpty {
        cell +=
          " <span class=\"named\">Names \(text(named.joined(separator: ", "), limit: 500))</span>"
      }
      if let source = attribution.source { cell += " " + sources.cite(source) }
      rows.append(("Attributed to", cell))
    }
    if let detection = network.detection {
      var cell = text(detection.method, limit: 300)
      if !detection.by.isEmpty {
        cell += ", by " + text(detection.by.joined(separator: ", "), limit: 300)
      }
      if let source = detection.source { cell += " " + sources.cite(source) }
      rows.append(("Found by", cell))
    }
    if let spend = network.adSpend {
      var cell = figure(spend.amount, sources, unit: spend.currency)
      if !spend.paidIn.isEmpty {
        cell += ", paid in " + text(spend.paidIn.joined(separator: ", "), limit: 200)
      }
      if spend.firstAd != nil || spend.lastAd != nil {
        cell +=
          ", ads from \(spend.firstAd.map { "\($0)" } ?? "?") to \(spend.lastAd.map { "\($0)" } ?? "?")"
      }
      rows.append(("Ad spend", cell))
    }
    if !network.sources.isEmpty {
      rows.append(("Sources", network.sources.map { sources.cite($0) }.joined(separator: " ")))
    }
    guard !rows.isEmpty else { return }
    out += "<dl class=\"facts\">\n"
    for (term, value) in rows { out += "<dt>\(term)</dt><dd>\(value)</dd>\n" }
    out += "</dl>\n"
  }

  /// A figure's words and what it counts (`unit`, from data), a link to its
  /// source, and its note.
  func figure(_ figure: ReportedFigure, _ sources: SourceLinks, unit: String? = nil) -> String {
    var cell = text(FigureWords.figure(figure, exact: true) ?? "not given", limit: nil)
    if let unit { cell += " " + text(unit, limit: 100) }
    if let source = figure.source { cell += " " + sources.cite(source) }
    if let note = figure.note { cell += "<span class=\"note\">\(text(note, limit: 1_000))</span>" }
    return cell
  }

  /// - Parameter totalDisagrees: Whether validation found the report's
  ///   total at odds with its parts (said beside the total).
  mutating func figuresTable(_ network: Network, sources: SourceLinks, totalDisagrees: Bool) {
    let reported = network.reported
    let itemized = ItemizedReach(assets: network.assets)
    let reportedKinds = Set(
      reported.counts.entries.map(\.kind) + reported.audiences.entries.map(\.kind))
    let kinds = reportedKinds.union(itemized.assets.kinds).sorted()
    guard !kinds.isEmpty || reported.total != nil else {
      out += "<p class=\"empty\">The report gives no counts for this network.</p>\n"
      return
    }
    let hasItemized = itemized.assets.total > 0
    out += "<table class=\"figures\">\n<thead><tr><th scope=\"col\">Kind</th>"
    out += "<th scope=\"col\" class=\"number\">Removed</th>"
    out += "<th scope=\"col\" class=\"number\">Accounts that followed or joined at least one</th>"
    if hasItemized {
      out += "<th scope=\"col\" class=\"number\">Itemized here</th>"
      out += "<th scope=\"col\" class=\"number\">Their followers and members, summed*</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for kind in kinds {
      out += "<tr><th scope=\"row\">\(text(kind.pluralLabel, limit: 100))</th>"
      out += "<td class=\"number\">\(reported.counts[kind].map { figure($0, sources) } ?? "–")</td>"
      // The noun only when it is neither: "20,000 to 25,000 subscribers".
      let noun = kind.audienceNoun.flatMap { $0 == "followers" || $0 == "members" ? nil : $0 }
      let audience =
        reported.audiences[kind].map { figure($0, sources, unit: $0.value == nil ? nil : noun) }
        ?? "–"
      out += "<td class=\"number\">\(audience)</td>"
      if hasItemized {
        out += "<td class=\"number\">\(groupedDigits(itemized.assets[kind]))</td>"
        out += "<td class=\"number\">\(groupedDigits(itemized.summed(kind)))</td>"
      }
      out += "</tr>\n"
    }
    if let total = reported.total {
      let covers = FigureWords.list(total.covers.map(\.pluralLabel), conjunction: "and")
      out +=
        "<tr class=\"total\"><th scope=\"row\">Total the report gives"
        + (covers.isEmpty ? "" : " (\(text(covers, limit: 300)))") + "</th>"
      out += "<td class=\"number\">\(figure(total.figure, sources))"
      if totalDisagrees {
        out += "<span class=\"mismatch\">does not add up: see below</span>"
      }
      out += "</td><td></td>"
      if hasItemized { out += "<td></td><td></td>" }
      out += "</tr>\n"
    }
    out += "</tbody>\n</table>\n"
    if hasItemized {
      out +=
        "<p class=\"footnote\">* Summed followers and members are an upper bound on the people "
        + "reached: anyone who follows two assets is counted twice.</p>\n"
    }
  }

  /// The validation findings about one network: a total that does not add
  /// up, a figure out of line with another document's.
  mutating func checks(_ findings: [Finding]) {
    guard !findings.isEmpty else { return }
    out += "<ul class=\"checks\">\n"
    for finding in findings {
      out +=
        "<li class=\"\(finding.severity.rawValue)\"><span class=\"severity\">\(Self.word(finding.severity))</span> "
        + "\(text(finding.message)) <span class=\"code\">\(text(finding.code, limit: 100))</span></li>\n"
    }
    out += "</ul>\n"
  }

  static func word(_ severity: Finding.Severity) -> String {
    switch severity {
    case .error: "Error"
    case .warning: "Warning"
    case .info: "Note"
    }
  }

  mutating func notes(_ notes: [String]) {
    guard !notes.isEmpty else { return }
    out += "<ul class=\"notes\">\n"
    for note in notes { out += "<li>\(text(note))</li>\n" }
    out += "</ul>\n"
  }

  mutating func sources(_ sources: [Source], number: Int) {
    guard !sources.isEmpty else { return }
    out += "<section class=\"sources\">\n<h3>Sources</h3>\n<ol>\n"
    for source in sources {
      var line = "<span class=\"id\">\(text(source.id, limit: 200))</span> "
      line += text(source.publisher, limit: 200)
      if let title = source.title {
        line += ": " + HTMLText.link(title, to: source.url, limit: 500)
      } else if let url = source.url {
        line += ": " + HTMLText.link(url, to: url, limit: 500)
      }
      if let date = source.published { line += ", \(date)" }
      line += source.kind == .primary ? " (the platform's own)" : " (secondary)"
      out += "<li>\(line)</li>\n"
    }
    out += "</ol>\n</section>\n"
  }

  // MARK: - Itemized data

  mutating func itemized(_ itemized: ReportPage.Itemized) {
    let graph = itemized.graph
    let analysis = itemized.components
    out += "<section class=\"itemized\" id=\"itemized\">\n<h2>Itemized data</h2>\n"
    out += "<h3>Connected components</h3>\n"
    out +=
      "<p>\(counted(analysis.count, "component")) · largest \(counted(analysis.largest, "asset")) · "
      + "\(counted(analysis.singletons, "singleton")) · \(counted(analysis.nodeCount, "asset")), "
      + "\(counted(analysis.edgeCount, "relation"))</p>\n"
    let shown = (0..<min(ReportPage.shownRows, analysis.count)).map { analysis.summary(at: $0) }
    if !shown.isEmpty {
      var kinds = Set<AssetKind>()
      for component in shown { kinds.formUnion(component.kinds.kinds) }
      let columns = kinds.sorted()
      out += "<table class=\"components\">\n<thead><tr><th scope=\"col\" class=\"number\">#</th>"
      out += "<th scope=\"col\" class=\"number\">Assets</th>"
      for kind in columns {
        let label = kind.pluralLabel
        out +=
          "<th scope=\"col\" class=\"number\">"
          + text(label.prefix(1).uppercased() + label.dropFirst(), limit: 100) + "</th>"
      }
      out += "<th scope=\"col\" class=\"number\">Followers and members, summed*</th>"
      if itemized.distinctAudience != nil {
        out += "<th scope=\"col\" class=\"number\">Distinct audience</th>"
      }
      out += "<th scope=\"col\">First asset</th></tr></thead>\n<tbody>\n"
      for (rank, component) in shown.enumerated() {
        out += "<tr><td class=\"number\">\(rank + 1)</td>"
        out += "<td class=\"number\">\(groupedDigits(component.size))</td>"
        for kind in columns {
          out += "<td class=\"number\">\(groupedDigits(component.kinds[kind]))</td>"
        }
        out += "<td class=\"number\">\(groupedDigits(component.audienceSummed))</td>"
        if let distinct = itemized.distinctAudience, rank < distinct.count {
          out += "<td class=\"number\">\(groupedDigits(distinct[rank]))</td>"
        }
        out += "<td>\(asset(analysis.firstNodes[rank], graph))</td></tr>\n"
      }
      out += "</tbody>\n</table>\n"
      if shown.count < analysis.count {
        out +=
          "<p class=\"more\">… and \(counted(analysis.count - shown.count, "more component")).</p>\n"
      }
      out +=
        "<p class=\"footnote\">* Summed followers and members are an upper bound: anyone in two "
        + "audiences is counted twice.</p>\n"
    }
    if let matrix = itemized.audienceOverlap { audienceOverlap(matrix, graph) }
    for (title, groups) in [
      ("networks", itemized.networks), ("reports", itemized.reports),
      ("organisations", itemized.organizations),
    ] where !groups.isEmpty {
      groupOverlap(title: title, groups)
    }
    out += "</section>\n"
  }

  /// An asset by id, and name when it has one.
  func asset(_ node: NodeIndex, _ graph: AssetGraph) -> String {
    var cell = "<span class=\"id\">\(text(graph.id(of: node), limit: 100))</span>"
    if let name = graph.name(of: node), !name.isEmpty { cell += " " + text(name, limit: 100) }
    return cell
  }

  mutating func audienceOverlap(_ matrix: AudienceOverlapMatrix, _ graph: AssetGraph) {
    let ranked = matrix.ranked(minimumJaccard: 0)
    let shown = ranked.prefix(ReportPage.shownRows)
    out += "<h3>Audience overlap between assets</h3>\n"
    out +=
      "<p>The \(counted(matrix.assets.count, "asset")) with the largest audience lists, compared "
      + "pairwise: \(counted(matrix.pairs.count, "pair")), "
      + "\(counted(matrix.pairs.count { $0.intersection > 0 }, "pair")) sharing accounts.</p>\n"
    guard !shown.isEmpty else { return }
    out += "<table class=\"pairs\">\n<thead><tr><th scope=\"col\">A</th><th scope=\"col\">B</th>"
    out += "<th scope=\"col\" class=\"number\">Accounts in both</th>"
    out += "<th scope=\"col\" class=\"number\">Jaccard</th>"
    out += "<th scope=\"col\" class=\"number\">Overlap</th>"
    out += "<th scope=\"col\" class=\"number\">Audience of A</th>"
    out += "<th scope=\"col\" class=\"number\">Audience of B</th></tr></thead>\n<tbody>\n"
    for pair in shown {
      out += "<tr><td>\(asset(pair.a, graph))</td><td>\(asset(pair.b, graph))</td>"
      out += "<td class=\"number\">\(groupedDigits(pair.intersection))</td>"
      out += "<td class=\"number\">\(DecimalText.fourPlaces(pair.jaccard))</td>"
      out += "<td class=\"number\">\(DecimalText.fourPlaces(pair.overlapCoefficient))</td>"
      out += "<td class=\"number\">\(groupedDigits(pair.sizeA))</td>"
      out += "<td class=\"number\">\(groupedDigits(pair.sizeB))</td></tr>\n"
    }
    out += "</tbody>\n</table>\n"
    if shown.count < ranked.count {
      out += "<p class=\"more\">… and \(counted(ranked.count - shown.count, "more pair")).</p>\n"
    }
    out +=
      "<p class=\"footnote\">Jaccard: accounts in both over accounts in either; overlap: accounts "
      + "in both over the smaller audience.</p>\n"
  }

  mutating func groupOverlap(title: String, _ groups: [GroupOverlap]) {
    out += "<h3>What \(title) share</h3>\n"
    out += "<table class=\"shared\">\n<thead><tr><th scope=\"col\">A</th><th scope=\"col\">B</th>"
    out += "<th scope=\"col\" class=\"number\">Shared assets</th>"
    out += "<th scope=\"col\">Shared organisations</th><th scope=\"col\">Shared networks</th>"
    out += "<th scope=\"col\" class=\"number\">Shared audience</th></tr></thead>\n<tbody>\n"
    for group in groups {
      out += "<tr><td>\(text(group.a, limit: 200))</td><td>\(text(group.b, limit: 200))</td>"
      out += "<td class=\"number\">\(groupedDigits(group.sharedAssets.count))</td>"
      out += "<td>\(text(group.sharedOrganizations.joined(separator: ", "), limit: 500))</td>"
      out += "<td>\(text(group.sharedNetworks.joined(separator: ", "), limit: 500))</td>"
      out += "<td class=\"number\">\(group.sharedAudience.map(groupedDigits) ?? "–")</td></tr>\n"
    }
    out += "</tbody>\n</table>\n"
  }

  // MARK: - Validation

  mutating func findings(_ documents: [ReportPage.Document]) {
    let all = documents.flatMap { document in document.findings.map { (document.file, $0) } }
    let errors = all.count { $0.1.severity == .error }
    let warnings = all.count { $0.1.severity == .warning }
    let notes = all.count { $0.1.severity == .info }
    out += "<section class=\"findings\" id=\"findings\">\n<h2>What validation found</h2>\n"
    out +=
      "<p>\(counted(errors, "error")), \(counted(warnings, "warning")), \(counted(notes, "note")) "
      + "in \(counted(documents.count, "input")): figures checked against their parts, itemized "
      + "data against reported counts, references, identifiers, and documents about the same "
      + "network against each other.</p>\n"
    guard !all.isEmpty else {
      out += "</section>\n"
      return
    }
    out += "<table class=\"validation\">\n<thead><tr><th scope=\"col\">Severity</th>"
    out += "<th scope=\"col\">Where</th><th scope=\"col\">Finding</th>"
    out += "<th scope=\"col\">Code</th></tr></thead>\n<tbody>\n"
    for (file, finding) in all {
      var place = fileName(finding.location?.file ?? file)
      if let line = finding.location?.line {
        place += ":\(line)"
        if let column = finding.location?.column { place += ":\(column)" }
      }
      var cell = "<span class=\"file\">\(text(place, limit: 300))</span>"
      if let path = finding.path, !path.components.isEmpty {
        cell += " <span class=\"path\">\(text(path.description, limit: 300))</span>"
      }
      let severity = finding.severity == .info ? "note" : finding.severity.rawValue
      out += "<tr class=\"\(finding.severity.rawValue)\"><td>\(severity)</td><td>\(cell)</td>"
      out +=
        "<td>\(text(finding.message))</td><td class=\"code\">\(text(finding.code, limit: 100))</td></tr>\n"
    }
    out += "</tbody>\n</table>\n</section>\n"
  }

  mutating func footer() {
    out += """
      <footer>
      <p>How figures are written: “about” is the source's approximation; “less than”, “more \
      than” and “at least” are bounds; “hedge unknown” marks a number from a compilation that \
      dropped the source's wording, which may have been any of these; “not given” is unknown, \
      not zero. A network's unique audience is given as bounds, never as a sum.</p>
      <p>Made with cibgraph report. The page runs no script and loads nothing.</p>
      </footer>
      </body>
      </html>

      """
  }
}

/// Links to a document's sources by id: the source's publisher, linked to
/// its address when it has one.
struct SourceLinks {
  let byID: [String: Source]
  /// The document's organisations' names by id, for the attributions.
  let organizationNames: [String: String]

  init(_ sources: [Source], organizations: [Organization] = []) {
    var byID: [String: Source] = [:]
    for source in sources where byID[source.id] == nil { byID[source.id] = source }
    self.byID = byID
    var names: [String: String] = [:]
    for organization in organizations where names[organization.id] == nil {
      names[organization.id] = organization.name
    }
    organizationNames = names
  }

  /// `[Facebook]`, linked; the id itself when no source has it.
  func cite(_ id: String) -> String {
    guard let source = byID[id] else {
      return "<span class=\"source\">[\(HTMLText.escaped(id, limit: 100))]</span>"
    }
    let name = source.publisher.isEmpty ? source.id : source.publisher
    return "<span class=\"source\">[\(HTMLText.link(name, to: source.url, limit: 100))]</span>"
  }
}

extension Finding {
  /// Whether the finding is about a network's reported total.
  fileprivate var isAboutTotal: Bool {
    guard let components = path?.components, components.count >= 4 else { return false }
    return components[2] == .key("reported") && components[3] == .key("total")
  }

  /// Whether the finding's path is in the network at `index` of its document.
  /// The index of the network the finding is about, from its path.
  fileprivate var networkIndex: Int? {
    guard let components = path?.components, components.count >= 2,
      components[0] == .key("networks"), case .index(let index) = components[1]
    else { return nil }
    return index
  }
}

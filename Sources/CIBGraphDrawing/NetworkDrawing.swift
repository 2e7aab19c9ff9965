import CIBGraphAnalysis
import CIBGraphCore
import CIBGraphSupport

/// What a drawing should look like beyond the defaults, given to its
/// initialiser: `DrawingOptions(layout: .neato, title: "Example")`.
public struct DrawingOptions: Sendable, Hashable {
  /// How large drawings share their writing out over the cores (tests split
  /// small drawings as large ones are).
  package var split = WorkSplit.standard
  /// The layout engine; `nil` chooses by size: `dot` up to 200 nodes and 400 edges, `sfdp` beyond.
  package var layout: LayoutEngine?
  /// Whether to draw a legend of shapes, colours and line styles.
  package var legend: Bool
  /// In larger drawings only this many itemized assets, those with the
  /// largest audiences (then the most relations), get a text label; the rest are drawn as markers
  /// sized by audience (their names stay in tooltips), so labels do not
  /// pile up.
  package var maxLabelledAssets: Int
  /// The figure's title, in place of the reports' titles.
  package var title: String?
  /// The line under the title, in place of the reports' publishers, dates
  /// and addresses.
  package var subtitle: String?
  /// Text at the foot of the figure: a credit, a note on the method.
  package var caption: String?
  /// Statements written at the end of the drawing (an overview's summary nodes).
  package var appendix: DrawingAppendix?

  /// Options for a drawing; by default the engine is chosen by size, with a
  /// legend, up to 300 assets labelled, and the reports' titles and bylines
  /// as the title and subtitle. Each option is described at the property it
  /// sets; the values are the caller's own and are not read back.
  /// - Parameters:
  ///   - layout: The layout engine; `nil` chooses by size: `dot` up to 200
  ///     nodes and 400 edges, `sfdp` beyond.
  ///   - legend: Whether to draw a legend of shapes, colours and line styles.
  ///   - maxLabelledAssets: In larger drawings only this many itemized
  ///     assets, those with the largest audiences (then the most relations),
  ///     get a text label; the rest are drawn as markers sized by audience
  ///     (their names stay in tooltips).
  ///   - title: The figure's title, in place of the reports' titles.
  ///   - subtitle: The line under the title, in place of the reports'
  ///     publishers, dates and addresses.
  ///   - caption: Text at the foot of the figure: a credit, a note on the method.
  public init(
    layout: LayoutEngine? = nil, legend: Bool = true, maxLabelledAssets: Int = 300,
    title: String? = nil, subtitle: String? = nil, caption: String? = nil
  ) {
    self.layout = layout
    self.legend = legend
    self.maxLabelledAssets = maxLabelledAssets
    self.title = title
    self.subtitle = subtitle
    self.caption = caption
  }
}

/// A drawing of one or more documents in the DOT language, in CIBGraph's
/// visual language (a shape and colour per kind of asset, a line style per
/// kind of relation): a cluster per network holding its
/// reported figures as cohort nodes ("453 Facebook accounts", "103 Pages ·
/// about 70,000 followers ≥1") and its itemized assets; the organisations
/// drawn once, outside, shared by every network attributed to them, with
/// their nesting; the reports' titles and sources as the graph's label.
///
/// The text is pure Swift and the same for the same input, byte for byte;
/// `CIBGraphviz` lays it out and renders it.
///
/// - Complexity: O(n + m) in assets and relations, plus O(n log n) to pick
///   the labelled assets of a large drawing.
public struct NetworkDrawing: Sendable {
  /// The DOT text.
  public let dot: String
  /// Nodes drawn (organisations, cohorts and assets; the legend not counted).
  package let nodeCount: Int
  /// Edges drawn (the legend not counted).
  package let edgeCount: Int
  /// The layout engine the drawing was written for.
  public let layout: LayoutEngine

  /// Draws `documents` together: an organisation they share is drawn once.
  public init(documents: [NetworkDocument], options: DrawingOptions = DrawingOptions()) {
    var builder = DrawingBuilder(documents: documents, options: options)
    builder.build()
    dot = builder.out.finished
    nodeCount = builder.nodeCount
    edgeCount = builder.edgeCount
    layout = builder.layout
  }

  /// Draws `documents` as ``init(documents:options:)`` does, handing the
  /// text to `sink` piece by piece as it is written instead of keeping it:
  /// the pieces joined are that drawing's ``dot``, byte for byte.
  /// - Returns: The layout engine the drawing was written for.
  /// - Complexity: As ``init(documents:options:)``, in memory that does not
  ///   grow with the text.
  @discardableResult
  public static func write(
    documents: [NetworkDocument], options: DrawingOptions = DrawingOptions(),
    to sink: any DOTTextSink
  ) -> LayoutEngine {
    var builder = DrawingBuilder(documents: documents, options: options)
    builder.out = DOTOutput(sink: sink)
    builder.build()
    _ = builder.out.finished
    return builder.layout
  }
}

/// Writes the DOT text of a ``NetworkDrawing``.
struct DrawingBuilder {
  let documents: [NetworkDocument]
  let options: DrawingOptions
  let layout: LayoutEngine
  /// Nodes and relations the drawing will have, legend aside.
  let plannedNodes: Int
  let plannedEdges: Int
  var out = DOTOutput()
  var nodeCount = 0
  var edgeCount = 0

  /// DOT node id of each organisation and itemized asset, by its identifier.
  private var nodes = IdentifierNumbers()
  /// Whether ``nodes`` numbers every asset before drawing starts, each
  /// listed once, so that the `n`-th asset drawn is number `n`.
  private var assetsNumbered = false
  /// Assets drawn so far, when ``assetsNumbered``.
  private var assetsDrawn = 0
  /// The DOT node ids of organisations, by number; an asset numbered `n` is `a<n>`.
  private var organizationNodes: [Int: String] = [:]
  private var labelled = IdentifierNumbers()
  private var isLarge = false
  /// Per network, in document order, the colour its members are outlined
  /// in, where layouts without clusters draw several networks.
  private var networkColours: [String] = []
  /// Whether any network has itemized assets.
  private var isItemized: Bool {
    documents.contains { $0.networks.contains { !$0.assets.isEmpty } }
  }
  /// What was drawn, for a legend of that and nothing else.
  private var drawn = DrawnElements()
  /// The attributes of an unlabelled marker before and after its tooltip,
  /// per kind and network colour, written once: they are most of a large drawing.
  private var markerTexts: [(kind: AssetKind, colour: String?, before: String, after: String)] = []
  /// Marker sizes written, by hundredths of an inch (``markerSide(audience:)``).
  private var markerSides: [String?] = []
  /// ``tooltipWords(_:)`` of each kind drawn so far.
  private var tooltipWordsByKind: [(kind: AssetKind, words: TooltipWords)] = []
  /// The legend's first node, where a report drawing's grid places it: at
  /// the end of the first row.
  private var legendAnchor: String?
  /// The organisations drawn, in order (`org0`, `org1`, …).
  private var drawnOrganizations: [Organization] = []
  /// Validation warnings shown on the figure, per network in drawing order
  /// and per document (for its title): report drawings only.
  private var networkCautions: [[String]] = []
  /// Each asset's id and audience, at its first definition, in drawing
  /// order: what the labelled assets are chosen from.
  private var distinctAssets: [(id: String, audience: CountSum)] = []
  private var documentCautions: [[String]] = []

  init(documents: [NetworkDocument], options: DrawingOptions) {
    self.documents = documents
    self.options = options
    let organizations = Set(documents.flatMap { $0.organizations.map { ByteExactID($0.id) } })
      .count
    let cohorts = documents.reduce(0) { total, document in
      total + document.networks.reduce(0) { $0 + Self.cohortKinds(of: $1).count }
    }
    let listed = documents.reduce(0) { $0 + $1.networks.reduce(0) { $0 + $1.assets.count } }
    var assets = IdentifierNumbers(capacity: listed)
    distinctAssets.reserveCapacity(listed)
    for document in documents {
      for network in document.networks {
        for asset in network.assets where assets.insert(asset.id).inserted {
          distinctAssets.append((asset.id, asset.audience))
        }
      }
    }
    plannedNodes = organizations + cohorts + assets.count
    plannedEdges = documents.reduce(0) { $0 + $1.networks.reduce(0) { $0 + $1.relations.count } }
    layout =
      options.layout ?? LayoutEngine.suggested(nodeCount: plannedNodes, edgeCount: plannedEdges)
    // Every asset listed once, and organisations drawn after them all (no
    // report grid): the numbers drawing gives them are those counted here.
    if listed == assets.count && !(layout == .dot && !isItemized) {
      nodes = assets
      assetsNumbered = true
    }
    if layout == .dot && !isItemized {
      for document in documents {
        let cautions = FigureCautions(document: document)
        networkCautions += cautions.networks
        documentCautions.append(cautions.report)
      }
    }
  }

  /// The kinds a network has a reported count or audience for.
  ///
  /// A kind reported as none (a count of 0 and no audience above 0) is not
  /// drawn as a shape: ``noneReported(in:)`` names it on the card instead.
  static func cohortKinds(of network: Network) -> [AssetKind] {
    let none = Set(noneReported(in: network))
    let kinds =
      network.reported.counts.entries.map(\.kind)
      + network.reported.audiences.entries.map(\.kind)
    return Set(kinds).filter { !$0.isActor && !none.contains($0) }.sorted()
  }

  /// The kinds a network reports none of: a count of zero with no audience
  /// above zero ("0? Groups joined by 0? accounts").
  static func noneReported(in network: Network) -> [AssetKind] {
    network.reported.counts.entries.filter { kind, count in
      guard !kind.isActor, FigureWords.isZero(count) else { return false }
      guard let audience = network.reported.audiences[kind] else { return true }
      return audience.value == 0 || audience.qualifier == .notGiven
    }.map(\.kind).sorted()
  }

  // MARK: - Writing

  private mutating func line(_ text: String, indent: Int = 1) {
    out.writeIndent(indent)
    out.write(text)
    out.write("\n")
  }

  private func attributes(_ pairs: [(String, String)]) -> String {
    "[" + pairs.map { "\($0.0)=\(DOTText.quoted($0.1))" }.joined(separator: ", ") + "]"
  }

  private mutating func node(
    _ id: String, label: [String], _ pairs: [(String, String)], indent: Int = 1
  ) {
    out.writeIndent(indent)
    out.writeQuoted(id)
    out.write(" [label=")
    out.writeQuoted(lines: label)
    out.writePairs(pairs, first: false)
    out.write("]\n")
  }

  /// A node whose label is HTML-like (`html` is markup built by ``HTMLLabel``).
  private mutating func node(
    _ id: String, html: HTMLLabel, _ pairs: [(String, String)], indent: Int = 1
  ) {
    out.writeIndent(indent)
    out.writeQuoted(id)
    out.write(" [label=<")
    out.write(html.markup)
    out.write(">")
    out.writePairs(pairs, first: false)
    out.write("]\n")
  }

  private mutating func edge(
    _ from: String, _ to: String, _ pairs: [(String, String)], indent: Int = 1
  ) {
    out.writeIndent(indent)
    out.writeQuoted(from)
    out.write(" -> ")
    out.writeQuoted(to)
    out.write(" ")
    out.writeAttributes(pairs)
    out.write("\n")
  }

  private mutating func invisibleEdge(_ from: String, _ to: String, minimumLength: Int = 1) {
    line(
      "\(DOTText.quoted(from)) -> \(DOTText.quoted(to)) [style=\"invis\""
        + (minimumLength == 1 ? "" : ", minlen=\"\(minimumLength)\"") + "]")
  }

  // MARK: - The drawing

  mutating func build() {
    if !assetsNumbered { nodes = IdentifierNumbers(capacity: plannedNodes) }
    // More than an asset's line (about 190 bytes in a large drawing) and a
    // relation's (about 60) take: pages reserved and never written cost nothing.
    out.reserveCapacity(plannedNodes * 256 + plannedEdges * 96)
    chooseLabelledAssets()
    out.write("digraph \"cibgraph\" {\n")
    line("graph " + attributes(graphAttributes()))
    line("graph [label=<\(titleLabel().markup)>]")
    line(
      "node "
        + attributes([
          ("fontname", DrawingStyle.fontName), ("fontsize", "12"), ("style", "filled"),
          ("penwidth", "1.2"),
        ]))
    line(
      "edge "
        + attributes([
          ("fontname", DrawingStyle.fontName), ("fontsize", "11"), ("arrowsize", "0.7"),
        ])
    )
    let networks = documents.flatMap(\.networks)
    if layout != .dot && layout != .fdp && networks.count(where: { !$0.assets.isEmpty }) > 1 {
      networkColours = networks.indices.map(NetworkColours.colour)
    }
    if options.legend && layout == .dot {
      // Written first, dot puts the legend at the top left, clear of the
      // networks. What it lists depends on what is drawn, which a dry run of
      // the drawing tells: cheap, as dot draws only small drawings.
      var dryRun = self
      dryRun.out = DOTOutput()
      dryRun.drawAll()
      drawn = dryRun.drawn
      drawLegendTable()
      drawn = DrawnElements()
    }
    drawAll()
    if options.legend && layout != .dot { drawLegendTable() }
    if let appendix = options.appendix {
      out.write(appendix.statements)
      nodeCount += appendix.nodeCount
      edgeCount += appendix.edgeCount
    }
    if layout == .dot, let caption = options.caption, !caption.isEmpty {
      // Alone on the last rank: under everything else.
      var label = HTMLLabel()
      for text in wrapped(caption, width: 110) { label.line(text, size: 11, color: "#424242") }
      node("caption", html: label, [("shape", "plaintext"), ("style", "")])
      line("{ rank=\"sink\"; \"caption\" }")
    }
    out.write("}\n")
  }

  /// The networks, organisations, attributions and relations.
  private mutating func drawAll() {
    let networks = documents.flatMap(\.networks)
    // Report drawings: each network in an unseen cell with the organisations
    // only it is attributed to, so that they sit under its card and the
    // cells pack in a grid (``arrangeInGrid(_:cells:)``).
    let cells = layout == .dot && !isItemized ? OrganizationCells(documents: documents) : nil
    var clusters: [DrawnNetwork] = []
    for (index, network) in networks.enumerated() {
      guard let cells else {
        clusters.append(drawNetwork(network, cluster: index))
        continue
      }
      line("subgraph \(DOTText.quoted("cluster_cell_\(index)")) {")
      line("graph [peripheries=\"0\", label=\"\", margin=\"4\"]", indent: 2)
      clusters.append(drawNetwork(network, cluster: index, bordered: true))
      for organization in cells.organizations[index] { drawOrganization(organization) }
      line("}")
    }
    for document in documents {
      for organization in document.organizations { drawOrganization(organization) }
    }
    drawPartOf()
    for (network, cluster) in zip(networks, clusters) {
      drawAttribution(network, from: cluster)
    }
    if let cells { arrangeInGrid(clusters, cells: cells) }
    drawRelations()
  }

  /// The title (the reports' titles, or `--title`) over the subtitle (the
  /// reports' publishers, dates and addresses, or `--subtitle`); in layouts
  /// other than dot the caption too, as they cannot place a node at the foot.
  private func titleLabel() -> HTMLLabel {
    var label = HTMLLabel()
    let shown = documents.prefix(Self.titledDocuments)
    let titles = options.title.map { [$0] } ?? shown.map(\.report.title)
    for title in titles { label.line(title, size: 20, bold: true) }
    let bylines =
      options.subtitle.map { [$0] }
      ?? shown.map { document in
        let report = document.report
        var byline = report.publisher
        if let date = report.published { byline += ", \(date)" }
        if let url = report.url { byline += " · \(url)" }
        return byline
      }
    for (index, byline) in bylines.enumerated() where !byline.isEmpty {
      label.line(byline, size: 12, color: "#424242")
      guard options.subtitle == nil, documentCautions.indices.contains(index) else { continue }
      for caution in documentCautions[index] {
        label.line(caution, size: 12, color: DrawingStyle.cautionColor)
      }
    }
    if options.title == nil && documents.count > Self.titledDocuments {
      label.line(
        "and \(CIBGraphCore.counted(documents.count - Self.titledDocuments, "more report"))",
        size: 12,
        color: "#424242")
    }
    if layout != .dot, let caption = options.caption, !caption.isEmpty {
      for text in wrapped(caption, width: 110) { label.line(text, size: 11, color: "#424242") }
    }
    return label
  }

  /// Reports named in a drawing's title; more are counted.
  static let titledDocuments = 6

  private func graphAttributes() -> [(String, String)] {
    var pairs: [(String, String)] = [
      ("labelloc", "t"), ("fontname", DrawingStyle.fontName),
      ("fontsize", "16"), ("layout", layout.rawValue), ("outputorder", "edgesfirst"),
      ("pad", "0.3"),
    ]
    switch layout {
    case .dot:
      // Left to right: a network's figures stack in a column under its card
      // (they share a rank, so no edge inside the cluster is needed: Graphviz
      // 2.42 keeps memory of every edge inside a cluster it lays out), the
      // organisations it is attributed to beside it.
      pairs += [
        ("rankdir", "LR"), ("compound", "true"), ("newrank", "true"),
        ("nodesep", "0.3"),
        ("ranksep", "0.45"),
      ]
    case .neato, .fdp, .sfdp:
      // "prism" removes overlaps between nodes and their labels; "true" keeps
      // them (Graphviz's "false" would remove them too, at twice the cost).
      let overlap = plannedNodes <= LayoutEngine.overlapRemovalLimit ? "prism" : "true"
      // Spline routing around nodes ("true") took 16 s for 200 nodes with sfdp
      // here; curved edges take 0.2 s and read as well.
      // Curved edges cost little with few edges but ran for minutes with 3,000
      // (an audience-overlap network): straight lines beyond a few hundred.
      let curved = !isLarge && plannedEdges <= LayoutEngine.dotEdgeLimit
      pairs += [("overlap", overlap), ("splines", curved ? "curved" : "false"), ("sep", "+6")]
      if isLarge { pairs.append(("forcelabels", "false")) }
    case .circo, .twopi:
      pairs += [("overlap", "false")]
    }
    return pairs
  }

  /// In a large drawing, only the assets with the largest audiences get labels.
  private mutating func chooseLabelledAssets() {
    let assets = distinctAssets
    distinctAssets = []
    isLarge = assets.count > options.maxLabelledAssets
    guard isLarge else { return }
    // Largest audience first; among equals, the most linked (the operators),
    // then the first drawn. Every asset with an audience above the last one
    // labelled is labelled whatever its links, so links are counted only
    // for the assets tied at that audience: a small table, where counting
    // every asset's links took a lookup in a table of them all per end of
    // every relation.
    let limit = options.maxLabelledAssets
    guard limit > 0 else { return }
    let audiences = assets.map(\.audience)
    let boundary = Self.largest(limit, of: audiences)
    let above = audiences.indices.filter { audiences[$0] > boundary }.sorted {
      audiences[$0] != audiences[$1] ? audiences[$0] > audiences[$1] : $0 < $1
    }
    var tied = audiences.indices.filter { audiences[$0] == boundary }
    let wanted = limit - above.count
    if tied.count > wanted {
      var degree = [ByteExactID: Int](minimumCapacity: tied.count)
      for index in tied { degree[ByteExactID(assets[index].id)] = 0 }
      func count(_ end: String) {
        if let slot = degree.index(forKey: ByteExactID(end)) { degree.values[slot] += 1 }
      }
      for document in documents {
        for network in document.networks {
          for relation in network.relations {
            count(relation.source)
            count(relation.target)
          }
        }
      }
      let degrees = tied.map { degree[ByteExactID(assets[$0].id)] ?? 0 }
      let order = tied.indices.sorted {
        degrees[$0] != degrees[$1] ? degrees[$0] > degrees[$1] : tied[$0] < tied[$1]
      }
      tied = order.prefix(wanted).map { tied[$0] }
    }
    for index in above + tied.prefix(wanted) { labelled.insert(assets[index].id) }
  }

  /// The `rank`-th largest of `values` (1: the largest), for `rank` from 1
  /// to their count.
  ///
  /// Up to a few thousand, the largest values are kept in order as they
  /// come, which few of millions of values ever enter: sorting every
  /// asset's audience took more than drawing them.
  /// - Complexity: O(n · log rank) for values in random order, at most
  ///   O(n · rank) with `rank` up to 4,096; O(n log n) beyond.
  static func largest(_ rank: Int, of values: [CountSum]) -> CountSum {
    guard rank <= 4096 else { return values.sorted(by: >)[rank - 1] }
    var top: [CountSum] = []  // the largest so far, largest first
    top.reserveCapacity(rank + 1)
    for value in values where top.count < rank || value > top[rank - 1] {
      var low = 0
      var high = top.count
      while low < high {
        let middle = (low + high) / 2
        if top[middle] >= value { low = middle + 1 } else { high = middle }
      }
      top.insert(value, at: low)
      if top.count > rank { top.removeLast() }
    }
    return top[rank - 1]
  }

  /// The DOT node id of the asset or organisation numbered `number`.
  private func nodeName(_ number: Int) -> String {
    organizationNodes.isEmpty ? "a\(number)" : organizationNodes[number] ?? "a\(number)"
  }

  /// The DOT node id of the asset or organisation `id`, if it is drawn.
  private func node(of id: String) -> String? {
    nodes.number(of: id).map(nodeName)
  }

  /// Writes the quoted DOT node id of the asset or organisation numbered `number`.
  private mutating func writeNode(_ number: Int) {
    if organizationNodes.isEmpty || organizationNodes[number] == nil {
      out.writeQuotedAssetNode(number)
    } else {
      out.writeQuoted(organizationNodes[number]!)
    }
  }

  /// Draws an organisation, once: later calls with its id do nothing.
  private mutating func drawOrganization(_ organization: Organization) {
    guard !nodes.contains(organization.id) else { return }
    let id = "org\(drawnOrganizations.count)"
    organizationNodes[nodes.insert(organization.id).number] = id
    drawnOrganizations.append(organization)
    // An actor is drawn as what it is: an organisation, a person, a movement.
    let kind = organization.kind
    drawn.kinds.insert(kind)
    var label = wrapped(organization.name, width: Self.nameWidth)
    if let country = organization.country { label.append(Place.display(country)) }
    node(
      id, label: label,
      DrawingStyle.style(of: kind).shapeAttributes + [
        ("penwidth", "2"), ("fontsize", "14"),
        ("tooltip", "\(kind.singularLabel) \(organization.id)"),
      ])
    nodeCount += 1
  }

  /// How attributions and nesting are labelled. In a report drawing's
  /// cells these edges join nodes of one rank, and Graphviz 2.42's dot
  /// corrupted its heap on labelled edges of one rank across clusters (the
  /// catalogue's 2020-05 report): an external label (`xlabel`) is placed
  /// after layout and takes no part in it.
  private var edgeLabelKey: String { layout == .dot && !isItemized ? "xlabel" : "label" }

  /// The nesting of the organisations drawn.
  private mutating func drawPartOf() {
    for organization in drawnOrganizations {
      guard let parent = organization.partOf, let from = node(of: organization.id),
        let to = node(of: parent)
      else { continue }
      if layout == .dot && !isItemized {
        // Written from the parent, drawn back to it: dot then puts the
        // organisation over its parent, under the network's card.
        edge(
          to, from,
          DrawingStyle.attributes(of: .partOf).map {
            $0.0 == "arrowhead" ? ("arrowtail", $0.1) : $0
          }
            + [("dir", "back"), (edgeLabelKey, "part of")])
      } else {
        edge(from, to, DrawingStyle.attributes(of: .partOf) + [(edgeLabelKey, "part of")])
      }
      drawn.lines.insert(.partOf)
      edgeCount += 1
    }
  }

  /// What a network's cluster holds, for attribution edges and the grid.
  struct DrawnNetwork {
    /// The cluster's id (`cluster_3`), or the note node's in layouts without clusters.
    var id: String
    /// The first node drawn in it (its card in layouts without clusters).
    var top: String?
    /// The last reported count in its column, or its first asset: where
    /// attribution edges leave it.
    var bottom: String?
  }

  /// Draws a network's cluster.
  /// `bordered` draws the cluster's outline explicitly, inside a cell
  /// whose outline is hidden (Graphviz passes `peripheries` down).
  private mutating func drawNetwork(_ network: Network, cluster: Int, bordered: Bool = false)
    -> DrawnNetwork
  {
    // dot and fdp draw clusters; the other engines overlap them, so there a
    // network is a note node holding its card, tied to its members by
    // invisible edges that keep them together.
    let usesClusters = layout == .dot || layout == .fdp
    let clusterID = usesClusters ? "cluster_\(cluster)" : "network_\(cluster)"
    var drawnNetwork = DrawnNetwork(id: clusterID)
    line("subgraph \(DOTText.quoted(clusterID)) {")
    let card = networkCard(network, networkIndex: cluster)
    if usesClusters {
      line(
        "graph "
          + attributes(
            [
              ("labeljust", "l"), ("style", "rounded"), ("color", "#9E9E9E"), ("margin", "12"),
            ] + (bordered ? [("peripheries", "1")] : [])),
        indent: 2)
      line("graph [label=<\(card.markup)>]", indent: 2)
    } else {
      drawnNetwork.top = "n\(cluster)"
      let colour = networkColours.indices.contains(cluster) ? networkColours[cluster] : nil
      node(
        "n\(cluster)", html: card,
        [("shape", "note"), ("fillcolor", "#F5F5F5"), ("color", colour ?? "#9E9E9E")]
          + (colour == nil ? [] : [("penwidth", "3")]), indent: 2)
      nodeCount += 1
    }
    var members: [String] = []
    var previousCohort: String?
    for kind in Self.cohortKinds(of: network) {
      let id = "c\(cluster)_\(kind.name)"
      drawnNetwork.top = drawnNetwork.top ?? id
      members.append(id)
      drawCohort(id, kind: kind, network: network)
      previousCohort = id
      nodeCount += 1
    }
    drawnNetwork.bottom = previousCohort
    if layout == .dot && members.count > 1 {
      // One column: the grid moves a network by its first count.
      line(
        "{ rank=\"same\"; " + members.map { DOTText.quoted($0) }.joined(separator: "; ") + " }",
        indent: 2)
    }
    // Without clusters the note is tied to its cohorts, drawn, and to the
    // network's largest asset, unseen: tying it to many assets pulled
    // assets of separate components into one pile around it.
    var largest: (id: String, audience: CountSum)?
    let colour = networkColours.indices.contains(cluster) ? networkColours[cluster] : nil
    if assetsNumbered {
      // Every asset is drawn, numbered in order: the text is written in runs.
      let assets = network.assets
      let first = assetsDrawn
      assetsDrawn += assets.count
      var largestIndex: Int?
      for (index, asset) in assets.enumerated() {
        if usesClusters, members.count < 64 { members.append("a\(first + index)") }
        if largestIndex == nil || asset.audience > assets[largestIndex!].audience {
          largestIndex = index
        }
      }
      if let largestIndex {
        let id = "a\(first + largestIndex)"
        largest = (id, assets[largestIndex].audience)
        drawnNetwork.top = drawnNetwork.top ?? "a\(first)"
        drawnNetwork.bottom = drawnNetwork.bottom ?? "a\(first)"
      }
      inRuns(assets.count, bytesEach: 256) { builder, run in
        for index in run {
          builder.drawAsset(assets[index], id: "a\(first + index)", networkColour: colour)
        }
      }
      nodeCount += assets.count
    }
    for asset in network.assets where !assetsNumbered {
      let (number, inserted) = nodes.insert(asset.id)
      guard inserted else { continue }
      let id = "a\(number)"
      drawnNetwork.top = drawnNetwork.top ?? id
      drawnNetwork.bottom = drawnNetwork.bottom ?? id
      if usesClusters, members.count < 64 { members.append(id) }
      if largest == nil || asset.audience > largest!.audience { largest = (id, asset.audience) }
      drawAsset(asset, id: id, networkColour: colour)
      nodeCount += 1
    }
    if !usesClusters, let hub = drawnNetwork.top {
      for member in members where member != hub {
        line(
          "\(DOTText.quoted(hub)) -> \(DOTText.quoted(member)) "
            + "[style=\"dashed\", color=\"\(colour ?? "#9E9E9E")\", arrowhead=\"none\"]",
          indent: 2)
      }
      if let largest, largest.id != hub {
        line(
          "\(DOTText.quoted(hub)) -> \(DOTText.quoted(largest.id)) [style=\"invis\"]", indent: 2)
      }
      drawnNetwork.bottom = hub
    }
    line("}")
    return drawnNetwork
  }

  /// A reported count: "24 Pages" in type sized by its audience, over
  /// "followed by about 2.8 million accounts"; dashed, as a number and not an asset.
  private mutating func drawCohort(_ id: String, kind: AssetKind, network: Network) {
    let style = DrawingStyle.style(of: kind)
    let count = network.reported.counts[kind]
    let audience = network.reported.audiences[kind]
    drawn.kinds.insert(kind)
    drawn.cohorts = true
    let bound = audience?.upperBound ?? audience?.lowerBound
    if bound != nil { drawn.sizes = true }
    var label = HTMLLabel()
    let countText = count.flatMap { figureText($0) } ?? ""
    let noun = count.map { FigureWords.isOne($0) } == true ? kind.singularLabel : kind.pluralLabel
    let notCounted = count?.qualifier == .notGiven ? " (count not given)" : ""
    label.line(
      countText.isEmpty ? noun + notCounted : "\(countText) \(noun)",
      size: DrawingStyle.cohortFontSize(audience: bound.map { CountSum($0) }))
    if let audience {
      if audience.qualifier == .hedgeUnknown { drawn.hedgeUnknown = true }
      label.line(FigureWords.cohortAudience(audience, kind: kind), size: 12)
    }
    node(
      id, html: label,
      style.shapeAttributes + [
        (
          "style",
          (["filled", "dashed"] + (style.extraStyle.map { [$0] } ?? [])).joined(separator: ",")
        ),
        ("tooltip", "reported for \(network.name)"),
      ], indent: 2)
  }

  /// A figure in words, noting that the legend must explain a hedge mark.
  private mutating func figureText(_ figure: ReportedFigure) -> String? {
    if figure.qualifier == .hedgeUnknown { drawn.hedgeUnknown = true }
    return FigureWords.figure(figure)
  }

  /// A count and an audience noun given in the plural ("followers",
  /// "subscribers"): "1 follower", "2 followers".
  private static func counted(_ value: some BinaryInteger, _ plural: String) -> String {
    CIBGraphCore.counted(value, singular(plural), plural)
  }

  /// The singular of an audience noun given in the plural: "follower".
  private static func singular(_ plural: String) -> String {
    plural.hasSuffix("s") ? String(plural.dropLast()) : plural
  }

  /// Draws an asset; `networkColour` outlines it as a member of its network.
  private mutating func drawAsset(_ asset: Asset, id: String, networkColour: String?) {
    let style = DrawingStyle.style(of: asset.kind)
    drawn.kinds.insert(asset.kind)
    let kind = asset.kind
    let words = tooltipWords(kind)
    var tooltip = words.label
    tooltip += " "
    tooltip += asset.id
    if let name = asset.name, !name.isEmpty {
      tooltip += ": "
      tooltip += VisibleText.safe(name, limit: 300)
    }
    if let followers = asset.followers {
      tooltip += " · "
      tooltip += groupedDigits(followers)
      tooltip += followers == 1 ? words.follower : words.followers
    }
    if let members = asset.members {
      tooltip += " · "
      tooltip += groupedDigits(members)
      tooltip += members == 1 ? words.member : words.members
    }
    let audience = asset.followers == nil && asset.members == nil ? nil : asset.audience
    if audience != nil { drawn.sizes = true }
    if isLarge && !labelled.contains(asset.id) {
      // The attributes the pairs below would give, in their order, from text
      // made once per kind and colour.
      let texts = markerText(kind, style: style, networkColour: networkColour)
      let side = markerSide(audience: asset.audience)
      out.writeIndent(2)
      out.writeQuoted(id)
      out.write(" [label=\"\"")
      out.write(texts.before)
      out.write(", tooltip=")
      out.writeQuoted(tooltip)
      out.write(texts.after)
      out.write(", width=")
      out.writeQuoted(side)
      out.write(", height=")
      out.writeQuoted(side)
      out.write(", fixedsize=\"true\"]\n")
      return
    }
    var pairs = style.shapeAttributes + [("tooltip", tooltip)]
    if let networkColour {
      pairs = pairs.filter { $0.0 != "color" } + [("color", networkColour), ("penwidth", "2.5")]
    }
    if let extra = style.extraStyle { pairs.append(("style", "filled,\(extra)")) }
    if isLarge {
      // A labelled marker: Graphviz places the name beside it and leaves it
      // out where it would cover another (forcelabels=false), so the most
      // important names show and none overlap.
      let side = DrawingNumber.decimal(DrawingStyle.markerSize(audience: asset.audience), places: 2)
      var label = [
        VisibleText.safe(asset.name.flatMap { $0.isEmpty ? nil : $0 } ?? asset.id, limit: 32)
      ]
      if let audience { label.append(Self.counted(audience, asset.kind.audienceWord)) }
      pairs += [
        ("width", side), ("height", side), ("fixedsize", "true"), ("fontsize", "9"),
      ]
      out.writeIndent(2)
      out.writeQuoted(id)
      out.write(" [label=\"\", xlabel=")
      out.writeQuoted(lines: label)
      out.writePairs(pairs, first: false)
      out.write("]\n")
    } else {
      var label = [
        VisibleText.safe(asset.name.flatMap { $0.isEmpty ? nil : $0 } ?? asset.id, limit: 48)
      ]
      if let audience { label.append(Self.counted(audience, asset.kind.audienceWord)) }
      pairs.append(("fontsize", DrawingNumber.decimal(DrawingStyle.fontSize(audience: audience))))
      node(id, label: label, pairs, indent: 2)
    }
  }

  /// The attributes of an unlabelled marker of `kind` before its tooltip
  /// (its shape and colours) and after it (its network's outline, its style),
  /// each as `, key="value"`.
  private mutating func markerText(
    _ kind: AssetKind, style: DrawingStyle.KindStyle, networkColour: String?
  ) -> (before: String, after: String) {
    if let known = markerTexts.first(where: { $0.kind == kind && $0.colour == networkColour }) {
      return (known.before, known.after)
    }
    func text(_ pairs: [(String, String)]) -> String {
      pairs.map { ", \($0.0)=\(DOTText.quoted($0.1))" }.joined()
    }
    var before = style.shapeAttributes
    var after: [(String, String)] = []
    if let networkColour {
      before = before.filter { $0.0 != "color" }
      after += [("color", networkColour), ("penwidth", "2.5")]
    }
    if let extra = style.extraStyle { after.append(("style", "filled,\(extra)")) }
    let made = (kind: kind, colour: networkColour, before: text(before), after: text(after))
    markerTexts.append(made)
    return (made.before, made.after)
  }

  /// The side of an unlabelled marker for `audience`, as written.
  ///
  /// Each side is written once and then found by its hundredths of an inch
  /// (a few hundred at most): audiences differ from asset to asset, and
  /// formatting a number for each of millions of markers cost a fifth of
  /// drawing them.
  private mutating func markerSide(audience: CountSum) -> String {
    let hundredths = DrawingNumber.scaled(DrawingStyle.markerSize(audience: audience), places: 2)
    if markerSides.indices.contains(hundredths), let side = markerSides[hundredths] { return side }
    let side = DrawingNumber.decimal(scaled: hundredths, places: 2)
    if (0..<Self.markerSidesKept).contains(hundredths) {
      if markerSides.count <= hundredths {
        markerSides += repeatElement(nil, count: hundredths + 1 - markerSides.count)
      }
      markerSides[hundredths] = side
    }
    return side
  }

  /// Sides up to 40.95 inches are kept once written: past any audience's.
  private static let markerSidesKept = 4096

  /// The words of a tooltip for an asset of `kind`, each made once per kind
  /// and builder: "Facebook account", and " follower" and " followers",
  /// " member" and " members" after a count, in the kind's own words.
  private mutating func tooltipWords(_ kind: AssetKind) -> TooltipWords {
    if let known = tooltipWordsByKind.first(where: { $0.kind == kind }) { return known.words }
    func nouns(_ plural: String) -> (one: String, more: String) {
      (" \(Self.singular(plural))", " \(plural)")
    }
    let followers = nouns(kind.audienceIsMembers ? "followers" : kind.audienceWord)
    let members = nouns(kind.audienceIsMembers ? kind.audienceWord : "members")
    let words = TooltipWords(
      label: kind.singularLabel, follower: followers.one, followers: followers.more,
      member: members.one, members: members.more)
    tooltipWordsByKind.append((kind, words))
    return words
  }

  private mutating func drawAttribution(_ network: Network, from cluster: DrawnNetwork) {
    guard let attribution = network.attribution, let anchor = cluster.bottom else { return }
    for organization in attribution.organizations {
      guard let target = node(of: organization) else { continue }
      var pairs =
        DrawingStyle.attributes(of: .attributedTo) + [
          (edgeLabelKey, "attributed to"), ("fontcolor", "#B2182B"),
        ]
      if layout == .dot { pairs.append(("ltail", cluster.id)) }  // edge leaves the cluster's border
      edge(anchor, target, pairs)
      drawn.lines.insert(.attributedTo)
      edgeCount += 1
    }
  }

  /// In dot, report networks (figures, no itemized assets) are laid out in
  /// a grid of cells, each a network's card and counts over the
  /// organisations attributed to it, all in one rank (a column, left to
  /// right): a network's first count points to the next one's in its row,
  /// one rank on; the rows stack. An organisation several networks share is
  /// drawn beside the first of them.
  private mutating func arrangeInGrid(_ clusters: [DrawnNetwork], cells: OrganizationCells) {
    for (index, cluster) in clusters.enumerated() {
      guard let top = cluster.top else { continue }
      let beside =
        cells.organizations[index]
        + cells.shared.filter { cells.firstNetwork[ByteExactID($0.id)] == index }
      let ids = beside.compactMap { node(of: $0.id) }
      guard !ids.isEmpty else { continue }
      line(
        "{ rank=\"same\"; " + ([top] + ids).map { DOTText.quoted($0) }.joined(separator: "; ")
          + " }")
    }
    let columns = Self.gridColumns(networks: clusters.count)
    if let legendAnchor, let last = clusters.prefix(columns).last?.top {
      invisibleEdge(last, legendAnchor)
    }
    guard clusters.count > 1 else { return }
    for index in clusters.indices.dropLast() where (index + 1) % columns != 0 {
      guard let from = clusters[index].top, let to = clusters[index + 1].top else { continue }
      invisibleEdge(from, to)
    }
  }

  /// Cells per row: a cell (a card over its counts and organisations) is
  /// about half as wide as tall, so about √(2.5 n) to a row keeps the grid
  /// near a landscape page; the rows that takes are then filled evenly, so
  /// that no row is left nearly empty: 3 networks in one row, 4 in two rows
  /// of 2, 5 in rows of 3 and 2, 8 in two rows of 4.
  static func gridColumns(networks: Int) -> Int {
    guard networks > 2 else { return max(1, networks) }
    let target = max(1, Int((2.5 * Double(networks)).squareRoot().rounded()))
    let rows = (networks + target - 1) / target
    return (networks + rows - 1) / rows
  }

  private mutating func drawRelations() {
    // Widths are relative to the heaviest relation of each type drawn:
    // Jaccard indexes (0 to 1) and coordination counts (3 to thousands) alike.
    var heaviest: [RelationType: Double] = [:]
    var drawnRelations = 0
    for document in documents {
      for network in document.networks {
        for relation in network.relations {
          let weight = relation.weight.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
          // Past the limit the count of drawn relations no longer matters:
          // only weighted ones need looking up (two hash lookups each).
          guard weight != nil || drawnRelations <= Self.labelledRelationLimit,
            nodes.contains(relation.source), nodes.contains(relation.target)
          else { continue }
          drawnRelations += 1
          if let weight { heaviest[relation.type] = max(heaviest[relation.type] ?? 0, weight) }
        }
      }
    }
    let labelsWeights = drawnRelations <= Self.labelledRelationLimit
    // Each type's attributes made once, and noted as drawn when the type
    // changes: an array and a set insertion per relation cost as much as
    // writing it.
    let styles = Dictionary(
      uniqueKeysWithValues: RelationType.allCases.map { ($0, DrawingStyle.attributes(of: $0)) })
    // The attributes of a relation with neither weight nor evidence, written
    // once per type: most relations of a large drawing are written as these.
    let plainStyles = styles.mapValues { attributes($0) }
    for document in documents {
      for network in document.networks {
        let relations = network.relations
        inRuns(relations.count, bytesEach: 96) { builder, run in
          builder.drawRelations(
            relations[run], heaviest: heaviest, labelsWeights: labelsWeights, styles: styles,
            plainStyles: plainStyles)
        }
      }
    }
  }

  /// Draws `relations`, those whose ends are both drawn.
  private mutating func drawRelations(
    _ relations: ArraySlice<Relation>, heaviest: [RelationType: Double], labelsWeights: Bool,
    styles: [RelationType: [(String, String)]], plainStyles: [RelationType: String]
  ) {
    // Each type's line after its ends, by ``RelationType/ordinal``, and the
    // types drawn, as bits: tables rather than a `Dictionary` and a `Set`,
    // which hash each type's name. Copies of their own, for the reason
    // ``inRuns(_:bytesEach:_:)`` gives.
    var plainEndings = [[UInt8]?](repeating: nil, count: RelationType.allCases.count)
    for (type, style) in plainStyles { plainEndings[type.ordinal] = Array(" \(style)\n".utf8) }
    var typesDrawn: UInt64 = 0
    defer {
      for type in RelationType.allCases where typesDrawn & 1 << type.ordinal != 0 {
        drawn.lines.insert(type)
      }
    }
    var ends: [String] = []
    var numbers: [Int] = []
    for (offset, relation) in zip(0..., relations) {
      // The ends of the next relations are looked up together, as a
      // batch whose waits for memory overlap.
      let inBatch = offset % Self.lookupBatch
      if inBatch == 0 {
        ends.removeAll(keepingCapacity: true)
        for next in relations.dropFirst(offset).prefix(Self.lookupBatch) {
          ends.append(next.source)
          ends.append(next.target)
        }
        nodes.numbers(of: ends, into: &numbers)
      }
      let (from, to) = (numbers[2 * inBatch], numbers[2 * inBatch + 1])
      guard from >= 0, to >= 0 else { continue }
      let ordinal = relation.type.ordinal
      typesDrawn |= 1 << ordinal
      let weighted = relation.weight.map { $0.isFinite && $0 > 0 } == true
      if !weighted && relation.evidence == nil, let ending = plainEndings[ordinal] {
        out.writeIndent(1)
        writeNode(from)
        out.write(syntax: " -> ")
        writeNode(to)
        out.write(bytes: ending)
        edgeCount += 1
        continue
      }
      var pairs = styles[relation.type] ?? DrawingStyle.attributes(of: relation.type)
      if let weight = relation.weight, weight.isFinite, weight > 0,
        let most = heaviest[relation.type]
      {
        pairs.append(
          (
            "penwidth",
            DrawingNumber.decimal(DrawingStyle.lineWidth(weight: weight, most: most))
          ))
        if labelsWeights {
          pairs.append(("label", DrawingStyle.weightText(weight, type: relation.type)))
        }
        drawn.weights[relation.type, default: WeightRange()].add(weight)
      }
      if let evidence = relation.evidence {
        pairs.append(("tooltip", VisibleText.safe(evidence, limit: 300)))
      }
      edge(nodeName(from), nodeName(to), pairs)
      edgeCount += 1
    }
  }

  /// What a run of a large drawing drew on a core of its own.
  private struct Run: Sendable {
    var out: DOTOutput
    var drawn: DrawnElements
    var edgeCount: Int
  }

  /// Calls `draw` with `0..<count`, or, in a large drawing, with runs of it
  /// on every core at once, each in a copy of this builder that writes text
  /// of its own (about `bytesEach` bytes per index); the runs' texts are
  /// then appended in order, and what they drew and counted added, so that
  /// the text is the one `draw` over `0..<count` writes here. `draw` may
  /// write and note what it drew and count edges; the rest of a copy's
  /// changes (its caches) are dropped. The runs go in waves of a few
  /// hundred thousand indices, so that the texts waiting to be appended
  /// stay small beside the drawing's.
  /// - Complexity: `draw`'s, spread over the cores, and O(text) to append.
  private mutating func inRuns(
    _ count: Int, bytesEach: Int, _ draw: (inout DrawingBuilder, Range<Int>) -> Void
  ) {
    let split = options.split
    let parts = split.parts(of: count, per: split.drawnPerRun)
    guard parts > 1 else {
      draw(&self, 0..<count)
      return
    }
    let wave = parts * split.drawnPerRun * 4
    withoutActuallyEscaping(draw) { draw in
      nonisolated(unsafe) let draw = draw
      for start in stride(from: 0, to: count, by: wave) {
        let end = min(start + wave, count)
        // Without the text so far, which appending below would otherwise copy.
        var template = self
        template.out = out.part()
        let base = template
        let runs = WorkSplit.inParallel(parts) { part in
          let share = WorkSplit.run(part, of: parts, in: end - start)
          let run = (start + share.lowerBound)..<(start + share.upperBound)
          var builder = base
          builder.out = base.out.part()
          builder.out.reserveCapacity(run.count * bytesEach)
          builder.drawn = DrawnElements()
          builder.edgeCount = 0
          // Text of its own: strings shared with another core are retained
          // and released by both, each time contending for their count.
          builder.markerTexts = []
          builder.markerSides = []
          builder.tooltipWordsByKind = []
          draw(&builder, run)
          return Run(out: builder.out, drawn: builder.drawn, edgeCount: builder.edgeCount)
        }
        for run in runs {
          out.append(run.out)
          drawn.merge(run.drawn)
          edgeCount += run.edgeCount
        }
      }
    }
  }

  /// Characters to a line of a network's card.
  static let cardWidth = 48

  /// Characters to a line of a network's or an organisation's name, in
  /// larger type than the card's: long names wrap rather than stretch
  /// their box.
  static let nameWidth = 36

  /// Relations whose ends are looked up together.
  static let lookupBatch = 16

  /// Up to this many relations, weighted ones are labelled with their weight.
  static let labelledRelationLimit = 80

  // MARK: - Legend

  /// The kinds a legend shows, each with its label, naming its platform
  /// ("Facebook Page": "Page" alone could be anyone's).
  private var legendEntries: [(kind: AssetKind, label: String)] {
    drawn.kinds.sorted().map { kind in
      let label = kind.singularLabel
      guard let platform = kind.platform, !label.hasPrefix(platform) else { return (kind, label) }
      return (kind, "\(platform) \(label)")
    }
  }

  /// Audiences shown on the size scale, and what type they get.
  private static let scaleAudiences: [(CountSum, String)] = [
    (1_000, "1,000"), (100_000, "100,000"), (10_000_000, "10 million"),
  ]

  /// The text entries of a legend (no shape to draw): hedge mark, widths.
  private var legendNotes: [String] {
    var notes: [String] = []
    if drawn.hedgeUnknown {
      notes.append(
        "\(FigureWords.hedgeUnknownMark) after a figure (211\(FigureWords.hedgeUnknownMark)): hedge unknown; the compilation dropped the source's “about”, “less than” or “more than”"
      )
    }
    for type in RelationType.allCases {
      guard let range = drawn.weights[type] else { continue }
      notes.append("line width: \(DrawingStyle.weightMeaning(of: type)), \(range.text(type))")
    }
    return notes
  }

  /// The legend: what is drawn, and nothing else. In dot, a cluster of one
  /// sample node per kind, in its own shape and colours and named in it,
  /// over a table of line styles, sizes and notes. Other layouts would
  /// scatter sample nodes, so there the table names each kind's shape in
  /// plain words, in the kind's colour. A table rather than sample edges:
  /// edges inside a cluster are what Graphviz 2.42 leaks. The labels are
  /// built from constants and kind labels, escaped.
  private mutating func drawLegendTable() {
    let samples = layout == .dot
    var rows = ""
    if !samples {
      for (kind, label) in legendEntries {
        let style = DrawingStyle.style(of: kind)
        rows +=
          "<TR><TD ALIGN=\"RIGHT\"><FONT COLOR=\"\(style.stroke)\"><B>\(style.shapeWords)</B></FONT></TD>"
          + "<TD ALIGN=\"LEFT\">\(DOTText.htmlText(label))</TD></TR>"
      }
    }
    if drawn.cohorts {
      rows +=
        "<TR><TD><FONT COLOR=\"#616161\">- - - - -</FONT></TD>"
        + "<TD ALIGN=\"LEFT\">dashed outline: a reported count, not an asset</TD></TR>"
    }
    for type in RelationType.allCases where drawn.lines.contains(type) {
      let attributes = DrawingStyle.attributes(of: type)
      let color = attributes.first { $0.0 == "color" }?.1 ?? "#000000"
      let dash = attributes.first { $0.0 == "style" }?.1
      // Box-drawing strokes join into one line where the edge is solid.
      let sample = dash == "dotted" ? "· · · · · ·" : dash == "dashed" ? "━ ━ ━ ━" : "━━━━━━━"
      rows +=
        "<TR><TD><FONT COLOR=\"\(color)\">\(sample)</FONT></TD>"
        + "<TD ALIGN=\"LEFT\">\(DOTText.htmlText(DrawingStyle.lineLabel(of: type)))</TD></TR>"
    }
    if drawn.sizes {
      var scale = ""
      for (audience, text) in Self.scaleAudiences {
        let size = DrawingNumber.decimal(DrawingStyle.cohortFontSize(audience: audience))
        scale += "<FONT POINT-SIZE=\"\(size)\">\(text)</FONT>   "
      }
      rows +=
        "<TR><TD></TD><TD ALIGN=\"LEFT\">type size: audience (accounts), log scale</TD></TR>"
        + "<TR><TD></TD><TD ALIGN=\"LEFT\">\(scale)</TD></TR>"
    }
    for note in legendNotes {
      let text = wrapped(note, width: 56).map { DOTText.htmlText($0) }.joined(
        separator: "<BR ALIGN=\"LEFT\"/>")
      rows += "<TR><TD></TD><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">\(text)</TD></TR>"
    }
    let kinds = samples ? legendEntries : []
    guard !rows.isEmpty || !kinds.isEmpty else { return }
    let heading = "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>Legend</B></TD></TR>"
    guard samples else {
      line(
        "\"legend\" [shape=\"plaintext\", style=\"\", fontsize=\"11\", label=<"
          + "<TABLE BORDER=\"1\" COLOR=\"#BDBDBD\" STYLE=\"rounded\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"3\">"
          + heading + rows + "</TABLE>>]")
      return
    }
    line("subgraph \"cluster_legend\" {")
    line(
      "graph [label=<<B>Legend</B>>, labeljust=\"l\", style=\"rounded\", color=\"#BDBDBD\", "
        + "peripheries=\"1\", margin=\"8\", fontsize=\"11\"]", indent: 2)
    var ids: [String] = []
    for (index, entry) in kinds.enumerated() {
      let style = DrawingStyle.style(of: entry.kind)
      let id = "legend_kind_\(index)"
      ids.append(id)
      node(
        id, label: [entry.label],
        style.shapeAttributes + [
          ("style", "filled" + (style.extraStyle.map { ",\($0)" } ?? "")), ("fontsize", "11"),
          ("height", "0.3"), ("margin", "0.06,0.02"), ("tooltip", "legend"),
        ], indent: 2)
    }
    if !rows.isEmpty {
      ids.append("legend")
      line(
        "\"legend\" [shape=\"plaintext\", style=\"\", fontsize=\"11\", label=<"
          + "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"3\">"
          + rows + "</TABLE>>]", indent: 2)
    }
    legendAnchor = ids.first
    if ids.count > 1 {
      line(
        "{ rank=\"same\"; " + ids.map { DOTText.quoted($0) }.joined(separator: "; ") + " }",
        indent: 2)
    }
    line("}")
  }

  // MARK: - Labels

  /// A network's card: its name, where it came from and aimed at, its
  /// unique audience in words, ad spend, a reported total (flagged when its
  /// parts do not add up to it), the attribution (in quotation marks only
  /// when the platform's own words), the parts others received.
  mutating func networkCard(_ network: Network, networkIndex: Int) -> HTMLLabel {
    var card = HTMLLabel(alignment: .left)
    card.lines(wrapped(network.name, width: Self.nameWidth), size: 15, bold: true)
    var facts: [String] = []
    if !network.origins.isEmpty {
      let label = network.origins.count == 1 ? "origin" : "origins"
      facts.append("\(label): \(network.origins.map(Self.unbroken).joined(separator: ", "))")
    }
    if !network.targets.isEmpty {
      facts.append("targets: \(network.targets.map(Self.unbroken).joined(separator: ", "))")
    }
    if !facts.isEmpty { card.lines(wrapped(facts.joined(separator: " · "))) }
    if let bounds = AudienceBounds(audiences: network.reported.audiences) {
      if bounds.lower?.qualifier == .hedgeUnknown || bounds.upper?.qualifier == .hedgeUnknown {
        drawn.hedgeUnknown = true
      }
      if let sentence = FigureWords.uniqueAudience(bounds) {
        card.lines(wrapped(sentence), bold: true)
      }
    }
    if let ads = network.adSpend, let amount = figureText(ads.amount) {
      var text = "Ad spend: \(amount) \(ads.currency)"
      if !ads.paidIn.isEmpty { text += " (paid in \(ads.paidIn.joined(separator: ", ")))" }
      if let first = ads.firstAd, let last = ads.lastAd { text += ", \(first) to \(last)" }
      card.lines(wrapped(text))
    }
    if let total = network.reported.total, let figure = figureText(total.figure) {
      let kinds = FigureWords.list(total.covers.sorted().map(\.pluralLabel), conjunction: "and")
      if let mismatch = TotalReconciliation(network) {
        drawn.totalMismatch = true
        card.lines(
          wrapped(
            "⚠ Reported total: \(figure), counting \(kinds); but those counts add up to \(mismatch.partsSum)"
          ), bold: true, color: DrawingStyle.warningColor)
      } else {
        card.lines(wrapped("Reported total: \(figure), counting \(kinds)"))
      }
    }
    if let posts = network.reported.posts, let text = figureText(posts) {
      card.lines(wrapped("Posts: \(text)"))
    }
    if let claimed = network.reported.claimedAudience, let text = figureText(claimed) {
      card.lines(wrapped("A source claims \(text) followers across the network"))
    }
    if let attribution = network.attribution {
      // Only the platform's own words are drawn as a quotation.
      switch attribution.wording {
      case .verbatim:
        card.lines(wrapped("“\(attribution.statement)”"), italic: true)
      case .paraphrase:
        let whose =
          attribution.paraphrasedBy.map { by in
            "in \(by.lowercased().hasPrefix("the ") ? "" : "the ")\(by)'s words"
          } ?? "paraphrased"
        card.lines(wrapped("Attribution, \(whose): \(attribution.statement)"))
      }
    }
    if networkCautions.indices.contains(networkIndex) {
      for caution in networkCautions[networkIndex] {
        card.lines(wrapped(caution), color: DrawingStyle.cautionColor)
      }
    }
    let none = Self.noneReported(in: network)
    if !none.isEmpty {
      card.lines(
        wrapped(
          FigureWords.list(none.map { "no \($0.pluralLabel)" }, conjunction: "and") + " reported"))
    }
    for subset in network.subsets {
      var parts: [String] = []
      for (kind, figure) in subset.counts.entries {
        let noun = FigureWords.isOne(figure) ? kind.singularLabel : kind.pluralLabel
        parts.append("\(figureText(figure) ?? "not given") \(noun)")
      }
      card.lines(wrapped("\(subset.label): \(parts.joined(separator: ", "))"))
    }
    return card
  }

  /// Words of `text` in lines of at most `width` characters (longer words
  /// stand alone). A no-break space (``unbroken(_:)``) holds words together,
  /// and is a plain space in the lines returned.
  func wrapped(_ text: String, width: Int = Self.cardWidth) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      if !current.isEmpty && current.count + 1 + word.count > width {
        lines.append(current)
        current = ""
      }
      current += (current.isEmpty ? "" : " ") + word
    }
    if !current.isEmpty { lines.append(current) }
    return lines.map { $0.replacingOccurrences(of: Self.noBreakSpace, with: " ") }
  }

  private static let noBreakSpace = "\u{00A0}"

  /// A place's name that ``wrapped(_:width:)`` never splits ("Côte d'Ivoire",
  /// "United States"): lines of places break between places.
  static func unbroken(_ place: String) -> String {
    Place.display(place).replacingOccurrences(of: " ", with: noBreakSpace)
  }
}

/// What a drawing holds, so that its legend shows that and nothing else.
/// How a tooltip names an asset of one kind and counts its audience
/// (``DrawingBuilder/tooltipWords(_:)``).
struct TooltipWords {
  var label: String
  var follower: String
  var followers: String
  var member: String
  var members: String
}

struct DrawnElements {
  var kinds: Set<AssetKind> = []
  var lines: Set<RelationType> = []
  var cohorts = false
  /// Whether a node's size stands for an audience.
  var sizes = false
  /// Whether a figure carries the hedge-unknown mark.
  var hedgeUnknown = false
  var totalMismatch = false
  /// The weights drawn as line widths, per relation type.
  var weights: [RelationType: WeightRange] = [:]
}

extension DrawnElements {
  /// Adds what `other` drew.
  mutating func merge(_ other: DrawnElements) {
    kinds.formUnion(other.kinds)
    lines.formUnion(other.lines)
    cohorts = cohorts || other.cohorts
    sizes = sizes || other.sizes
    hedgeUnknown = hedgeUnknown || other.hedgeUnknown
    totalMismatch = totalMismatch || other.totalMismatch
    weights.merge(other.weights) { $0.merged($1) }
  }
}

/// The least and greatest weight drawn.
struct WeightRange {
  var least = Double.infinity
  var most = 0.0

  /// The range of both.
  func merged(_ other: WeightRange) -> WeightRange {
    WeightRange(least: min(least, other.least), most: max(most, other.most))
  }

  mutating func add(_ weight: Double) {
    least = min(least, weight)
    most = max(most, weight)
  }

  /// "0.02 to 0.45", "3 to 40".
  func text(_ type: RelationType) -> String {
    let low = DrawingStyle.weightText(least, type: type)
    let high = DrawingStyle.weightText(most, type: type)
    return low == high ? low : "\(low) to \(high)"
  }
}

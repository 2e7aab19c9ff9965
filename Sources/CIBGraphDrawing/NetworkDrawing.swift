import CIBGraphCore
import CIBGraphSupport

/// What a drawing should look like beyond the defaults.
public struct DrawingOptions: Sendable, Hashable {
  /// The layout engine; `nil` chooses by size (``LayoutEngine/suggested(nodeCount:edgeCount:)``).
  public var layout: LayoutEngine?
  /// Whether to draw a legend of shapes, colours and line styles.
  public var legend: Bool
  /// In larger drawings only this many itemized assets, those with the
  /// largest audiences (then the most relations), get a text label; the rest are drawn as markers
  /// sized by audience (their names stay in tooltips), so labels do not
  /// pile up.
  public var maxLabelledAssets: Int
  /// Statements written at the end of the drawing (an overview's summary nodes).
  package var appendix: DrawingAppendix?

  /// Options for a drawing; by default the engine is chosen by size, with a
  /// legend, and up to 300 assets labelled.
  public init(layout: LayoutEngine? = nil, legend: Bool = true, maxLabelledAssets: Int = 300) {
    self.layout = layout
    self.legend = legend
    self.maxLabelledAssets = maxLabelledAssets
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
  public let nodeCount: Int
  /// Edges drawn (the legend not counted).
  public let edgeCount: Int
  /// The layout engine the drawing was written for.
  public let layout: LayoutEngine

  /// Draws `documents` together: an organisation they share is drawn once.
  public init(documents: [NetworkDocument], options: DrawingOptions = DrawingOptions()) {
    var builder = DrawingBuilder(documents: documents, options: options)
    builder.build()
    dot = builder.out
    nodeCount = builder.nodeCount
    edgeCount = builder.edgeCount
    layout = builder.layout
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
  var out = ""
  var nodeCount = 0
  var edgeCount = 0

  /// DOT node id of each organisation and itemized asset, by its identifier.
  private var nodeOfID: [ByteExactID: String] = [:]
  private var labelled: Set<ByteExactID> = []
  private var isLarge = false
  /// Per network, in document order, the colour its members are outlined
  /// in, where layouts without clusters draw several networks.
  private var networkColours: [String] = []

  init(documents: [NetworkDocument], options: DrawingOptions) {
    self.documents = documents
    self.options = options
    let organizations = Set(documents.flatMap { $0.organizations.map { ByteExactID($0.id) } })
      .count
    let cohorts = documents.reduce(0) { total, document in
      total + document.networks.reduce(0) { $0 + Self.cohortKinds(of: $1).count }
    }
    let assets = Set(
      documents.flatMap { $0.networks.flatMap { $0.assets.map { ByteExactID($0.id) } } }
    ).count
    plannedNodes = organizations + cohorts + assets
    plannedEdges = documents.reduce(0) { $0 + $1.networks.reduce(0) { $0 + $1.relations.count } }
    layout =
      options.layout ?? LayoutEngine.suggested(nodeCount: plannedNodes, edgeCount: plannedEdges)
  }

  /// The kinds a network has a reported count or audience for.
  static func cohortKinds(of network: Network) -> [AssetKind] {
    let kinds =
      network.reported.counts.entries.map(\.kind)
      + network.reported.audiences.entries.map(\.kind)
    return Set(kinds).filter { !$0.isActor }.sorted()
  }

  // MARK: - Writing

  private mutating func line(_ text: String, indent: Int = 1) {
    out += String(repeating: "  ", count: indent) + text + "\n"
  }

  private func attributes(_ pairs: [(String, String)]) -> String {
    "[" + pairs.map { "\($0.0)=\(DOTText.quoted($0.1))" }.joined(separator: ", ") + "]"
  }

  private func labelAttribute(_ lines: [String], _ justification: DOTText.Justification = .center)
    -> String
  { "label=" + DOTText.quoted(lines: lines, justification: justification) }

  private mutating func node(
    _ id: String, label: [String], _ pairs: [(String, String)], indent: Int = 1
  ) {
    let rest = pairs.map { "\($0.0)=\(DOTText.quoted($0.1))" }
    line(
      "\(DOTText.quoted(id)) [" + ([labelAttribute(label)] + rest).joined(separator: ", ") + "]",
      indent: indent)
  }

  private mutating func edge(
    _ from: String, _ to: String, _ pairs: [(String, String)], indent: Int = 1
  ) {
    line("\(DOTText.quoted(from)) -> \(DOTText.quoted(to)) \(attributes(pairs))", indent: indent)
  }

  // MARK: - The drawing

  mutating func build() {
    chooseLabelledAssets()
    out += "digraph \"cibgraph\" {\n"
    line("graph " + attributes(graphAttributes()))
    line("graph [" + labelAttribute(graphTitle()) + "]")
    line(
      "node "
        + attributes([
          ("fontname", DrawingStyle.fontName), ("fontsize", "11"), ("style", "filled"),
          ("penwidth", "1.2"),
        ]))
    line(
      "edge "
        + attributes([("fontname", DrawingStyle.fontName), ("fontsize", "9"), ("arrowsize", "0.7")])
    )
    // Written first, so that dot puts the legend at the foot (see below).
    if options.legend { drawLegend() }
    let networks = documents.flatMap(\.networks)
    if layout != .dot && layout != .fdp && networks.count(where: { !$0.assets.isEmpty }) > 1 {
      networkColours = networks.indices.map(NetworkColours.colour)
    }
    // dot stacks the clusters of a left-to-right drawing bottom-up in the
    // order they are written: written last to first, they read top-down in
    // document order.
    let order = layout == .dot ? Array(networks.indices.reversed()) : Array(networks.indices)
    var clusters = [(anchor: String?, id: String)](repeating: (nil, ""), count: networks.count)
    for index in order {
      clusters[index] = drawNetwork(networks[index], cluster: index)
    }
    drawOrganizations()
    for (network, cluster) in zip(networks, clusters) {
      drawAttribution(network, anchor: cluster.anchor, cluster: cluster.id)
    }
    drawRelations()
    if let appendix = options.appendix {
      out += appendix.statements
      nodeCount += appendix.nodeCount
      edgeCount += appendix.edgeCount
    }
    out += "}\n"
  }

  /// The reports' titles, publishers, dates and addresses.
  private func graphTitle() -> [String] {
    var title: [String] = []
    for document in documents {
      let report = document.report
      title.append(report.title)
      var byline = report.publisher
      if let date = report.published { byline += ", \(date)" }
      if let url = report.url { byline += " · \(url)" }
      title.append(byline)
    }
    return title
  }

  private func graphAttributes() -> [(String, String)] {
    var pairs: [(String, String)] = [
      ("labelloc", "t"), ("fontname", DrawingStyle.fontName),
      ("fontsize", "16"), ("layout", layout.rawValue), ("outputorder", "edgesfirst"),
      ("pad", "0.3"),
    ]
    switch layout {
    case .dot:
      // Left to right: a network's cohorts stack in a column, its organisations to the right.
      pairs += [
        ("rankdir", "LR"), ("compound", "true"), ("newrank", "true"), ("nodesep", "0.25"),
        ("ranksep", "0.9"),
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
    var assets: [Asset] = []
    var seen = Set<ByteExactID>()
    for document in documents {
      for network in document.networks {
        for asset in network.assets where seen.insert(ByteExactID(asset.id)).inserted {
          assets.append(asset)
        }
      }
    }
    isLarge = assets.count > options.maxLabelledAssets
    guard isLarge else { return }
    // Largest audience first; among equals, the most linked (the operators).
    var degree: [ByteExactID: Int] = [:]
    for document in documents {
      for network in document.networks {
        for relation in network.relations {
          degree[ByteExactID(relation.source), default: 0] += 1
          degree[ByteExactID(relation.target), default: 0] += 1
        }
      }
    }
    let ranked = assets.enumerated().map { (offset, asset) in
      let id = ByteExactID(asset.id)
      return (id, asset.audience, degree[id] ?? 0, offset)
    }.sorted { ($0.1, $0.2, -$0.3) > ($1.1, $1.2, -$1.3) }
    labelled = Set(ranked.prefix(options.maxLabelledAssets).map(\.0))
  }

  private mutating func drawOrganizations() {
    var index = 0
    var drawn: [Organization] = []
    for document in documents {
      for organization in document.organizations where nodeOfID[ByteExactID(organization.id)] == nil
      {
        let id = "org\(index)"
        index += 1
        nodeOfID[ByteExactID(organization.id)] = id
        drawn.append(organization)
        // An actor is drawn as what it is: an organisation, a person, a movement.
        let kind = organization.kind
        var label = [organization.name]
        if let country = organization.country { label.append(Place.display(country)) }
        node(
          id, label: label,
          DrawingStyle.style(of: kind).shapeAttributes + [
            ("penwidth", "2"), ("fontsize", "13"),
            ("tooltip", "\(kind.singularLabel) \(organization.id)"),
          ])
        nodeCount += 1
      }
    }
    for organization in drawn {
      guard let parent = organization.partOf, let from = nodeOfID[ByteExactID(organization.id)],
        let to = nodeOfID[ByteExactID(parent)]
      else { continue }
      edge(from, to, DrawingStyle.attributes(of: .partOf) + [("label", "part of")])
      edgeCount += 1
    }
  }

  /// Draws a network's cluster; returns its first node and the cluster's id.
  private mutating func drawNetwork(_ network: Network, cluster: Int) -> (
    anchor: String?, id: String
  ) {
    // dot and fdp draw clusters; the other engines overlap them, so there a
    // network is a note node holding its description, tied to its members by
    // invisible edges that keep them together.
    let usesClusters = layout == .dot || layout == .fdp
    let clusterID = usesClusters ? "cluster_\(cluster)" : "network_\(cluster)"
    var anchor: String?
    line("subgraph \(DOTText.quoted(clusterID)) {")
    if usesClusters {
      line(
        "graph "
          + attributes([
            ("labeljust", "l"), ("style", "rounded"), ("color", "#9E9E9E"), ("fontsize", "13"),
          ]),
        indent: 2)
      line("graph [" + labelAttribute(clusterLabel(network), .left) + "]", indent: 2)
    } else {
      anchor = "n\(cluster)"
      let colour = networkColours.indices.contains(cluster) ? networkColours[cluster] : nil
      line(
        "\(DOTText.quoted("n\(cluster)")) [" + labelAttribute(clusterLabel(network), .left)
          + ", shape=\"note\", fillcolor=\"#F5F5F5\", color=\"\(colour ?? "#9E9E9E")\", "
          + (colour == nil ? "" : "penwidth=\"3\", ") + "fontsize=\"12\"]",
        indent: 2)
      nodeCount += 1
    }
    var members: [String] = []
    for kind in Self.cohortKinds(of: network) {
      let id = "c\(cluster)_\(kind.name)"
      anchor = anchor ?? id
      members.append(id)
      let style = DrawingStyle.style(of: kind)
      let audience = network.reported.audiences[kind]
      node(
        id,
        label: [cohortLabel(kind: kind, count: network.reported.counts[kind], audience: audience)],
        style.shapeAttributes + [
          (
            "style",
            (["filled", "dashed"] + (style.extraStyle.map { [$0] } ?? [])).joined(separator: ",")
          ),
          (
            "fontsize",
            DrawingNumber.decimal(
              DrawingStyle.fontSize(
                audience: (audience?.upperBound ?? audience?.lowerBound).map { CountSum($0) }))
          ),
          ("tooltip", "reported by \(network.name)"),
        ], indent: 2)
      nodeCount += 1
    }
    // Without clusters the note is tied to its cohorts, drawn, and to the
    // network's largest asset, unseen: tying it to many assets pulled
    // assets of separate components into one pile around it.
    var largest: (id: String, audience: CountSum)?
    let colour = networkColours.indices.contains(cluster) ? networkColours[cluster] : nil
    for asset in network.assets where nodeOfID[ByteExactID(asset.id)] == nil {
      let id = "a\(nodeOfID.count)"
      nodeOfID[ByteExactID(asset.id)] = id
      anchor = anchor ?? id
      if usesClusters, members.count < 64 { members.append(id) }
      if largest == nil || asset.audience > largest!.audience { largest = (id, asset.audience) }
      drawAsset(asset, id: id, networkColour: colour)
      nodeCount += 1
    }
    if !usesClusters, let hub = anchor {
      for member in members {
        line(
          "\(DOTText.quoted(hub)) -> \(DOTText.quoted(member)) "
            + "[style=\"dashed\", color=\"\(colour ?? "#9E9E9E")\", arrowhead=\"none\"]",
          indent: 2)
      }
      if let largest {
        line(
          "\(DOTText.quoted(hub)) -> \(DOTText.quoted(largest.id)) [style=\"invis\"]", indent: 2)
      }
    }
    line("}")
    return (anchor, clusterID)
  }

  /// A count and an audience noun given in the plural ("followers",
  /// "subscribers"): "1 follower", "2 followers".
  private static func counted(_ value: some BinaryInteger, _ plural: String) -> String {
    CIBGraphCore.counted(value, plural.hasSuffix("s") ? String(plural.dropLast()) : plural, plural)
  }

  /// Draws an asset; `networkColour` outlines it as a member of its network.
  private mutating func drawAsset(_ asset: Asset, id: String, networkColour: String?) {
    let style = DrawingStyle.style(of: asset.kind)
    var tooltip = "\(asset.kind.singularLabel) \(asset.id)"
    if let name = asset.name, !name.isEmpty { tooltip += ": \(VisibleText.safe(name, limit: 300))" }
    let kind = asset.kind
    if let followers = asset.followers {
      tooltip +=
        " · " + Self.counted(followers, kind.audienceIsMembers ? "followers" : kind.audienceWord)
    }
    if let members = asset.members {
      tooltip +=
        " · " + Self.counted(members, kind.audienceIsMembers ? kind.audienceWord : "members")
    }
    var pairs = style.shapeAttributes + [("tooltip", tooltip)]
    if let networkColour {
      pairs = pairs.filter { $0.0 != "color" } + [("color", networkColour), ("penwidth", "2.5")]
    }
    if let extra = style.extraStyle { pairs.append(("style", "filled,\(extra)")) }
    let audience = asset.followers == nil && asset.members == nil ? nil : asset.audience
    if isLarge && !labelled.contains(ByteExactID(asset.id)) {
      let side = DrawingNumber.decimal(DrawingStyle.markerSize(audience: asset.audience), places: 2)
      pairs += [("width", side), ("height", side), ("fixedsize", "true")]
      node(id, label: [""], pairs, indent: 2)
    } else if isLarge {
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
      line(
        "\(DOTText.quoted(id)) [label=\"\", xlabel=\(DOTText.quoted(lines: label)), "
          + pairs.map { "\($0.0)=\(DOTText.quoted($0.1))" }.joined(separator: ", ") + "]",
        indent: 2)
    } else {
      var label = [
        VisibleText.safe(asset.name.flatMap { $0.isEmpty ? nil : $0 } ?? asset.id, limit: 48)
      ]
      if let audience { label.append(Self.counted(audience, asset.kind.audienceWord)) }
      pairs.append(("fontsize", DrawingNumber.decimal(DrawingStyle.fontSize(audience: audience))))
      node(id, label: label, pairs, indent: 2)
    }
  }

  private mutating func drawAttribution(_ network: Network, anchor: String?, cluster: String) {
    guard let attribution = network.attribution, let anchor else { return }
    for organization in attribution.organizations {
      guard let target = nodeOfID[ByteExactID(organization)] else { continue }
      var pairs =
        DrawingStyle.attributes(of: .attributedTo) + [
          ("label", "attributed to"), ("fontcolor", "#B2182B"),
        ]
      if layout == .dot { pairs.append(("ltail", cluster)) }  // edge leaves the cluster's border
      edge(anchor, target, pairs)
      edgeCount += 1
    }
  }

  private mutating func drawRelations() {
    for document in documents {
      for network in document.networks {
        for relation in network.relations {
          guard let from = nodeOfID[ByteExactID(relation.source)],
            let to = nodeOfID[ByteExactID(relation.target)]
          else {
            continue
          }
          var pairs = DrawingStyle.attributes(of: relation.type)
          if let weight = relation.weight, weight.isFinite, weight > 0 {
            pairs.append(("penwidth", DrawingNumber.decimal(1 + 8 * min(1, weight))))
          }
          if let evidence = relation.evidence {
            pairs.append(("tooltip", VisibleText.safe(evidence, limit: 300)))
          }
          edge(from, to, pairs)
          edgeCount += 1
        }
      }
    }
  }

  /// The kinds a legend shows, each with its label. A drawing of the first
  /// format's kinds only keeps that format's legend of all five (a reader
  /// learns one legend); any other shows the kinds drawn, so that an X
  /// archive's legend lists X accounts and not Facebook's kinds, and names
  /// their platforms when there are several ("Facebook Page": "Page" alone
  /// could be anyone's).
  private var legendEntries: [(kind: AssetKind, label: String)] {
    var kinds = Set<AssetKind>()
    for document in documents {
      kinds.formUnion(document.organizations.map(\.kind))
      for network in document.networks {
        kinds.formUnion(network.assets.map(\.kind))
        kinds.formUnion(Self.cohortKinds(of: network))
      }
    }
    let firstFormat = kinds.isSubset(of: AssetKind.original)
    let shown = (firstFormat ? Set(AssetKind.original) : kinds).sorted()
    let namesPlatforms = !firstFormat && Set(shown.compactMap(\.platform)).count > 1
    return shown.map { kind in
      let label = kind.singularLabel
      guard namesPlatforms, let platform = kind.platform, !label.hasPrefix(platform) else {
        return (kind, label)
      }
      return (kind, "\(platform) \(label)")
    }
  }

  /// What node size stands for, by the audiences of the kinds shown:
  /// "followers or members, log scale", "followers, members, attendees or
  /// subscribers, log scale"; "log scale" when none has an audience.
  private func sizeMeaning(of kinds: [AssetKind]) -> String {
    var nouns: [String] = []
    var seen = Set<String>()
    for noun in kinds.compactMap(\.audienceNoun) where seen.insert(noun).inserted {
      nouns.append(noun)
    }
    guard let last = nouns.popLast() else { return "log scale" }
    return (nouns.isEmpty ? last : nouns.joined(separator: ", ") + " or " + last) + ", log scale"
  }

  /// Force-directed layouts ignore clusters and would scatter a legend made of
  /// nodes; for them the legend is one node holding a table. Its HTML-like
  /// label is built from constants and kind labels, escaped.
  private mutating func drawLegendTable() {
    var rows = ""
    for (kind, label) in legendEntries {
      let style = DrawingStyle.style(of: kind)
      rows +=
        "<TR><TD BGCOLOR=\"\(style.fill)\" COLOR=\"\(style.stroke)\" BORDER=\"1\">  </TD>"
        + "<TD ALIGN=\"LEFT\">\(DOTText.htmlText(label)) (\(style.shapeName))</TD></TR>"
    }
    rows +=
      "<TR><TD BORDER=\"1\" STYLE=\"dashed\">  </TD><TD ALIGN=\"LEFT\">reported count</TD></TR>"
    rows += "<TR><TD></TD><TD ALIGN=\"LEFT\">size: audience, log scale</TD></TR>"
    let table =
      "<TABLE BORDER=\"1\" COLOR=\"#BDBDBD\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"2\">"
      + "<TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>" + rows + "</TABLE>"
    line("\"legend\" [shape=\"plaintext\", style=\"\", fontsize=\"10\", label=<\(table)>]")
  }

  private mutating func drawLegend() {
    guard layout == .dot else { return drawLegendTable() }
    line("subgraph \"cluster_legend\" {")
    line(
      "graph "
        + attributes([
          ("label", "Legend"), ("labeljust", "l"), ("style", "rounded"), ("color", "#BDBDBD"),
          ("fontsize", "11"),
        ]),
      indent: 2)
    let entries = legendEntries
    for (kind, label) in entries {
      let style = DrawingStyle.style(of: kind)
      var pairs = style.shapeAttributes + [("fontsize", "10")]
      if let extra = style.extraStyle { pairs.append(("style", "filled,\(extra)")) }
      node("legend_\(kind.name)", label: [label], pairs, indent: 2)
    }
    node(
      "legend_cohort", label: ["reported count", "(dashed: a number, not an asset)"],
      [("shape", "box"), ("style", "dashed"), ("fontsize", "10")], indent: 2)
    node(
      "legend_size", label: ["size: audience", "(\(sizeMeaning(of: entries.map(\.kind))))"],
      [("shape", "plaintext"), ("style", ""), ("fontsize", "10")], indent: 2)
    let types = Set(documents.flatMap { $0.networks.flatMap { $0.relations.map(\.type) } })
    for type in RelationType.allCases where types.contains(type) {
      let from = "legend_\(type.rawValue)_from"
      let to = "legend_\(type.rawValue)_to"
      node(from, label: [""], [("shape", "point"), ("width", "0.05")], indent: 2)
      node(to, label: [""], [("shape", "point"), ("width", "0.05")], indent: 2)
      edge(from, to, DrawingStyle.attributes(of: type) + [("label", type.rawValue)], indent: 2)
    }
    line("}")
  }

  // MARK: - Labels

  /// "453 Facebook accounts", "103 Pages · about 70,000 followers ≥1".
  func cohortLabel(kind: AssetKind, count: ReportedFigure?, audience: ReportedFigure?) -> String {
    var text =
      count.map {
        "\($0.text) \($0.value == 1 && $0.qualifier == .exactly ? kind.singularLabel : kind.pluralLabel)"
      }
      ?? kind.pluralLabel
    if let audience {
      text +=
        audience.qualifier == .notGiven
        ? " · \(kind.audienceWord): not given" : " · \(audience.text) \(kind.audienceWord) ≥1"
    }
    return text
  }

  func clusterLabel(_ network: Network) -> [String] {
    var lines = [network.name]
    var facts: [String] = []
    if !network.origins.isEmpty {
      let label = network.origins.count == 1 ? "origin" : "origins"
      facts.append("\(label): \(network.origins.map(Place.display).joined(separator: ", "))")
    }
    if !network.targets.isEmpty {
      facts.append("targets: \(network.targets.map(Place.display).joined(separator: ", "))")
    }
    if !facts.isEmpty { lines.append(facts.joined(separator: " · ")) }
    if let ads = network.adSpend {
      var text = "ad spend: \(ads.amount.text) \(ads.currency)"
      if !ads.paidIn.isEmpty { text += " (paid in \(ads.paidIn.joined(separator: ", ")))" }
      if let first = ads.firstAd, let last = ads.lastAd { text += ", \(first) to \(last)" }
      lines.append(text)
    }
    if let total = network.reported.total {
      let kinds = total.covers.sorted().map(\.pluralLabel).joined(separator: ", ")
      lines += wrap("reported total: \(total.figure.text) (\(kinds))", width: 64)
    }
    if let claimed = network.reported.claimedAudience {
      lines.append("network-wide audience claimed: \(claimed.text)")
    }
    if let attribution = network.attribution {
      // Only the platform's own words are drawn as a quotation.
      switch attribution.wording {
      case .verbatim: lines += wrap("“\(attribution.statement)”", width: 64)
      case .paraphrase:
        let by = attribution.paraphrasedBy.map { " by \($0)" } ?? ""
        lines += wrap("attribution (paraphrase\(by)): \(attribution.statement)", width: 64)
      }
    }
    for subset in network.subsets {
      let parts = subset.counts.entries.map { "\($0.value.text) \($0.kind.pluralLabel)" }
      lines += wrap("\(subset.label): \(parts.joined(separator: ", "))", width: 64)
    }
    return lines
  }

  /// Words of `text` in lines of at most `width` characters (longer words stand alone).
  func wrap(_ text: String, width: Int) -> [String] {
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
    return lines
  }
}

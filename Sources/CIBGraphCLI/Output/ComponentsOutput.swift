import CIBGraph

/// What `components` prints: the components, largest first.
struct ComponentsOutput: CommandOutput {
  let graph: AssetGraph
  let analysis: ComponentAnalysis
  let limit: Int?
  let listAssets: Bool
  /// Distinct audience accounts of each shown component, with audience lists.
  let distinctAudience: [Int]?
  /// The shown components, the largest first, read together
  /// (``ComponentAnalysis/summaries(_:)``): the array of every component,
  /// each with its own array of nodes, is never made.
  let shown: [ComponentSummary]
  /// The name of a node, for the text: the graph's, or one found in the
  /// nodes file when the graph was read without names (``GraphInput/name(of:)``).
  let name: (NodeIndex) -> String?

  init(
    graph: AssetGraph, analysis: ComponentAnalysis, limit: Int?, listAssets: Bool,
    distinctAudience: [Int]?, name: ((NodeIndex) -> String?)? = nil
  ) {
    self.graph = graph
    self.name = name ?? graph.name(of:)
    self.analysis = analysis
    self.limit = limit
    self.listAssets = listAssets
    self.distinctAudience = distinctAudience
    shown = analysis.summaries(0..<min(limit ?? Int.max, analysis.count))
  }

  /// The first format's five kinds, always, and any other kind a shown component holds.
  var kinds: [AssetKind] {
    var kinds = Set(AssetKind.original)
    // Only the few components that hold another kind are asked for their
    // kinds: listing each one's would cost a sort per component.
    for component in shown where component.kinds.holdsOtherKinds {
      kinds.formUnion(component.kinds.kinds)
    }
    return kinds.sorted()
  }

  /// The kinds beyond the first format's five, each a column of its own.
  var otherKinds: [AssetKind] { kinds.filter { !AssetKind.original.contains($0) } }

  /// The identifier of each shown component's first asset, in order, read
  /// together: one by one, each waited on memory.
  func firstAssetIDs() -> [String] {
    graph.ids(of: Array(analysis.firstNodes.prefix(shown.count)))
  }

  /// The first asset of the shown component at `rank` (from 0), by name
  /// when it has one, to tell components apart.
  func example(rank: Int) -> (id: String, name: String?) {
    let node = analysis.firstNodes[rank]
    return (graph.id(of: node), name(node))
  }

  func text() -> String {
    var out =
      "\(groupedDigits(analysis.count)) component(s) · largest \(groupedDigits(analysis.largest)) asset(s) · "
      + "\(groupedDigits(analysis.singletons)) singleton(s) · \(groupedDigits(analysis.nodeCount)) asset(s), "
      + "\(groupedDigits(analysis.edgeCount)) relation(s)\n"
    guard analysis.count > 0 else { return out }
    // Once, not per row: each is a pass over every shown component.
    let otherKinds = otherKinds
    var table = TextTable(
      [
        .init("#", .right), .init("Size", .right), .init("Accounts", .right),
        .init("Pages", .right),
        .init("Groups", .right), .init("Instagram", .right), .init("Orgs", .right),
      ] + otherKinds.map { TextTable.Column(TerminalText.safe($0.pluralLabel), .right) } + [
        .init("Summed audience*", .right)
      ] + (distinctAudience == nil ? [] : [TextTable.Column("Distinct audience", .right)]) + [
        .init("First asset")
      ])
    for (rank, component) in shown.enumerated() {
      let first = example(rank: rank)
      var label = TerminalText.safe(first.id, limit: 24)
      if let name = first.name, !name.isEmpty {
        label += " (" + TerminalText.safe(name, limit: 32) + ")"
      }
      table.add(
        [
          String(rank + 1), groupedDigits(component.size), groupedDigits(component.kinds.account),
          groupedDigits(component.kinds.page), groupedDigits(component.kinds.group),
          groupedDigits(component.kinds.instagram), groupedDigits(component.kinds.organization),
        ] + otherKinds.map { groupedDigits(component.kinds[$0]) } + [
          groupedDigits(component.audienceSummed)
        ] + (distinctAudience.map { [groupedDigits($0[rank])] } ?? []) + [
          label
        ])
    }
    out += "\n" + table.render()
    if shown.count < analysis.count {
      out += "… and \(groupedDigits(analysis.count - shown.count)) more (--limit 0 shows all)\n"
    }
    out +=
      "* followers and members summed: an upper bound, anyone in two audiences is counted twice\n"
    if listAssets {
      for rank in shown.indices {
        out += "\n#\(rank + 1): "
        out +=
          analysis.nodes(at: rank).map { TerminalText.safe(graph.id(of: $0)) }.joined(
            separator: ", ")
          + "\n"
      }
    }
    return out
  }

  struct JSON: JSONDirectValue {
    var count: Int
    var largest: Int
    var singletons: Int
    var nodes: Int
    var edges: Int
    var shown: Int
    var components: [ComponentJSON]

    func writeJSON(to json: JSONValueWriter) {
      json.object { object in
        object.add("count", count)
        object.add("largest", largest)
        object.add("singletons", singletons)
        object.add("nodes", nodes)
        object.add("edges", edges)
        object.add("shown", shown)
        object.add("components", components)
      }
    }
  }

  /// Written directly: a graph's JSON can list every one of a million components.
  struct ComponentJSON: JSONDirectValue {
    var rank: Int
    var size: Int
    var kinds: JSONMembers<Int>
    var followersSummed: CountSum
    var membersSummed: CountSum
    var audienceSummed: CountSum
    var distinctAudience: Int?
    var firstAsset: String
    /// With `--list-assets`.
    @OmittedWhenNil var assets: [String]?

    func writeJSON(to json: JSONValueWriter) {
      json.object { object in
        object.add("rank", rank)
        object.add("size", size)
        object.add("kinds", kinds)
        object.add("followersSummed", followersSummed)
        object.add("membersSummed", membersSummed)
        object.add("audienceSummed", audienceSummed)
        object.add("distinctAudience", distinctAudience)
        object.add("firstAsset", firstAsset)
        object.add("assets", omittedWhenNil: assets)
      }
    }
  }

  func json() -> JSON {
    let kinds = kinds
    let kindNames = kinds.map(\.name)
    let firstAssets = firstAssetIDs()
    return JSON(
      count: analysis.count, largest: analysis.largest, singletons: analysis.singletons,
      nodes: analysis.nodeCount, edges: analysis.edgeCount, shown: shown.count,
      components: shown.enumerated().map { rank, component in
        ComponentJSON(
          rank: rank + 1, size: component.size,
          kinds: JSONMembers(kinds, named: kindNames) { component.kinds[$0] },
          followersSummed: component.followersSummed, membersSummed: component.membersSummed,
          audienceSummed: component.audienceSummed, distinctAudience: distinctAudience?[rank],
          firstAsset: firstAssets[rank],
          assets: listAssets ? analysis.nodes(at: rank).map { graph.id(of: $0) } : nil)
      })
  }

  func csv() -> String {
    let otherKinds = otherKinds
    var header =
      [
        "rank", "size", "account", "page", "group", "instagram", "organization",
      ] + otherKinds.map(\.name) + [
        "followers_summed", "members_summed", "audience_summed", "distinct_audience", "first_asset",
      ]
    if listAssets { header.append("assets") }
    var writer = CSVWriter(header: header)
    let columnKinds = AssetKind.original + otherKinds
    let firstAssets = firstAssetIDs()
    for (rank, component) in shown.enumerated() {
      writer.add(.number(rank + 1))
      writer.add(.number(component.size))
      for kind in columnKinds { writer.add(.number(component.kinds[kind])) }
      writer.add(.number(component.followersSummed))
      writer.add(.number(component.membersSummed))
      writer.add(.number(component.audienceSummed))
      writer.add(distinctAudience.map { .number($0[rank]) } ?? .empty)
      writer.add(.text(firstAssets[rank]))
      if listAssets {
        writer.add(.text(analysis.nodes(at: rank).map { graph.id(of: $0) }.joined(separator: " ")))
      }
      writer.endRow()
    }
    return writer.text
  }
}

import ArgumentParser
import CIBGraph

/// `cibgraph components`: the connected pieces of the itemized graph.
struct ComponentsCommand: AnalysisCommand {
  static let configuration = CommandConfiguration(
    commandName: "components",
    abstract: "Connected components of the itemized graph, largest first.",
    discussion: """
      All inputs form one graph: an identifier names the same asset in every input, so an \
      organisation shared by several documents joins their networks. Relations are taken as \
      undirected; an asset with no relation is a component of size 1.
      """)

  @OptionGroup var input: InputOptions
  @OptionGroup var audience: ExactAudienceOptions

  @Option(help: "Output format: text, json or csv.")
  var format: OutputFormat = .text

  @Option(help: "Show at most this many components (0: all). Default: 20 in text, all otherwise.")
  var limit: Int?

  @Flag(help: "List the identifiers of each component's assets.")
  var listAssets = false

  func validate() throws {
    if let limit, limit < 0 { throw ValidationError("--limit must be 0 (all) or more") }
    try StandardInputUse.validate(input.paths + audience.files)
  }

  func execute() throws(CommandFailure) -> (output: String, status: ExitStatus, notes: [String]) {
    let loaded = try input.loadGraph(keepIdentifierIndex: !audience.files.isEmpty)
    let graph = loaded.graph
    var notes = loaded.notes
    let analysis = ComponentAnalysis(graph)
    let shown = limit ?? (format == .text ? 20 : 0)
    var distinct: [Int]?
    if let lists = try audience.lists(for: graph) {
      notes += AudienceReportOutput.notes(lists.report)
      var counter = DistinctCounter(lists: lists, graph: graph)
      distinct = analysis.components.prefix(shown == 0 ? Int.max : shown).map {
        counter.count($0.nodes)
      }
    }
    let view = ComponentsView(
      graph: graph, analysis: analysis, limit: shown == 0 ? nil : shown, listAssets: listAssets,
      distinctAudience: distinct)
    let output =
      switch format {
      case .text: view.text()
      case .json: view.json().serialized() + "\n"
      case .csv: view.csv()
      }
    return (output, .ok, notes)
  }
}

/// The renderings of a component analysis.
struct ComponentsView {
  let graph: AssetGraph
  let analysis: ComponentAnalysis
  let limit: Int?
  let listAssets: Bool
  /// Distinct audience accounts of each shown component, with audience lists.
  let distinctAudience: [Int]?

  var shown: ArraySlice<Component> { analysis.components.prefix(limit ?? Int.max) }

  /// A component's first asset, by name when it has one, to tell components apart.
  func example(_ component: Component) -> (id: String, name: String?) {
    let node = Int(component.nodes[0])
    return (graph.ids[node], graph.names[node])
  }

  func text() -> String {
    var out =
      "\(groupedDigits(analysis.count)) component(s) · largest \(groupedDigits(analysis.largest)) asset(s) · "
      + "\(groupedDigits(analysis.singletons)) singleton(s) · \(groupedDigits(analysis.nodeCount)) asset(s), "
      + "\(groupedDigits(analysis.edgeCount)) relation(s)\n"
    guard analysis.count > 0 else { return out }
    var table = TextTable(
      [
        .init("#", .right), .init("Size", .right), .init("Accounts", .right),
        .init("Pages", .right),
        .init("Groups", .right), .init("Instagram", .right), .init("Orgs", .right),
        .init("Summed audience*", .right),
      ] + (distinctAudience == nil ? [] : [TextTable.Column("Distinct audience", .right)]) + [
        .init("First asset")
      ])
    for (rank, component) in shown.enumerated() {
      let first = example(component)
      var label = TerminalText.safe(first.id, limit: 24)
      if let name = first.name, !name.isEmpty {
        label += " (" + TerminalText.safe(name, limit: 32) + ")"
      }
      table.add(
        [
          String(rank + 1), groupedDigits(component.size), groupedDigits(component.kinds.account),
          groupedDigits(component.kinds.page), groupedDigits(component.kinds.group),
          groupedDigits(component.kinds.instagram), groupedDigits(component.kinds.organization),
          groupedDigits(component.audienceSummed),
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
      for (rank, component) in shown.enumerated() {
        out += "\n#\(rank + 1): "
        out +=
          component.nodes.map { TerminalText.safe(graph.ids[Int($0)]) }.joined(separator: ", ")
          + "\n"
      }
    }
    return out
  }

  func json() -> JSONValue {
    var components: [JSONValue] = []
    for (rank, component) in shown.enumerated() {
      var members: [(String, JSONValue)] = [
        ("rank", .int(rank + 1)),
        ("size", .int(component.size)),
        (
          "kinds",
          .object(AssetKind.allCases.map { ($0.rawValue, .int(component.kinds[$0])) })
        ),
        ("followersSummed", .int(component.followersSummed)),
        ("membersSummed", .int(component.membersSummed)),
        ("audienceSummed", .int(component.audienceSummed)),
        ("distinctAudience", distinctAudience.map { .int($0[rank]) } ?? .null),
        ("firstAsset", .string(example(component).id)),
      ]
      if listAssets {
        members.append(("assets", .array(component.nodes.map { .string(graph.ids[Int($0)]) })))
      }
      components.append(.object(members))
    }
    return .object([
      ("count", .int(analysis.count)),
      ("largest", .int(analysis.largest)),
      ("singletons", .int(analysis.singletons)),
      ("nodes", .int(analysis.nodeCount)),
      ("edges", .int(analysis.edgeCount)),
      ("shown", .int(shown.count)),
      ("components", .array(components)),
    ])
  }

  func csv() -> String {
    var header = [
      "rank", "size", "account", "page", "group", "instagram", "organization", "followers_summed",
      "members_summed", "audience_summed", "distinct_audience", "first_asset",
    ]
    if listAssets { header.append("assets") }
    var writer = CSVWriter(header: header)
    for (rank, component) in shown.enumerated() {
      var row: [CSVWriter.Cell] = [.number(rank + 1), .number(component.size)]
      row += AssetKind.allCases.map { .number(component.kinds[$0]) }
      row += [
        .number(component.followersSummed), .number(component.membersSummed),
        .number(component.audienceSummed), distinctAudience.map { .number($0[rank]) } ?? .empty,
        .text(example(component).id),
      ]
      if listAssets {
        row.append(.text(component.nodes.map { graph.ids[Int($0)] }.joined(separator: " ")))
      }
      writer.addRow(row)
    }
    return writer.text
  }
}

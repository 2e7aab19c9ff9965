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
  @OptionGroup var badRows: BadRowsOption

  @OptionGroup var format: OutputFormatOption

  @Option(help: "Show at most this many components (0: all). Default: 20 in text, all otherwise.")
  var limit: Int?

  @Flag(help: "List the identifiers of each component's assets.")
  var listAssets = false

  /// Up to this many components shown, their first assets' names are found
  /// in the nodes file (a scan of up to ``LabelPlaces`` stride rows each)
  /// rather than every name kept.
  static let namesFoundWhenShown = 1000

  func validate() throws {
    try input.requireGraph()
    if let limit, limit < 0 { throw ValidationError("--limit must be 0 (all) or more") }
    try StandardInputUse.validate(input.paths + audience.files)
  }

  func execute() throws(CommandFailure) -> CommandAnswer {
    let shown = format.rows(limit: limit)
    // Only the text shows names, each shown component's first asset's: a
    // few are found in the nodes file when shown rather than all kept.
    let names: NameReading =
      format.format != .text
      ? .dropped : (shown ?? Int.max) <= Self.namesFoundWhenShown ? .placed : .kept
    // Relations are joined as they are read: nothing here needs them kept.
    let joiner = ComponentJoiner()
    let loaded = try input.loadGraph(
      keepIdentifierIndex: !audience.files.isEmpty, names: names, relationsTo: joiner,
      badRows: badRows)
    let graph = loaded.graph
    var notes = loaded.notes
    var leftOut = loaded.leftOut
    PhaseTimings.begin(.analysing)
    let analysis =
      if let relationCount = loaded.relationsTaken {
        ComponentAnalysis(graph, joined: joiner, relationCount: relationCount)
      } else {
        ComponentAnalysis(graph)
      }
    var distinct: [Int]?
    if !audience.files.isEmpty { PhaseTimings.begin(.audience) }
    if let lists = try audience.lists(for: graph) {
      PhaseTimings.begin(.analysing)
      try RowsLeftOut.account(for: lists.report, in: &leftOut)
      notes += AudienceReportOutput.notes(lists.report)
      let counter = DistinctCounter(lists: lists, graph: graph)
      distinct = (0..<min(shown ?? Int.max, analysis.count)).map {
        counter.count(analysis.nodes(at: $0))
      }
    }
    // The output's own work (each shown component's first asset) is its cost.
    PhaseTimings.begin(.rendering)
    let output = ComponentsOutput(
      graph: graph, analysis: analysis, limit: shown, listAssets: listAssets,
      distinctAudience: distinct, name: loaded.name(of:))
    return CommandAnswer(
      output: format.render(output, leftOut: leftOut), notes: notes + (leftOut?.notes ?? []))
  }
}

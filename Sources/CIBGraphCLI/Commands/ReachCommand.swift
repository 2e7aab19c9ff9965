import ArgumentParser
import CIBGraph
import CIBGraphSupport

/// `cibgraph reach`: what each network reached, without double counting.
struct ReachCommand: AnalysisCommand {
  static let configuration = CommandConfiguration(
    commandName: "reach",
    abstract: "Reported counts and ≥1 audiences per network, and bounds on the unique audience.",
    discussion: """
      Platforms report, per kind of asset, how many accounts followed or joined at least one \
      of the network's Pages, Groups or Instagram accounts. Those figures overlap across kinds, \
      so the network's unique audience is given as bounds: at least the largest of them, at \
      most their sum. Follower and member counts of itemized assets are summed per kind and \
      labelled as what they are: an upper bound that counts anyone following two assets twice. \
      With --audience lists, the distinct accounts are counted exactly beside the summed sizes \
      (or estimated, with --estimate).
      """)

  @OptionGroup var input: InputOptions
  @OptionGroup var audience: EstimatingAudienceOptions
  @OptionGroup var badRows: BadRowsOption

  @OptionGroup var format: OutputFormatOption

  func validate() throws {
    try input.requireGraph()
    try StandardInputUse.validate(input.paths + audience.files)
  }

  func execute() throws(CommandFailure) -> CommandAnswer {
    // Reach shows no asset's name.
    let loaded = try input.loadGraph(
      keepIdentifierIndex: !audience.files.isEmpty, names: .dropped, badRows: badRows)
    let graph = loaded.graph
    var notes = loaded.notes
    var leftOut = loaded.leftOut
    var entries: [ReachEntry] = []
    if !audience.files.isEmpty { PhaseTimings.begin(.audience) }
    let sketches = try audience.sketches(for: graph)
    let report: RowReadReport?
    switch loaded.source {
    case .spreadsheets(let nodes):
      // One network of every node: its reach is counted without lists.
      // Counted as the lists are read: the analysis is part of the reading.
      let totals = try audience.totals(for: graph)
      PhaseTimings.begin(.analysing)
      report = totals?.report ?? sketches?.report
      let name = GephiSpreadsheet.baseName(nodes)
      var reach = NetworkReach(id: name, name: name, graph: graph)
      reach.distinct = totals?.reach
      let title = Report(title: fileName(nodes), publisher: "itemized data", kind: .secondary)
      entries.append(ReachEntry(input: nodes, report: title, reach: reach))
    case .documents(let checked):
      let lists = try audience.lists(for: graph)
      PhaseTimings.begin(.analysing)
      report = lists?.report ?? sketches?.report
      let lookup = NodeLookup(graph)
      let counter = lists.map { DistinctCounter(lists: $0, graph: graph) }
      for input in checked.inputs {
        for network in input.document.networks {
          var reach = NetworkReach(network)
          reach.distinct = counter?.reach(of: lookup.nodes(of: network))
          entries.append(ReachEntry(input: input.name, report: input.document.report, reach: reach))
        }
      }
    }
    if let report {
      try RowsLeftOut.account(for: report, in: &leftOut)
      notes += AudienceReportOutput.notes(report)
    }
    let output = ReachOutput(entries: entries, audience: report, sketches: sketches)
    return CommandAnswer(
      output: format.render(output, leftOut: leftOut), notes: notes + (leftOut?.notes ?? []))
  }
}

import ArgumentParser
import CIBGraph
import Foundation

/// `cibgraph overlap`: what assets, networks, reports and organisations share.
struct OverlapCommand: AnalysisCommand {
  static let configuration = CommandConfiguration(
    commandName: "overlap",
    abstract:
      "Audience overlap between assets; shared assets, organisations and audience between networks, reports and organisations.",
    discussion: """
      With --audience, the K assets with the largest audiences (or those named by --assets) are \
      compared pairwise: accounts in both (intersection), Jaccard |A∩B|/|A∪B| and the overlap \
      coefficient |A∩B|/min(|A|,|B|). --graph writes those pairs as a network document (assets \
      linked by their shared audience, weighted by Jaccard) that `cibgraph render` draws.

      --audience alone, with no document or nodes file, compares the assets the audience \
      files name: nothing but a row's shape leaves it out, and the assets are of --default-kind \
      (page unless given), which only a --graph document shows.
      """)

  @OptionGroup var input: InputOptions
  @OptionGroup var audience: ExactAudienceOptions
  @OptionGroup var badRows: BadRowsOption

  @Option(help: "Compare the audiences of this many assets, the largest.")
  var top = 100

  @Option(
    help: ArgumentHelp("Compare these assets instead (comma-separated ids).", valueName: "id,id,…"))
  var assets: String?

  @Option(help: "Leave out pairs whose Jaccard index is below this.")
  var minJaccard = 0.0

  @Option(help: "Show at most this many asset pairs (0: all). Default: 20 in text, all otherwise.")
  var pairs: Int?

  @Option(
    help: ArgumentHelp(
      "Write the audience-overlap network as a JSON document.", valueName: "out.json"))
  var graph: String?

  @OptionGroup var format: OutputFormatOption

  func validate() throws {
    if audience.files.isEmpty || input.givesGraph {
      try input.requireGraph()
    } else {
      if input.kindColumn != nil || input.kinds != nil {
        throw ValidationError(
          "--kind-column and --kinds read the kinds of a nodes file; with --audience alone, --default-kind gives the assets' kind"
        )
      }
      if let kind = namedKind, !kind.hasAudience {
        throw ValidationError(
          "--default-kind \(kind) has no audience: give the kind of the assets the audience files name (page, group, instagram, x-account, …)"
        )
      }
    }
    if top < 2 { throw ValidationError("--top must be 2 or more") }
    if !(0...1).contains(minJaccard) {
      throw ValidationError("--min-jaccard must be between 0 and 1")
    }
    if let pairs, pairs < 0 { throw ValidationError("--pairs must be 0 (all) or more") }
    try StandardInputUse.validate(input.paths + audience.files)
    if graph != nil && audience.files.isEmpty { throw ValidationError("--graph needs --audience") }
  }

  /// The kind `--default-kind` gives, if any.
  private var namedKind: AssetKind? {
    input.defaultKind.flatMap { AssetKind(name: $0.trimmingCharacters(in: .whitespaces)) }
  }

  func execute() throws(CommandFailure) -> CommandAnswer {
    let read = try input.givesGraph ? readGraph() : readNamedAssets()
    PhaseTimings.begin(.analysing)
    var notes = read.notes
    var leftOut = read.leftOut
    if let lists = read.lists {
      try RowsLeftOut.account(for: lists.report, in: &leftOut)
      notes += AudienceReportOutput.notes(lists.report)
    }

    var matrix: AudienceOverlapMatrix?
    if let lists = read.lists {
      let chosen = read.named ?? AudienceOverlapMatrix.largest(top, lists: lists, graph: read.graph)
      matrix = AudienceOverlapMatrix(lists: lists, assets: chosen)
    }
    let structural = StructuralOverlap(
      documents: read.documents, graph: read.graph, lists: read.lists)
    let output = OverlapOutput(
      graph: read.graph, matrix: matrix,
      ranked: matrix?.ranked(minimumJaccard: minJaccard) ?? [],
      networks: structural.networks(), reports: structural.reports(),
      organizations: structural.organizations(), limit: format.rows(limit: pairs))
    if let graph, let matrix {
      let document = matrix.document(graph: read.graph, minimumJaccard: minJaccard)
      try OutputFiles.write(document.encoded(), to: graph)
      if !input.givesGraph && namedKind == nil {
        notes.append(
          "cibgraph: note: an audience file does not say what its assets are; \(TerminalText.safe(graph)) calls them Pages (--default-kind sets their kind)"
        )
      }
    }
    return CommandAnswer(
      output: format.render(output, leftOut: leftOut), notes: notes + (leftOut?.notes ?? []))
  }

  /// What the overlap compares: the graph, its documents, the audience lists
  /// and the assets `--assets` names, with what reading them noted.
  private struct Inputs {
    var graph: AssetGraph
    var documents: [NetworkDocument]
    var lists: AudienceLists?
    var named: [NodeIndex]?
    var notes: [String]
    var leftOut: RowsLeftOut?
  }

  /// The documents and spreadsheets given, and the audience lists of their assets.
  private func readGraph() throws(CommandFailure) -> Inputs {
    let loaded = try input.loadGraph(
      keepIdentifierIndex: !audience.files.isEmpty, badRows: badRows)
    // Spreadsheets alone are one network: nothing structural to compare.
    let documents = loaded.documents.map(\.document)
    let named = try namedAssets(graph: loaded.graph)
    // With no documents, nothing but the compared assets needs audience
    // lists: the others' accounts need not be interned at all.
    let selection: AudienceSelection =
      !documents.isEmpty ? .all : named.map { .assets($0) } ?? .largest(top)
    if !audience.files.isEmpty { PhaseTimings.begin(.audience) }
    return Inputs(
      graph: loaded.graph, documents: documents,
      lists: try audience.lists(for: loaded.graph, selection: selection), named: named,
      notes: loaded.notes, leftOut: loaded.leftOut)
  }

  /// The assets the audience files name, as a graph of their own, and their lists.
  private func readNamedAssets() throws(CommandFailure) -> Inputs {
    // `--assets` names assets of the graph the files make: every list is read.
    guard
      let read = try audience.namedAudience(
        kind: namedKind ?? .page, largest: assets == nil ? top : nil)
    else { throw CommandFailure(.usage, ["cibgraph: error: --audience names no file"]) }
    return Inputs(
      graph: read.graph, documents: [], lists: read.lists,
      named: try namedAssets(graph: read.graph), notes: [],
      leftOut: badRows.skipBadRows ? RowsLeftOut() : nil)
  }

  /// The assets named by `--assets`, if it is given.
  private func namedAssets(graph: AssetGraph) throws(CommandFailure) -> [NodeIndex]? {
    guard let assets else { return nil }
    var chosen: [NodeIndex] = []
    for id in assets.split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) })
    where !id.isEmpty {
      guard let node = graph.node(for: id) else {
        throw CommandFailure(
          .dataError,
          [
            "cibgraph: error: --assets names \"\(TerminalText.safe(id))\", which is not an asset of the inputs"
          ])
      }
      chosen.append(node)
    }
    guard chosen.count >= 2 else {
      throw CommandFailure(.usage, ["cibgraph: error: --assets needs at least two asset ids"])
    }
    return chosen
  }
}

import ArgumentParser
import CIBGraph
import CIBGraphSupport
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
      """)

  @OptionGroup var input: InputOptions
  @OptionGroup var audience: ExactAudienceOptions

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

  @Option(help: "Output format: text, json or csv.")
  var format: OutputFormat = .text

  func validate() throws {
    if top < 2 { throw ValidationError("--top must be 2 or more") }
    if !(0...1).contains(minJaccard) {
      throw ValidationError("--min-jaccard must be between 0 and 1")
    }
    if let pairs, pairs < 0 { throw ValidationError("--pairs must be 0 (all) or more") }
    try StandardInputUse.validate(input.paths + audience.files)
    if graph != nil && audience.files.isEmpty { throw ValidationError("--graph needs --audience") }
  }

  func execute() throws(CommandFailure) -> (output: String, status: ExitStatus, notes: [String]) {
    let loaded = try input.loadGraph(keepIdentifierIndex: !audience.files.isEmpty)
    let assetGraph = loaded.graph
    var notes = loaded.notes
    // Spreadsheets alone are one network: nothing structural to compare.
    let documents = loaded.documents.map(\.document)
    let named = try namedAssets(graph: assetGraph)
    // With no documents, nothing but the compared assets needs audience
    // lists: the others' accounts need not be interned at all.
    let selection: AudienceSelection =
      !documents.isEmpty ? .all : named.map { .assets($0) } ?? .largest(top)
    let lists = try audience.lists(for: assetGraph, selection: selection)
    if let lists { notes += AudienceReportOutput.notes(lists.report) }

    var matrix: AudienceOverlapMatrix?
    if let lists {
      let chosen = named ?? AudienceOverlapMatrix.largest(top, lists: lists, graph: assetGraph)
      matrix = AudienceOverlapMatrix(lists: lists, assets: chosen)
    }
    var structural = StructuralOverlap(documents: documents, graph: assetGraph, lists: lists)
    let result = OverlapResult(
      graph: assetGraph, matrix: matrix, ranked: matrix?.ranked(minimumJaccard: minJaccard) ?? [],
      networks: structural.networks(), reports: structural.reports(),
      organizations: structural.organizations())
    if let graph, let matrix {
      let document = matrix.document(graph: assetGraph, minimumJaccard: minJaccard)
      try OutputFiles.write(document.encoded(), to: graph)
    }
    let limit = pairs ?? (format == .text ? 20 : 0)
    let output =
      switch format {
      case .text: result.text(limit: limit)
      case .json: result.json(limit: limit).serialized() + "\n"
      case .csv: result.csv(limit: limit)
      }
    return (output, .ok, notes)
  }

  /// The assets named by `--assets`, if it is given.
  private func namedAssets(graph: AssetGraph) throws(CommandFailure) -> [NodeIndex]? {
    guard let assets else { return nil }
    let index = graph.identifierIndex()
    var chosen: [NodeIndex] = []
    for id in assets.split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) })
    where !id.isEmpty {
      var bytes = id
      guard let node = bytes.withUTF8({ index.find($0) }).map({ NodeIndex($0) }) else {
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

/// The overlaps found, and their renderings.
struct OverlapResult {
  let graph: AssetGraph
  let matrix: AudienceOverlapMatrix?
  let ranked: [AssetOverlap]
  let networks: [GroupOverlap]
  let reports: [GroupOverlap]
  let organizations: [GroupOverlap]

  func id(_ node: NodeIndex) -> String { graph.ids[Int(node)] }

  func text(limit: Int) -> String {
    var out = ""
    if let matrix {
      let shown = limit == 0 ? ranked[...] : ranked.prefix(limit)
      let summary = summaryValues(matrix)
      out +=
        "Audience overlap between \(matrix.assets.count) assets: \(groupedDigits(matrix.pairs.count)) pairs, "
        + "\(groupedDigits(summary.nonzero)) sharing accounts, \(groupedDigits(summary.intersectionSum)) shared in all\n"
      var table = TextTable([
        .init("A"), .init("B"), .init("Shared", .right), .init("Jaccard", .right),
        .init("Overlap", .right),
        .init("|A|", .right), .init("|B|", .right),
      ])
      for pair in shown {
        table.add([
          TerminalText.safe(id(pair.a), limit: 32), TerminalText.safe(id(pair.b), limit: 32),
          groupedDigits(pair.intersection), DecimalText.fourPlaces(pair.jaccard),
          DecimalText.fourPlaces(pair.overlapCoefficient),
          groupedDigits(pair.sizeA), groupedDigits(pair.sizeB),
        ])
      }
      out += table.render(indent: "  ")
      if shown.count < ranked.count {
        out +=
          "  … and \(groupedDigits(ranked.count - shown.count)) more pairs (--pairs 0 shows all)\n"
      }
      out += "  Jaccard: |A∩B|/|A∪B|; overlap: |A∩B|/min(|A|,|B|)\n"
    }
    for (title, groups) in [
      ("networks", networks), ("reports", reports), ("organisations", organizations),
    ] {
      out += (out.isEmpty ? "" : "\n") + "Between \(title): "
      guard !groups.isEmpty else {
        out += "nothing shared\n"
        continue
      }
      out += "\(groups.count) pair(s) sharing something\n"
      var table = TextTable([
        .init("A"), .init("B"), .init("Shared assets", .right), .init("Shared organisations"),
        .init("Shared networks"), .init("Shared audience", .right),
      ])
      for group in groups {
        table.add([
          TerminalText.safe(group.a, limit: 40), TerminalText.safe(group.b, limit: 40),
          groupedDigits(group.sharedAssets.count),
          TerminalText.safe(group.sharedOrganizations.joined(separator: ", "), limit: 50),
          TerminalText.safe(group.sharedNetworks.joined(separator: ", "), limit: 50),
          group.sharedAudience.map(groupedDigits) ?? "–",
        ])
      }
      out += table.render(indent: "  ")
    }
    return out
  }

  func summaryValues(_ matrix: AudienceOverlapMatrix) -> (
    nonzero: Int, intersectionSum: Int, jaccardSum: Double
  ) {
    matrix.pairs.reduce((0, 0, 0.0)) {
      ($0.0 + ($1.intersection > 0 ? 1 : 0), $0.1 + $1.intersection, $0.2 + $1.jaccard)
    }
  }

  func json(limit: Int) -> JSONValue {
    var members: [(String, JSONValue)] = []
    if let matrix {
      let shown = limit == 0 ? ranked[...] : ranked.prefix(limit)
      let summary = summaryValues(matrix)
      members.append(("compared", .array(matrix.assets.map { .string(id($0)) })))
      members.append(
        (
          "summary",
          .object([
            ("pairs", .int(matrix.pairs.count)), ("nonzeroPairs", .int(summary.nonzero)),
            ("intersectionSum", .int(summary.intersectionSum)),
            ("jaccardSum", .double(summary.jaccardSum)),
            ("shown", .int(shown.count)),
          ])
        ))
      members.append(
        (
          "pairs",
          .array(
            shown.map { pair in
              .object([
                ("a", .string(id(pair.a))), ("b", .string(id(pair.b))),
                ("intersection", .int(pair.intersection)),
                ("jaccard", .double(pair.jaccard)), ("overlap", .double(pair.overlapCoefficient)),
                ("sizeA", .int(pair.sizeA)), ("sizeB", .int(pair.sizeB)),
              ])
            })
        ))
    } else {
      members.append(("pairs", .array([])))
    }
    for (key, groups) in [
      ("networks", networks), ("reports", reports), ("organizations", organizations),
    ] {
      members.append(
        (
          key,
          .array(
            groups.map { group in
              .object([
                ("a", .string(group.a)), ("b", .string(group.b)),
                ("sharedAssets", .array(group.sharedAssets.map(JSONValue.string))),
                ("sharedOrganizations", .array(group.sharedOrganizations.map(JSONValue.string))),
                ("sharedNetworks", .array(group.sharedNetworks.map(JSONValue.string))),
                ("sharedAudience", group.sharedAudience.map(JSONValue.int) ?? .null),
              ])
            })
        ))
    }
    return .object(members)
  }

  func csv(limit: Int) -> String {
    var writer = CSVWriter(header: [
      "level", "a", "b", "intersection", "jaccard", "overlap", "shared_assets",
      "shared_organizations",
      "shared_networks", "shared_audience",
    ])
    let shown = limit == 0 ? ranked[...] : ranked.prefix(limit)
    for pair in shown {
      writer.addRow([
        .text("asset"), .text(id(pair.a)), .text(id(pair.b)), .number(pair.intersection),
        .text(DecimalText.fourPlaces(pair.jaccard)),
        .text(DecimalText.fourPlaces(pair.overlapCoefficient)), .empty,
        .empty, .empty,
        .empty,
      ])
    }
    for (level, groups) in [
      ("network", networks), ("report", reports), ("organization", organizations),
    ] {
      for group in groups {
        writer.addRow([
          .text(level), .text(group.a), .text(group.b), .empty, .empty, .empty,
          .number(group.sharedAssets.count),
          .text(group.sharedOrganizations.joined(separator: " ")),
          .text(group.sharedNetworks.joined(separator: " ")),
          group.sharedAudience.map(CSVWriter.Cell.number) ?? .empty,
        ])
      }
    }
    return writer.text
  }
}

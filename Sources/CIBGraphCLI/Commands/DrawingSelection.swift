import ArgumentParser
import CIBGraph

/// The options of `render` and `dot` that draw a part of itemized data, or
/// an overview of it.
struct SelectionArguments: ParsableArguments {
  @Option(help: ArgumentHelp("Draw the K largest connected components.", valueName: "K"))
  var largest: Int?

  @Option(
    help: ArgumentHelp(
      "Draw the component of rank N, as `cibgraph components` numbers them (1: the largest).",
      valueName: "N"))
  var component: Int?

  // Not `--network`: that attaches spreadsheets to a document's network.
  @Option(help: ArgumentHelp("Draw only the network with this identifier.", valueName: "ID"))
  var onlyNetwork: String?

  @Option(
    help: ArgumentHelp(
      "Draw the assets within --depth relations of the asset or organisation ID.",
      valueName: "ID"))
  var around: String?

  @Option(
    help: ArgumentHelp("How many relations away --around reaches (default 2).", valueName: "D"))
  var depth: Int?

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "Draw an overview (a square per component, the largest in full) rather than every asset. "
        + "Default: an overview above \(ComponentOverview.assetLimit) assets."))
  var overview: Bool?

  @Flag(
    help:
      "Draw the documents' takedowns on a calendar (a row per year, a column per month), each network a square sized by the assets removed."
  )
  var timeline = false

  /// `--depth`'s default: the asset, its neighbours and theirs.
  static let defaultDepth = 2
  /// More is surely a mistake: no real network is that deep.
  static let deepest = 1_000

  func validate() throws {
    let chosen = [largest != nil, component != nil, onlyNetwork != nil, around != nil].count(
      where: { $0 })
    if timeline && (chosen > 0 || overview != nil) {
      throw ValidationError("--timeline draws whole documents: leave out the selection options")
    }
    if chosen > 1 {
      throw ValidationError(
        "give one of --largest, --component, --only-network and --around, not several")
    }
    if let largest, largest < 1 { throw ValidationError("--largest must be 1 or more") }
    if let component, component < 1 {
      throw ValidationError("--component must be 1 (the largest) or more")
    }
    if let depth {
      guard around != nil else { throw ValidationError("--depth goes with --around ID") }
      guard (0...Self.deepest).contains(depth) else {
        throw ValidationError("--depth must be from 0 to \(Self.deepest)")
      }
    }
  }

  var selection: AssetSelection? {
    if let largest { return .largestComponents(largest) }
    if let component { return .component(rank: component) }
    if let onlyNetwork { return .network(id: onlyNetwork) }
    if let around { return .neighbourhood(of: around, depth: depth ?? Self.defaultDepth) }
    return nil
  }

  /// The drawing of `documents` these options ask for, with notes for
  /// stderr saying what was drawn when it is not everything.
  /// - Parameter distinctAssets: How many distinct assets and organisations
  ///   `documents` hold, when the reader knows; otherwise they are counted.
  /// - Parameter sink: Where the text goes as it is written, when it is not
  ///   to be kept: the `dot` returned is then empty. Nothing goes to it when
  ///   this throws.
  /// - Throws: ``CommandFailure`` with status 64 when the selection names nothing that exists.
  func drawing(
    of documents: [NetworkDocument], distinctAssets: Int? = nil, options: DrawingOptions,
    to sink: (any DOTTextSink)? = nil
  ) throws(CommandFailure) -> (dot: String, layout: LayoutEngine, notes: [String]) {
    let drawn = try drawing(of: documents, distinctAssets: distinctAssets, options: options) {
      documents, options in
      guard let sink else {
        let drawing = NetworkDrawing(documents: documents, options: options)
        return (drawing.dot, drawing.layout)
      }
      return ("", NetworkDrawing.write(documents: documents, options: options, to: sink))
    }
    guard let sink, !drawn.dot.isEmpty else { return drawn }
    sink.write(Array(drawn.dot.utf8))
    return ("", drawn.layout, drawn.notes)
  }

  /// What ``drawing(of:distinctAssets:options:to:)`` draws, the full drawing
  /// by `full` (its text empty when it went elsewhere).
  private func drawing(
    of documents: [NetworkDocument], distinctAssets: Int?, options: DrawingOptions,
    full: ([NetworkDocument], DrawingOptions) -> (dot: String, layout: LayoutEngine)
  ) throws(CommandFailure) -> (dot: String, layout: LayoutEngine, notes: [String]) {
    if timeline {
      let drawing = TimelineDrawing(documents: documents)
      let notes =
        drawing.leftOut.isEmpty
        ? []
        : [
          TerminalText.safe(
            "cibgraph: left out of the timeline, without a month of publication: "
              + drawing.leftOut.map { "\"\($0)\"" }.joined(separator: ", "))
        ]
      return (drawing.dot, drawing.layout, notes)
    }
    var documents = documents
    var notes: [String] = []
    if let selection {
      do {
        let selected = try selection.select(from: documents)
        documents = selected.documents
        notes.append(TerminalText.safe("cibgraph: drawing \(selected.description)"))
      } catch {
        throw CommandFailure(.usage, [TerminalText.safe("cibgraph: error: \(error.message)")])
      }
    }
    let assets =
      selection == nil ? distinctAssets ?? Self.assetCount(documents) : Self.assetCount(documents)
    let large = assets > ComponentOverview.assetLimit
    // A part the user chose is drawn as chosen unless an overview is asked for.
    if overview ?? (large && selection == nil) {
      let (overview, note) = Self.overview(of: documents, assets: assets, options: options)
      return (overview.drawing.dot, overview.drawing.layout, notes + [note])
    }
    if large {
      notes.append(
        "cibgraph: drawing \(counted(assets, "asset")) in full as asked: expect a dense tangle "
          + "that takes a while to lay out. --around ID --depth D draws one asset's "
          + "neighbourhood, --overview a square per component")
    }
    let networks = documents.reduce(0) { $0 + $1.networks.count }
    if documents.count > Self.reportsDrawnInFull && selection == nil {
      notes.append(
        "cibgraph: drawing \(counted(documents.count, "report")) and \(counted(networks, "network")) "
          + "in full: a large figure. --timeline draws them on one calendar, --only-network ID one of them"
      )
    }
    let drawn = full(documents, options)
    return (drawn.dot, drawn.layout, notes)
  }

  /// Reports beyond which a report drawing of them all is too large to take in.
  static let reportsDrawnInFull = 6

  /// Distinct itemized assets and organisations.
  static func assetCount(_ documents: [NetworkDocument]) -> Int {
    var ids = IdentifierNumbers(
      capacity: documents.reduce(0) {
        $0 + $1.organizations.count + $1.networks.reduce(0) { $0 + $1.assets.count }
      })
    for document in documents {
      for organization in document.organizations { ids.insert(organization.id) }
      for network in document.networks {
        for asset in network.assets { ids.insert(asset.id) }
      }
    }
    return ids.count
  }

  /// The overview of `documents`' components, and the note saying what it shows.
  /// - Complexity: O(n + m) to find the components and cut the documents down.
  static func overview(of documents: [NetworkDocument], assets: Int, options: DrawingOptions)
    -> (ComponentOverview, String)
  {
    let graph = AssetGraph(documents: documents)
    let components = ComponentAnalysis(graph).components
    // The largest components that fit the budget are drawn in full.
    var fullRanks: [Int] = []
    var used = 0
    for (offset, component) in components.enumerated()
    where fullRanks.count < ComponentOverview.fullComponentLimit
      && used + component.size <= ComponentOverview.fullAssetBudget && component.size > 1
    {
      fullRanks.append(offset + 1)
      used += component.size
    }
    var fullIDs = Set<ByteExactID>()
    for rank in fullRanks {
      for node in components[rank - 1].nodes { fullIDs.insert(ByteExactID(graph.id(of: node))) }
    }
    // The network of each asset, by drawing order, when there are several.
    let networks = documents.flatMap(\.networks)
    var networkOf: [ByteExactID: Int] = [:]
    if networks.count(where: { !$0.assets.isEmpty }) > 1 {
      for (index, network) in networks.enumerated() {
        for asset in network.assets where networkOf[ByteExactID(asset.id)] == nil {
          networkOf[ByteExactID(asset.id)] = index
        }
      }
    }
    let fullSet = Set(fullRanks)
    var parts: [ComponentOverview.Part] = []
    var restRanks: [Int] = []
    for (offset, component) in components.enumerated() where !fullSet.contains(offset + 1) {
      guard parts.count < ComponentOverview.squareLimit else {
        restRanks.append(offset)
        continue
      }
      let first = component.nodes[0]
      let id = graph.id(of: first)
      parts.append(
        ComponentOverview.Part(
          rank: offset + 1, assets: component.size, kinds: component.kinds,
          audienceSummed: component.audienceSummed, network: networkOf[ByteExactID(id)],
          example: graph.name(of: first).flatMap { $0.isEmpty ? nil : $0 } ?? id))
    }
    let rest =
      restRanks.isEmpty
      ? nil
      : ComponentOverview.Rest(
        components: restRanks.count,
        assets: restRanks.reduce(0) { $0 + components[$1].size },
        largest: components[restRanks[0]].size,
        smallest: components[restRanks[restRanks.count - 1]].size)
    // With nothing in full, the reports alone: they give the title.
    let full =
      fullIDs.isEmpty
      ? documents.map { NetworkDocument(report: $0.report, kinds: $0.kinds) }
      : AssetSelection.restrict(documents, to: fullIDs, keepingNetwork: nil)
    let overview = ComponentOverview(
      full: full, fullRanks: fullRanks, parts: parts, rest: rest, totalAssets: assets,
      totalComponents: components.count, options: options)

    var shown: [String] = []
    if !fullRanks.isEmpty {
      shown.append(
        (fullRanks.count == 1 ? "component " : "components ")
          + fullRanks.map(String.init).joined(separator: ", ") + " in full")
    }
    if !parts.isEmpty { shown.append("\(counted(parts.count, "component")) as squares") }
    if let rest {
      shown.append("the \(groupedDigits(rest.components)) smallest counted in one line")
    }
    var more = "--component N, --largest K, --only-network ID or --around ID --depth D draw a part"
    if let first = components.first, !fullSet.contains(1) {
      more += " (component 1 has \(counted(first.size, "asset")))"
    }
    let reason =
      assets > ComponentOverview.assetLimit
      ? "\(counted(assets, "asset")) are too many to draw readably, so this is an overview"
      : "an overview"
    return (
      overview,
      "cibgraph: \(reason) of the \(counted(components.count, "component")): "
        + shown.joined(separator: ", ") + ". \(more); --no-overview draws every asset"
    )
  }
}

@_spi(Internal) import CIBGraphCore
import CIBGraphSupport

extension GephiSpreadsheet {
  /// The document ``readDocument(nodes:edges:kinds:limit:network:)`` reads
  /// from clean spreadsheets, built from the graph ``FastSpreadsheetReader``
  /// reads on every core; `nil` when that reader gives up, or when the files
  /// hold what a graph does not keep (a nodes `Network` column, an edges
  /// `Weight` or `Evidence` column), or when an input is a stream (read once,
  /// it could not be read again): read those with `readDocument`.
  ///
  /// For drawing millions of rows: the document path spends most of its
  /// time on a located field per cell and on `Validator`'s dictionaries of
  /// `String` identifiers. A document this gives has no findings to
  /// report: the fast reader gives up at every bad row, identifier defined
  /// twice and relation to nothing, which are all the errors `Validator`
  /// finds in one network of spreadsheet rows (it has no reported figures).
  /// Its warnings (a relation to itself, an unusual relation) are not
  /// looked for, so the document is for readers that act on errors only.
  /// Tests check it equals `readDocument`'s on random inputs.
  /// - Parameters:
  ///   - nodes: The node spreadsheet.
  ///   - edges: The edge spreadsheet, if there is one.
  ///   - kinds: How the nodes' kinds are read.
  ///   - limit: The largest input read, each.
  ///   - network: The id of the network; by default one named after the nodes file.
  /// - Throws: `InputError` for a file that cannot be opened or is over `limit`.
  /// - Complexity: O(bytes), one table probe per identifier, on all cores.
  package static func readCleanDocument(
    nodes: InputSource, edges: InputSource?, kinds: KindMapping = .standard,
    limit: InputSizeLimit = .standard, network: String? = nil
  ) throws(InputError) -> LoadedDocument? {
    if case .standardInput = nodes { return nil }
    if case .standardInput? = edges { return nil }
    let nodeInput = try nodes.open()
    let edgeInput = try edges.map { (source) throws(InputError) in try source.open() }
    guard let nodesInPlace = try nodeInput.inPlace(limit: limit) else { return nil }
    var held = [nodesInPlace]
    if let edgeInput {
      guard let edgesInPlace = try edgeInput.inPlace(limit: limit) else { return nil }
      held.append(edgesInPlace)
    }
    return InPlaceBytes.withBytes(of: held) { held in
      cleanDocument(
        nodes: (held[0].bytes, nodeInput.name),
        edges: held.count > 1 ? (held[1].bytes, edgeInput!.name) : nil, kinds: kinds,
        network: network, releaseNodes: held[0].release,
        releaseEdges: held.count > 1 ? held[1].release : nil)
    }
  }

  /// ``readCleanDocument(nodes:edges:kinds:limit:network:)`` on bytes in memory.
  /// - Complexity: O(bytes), one table probe per identifier, on all cores.
  package static func cleanDocument(
    nodes: (bytes: UnsafeBufferPointer<UInt8>, file: String),
    edges: (bytes: UnsafeBufferPointer<UInt8>, file: String)?, kinds: KindMapping = .standard,
    network: String? = nil, releaseNodes: FastSpreadsheetReader.Release? = nil,
    releaseEdges: FastSpreadsheetReader.Release? = nil, split: WorkSplit = .standard
  ) -> LoadedDocument? {
    // Columns the graph does not keep: the careful reader reads those files.
    guard
      let nodeHeader = FastSpreadsheetReader.header(
        nodes.bytes, known: SpreadsheetRows.nodeColumns(kindColumn: kinds.columnKey))?.header,
      nodeHeader["network"] == nil
    else { return nil }
    if let edges {
      guard
        let edgeHeader = FastSpreadsheetReader.header(edges.bytes, known: edgeColumns)?.header,
        edgeHeader["weight"] == nil, edgeHeader["evidence"] == nil
      else { return nil }
    }
    guard
      let graph = FastSpreadsheetReader.read(
        nodes: nodes.bytes, edges: edges?.bytes, releaseNodes: releaseNodes,
        releaseEdges: releaseEdges, kinds: kinds, split: split)
    else { return nil }

    let id = network ?? baseName(nodes.file)
    var itemized = Network(id: id, name: id)
    // The ids on their own, for the relations' ends: a table a sixth the size
    // of the assets', so that its random reads miss the caches less. Each
    // array is made on every core at once.
    let parts = split.parts(of: graph.nodeCount + graph.edgeCount, per: split.drawnPerRun)
    let ids = [String].inParallel(count: graph.nodeCount, parts: parts) {
      graph.id(of: NodeIndex($0))
    }
    itemized.assets = .inParallel(count: graph.nodeCount, parts: parts) { index in
      let node = NodeIndex(index)
      return Asset(
        id: ids[index], kind: graph.kind(of: node), name: graph.name(of: node),
        followers: graph.followers(of: node), members: graph.members(of: node))
    }
    let graphEdges = graph.edges
    itemized.relations = .inParallel(count: graphEdges.count, parts: parts) { index in
      let edge = graphEdges[index]
      return Relation(source: ids[Int(edge.source)], target: ids[Int(edge.target)], type: edge.type)
    }
    return LoadedDocument(
      document: NetworkDocument(
        report: spreadsheetReport(nodes: nodes.file, edges: edges?.file), networks: [itemized]),
      findings: [], locations: DocumentLocations(FileLocation(file: nodes.file)))
  }

  /// The report of a document read from spreadsheets: the nodes file's name
  /// as its title, and the files it was read from.
  static func spreadsheetReport(nodes: String, edges: String?) -> Report {
    Report(
      title: CIBGraphSupport.fileName(nodes), publisher: "itemized data", kind: .secondary,
      notes: ["read from \(nodes)" + (edges.map { " and \($0)" } ?? "")])
  }
}

/// Locates every path in one file: for a document with nothing to report.
struct FileLocation: LocationResolver {
  let file: String

  func location(of path: ModelPath) -> SourceLocation { SourceLocation(file: file) }
}

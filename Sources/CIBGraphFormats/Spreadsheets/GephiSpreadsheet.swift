import CIBGraphCore
import CIBGraphSupport

/// Itemized data in Gephi's spreadsheet convention: a nodes CSV with header
/// `Id,Label,Kind,Followers,Members` and an edges CSV with header
/// `Source,Target,Type` (cibgraph writes `Source,Target,Type,Kind,Weight,Evidence`),
/// or the tables Gephi's Data Laboratory exports as they are.
///
/// Column names are matched case-insensitively and may come in any order;
/// `Id` and `Kind` (nodes; `Kind` unless the ``KindMapping`` gives a
/// default kind) and `Source` and `Target` (edges) are required, the others
/// optional; a `Network` column on nodes (the id of the network each asset
/// belongs to) and an `Evidence` column on edges are read when present; a
/// column it reads may not appear twice, and columns it does not read
/// (Gephi's `timeset`, an edge's `Id` and `Label`, a `modularity_class`) are
/// ignored. Empty `Followers`/`Members` mean unknown.
///
/// Kinds are read through a ``KindMapping``: from another column, with
/// values of the user's own (`FB Page`), or one kind for every node of a
/// file without them (Gephi's nodes tables have no `Kind`).
///
/// An edge's relation type is its `Type` (a relation type, as cibgraph's
/// own files have it) or its `Kind` (where Gephi keeps a label of the edge,
/// and cibgraph writes the relation type): Gephi's `Type` is the edge's
/// direction (`Directed`, `Undirected`), which is not kept, and an edge
/// naming no relation type is `linkedTo`. `Weight` is read when given
/// (`1,33` as Gephi writes it in some locales too) and written back.
///
/// Bad rows (an unknown kind, a negative or non-numeric count, an empty
/// identifier, more or fewer fields than the header) do not stop the
/// reading: each becomes an error `Finding` with its line and column and
/// the row is left out, so one run lists every problem. Broken syntax (a
/// quote never closed) stops it with an `InputError`.
///
/// Read them into a document (``readDocument(nodes:edges:kinds:limit:network:)``) to check
/// it with `Validator`, convert it or draw it, or straight into a graph
/// (``readGraph(nodes:edges:kinds:limit:keepIdentifierIndex:keepNames:)``) to analyse millions
/// of rows; both apply the same rules to the rows, in the same words.
public enum GephiSpreadsheet {
  static let edgeColumns = SpreadsheetRows.edgeColumns

  /// Reads a nodes spreadsheet and, optionally, an edges spreadsheet into a
  /// document, for checking with `Validator`, converting or drawing: every
  /// row's text is kept, evidence included.
  ///
  /// The document has one network per id in the nodes' `Network` column, in
  /// the order they first appear; rows without one (or files without the
  /// column) make the network `network`, or one named after the nodes file. A relation belongs
  /// to the network of its source asset (of its target when the source is
  /// defined nowhere). Attach the networks to a reported network with
  /// ``LoadedDocument/attaching(_:)``.
  ///
  /// Both files are read whole (each at most `limit`). Bad rows are left
  /// out, each an error among the ``LoadedDocument/findings``; an
  /// identifier defined twice or a relation to nothing is left for
  /// `Validator` to report, with the ``LoadedDocument/locations``.
  /// - Parameters:
  ///   - nodes: The node spreadsheet.
  ///   - edges: The edge spreadsheet, if there is one.
  ///   - kinds: How the nodes' kinds are read.
  ///   - limit: The largest input read, each.
  ///   - network: The id of the network of rows that name none; by default
  ///     one named after the nodes file.
  /// - Throws: `InputError`: `.missingInput` for a file that cannot be
  ///   read; `.badData` for broken syntax, an empty file, a file over the
  ///   limit, or a header without its required columns or with one twice.
  /// - Complexity: O(bytes), one hash lookup per identifier.
  public static func readDocument(
    nodes: InputSource, edges: InputSource?, kinds: KindMapping = .standard,
    limit: InputSizeLimit = .standard, network: String? = nil
  ) throws(InputError) -> LoadedDocument {
    let nodeInput = try nodes.open()
    let edgeInput = try edges.map { (source) throws(InputError) in try source.open() }
    let nodeBytes = try nodeInput.readWhole(limit: limit)
    let edgeBytes = try edgeInput.map { (input) throws(InputError) in
      (try input.readWhole(limit: limit), input.name)
    }
    return try load(
      nodes: (nodeBytes, nodeInput.name), edges: edgeBytes, kinds: kinds, network: network)
  }

  /// Reads a nodes spreadsheet and, optionally, an edges spreadsheet
  /// straight into an `AssetGraph`, for analysis of millions of rows: no
  /// document, no `String` per identifier.
  ///
  /// Files are read in place (mapped, or the bytes given) by a reader that
  /// uses every core and gives a mapped file's pages back as it goes; at the
  /// first thing that reader cannot vouch for (a bad row, an identifier
  /// defined twice, a relation to nothing, broken quoting), the files are
  /// read again by the careful reader, which finds and locates every problem
  /// and leaves the rows at fault out: see ``LoadedGraph``. A stream is read
  /// whole first. Each input is at most `limit`.
  /// - Parameters:
  ///   - nodes: The node spreadsheet.
  ///   - edges: The edge spreadsheet, if there is one.
  ///   - kinds: How the nodes' kinds are read.
  ///   - limit: The largest input read, each.
  ///   - keepIdentifierIndex: Whether the graph keeps the table of
  ///     its identifiers built while reading (`identifierIndex()`),
  ///     for reading audience lists against it next; otherwise its memory is
  ///     given back.
  ///   - keepNames: Whether the nodes' labels are kept (`AssetGraph/name(of:)`).
  ///     An analysis that never shows them reads without: millions of labels
  ///     are then neither copied nor held, and every name is absent. Labels
  ///     are checked either way, so the same files are read or refused.
  /// - Throws: `InputError` as ``readDocument(nodes:edges:kinds:limit:network:)`` does.
  /// - Complexity: O(bytes), one table probe per identifier, on all cores
  ///   for clean files.
  public static func readGraph(
    nodes: InputSource, edges: InputSource?, kinds: KindMapping = .standard,
    limit: InputSizeLimit = .standard, keepIdentifierIndex: Bool = false, keepNames: Bool = true
  ) throws(InputError) -> LoadedGraph {
    try readGraph(
      nodes: nodes, edges: edges, kinds: kinds, limit: limit,
      keepIdentifierIndex: keepIdentifierIndex, names: keepNames ? .kept : .dropped,
      relationsTo: nil)
  }

  /// ``readGraph(nodes:edges:kinds:limit:keepIdentifierIndex:keepNames:)``,
  /// handing the relations to `sink` instead of the graph when the files
  /// are clean enough to be read on every core (then
  /// ``LoadedGraph/relationsTaken`` says how many it took; otherwise the
  /// graph keeps them and the sink's work is to be dropped), and, with
  /// `names` ``NameReading/placed``, finding labels in the nodes file when
  /// asked (``LoadedGraph/labels``) rather than keeping them, when the
  /// files are read on every core (the careful reader keeps them).
  package static func readGraph(
    nodes: InputSource, edges: InputSource?, kinds: KindMapping = .standard,
    limit: InputSizeLimit = .standard, keepIdentifierIndex: Bool = false,
    names: NameReading = .kept, relationsTo sink: (any RelationSink)?
  ) throws(InputError) -> LoadedGraph {
    let nodeInput = try nodes.open()
    let edgeInput = try edges.map { (source) throws(InputError) in try source.open() }
    // Files in place (mapped) when they can be; a stream, or a file with no
    // bytes, is read whole, which says what is wrong with it.
    var nodesInPlace = try nodeInput.inPlace(limit: limit)
    var edgesInPlace =
      nodesInPlace == nil
      ? nil
      : try edgeInput.flatMap { (input) throws(InputError) in try input.inPlace(limit: limit) }
    if nodesInPlace == nil || (edgeInput != nil && edgesInPlace == nil) {
      nodesInPlace = .array(try nodeInput.readWhole(limit: limit))
      if let edgeInput { edgesInPlace = .array(try edgeInput.readWhole(limit: limit)) }
    }
    let read = InPlaceBytes.withBytes(of: [nodesInPlace!] + (edgesInPlace.map { [$0] } ?? [])) {
      held in
      FastSpreadsheetReader.read(
        nodes: held[0].bytes, edges: held.count > 1 ? held[1].bytes : nil,
        releaseNodes: held[0].release, releaseEdges: held.count > 1 ? held[1].release : nil,
        kinds: kinds, keepIdentifierIndex: keepIdentifierIndex, names: names, sink: sink)
    }
    if let read {
      var loaded = LoadedGraph(graph: read.graph, findings: [])
      loaded.relationsTaken = read.relationsTaken
      if let places = read.labelPlaces, let nodesInPlace {
        loaded.labels = NodeLabels(file: nodesInPlace, places: places)
      }
      return loaded
    }
    // The careful reader reads arrays: mapped files are let go and read whole.
    let (nodeArray, edgeArray) = (nodesInPlace?.array, edgesInPlace?.array)
    (nodesInPlace, edgesInPlace) = (nil, nil)
    var nodeBytes = nodeArray ?? []
    if nodeArray == nil { nodeBytes = try nodeInput.readWhole(limit: limit) }
    var edgeBytes: (bytes: [UInt8], file: String)?
    if let edgeInput {
      edgeBytes = (edgeArray ?? [], edgeInput.name)
      if edgeArray == nil { edgeBytes!.bytes = try edgeInput.readWhole(limit: limit) }
    }
    return try SpreadsheetGraphReader.readCarefully(
      nodes: (nodeBytes, nodeInput.name), edges: edgeBytes, kinds: kinds,
      keepNames: names != .dropped)
  }

  /// Reads a nodes CSV and, optionally, an edges CSV held in memory, with
  /// the careful reader: the document path of
  /// ``readDocument(nodes:edges:kinds:limit:network:)``.
  /// - Parameters:
  ///   - nodes: The nodes file's bytes, and its name for messages.
  ///   - edges: The edges file's bytes and name, if there is one.
  ///   - kinds: How the nodes' kinds are read.
  ///   - network: The id of the network of rows that name none.
  /// - Complexity: O(n) in the bytes, one hash lookup per identifier.
  package static func load(
    nodes: (bytes: [UInt8], file: String), edges: (bytes: [UInt8], file: String)?,
    kinds: KindMapping = .standard, network: String? = nil
  ) throws(InputError) -> LoadedDocument {
    var findings: [Finding] = []
    var networks = SpreadsheetNetworks(defaultID: network ?? baseName(nodes.file))
    // Identifiers of bad rows, whose relations are left out: unless a good
    // row defines the same identifier, before or after.
    var rejectedIDs = Set<ByteExactID>()
    var acceptedIDs = Set<ByteExactID>()

    var nodeRows = try SpreadsheetRows(nodes: nodes.bytes, file: nodes.file, kinds: kinds)
    while let outcome = try nodeRows.nextNode() {
      switch outcome {
      case .good(let node):
        let id = node.row.cell(node.id)
        networks.add(
          Asset(
            id: id, kind: node.kind, name: node.label.map(node.row.cell),
            followers: node.followers, members: node.members),
          row: node.row.offset, network: node.network.map(node.row.cell))
        acceptedIDs.insert(ByteExactID(id))
        rejectedIDs.remove(ByteExactID(id))
      case .bad(let error, let row, let id):
        if let id, !acceptedIDs.contains(ByteExactID(row.cell(id))) {
          rejectedIDs.insert(ByteExactID(row.cell(id)))
        }
        findings.append(error.finding)
      }
    }

    var skippedRelations = 0
    var edgeHeader = CSVHeader(known: [])
    if let edges {
      var edgeRows = try SpreadsheetRows(edges: edges.bytes, file: edges.file)
      edgeHeader = edgeRows.header
      while let outcome = try edgeRows.nextEdge() {
        switch outcome {
        case .good(let edge):
          let source = edge.row.cell(edge.source)
          let target = edge.row.cell(edge.target)
          if rejectedIDs.contains(ByteExactID(source)) || rejectedIDs.contains(ByteExactID(target))
          {
            skippedRelations += 1
            continue
          }
          networks.add(
            Relation(
              source: source, target: target, type: edge.type,
              evidence: edge.evidence.map(edge.row.cell), weight: edge.weight),
            row: edge.row.offset)
        case .bad(let error, _, _):
          findings.append(error.finding)
        }
      }
    }
    if skippedRelations > 0 {
      findings.append(skippedRelationsFinding(skippedRelations, file: edges?.file ?? nodes.file))
    }
    networks.ensureOne()

    let report = spreadsheetReport(nodes: nodes.file, edges: edges?.file)
    let locations = SpreadsheetLocations(
      nodes: CSVTokenizer(bytes: nodes.bytes, file: nodes.file),
      nodeHeader: nodeRows.header.columns, assetRows: networks.assetRows,
      edges: edges.map { CSVTokenizer(bytes: $0.bytes, file: $0.file) },
      edgeHeader: edgeHeader.columns, relationRows: networks.relationRows)
    return LoadedDocument(
      document: NetworkDocument(report: report, networks: networks.networks), findings: findings,
      locations: DocumentLocations(locations))
  }

  /// The note that relations touching a bad node row were left out.
  static func skippedRelationsFinding(_ count: Int, file: String) -> Finding {
    Finding(
      .info, "relation-of-bad-row",
      "\(count) relation(s) left out because a node they link was on a bad row",
      location: SourceLocation(file: file), structural: true)
  }

  /// A file's name without folders and without its extension (`.csv`,
  /// `.graphml`, `.gexf`, `.xml`): the id of the network a file of itemized
  /// data is read as.
  package static func baseName(_ path: String) -> String {
    var name = CIBGraphSupport.fileName(path)
    for suffix in [".csv", ".graphml", ".gexf", ".xml"] where name.lowercased().hasSuffix(suffix) {
      name.removeLast(suffix.count)
      break
    }
    return name
  }
}

import ArgumentParser
import CIBGraph
import Foundation

/// One input as read: a document, where its paths are in the file, and what
/// reading it found wrong with rows.
struct LoadedInput {
  /// The file (or pair of files) as the user named it.
  var name: String
  /// The input as the library's reader gives it.
  var loaded: LoadedDocument
  /// Whether the document was read from rows, spreadsheets' or the nodes
  /// and edges of GraphML or GEXF, whose relations `--skip-bad-rows` may
  /// leave out when an end names no node.
  var hasRows: Bool

  var document: NetworkDocument { loaded.document }
  var locations: DocumentLocations { loaded.locations }
  var readFindings: [Finding] { loaded.findings }

  init(name: String, _ loaded: LoadedDocument, hasRows: Bool = false) {
    self.name = name
    self.loaded = loaded
    self.hasRows = hasRows
  }

  /// Reading findings plus the validator's, located in the file.
  func findings() -> [Finding] {
    readFindings + Validator.validate(document, locations: locations)
  }
}

/// The input options every analysis command shares.
struct InputOptions: ParsableArguments {
  @Argument(
    help: ArgumentHelp(
      "JSON network documents, or GraphML or GEXF files, to read ('-' reads standard input); a folder reads its .json documents.",
      discussion:
        "The format is the extension's (.json, .graphml, .gexf, .xml), or else the content's.",
      valueName: "file"))
  var files: [String] = []

  @Option(
    help: ArgumentHelp(
      "A nodes CSV (Id,Label,Kind,Followers,Members, optionally Network, or Gephi's export; '-' reads standard input).",
      valueName: "nodes.csv"))
  var nodes: String?

  @Option(
    help: ArgumentHelp(
      "An edges CSV (Source,Target,Type, or Gephi's export), with --nodes ('-' reads standard input).",
      valueName: "edges.csv"))
  var edges: String?

  @Option(
    help: ArgumentHelp(
      "The nodes' column, or GraphML or GEXF attribute, that holds kinds. Default: Kind.",
      valueName: "name"))
  var kindColumn: String?

  @Option(
    help: ArgumentHelp(
      "A CSV of Value,Kind rows: values of the kind column and the kinds they are (FB Page,page).",
      valueName: "map.csv"))
  var kinds: String?

  @Option(
    help: ArgumentHelp(
      "The kind of nodes without one, or of every node when there is no kind column (page, account, x-account, …).",
      valueName: "kind"))
  var defaultKind: String?

  @Option(
    help: ArgumentHelp(
      "Attach the spreadsheets to the network of this id in the JSON documents (rows without a Network cell).",
      valueName: "id"))
  var network: String?

  /// Every input path given, for the rule that one of them at most is `-`.
  var paths: [String?] { files + [nodes, edges, kinds] }

  /// Whether an option of ``kindMapping()`` is given.
  var mapsKinds: Bool { kindColumn != nil || kinds != nil || defaultKind != nil }

  /// Refuses a command line without a graph to read: every command but
  /// `overlap --audience` calls it from its `validate()`.
  func requireGraph() throws {
    if !givesGraph {
      throw ValidationError(
        "give at least one JSON document, GraphML or GEXF file, or --nodes (and --edges) CSV files")
    }
  }

  /// Whether any document or spreadsheet is given.
  var givesGraph: Bool { !files.isEmpty || nodes != nil }

  func validate() throws {
    if edges != nil && nodes == nil {
      throw ValidationError("--edges needs --nodes: the nodes file says what each identifier is")
    }
    if let kindColumn, kindColumn.trimmingCharacters(in: .whitespaces).isEmpty {
      throw ValidationError("--kind-column needs a column's name")
    }
    if let defaultKind, AssetKind(name: defaultKind.trimmingCharacters(in: .whitespaces)) == nil {
      throw ValidationError(
        "--default-kind \(defaultKind) is not a kind; give one of \(AssetKind.validNames)")
    }
    if network != nil && (nodes == nil || files.isEmpty) {
      throw ValidationError(
        "--network attaches --nodes (and --edges) to a network of a JSON document: give both")
    }
    try StandardInputUse.validate(paths)
    try InputLimit.validate()
  }

  /// The option that sets each argument of the readers' calls, for their messages.
  static let optionOfArgument = ["kinds": "--kind-column NAME or --default-kind KIND"]

  /// How nodes' kinds are read from spreadsheets, GraphML and GEXF:
  /// `--kind-column`, `--kinds`, `--default-kind`.
  /// - Throws: ``CommandFailure`` with status 66 for a kinds map that cannot
  ///   be read, 65 for one that is not a kinds map.
  func kindMapping() throws(CommandFailure) -> KindMapping {
    var mapping = KindMapping(
      column: kindColumn ?? "Kind",
      defaultKind: defaultKind.flatMap { AssetKind(name: $0.trimmingCharacters(in: .whitespaces)) })
    if let kinds {
      do throws(InputError) {
        try mapping.readMap(InputSource(argument: kinds), limit: InputLimit.size)
      } catch {
        throw CommandFailure(error)
      }
    }
    return mapping
  }

  /// Refuses kind options when no input has nodes they apply to.
  func requireKindInputs(readAny: Bool) throws(CommandFailure) {
    guard mapsKinds, !readAny else { return }
    throw CommandFailure(
      .usage,
      [
        "cibgraph: error: --kind-column, --kinds and --default-kind apply to --nodes spreadsheets and GraphML or GEXF files; these inputs are JSON documents"
      ])
  }

  /// Reads every input, each through the library's reader of its format:
  /// a file's format is its extension's (`.json`; `.graphml`, `.gexf` and
  /// `.xml` for ``XMLGraphFile``), or else its content's (`<` first: XML).
  /// - Throws: ``CommandFailure`` with status 66 for a missing file, 65 for
  ///   one that cannot be parsed, 64 for kind options with only JSON documents.
  func load() throws(CommandFailure) -> [LoadedInput] {
    var inputs: [LoadedInput] = []
    let kinds = try kindMapping()
    var readNodes = nodes != nil
    var itemized: LoadedInput?
    let files = try DocumentFolders.files(files)
    do throws(InputError) {
      for file in files {
        var source = InputSource(argument: file)
        let lowercased = file.lowercased()
        if lowercased.hasSuffix(".csv") {
          // Read as a document would be, so that a missing or empty file says so first.
          _ = try source.open().readWhole(limit: InputLimit.size)
          throw InputError(
            .badData, SourceLocation(file: source.name),
            "this is a CSV file; read spreadsheets with --nodes \(file) (and --edges)")
        }
        var isXML = [".graphml", ".gexf", ".xml"].contains { lowercased.hasSuffix($0) }
        if !isXML && !lowercased.hasSuffix(".json") {
          let bytes = try source.open().readWhole(limit: InputLimit.size)
          isXML = XMLGraphFile.looksLikeXML(bytes)
          source = .bytes(bytes, name: source.name)
        }
        if isXML {
          readNodes = true
          let loaded = try XMLGraphFile.readDocument(source, kinds: kinds, limit: InputLimit.size)
          inputs.append(LoadedInput(name: source.name, loaded, hasRows: true))
        } else {
          let loaded = try NetworkDocument.read(source, limit: InputLimit.size)
          inputs.append(LoadedInput(name: source.name, loaded))
        }
      }
      if let nodes {
        let source = InputSource(argument: nodes)
        let loaded = try GephiSpreadsheet.readDocument(
          nodes: source, edges: edges.map(InputSource.init(argument:)), kinds: kinds,
          limit: InputLimit.size, network: network)
        itemized = LoadedInput(name: source.name, loaded, hasRows: true)
      }
    } catch {
      throw CommandFailure(error, options: Self.optionOfArgument)
    }
    try requireKindInputs(readAny: readNodes)
    if let network,
      !inputs.contains(where: {
        $0.document.networks.contains { ByteExactID($0.id) == ByteExactID(network) }
      })
    {
      throw CommandFailure(.usage, [Self.absentNetworkMessage(network, in: inputs)])
    }
    guard var itemized else { return inputs }
    // Each network of the spreadsheets goes to the first document that has it.
    for index in inputs.indices {
      let (attached, rest) = inputs[index].loaded.attaching(itemized.loaded)
      inputs[index].loaded = attached
      guard let rest else { return inputs }
      itemized.loaded = rest
    }
    return inputs + [itemized]
  }

  /// Names the networks there are, for a `--network` id that is none of them.
  static func absentNetworkMessage(_ id: String, in inputs: [LoadedInput]) -> String {
    var ids: [String] = []
    for input in inputs {
      ids += input.document.networks.map { "\"\(TerminalText.safe($0.id, limit: 80))\"" }
    }
    return "cibgraph: error: --network \"\(TerminalText.safe(id, limit: 80))\" is not a network of "
      + "\(inputs.map(\.name).joined(separator: ", ")); "
      + (ids.isEmpty
        ? "they have no networks" : "their networks are \(ids.joined(separator: ", "))")
  }
}

extension InputOptions {
  /// For spreadsheet-only inputs, the graph read straight from the files
  /// (``GephiSpreadsheet/readGraph(nodes:edges:kinds:limit:keepIdentifierIndex:names:relationsTo:)``),
  /// with how many relations `sink` took in its place; `nil` when JSON
  /// documents are given.
  /// - Throws: like ``load()``, and status 65 when a row is bad or an id
  ///   dangles or repeats.
  /// - Parameter keepIdentifierIndex: Whether audience lists will be read
  ///   against the graph (it then keeps the identifier table read with it).
  /// - Parameter names: Whether the nodes' labels are kept, placed (an
  ///   output shows a few) or dropped.
  /// - Parameter sink: Takes the relations as they are read, when the files allow.
  /// - Parameter leftOut: Where the rows left out go with
  ///   `--skip-bad-rows`; `nil` refuses them.
  func loadSpreadsheetGraph(
    keepIdentifierIndex: Bool = false, names: NameReading = .kept,
    relationsTo sink: (any RelationSink)? = nil,
    leftOut: inout RowsLeftOut?
  ) throws(CommandFailure) -> LoadedGraph? {
    guard files.isEmpty, let nodes else { return nil }
    let source = InputSource(argument: nodes)
    let kinds = try kindMapping()
    let loaded: LoadedGraph
    do throws(InputError) {
      loaded = try GephiSpreadsheet.readGraph(
        nodes: source, edges: edges.map(InputSource.init(argument:)), kinds: kinds,
        limit: InputLimit.size, keepIdentifierIndex: keepIdentifierIndex, names: names,
        relationsTo: sink)
    } catch {
      throw CommandFailure(error, options: Self.optionOfArgument)
    }
    if leftOut != nil {
      leftOut!.add(
        findings: loaded.findings, omitted: loaded.omittedErrors, fallbackFile: source.name)
      return loaded
    }
    let fatal = loaded.findings.filter { $0.severity == .error }.map {
      Diagnostics.line($0, fallbackFile: source.name)
    }
    if !fatal.isEmpty { throw CommandFailure(refusing: fatal, omitted: loaded.omittedErrors) }
    return loaded
  }
}

extension [LoadedInput] {
  /// Refuses data that analysis cannot trust: any structural error (a bad
  /// row, a dangling reference, a duplicate identifier) ends the command
  /// with status 65. Inconsistencies between reported figures are returned
  /// as warnings to print, since the figures are still what the source said.
  /// - Parameter leftOut: Where a spreadsheet's bad rows go with
  ///   `--skip-bad-rows` (those its reader left out, and the edge rows
  ///   whose end names no node, removed here, as the spreadsheet graph
  ///   reader leaves them out); `nil` refuses them. What else the validator
  ///   finds (an id defined twice, a document's relation to nothing) is
  ///   refused either way: a document is no row.
  mutating func checkedForAnalysis(leftOut: inout RowsLeftOut?) throws(CommandFailure)
    -> [String]
  {
    var fatal: [String] = []
    var notes: [String] = []
    for i in indices {
      let input = self[i]
      let skipped = leftOut != nil ? input.readFindings.filter { $0.severity == .error } : []
      leftOut?.add(findings: skipped, omitted: 0, fallbackFile: input.name)
      var validated =
        skipped.isEmpty
        ? input.findings()
        : Validator.validate(input.document, locations: input.locations)
          + input.readFindings.filter { $0.severity != .error }
      if leftOut != nil && input.hasRows {
        let dangling = validated.filter(\.isDanglingRelationEnd)
        leftOut?.add(findings: dangling, omitted: 0, fallbackFile: input.name)
        self[i].loaded.document.removeRelations(at: dangling.compactMap(\.relationPlace))
        validated.removeAll(where: \.isDanglingRelationEnd)
      }
      for finding in validated where finding.severity == .error {
        if finding.isStructural {
          fatal.append(Diagnostics.line(finding, fallbackFile: input.name))
        } else {
          notes.append(Diagnostics.line(finding, fallbackFile: input.name, severity: "warning"))
        }
      }
    }
    if !fatal.isEmpty { throw CommandFailure(refusing: fatal) }
    return notes
  }
}

extension Finding {
  /// The network and relation a finding's path is in:
  /// `networks[n].relations[r]…`.
  fileprivate var relationPlace: (network: Int, relation: Int)? {
    guard let components = path?.components, components.count >= 4,
      components[0] == .key("networks"), case .index(let network) = components[1],
      components[2] == .key("relations"), case .index(let relation) = components[3]
    else { return nil }
    return (network, relation)
  }

  /// Whether the finding is a relation's end that names nothing.
  fileprivate var isDanglingRelationEnd: Bool {
    severity == .error && code == "dangling-reference" && relationPlace != nil
  }
}

extension NetworkDocument {
  /// Removes the relations at `places` (each network's, by index; a place
  /// named twice, once for each end, is removed once).
  /// - Complexity: O(relations + places).
  fileprivate mutating func removeRelations(at places: [(network: Int, relation: Int)]) {
    guard !places.isEmpty else { return }
    var byNetwork: [Int: Set<Int>] = [:]
    for place in places { byNetwork[place.network, default: []].insert(place.relation) }
    for (network, removed) in byNetwork where networks.indices.contains(network) {
      networks[network].relations = networks[network].relations.enumerated()
        .filter { !removed.contains($0.offset) }.map(\.element)
    }
  }
}

extension CommandFailure {
  /// Status 65 for input with structural errors: the first twenty of them,
  /// how many more, and that nothing was computed.
  /// - Parameter omitted: Errors counted but not kept (past the readers' limit).
  init(refusing errors: [String], omitted: Int = 0) {
    let shown = errors.prefix(20)
    let total = errors.count + omitted
    var messages = [String](shown)
    if total > shown.count { messages.append("… and \(total - shown.count) more") }
    messages.append(
      "cibgraph: \(total) error(s) in the input; nothing computed. `cibgraph validate` lists every finding."
    )
    self.init(.dataError, messages)
  }
}

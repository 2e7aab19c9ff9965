import CIBGraph

/// The inputs of an analysis, read and checked: analysis refuses structural
/// errors, and warns about figures that do not add up.
struct CheckedInputs {
  var inputs: [LoadedInput]
  /// The warnings, for stderr before the answer.
  var notes: [String]
  /// The rows left out with `--skip-bad-rows`; `nil` without it.
  var leftOut: RowsLeftOut?
  /// How many distinct assets and organisations the documents hold, when
  /// reading told.
  var distinctAssets: Int?

  var documents: [NetworkDocument] { inputs.map(\.document) }
}

/// The inputs as one graph, read the fastest way they allow.
struct GraphInput {
  /// How the graph was read.
  enum Source {
    /// Spreadsheets alone, straight from their bytes into the graph; the
    /// nodes file as the user named it.
    case spreadsheets(nodes: String)
    /// Documents (and spreadsheets, read as one more document), checked.
    case documents(CheckedInputs)
  }

  /// Every input's assets and relations: an identifier names one asset throughout.
  var graph: AssetGraph
  var source: Source
  /// The rows left out with `--skip-bad-rows`; `nil` without it.
  var leftOut: RowsLeftOut?
  /// How many relations the sink given to ``InputOptions/loadGraph(keepIdentifierIndex:names:relationsTo:badRows:)``
  /// took in place of ``graph``; `nil` when the graph has them.
  var relationsTaken: Int?
  /// The nodes' labels, found in the file when asked, when ``graph`` was
  /// read without them (``NameReading/placed``).
  var labels: NodeLabels?

  /// The name of `node`: the graph's, or found in the file.
  func name(of node: NodeIndex) -> String? {
    labels?.name(of: node) ?? graph.name(of: node)
  }

  /// The documents read; none when spreadsheets went straight into the graph.
  var documents: [LoadedInput] {
    if case .documents(let checked) = source { checked.inputs } else { [] }
  }

  /// Warnings about the documents' figures, for stderr.
  var notes: [String] {
    if case .documents(let checked) = source { checked.notes } else { [] }
  }
}

extension InputOptions {
  /// Reads every input as a document and refuses structural errors.
  /// - Throws: ``CommandFailure`` as ``load()`` and
  ///   ``Swift/Array/checkedForAnalysis(leftOut:)`` do.
  /// - Parameter badRows: Whether a spreadsheet's bad rows are left out
  ///   (counted in ``CheckedInputs/leftOut``) rather than refused.
  func loadChecked(badRows: BadRowsOption = BadRowsOption()) throws(CommandFailure)
    -> CheckedInputs
  {
    var inputs = try load()
    var leftOut: RowsLeftOut? = badRows.skipBadRows ? RowsLeftOut() : nil
    let notes = try inputs.checkedForAnalysis(leftOut: &leftOut)
    return CheckedInputs(inputs: inputs, notes: notes, leftOut: leftOut)
  }

  /// Reads every input as a document for drawing, which acts on errors
  /// only: clean spreadsheets alone
  /// (``GephiSpreadsheet/readCleanDocument(nodes:edges:kinds:limit:network:)``)
  /// are read on every core with nothing to check; anything else as
  /// ``loadChecked(badRows:)`` reads it.
  /// - Throws: ``CommandFailure`` as ``loadChecked(badRows:)`` does.
  func loadCheckedForDrawing(badRows: BadRowsOption) throws(CommandFailure) -> CheckedInputs {
    if files.isEmpty, network == nil, let nodes {
      let source = InputSource(argument: nodes)
      let kinds = try kindMapping()
      let loaded: LoadedDocument?
      do throws(InputError) {
        loaded = try GephiSpreadsheet.readCleanDocument(
          nodes: source, edges: edges.map(InputSource.init(argument:)), kinds: kinds,
          limit: InputLimit.size)
      } catch {
        throw CommandFailure(error, options: Self.optionOfArgument)
      }
      if let loaded {
        // The fast reader gives up at an id defined twice: every asset is distinct.
        return CheckedInputs(
          inputs: [LoadedInput(name: source.name, loaded, hasRows: true)], notes: [],
          leftOut: badRows.skipBadRows ? RowsLeftOut() : nil,
          distinctAssets: loaded.document.networks.reduce(0) { $0 + $1.assets.count })
      }
    }
    return try loadChecked(badRows: badRows)
  }

  /// Reads the inputs as one graph: spreadsheets alone straight from their
  /// bytes, anything else through documents.
  /// - Parameter keepIdentifierIndex: Whether audience lists will be read
  ///   against the graph.
  /// - Parameter names: Whether spreadsheets' labels are kept: an
  ///   analysis whose output never shows a name reads without them, and
  ///   one that shows a few finds those in the file
  ///   (``GraphInput/labels``). Documents keep theirs either way.
  /// - Parameter sink: Takes the relations as they are read, when the
  ///   inputs allow, instead of the graph keeping them
  ///   (``GraphInput/relationsTaken``).
  /// - Parameter badRows: Whether bad rows are left out (counted in
  ///   ``GraphInput/leftOut``) rather than refused.
  func loadGraph(
    keepIdentifierIndex: Bool, names: NameReading = .kept,
    relationsTo sink: (any RelationSink)? = nil, badRows: BadRowsOption
  ) throws(CommandFailure) -> GraphInput {
    var leftOut: RowsLeftOut? = badRows.skipBadRows ? RowsLeftOut() : nil
    if let loaded = try loadSpreadsheetGraph(
      keepIdentifierIndex: keepIdentifierIndex, names: names, relationsTo: sink,
      leftOut: &leftOut),
      let nodes
    {
      return GraphInput(
        graph: loaded.graph, source: .spreadsheets(nodes: InputSource(argument: nodes).name),
        leftOut: leftOut, relationsTaken: loaded.relationsTaken, labels: loaded.labels)
    }
    let checked = try loadChecked(badRows: badRows)
    return GraphInput(
      graph: AssetGraph(documents: checked.documents), source: .documents(checked),
      leftOut: checked.leftOut)
  }
}

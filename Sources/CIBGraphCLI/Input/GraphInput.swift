import CIBGraph

/// The inputs of an analysis, read and checked: analysis refuses structural
/// errors, and warns about figures that do not add up.
struct CheckedInputs {
  var inputs: [LoadedInput]
  /// The warnings, for stderr before the answer.
  var notes: [String]

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
  ///   ``Swift/Array/checkedForAnalysis()`` do.
  func loadChecked() throws(CommandFailure) -> CheckedInputs {
    let inputs = try load()
    return CheckedInputs(inputs: inputs, notes: try inputs.checkedForAnalysis())
  }

  /// Reads the inputs as one graph: spreadsheets alone straight from their
  /// bytes, anything else through documents.
  /// - Parameter keepIdentifierIndex: Whether audience lists will be read
  ///   against the graph.
  func loadGraph(keepIdentifierIndex: Bool) throws(CommandFailure) -> GraphInput {
    if let graph = try loadSpreadsheetGraph(keepIdentifierIndex: keepIdentifierIndex),
      let nodes
    {
      return GraphInput(
        graph: graph, source: .spreadsheets(nodes: InputSource(argument: nodes).name))
    }
    let checked = try loadChecked()
    return GraphInput(
      graph: AssetGraph(documents: checked.documents), source: .documents(checked))
  }
}

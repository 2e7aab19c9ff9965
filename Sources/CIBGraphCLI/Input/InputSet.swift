import ArgumentParser
import CIBGraph
import Foundation

/// One input as read: a document, where its paths are in the file, and what
/// reading it found wrong with rows.
struct LoadedInput {
  /// The file (or pair of files) as the user named it.
  var name: String
  var document: NetworkDocument
  var locations: any LocationResolver
  var readFindings: [Finding]

  /// Reading findings plus the validator's, located in the file.
  func findings() -> [Finding] {
    readFindings + Validator.validate(document, locations: locations)
  }
}

/// The input options every analysis command shares.
struct InputOptions: ParsableArguments {
  @Argument(
    help: ArgumentHelp(
      "JSON network documents to read ('-' reads standard input).", valueName: "file"))
  var files: [String] = []

  @Option(
    help: ArgumentHelp(
      "A nodes CSV (Id,Label,Kind,Followers,Members; '-' reads standard input).",
      valueName: "nodes.csv"))
  var nodes: String?

  @Option(
    help: ArgumentHelp(
      "An edges CSV (Source,Target,Type), with --nodes ('-' reads standard input).",
      valueName: "edges.csv"))
  var edges: String?

  /// Every input path given, for the rule that one of them at most is `-`.
  var paths: [String?] { files + [nodes, edges] }

  func validate() throws {
    if files.isEmpty && nodes == nil {
      throw ValidationError("give at least one JSON document, or --nodes (and --edges) CSV files")
    }
    if edges != nil && nodes == nil {
      throw ValidationError("--edges needs --nodes: the nodes file says what each identifier is")
    }
    try StandardInputUse.validate(paths)
    try InputLimit.validate()
  }

  /// Reads every input.
  /// - Throws: ``CommandFailure`` with status 66 for a missing file, 65 for one that cannot be parsed.
  func load() throws(CommandFailure) -> [LoadedInput] {
    var inputs: [LoadedInput] = []
    do throws(InputError) {
      for file in files {
        let bytes = try WholeInput.read(file)
        let name = InputFile.displayName(of: file)
        if file.lowercased().hasSuffix(".csv") {
          throw InputError(
            .badData, SourceLocation(file: name),
            "this is a CSV file; read spreadsheets with --nodes \(file) (and --edges)")
        }
        let document = try NetworkDocument.decode(bytes, file: name)
        inputs.append(
          LoadedInput(
            name: name, document: document, locations: JSONLocations(file: name, text: bytes),
            readFindings: []))
      }
      if let nodes {
        let nodeInput = try InputFile(path: nodes)
        let edgeInput = try edges.map { (file) throws(InputError) in try InputFile(path: file) }
        let nodeBytes = try WholeInput.read(nodeInput)
        let edgeBytes = try edgeInput.map { (input) throws(InputError) in
          (try WholeInput.read(input), input.name)
        }
        let loaded = try GephiSpreadsheet.load(
          nodes: (nodeBytes, nodeInput.name), edges: edgeBytes)
        inputs.append(
          LoadedInput(
            name: nodeInput.name, document: loaded.document, locations: loaded.locations,
            readFindings: loaded.findings))
      }
    } catch {
      throw CommandFailure(error)
    }
    return inputs
  }
}

extension InputOptions {
  /// For spreadsheet-only inputs, the graph read straight from the files'
  /// bytes (``SpreadsheetGraphReader``); `nil` when JSON documents are given.
  /// - Throws: like ``load()``, and status 65 when a row is bad or an id
  ///   dangles or repeats.
  /// - Parameter keepIdentifierIndex: Whether audience lists will be read
  ///   against the graph (it then keeps the identifier table read with it).
  func loadSpreadsheetGraph(keepIdentifierIndex: Bool = false) throws(CommandFailure)
    -> AssetGraph?
  {
    guard files.isEmpty, let nodes else { return nil }
    let result: LoadedGraph
    do throws(InputError) {
      // Each input is opened once: mapped when it is a file, read otherwise.
      let nodeInput = try InputFile(path: nodes)
      let edgeInput = try edges.map { (file) throws(InputError) in try InputFile(path: file) }
      if let mappedNodes = try WholeInput.map(nodeInput) {
        let mappedEdges = try edgeInput.flatMap { (input) throws(InputError) in
          try WholeInput.map(input)
        }
        if edgeInput == nil || mappedEdges != nil,
          let graph = SpreadsheetGraphReader.readClean(
            nodes: mappedNodes, edges: mappedEdges, keepIdentifierIndex: keepIdentifierIndex)
        {
          return graph
        }
      }
      let nodeBytes = try WholeInput.read(nodeInput)
      let edgeBytes = try edgeInput.map { (input) throws(InputError) in
        (try WholeInput.read(input), input.name)
      }
      result = try SpreadsheetGraphReader.read(
        nodes: (nodeBytes, nodeInput.name), edges: edgeBytes)
    } catch {
      throw CommandFailure(error)
    }
    let fatal = result.findings.filter { $0.severity == .error }.map {
      Diagnostics.line($0, fallbackFile: InputFile.displayName(of: nodes))
    }
    if !fatal.isEmpty { throw CommandFailure(refusing: fatal, omitted: result.omittedErrors) }
    return result.graph
  }
}

extension [LoadedInput] {
  /// Refuses data that analysis cannot trust: any structural error (a bad
  /// row, a dangling reference, a duplicate identifier) ends the command
  /// with status 65. Inconsistencies between reported figures are returned
  /// as warnings to print, since the figures are still what the source said.
  func checkedForAnalysis() throws(CommandFailure) -> [String] {
    var fatal: [String] = []
    var notes: [String] = []
    for input in self {
      for finding in input.findings() where finding.severity == .error {
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

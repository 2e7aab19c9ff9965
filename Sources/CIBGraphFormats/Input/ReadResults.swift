import CIBGraphCore

/// A network document read from a file, with what the reading found and
/// where the document's values are in the file.
///
/// Give ``locations`` to `Validator` so that each of its findings points
/// at a line and column of the file the value came from.
public struct LoadedDocument: Sendable {
  /// The document.
  public var document: NetworkDocument
  /// Problems found while reading, each located: rows of a spreadsheet
  /// left out for an error. Empty for a JSON document, where any problem
  /// stops the reading with an `InputError`.
  public var findings: [Finding]
  /// Maps paths into ``document`` to the file (or files) it was read from.
  public var locations: DocumentLocations
}

/// An asset graph read from Gephi spreadsheets, with the problems of the
/// rows that were left out.
///
/// A graph with an error among its ``findings`` (a bad row, an identifier
/// defined twice, a relation to nothing) lacks what those rows held: check
/// before computing on it, as `isStructural` explains.
public struct LoadedGraph: Sendable {
  /// The graph of the rows that were read.
  public var graph: AssetGraph
  /// The first 1,000 findings, each located.
  public var findings: [Finding]
  /// Errors found beyond the first 1,000 findings: counted, not kept. The
  /// findings are all there are when it is 0.
  public var omittedErrors = 0
  /// How many relations a ``RelationSink`` took in place of the graph
  /// keeping them; `nil` when the graph has its relations.
  package var relationsTaken: Int?
  /// The nodes' labels, found in the nodes file when asked, when the graph
  /// was read without them (``NameReading/placed``); `nil` when the graph
  /// keeps its names, or has none.
  package var labels: NodeLabels?

  /// The most findings kept. A wrong pair of files (edges of another nodes
  /// file) makes every row an error; keeping a message for each of 10 M rows
  /// took 16 GB and 200 s, to print the first twenty.
  package static let findingLimit = 1000
}

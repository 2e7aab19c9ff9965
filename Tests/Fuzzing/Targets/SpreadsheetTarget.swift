import CIBGraph
@_spi(Internal) import CIBGraphCore

/// A pair of Gephi spreadsheets in one input, through the three ways the
/// tool reads them: the fast reader (clean files, on several cores), the
/// careful reader (`components`, `reach` and `dot` when the fast one gives
/// up) and the document path (`validate`, `convert`, `render`).
enum SpreadsheetTarget {
  /// The line that ends the nodes file and starts the edges file; without
  /// it, the input is a nodes file alone.
  static let separator = Array("--- edges ---".utf8)
  static let nodesFile = "nodes.csv"
  static let edgesFile = "edges.csv"

  static func run(_ bytes: [UInt8]) throws(OracleFailure) -> FuzzTarget.Outcome {
    let (nodes, edges) = split(bytes, at: separator)
    let nodesInput = (bytes: nodes, file: nodesFile)
    let edgesInput = edges.map { (bytes: $0, file: edgesFile) }
    let fast = nodes.withUnsafeBufferPointer { nodeBytes in
      guard let edges else {
        return FastSpreadsheetReader.read(nodes: nodeBytes, edges: nil, split: .tiny)
      }
      return edges.withUnsafeBufferPointer { edgeBytes in
        FastSpreadsheetReader.read(nodes: nodeBytes, edges: edgeBytes, split: .tiny)
      }
    }

    let careful: LoadedGraph
    do throws(InputError) {
      careful = try SpreadsheetGraphReader.readCarefully(nodes: nodesInput, edges: edgesInput)
    } catch {
      try Oracle.requireLocated(
        error, .spreadsheet, input: error.location.file == edgesFile ? edges ?? [] : nodes)
      try Oracle.require(
        fast == nil, .spreadsheet, "the fast reader read what the careful one refused: \(error)")
      var documentRefusal: InputError?
      do throws(InputError) {
        _ = try GephiSpreadsheet.load(nodes: nodesInput, edges: edgesInput)
      } catch {
        documentRefusal = error
      }
      try Oracle.require(
        documentRefusal == error, .spreadsheet,
        "the careful reader refuses with \(error), the document path with \(documentRefusal.map(String.init(describing:)) ?? "nothing")"
      )
      return .refused
    }
    for finding in careful.findings where finding.severity != .info {
      try Oracle.requireLocated(finding, .spreadsheet)
    }
    let carefulErrors = careful.findings.filter { $0.severity == .error }
    if let fast {
      try Oracle.require(
        carefulErrors.isEmpty, .spreadsheet,
        "the fast reader read what the careful one found \(carefulErrors.count) error(s) in, the first: \(carefulErrors[0].message)"
      )
      try same(fast, careful.graph, "fast", "careful")
    }
    try joinedAsRead(nodes, edges, fast: fast, careful: careful.graph)

    let loaded: LoadedDocument
    do throws(InputError) {
      loaded = try GephiSpreadsheet.load(nodes: nodesInput, edges: edgesInput)
    } catch {
      throw OracleFailure(
        .spreadsheet, "the document path refused what the careful reader read: \(error)")
    }
    let documentFindings =
      loaded.findings + Validator.validate(loaded.document, locations: loaded.locations)
    for finding in documentFindings where finding.severity != .info {
      try Oracle.requireLocated(finding, .spreadsheet)
    }
    // The careful reader keeps its first thousand findings; compare below that.
    if careful.omittedErrors == 0 {
      let graphPath = structuralErrors(careful.findings)
      let documentPath = structuralErrors(documentFindings)
      try Oracle.require(
        graphPath == documentPath, .spreadsheet,
        "components and validate disagree on the errors: \(difference(graphPath, documentPath))")
    }
    if carefulErrors.isEmpty {
      try same(AssetGraph(documents: [loaded.document]), careful.graph, "document", "careful")
      try GraphChecks.components(of: careful.graph, .spreadsheet)
      try DOTCheck.require(NetworkDrawing(documents: [loaded.document]).dot, .spreadsheet)
      try ExportChecks.check(loaded.document, .spreadsheet)
    }
    return .accepted
  }

  /// `components` has the fast reader hand the relations to a
  /// ``ComponentJoiner`` as they are read, and find the few names it shows
  /// in the nodes file (``NodeLabels``): it must read what the fast reader
  /// reads, and the components and names must be the careful reader's.
  static func joinedAsRead(
    _ nodes: [UInt8], _ edges: [UInt8]?, fast: AssetGraph?, careful: AssetGraph
  ) throws(OracleFailure) {
    let joiner = ComponentJoiner()
    let read = nodes.withUnsafeBufferPointer { nodeBytes in
      (edges ?? []).withUnsafeBufferPointer { edgeBytes in
        FastSpreadsheetReader.read(
          nodes: nodeBytes, edges: edges == nil ? nil : edgeBytes, names: .placed, sink: joiner,
          split: .tiny, chunk: FastSpreadsheetReader.batchSize)
      }
    }
    try Oracle.require(
      (read == nil) == (fast == nil), .spreadsheet,
      "the fast reader \(fast == nil ? "gave up" : "read"), joining the relations as read \(read == nil ? "gave up" : "read")"
    )
    guard let read else { return }
    let labels = read.labelPlaces.map { NodeLabels(file: .array(nodes), places: $0) }
    try Oracle.require(
      careful.nodes.map { labels?.name(of: $0) } == careful.nodes.map { careful.name(of: $0) },
      .spreadsheet, "names found in the nodes file differ from the careful reader's")
    let components: ComponentAnalysis
    if let taken = read.relationsTaken {
      try Oracle.require(
        read.graph.edgeCount == 0 && taken == careful.edgeCount, .spreadsheet,
        "relations joined as read: \(taken) taken, \(read.graph.edgeCount) kept, \(careful.edgeCount) read carefully"
      )
      components = ComponentAnalysis(read.graph, joined: joiner, relationCount: taken, split: .tiny)
    } else {
      try Oracle.require(
        read.graph.edges == careful.edges, .spreadsheet,
        "relations kept when not joined as read differ from the careful reader's")
      components = ComponentAnalysis(read.graph, split: .tiny)
    }
    try Oracle.require(
      read.graph.ids == careful.ids
        && components.components == ComponentAnalysis(careful, split: .tiny).components,
      .spreadsheet, "the components of relations joined as read differ from the careful reader's")
  }

  /// Structural errors as `file:line:column code`, sorted.
  static func structuralErrors(_ findings: [Finding]) -> [String] {
    findings.filter { $0.severity == .error && $0.isStructural }.map {
      "\($0.location?.description ?? "-") \($0.code)"
    }.sorted()
  }

  static func difference(_ a: [String], _ b: [String]) -> String {
    let onlyA = a.filter { !b.contains($0) }.prefix(3)
    let onlyB = b.filter { !a.contains($0) }.prefix(3)
    return
      "only the graph reader: \(onlyA), only the document path: \(onlyB) (\(a.count) / \(b.count))"
  }

  static func same(_ a: AssetGraph, _ b: AssetGraph, _ nameA: String, _ nameB: String)
    throws(OracleFailure)
  {
    func require(_ condition: Bool, _ what: String) throws(OracleFailure) {
      try Oracle.require(
        condition, .spreadsheet, "the \(nameA) and \(nameB) graphs differ in \(what)")
    }
    try require(a.ids == b.ids, "ids (\(a.nodeCount) / \(b.nodeCount) nodes)")
    try require(a.kinds == b.kinds, "kinds")
    try require(a.names == b.names, "names")
    try require(
      a.nodes.map { a.followers(of: $0) } == b.nodes.map { b.followers(of: $0) }, "followers")
    try require(a.nodes.map { a.members(of: $0) } == b.nodes.map { b.members(of: $0) }, "members")
    try require(a.edges == b.edges, "edges (\(a.edgeCount) / \(b.edgeCount))")
  }
}

/// The bytes before a line `separator` and those after it; all of them
/// and `nil` when no line is `separator`.
func split(_ bytes: [UInt8], at separator: [UInt8]) -> ([UInt8], [UInt8]?) {
  var start = 0
  while let found = firstRange(of: separator, in: bytes, from: start) {
    guard found.lowerBound == 0 || bytes[found.lowerBound - 1] == UInt8(ascii: "\n") else {
      start = found.upperBound
      continue
    }
    var rest = found.upperBound
    if rest < bytes.count, bytes[rest] == UInt8(ascii: "\r") { rest += 1 }
    if rest < bytes.count, bytes[rest] == UInt8(ascii: "\n") { rest += 1 }
    return (Array(bytes[..<found.lowerBound]), Array(bytes[rest...]))
  }
  return (bytes, nil)
}

/// The first place `needle` occurs in `bytes` at or after `start`.
func firstRange(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Range<Int>? {
  guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
  var i = start
  while i + needle.count <= bytes.count {
    if bytes[i] == needle[0], bytes[i..<i + needle.count].elementsEqual(needle) {
      return i..<i + needle.count
    }
    i += 1
  }
  return nil
}

import CIBGraph

/// A GraphML or GEXF file, read as `components`, `reach`, `validate` and
/// `convert` read one: refused with a location, or read into a document
/// whose every finding is located and whose graph, written as GraphML and
/// GEXF again, reads back the same (``ExportChecks``).
enum ExchangeTarget {
  static let file = "graph.xml"

  static func run(_ bytes: [UInt8]) throws(OracleFailure) -> FuzzTarget.Outcome {
    var outcome = FuzzTarget.Outcome.refused
    // As the file says its kinds, and with a default for nodes that do not.
    for kinds in [KindMapping.standard, KindMapping(defaultKind: .page)] {
      let loaded: LoadedDocument
      do throws(InputError) {
        loaded = try XMLGraphFile.load(bytes: bytes, file: file, kinds: kinds)
      } catch {
        try Oracle.requireLocated(error, .exchange, input: bytes)
        continue
      }
      outcome = .accepted
      let findings =
        loaded.findings + Validator.validate(loaded.document, locations: loaded.locations)
      for finding in findings where finding.severity != .info {
        try Oracle.requireLocated(finding, .exchange)
      }
      let graph = AssetGraph(documents: [loaded.document])
      try GraphChecks.components(of: graph, .exchange)
      try DOTCheck.require(NetworkDrawing(documents: [loaded.document]).dot, .exchange)
      if !findings.contains(where: { $0.severity == .error && $0.isStructural }) {
        try ExportChecks.check(loaded.document, .exchange)
      }
    }
    return outcome
  }
}

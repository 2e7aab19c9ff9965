import CIBGraph

/// A JSON network document through everything `validate`, `reach`,
/// `components` and `render` do with it, in the library.
enum DocumentTarget {
  static let file = "fuzz.json"

  static func run(_ bytes: [UInt8]) throws(OracleFailure) -> FuzzTarget.Outcome {
    let document: NetworkDocument
    do throws(InputError) {
      document = try NetworkDocument.decode(bytes, file: file)
    } catch {
      try Oracle.requireLocated(error, .document, input: bytes)
      return .refused
    }
    let findings = Validator.validate(
      document, locations: DocumentLocations(JSONLocations(file: file, text: bytes)))
    for finding in findings { try Oracle.requireLocated(finding, .document) }
    _ = Validator.compare([document, document])

    for network in document.networks {
      let reach = NetworkReach(network)
      let followers = network.assets.reduce(CountSum(0)) { $0 + CountSum($1.followers ?? 0) }
      let members = network.assets.reduce(CountSum(0)) { $0 + CountSum($1.members ?? 0) }
      try Oracle.require(
        reach.itemized.followersSummed.total == followers
          && reach.itemized.membersSummed.total == members,
        .document,
        "reach of \(network.id) sums \(reach.itemized.followersSummed.total) followers and \(reach.itemized.membersSummed.total) members; its assets have \(followers) and \(members)"
      )
    }

    let graph = AssetGraph(documents: [document])
    try GraphChecks.components(of: graph, .document)
    try DOTCheck.require(NetworkDrawing(documents: [document]).dot, .document)
    if !findings.contains(where: { $0.severity == .error && $0.isStructural }) {
      try ExportChecks.check(document, .document)
    }

    // What convert writes must read back as the same document.
    let encoded = document.encoded()
    let again: NetworkDocument
    do throws(InputError) {
      again = try NetworkDocument.decode(encoded, file: "encoded.json")
    } catch {
      throw OracleFailure(.document, "the document written by encoded() is refused: \(error)")
    }
    try Oracle.require(
      again == document, .document, "the document written by encoded() reads back differently")
    return .accepted
  }
}

/// Checks of the analyses of any graph.
enum GraphChecks {
  /// Components cover every node once, and their sums are the nodes' sums.
  static func components(of graph: AssetGraph, _ target: FuzzTarget) throws(OracleFailure) {
    let analysis = ComponentAnalysis(graph)
    var seen = [Bool](repeating: false, count: graph.nodeCount)
    var followers = CountSum(0)
    var members = CountSum(0)
    for component in analysis.components {
      for node in component.nodes {
        try Oracle.require(
          !seen[Int(node)], target, "node \(node) is in two components")
        seen[Int(node)] = true
      }
      followers += component.followersSummed
      members += component.membersSummed
    }
    try Oracle.require(
      !seen.contains(false), target, "a node of \(graph.nodeCount) is in no component")
    let reach = ItemizedReach(graph: graph, nodes: graph.nodes)
    try Oracle.require(
      followers == reach.followersSummed.total && members == reach.membersSummed.total, target,
      "components sum \(followers) followers and \(members) members; the nodes have \(reach.followersSummed.total) and \(reach.membersSummed.total)"
    )
  }
}

import CIBGraphCore
import CIBGraphSupport

extension AudienceOverlapMatrix {
  /// The audience-overlap network as a `NetworkDocument`: one network
  /// (`audience-overlap`) of the compared assets, each with its kind, name
  /// and audience size (as followers, or members for a group), linked by
  /// `linkedTo` relations where their audiences share
  /// accounts, weighted by the Jaccard index and ranked as
  /// ``ranked(minimumJaccard:)`` ranks them. `render`, `reach` and
  /// `components` read it like any document.
  /// - Parameters:
  ///   - graph: The graph the compared assets are nodes of (for their ids,
  ///     kinds and names).
  ///   - minimumJaccard: Pairs whose Jaccard index is below this are left out.
  /// - Complexity: O(k² log k) for k compared assets: the pairs ranked.
  package func document(graph: AssetGraph, minimumJaccard: Double = 0) -> NetworkDocument {
    var sizes: [NodeIndex: Int] = [:]
    for pair in pairs {
      sizes[pair.a] = sizes[pair.a] ?? pair.sizeA
      sizes[pair.b] = sizes[pair.b] ?? pair.sizeB
    }
    var network = Network(
      id: "audience-overlap", name: "Audience overlap of \(counted(assets.count, "asset"))")
    network.assets = assets.map { node in
      let kind = graph.kind(of: node)
      let size = sizes[node]
      return Asset(
        id: graph.id(of: node), kind: kind, name: graph.name(of: node),
        followers: kind == .group ? nil : size, members: kind == .group ? size : nil)
    }
    network.relations = ranked(minimumJaccard: minimumJaccard).map { pair in
      Relation(
        source: graph.id(of: pair.a), target: graph.id(of: pair.b), type: .linkedTo,
        evidence:
          "\(counted(pair.intersection, "shared account")) (Jaccard \(DecimalText.fourPlaces(pair.jaccard)))",
        weight: pair.jaccard)
    }
    network.notes = [
      "Assets linked by the accounts their audiences share; relation weight is the Jaccard index."
    ]
    return NetworkDocument(
      report: Report(title: "Audience overlap", publisher: "cibgraph overlap", kind: .secondary),
      networks: [network])
  }
}

@_spi(Internal) import CIBGraphCore
import CIBGraphSupport

extension AudienceOverlapMatrix {
  /// The audience-overlap network as a `NetworkDocument`: one network
  /// (`audience-overlap`) of the compared assets, each with its kind, name
  /// and the follower and member counts the inputs give it (a Page with
  /// 120,000 followers stays at 120,000 whatever part of its audience the
  /// audience lists hold), linked by `linkedTo` relations where their
  /// audiences share accounts, weighted by the Jaccard index and ranked as
  /// ``ranked(minimumJaccard:)`` ranks them. `render`, `reach` and
  /// `components` read it like any document.
  /// - Parameters:
  ///   - graph: The graph the compared assets are nodes of (for their ids,
  ///     kinds, names and audiences).
  ///   - minimumJaccard: Pairs whose Jaccard index is below this are left out.
  /// - Complexity: O(k² log k) for k compared assets: the pairs ranked.
  package func document(graph: AssetGraph, minimumJaccard: Double = 0) -> NetworkDocument {
    var network = Network(
      id: "audience-overlap", name: "Audience overlap of \(counted(assets.count, "asset"))")
    network.assets = assets.map { node in
      Asset(
        id: graph.id(of: node), kind: graph.kind(of: node), name: graph.name(of: node),
        followers: graph.followers(of: node), members: graph.members(of: node))
    }
    network.relations = ranked(minimumJaccard: minimumJaccard).map { pair in
      Relation(
        source: graph.id(of: pair.a), target: graph.id(of: pair.b), type: .linkedTo,
        evidence:
          "\(counted(pair.intersection, "shared account")) (Jaccard \(DecimalText.fourPlaces(pair.jaccard)))",
        weight: pair.jaccard)
    }
    network.notes = [
      "Assets linked by the accounts their audiences share; relation weight is the Jaccard index.",
      "Follower and member counts are the assets' own; the audience lists may hold only part of each audience.",
    ]
    return NetworkDocument(
      report: Report(title: "Audience overlap", publisher: "cibgraph overlap", kind: .secondary),
      networks: [network])
  }
}

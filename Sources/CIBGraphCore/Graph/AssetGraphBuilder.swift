import CIBGraphSupport

/// Collects assets and relations, then freezes them into an ``AssetGraph``.
///
/// Identifiers are interned: adding an asset whose identifier is already
/// present returns the existing node (the first description wins), so the
/// same organisation named by several networks becomes one node. Identifiers
/// are the same when their UTF-8 bytes are: `"café"` written with U+00E9
/// and with `e` + U+0301 are two identifiers.
///
/// ```swift
/// var builder = AssetGraphBuilder()
/// let page = builder.addAsset(Asset(id: "p1", kind: .page, followers: 1200))
/// let admin = builder.addAsset(Asset(id: "a1", kind: .account))
/// builder.addRelation(from: admin, to: page, type: .administers)
/// let graph = builder.build()
/// ```
package struct AssetGraphBuilder: Sendable {
  private var indexByID: [ByteExactID: NodeIndex] = [:]
  private var ids: [String] = []
  private var kinds: [AssetKind] = []
  private var names: [String?] = []
  private var followerCounts: [Int] = []
  private var memberCounts: [Int] = []
  private var edges: [AssetGraph.Edge] = []

  /// A builder with nothing added yet.
  package init() {}

  /// Number of nodes added so far.
  package var nodeCount: Int { ids.count }

  /// The node for `id`, if it has been added.
  /// - Complexity: O(1) on average (one hash lookup).
  package func node(for id: String) -> NodeIndex? { indexByID[ByteExactID(id)] }

  /// Adds an asset, or returns the node already holding its identifier.
  /// - Returns: The node, and whether it was new.
  /// - Complexity: O(1) amortised.
  @discardableResult
  package mutating func addAsset(_ asset: Asset) -> (node: NodeIndex, inserted: Bool) {
    let key = ByteExactID(asset.id)
    if let existing = indexByID[key] { return (existing, false) }
    let node = NodeIndex(ids.count)
    indexByID[key] = node
    ids.append(asset.id)
    kinds.append(asset.kind)
    names.append(asset.name)
    followerCounts.append(asset.followers ?? -1)
    memberCounts.append(asset.members ?? -1)
    return (node, true)
  }

  /// Adds a directed relation between two existing nodes.
  /// - Precondition: both nodes were returned by ``addAsset(_:)``.
  /// - Complexity: O(1) amortised.
  package mutating func addRelation(
    from source: NodeIndex, to target: NodeIndex, type: RelationType
  ) {
    precondition(Int(source) < ids.count && Int(target) < ids.count, "relation to an unknown node")
    edges.append(AssetGraph.Edge(source: source, target: target, type: type))
  }

  /// Freezes what was added into a graph.
  /// - Complexity: O(n + m).
  package func build() -> AssetGraph {
    AssetGraph(
      ids: ids, kinds: kinds, names: names, followerCounts: followerCounts,
      memberCounts: memberCounts, edges: edges)
  }
}

import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// One connected piece of an itemized graph.
public struct Component: Sendable, Hashable {
  /// The nodes, in ascending index (input) order.
  public var nodes: [NodeIndex]
  /// How many nodes of each kind.
  public var kinds: KindCounts
  /// Followers of the component's nodes, summed: an upper bound on the
  /// people reached, since one person may follow several of them.
  public var followersSummed: CountSum
  /// Members of the component's nodes, summed; an upper bound likewise.
  public var membersSummed: CountSum

  /// Number of nodes.
  public var size: Int { nodes.count }
  /// Followers plus members, summed: double counts anyone in two audiences.
  public var audienceSummed: CountSum { followersSummed + membersSummed }
}

/// The connected components of an itemized graph, its relations taken as undirected.
public struct ComponentAnalysis: Sendable {
  /// The components, largest first; equal sizes in the order of their first node.
  public let components: [Component]
  /// Nodes in the graph.
  package let nodeCount: Int
  /// Relations in the graph.
  package let edgeCount: Int

  /// Finds the components of `graph` with union-find over its relations.
  ///
  /// Isolated nodes are components of size 1. The members are gathered with
  /// a counting sort by component (one flat pass, then one array per
  /// component of exactly its size), not by appending to each component's
  /// array as nodes come: on 4 M nodes that regrew and checked uniqueness of
  /// hundreds of thousands of arrays (measured: a sixth of `components`).
  /// - Complexity: O(n + m·α(n)) for the union-find, O(n) to gather the
  ///   members, O(c log c) to sort c components.
  public init(_ graph: AssetGraph) {
    let nodeCount = graph.nodeCount
    var sets = UnionFind(count: nodeCount)
    // Edges in batches: the parents of a batch's ends are asked of memory
    // together, then joined.
    let batch = 16
    graph.edges.withUnsafeBufferPointer { edges in
      var start = 0
      while start < edges.count {
        let end = min(start + batch, edges.count)
        for edge in edges[start..<end] { sets.prefetch(edge.source, edge.target) }
        for edge in edges[start..<end] { sets.union(edge.source, edge.target) }
        start = end
      }
    }

    // Slots in order of each component's first node.
    var slotOfRoot = [Int32].large(repeating: -1, count: nodeCount)
    var slotOfNode = [Int32].large(repeating: 0, count: nodeCount)
    var found: [Component] = []
    var sizes: [Int] = []
    for node in graph.nodes {
      let root = Int(sets.find(node))
      var slot = Int(slotOfRoot[root])
      if slot < 0 {
        slot = found.count
        slotOfRoot[root] = Int32(slot)
        found.append(
          Component(nodes: [], kinds: KindCounts(), followersSummed: 0, membersSummed: 0))
        sizes.append(0)
      }
      slotOfNode[Int(node)] = Int32(slot)
      sizes[slot] += 1
      found[slot].kinds[graph.kind(of: node)] += 1
      found[slot].followersSummed += CountSum(graph.followers(of: node) ?? 0)
      found[slot].membersSummed += CountSum(graph.members(of: node) ?? 0)
    }
    var start = [Int](repeating: 0, count: found.count + 1)
    for slot in sizes.indices { start[slot + 1] = start[slot] + sizes[slot] }
    var cursor = start
    var members = [NodeIndex].large(repeating: 0, count: nodeCount)
    for node in graph.nodes {
      let slot = Int(slotOfNode[Int(node)])
      members[cursor[slot]] = node
      cursor[slot] += 1
    }
    for slot in found.indices { found[slot].nodes = Array(members[start[slot]..<start[slot + 1]]) }
    // Slots are in order of first node, so a stable sort by size keeps ties in input order.
    components = found.enumerated()
      .sorted { ($0.element.size, -$0.offset) > ($1.element.size, -$1.offset) }
      .map(\.element)
    self.nodeCount = nodeCount
    edgeCount = graph.edgeCount
  }

  /// Number of components.
  public var count: Int { components.count }
  /// Size of the largest component; 0 for an empty graph.
  public var largest: Int { components.first?.size ?? 0 }
  /// Number of components with a single node.
  public var singletons: Int { components.reduce(0) { $0 + ($1.size == 1 ? 1 : 0) } }
}

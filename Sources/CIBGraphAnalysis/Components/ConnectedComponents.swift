@_spi(Internal) import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// One connected piece of an itemized graph.
public struct Component: Sendable, Hashable {
  /// The nodes, in ascending index (input) order.
  public var nodes: [NodeIndex]
  /// How many nodes of each kind.
  public var kinds: PerKindNumber<Int>
  /// Followers of the component's nodes, summed: an upper bound on the
  /// people reached, since one person may follow several of them.
  package var followersSummed: CountSum
  /// Members of the component's nodes, summed; an upper bound likewise.
  package var membersSummed: CountSum

  /// Number of nodes (a library user reads `nodes.count`).
  package var size: Int { nodes.count }
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
  /// Isolated nodes are components of size 1. Each node's component is
  /// numbered in order of the component's first node
  /// (`UnionFind.labels()`); the sizes, kinds and audiences are tallied
  /// per component in one cache line each, and the members gathered with a
  /// counting sort by component (one flat pass, then one array per
  /// component of exactly its size), not by appending to each component's
  /// array as nodes come. On 4 M nodes in 165 k components, the random
  /// accesses of that tally and gathering are most of the cost, which is
  /// why there are as few of them, and as small, as there are.
  /// - Complexity: O(n + m·α(n)) for the union-find, O(n) to number, tally
  ///   and gather, O(c log c) to sort c components.
  public init(_ graph: AssetGraph) {
    self.init(graph, split: .standard)
  }

  /// ``init(_:)`` with the work split as `split` says (tests split small graphs as large ones).
  package init(_ graph: AssetGraph, split: WorkSplit) {
    let nodeCount = graph.nodeCount
    var sets = UnionFind(count: nodeCount)
    graph.edges.withUnsafeBufferPointer { sets.union(edges: $0, split: split) }
    let (labels, count) = sets.labels()

    var tallies = [Tally](repeating: Tally(), count: count)
    // Kinds other than the first format's five, by component: rare.
    var otherKinds: [Int32: PerKindNumber<Int>] = [:]
    labels.withUnsafeBufferPointer { labels in
      tallies.withUnsafeMutableBufferPointer { tallies in
        for node in graph.nodes {
          let slot = Int(labels[Int(node)])
          let kind = graph.kind(of: node)
          if kind.code < Tally.kindsHeld {
            tallies[slot].kinds[Int(kind.code)] += 1
          } else {
            otherKinds[Int32(slot), default: PerKindNumber<Int>()][kind] += 1
          }
          tallies[slot].size += 1
          tallies[slot].followers += CountSum(graph.followers(of: node) ?? 0)
          tallies[slot].members += CountSum(graph.members(of: node) ?? 0)
        }
      }
    }

    var start = [Int](repeating: 0, count: count + 1)
    for slot in 0..<count { start[slot + 1] = start[slot] + Int(tallies[slot].size) }
    var members = [NodeIndex](repeating: 0, count: nodeCount)
    labels.withUnsafeBufferPointer { labels in
      members.withUnsafeMutableBufferPointer { members in
        var cursor = start
        for node in graph.nodes {
          let slot = Int(labels[Int(node)])
          members[cursor[slot]] = node
          cursor[slot] += 1
        }
      }
    }

    // Slots are in order of first node, so a stable sort by size keeps ties in input order.
    let order = (0..<count).sorted { a, b in
      let sizes = (tallies[a].size, tallies[b].size)
      return sizes.0 != sizes.1 ? sizes.0 > sizes.1 : a < b
    }
    components = order.map { slot in
      let tally = tallies[slot]
      var kinds = otherKinds[Int32(slot)] ?? PerKindNumber<Int>()
      kinds.account = Int(tally.kinds[0])
      kinds.page = Int(tally.kinds[1])
      kinds.group = Int(tally.kinds[2])
      kinds.instagram = Int(tally.kinds[3])
      kinds.organization = Int(tally.kinds[4])
      return Component(
        nodes: Array(members[start[slot]..<start[slot + 1]]), kinds: kinds,
        followersSummed: tally.followers, membersSummed: tally.members)
    }
    self.nodeCount = nodeCount
    edgeCount = graph.edgeCount
  }

  /// What is known of a component while its nodes are counted: 64 bytes,
  /// so that counting a node touches one cache line.
  private struct Tally {
    /// The first format's kinds, by code, are counted here.
    static let kindsHeld: UInt16 = 5
    var size: UInt32 = 0
    var kinds: InlineArray<5, UInt32> = [0, 0, 0, 0, 0]
    var followers: CountSum = 0
    var members: CountSum = 0
  }

  /// Number of components.
  public var count: Int { components.count }
  /// Size of the largest component; 0 for an empty graph.
  public var largest: Int { components.first?.size ?? 0 }
  /// Number of components with a single node.
  public var singletons: Int { components.reduce(0) { $0 + ($1.size == 1 ? 1 : 0) } }
}

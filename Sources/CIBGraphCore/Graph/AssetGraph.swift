import CIBGraphSupport
import Synchronization

/// A dense index of a node in an ``AssetGraph``: `0..<graph.nodeCount`.
public typealias NodeIndex = Int32

/// The itemized assets of one or more networks as a compact, immutable graph.
///
/// Nodes are dense integer indices in the order they were added; edges are
/// the relations, kept directed in ``edges`` and, for traversal, as an
/// undirected compressed adjacency (CSR): the neighbours of node `v` are
/// `neighbourTargets[neighbourOffsets[v] ..< neighbourOffsets[v + 1]]`.
/// Build one with ``AssetGraphBuilder``.
///
/// Memory is about 25 bytes a node plus 12 bytes an edge, beyond the bytes
/// of the identifiers and names themselves (stored end to end, see
/// ``TextColumn``), and 8 bytes a node and an edge more once a traversal has
/// asked for the CSR.
public struct AssetGraph: Sendable {
  /// External identifier of each node.
  public let ids: IdentifierColumn
  /// Kind of each node.
  public let kinds: [AssetKind]
  /// Display name of each node, when known.
  public let names: TextColumn
  /// Followers of each node, where known. See ``followers(of:)``.
  @usableFromInline let followerCounts: CountColumn
  /// Members of each node, where known. See ``members(of:)``.
  @usableFromInline let memberCounts: CountColumn
  /// The relations, as (source, target, type), in the order they were added.
  public let edges: [Edge]
  /// The undirected adjacency, built the first time a traversal asks for it:
  /// components, reach and overlap need only ``edges``, and on 10 M edges
  /// the CSR costs 0.7 s and 110 MB that they would not use.
  private let adjacency: Adjacency

  /// CSR offsets, `nodeCount + 1` entries.
  /// - Complexity: O(n + m) the first time (for this and ``neighbourTargets``), then O(1).
  public var neighbourOffsets: [Int] { csr.offsets }
  /// CSR targets: every edge appears twice, once from each end.
  /// - Complexity: O(n + m) the first time (for this and ``neighbourOffsets``), then O(1).
  public var neighbourTargets: [NodeIndex] { csr.targets }

  private var csr: (offsets: [Int], targets: [NodeIndex]) {
    adjacency.storage.withLock { built in
      if let built { return built }
      let made = Self.undirectedCSR(nodeCount: ids.count, edges: edges)
      built = made
      return made
    }
  }

  /// Holds the CSR once built; shared by copies of the graph, which are equal.
  private final class Adjacency: Sendable {
    let storage = Mutex<(offsets: [Int], targets: [NodeIndex])?>(nil)
    /// The identifiers interned in node order: id `i` is node `i`.
    let identifiers = Mutex<ByteInterner?>(nil)
  }

  /// Every node's identifier interned in node order, so that the interner's
  /// id of an identifier's bytes is its node: for resolving the identifiers
  /// of large files (audience lists) without a `String` per row. Built the
  /// first time it is asked for, unless the reader of the graph kept its own.
  /// - Complexity: O(n) the first time, then O(1).
  public func identifierIndex() -> ByteInterner {
    adjacency.identifiers.withLock { index in
      if let index { return index }
      var made = ByteInterner(capacity: nodeCount)
      for id in ids { made.intern(id) }
      index = made
      return made
    }
  }

  /// Keeps the interner a reader built of the node identifiers, in node order.
  package func keepIdentifierIndex(_ index: ByteInterner) {
    precondition(index.count == nodeCount, "an index of other identifiers")
    adjacency.identifiers.withLock { $0 = index }
  }

  /// A directed relation between two nodes.
  public struct Edge: Sendable, Hashable {
    public var source: NodeIndex
    public var target: NodeIndex
    public var type: RelationType

    package init(source: NodeIndex, target: NodeIndex, type: RelationType) {
      self.source = source
      self.target = target
      self.type = type
    }
  }

  package init(
    ids: [String], kinds: [AssetKind], names: [String?], followerCounts: [Int],
    memberCounts: [Int], edges: [Edge]
  ) {
    self.init(
      ids: IdentifierColumn(ids), kinds: kinds, names: TextColumn(names),
      followerCounts: CountColumn(followerCounts), memberCounts: CountColumn(memberCounts),
      edges: edges)
  }

  package init(
    ids: IdentifierColumn, kinds: [AssetKind], names: TextColumn, followerCounts: CountColumn,
    memberCounts: CountColumn, edges: [Edge]
  ) {
    self.ids = ids
    self.kinds = kinds
    self.names = names
    self.followerCounts = followerCounts
    self.memberCounts = memberCounts
    self.edges = edges
    adjacency = Adjacency()
  }

  /// Counting sort of both directions of every edge into CSR form.
  /// - Complexity: O(n + m).
  private static func undirectedCSR(nodeCount: Int, edges: [Edge]) -> ([Int], [NodeIndex]) {
    var offsets = [Int](repeating: 0, count: nodeCount + 1)
    for edge in edges {
      offsets[Int(edge.source) + 1] += 1
      offsets[Int(edge.target) + 1] += 1
    }
    for v in 0..<nodeCount { offsets[v + 1] += offsets[v] }
    var cursor = offsets
    var targets = [NodeIndex](repeating: 0, count: edges.count * 2)
    for edge in edges {
      targets[cursor[Int(edge.source)]] = edge.target
      cursor[Int(edge.source)] += 1
      targets[cursor[Int(edge.target)]] = edge.source
      cursor[Int(edge.target)] += 1
    }
    return (offsets, targets)
  }

  /// Number of nodes.
  @inlinable public var nodeCount: Int { ids.count }
  /// Number of relations (each counted once).
  @inlinable public var edgeCount: Int { edges.count }

  /// Every node index, in insertion order.
  @inlinable public var nodes: Range<NodeIndex> { 0..<NodeIndex(ids.count) }

  /// The nodes linked to `node` by a relation in either direction; a node
  /// linked twice appears twice.
  /// - Complexity: O(1) to obtain; iterating is O(degree).
  public func neighbours(of node: NodeIndex) -> ArraySlice<NodeIndex> {
    let csr = csr
    return csr.targets[csr.offsets[Int(node)]..<csr.offsets[Int(node) + 1]]
  }

  /// Every node by its identifier, for resolving identifiers from elsewhere.
  /// - Complexity: O(n) hash insertions; keep the result rather than calling it per lookup.
  public func nodeIndexByID() -> [ByteExactID: NodeIndex] {
    var index: [ByteExactID: NodeIndex] = [:]
    index.reserveCapacity(nodeCount)
    for node in nodes { index[ByteExactID(ids[Int(node)])] = node }
    return index
  }

  /// The number of relation ends at `node`.
  /// - Complexity: O(1).
  public func degree(of node: NodeIndex) -> Int {
    let offsets = csr.offsets
    return offsets[Int(node) + 1] - offsets[Int(node)]
  }

  /// Followers of `node`, or `nil` when the data does not give them.
  @inlinable public func followers(of node: NodeIndex) -> Int? { followerCounts[Int(node)] }

  /// Members of `node`, or `nil` when the data does not give them.
  @inlinable public func members(of node: NodeIndex) -> Int? { memberCounts[Int(node)] }
}

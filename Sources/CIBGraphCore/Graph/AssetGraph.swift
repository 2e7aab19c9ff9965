@_spi(Internal) import CIBGraphSupport
import Synchronization

/// A dense index of a node in an ``AssetGraph``: one of its ``AssetGraph/nodes``.
public typealias NodeIndex = Int32

/// The itemized assets of one or more networks as a compact, immutable graph.
///
/// Nodes are dense integer indices in the order they were added, each with
/// an identifier (``id(of:)``), a kind (``kind(of:)``), a name when known
/// (``name(of:)``) and followers and members when known; edges are the
/// relations, kept directed and, for traversal, as an undirected
/// compressed adjacency (CSR) that ``neighbours(of:)`` reads. Build one
/// from documents with ``init(documents:)``, or read one from Gephi
/// spreadsheets.
///
/// ```swift
/// for node in graph.nodes where graph.kind(of: node) == .page {
///   print(graph.id(of: node), graph.name(of: node) ?? "-", graph.followers(of: node) ?? 0)
/// }
/// ```
///
/// Memory is about 25 bytes a node plus 12 bytes an edge, beyond the bytes
/// of the identifiers and names themselves (stored end to end, with no
/// `String` per node), and 8 bytes a node and an edge more once a traversal
/// has asked for the CSR.
public struct AssetGraph: Sendable {
  /// External identifier of each node. See ``id(of:)``.
  @usableFromInline package let ids: IdentifierColumn
  /// Kind of each node. See ``kind(of:)``.
  @usableFromInline package let kinds: [AssetKind]
  /// Display name of each node, when known. See ``name(of:)``. Empty when
  /// the graph was read without its names (every name absent).
  @usableFromInline package let names: TextColumn
  /// Followers of each node, where known. See ``followers(of:)``.
  @usableFromInline let followerCounts: CountColumn
  /// Members of each node, where known. See ``members(of:)``.
  @usableFromInline let memberCounts: CountColumn
  /// The relations, as (source, target, type), in the order they were added:
  /// the typed, directed edge list that ``neighbours(of:)`` makes undirected.
  public let edges: [Edge]
  /// The undirected adjacency, built the first time a traversal asks for it:
  /// components, reach and overlap need only ``edges``, and on 10 M edges
  /// the CSR costs 0.7 s and 110 MB that they would not use.
  private let adjacency: Adjacency

  /// CSR offsets, `nodeCount + 1` entries: the neighbours of node `v` are
  /// `neighbourTargets[neighbourOffsets[v] ..< neighbourOffsets[v + 1]]`.
  /// - Complexity: O(n + m) the first time (for this and ``neighbourTargets``), then O(1).
  package var neighbourOffsets: [Int] { csr.offsets }
  /// CSR targets: every edge appears twice, once from each end.
  /// - Complexity: O(n + m) the first time (for this and ``neighbourOffsets``), then O(1).
  package var neighbourTargets: [NodeIndex] { csr.targets }

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
  package func identifierIndex() -> ByteInterner {
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
  public struct Edge: Sendable, Hashable, BitwiseCopyable {
    /// The node the relation starts from.
    public package(set) var source: NodeIndex
    /// The node it points to.
    public package(set) var target: NodeIndex
    /// What the relation is.
    public package(set) var type: RelationType

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
  package var nodeCount: Int { ids.count }
  /// Number of relations (each counted once).
  package var edgeCount: Int { edges.count }

  /// Every node index, in insertion order; `nodes.count` is the number of nodes.
  @inlinable public var nodes: Range<NodeIndex> { 0..<NodeIndex(ids.count) }

  /// The nodes linked to `node` by a relation in either direction; a node
  /// linked twice appears twice.
  /// - Complexity: O(1) to obtain; iterating is O(degree).
  public func neighbours(of node: NodeIndex) -> ArraySlice<NodeIndex> {
    let csr = csr
    return csr.targets[csr.offsets[Int(node)]..<csr.offsets[Int(node) + 1]]
  }

  /// The node whose identifier has the bytes of `id`, or `nil` when none has:
  /// identifiers are the same when their UTF-8 bytes are, so `"café"` written
  /// with U+00E9 and with `e` + U+0301 are two identifiers.
  /// - Complexity: O(n) the first time any identifier is looked up (an
  ///   index of them is built and kept), then O(length of `id`) on average.
  public func node(for id: String) -> NodeIndex? {
    var id = id
    let index = identifierIndex()
    return id.withUTF8 { index.find($0) }.map { NodeIndex($0) }
  }

  /// Every node by its identifier, for resolving identifiers from elsewhere.
  /// - Complexity: O(n) hash insertions; keep the result rather than calling it per lookup.
  package func nodeIndexByID() -> [ByteExactID: NodeIndex] {
    var index: [ByteExactID: NodeIndex] = [:]
    index.reserveCapacity(nodeCount)
    for node in nodes { index[ByteExactID(ids[Int(node)])] = node }
    return index
  }

  /// The number of relation ends at `node`.
  /// - Complexity: O(1).
  package func degree(of node: NodeIndex) -> Int {
    let offsets = csr.offsets
    return offsets[Int(node) + 1] - offsets[Int(node)]
  }

  /// The identifier of `node`, as its input wrote it.
  /// - Complexity: O(length of the identifier): a `String` is made on each call.
  @inlinable public func id(of node: NodeIndex) -> String { ids[Int(node)] }

  /// The identifiers of `nodes`, in order: for many nodes scattered over a
  /// large graph, faster than ``id(of:)`` for each, whose reads of the
  /// identifiers wait on memory one by one.
  /// - Complexity: O(nodes and their identifiers' lengths).
  package func ids(of nodes: [NodeIndex]) -> [String] {
    ids.identifiers(at: nodes.map { Int($0) })
  }

  /// The bytes of `node`'s identifier, as read (``IdentifierColumn/bytes(at:)``):
  /// what tells apart identifiers that are not UTF-8 and print alike.
  /// - Complexity: O(length of the identifier).
  package func idBytes(of node: NodeIndex) -> [UInt8] { ids.bytes(at: Int(node)) }

  /// The kind of `node`.
  /// - Complexity: O(1).
  @inlinable public func kind(of node: NodeIndex) -> AssetKind { kinds[Int(node)] }

  /// The display name of `node`, or `nil` when the data gives none.
  /// - Complexity: O(length of the name): a `String` is made on each call.
  @inlinable public func name(of node: NodeIndex) -> String? {
    names.isEmpty ? nil : names[Int(node)]
  }

  /// Followers of `node`, or `nil` when the data does not give them.
  @inlinable @_spi(Internal) public func followers(of node: NodeIndex) -> Int? {
    followerCounts[Int(node)]
  }

  /// Members of `node`, or `nil` when the data does not give them.
  @inlinable @_spi(Internal) public func members(of node: NodeIndex) -> Int? {
    memberCounts[Int(node)]
  }
}

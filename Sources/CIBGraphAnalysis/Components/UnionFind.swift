import CIBGraphCore
import CIBGraphShims
@_spi(Internal) import CIBGraphSupport

/// Disjoint sets over `0..<count`: Rem's algorithm with splicing.
///
/// Each set's representative is its largest element; a union walks up both
/// elements' paths at once, always from the end with the smaller parent,
/// and repoints what it passes as it goes (splicing). Patwary, Blair and
/// Manne ("Experiments on union-find algorithms for the disjoint-set data
/// structure", SEA 2010) found it the fastest in practice, and it needs no
/// rank or size array: on 10 M edges over 4 M nodes it replaced union by
/// size with path halving (measured with `cibgraph components` at size L).
///
/// - Complexity: ``union(_:_:)`` and ``find(_:)`` are O(log n) in the worst
///   case and nearly constant on the graphs measured.
package struct UnionFind: Sendable {
  private var parent: [NodeIndex]

  /// `count` singleton sets.
  package init(count: Int) {
    // Every union reads parents at random.
    parent = [NodeIndex].uninitialized(count: count, hugePagesFrom: 1 << 25)
    parent.withUnsafeMutableBufferPointer { parent in
      for i in parent.indices { parent[i] = NodeIndex(i) }
    }
  }

  /// The address of the parents, for ``ComponentJoiner``: valid until the
  /// sets are next changed other than through it, or copied.
  fileprivate mutating func withParents<R>(_ body: (UnsafeMutablePointer<Int32>?) -> R) -> R {
    parent.withUnsafeMutableBufferPointer { body($0.baseAddress) }
  }

  /// Asks memory for what ``union(_:_:)`` of `a` and `b` reads first, so
  /// that a batch of unions waits for memory once rather than once each.
  private func prefetch(_ a: NodeIndex, _ b: NodeIndex) {
    parent.withUnsafeBufferPointer { parent in
      cibgraph_prefetch(parent.baseAddress! + Int(a))
      cibgraph_prefetch(parent.baseAddress! + Int(b))
    }
  }

  /// Asks memory for what ``union(_:_:)`` of `a` and `b` reads second, their
  /// parents' parents: worth it once ``prefetch(_:_:)`` of the same pair has
  /// brought the parents in.
  private func prefetchGrandparents(_ a: NodeIndex, _ b: NodeIndex) {
    parent.withUnsafeBufferPointer { parent in
      cibgraph_prefetch(parent.baseAddress! + Int(parent[Int(a)]))
      cibgraph_prefetch(parent.baseAddress! + Int(parent[Int(b)]))
    }
  }

  /// The representative of the set holding `element`; halves the path to it.
  package mutating func find(_ element: NodeIndex) -> NodeIndex {
    parent.withUnsafeMutableBufferPointer { parent in
      var x = Int(element)
      while Int(parent[x]) != x {
        let grandparent = parent[Int(parent[x])]
        parent[x] = grandparent
        x = Int(grandparent)
      }
      return NodeIndex(x)
    }
  }

  /// Numbers the sets `0, 1, 2, …` in order of their smallest element and
  /// gives each element its set's number, ending the disjoint sets (their
  /// storage becomes the labels).
  ///
  /// A parent is never smaller than its child (see ``union(_:_:)``), so one
  /// pass from the largest element down points every element straight at
  /// its root: its parent's root is already known. A second pass, upwards,
  /// numbers each set at its first element and marks the root with the
  /// number, so that every element costs one read of its root rather than
  /// a walk up its path and a separate table from roots to numbers.
  /// - Returns: The label of each element, and the number of sets; the
  ///   disjoint sets are left empty.
  /// - Complexity: O(count).
  package mutating func labels() -> (labels: [Int32], count: Int) {
    // Swapped out, not consumed: a consumed copy left the caller's value
    // holding the parents too, and numbering them in place copied them all.
    var labels: [Int32] = []
    swap(&labels, &parent)
    var count: Int32 = 0
    // Reads ahead in both passes ask memory for the root of an element
    // `lookahead` places on, so that the passes wait for it once per batch.
    let lookahead = 16
    labels.withUnsafeMutableBufferPointer { parent in
      let n = parent.count
      let base = parent.baseAddress!
      var x = n - 1
      while x >= 0 {
        if x >= lookahead { cibgraph_prefetch(base + Int(parent[x - lookahead])) }
        parent[x] = parent[Int(parent[x])]
        x -= 1
      }
      // Labels are stored as their complement (negative) so that a root
      // already numbered is told apart from one not yet reached.
      for x in 0..<n {
        if x + lookahead < n {
          let ahead = parent[x + lookahead]
          if ahead >= 0 { cibgraph_prefetch(base + Int(ahead)) }
        }
        let root = parent[x]
        if root < 0 { continue }  // a root, numbered at its set's first element
        let mark = parent[Int(root)]
        if mark < 0 {
          parent[x] = mark
        } else {
          parent[Int(root)] = ~count
          parent[x] = ~count
          count += 1
        }
      }
      for x in 0..<n { parent[x] = ~parent[x] }
    }
    return (labels, Int(count))
  }

  /// Merges the sets of the ends of every edge.
  ///
  /// Large graphs are shared out over the cores, each joining a run of the
  /// edges in the one forest: a root is linked under a larger one by a
  /// compare-and-swap, which fails if another core linked it first, and the
  /// join is tried again from the new roots; paths are halved as they are
  /// walked. Every parent stays no smaller than its child, as ``union(_:_:)``
  /// keeps it, so the sets found, and ``labels()``, are those one core finds.
  /// On one core, each union's reads are asked of memory edges ahead.
  /// - Complexity: O(m·α(n)) work, spread over the cores.
  package mutating func union(edges: UnsafeBufferPointer<AssetGraph.Edge>, split: WorkSplit) {
    let parts = split.parts(of: edges.count, per: split.pairsPerPart)
    guard parts > 1 else {
      unionInTurn(edges)
      return
    }
    parent.withUnsafeMutableBufferPointer { parent in
      nonisolated(unsafe) let base = parent.baseAddress!
      nonisolated(unsafe) let edges = edges
      WorkSplit.inParallel(parts) { part in
        let run = WorkSplit.run(part, of: parts, in: edges.count)
        Self.joinShared(base, UnsafeBufferPointer(rebasing: edges[run]))
      }
    }
  }

  /// Joins `edges` in the forest at `parent`, which other cores may be
  /// joining edges in at the same time.
  fileprivate static func joinShared(
    _ parent: UnsafeMutablePointer<Int32>, _ edges: UnsafeBufferPointer<AssetGraph.Edge>
  ) {
    // As in `unionInTurn`: parents `2 * ahead` edges on, grandparents
    // `ahead` on, once their parents have come.
    let ahead = 8
    for index in edges.indices {
      if index + 2 * ahead < edges.count {
        let later = edges[index + 2 * ahead]
        cibgraph_prefetch(parent + Int(later.source))
        cibgraph_prefetch(parent + Int(later.target))
      }
      if index + ahead < edges.count {
        let next = edges[index + ahead]
        cibgraph_prefetch(parent + Int(cibgraph_load_i32(parent + Int(next.source))))
        cibgraph_prefetch(parent + Int(cibgraph_load_i32(parent + Int(next.target))))
      }
      joinShared(parent, edges[index].source, edges[index].target)
    }
  }

  /// One edge's union in a forest other cores change at the same time.
  private static func joinShared(_ parent: UnsafeMutablePointer<Int32>, _ a: Int32, _ b: Int32) {
    var x = a
    var y = b
    while true {
      x = rootShared(parent, x)
      y = rootShared(parent, y)
      if x == y { return }
      if x > y { swap(&x, &y) }
      // Link the smaller root under the larger, unless another core moved it.
      if cibgraph_cas_i32(parent + Int(x), x, y) != 0 { return }
    }
  }

  /// The root of `element` in a forest other cores change; halves the path.
  private static func rootShared(_ parent: UnsafeMutablePointer<Int32>, _ element: Int32) -> Int32 {
    var x = element
    while true {
      let up = cibgraph_load_i32(parent + Int(x))
      if up == x { return x }
      let above = cibgraph_load_i32(parent + Int(up))
      // Another core may have moved either; any ancestor keeps the path.
      if above != up { cibgraph_store_i32(parent + Int(x), above) }
      x = above
    }
  }

  /// The edges joined one after another: the parents of the ends of the edge
  /// `2 * ahead` on are asked of memory, then, once they have come, the
  /// grandparents of the edge `ahead` on, and then this edge is joined; so
  /// that the two dependent reads of a union wait for memory together with
  /// many others, not one after another.
  private mutating func unionInTurn(_ edges: UnsafeBufferPointer<AssetGraph.Edge>) {
    let ahead = 8
    for index in edges.indices {
      if index + 2 * ahead < edges.count {
        let later = edges[index + 2 * ahead]
        prefetch(later.source, later.target)
      }
      if index + ahead < edges.count {
        let next = edges[index + ahead]
        prefetchGrandparents(next.source, next.target)
      }
      union(edges[index].source, edges[index].target)
    }
  }

  /// Merges the sets of `a` and `b`. Returns whether they were separate.
  @discardableResult
  package mutating func union(_ a: NodeIndex, _ b: NodeIndex) -> Bool {
    parent.withUnsafeMutableBufferPointer { parent in
      var x = Int(a)
      var y = Int(b)
      while parent[x] != parent[y] {
        // Walk up from the end whose parent is smaller.
        if parent[x] > parent[y] { swap(&x, &y) }
        if Int(parent[x]) == x {
          parent[x] = parent[y]
          return true
        }
        let next = Int(parent[x])
        parent[x] = parent[y]  // splice: x now hangs from y's parent
        x = next
      }
      return false
    }
  }
}

/// Disjoint sets joined from several cores at once as a reader hands over
/// a graph's relations (``RelationSink``), so that the relations are never
/// kept: ``sets()`` then gives them for ``ComponentAnalysis``.
package final class ComponentJoiner: RelationSink, @unchecked Sendable {
  // Set by `begin(nodeCount:)` before any `take(_:)`, read by `sets()` after
  // the last: the reader orders those calls. `parent` is the forest's
  // storage, which stays where it is: nothing copies or resizes the
  // array while the joiner holds it.
  private var forest = UnionFind(count: 0)
  private var parent: UnsafeMutablePointer<Int32>?

  package init() {}

  package func begin(nodeCount: Int) {
    forest = UnionFind(count: nodeCount)
    parent = forest.withParents { $0 }
  }

  /// - Complexity: O(relations · α(n)).
  package func take(_ relations: UnsafeBufferPointer<AssetGraph.Edge>) {
    guard let parent else { return }
    UnionFind.joinShared(parent, relations)
  }

  /// The sets joined; the joiner is empty after.
  package func sets() -> UnionFind {
    parent = nil
    var sets = UnionFind(count: 0)
    swap(&sets, &forest)
    return sets
  }
}

/// Disjoint sets over `0..<count`, with union by size and path halving.
///
/// - Complexity: ``find(_:)`` and ``union(_:_:)`` take amortised
///   O(α(n)) time, effectively constant.
public struct UnionFind: Sendable {
  private var parent: [NodeIndex]
  private var size: [Int32]

  /// `count` singleton sets.
  public init(count: Int) {
    parent = (0..<NodeIndex(count)).map { $0 }
    size = [Int32](repeating: 1, count: count)
  }

  /// The representative of the set holding `element`.
  public mutating func find(_ element: NodeIndex) -> NodeIndex {
    var x = element
    while parent[Int(x)] != x {
      let grandparent = parent[Int(parent[Int(x)])]
      parent[Int(x)] = grandparent
      x = grandparent
    }
    return x
  }

  /// Merges the sets of `a` and `b`. Returns whether they were separate.
  @discardableResult
  public mutating func union(_ a: NodeIndex, _ b: NodeIndex) -> Bool {
    var rootA = find(a)
    var rootB = find(b)
    if rootA == rootB { return false }
    if size[Int(rootA)] < size[Int(rootB)] { swap(&rootA, &rootB) }
    parent[Int(rootB)] = rootA
    size[Int(rootA)] += size[Int(rootB)]
    return true
  }
}

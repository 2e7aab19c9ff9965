import CIBGraphCore
import CIBGraphSupport

/// How much two assets' audiences overlap.
public struct AssetOverlap: Sendable, Hashable {
  /// One asset.
  public var a: NodeIndex
  /// The other, later in the order compared.
  public var b: NodeIndex
  /// Accounts in both audiences.
  public var intersection: Int
  /// The size of ``a``'s audience.
  public var sizeA: Int
  /// The size of ``b``'s audience.
  public var sizeB: Int

  /// |A ∪ B|.
  public var union: Int { sizeA + sizeB - intersection }
  /// |A ∩ B| / |A ∪ B|: 1 for the same audience, 0 for none shared.
  public var jaccard: Double { union == 0 ? 0 : Double(intersection) / Double(union) }
  /// |A ∩ B| / min(|A|, |B|): 1 when the smaller audience lies inside the larger.
  public var overlapCoefficient: Double {
    let smaller = min(sizeA, sizeB)
    return smaller == 0 ? 0 : Double(intersection) / Double(smaller)
  }
}

/// Pairwise overlap of a chosen set of assets' audiences.
public struct AudienceOverlapMatrix: Sendable {
  /// The assets compared, in the order chosen.
  public let assets: [NodeIndex]
  /// Every pair i < j, in row order: (0,1), (0,2), …, (1,2), ….
  public let pairs: [AssetOverlap]

  /// Compares every pair of `assets`.
  /// - Complexity: O(k × Σ|A_i|) for k assets: each pair is a merge of two
  ///   sorted lists.
  public init(lists: AudienceLists, assets: [NodeIndex]) {
    self.assets = assets
    var pairs: [AssetOverlap] = []
    pairs.reserveCapacity(assets.count * (assets.count - 1) / 2)
    lists.accounts.withUnsafeBufferPointer { accounts in
      for i in assets.indices {
        let a = assets[i]
        let aRange = lists.offsets[Int(a)]..<lists.offsets[Int(a) + 1]
        for j in assets.indices where j > i {
          let b = assets[j]
          let bRange = lists.offsets[Int(b)]..<lists.offsets[Int(b) + 1]
          var x = aRange.lowerBound
          var y = bRange.lowerBound
          var common = 0
          while x < aRange.upperBound && y < bRange.upperBound {
            let u = accounts[x]
            let v = accounts[y]
            if u == v {
              common += 1
              x += 1
              y += 1
            } else if u < v {
              x += 1
            } else {
              y += 1
            }
          }
          pairs.append(
            AssetOverlap(a: a, b: b, intersection: common, sizeA: aRange.count, sizeB: bRange.count)
          )
        }
      }
    }
    self.pairs = pairs
  }

  /// The `count` assets with the largest audiences: most accounts first,
  /// ties by identifier in byte order.
  /// - Complexity: O(n log n).
  public static func largest(_ count: Int, lists: AudienceLists, graph: AssetGraph) -> [NodeIndex] {
    let candidates = graph.nodes.filter { lists.size(of: $0) > 0 }
    return candidates.sorted { x, y in
      let (sx, sy) = (lists.size(of: x), lists.size(of: y))
      if sx != sy { return sx > sy }
      return graph.id(of: x).utf8.lexicographicallyPrecedes(graph.id(of: y).utf8)
    }.prefix(count).map { $0 }
  }

  /// The pairs by Jaccard index, highest first (ties: larger intersection,
  /// then input order), of those with an index of at least `minimumJaccard`
  /// and an account in common.
  /// - Complexity: O(p log p) for p pairs.
  public func ranked(minimumJaccard: Double = 0) -> [AssetOverlap] {
    pairs.enumerated()
      .filter { $0.element.jaccard >= minimumJaccard && $0.element.intersection > 0 }
      .sorted { x, y in
        if x.element.jaccard != y.element.jaccard { return x.element.jaccard > y.element.jaccard }
        if x.element.intersection != y.element.intersection {
          return x.element.intersection > y.element.intersection
        }
        return x.offset < y.offset
      }
      .map(\.element)
  }
}

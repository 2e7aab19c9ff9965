@_spi(Internal) import CIBGraphCore
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
  package var sizeA: Int
  /// The size of ``b``'s audience.
  package var sizeB: Int

  /// |A ∪ B|.
  package var union: Int { sizeA + sizeB - intersection }
  /// |A ∩ B| / |A ∪ B|: 1 for the same audience, 0 for none shared.
  public var jaccard: Double { union == 0 ? 0 : Double(intersection) / Double(union) }
  /// |A ∩ B| / min(|A|, |B|): 1 when the smaller audience lies inside the larger.
  package var overlapCoefficient: Double {
    let smaller = min(sizeA, sizeB)
    return smaller == 0 ? 0 : Double(intersection) / Double(smaller)
  }
}

/// Pairwise overlap of a chosen set of assets' audiences.
public struct AudienceOverlapMatrix: Sendable {
  /// The assets compared, in the order chosen: the caller's own, echoed for
  /// the tool to print back.
  package let assets: [NodeIndex]
  /// Every pair i < j of the assets compared, in the order they were given:
  /// (0,1), (0,2), …, (1,2), ….
  public let pairs: [AssetOverlap]

  /// Compares every pair of `assets`.
  ///
  /// Usually (when the accounts in the lists are not many more than those in
  /// the compared audiences, as when only those were read) by account: the
  /// audiences are grouped by account, and each account adds one to every
  /// pair of the assets it is in. Otherwise each pair's sorted lists are merged.
  /// - Complexity: O(a + Σ d²) by account, for a accounts of which each is
  ///   in d of the compared audiences; O(k × Σ|A_i|) merging, for k assets.
  ///   Both are at most O(k × Σ|A_i|).
  public init(lists: AudienceLists, assets: [NodeIndex]) {
    self.assets = assets
    let sizes = assets.map { lists.size(of: $0) }
    let total = sizes.reduce(0, +)
    // (Positions are counted in 32 bits: an asset named many times over
    // can pass them, and is then merged.)
    let common =
      lists.accountCount <= 4 * total && total < Int(UInt32.max)
      ? Self.commonByAccount(lists: lists, assets: assets, total: total)
      : Self.commonByMerging(lists: lists, assets: assets)
    var pairs: [AssetOverlap] = []
    pairs.reserveCapacity(common.count)
    var pair = 0
    for i in assets.indices {
      for j in assets.indices where j > i {
        pairs.append(
          AssetOverlap(
            a: assets[i], b: assets[j], intersection: Int(common[pair]), sizeA: sizes[i],
            sizeB: sizes[j]))
        pair += 1
      }
    }
    self.pairs = pairs
  }

  /// Accounts in common of every pair i < j of `assets`, in row order,
  /// counted account by account: the accounts' positions among `assets`
  /// are grouped by a counting sort, then each account counts once for each
  /// pair of its positions. A merge of every pair reads each audience k − 1
  /// times; this reads it twice.
  package static func commonByAccount(lists: AudienceLists, assets: [NodeIndex], total: Int)
    -> [UInt32]
  {
    let k = assets.count
    var common = [UInt32](repeating: 0, count: k * (k - 1) / 2)
    // ends[a]: where account a's positions end in `positions` (they begin
    // where account a − 1's end), once the positions are placed; until
    // then, where the next goes.
    var ends = [UInt32](repeating: 0, count: lists.accountCount + 1)
    var positions = [UInt32](repeating: 0, count: total)
    lists.accounts.withUnsafeBufferPointer { accounts in
      ends.withUnsafeMutableBufferPointer { ends in
        for node in assets {
          for account in lists.audience(of: node) { ends[Int(account) + 1] &+= 1 }
        }
        for account in 0..<lists.accountCount { ends[account + 1] &+= ends[account] }
        positions.withUnsafeMutableBufferPointer { positions in
          for (position, node) in assets.enumerated() {
            for index in lists.offsets[Int(node)]..<lists.offsets[Int(node) + 1] {
              let account = Int(accounts[index])
              positions[Int(ends[account])] = UInt32(position)
              ends[account] &+= 1
            }
          }
        }
      }
    }
    // Positions of one account ascend: pair (i, j), i < j, is entry
    // i·k − i(i+1)/2 + (j − i − 1) in row order.
    positions.withUnsafeBufferPointer { positions in
      common.withUnsafeMutableBufferPointer { common in
        var start = 0
        for account in 0..<lists.accountCount {
          let range = start..<Int(ends[account])
          start = range.upperBound
          guard range.count > 1 else { continue }
          for x in range {
            let i = Int(positions[x])
            let row = i * k - i * (i + 1) / 2 - i - 1
            for y in (x + 1)..<range.upperBound { common[row + Int(positions[y])] &+= 1 }
          }
        }
      }
    }
    return common
  }

  /// Accounts in common of every pair i < j of `assets`, in row order, by
  /// merging the pair's sorted lists: for lists of many more accounts than
  /// those compared, where a table of every account would cost more.
  package static func commonByMerging(lists: AudienceLists, assets: [NodeIndex]) -> [UInt32] {
    var common: [UInt32] = []
    common.reserveCapacity(assets.count * (assets.count - 1) / 2)
    lists.accounts.withUnsafeBufferPointer { accounts in
      for i in assets.indices {
        let a = assets[i]
        let aRange = lists.offsets[Int(a)]..<lists.offsets[Int(a) + 1]
        for j in assets.indices where j > i {
          let b = assets[j]
          let bRange = lists.offsets[Int(b)]..<lists.offsets[Int(b) + 1]
          var x = aRange.lowerBound
          var y = bRange.lowerBound
          var shared: UInt32 = 0
          while x < aRange.upperBound && y < bRange.upperBound {
            let u = accounts[x]
            let v = accounts[y]
            if u == v {
              shared += 1
              x += 1
              y += 1
            } else if u < v {
              x += 1
            } else {
              y += 1
            }
          }
          common.append(shared)
        }
      }
    }
    return common
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

import CIBGraphCore
import CIBGraphSupport

/// Exact counts of distinct audience accounts over sets of assets.
///
/// Each count marks the accounts it meets in a stamp array (one 32-bit stamp
/// per account) instead of building a set, so counting any number of groups
/// (networks, components) costs one pass over their audience lists, without
/// allocation.
public struct DistinctCounter {
  private let lists: AudienceLists
  private let graph: AssetGraph
  private var stamps: [UInt32]
  private var generation: UInt32 = 0
  /// Stamps of the second group in ``shared(_:_:)``, made on first use.
  private var seen: [UInt32] = []
  private var secondGeneration: UInt32 = 0

  public init(lists: AudienceLists, graph: AssetGraph) {
    precondition(lists.assetCount == graph.nodeCount, "audience lists of another graph")
    self.lists = lists
    self.graph = graph
    stamps = [UInt32](repeating: 0, count: lists.accountCount)
  }

  /// Distinct accounts in the audiences of `nodes` (of the given kinds only, if any).
  /// - Complexity: O(total audience size of `nodes`).
  public mutating func count(_ nodes: some Sequence<NodeIndex>, kinds: Set<AssetKind>? = nil) -> Int
  {
    generation &+= 1
    if generation == 0 {  // wrapped around: start the stamps afresh
      stamps = [UInt32](repeating: 0, count: stamps.count)
      generation = 1
    }
    let mark = generation
    var distinct = 0
    stamps.withUnsafeMutableBufferPointer { stamps in
      for node in nodes {
        if let kinds, !kinds.contains(graph.kinds[Int(node)]) { continue }
        for account in lists.audience(of: node) where stamps[Int(account)] != mark {
          stamps[Int(account)] = mark
          distinct += 1
        }
      }
    }
    return distinct
  }

  /// Distinct accounts in both the audience of `first` and that of `second`.
  /// - Complexity: O(total audience size of both).
  public mutating func shared(_ first: [NodeIndex], _ second: [NodeIndex]) -> Int {
    _ = count(first)
    let inFirst = generation
    var secondStamps = [UInt32]()
    swap(&secondStamps, &seen)
    if secondStamps.count != stamps.count {
      secondStamps = [UInt32](repeating: 0, count: stamps.count)
    }
    secondGeneration &+= 1
    if secondGeneration == 0 {
      secondStamps = [UInt32](repeating: 0, count: stamps.count)
      secondGeneration = 1
    }
    var common = 0
    for node in second {
      for account in lists.audience(of: node) where secondStamps[Int(account)] != secondGeneration {
        secondStamps[Int(account)] = secondGeneration
        if stamps[Int(account)] == inFirst { common += 1 }
      }
    }
    swap(&secondStamps, &seen)
    return common
  }

  /// Distinct accounts per audience kind and over all kinds, for `nodes`, beside
  /// the summed audience sizes (which count an account once per asset it follows).
  ///
  /// One pass marks, for each account, the kinds of asset it is in the
  /// audience of (a bit each); the counts are then read off the marks. (Four
  /// passes, one per kind and one over all, took four times as long.)
  /// - Complexity: O(total audience size of `nodes` + accounts).
  public mutating func reach(of nodes: [NodeIndex]) -> AudienceReach {
    var summed = KindCounts()
    var kindsOf = [UInt8].large(repeating: 0, count: lists.accountCount)
    let bits = graph.kinds.map { kind -> UInt8 in
      AssetKind.audienceKinds.firstIndex(of: kind).map { 1 << UInt8($0) } ?? 0
    }
    kindsOf.withUnsafeMutableBufferPointer { kindsOf in
      for node in nodes {
        summed[graph.kinds[Int(node)]] += lists.size(of: node)
        let bit = bits[Int(node)]
        guard bit != 0 else { continue }
        for account in lists.audience(of: node) { kindsOf[Int(account)] |= bit }
      }
    }
    var perBit = [Int](repeating: 0, count: AssetKind.audienceKinds.count)
    var overall = 0
    for marks in kindsOf where marks != 0 {
      overall += 1
      for bit in perBit.indices where marks & (1 << UInt8(bit)) != 0 { perBit[bit] += 1 }
    }
    var distinct = KindCounts()
    for (bit, kind) in AssetKind.audienceKinds.enumerated() { distinct[kind] = perBit[bit] }
    return AudienceReach(distinct: distinct, overall: overall, summed: summed)
  }
}

/// Exact reach from audience lists: distinct accounts beside the summed sizes,
/// so the double counting is visible.
public struct AudienceReach: Sendable, Hashable {
  /// Distinct accounts following or in at least one asset of each kind.
  public var distinct: KindCounts
  /// Distinct accounts over all kinds.
  public var overall: Int
  /// Audience sizes summed per kind: an account following two Pages counts twice.
  public var summed: KindCounts

  /// Summed over all kinds.
  public var summedOverall: Int { summed.total }
}

@_spi(Internal) import CIBGraphCore
@_spi(Internal) import CIBGraphSupport
import Synchronization

/// Exact counts of distinct audience accounts over sets of assets.
///
/// Each count marks the accounts it meets in a stamp array (one 32-bit stamp
/// per account) instead of building a set, so counting any number of groups
/// (networks, components) costs one pass over their audience lists, without
/// allocation: the stamps are kept from one count to the next. Counting
/// changes nothing a caller can see, so a counter may be shared, and used
/// from several threads at once (each count then takes stamps of its own
/// while another holds the kept ones).
public struct DistinctCounter: Sendable {
  private let lists: AudienceLists
  private let graph: AssetGraph
  private let kept = KeptStamps()
  /// How ``reach(of:)`` shares its work out (tests split small audiences as large ones).
  package var split = WorkSplit.standard

  /// A counter of the accounts in `lists`, the audience lists of `graph`'s nodes.
  /// - Precondition: `lists` were read against `graph` (one list per node).
  public init(lists: AudienceLists, graph: AssetGraph) {
    precondition(lists.assetCount == graph.nodeCount, "audience lists of another graph")
    self.lists = lists
    self.graph = graph
  }

  /// Distinct accounts in the audiences of `nodes` (of the given kinds only, if any).
  /// - Complexity: O(total audience size of `nodes`); O(accounts) the first time.
  public func count(_ nodes: some Sequence<NodeIndex>, kinds: Set<AssetKind>? = nil) -> Int {
    var stamps = kept.take(accounts: lists.accountCount)
    defer { kept.give(stamps) }
    return count(nodes, kinds: kinds, stamping: &stamps.marks)
  }

  private func count(
    _ nodes: some Sequence<NodeIndex>, kinds: Set<AssetKind>?, stamping stamps: inout Stamps
  ) -> Int {
    let mark = stamps.next()
    var distinct = 0
    stamps.values.withUnsafeMutableBufferPointer { stamps in
      for node in nodes {
        if let kinds, !kinds.contains(graph.kind(of: node)) { continue }
        for account in lists.audience(of: node) where stamps[Int(account)] != mark {
          stamps[Int(account)] = mark
          distinct += 1
        }
      }
    }
    return distinct
  }

  /// Distinct accounts in both the audience of `first` and that of `second`.
  /// - Complexity: O(total audience size of both); O(accounts) the first time.
  package func shared(_ first: [NodeIndex], _ second: [NodeIndex]) -> Int {
    var stamps = kept.take(accounts: lists.accountCount)
    defer { kept.give(stamps) }
    _ = count(first, kinds: nil, stamping: &stamps.marks)
    let inFirst = stamps.marks.generation
    if stamps.secondMarks.values.count != lists.accountCount {
      stamps.secondMarks = Stamps(accounts: lists.accountCount)
    }
    let inSecond = stamps.secondMarks.next()
    var common = 0
    for node in second {
      for account in lists.audience(of: node)
      where stamps.secondMarks.values[Int(account)] != inSecond {
        stamps.secondMarks.values[Int(account)] = inSecond
        if stamps.marks.values[Int(account)] == inFirst { common += 1 }
      }
    }
    return common
  }

  /// One stamp per account: an account is marked in a count when its stamp
  /// is the count's generation, so a new count needs no clearing.
  struct Stamps {
    var values: [UInt32]
    var generation: UInt32 = 0

    init(accounts: Int) { values = [UInt32](repeating: 0, count: accounts) }

    /// The generation of a new count; the stamps are cleared when the
    /// generations wrap around.
    mutating func next() -> UInt32 {
      generation &+= 1
      if generation == 0 {
        values = [UInt32](repeating: 0, count: values.count)
        generation = 1
      }
      return generation
    }
  }

  /// The stamps of a count, and those of the second group of
  /// ``shared(_:_:)`` (made the first time it is asked for).
  struct StampPair {
    var marks: Stamps
    var secondMarks = Stamps(accounts: 0)
  }

  /// The stamps kept between counts, shared by copies of the counter.
  final class KeptStamps: Sendable {
    private let stamps = Mutex<StampPair?>(nil)

    /// The kept stamps, or new ones while another count holds them.
    func take(accounts: Int) -> StampPair {
      stamps.withLock { kept in
        defer { kept = nil }
        return kept
      } ?? StampPair(marks: Stamps(accounts: accounts))
    }

    /// Keeps `pair` for the next count.
    func give(_ pair: StampPair) { stamps.withLock { $0 = pair } }
  }

  /// Distinct accounts per audience kind and over all kinds, for `nodes`, beside
  /// the summed audience sizes (which count an account once per asset it follows).
  ///
  /// One pass marks, for each account, the kinds of asset it is in the
  /// audience of (a bit each); the counts are then read off the marks. (Four
  /// passes, one per kind and one over all, took four times as long.) The
  /// marks are a byte per account for up to eight kinds with audiences among
  /// `nodes` (every real network); more kinds take a pass per eight.
  /// - Complexity: O(total audience size of `nodes` + accounts), times
  ///   ⌈k / 8⌉ for k kinds with audiences among `nodes`.
  public func reach(of nodes: [NodeIndex]) -> AudienceReach {
    var summed = PerKindNumber<Int>()
    var present = [Bool](repeating: false, count: AssetKind.codeLimit)
    for node in nodes {
      let kind = graph.kind(of: node)
      summed[kind] += lists.size(of: node)
      present[Int(kind.code)] = true
    }
    let kinds = present.indices.filter { present[$0] }.map { AssetKind(code: UInt16($0)) }
      .filter(\.hasAudience).sorted()
    let groups = stride(from: 0, to: max(kinds.count, 1), by: 8).map {
      Array(kinds[$0..<min($0 + 8, kinds.count)])
    }
    var distinct = PerKindNumber<Int>()
    var overall = 0
    // With several groups, an account's presence in any audience is kept
    // apart, so that it is counted once overall.
    var seen: [Bool]? =
      groups.count > 1 ? [Bool](repeating: false, count: lists.accountCount) : nil
    for group in groups {
      let (perKind, inGroup) = tally(group, nodes: nodes, seen: &seen, split: split)
      for (kind, count) in zip(group, perKind) { distinct[kind] = count }
      overall = seen == nil ? inGroup : 0
    }
    if let seen { overall = seen.reduce(0) { $0 + ($1 ? 1 : 0) } }
    return AudienceReach(distinct: distinct, overall: overall, summed: summed)
  }

  /// Distinct accounts per kind of `kinds` (at most eight) among the
  /// audiences of `nodes`, and over those kinds; marks each account met in `seen`.
  ///
  /// Large audiences are marked on every core at once, each core the
  /// audiences of a run of `nodes` in marks of its own; then each core
  /// counts a range of the accounts, an account's kinds being the union of
  /// its marks, and tallies how many accounts have each set of kinds (one
  /// increment per account) from which the counts per kind are read.
  /// - Complexity: O(total audience size of `nodes` + accounts × cores),
  ///   spread over the cores.
  private func tally(
    _ kinds: [AssetKind], nodes: [NodeIndex], seen: inout [Bool]?, split: WorkSplit
  ) -> (perKind: [Int], overall: Int) {
    var bitOfCode = [UInt8](repeating: 0, count: AssetKind.codeLimit)
    for (bit, kind) in kinds.enumerated() { bitOfCode[Int(kind.code)] = 1 << UInt8(bit) }
    let bits = graph.kinds.map { bitOfCode[Int($0.code)] }
    var entries = 0
    for node in nodes where bits[Int(node)] != 0 { entries += lists.size(of: node) }
    let parts = split.parts(of: entries, per: split.pairsPerPart)
    // Runs of `nodes` with about as many audience entries each.
    var runStarts = [0]
    var counted = 0
    for (index, node) in nodes.enumerated() where runStarts.count < parts {
      if bits[Int(node)] != 0 { counted += lists.size(of: node) }
      if counted * parts >= entries * runStarts.count { runStarts.append(index + 1) }
    }
    while runStarts.count <= parts { runStarts.append(nodes.count) }
    runStarts[parts] = nodes.count
    let starts = runStarts
    let accountCount = lists.accountCount
    let marks = WorkSplit.inParallel(parts) { part in
      var kindsOf = [UInt8](repeating: 0, count: accountCount)
      kindsOf.withUnsafeMutableBufferPointer { kindsOf in
        for node in nodes[starts[part]..<starts[part + 1]] {
          let bit = bits[Int(node)]
          guard bit != 0 else { continue }
          for account in lists.audience(of: node) { kindsOf[Int(account)] |= bit }
        }
      }
      return kindsOf
    }
    // How many accounts have each set of kinds, per range of accounts.
    func histograms(marking seen: UnsafeMutableBufferPointer<Bool>?) -> [[Int]] {
      nonisolated(unsafe) let seen = seen
      return WorkSplit.inParallel(parts) { part in
        var histogram = [Int](repeating: 0, count: 256)
        let range = (part * accountCount / parts)..<((part + 1) * accountCount / parts)
        for account in range {
          var union: UInt8 = 0
          for marked in marks { union |= marked[account] }
          histogram[Int(union)] += 1
          if union != 0, let seen { seen[account] = true }
        }
        return histogram
      }
    }
    let histograms =
      seen == nil
      ? histograms(marking: nil) : seen!.withUnsafeMutableBufferPointer { histograms(marking: $0) }
    var perBit = [Int](repeating: 0, count: kinds.count)
    var overall = 0
    for union in 1..<256 {
      let count = histograms.reduce(0) { $0 + $1[union] }
      overall += count
      for bit in perBit.indices where union & (1 << bit) != 0 { perBit[bit] += count }
    }
    return (perBit, overall)
  }
}

/// Exact reach from audience lists: distinct accounts beside the summed sizes,
/// so the double counting is visible.
public struct AudienceReach: Sendable, Hashable {
  /// Distinct accounts following or in at least one asset of each kind.
  public var distinct: PerKindNumber<Int>
  /// Distinct accounts over all kinds.
  public var overall: Int
  /// Audience sizes summed per kind: an account following two Pages counts twice.
  public var summed: PerKindNumber<Int>

  /// Summed over all kinds.
  public var summedOverall: Int { summed.total }
}

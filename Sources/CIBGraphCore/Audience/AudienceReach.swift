@_spi(Internal) import CIBGraphSupport

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

  package init(distinct: PerKindNumber<Int>, overall: Int, summed: PerKindNumber<Int>) {
    self.distinct = distinct
    self.overall = overall
    self.summed = summed
  }
}

extension AudienceReach {
  /// Distinct accounts per audience kind and over all kinds in the audience
  /// lists of `nodes`, beside the summed audience sizes (which count an
  /// account once per asset it follows): the rule every count of reach from
  /// audience rows follows, and the one the fast readers are tested against.
  ///
  /// One pass marks, for each account, the kinds of asset it is in the
  /// audience of (a bit each); the counts are then read off the marks. (Four
  /// passes, one per kind and one over all, took four times as long.) The
  /// marks are a byte per account for up to eight kinds with audiences among
  /// `nodes` (every real network); more kinds take a pass per eight.
  /// - Complexity: O(total audience size of `nodes` + accounts), times
  ///   ⌈k / 8⌉ for k kinds with audiences among `nodes`.
  package init(lists: AudienceLists, graph: AssetGraph, nodes: [NodeIndex], split: WorkSplit) {
    var summed = PerKindNumber<Int>()
    for node in nodes { summed[graph.kind(of: node)] += lists.size(of: node) }
    let kinds = AssetKind.withAudience(among: nodes.lazy.map(graph.kind(of:)))
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
      let (perKind, inGroup) = Self.tally(
        group, lists: lists, graph: graph, nodes: nodes, seen: &seen, split: split)
      for (kind, count) in zip(group, perKind) { distinct[kind] = count }
      overall = seen == nil ? inGroup : 0
    }
    if let seen { overall = seen.reduce(0) { $0 + ($1 ? 1 : 0) } }
    self.init(distinct: distinct, overall: overall, summed: summed)
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
  private static func tally(
    _ kinds: [AssetKind], lists: AudienceLists, graph: AssetGraph, nodes: [NodeIndex],
    seen: inout [Bool]?, split: WorkSplit
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
        let range = WorkSplit.run(part, of: parts, in: accountCount)
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

/// Exact reach over every asset of a graph, counted from audience files
/// without keeping each asset's list: all that the reach of a whole graph
/// needs, in less memory and time than ``AudienceLists``.
///
/// Read with `AudienceReader.totals(_:graph:progress:)`; the same counts as
/// `DistinctCounter(lists:graph:).reach(of:)` over every node gives.
public struct AudienceTotals: Sendable, Equatable {
  /// Distinct accounts per kind and over all kinds, beside the summed sizes.
  public var reach: AudienceReach
  /// What reading found: rows read, used, duplicated and left out.
  public var report: RowReadReport

  package init(reach: AudienceReach, report: RowReadReport) {
    self.reach = reach
    self.report = report
  }

  /// The totals of `lists`, over every node of `graph`.
  /// - Complexity: O(pairs + accounts), spread over the cores.
  package init(lists: AudienceLists, graph: AssetGraph, split: WorkSplit = .standard) {
    self.init(
      reach: AudienceReach(lists: lists, graph: graph, nodes: Array(graph.nodes), split: split),
      report: lists.report)
  }
}

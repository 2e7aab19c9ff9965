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
  /// - Complexity: O(total audience size of `nodes` + accounts), times
  ///   ⌈k / 8⌉ for k kinds with audiences among `nodes`, spread over the cores.
  public func reach(of nodes: [NodeIndex]) -> AudienceReach {
    AudienceReach(lists: lists, graph: graph, nodes: nodes, split: split)
  }
}

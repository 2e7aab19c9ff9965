@_spi(Internal) import CIBGraphCore
import CIBGraphShims
@_spi(Internal) import CIBGraphSupport
import Synchronization

/// One connected piece of an itemized graph.
public struct Component: Sendable, Hashable {
  /// The nodes, in ascending index (input) order.
  public var nodes: [NodeIndex]
  /// How many nodes of each kind.
  public var kinds: PerKindNumber<Int>
  /// Followers of the component's nodes, summed: an upper bound on the
  /// people reached, since one person may follow several of them.
  package var followersSummed: CountSum
  /// Members of the component's nodes, summed; an upper bound likewise.
  package var membersSummed: CountSum

  /// Number of nodes (a library user reads `nodes.count`).
  package var size: Int { nodes.count }
  /// Followers plus members, summed: double counts anyone in two audiences.
  public var audienceSummed: CountSum { followersSummed + membersSummed }
}

/// What a component is without its nodes: its size, kinds and summed
/// audiences, read without copying the nodes out
/// (``ComponentAnalysis/summary(at:)``).
public struct ComponentSummary: Sendable, Hashable {
  /// Number of nodes.
  public var size: Int
  /// How many nodes of each kind.
  public var kinds: PerKindNumber<Int>
  /// Followers of the component's nodes, summed (see ``Component``).
  package var followersSummed: CountSum
  /// Members of the component's nodes, summed.
  package var membersSummed: CountSum
  /// Followers plus members, summed: double counts anyone in two audiences.
  public var audienceSummed: CountSum { followersSummed + membersSummed }
}

/// The connected components of an itemized graph, its relations taken as undirected.
public struct ComponentAnalysis: Sendable {
  /// The components, largest first; equal sizes in the order of their first node.
  ///
  /// Every component's nodes lie in one array of the analysis, component
  /// after component; this array of ``Component`` values, each with its
  /// own array of nodes, is made the first time it is read. A command that
  /// shows a few of millions of components reads them by index instead
  /// (``summary(at:)``, ``nodes(at:)``, ``component(at:)``), and never
  /// makes the others.
  /// - Complexity: O(n) the first time, on every core; O(1) after.
  public var components: [Component] { store.all() }
  /// Number of components.
  public var count: Int { store.order.count }
  /// Size of the largest component; 0 for an empty graph.
  public var largest: Int { count == 0 ? 0 : summary(at: 0).size }
  /// Nodes in the graph.
  package let nodeCount: Int
  /// Relations in the graph.
  package let edgeCount: Int
  /// Each component's first node, in the order of `components`: read
  /// together, where reading `nodes[0]` of each would wait on memory for
  /// each component's array.
  package let firstNodes: [NodeIndex]
  /// Number of components with a single node.
  public let singletons: Int
  /// The components' nodes, sizes, kinds and audiences, by index.
  private let store: Store

  /// The size, kinds and summed audiences of the component at `index` of
  /// ``components``, without its nodes.
  /// - Complexity: O(1).
  public func summary(at index: Int) -> ComponentSummary { store.summary(store.slot(index)) }

  /// The size, kinds and summed audiences of the components at `indices`
  /// of ``components``, made on every core at once: a table of many
  /// components read one by one waits on memory for each one's tally,
  /// which lies where its first node put it, not in order of size.
  /// - Complexity: O(`indices.count`), spread over the cores.
  public func summaries(_ indices: Range<Int>) -> [ComponentSummary] {
    let store = store
    let count = indices.count
    return .inParallel(count: count, parts: store.split.parts(of: count, per: 1 << 12)) {
      store.summary(store.slot(indices.lowerBound + $0))
    }
  }

  /// The nodes of the component at `index` of ``components``, in ascending
  /// index order, without copying them.
  /// - Complexity: O(1).
  public func nodes(at index: Int) -> ArraySlice<NodeIndex> { store.nodes(store.slot(index)) }

  /// The component at `index` of ``components``, its nodes copied out.
  /// - Complexity: O(size of the component).
  public func component(at index: Int) -> Component { store.component(store.slot(index)) }

  /// Finds the components of `graph` with union-find over its relations.
  ///
  /// Isolated nodes are components of size 1. Each node's component is
  /// numbered in order of the component's first node
  /// (`UnionFind.labels()`); the sizes, kinds and audiences are tallied
  /// per component in one cache line each, and the members gathered with a
  /// counting sort by component into one array, component after
  /// component, not by appending to each component's array as nodes come;
  /// a component's own array is made only when it is read
  /// (``components``, ``component(at:)``). On 4 M nodes in 165 k
  /// components, the random accesses of that tally and gathering are most
  /// of the cost, which is why there are as few of them, and as small, as
  /// there are.
  /// - Complexity: O(n + m·α(n)) for the union-find, O(n) to number, tally
  ///   and gather, O(c log c) to sort c components.
  public init(_ graph: AssetGraph) {
    self.init(graph, split: .standard)
  }

  /// ``init(_:)`` with the work split as `split` says (tests split small graphs as large ones).
  package init(_ graph: AssetGraph, split: WorkSplit) {
    var sets = UnionFind(count: graph.nodeCount)
    graph.edges.withUnsafeBufferPointer { sets.union(edges: $0, split: split) }
    self.init(graph, sets: &sets, edgeCount: graph.edgeCount, split: split)
  }

  /// The components of `graph`, whose relations `joiner` joined as they
  /// were read instead of the graph keeping them (``RelationSink``).
  /// - Parameter relationCount: How many relations the joiner took.
  /// - Complexity: O(n), and O(c log c) to sort c components.
  package init(
    _ graph: AssetGraph, joined joiner: ComponentJoiner, relationCount: Int,
    split: WorkSplit = .standard
  ) {
    var sets = joiner.sets()
    self.init(graph, sets: &sets, edgeCount: relationCount, split: split)
  }

  private init(_ graph: AssetGraph, sets: inout UnionFind, edgeCount: Int, split: WorkSplit) {
    let nodeCount = graph.nodeCount
    let (labels, count) = sets.labels()
    let runs = split.parts(of: nodeCount, per: split.pairsPerPart)
    @Sendable func run(_ part: Int) -> Range<Int> {
      (nodeCount * part / runs)..<(nodeCount * (part + 1) / runs)
    }

    // Each core tallies a run of the nodes into tallies of its own: run
    // `part`'s are `runTallies[part * count ..< (part + 1) * count]`.
    // Tallies and members are written at random, one component's after another's.
    var runTallies = [Tally].uninitialized(count: runs * count, hugePagesFrom: 1 << 25)
    let otherKindsOfRuns = runTallies.withUnsafeMutableBufferPointer { all in
      nonisolated(unsafe) let all = all
      return WorkSplit.inParallel(runs) { part in
        Self.tally(
          graph, nodes: run(part), labels: labels,
          into: UnsafeMutableBufferPointer(rebasing: all[(part * count)..<((part + 1) * count)]))
      }
    }
    var otherKinds: [Int32: PerKindNumber<Int>] = [:]
    for counted in otherKindsOfRuns {
      for (slot, kinds) in counted {
        for kind in kinds.kinds {
          otherKinds[slot, default: PerKindNumber<Int>()][kind] += kinds[kind]
        }
      }
    }
    // The runs' tallies summed into the first run's. Where each run's
    // members of each component go, after those of the runs before it, is
    // kept apart, 4 bytes a cursor: the summed tallies need no fresh memory
    // of their own, and the cursors that the placing below reads and writes
    // at random stay in the cache with far more components than 64-byte
    // tallies would.
    var cursors = [UInt32].uninitialized(count: runs * count)
    var start = [Int].uninitialized(count: count + 1)
    runTallies.withUnsafeMutableBufferPointer { runTallies in
      cursors.withUnsafeMutableBufferPointer { cursors in
        start.withUnsafeMutableBufferPointer { start in
          start[0] = 0
          for slot in 0..<count {
            var total = Tally()
            for part in 0..<runs {
              cursors[part * count + slot] = UInt32(start[slot]) + total.size
              total.add(runTallies[part * count + slot])
            }
            runTallies[slot] = total
            start[slot + 1] = start[slot] + Int(total.size)
          }
        }
      }
    }
    // Each core places its run's members, so each component's are in node order.
    var members = [NodeIndex].uninitialized(count: nodeCount, hugePagesFrom: 1 << 25)
    members.withUnsafeMutableBufferPointer { members in
      cursors.withUnsafeMutableBufferPointer { cursors in
        labels.withUnsafeBufferPointer { labels in
          nonisolated(unsafe) let members = members
          nonisolated(unsafe) let cursors = cursors
          nonisolated(unsafe) let labels = labels
          WorkSplit.inParallel(runs) { part in
            let cursor = UnsafeMutableBufferPointer(
              rebasing: cursors[(part * count)..<((part + 1) * count)])
            let nodes = run(part)
            // A node's cursor is asked of memory `2 * ahead` nodes on, and
            // the place it points at `ahead` on, once the cursor has come:
            // with many components neither stays in the cache.
            let ahead = 8
            for node in nodes {
              if node + 2 * ahead < nodes.upperBound {
                cibgraph_prefetch(cursor.baseAddress! + Int(labels[node + 2 * ahead]))
              }
              if node + ahead < nodes.upperBound {
                let place = Int(cursor[Int(labels[node + ahead])])
                cibgraph_prefetch(members.baseAddress! + place)
              }
              let slot = Int(labels[node])
              members[Int(cursor[slot])] = NodeIndex(node)
              cursor[slot] += 1
            }
          }
        }
      }
    }
    cursors = []
    // The first run's tallies are now every run's, summed.
    runTallies.removeLast(runTallies.count - count)

    // Largest first; slots are in order of first node, so ties keep input
    // order. Sorted as one integer each, size complemented above slot.
    var keys = [UInt64].uninitialized(count: count)
    for slot in 0..<count {
      keys[slot] = UInt64(UInt32.max - runTallies[slot].size) << 32 | UInt64(slot)
    }
    keys.sort()
    // Read in slot order, where the members and tallies lie in order.
    var firstOfSlot = [NodeIndex].uninitialized(count: count)
    var singletons = 0
    for slot in 0..<count {
      firstOfSlot[slot] = members[start[slot]]
      if runTallies[slot].size == 1 { singletons += 1 }
    }
    var firstNodes = [NodeIndex].uninitialized(count: count)
    for index in 0..<count { firstNodes[index] = firstOfSlot[Int(keys[index] & 0xFFFF_FFFF)] }
    self.firstNodes = firstNodes
    self.singletons = singletons
    store = Store(
      members: members, starts: start, order: keys, tallies: runTallies, otherKinds: otherKinds,
      split: split)
    self.nodeCount = nodeCount
    self.edgeCount = edgeCount
  }

  /// What is known of a component while its nodes are counted: 64 bytes,
  /// so that counting a node touches one cache line.
  fileprivate struct Tally: BitwiseCopyable {
    /// The first format's kinds, by code, are counted here.
    static let kindsHeld: UInt16 = 5
    var size: UInt32 = 0
    var kinds: InlineArray<5, UInt32> = [0, 0, 0, 0, 0]
    var followers: CountSum = 0
    var members: CountSum = 0

    /// Adds what `other` counted of the same component.
    mutating func add(_ other: Tally) {
      size += other.size
      for kind in 0..<Int(Self.kindsHeld) { kinds[kind] += other.kinds[kind] }
      followers += other.followers
      members += other.members
    }
  }

  /// Tallies `nodes` by component (`labels`) into `tallies`, one per
  /// component; returns the counts of kinds other than the first format's
  /// five, by component (rare).
  /// - Complexity: O(components + nodes), an access at random per node.
  private static func tally(
    _ graph: AssetGraph, nodes: Range<Int>, labels: [Int32],
    into tallies: UnsafeMutableBufferPointer<Tally>
  ) -> [Int32: PerKindNumber<Int>] {
    var otherKinds: [Int32: PerKindNumber<Int>] = [:]
    tallies.initialize(repeating: Tally())
    labels.withUnsafeBufferPointer { labels in
      // Tallies are asked of memory nodes ahead: with many components they
      // leave the cache, and each node's is a wait of its own.
      let ahead = 16
      for index in nodes {
        if index + ahead < nodes.upperBound {
          cibgraph_prefetch(tallies.baseAddress! + Int(labels[index + ahead]))
        }
        let node = NodeIndex(index)
        let slot = Int(labels[index])
        let kind = graph.kind(of: node)
        if kind.code < Tally.kindsHeld {
          tallies[slot].kinds[Int(kind.code)] += 1
        } else {
          otherKinds[Int32(slot), default: PerKindNumber<Int>()][kind] += 1
        }
        tallies[slot].size += 1
        tallies[slot].followers += CountSum(graph.followers(of: node) ?? 0)
        tallies[slot].members += CountSum(graph.members(of: node) ?? 0)
      }
    }
    return otherKinds
  }

  /// The components' nodes and tallies, by slot (the order of their first
  /// node), and the order of the slots by size; the array of every
  /// ``Component`` once it has been asked for.
  private final class Store: Sendable {
    /// Every component's nodes, slot after slot.
    let members: [NodeIndex]
    /// Where each slot's nodes start in `members`, and after the last, the end.
    let starts: [Int]
    /// The components' slots, largest first, each in the low 32 bits.
    let order: [UInt64]
    let tallies: [Tally]
    /// The counts of kinds other than the first format's five, by slot (rare).
    let otherKinds: [Int32: PerKindNumber<Int>]
    let split: WorkSplit
    let made = Mutex<[Component]?>(nil)

    init(
      members: [NodeIndex], starts: [Int], order: [UInt64], tallies: [Tally],
      otherKinds: [Int32: PerKindNumber<Int>], split: WorkSplit
    ) {
      self.members = members
      self.starts = starts
      self.order = order
      self.tallies = tallies
      self.otherKinds = otherKinds
      self.split = split
    }

    func slot(_ index: Int) -> Int {
      precondition(order.indices.contains(index), "no component at \(index)")
      return Int(order[index] & 0xFFFF_FFFF)
    }

    func nodes(_ slot: Int) -> ArraySlice<NodeIndex> { members[starts[slot]..<starts[slot + 1]] }

    func summary(_ slot: Int) -> ComponentSummary {
      let tally = tallies[slot]
      // A graph of the first format's five kinds has none other to hash the slot for.
      var kinds =
        otherKinds.isEmpty ? PerKindNumber<Int>() : otherKinds[Int32(slot)] ?? PerKindNumber<Int>()
      kinds.account = Int(tally.kinds[0])
      kinds.page = Int(tally.kinds[1])
      kinds.group = Int(tally.kinds[2])
      kinds.instagram = Int(tally.kinds[3])
      kinds.organization = Int(tally.kinds[4])
      return ComponentSummary(
        size: Int(tally.size), kinds: kinds, followersSummed: tally.followers,
        membersSummed: tally.members)
    }

    func component(_ slot: Int) -> Component {
      let summary = summary(slot)
      return Component(
        nodes: Array(nodes(slot)), kinds: summary.kinds,
        followersSummed: summary.followersSummed, membersSummed: summary.membersSummed)
    }

    func all() -> [Component] {
      made.withLock { made in
        if let made { return made }
        let count = order.count
        let all = [Component].inParallel(
          count: count, parts: split.parts(of: count, per: 1 << 12)
        ) { index in
          self.component(self.slot(index))
        }
        made = all
        return all
      }
    }
  }
}

import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// One time two accounts acted on the same object within the window: the
/// evidence behind an edge, which the tool writes row by row and a library
/// user reads as ``CoordinationNetwork/sharedObjects(of:)``.
package struct Coincidence: Sendable, Hashable {
  /// The shared object.
  package var object: UInt32
  /// The row of ``CoordinationEdge/a``'s action in the table (see `subscript(_:)`).
  package var rowA: UInt32
  /// The row of ``CoordinationEdge/b``'s action.
  package var rowB: UInt32
}

/// Two accounts linked by the detection's ``CoordinationDefinition``: by
/// default, that acted on at least `minRepeat` distinct objects within the window.
public struct CoordinationEdge: Sendable, Hashable {
  /// The account with the lower number (`accountID(_:)` names it).
  public var a: UInt32
  /// The account with the higher number.
  public var b: UInt32
  /// Distinct objects both acted on within the window; under CooRTweet's
  /// definition, pairs of their shares within the window.
  public var weight: Int
  /// This edge's ``Coincidence``s in ``CoordinationNetwork/coincidences``, one per object.
  package var evidence: Range<Int>
}

/// A connected piece of the coordination network: a candidate network,
/// which a library user reads as a network of
/// ``CoordinationNetwork/document(table:source:accounts:)`` (its accounts as
/// assets, the rest in its notes and measures).
package struct CoordinationComponent: Sendable, Hashable {
  /// The accounts' numbers (`accountID(_:)` names them), ascending.
  package var accounts: [UInt32]
  /// Edges within the component.
  package var edges: Int
  /// The sum of their weights.
  package var weight: Int
  /// First coordinated action (over the evidence of its edges), in
  /// milliseconds since 1970.
  package var firstAction: Int64
  /// Last coordinated action, likewise.
  package var lastAction: Int64
}

/// How coordination is detected.
public struct CoordinationParameters: Sendable, Hashable {
  /// Two actions coincide when their times differ by at most this many
  /// milliseconds (inclusive: a difference equal to the window counts).
  package var window: Int64
  /// A pair of accounts is kept when it coincides on at least this many distinct objects.
  package var minRepeat: Int
  /// When set (0–100), only edges whose weight is at or above this
  /// percentile of the weights of the edges that passed `minRepeat` are kept
  /// (percentile by linear interpolation between order statistics, as R's
  /// `quantile` type 7 and NumPy's default).
  package var percentile: Double?
  /// The pairs detection may form before refusing the input.
  package var budget: CoordinationBudget
  /// Which pairs are linked and how they are weighed: cibgraph's distinct
  /// objects (the default) or CooRTweet's, under which `minRepeat` does not
  /// apply and the percentile cut keeps weights strictly above it.
  package var definition: CoordinationDefinition
  /// A window per object type of the table, in milliseconds, in the order
  /// of `ActivityTable.objectTypes`; empty when every object has ``window``.
  /// - Precondition: empty, or one window per type of the table detected
  ///   (a table without types has only ``window``).
  package var typeWindows: [Int64] = []
  /// A second, narrower window (at most `window`, in milliseconds): each
  /// edge's fast weight (`Measure.fastWeight`) counts only the coincidences within
  /// it, as CooRTweet's `flag_speed_share` and `fast_net` do. Implies `measures`.
  package var fastWindow: Int64?
  /// Keep every pair that coincided as an edge, marked as passing the
  /// thresholds or not (``CoordinationNetwork/keptEdges``), rather than dropping those
  /// that do not; the components stay those of the kept edges. Implies `measures`.
  package var keepAll: Bool
  /// Measure each edge, account and component, as the typed `Measurements`
  /// of the relations, assets and networks of
  /// ``CoordinationNetwork/document(table:source:accounts:)``.
  package var measures: Bool

  /// Parameters of a window in milliseconds and a number of distinct
  /// objects a pair must share, with an optional percentile cut and the
  /// default budget; optionally a window per object type, a fast window,
  /// every pair kept and marked, and measures. Each option is described at
  /// the property it sets; the values are the caller's own and are not read back.
  /// - Parameters:
  ///   - window: Two actions coincide when their times differ by at most
  ///     this many milliseconds (inclusive).
  ///   - minRepeat: A pair is kept when it coincides on at least this many
  ///     distinct objects.
  ///   - percentile: When set (0–100), only edges whose weight is at or
  ///     above this percentile of the weights that passed `minRepeat` are
  ///     kept (R's `quantile` type 7, NumPy's default).
  ///   - budget: The pairs detection may form before refusing the input.
  ///   - definition: cibgraph's distinct objects (the default) or CooRTweet's.
  ///   - typeWindows: A window per object type, in milliseconds, in the
  ///     order of `ActivityTable.objectTypes`; empty when every object has
  ///     `window`.
  ///   - fastWindow: A narrower window (at most `window`) whose
  ///     coincidences alone give each edge's fast weight
  ///     (`Measure.fastWeight`), as CooRTweet's `fast_net` does.
  ///   - keepAll: Keep every pair that coincided as an edge, the passing
  ///     ones in ``CoordinationNetwork/keptEdges``.
  ///   - measures: Measure each edge, account and component (read in
  ///     ``CoordinationNetwork/document(table:source:accounts:)``).
  /// - Precondition: `typeWindows` is empty, or one window per type of the
  ///   table detected.
  public init(
    window: Int64, minRepeat: Int, percentile: Double? = nil,
    budget: CoordinationBudget = CoordinationBudget(),
    definition: CoordinationDefinition = .distinctObjects,
    typeWindows: [Int64] = [],
    fastWindow: Int64? = nil, keepAll: Bool = false, measures: Bool = false
  ) {
    self.window = window
    self.typeWindows = typeWindows
    self.minRepeat = minRepeat
    self.percentile = percentile
    self.budget = budget
    self.definition = definition
    self.fastWindow = fastWindow
    self.keepAll = keepAll
    self.measures = measures
  }

  /// Whether the detection measures: asked to, or a fast window or every pair kept needs it.
  var measuring: Bool { measures || keepAll || fastWindow != nil }
}

/// The coordination network of an `ActivityTable`: pairs of distinct
/// accounts that acted on the same object within a time window, on at least
/// `minRepeat` distinct objects, and its connected components.
///
/// The algorithm never looks at all pairs of the file, nor at all pairs of
/// actions on an object. Actions are grouped by object (a counting sort),
/// sorted by time within each object, and swept with a sliding window: two
/// accounts coincide on an object when they have actions on it at most
/// `window` apart. An account never pairs with itself, and a pair counts once
/// per object however often it coincides there (its first coincidence in time
/// is kept as the evidence: the earliest action of either account with an
/// action of the other in the window after it, and the other's first such
/// action). The (pair, object) coincidences are then sorted by pair: a pair's
/// weight is its number of distinct objects.
///
/// Cost: linear in the actions plus the coincidences found, and an account
/// acting again and again on one object costs no more than once. Two costs
/// remain that are the method's, not the implementation's: an object shared
/// by k accounts within one window gives k(k−1)/2 coincidences, and accounts
/// meeting again in window after window are checked again each time. The
/// ``CoordinationBudget`` caps both, and the input is refused
/// (``BudgetExceeded``) before they are spent.
public struct CoordinationNetwork: Sendable {
  /// The parameters of the detection: the caller's own, echoed for the tool
  /// to print back.
  package let parameters: CoordinationParameters
  /// Kept edges, heaviest first (ties by account ids); with
  /// `keepAll`, every pair that coincided, the
  /// kept ones in ``keptEdges``.
  public let edges: [CoordinationEdge]
  /// Evidence of the kept edges, grouped by edge (``CoordinationEdge/evidence``).
  package let coincidences: [Coincidence]
  /// Components of the kept edges, largest first (ties: heavier, then earlier
  /// accounts): the networks of ``document(table:source:accounts:)``.
  package let components: [CoordinationComponent]
  /// Pairs that coincided at least once, before any threshold.
  package let pairsFound: Int
  /// Pairs that passed `minRepeat`, before the percentile cut.
  package let pairsRepeated: Int
  /// The weight the percentile cut asked for (`nil` without one).
  package let percentileWeight: Double?
  /// What CooRTweet's definition left out (`nil` under the default definition).
  package let coortweet: CooRTweetCounts?
  /// The measures of the edges, accounts and components, when the parameters ask for them.
  package let measures: CoordinationMeasures?

  /// Detects coordination in `table`.
  /// - Throws: ``BudgetExceeded`` when an object or the whole
  ///   would pass `parameters.budget`.
  /// - Complexity: O(n + m log m + r) time for n actions, m distinct (pair,
  ///   object) coincidences and r meetings (``CoordinationBudget/meetings``),
  ///   plus O(k log k) per object with k actions for the time sort; O(n + m)
  ///   memory, m at most `parameters.budget.pairsTotal`. Under CooRTweet's
  ///   definition, add O(n log n) for grouping shares by account and, per
  ///   coincidence, the two accounts' shares of its object (counted against
  ///   ``CoordinationBudget/meetings``). Measures (or a fast window, or
  ///   every pair kept) add the same look-ups under either definition, done
  ///   twice, and O(n log n) for the accounts' distinct objects.
  /// - Precondition: under CooRTweet's definition, `table.content` holds a
  ///   post per row (`ActivityReader`'s `posts: true`).
  public init(_ table: ActivityTable, parameters: CoordinationParameters)
    throws(BudgetExceeded)
  {
    self.parameters = parameters
    var selection: CooRTweetSelection?
    let windows = ObjectWindows(table, parameters)
    if case .coortweet(let minParticipation) = parameters.definition {
      selection = CooRTweetSelection(
        table, minParticipation: minParticipation, windows: windows)
    }
    let paired = selection?.pairing ?? table
    let sorted = SortedActivity(paired)
    var found: [KeyedCoincidence]
    do {
      found = try CoincidenceSweep.coincidences(
        sorted, accountCount: table.accounts.count, windows: windows,
        budget: parameters.budget)
    } catch {
      var named = error
      named.objectID = table.objectID(error.object)
      throw BudgetExceeded(.coordination(named))
    }
    found.sort { ($0.pair, $0.coincidence.object) < ($1.pair, $1.coincidence.object) }
    let measuring = parameters.measuring
    let shares =
      selection != nil || measuring ? SharesByAccount(sorted, gaps: measuring) : nil
    // The fast window is one for every type, narrowed to a type's own
    // window where that is narrower (the tally's fast shares lie within the window).
    let fastParticipation = parameters.fastWindow.flatMap { fastWindow in
      selection?.participation(in: table, windows: windows.narrowed(to: fastWindow))
    }

    // Weights: runs of one pair.
    var candidates: [Candidate] = []
    // Measured candidates' figures, apart: a candidate holds only its index,
    // so that detection without measures keeps its memory.
    var tallies: [EdgeTally] = []
    var pairsFound = 0
    var steps = 0
    var runStart = 0
    while runStart < found.count {
      var runEnd = runStart + 1
      while runEnd < found.count, found[runEnd].pair == found[runStart].pair { runEnd += 1 }
      pairsFound += 1
      let pair = found[runStart].pair
      // Under CooRTweet's definition a coincidence counts when either
      // account participates (in its object's type, when there are types:
      // each type is filtered apart). The ones that count are moved to the
      // front of the run; a pair with none is no candidate unless every pair is kept.
      var participating = true
      var counting = runStart..<runEnd
      if let selection {
        var kept = runStart
        for k in runStart..<runEnd {
          let object = found[k].coincidence.object
          guard
            selection.participation.contains(pair.low, onObject: object)
              || selection.participation.contains(pair.high, onObject: object)
          else { continue }
          found.swapAt(kept, k)
          kept += 1
        }
        participating = kept > runStart
        if participating { counting = runStart..<kept }
      }
      var tally: EdgeTally?
      if measuring, let shares {
        var measured = EdgeTally()
        for keyed in found[counting] {
          let object = keyed.coincidence.object
          // Under CooRTweet's definition the fast weight counts where either
          // account participates at the fast window too.
          let fast =
            fastParticipation.map {
              $0.contains(pair.low, onObject: object) || $0.contains(pair.high, onObject: object)
            } ?? true
          shares.tally(
            pair.low, pair.high, object: object, window: windows[Int(object)],
            fastWindow: fast ? parameters.fastWindow : nil, into: &measured)
        }
        steps += measured.steps
        tally = measured
      }
      /// Keeps the figures of a pair that becomes a candidate, with its fast weight.
      func kept(_ tally: EdgeTally?, fastWeight: Int?) -> Int? {
        guard var tally else { return nil }
        tally.fastWeight = fastWeight
        tallies.append(tally)
        return tallies.count - 1
      }
      if selection != nil, let shares {
        if participating || parameters.keepAll {
          var weight = tally?.sharePairs ?? 0
          if tally == nil {
            for keyed in found[counting] {
              let object = keyed.coincidence.object
              let counted = shares.sharePairs(
                pair.low, pair.high, object: object, window: windows[Int(object)])
              weight += counted.pairs
              steps += counted.steps
            }
          }
          let fastWeight = tally?.fastPairs
          candidates.append(
            Candidate(
              pair: pair, range: counting, weight: weight, repeated: participating,
              fastRepeated: (fastWeight ?? 0) > 0, tally: kept(tally, fastWeight: fastWeight)))
        }
      } else if runEnd - runStart >= parameters.minRepeat || parameters.keepAll {
        let fastWeight = parameters.fastWindow == nil ? nil : tally?.fastObjects
        candidates.append(
          Candidate(
            pair: pair, range: runStart..<runEnd, weight: runEnd - runStart,
            repeated: runEnd - runStart >= parameters.minRepeat,
            fastRepeated: (fastWeight ?? 0) >= parameters.minRepeat,
            tally: kept(tally, fastWeight: fastWeight)))
      }
      if steps > parameters.budget.meetings {
        var refusal = CoordinationRefusal(
          kind: .sharePairSteps, budget: parameters.budget.meetings, atLeast: steps,
          object: found[runStart].coincidence.object, objectAtLeast: steps,
          accountsInOneWindow: 0, windowStart: 0)
        refusal.objectID = table.objectID(refusal.object)
        throw BudgetExceeded(.coordination(refusal))
      }
      runStart = runEnd
    }
    self.pairsFound = pairsFound
    pairsRepeated = candidates.count { $0.repeated }
    coortweet = selection?.counts
    // CooRTweet keeps the weights strictly above its cut.
    let strictlyAbove = selection != nil
    var cut: Double?
    var fastCut: Double?
    if let percentile = parameters.percentile {
      let weights = candidates.filter(\.repeated).map { Double($0.weight) }.sorted()
      if !weights.isEmpty {
        let level = Self.quantile(sortedValues: weights, percentile / 100)
        cut = level
        for index in candidates.indices {
          let weight = Double(candidates[index].weight)
          candidates[index].abovePercentile = strictlyAbove ? weight > level : weight >= level
        }
      }
      // As CooRTweet's weight_threshold_fast: over the fast weights of the
      // edges that have one, before any edge is dropped.
      func fastWeight(_ candidate: Candidate) -> Double {
        Double(candidate.tally.flatMap { tallies[Int($0)].fastWeight } ?? 0)
      }
      let fastWeights = candidates.filter(\.fastRepeated).map(fastWeight)
      if !fastWeights.isEmpty {
        let level = Self.quantile(sortedValues: fastWeights.sorted(), percentile / 100)
        fastCut = level
        for index in candidates.indices where candidates[index].fastRepeated {
          let weight = fastWeight(candidates[index])
          candidates[index].fastRepeated = strictlyAbove ? weight > level : weight >= level
        }
      }
      if !parameters.keepAll { candidates.removeAll { !$0.abovePercentile } }
    }
    percentileWeight = cut
    candidates.sort {
      $0.weight != $1.weight ? $0.weight > $1.weight : $0.pair < $1.pair
    }

    var edges: [CoordinationEdge] = []
    var evidence: [Coincidence] = []
    var edgeMeasures: [EdgeMeasures] = []
    edges.reserveCapacity(candidates.count)
    for candidate in candidates {
      if let index = candidate.tally {
        let tally = tallies[Int(index)]
        edgeMeasures.append(
          EdgeMeasures(
            objects: tally.objects, sharePairs: tally.sharePairs, sharesA: tally.sharesLow,
            sharesB: tally.sharesHigh,
            meanGap: tally.sharePairs == 0 ? 0 : tally.gapSum / Double(tally.sharePairs),
            minGap: tally.sharePairs == 0 ? 0 : tally.minGap, fastWeight: tally.fastWeight,
            fast: candidate.fastRepeated, repeated: candidate.repeated,
            abovePercentile: candidate.abovePercentile))
      }
      let start = evidence.count
      if let selection {
        for keyed in found[candidate.range] {
          var coincidence = keyed.coincidence
          coincidence.rowA = selection.sourceRow[Int(coincidence.rowA)]
          coincidence.rowB = selection.sourceRow[Int(coincidence.rowB)]
          evidence.append(coincidence)
        }
      } else {
        evidence.append(contentsOf: found[candidate.range].map(\.coincidence))
      }
      edges.append(
        CoordinationEdge(
          a: candidate.pair.low, b: candidate.pair.high,
          weight: candidate.weight, evidence: start..<evidence.count))
    }
    found = []
    self.edges = edges
    coincidences = evidence
    let kept = parameters.keepAll ? zip(edges, edgeMeasures).filter { $0.1.kept }.map(\.0) : edges
    components = Self.components(edges: kept, evidence: evidence, table: table)
    if measuring, let shares {
      measures = CoordinationMeasures(
        table: table, shares: shares, windows: windows, edges: edges,
        measures: edgeMeasures, evidence: evidence, components: components,
        fastPercentileWeight: fastCut)
    } else {
      measures = nil
    }
  }

  /// A pair that may become an edge, with what decides whether it is kept.
  private struct Candidate {
    var pair: AccountPair
    var range: Range<Int>
    var weight: Int
    var repeated: Bool
    var abovePercentile = true
    /// Whether the fast weight passes the thresholds (the percentile cut once applied).
    var fastRepeated: Bool
    /// Its figures' index in the tallies, when measured.
    var tally: Int32?

    init(
      pair: AccountPair, range: Range<Int>, weight: Int, repeated: Bool, fastRepeated: Bool,
      tally: Int?
    ) {
      self.pair = pair
      self.range = range
      self.weight = weight
      self.repeated = repeated
      self.fastRepeated = fastRepeated
      self.tally = tally.map { Int32($0) }
    }
  }

  /// The value at `fraction` (0–1) of sorted values, interpolating linearly
  /// between order statistics (R's type 7, NumPy's default).
  package static func quantile(sortedValues values: [Double], _ fraction: Double) -> Double {
    precondition(!values.isEmpty)
    let position = Double(values.count - 1) * min(1, max(0, fraction))
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, values.count - 1)
    return values[lower] + (values[upper] - values[lower]) * (position - Double(lower))
  }

  private static func components(
    edges: [CoordinationEdge], evidence: [Coincidence], table: ActivityTable
  ) -> [CoordinationComponent] {
    // Dense node numbers for the accounts that have an edge.
    var node: [UInt32: Int32] = [:]
    var accounts: [UInt32] = []
    func number(_ account: UInt32) -> Int32 {
      if let known = node[account] { return known }
      let new = Int32(accounts.count)
      node[account] = new
      accounts.append(account)
      return new
    }
    var ends: [(Int32, Int32)] = []
    ends.reserveCapacity(edges.count)
    for edge in edges { ends.append((number(edge.a), number(edge.b))) }
    var sets = UnionFind(count: accounts.count)
    for (a, b) in ends { sets.union(a, b) }
    var slot: [Int32: Int] = [:]
    var result: [CoordinationComponent] = []
    for (index, account) in accounts.enumerated() {
      let root = sets.find(Int32(index))
      if slot[root] == nil {
        slot[root] = result.count
        result.append(
          CoordinationComponent(
            accounts: [], edges: 0, weight: 0, firstAction: .max, lastAction: .min))
      }
      result[slot[root]!].accounts.append(account)
    }
    for (edge, (a, _)) in zip(edges, ends) {
      let index = slot[sets.find(a)]!
      result[index].edges += 1
      result[index].weight += edge.weight
      for coincidence in evidence[edge.evidence] {
        let times = (table.time[Int(coincidence.rowA)], table.time[Int(coincidence.rowB)])
        result[index].firstAction = min(result[index].firstAction, times.0, times.1)
        result[index].lastAction = max(result[index].lastAction, times.0, times.1)
      }
    }
    for index in result.indices { result[index].accounts.sort() }
    result.sort {
      ($0.accounts.count, $0.weight, ~$0.accounts[0]) > (
        $1.accounts.count, $1.weight, ~$1.accounts[0]
      )
    }
    return result
  }
}

/// The actions of a table grouped by object (counting sort), sorted by time
/// within each object, as contiguous columns for the sweep.
struct SortedActivity {
  /// Object `o`'s actions are `offsets[o]..<offsets[o + 1]`.
  var offsets: [UInt32]
  var time: [Int64]
  var account: [UInt32]
  /// The table row of each sorted action.
  var row: [UInt32]
  var objectCount: Int

  /// Sorts `table` on the cores `split` allows: each core counts and places
  /// the rows of its share of the table (a counting sort whose parts keep
  /// file order, each part's rows of an object placed after the earlier
  /// parts'), then sorts by time the objects of its share of the result.
  /// - Complexity: O(n + objects × cores), plus O(k log k) for an object of
  ///   k actions out of time order.
  init(_ table: ActivityTable, split: WorkSplit = .standard) {
    let n = table.count
    precondition(n < Int(UInt32.max), "at most 4,294,967,294 actions")
    let objectCount = table.objects.count
    let parts = split.parts(of: n, per: split.rowsPerChunk)
    let rowBounds = (0...parts).map { WorkSplit.boundary($0, of: parts, in: n) }
    // Each part's count of rows per object, turned into where its next row of each goes.
    let next = PerPart<[UInt32]>(count: parts, initial: [])
    WorkSplit.inParallel(parts) { part in
      var counts = [UInt32](repeating: 0, count: objectCount)
      table.object.withUnsafeBufferPointer { objects in
        for index in rowBounds[part]..<rowBounds[part + 1] { counts[Int(objects[index])] &+= 1 }
      }
      next[part] = counts
    }
    var offsets = [UInt32](repeating: 0, count: objectCount + 1)
    var position: UInt32 = 0
    for object in 0..<objectCount {
      offsets[object] = position
      for part in 0..<parts {
        let count = next[part][object]
        next[part][object] = position
        position += count
      }
    }
    offsets[objectCount] = position
    // Every place is written once below, each part its own: zeros written
    // first were a pass over 16 bytes a row of fresh memory on one core.
    var time = [Int64].uninitialized(count: n)
    var account = [UInt32].uninitialized(count: n)
    var row = [UInt32].uninitialized(count: n)
    time.withUnsafeMutableBufferPointer { time in
      account.withUnsafeMutableBufferPointer { account in
        row.withUnsafeMutableBufferPointer { row in
          // Each part writes only its own places, and reads the table.
          nonisolated(unsafe) let columns = (time, account, row)
          WorkSplit.inParallel(parts) { part in
            Self.place(
              table, rows: rowBounds[part]..<rowBounds[part + 1], next: &next[part],
              into: columns)
          }
          next[0] = []
          // Objects by time, each core a share of the rows, cut between objects.
          let objectBounds = (0...parts).map { part in
            part == parts
              ? objectCount
              : Self.firstObject(
                at: UInt32(WorkSplit.boundary(part, of: parts, in: n)), offsets: offsets)
          }
          offsets.withUnsafeBufferPointer { offsets in
            nonisolated(unsafe) let offsets = offsets
            WorkSplit.inParallel(parts) { part in
              for object in objectBounds[part]..<objectBounds[part + 1] {
                Self.sortByTime(
                  Int(offsets[object])..<Int(offsets[object + 1]), columns.0, columns.1,
                  columns.2)
              }
            }
          }
        }
      }
    }
    self.time = time
    self.account = account
    self.row = row
    self.offsets = offsets
    self.objectCount = objectCount
  }

  /// Places rows `rows` of `table` at `next[object]` (then one further) in the columns.
  private static func place(
    _ table: ActivityTable, rows: Range<Int>, next: inout [UInt32],
    into columns: (
      UnsafeMutableBufferPointer<Int64>, UnsafeMutableBufferPointer<UInt32>,
      UnsafeMutableBufferPointer<UInt32>
    )
  ) {
    table.object.withUnsafeBufferPointer { objects in
      table.time.withUnsafeBufferPointer { times in
        table.account.withUnsafeBufferPointer { accounts in
          next.withUnsafeMutableBufferPointer { next in
            for index in rows {
              let object = Int(objects[index])
              let place = Int(next[object])
              next[object] = UInt32(place + 1)
              columns.0[place] = times[index]
              columns.1[place] = accounts[index]
              columns.2[place] = UInt32(index)
            }
          }
        }
      }
    }
  }

  /// The first object whose actions start at or after `position`.
  static func firstObject(at position: UInt32, offsets: [UInt32]) -> Int {
    var low = 0
    var high = offsets.count - 1
    while low < high {
      let middle = (low + high) / 2
      if offsets[middle] < position { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// Sorts one object's actions by time, ties by row (file order: the rows
  /// are placed in ascending order, so a stable sort by time keeps it).
  private static func sortByTime(
    _ range: Range<Int>, _ time: UnsafeMutableBufferPointer<Int64>,
    _ account: UnsafeMutableBufferPointer<UInt32>, _ row: UnsafeMutableBufferPointer<UInt32>
  ) {
    guard range.count >= 2 else { return }
    var ordered = true
    for k in range.dropFirst() where time[k - 1] > time[k] {
      ordered = false
      break
    }
    if ordered { return }
    if range.count <= 24 {
      // Insertion sort, stable, on the columns themselves.
      for k in range.dropFirst() {
        let (t, a, r) = (time[k], account[k], row[k])
        var j = k
        while j > range.lowerBound, time[j - 1] > t {
          (time[j], account[j], row[j]) = (time[j - 1], account[j - 1], row[j - 1])
          j -= 1
        }
        (time[j], account[j], row[j]) = (t, a, r)
      }
      return
    }
    let start = range.lowerBound
    var order = Array(0..<UInt32(range.count))
    order.sort { (time[start + Int($0)], $0) < (time[start + Int($1)], $1) }
    let copied = (Array(time[range]), Array(account[range]), Array(row[range]))
    for (k, from) in order.enumerated() {
      time[start + k] = copied.0[Int(from)]
      account[start + k] = copied.1[Int(from)]
      row[start + k] = copied.2[Int(from)]
    }
  }
}

extension CoordinationNetwork {
  /// The objects `edge`'s two accounts both acted on within the window, one
  /// per object: the evidence behind the edge,
  /// to check by hand (`ActivityTable.objectID(_:)` names them).
  /// - Complexity: O(k) for the k objects.
  public func sharedObjects(of edge: CoordinationEdge) -> [UInt32] {
    coincidences[edge.evidence].map(\.object)
  }
}

extension CoordinationNetwork: CustomStringConvertible {
  /// What the detection found and what its thresholds left out, as
  /// `cibgraph coordinate` says it: `40 pair(s) coincided, 12 repeated, 10
  /// kept (total weight 33): 3 candidate network(s) of 12 accounts`, then the
  /// weight the percentile cut asked for and what CooRTweet's definition left
  /// out, when they apply.
  /// - Complexity: O(edges + accounts).
  public var description: String {
    let kept = keptEdges
    let accounts = components.reduce(0) { $0 + $1.accounts.count }
    var text =
      "\(groupedDigits(pairsFound)) pair(s) coincided, \(groupedDigits(pairsRepeated)) "
      + (coortweet == nil ? "repeated" : "participating")
      + ", \(groupedDigits(kept.count)) kept (total weight "
      + "\(groupedDigits(kept.reduce(0) { $0 + $1.weight }))): "
      + "\(groupedDigits(components.count)) candidate network(s) of \(counted(accounts, "account"))"
    if let percentile = parameters.percentile, let percentileWeight {
      text +=
        "; weight \(coortweet == nil ? "at or above" : "above") the \(percentile)th percentile "
        + "(\(percentileWeight))"
    }
    if let counts = coortweet {
      text +=
        "; CooRTweet's definition: min participation \(counts.minParticipation) "
        + "(\(counted(counts.accountsBelowMinimum, "account")) below it dropped, "
        + "\(counted(counts.originalPosts, "original post")) left out, "
        + "\(counted(counts.accountsParticipating, "account")) participating)"
    }
    return text
  }
}

/// CooRnet's estimate of the coordination interval with the counts behind
/// it, which the tool prints; ``CoordinationNetwork/estimatedWindow(_:q:p:)``
/// gives a library user the window.
package struct CoordinationWindowEstimate: Sendable, Hashable {
  /// The estimated window, in milliseconds; `nil` when no object was acted on twice.
  package var window: Int64?
  /// Objects acted on at least twice.
  package var objectsSharedTwice: Int
  /// Those kept as the quickest (step 2).
  package var quickestObjects: Int
  /// The quantile of the times to a second action that keeps an object (step 2).
  package var q: Double
  /// The fraction of an object's actions, and the quantile of the times, of steps 3 and 4.
  package var p: Double

  /// Estimates the window of `table` with the quantiles `q` and `p`.
  /// - Precondition: `q` in 0…1, `p` in 0..<1.
  /// - Complexity: O(n + k log k per object) for n actions.
  package init(_ table: ActivityTable, q: Double = 0.1, p: Double = 0.5) {
    precondition((0...1).contains(q) && (0..<1).contains(p), "q in 0…1, p in 0…1 (1 excluded)")
    self.q = q
    self.p = p
    let sorted = SortedActivity(table)
    var second: [(object: Int, delta: Int64)] = []
    for object in 0..<sorted.objectCount {
      let start = Int(sorted.offsets[object])
      let end = Int(sorted.offsets[object + 1])
      guard end - start >= 2 else { continue }
      second.append((object, sorted.time[start + 1] - sorted.time[start]))
    }
    objectsSharedTwice = second.count
    guard !second.isEmpty else {
      window = nil
      quickestObjects = 0
      return
    }
    let cutoff = CoordinationNetwork.quantile(
      sortedValues: second.map { Double($0.delta) }.sorted(), q)
    var reach: [Double] = []
    for (object, delta) in second where Double(delta) <= cutoff {
      let start = Int(sorted.offsets[object])
      let n = Int(sorted.offsets[object + 1]) - start
      let rank = Int((p * Double(n)).rounded(.down)) + 1
      reach.append(Double(sorted.time[start + rank - 1] - sorted.time[start]))
    }
    quickestObjects = reach.count
    let estimate = CoordinationNetwork.quantile(sortedValues: reach.sorted(), p)
    let milliseconds = Int64(estimate.rounded())
    window = milliseconds == 0 ? 1000 : milliseconds
  }
}

extension CoordinationNetwork {
  /// CooRnet's estimate of the coordination window of `table`, in
  /// milliseconds; `nil` when no object was acted on twice.
  ///
  /// Exactly: (1) take the objects acted on at least twice; for each, sort its
  /// actions by time (ties in file order) and note the time from its first
  /// action to its second. (2) Keep the objects whose time to the second action
  /// is at most the `q`-quantile of those times (default 0.1: the quickest
  /// tenth). (3) For each kept object with n actions, note the time from its
  /// first action to its action of rank ⌊p·n⌋ + 1 (the first action past the
  /// fraction `p` of its actions; default p = 0.5). (4) The window is the
  /// `p`-quantile of those times (the median by default), quantiles by linear
  /// interpolation (R's type 7); a result of 0 becomes 1 second, as in CooRnet.
  /// Times are compared in milliseconds and the result is rounded to the
  /// nearest millisecond.
  /// - Precondition: `q` in 0…1, `p` in 0..<1.
  /// - Complexity: O(n + k log k per object) for n actions.
  public static func estimatedWindow(_ table: ActivityTable, q: Double = 0.1, p: Double = 0.5)
    -> Int64?
  {
    CoordinationWindowEstimate(table, q: q, p: p).window
  }
}

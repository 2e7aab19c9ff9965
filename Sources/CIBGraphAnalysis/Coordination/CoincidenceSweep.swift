import CIBGraphCore
import CIBGraphShims
@_spi(Internal) import CIBGraphSupport
import Synchronization

/// How much coordination detection may do before it refuses the input: the
/// memory it needs grows with the pairs it forms and its time with the
/// meetings it checks, and a hostile file can ask for billions of either.
///
/// `CoordinationBudget()` is the default budget, generous for real data;
/// raise one limit and keep the others with, say,
/// `CoordinationBudget(pairsPerObject: 50_000_000)`.
public struct CoordinationBudget: Sendable, Hashable {
  /// Distinct pairs of accounts one object may form; by default 10 million,
  /// which 4,472 accounts acting on it within one window form.
  public var pairsPerObject: Int
  /// Distinct (pair, object) coincidences the whole input may form; by
  /// default 20 million, about 2 GB at 100 bytes each.
  public var pairsTotal: Int
  /// Meetings the whole input may make: an account entering the window of an
  /// object (acting on it with no action of its own on it in the window before)
  /// meets every account in that window, pairs that met before included. By
  /// default a billion: seconds of checking, at 6 ns each at most. Under
  /// CooRTweet's definition, the binary-search steps that count pairs of
  /// shares are counted here too.
  public var meetings: Int

  /// Memory a coincidence takes in detection, when every pair is kept as an
  /// edge (measured; see docs/coordination-benchmark.md). Writing the network
  /// out costs more per edge.
  package static let bytesPerPair = 100
  /// Time a meeting takes to check, at most (measured, as above).
  package static let nanosecondsPerMeeting = 6

  /// A budget of `pairsPerObject` pairs on one object, `pairsTotal`
  /// coincidences in all, and `meetings` meetings; the defaults are
  /// generous for real data.
  public init(
    pairsPerObject: Int = 10_000_000, pairsTotal: Int = 20_000_000, meetings: Int = 1_000_000_000
  ) {
    self.pairsPerObject = pairsPerObject
    self.pairsTotal = pairsTotal
    self.meetings = meetings
  }
}

/// Detection refused its input before spending what it guards: coordination
/// detection would pass its ``CoordinationBudget``, or the grouping of
/// near-duplicate texts would make more comparisons than its
/// ``TextSimilarity`` allows.
///
/// Printed, it says which limit, by how much, and on which object (the one
/// everyone shared) or text, and names the limit to raise (`print(error)`).
public struct BudgetExceeded: Error, Sendable, Hashable, CustomStringConvertible {
  /// Which detection refused, and what it counted.
  package enum Refusal: Sendable, Hashable {
    /// A limit of ``CoordinationBudget``.
    case coordination(CoordinationRefusal)
    /// ``TextSimilarity``'s comparisons.
    case textComparisons(TextComparisonsRefusal)
  }

  /// Which detection refused, and what it counted.
  package var refusal: Refusal

  /// A refusal by `refusal`.
  package init(_ refusal: Refusal) { self.refusal = refusal }

  /// Coordination's refusal, when a limit of ``CoordinationBudget`` was passed.
  package var coordination: CoordinationRefusal? {
    if case .coordination(let refusal) = refusal { refusal } else { nil }
  }

  /// The grouping of texts' refusal, when ``TextSimilarity``'s comparisons were passed.
  package var textComparisons: TextComparisonsRefusal? {
    if case .textComparisons(let refusal) = refusal { refusal } else { nil }
  }

  /// The limit passed, the count that passes it, and the object or text
  /// (cut at 160 characters, with control characters and bidirectional
  /// overrides shown as escapes), for example `object "#everyone" would form
  /// at least 1,225 pairs of accounts (50 accounts acted on it within one
  /// window, from 1970-01-01T00:16:40Z), more than the 1,000
  /// CoordinationBudget.pairsPerObject allows`.
  public var description: String {
    switch refusal {
    case .coordination(let refusal): refusal.description
    case .textComparisons(let refusal): refusal.description
    }
  }
}

/// What coordination detection counted when it passed its
/// ``CoordinationBudget``: the limit, the count, and the object that weighs most.
package struct CoordinationRefusal: Error, Sendable, Hashable, CustomStringConvertible {
  /// Which of the budget's limits the input would pass.
  package enum Kind: Sendable, Hashable {
    /// One object would form more than ``CoordinationBudget/pairsPerObject`` pairs.
    case pairsPerObject
    /// The input would form more than ``CoordinationBudget/pairsTotal`` coincidences.
    case pairsTotal
    /// The input would make more than ``CoordinationBudget/meetings`` meetings.
    case meetings
    /// Under CooRTweet's definition, counting the pairs of shares would take
    /// more than ``CoordinationBudget/meetings`` steps.
    case sharePairSteps
  }

  /// The limit the input would pass.
  package var kind: Kind
  /// The budget that was passed.
  package var budget: Int
  /// What the limit counts, at least: the pairs of ``object``, or all
  /// coincidences, or all meetings. The true count can be higher: counting on
  /// would spend what the budget guards.
  package var atLeast: Int
  /// The object over ``CoordinationBudget/pairsPerObject``; for a limit on the
  /// whole input, the object with the most of what it counts so far.
  package var object: UInt32
  /// ``object``'s own count, at least: its pairs (or its meetings, for ``Kind/meetings``).
  package var objectAtLeast: Int
  /// The most distinct accounts acting on ``object`` within one window.
  package var accountsInOneWindow: Int
  /// The time of the first action of that window (milliseconds since 1970).
  package var windowStart: Int64
  /// The identifier of ``object``, as the input wrote it (`ActivityTable.objectID(_:)`).
  package var objectID = ""

  /// The limit passed, the count that passes it, and the object (its
  /// identifier, cut at 160 characters, with control characters and
  /// bidirectional overrides shown as escapes), as ``BudgetExceeded`` prints it.
  package var description: String {
    let object = "\"" + VisibleText.safe(objectID, limit: 160) + "\""
    let crowd =
      accountsInOneWindow < 2
      ? ""
      : " (\(groupedDigits(accountsInOneWindow)) accounts acted on it within one window, from "
        + "\(ActivityTime.iso(windowStart)))"
    return switch kind {
    case .pairsPerObject:
      "object \(object) would form at least \(groupedDigits(atLeast)) pairs of accounts\(crowd), "
        + "more than the \(groupedDigits(budget)) CoordinationBudget.pairsPerObject allows"
    case .pairsTotal:
      "the input would form more than the \(groupedDigits(budget)) coincidences (pairs of "
        + "accounts on one object) CoordinationBudget.pairsTotal allows; the most on one object: "
        + "at least \(groupedDigits(objectAtLeast)) pairs on \(object)\(crowd)"
    case .meetings:
      "the accounts of the input would meet more than the \(groupedDigits(budget)) times "
        + "CoordinationBudget.meetings allows (an account entering a window where another is, on "
        + "the same object); the most on one object: at least \(groupedDigits(objectAtLeast)) on "
        + "\(object)\(crowd)"
    case .sharePairSteps:
      "counting the pairs of shares of the input's pairs of accounts would take more than the "
        + "\(groupedDigits(budget)) steps CoordinationBudget.meetings allows (at least "
        + "\(groupedDigits(atLeast)) by the pair that passed it, on \(object) among others)"
    }
  }

  /// The field of the budget the input would pass, to raise
  /// (`budget[keyPath: error.limit] *= 10`): under CooRTweet's definition,
  /// the steps that count pairs of shares are held to ``CoordinationBudget/meetings``.
  package var limit: WritableKeyPath<CoordinationBudget, Int> {
    switch kind {
    case .pairsPerObject: \.pairsPerObject
    case .pairsTotal: \.pairsTotal
    case .meetings, .sharePairSteps: \.meetings
    }
  }
}

/// The (pair, object) coincidences of a ``SortedActivity``: for every object,
/// every pair of distinct accounts with actions on it at most `window` apart,
/// once, with the first coincidence of the pair there as its evidence.
///
/// The evidence is what sweeping the object in time order, pairing each
/// action with the later ones within the window, meets first: the pair's
/// earliest action that has a partner in the window, and that partner's
/// first action after it.
///
/// The sweep never enumerates pairs of actions. Walking an object in time
/// order, an account that already acted within the window before its current
/// action was paired then with every account that acted since (those
/// actions lie within the window of its earlier one), so the action forms no
/// new pair and costs O(1). An action that is the first of its account in
/// the window walks the accounts present in the window, kept in order of
/// their latest action. Pairs found again (when accounts meet in several
/// windows of one object) are dropped by the ``PartnerTables`` of the
/// object, so memory is one record per distinct (pair, object).
///
/// Cost: O(actions) plus, for each action that is its account's first in a
/// window, the number of accounts in that window (its meetings, each an O(1)
/// look-up in its own ``PartnerTables``). Runs of one account cost nothing
/// extra; k accounts meeting in m separate windows of one object cost
/// m·k(k−1)/2 meetings for k(k−1)/2 pairs. No method is known that tells
/// which pairs coincide in time linear in the input and the pairs (it is a
/// Boolean matrix product), so the meetings have a budget of their own.
struct CoincidenceSweep {
  /// Coincidences in object order; within an object, in order of discovery.
  private var found: [KeyedCoincidence] = []
  private let sorted: SortedActivity
  private let windows: ObjectWindows
  /// The window of the object being swept.
  private var window: Int64
  private let budget: CoordinationBudget

  // Per-account state, valid for account `c` while `stamp[c]` is the current
  // object's stamp: the positions (in `sorted`) of its latest action and of its
  // first action in the window, and its neighbours in the list of accounts by
  // latest action (most recent first).
  private var stamp: [UInt32]
  private var latest: [UInt32]
  private var firstInWindow: [UInt32]
  private var older: [UInt32]
  private var newer: [UInt32]
  /// For each action of the current object (by position − start), the
  /// position of its account's next action, set when that action is met.
  private var nextOfAccount: [UInt32] = []
  /// The current object's pairs.
  private var partners: PartnerTables
  private var meetings = 0
  /// The object with the most pairs, and the one with the most meetings, so far.
  private var mostPairs: (object: Int, count: Int) = (0, 0)
  private var mostMeetings: (object: Int, count: Int) = (0, 0)
  /// The counts of all the shares of a parallel sweep, `nil` on one core.
  private var progress: SweepProgress?
  /// Pairs or meetings a share finds before it adds them to `progress`: a
  /// few thousand pairs (at most that many more held than one sweep would
  /// hold per share), and meetings every `WorkSplit.rowsPerChunk` (fewer
  /// when tests split finely).
  private var publishEvery = (pairs: 1 << 12, meetings: 1 << 20)
  /// This share's counts as last added to `progress`.
  private var published = (pairs: 0, meetings: 0)
  /// Whether this share stopped because the shares together passed the budget.
  private(set) var stopped = false

  private static let none = UInt32.max

  /// The coincidences of every object of `sorted`, among `accountCount` accounts.
  /// - Throws: ``CoordinationRefusal`` as soon as an object or the
  ///   whole would pass `budget`, before the memory is spent.
  /// - Complexity: see the type's description; O(accounts + distinct (pair,
  ///   object)) memory beyond `sorted`.
  static func coincidences(
    _ sorted: SortedActivity, accountCount: Int, windows: ObjectWindows,
    budget: CoordinationBudget, split: WorkSplit = .standard
  ) throws(CoordinationRefusal) -> [KeyedCoincidence] {
    let parts = split.parts(of: sorted.time.count, per: split.rowsPerChunk)
    let bounds = (0...parts).map { part in
      part == parts
        ? sorted.objectCount
        : SortedActivity.firstObject(
          at: UInt32(WorkSplit.boundary(part, of: parts, in: sorted.time.count)),
          offsets: sorted.offsets)
    }
    let outcomes = PerPart<CoincidenceSweep?>(count: parts, initial: nil)
    if parts > 1 {
      // Each core sweeps the objects of a share of the actions on its own.
      let progress = SweepProgress()
      WorkSplit.inParallel(parts) { part in
        var sweep = CoincidenceSweep(
          sorted, accountCount: accountCount, windows: windows, budget: budget,
          progress: progress)
        sweep.publishEvery = (min(1 << 12, split.rowsPerChunk), split.rowsPerChunk)
        do {
          try sweep.sweep(objects: bounds[part]..<bounds[part + 1])
        } catch {
          return
        }
        if !sweep.stopped { outcomes[part] = sweep }
      }
    }
    // The shares are settled in order. A share swept to its end is what one
    // sweep would find on its objects, unless the shares before it and it
    // pass a budget together; from the first share that passed one, or
    // stopped, the rest is swept again in order on one core, so that a
    // refusal names what one sweep names (the object with the most pairs
    // *so far*) and counts what it counts.
    var carried: CoincidenceSweep?
    for part in 0..<parts {
      if var next = outcomes[part] {
        outcomes[part] = nil
        next.progress = nil
        guard var merged = carried else {
          carried = next
          continue
        }
        carried = nil
        let absorbed = merged.absorb(&next)
        carried = merged
        if absorbed { continue }
      }
      for later in part..<parts { outcomes[later] = nil }
      var sweep =
        carried
        ?? CoincidenceSweep(
          sorted, accountCount: accountCount, windows: windows, budget: budget)
      carried = nil
      try sweep.sweep(objects: bounds[part]..<sorted.objectCount)
      carried = sweep
      break
    }
    // Handed over, not shared, so that sorting it does not copy it.
    var found: [KeyedCoincidence] = []
    if var sweep = carried { swap(&found, &sweep.found) }
    return found
  }

  /// Sweeps `objects` in order, until the end or until ``stopped``.
  private mutating func sweep(objects: Range<Int>) throws(CoordinationRefusal) {
    // The columns are held once for all objects: most objects have a few
    // actions, and holding them per object cost more than sweeping them.
    let sorted = self.sorted
    try sorted.time.withUnsafeBufferPointer { time throws(CoordinationRefusal) in
      try sorted.account.withUnsafeBufferPointer { account throws(CoordinationRefusal) in
        for object in objects {
          let start = Int(sorted.offsets[object])
          let end = Int(sorted.offsets[object + 1])
          guard end - start >= 2 else { continue }
          window = windows[object]
          try sweep(object: object, start: start, end: end, time: time, account: account)
          if stopped { return }
        }
      }
    }
  }

  /// Adds the findings of `next`, the sweep of the objects that follow this
  /// one's, as if this sweep had gone on through them; `false`, changing
  /// nothing, when together they pass the budget.
  private mutating func absorb(_ next: inout CoincidenceSweep) -> Bool {
    guard found.count + next.found.count <= budget.pairsTotal,
      meetings + next.meetings <= budget.meetings
    else { return false }
    found += next.found
    next.found = []
    meetings += next.meetings
    // The first object with the most wins ties, as in one sweep.
    if next.mostPairs.count > mostPairs.count { mostPairs = next.mostPairs }
    if next.mostMeetings.count > mostMeetings.count { mostMeetings = next.mostMeetings }
    return true
  }

  /// Counts the shares of a parallel sweep publish now and then, so that
  /// every share stops once they pass the budget together: the shares
  /// never hold much more than one sweep would before refusing.
  private mutating func publish() -> Bool {
    guard let progress else { return false }
    let pairs = progress.pairs.add(found.count - published.pairs, ordering: .relaxed).newValue
    let meetings = progress.meetings.add(
      self.meetings - published.meetings, ordering: .relaxed
    ).newValue
    published = (found.count, self.meetings)
    return pairs > budget.pairsTotal || meetings > budget.meetings
  }

  private init(
    _ sorted: SortedActivity, accountCount: Int, windows: ObjectWindows,
    budget: CoordinationBudget, progress: SweepProgress? = nil
  ) {
    self.progress = progress
    self.sorted = sorted
    self.windows = windows
    window = windows.standard
    self.budget = budget
    stamp = [UInt32](repeating: 0, count: accountCount)
    latest = stamp
    firstInWindow = stamp
    older = stamp
    newer = stamp
    partners = PartnerTables(accountCount: accountCount)
  }

  private mutating func sweep(
    object: Int, start: Int, end: Int, time: UnsafeBufferPointer<Int64>,
    account: UnsafeBufferPointer<UInt32>
  ) throws(CoordinationRefusal) {
    // The accounts in one window all pair with each other: a hub is refused
    // before its pairs are formed. Only an object with enough actions can be one.
    if Self.pairCount(accounts: end - start) > budget.pairsPerObject,
      Self.pairCount(accounts: busiestWindow(object).accounts) > budget.pairsPerObject
    {
      throw refusal(.pairsPerObject, object: object, objectPairs: 0)
    }
    // Objects are fewer than 2^32 − 1 (each has an action), so the stamp is never 0.
    let current = UInt32(object + 1)
    let none = Self.none
    let firstRecord = found.count
    partners.reset()
    nextOfAccount.removeAll(keepingCapacity: true)
    nextOfAccount.append(contentsOf: repeatElement(none, count: end - start))
    var head = none
    var left = start
    var exceeded: CoordinationRefusal.Kind?
    var objectMeetings = 0
    sweep: for j in start..<end {
      if j &+ Self.lookahead < account.count {
        prefetchState(of: Int(account[j &+ Self.lookahead]))
      }
      let t = time[j]
      // Actions more than `window` before this one leave the window; an account
      // leaves with its latest action.
      while t - time[left] > window {
        let c = Int(account[left])
        if latest[c] != UInt32(left), firstInWindow[c] == UInt32(left) {
          firstInWindow[c] = nextOfAccount[left - start]
        }
        left += 1
      }
      let a = Int(account[j])
      let known = stamp[a] == current
      if known { nextOfAccount[Int(latest[a]) - start] = UInt32(j) }
      if known, latest[a] >= UInt32(left) {
        // Already in the window: every account met since was paired with it then.
        if head != UInt32(a) {
          unlink(a, head: &head)
          push(a, head: &head)
        }
        latest[a] = UInt32(j)
        continue
      }
      if !known { partners.begin(a) }
      var b = head
      var met = 0
      while b != none, latest[Int(b)] >= UInt32(left) {
        let other = Int(b)
        met += 1
        if !partners.contains(a, b) {
          let objectPairs = found.count - firstRecord
          if objectPairs >= budget.pairsPerObject {
            exceeded = .pairsPerObject
            break sweep
          }
          if found.count >= budget.pairsTotal {
            exceeded = .pairsTotal
            break sweep
          }
          partners.insert(a, b)
          partners.insert(other, UInt32(a))
          let (low, high) = a < other ? (a, other) : (other, a)
          let (rowA, rowB) =
            a == low
            ? (sorted.row[j], sorted.row[Int(firstInWindow[other])])
            : (sorted.row[Int(firstInWindow[other])], sorted.row[j])
          found.append(
            KeyedCoincidence(
              pair: AccountPair(low: UInt32(low), high: UInt32(high)),
              coincidence: Coincidence(object: UInt32(object), rowA: rowA, rowB: rowB)))
        }
        if progress != nil, found.count - published.pairs >= publishEvery.pairs, publish() {
          stopped = true
          return
        }
        b = older[other]
      }
      objectMeetings += met
      meetings += met
      if meetings > budget.meetings {
        exceeded = .meetings
        break sweep
      }
      if progress != nil, meetings - published.meetings >= publishEvery.meetings, publish() {
        stopped = true
        return
      }
      if known { unlink(a, head: &head) }
      push(a, head: &head)
      stamp[a] = current
      latest[a] = UInt32(j)
      firstInWindow[a] = UInt32(j)
    }
    let objectPairs = found.count - firstRecord
    if objectPairs > mostPairs.count { mostPairs = (object, objectPairs) }
    if objectMeetings > mostMeetings.count { mostMeetings = (object, objectMeetings) }
    if let exceeded {
      throw refusal(exceeded, object: object, objectPairs: objectPairs)
    }
  }

  /// How many actions ahead the sweep asks for an account's state.
  private static let lookahead = 8

  /// Asks memory for the state of account `a`, whose action comes a few
  /// steps later: accounts come in no order, so each action's state would
  /// otherwise be a wait for memory (most of the sweep's time on large inputs).
  @inline(__always) private func prefetchState(of a: Int) {
    stamp.withUnsafeBufferPointer { cibgraph_prefetch($0.baseAddress! + a) }
    latest.withUnsafeBufferPointer { cibgraph_prefetch($0.baseAddress! + a) }
    firstInWindow.withUnsafeBufferPointer { cibgraph_prefetch($0.baseAddress! + a) }
  }

  /// Puts `a` first in the list of accounts by latest action.
  private mutating func push(_ a: Int, head: inout UInt32) {
    older[a] = head
    newer[a] = Self.none
    if head != Self.none { newer[Int(head)] = UInt32(a) }
    head = UInt32(a)
  }

  /// Takes `a` out of the list of accounts by latest action.
  private mutating func unlink(_ a: Int, head: inout UInt32) {
    let (before, after) = (newer[a], older[a])
    if before == Self.none { head = after } else { older[Int(before)] = after }
    if after != Self.none { newer[Int(after)] = before }
  }

  /// The refusal: the object over the budget, or for a limit on the whole
  /// input the object with the most of what it counts, with the most
  /// accounts it has in one window.
  private func refusal(
    _ limit: CoordinationRefusal.Kind, object: Int, objectPairs: Int
  ) -> CoordinationRefusal {
    let named =
      switch limit {
      case .pairsPerObject: object
      case .pairsTotal: mostPairs.object
      case .meetings, .sharePairSteps: mostMeetings.object
      }
    let busiest = busiestWindow(named)
    let inOneWindow = Self.pairCount(accounts: busiest.accounts)
    let (budget, atLeast, objectAtLeast) =
      switch limit {
      case .pairsPerObject:
        // One more than formed: the pair that would have passed the budget.
        (
          self.budget.pairsPerObject, max(inOneWindow, objectPairs + 1),
          max(inOneWindow, objectPairs + 1)
        )
      case .pairsTotal:
        (self.budget.pairsTotal, found.count + 1, max(inOneWindow, mostPairs.count))
      case .meetings, .sharePairSteps: (self.budget.meetings, meetings, mostMeetings.count)
      }
    return CoordinationRefusal(
      kind: limit, budget: budget, atLeast: atLeast, object: UInt32(named),
      objectAtLeast: objectAtLeast, accountsInOneWindow: busiest.accounts,
      windowStart: busiest.start)
  }

  /// k(k−1)/2 for k accounts, `Int.max` past it.
  private static func pairCount(accounts k: Int) -> Int {
    let (doubled, overflow) = k.multipliedReportingOverflow(by: k - 1)
    return overflow ? .max : doubled / 2
  }

  /// The most distinct accounts acting on `object` within one window, and
  /// the time that window starts.
  /// - Complexity: O(actions on `object`), expected.
  private func busiestWindow(_ object: Int) -> (accounts: Int, start: Int64) {
    let start = Int(sorted.offsets[object])
    let end = Int(sorted.offsets[object + 1])
    var actionsInWindow: [UInt32: Int] = [:]
    var left = start
    var most = (accounts: 0, start: sorted.time[start])
    let window = windows[object]
    for j in start..<end {
      while sorted.time[j] - sorted.time[left] > window {
        let c = sorted.account[left]
        actionsInWindow[c]! -= 1
        if actionsInWindow[c] == 0 { actionsInWindow[c] = nil }
        left += 1
      }
      actionsInWindow[sorted.account[j], default: 0] += 1
      if actionsInWindow.count > most.accounts {
        most = (actionsInWindow.count, sorted.time[left])
      }
    }
    return most
  }
}

/// What the shares of a parallel sweep have found together, each adding its
/// own counts now and then.
final class SweepProgress: Sendable {
  let pairs = Atomic<Int>(0)
  let meetings = Atomic<Int>(0)
}

/// A coincidence with its pair of accounts, while sorting.
struct KeyedCoincidence {
  var pair: AccountPair
  var coincidence: Coincidence
}

/// Two distinct accounts, the lower id first, as one word that sorts as
/// the pair does (by the lower account, then the higher): sorting millions
/// of coincidences compares one integer rather than two.
struct AccountPair: Hashable, Comparable {
  private let bits: UInt64

  /// The pair of accounts `low` and `high`.
  /// - Precondition: `low < high`.
  init(low: UInt32, high: UInt32) { bits = UInt64(low) << 32 | UInt64(high) }

  /// The account with the lower id.
  var low: UInt32 { UInt32(truncatingIfNeeded: bits >> 32) }
  /// The account with the higher id.
  var high: UInt32 { UInt32(truncatingIfNeeded: bits) }

  static func < (a: AccountPair, b: AccountPair) -> Bool { a.bits < b.bits }
}

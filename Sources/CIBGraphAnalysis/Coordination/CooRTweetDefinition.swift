import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// Which pairs of accounts are linked, and how an edge is weighed.
public enum CoordinationDefinition: Sendable, Hashable {
  /// cibgraph's own: a pair is kept when it coincides on at least
  /// `minRepeat` distinct objects, weighed by its
  /// distinct objects; the percentile cut keeps weights at or above it.
  case distinctObjects
  /// CooRTweet 2.1.3's (`detect_groups` and `generate_coordinated_network`):
  /// rows whose object is their own post (`object_id == content_id`, an
  /// original post) are left out; accounts with fewer than
  /// `minParticipation` rows are dropped first; a pair is kept when either
  /// account has at least `minParticipation` rows whose post coincides with
  /// another account's; the weight counts coinciding pairs of shares (an
  /// account sharing an object twice near another's share counts twice); the
  /// percentile cut keeps weights strictly above it. `minRepeat` does not
  /// apply.
  ///
  /// The table must hold posts (`ActivityTable.content`), and every post id
  /// should be one account's: ``CoordinationNetwork/postSharedByTwoAccounts(_:)``
  /// finds one that is not (CooRTweet compares such rows by post, which
  /// this definition does not reproduce: it treats each row as its account's).
  case coortweet(minParticipation: Int)
}

extension CoordinationNetwork {
  /// A post id that two accounts' rows give, with the first row of each;
  /// `nil` when every post is one account's, as CooRTweet's definition here
  /// requires (CooRTweet compares such rows by post, not by account).
  /// - Precondition: `table.content` holds a post per row.
  /// - Complexity: O(n).
  public static func postSharedByTwoAccounts(_ table: ActivityTable)
    -> (post: String, rows: (Int, Int))?
  {
    precondition(table.content.count == table.count, "the table holds no posts")
    guard let found = CooRTweetSelection.postSharedByTwoAccounts(table) else { return nil }
    return (table.contents.string(found.post), found.rows)
  }
}

/// What CooRTweet's definition left out of a detection, to print back
/// (``CoordinationNetwork/description``).
package struct CooRTweetCounts: Sendable, Hashable {
  /// The `minParticipation` the detection used: the caller's own, echoed
  /// for the tool to print back.
  package var minParticipation: Int
  /// Rows whose object is their own post (`object_id == content_id`): left out.
  package var originalPosts: Int
  /// Accounts with fewer than `minParticipation` rows: dropped before pairing.
  package var accountsBelowMinimum: Int
  /// Accounts with at least `minParticipation` rows whose post coincides
  /// with another account's (an edge needs one of them).
  package var accountsParticipating: Int

  package init(
    minParticipation: Int, originalPosts: Int, accountsBelowMinimum: Int,
    accountsParticipating: Int
  ) {
    self.minParticipation = minParticipation
    self.originalPosts = originalPosts
    self.accountsBelowMinimum = accountsBelowMinimum
    self.accountsParticipating = accountsParticipating
  }
}

/// The rows CooRTweet's definition pairs, and the accounts its
/// participation rule lets into an edge.
///
/// CooRTweet forms every pair of shares of an object, then filters; this
/// forms none: the rows that coincide with another account's are found with
/// one pass over each object's time-sorted shares (for each share, the
/// window around it holds another account's share when its first share is
/// another account's, or the run of that account's shares ends inside it).
///
/// A table with object types is filtered type by type, as CooRTweet's
/// multimodal analysis runs `detect_groups` on each type's rows and binds
/// the results: an account's rows and coinciding shares are counted within
/// one type, and a coincidence counts when either account participates in
/// its object's type.
struct CooRTweetSelection {
  /// The rows paired: accounts with enough rows, original posts left out.
  /// Shares the source table's account and object numbers.
  var pairing: ActivityTable
  /// The source table's row of each row of ``pairing``.
  var sourceRow: [UInt32]
  /// Whose coincidences count at the detection's windows (the either-account rule).
  let participation: CooRTweetParticipation
  var counts: CooRTweetCounts
  /// The source table's rows by type, in file order; empty without types
  /// (every row is then of the one type).
  private let rowsOfType: [[UInt32]]
  private let minParticipation: Int

  /// - Precondition: `table.content` holds a post per row; `minParticipation ≥ 1`.
  /// - Complexity: O(n + k log k per object) for n rows, k of them on one object.
  init(_ table: ActivityTable, minParticipation: Int, windows: ObjectWindows) {
    precondition(table.content.count == table.count, "the table holds no posts")
    precondition(minParticipation >= 1)
    let accountCount = table.accounts.count
    let typeOf = table.types.ofObject

    // Rows by type, in file order within each.
    var rowsOfType: [[UInt32]] = Array(repeating: [], count: table.types.count)
    if !table.types.isEmpty {
      for row in 0..<table.count {
        rowsOfType[Int(typeOf[Int(table.object[row])])].append(UInt32(row))
      }
    }

    // An original post: the object's bytes are the post's.
    var original = [Bool](repeating: false, count: table.count)
    var originalPosts = 0
    for row in 0..<table.count {
      let same = table.withObjectBytes(of: table.object[row]) { object in
        table.contents.withBytes(of: table.content[row]) { post in
          object.elementsEqual(post)
        }
      }
      if same {
        original[row] = true
        originalPosts += 1
      }
    }

    var rowCount = StampedCounts(accountCount)
    var everEligible = [Bool](repeating: false, count: accountCount)
    var pairing = ActivityTable()
    var sourceRow: [UInt32] = []
    pairing.accounts = table.accounts
    pairing.objects = table.objects
    pairing.contents = table.contents
    pairing.types = table.types
    Self.forEachType(rowsOfType, rowCount: table.count) { type, rows in
      rowCount.count(rows, stamp: UInt16(type + 1), accountOf: table.account)
      for row in rows {
        let account = Int(table.account[row])
        guard rowCount[account] >= minParticipation else { continue }
        everEligible[account] = true
        guard !original[row] else { continue }
        pairing.append(
          object: table.object[row], account: table.account[row], time: table.time[row],
          recordOffset: table.recordOffset[row])
        pairing.content.append(table.content[row])
        sourceRow.append(UInt32(row))
      }
    }

    self.rowsOfType = rowsOfType
    self.minParticipation = minParticipation
    participation = Self.participation(
      table, pairing: pairing, rowsOfType: rowsOfType, minParticipation: minParticipation,
      windows: windows)
    self.pairing = pairing
    self.sourceRow = sourceRow
    counts = CooRTweetCounts(
      minParticipation: minParticipation, originalPosts: originalPosts,
      accountsBelowMinimum: everEligible.count { !$0 },
      accountsParticipating: participation.accounts)
  }

  /// Whose coincidences count when each object's post must coincide within
  /// `windows` (CooRTweet's participation, which `flag_speed_share` applies
  /// again for a narrower window).
  /// - Complexity: O(n + k log k per object) for n rows, k of them on one object.
  func participation(in table: ActivityTable, windows: ObjectWindows) -> CooRTweetParticipation {
    Self.participation(
      table, pairing: pairing, rowsOfType: rowsOfType, minParticipation: minParticipation,
      windows: windows)
  }

  /// Calls `body` with each type's number and its rows: with no types, the
  /// one type 0 and every row.
  private static func forEachType(
    _ rowsOfType: [[UInt32]], rowCount: Int, _ body: (Int, LazyMapSequence<[UInt32], Int>) -> Void
  ) {
    if rowsOfType.isEmpty {
      body(0, Array(0..<UInt32(rowCount)).lazy.map { Int($0) })
    } else {
      for (type, rows) in rowsOfType.enumerated() { body(type, rows.lazy.map { Int($0) }) }
    }
  }

  private static func participation(
    _ table: ActivityTable, pairing: ActivityTable, rowsOfType: [[UInt32]],
    minParticipation: Int, windows: ObjectWindows
  ) -> CooRTweetParticipation {
    let accountCount = table.accounts.count
    let typeOf = table.types.ofObject
    let typed = !rowsOfType.isEmpty
    // Objects by type, for marking the posts that coincide type by type.
    let sorted = SortedActivity(pairing)
    var objectsOfType: [[Int]] = Array(repeating: [], count: max(1, rowsOfType.count))
    for object in 0..<sorted.objectCount
    where sorted.offsets[object + 1] - sorted.offsets[object] >= 2 {
      objectsOfType[typed ? Int(typeOf[object]) : 0].append(object)
    }
    // Per-account counts are reused from type to type: an entry is valid
    // while its stamp is the current type's (number + 1), so the work is
    // O(rows + accounts), not O(types × accounts).
    var coincidingStamp = [UInt16](repeating: 0, count: table.contents.count)
    var rowCount = StampedCounts(accountCount)
    var participationCount = StampedCounts(accountCount)
    var participation = CooRTweetParticipation(accountCount: accountCount, typeOf: typeOf)
    var runEnd: [Int] = []
    forEachType(rowsOfType, rowCount: table.count) { type, rows in
      let stamp = UInt16(type + 1)
      // Posts that coincide with another account's share of the same object.
      for object in objectsOfType[type] {
        let start = Int(sorted.offsets[object])
        let end = Int(sorted.offsets[object + 1])
        let window = windows[object]
        // runEnd[k − start]: the first position from k on whose account is not k's.
        runEnd.removeAll(keepingCapacity: true)
        runEnd.append(contentsOf: repeatElement(end, count: end - start))
        for k in stride(from: end - 2, through: start, by: -1) {
          runEnd[k - start] =
            sorted.account[k + 1] != sorted.account[k] ? k + 1 : runEnd[k + 1 - start]
        }
        var low = start
        var high = start
        for k in start..<end {
          let t = sorted.time[k]
          while t - sorted.time[low] > window { low += 1 }
          while high + 1 < end, sorted.time[high + 1] - t <= window { high += 1 }
          let other =
            sorted.account[low] != sorted.account[k] || runEnd[low - start] <= high
          if other { coincidingStamp[Int(pairing.content[Int(sorted.row[k])])] = stamp }
        }
      }

      // CooRTweet counts an account's rows (every row it kept, originals too)
      // whose post is among the coinciding ones.
      rowCount.count(rows, stamp: stamp, accountOf: table.account)
      for row in rows {
        let account = Int(table.account[row])
        guard rowCount[account] >= minParticipation,
          coincidingStamp[Int(table.content[row])] == stamp
        else { continue }
        if participationCount.add(account, stamp: stamp) == minParticipation {
          participation.insert(account, type: type)
        }
      }
    }
    return participation
  }

  /// A post id under two accounts, with the two accounts' numbers (the
  /// first rows that show it); `nil` when each post belongs to one account.
  /// CooRTweet compares such rows by post, not by account, which the
  /// definition here does not reproduce, so the tool refuses them.
  /// - Complexity: O(n).
  static func postSharedByTwoAccounts(_ table: ActivityTable)
    -> (post: UInt32, rows: (Int, Int))?
  {
    var owner = [Int](repeating: -1, count: table.contents.count)
    for row in 0..<table.content.count {
      let post = Int(table.content[row])
      if owner[post] < 0 {
        owner[post] = row
      } else if table.account[owner[post]] != table.account[row] {
        return (UInt32(post), (owner[post], row))
      }
    }
    return nil
  }
}

/// The shares of a ``SortedActivity`` grouped by account within each
/// object, each account's in time order: the pairs of shares of two
/// accounts on an object are counted from their two runs, never listed.
struct SharesByAccount {
  let offsets: [UInt32]
  let account: [UInt32]
  let time: [Int64]
  /// With `gaps`: `gapPrefix[p]` sums, over positions before `p`, each
  /// share's time after its object's first share, wrapping on overflow
  /// (a difference of two is exact whenever the true sum fits; see
  /// `tally`). Empty otherwise.
  let gapPrefix: [Int64]

  /// The shares of `sorted`; with `gaps`, the sums the edge measures'
  /// mean time gap reads too.
  /// - Complexity: O(k log k) per object of k shares.
  init(_ sorted: SortedActivity, gaps: Bool = false) {
    var order = [Int](0..<sorted.time.count)
    let accounts = sorted.account
    for object in 0..<sorted.objectCount {
      let range = Int(sorted.offsets[object])..<Int(sorted.offsets[object + 1])
      guard range.count >= 2 else { continue }
      // Positions are in time order within an object: by account, then position.
      order[range].sort { (accounts[$0], $0) < (accounts[$1], $1) }
    }
    offsets = sorted.offsets
    account = order.map { accounts[$0] }
    time = order.map { sorted.time[$0] }
    var prefix: [Int64] = []
    if gaps {
      prefix.reserveCapacity(time.count + 1)
      prefix.append(0)
      for object in 0..<sorted.objectCount {
        let range = Int(sorted.offsets[object])..<Int(sorted.offsets[object + 1])
        guard let first = range.first else { continue }
        let base = sorted.time[first]
        var sum = prefix[prefix.count - 1]
        for position in range {
          sum &+= time[position] - base
          prefix.append(sum)
        }
      }
    }
    gapPrefix = prefix
  }

  /// Pairs of a share of `a` and a share of `b` on `object` at most
  /// `window` apart, and the steps it took (for the budget).
  ///
  /// Each share of the account with fewer shares there looks up, by binary
  /// search, how many of the other's lie within the window around it: an
  /// account sharing an object a million times costs its partners of one
  /// share each a few dozen steps, not a million.
  /// - Complexity: O(log k + s log ℓ) for s and ℓ the two accounts' shares
  ///   of `object`, s ≤ ℓ.
  func sharePairs(_ a: UInt32, _ b: UInt32, object: UInt32, window: Int64)
    -> (pairs: Int, steps: Int)
  {
    let objectRange = Int(offsets[Int(object)])..<Int(offsets[Int(object) + 1])
    var (few, many) = (run(of: a, in: objectRange), run(of: b, in: objectRange))
    if few.count > many.count { swap(&few, &many) }
    var pairs = 0
    for k in few {
      let t = time[k]
      pairs +=
        firstPosition(in: many) { time[$0] > t + window }
        - firstPosition(in: many) { t - time[$0] <= window }
    }
    let searchSteps = Int.bitWidth - many.count.leadingZeroBitCount + 1
    return (pairs, few.count * searchSteps)
  }

  /// The first position of `range` where `isPast` holds, for a predicate
  /// false then true along it.
  func firstPosition(in range: Range<Int>, where isPast: (Int) -> Bool) -> Int {
    var low = range.lowerBound
    var high = range.upperBound
    while low < high {
      let middle = (low + high) / 2
      if isPast(middle) { high = middle } else { low = middle + 1 }
    }
    return low
  }

  /// The positions of `target`'s shares within an object's `range`.
  func run(of target: UInt32, in range: Range<Int>) -> Range<Int> {
    let start = firstPosition(in: range) { account[$0] >= target }
    return start..<firstPosition(in: start..<range.upperBound) { account[$0] > target }
  }
}

/// Whose coincidences count under CooRTweet's either-account rule: per
/// account, or with object types per (account, type), as CooRTweet's
/// multimodal analysis filters each type apart.
struct CooRTweetParticipation {
  /// Per account, without types.
  private var byAccount: [Bool]
  /// With types: the (account, type) pairs that participate, as `account << 8 | type`.
  private var byAccountAndType: Set<UInt64> = []
  /// Per account: whether it participates in some type.
  private var inSomeType: [Bool]
  /// The type of each object; empty without types.
  private let typeOf: [UInt8]
  /// The accounts that participate in at least one type.
  private(set) var accounts = 0

  init(accountCount: Int, typeOf: [UInt8]) {
    self.typeOf = typeOf
    byAccount = [Bool](repeating: false, count: typeOf.isEmpty ? accountCount : 0)
    inSomeType = [Bool](repeating: false, count: typeOf.isEmpty ? 0 : accountCount)
  }

  mutating func insert(_ account: Int, type: Int) {
    if typeOf.isEmpty {
      if !byAccount[account] { accounts += 1 }
      byAccount[account] = true
    } else {
      byAccountAndType.insert(UInt64(account) << 8 | UInt64(type))
      if !inSomeType[account] { accounts += 1 }
      inSomeType[account] = true
    }
  }

  /// Whether `account`'s coincidences on `object` count (within the object's type).
  /// - Complexity: O(1) on average.
  func contains(_ account: UInt32, onObject object: UInt32) -> Bool {
    guard !typeOf.isEmpty else { return byAccount[Int(account)] }
    return byAccountAndType.contains(UInt64(account) << 8 | UInt64(typeOf[Int(object)]))
  }
}

/// A count per account, valid while its stamp is the current one: counts
/// reused from type to type without clearing every account each time.
private struct StampedCounts {
  private var value: [Int]
  private var stamp: [UInt16]

  init(_ count: Int) {
    value = [Int](repeating: 0, count: count)
    stamp = [UInt16](repeating: 0, count: count)
  }

  subscript(account: Int) -> Int { value[account] }

  /// Adds one to `account`'s count under `stamp` (from 0 if its count was another stamp's).
  @discardableResult
  mutating func add(_ account: Int, stamp current: UInt16) -> Int {
    if stamp[account] != current {
      stamp[account] = current
      value[account] = 0
    }
    value[account] += 1
    return value[account]
  }

  /// Counts `rows` by account under `stamp`.
  mutating func count<Rows: Sequence<Int>>(_ rows: Rows, stamp: UInt16, accountOf: [UInt32]) {
    for row in rows { add(Int(accountOf[row]), stamp: stamp) }
  }
}

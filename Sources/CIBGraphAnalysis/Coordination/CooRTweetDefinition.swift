import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// Which pairs of accounts are linked, and how an edge is weighed.
public enum CoordinationDefinition: Sendable, Hashable {
  /// cibgraph's own: a pair is kept when it coincides on at least
  /// ``CoordinationParameters/minRepeat`` distinct objects, weighed by its
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

/// What CooRTweet's definition left out of a detection, to print back.
public struct CooRTweetCounts: Sendable, Hashable {
  /// The `minParticipation` the detection used.
  public var minParticipation: Int
  /// Rows whose object is their own post (`object_id == content_id`): left out.
  public var originalPosts: Int
  /// Accounts with fewer than `minParticipation` rows: dropped before pairing.
  public var accountsBelowMinimum: Int
  /// Accounts with at least `minParticipation` rows whose post coincides
  /// with another account's (an edge needs one of them).
  public var accountsParticipating: Int

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
struct CooRTweetSelection {
  /// The rows paired: accounts with enough rows, original posts left out.
  /// Shares the source table's account and object numbers.
  var pairing: ActivityTable
  /// The source table's row of each row of ``pairing``.
  var sourceRow: [UInt32]
  /// Per account: whether its pairs count (the either-account rule).
  var participates: [Bool]
  var counts: CooRTweetCounts
  /// Per account: whether it has at least `minParticipation` rows.
  private let eligible: [Bool]
  private let minParticipation: Int

  /// - Precondition: `table.content` holds a post per row; `minParticipation ≥ 1`.
  /// - Complexity: O(n + k log k per object) for n rows, k of them on one object.
  init(_ table: ActivityTable, minParticipation: Int, window: Int64) {
    precondition(table.content.count == table.count, "the table holds no posts")
    precondition(minParticipation >= 1)
    let accountCount = table.accounts.count
    var rows = [Int](repeating: 0, count: accountCount)
    for account in table.account { rows[Int(account)] += 1 }
    let eligible = rows.map { $0 >= minParticipation }

    // An original post: the object's bytes are the post's.
    var original = [Bool](repeating: false, count: table.count)
    var originalPosts = 0
    for row in 0..<table.count {
      let same = table.objects.withBytes(of: table.object[row]) { object in
        table.contents.withBytes(of: table.content[row]) { post in
          object.elementsEqual(post)
        }
      }
      if same {
        original[row] = true
        originalPosts += 1
      }
    }

    var pairing = ActivityTable()
    var sourceRow: [UInt32] = []
    pairing.accounts = table.accounts
    pairing.objects = table.objects
    pairing.contents = table.contents
    for row in 0..<table.count where eligible[Int(table.account[row])] && !original[row] {
      pairing.append(
        object: table.object[row], account: table.account[row], time: table.time[row],
        recordOffset: table.recordOffset[row])
      pairing.content.append(table.content[row])
      sourceRow.append(UInt32(row))
    }

    participates = Self.participation(
      table, pairing: pairing, eligible: eligible, minParticipation: minParticipation,
      window: window)
    self.pairing = pairing
    self.eligible = eligible
    self.minParticipation = minParticipation
    self.sourceRow = sourceRow
    counts = CooRTweetCounts(
      minParticipation: minParticipation, originalPosts: originalPosts,
      accountsBelowMinimum: eligible.count { !$0 },
      accountsParticipating: participates.count { $0 })
  }

  /// Per account: whether it has at least `minParticipation` rows whose
  /// post coincides with another account's share of the same object within
  /// `window` (CooRTweet's participation, which `flag_speed_share` applies
  /// again for a narrower window).
  /// - Complexity: O(n + k log k per object) for n rows, k of them on one object.
  func participation(in table: ActivityTable, window: Int64) -> [Bool] {
    Self.participation(
      table, pairing: pairing, eligible: eligible, minParticipation: minParticipation,
      window: window)
  }

  private static func participation(
    _ table: ActivityTable, pairing: ActivityTable, eligible: [Bool], minParticipation: Int,
    window: Int64
  ) -> [Bool] {
    // Posts that coincide with another account's share of the same object.
    var coinciding = [Bool](repeating: false, count: table.contents.count)
    let sorted = SortedActivity(pairing)
    var runEnd: [Int] = []
    for object in 0..<sorted.objectCount {
      let start = Int(sorted.offsets[object])
      let end = Int(sorted.offsets[object + 1])
      guard end - start >= 2 else { continue }
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
        if other { coinciding[Int(pairing.content[Int(sorted.row[k])])] = true }
      }
    }

    // CooRTweet counts an account's rows (every row it kept, originals too)
    // whose post is among the coinciding ones.
    var participation = [Int](repeating: 0, count: table.accounts.count)
    for row in 0..<table.count where eligible[Int(table.account[row])] {
      if coinciding[Int(table.content[row])] { participation[Int(table.account[row])] += 1 }
    }
    return participation.map { $0 >= minParticipation }
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

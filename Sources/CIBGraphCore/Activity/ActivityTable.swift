@_spi(Internal) import CIBGraphSupport

/// Who acted on what, and when: the input of coordination detection
/// (`CoordinationNetwork`), read from an activity file by `ActivityReader`
/// or built in memory with ``init(actions:)``.
///
/// Each row is one action: an account acted on an object (a URL, hashtag or
/// post) at a time, in milliseconds since 1970-01-01T00:00:00Z. Accounts and
/// objects are numbered in order of first appearance; the analyses name them
/// by these numbers (`CoordinationEdge.a`, `Coincidence.object`), which
/// ``accountID(_:)`` and ``objectID(_:)`` turn back into identifiers.
///
/// ```swift
/// let table = ActivityTable(actions: [
///   (account: "u1", object: "#everyone", time: 1_556_713_440_000),
///   (account: "u2", object: "#everyone", time: 1_556_713_441_000),
/// ])
/// ```
///
/// The rows are stored as compact integer columns, identifiers interned,
/// so a table of tens of millions of actions takes a few hundred megabytes.
public struct ActivityTable: Sendable {
  /// Account identifiers, by number.
  package var accounts = ByteInterner(capacity: 1 << 12)
  /// Shared objects (URLs, hashtags, retweeted posts, …), by number.
  package var objects = ByteInterner(capacity: 1 << 12)
  /// Row `i`: account `account[i]` acted on object `object[i]` at `time[i]`.
  package var object: [UInt32] = []
  package var account: [UInt32] = []
  package var time: [Int64] = []
  /// Where each row's record starts in the file, read again only to show
  /// the post's id; -1 for an action built in memory.
  package var recordOffset: [Int] = []
  /// The post of each row (`content_id`, `tweetid`), by number in
  /// ``contents``; empty unless the reader was asked for posts
  /// (CooRTweet's definition needs them, the default one does not).
  package var content: [UInt32] = []
  /// Post identifiers, by number, when ``content`` is filled.
  package var contents = ByteInterner(capacity: 1 << 4)
  /// The kinds of object, by number (`link`, `hashtag`, …), when the input
  /// has them (an `object_type` column, several actions of an archive);
  /// empty when it does not. See ``ObjectTypes``.
  package var types = ObjectTypes()
  /// The text of each row's post; empty unless the reader was asked for
  /// texts (coordination by near-duplicate text).
  package var texts = PostTexts()

  /// An empty table, for a reader to append to.
  package init() {}

  /// A table of `actions`, in order: row `i` is the `i`th action.
  ///
  /// Identifiers are the same when their UTF-8 bytes are, as when a file is
  /// read.
  /// - Precondition: every account and object is 1 byte to 1 MiB long, and
  ///   every time lies within the years 0 to 9999 (what `ActivityReader`
  ///   accepts), so that no difference of two times can overflow.
  /// - Complexity: O(total length of the identifiers) on average.
  public init(actions: some Sequence<(account: String, object: String, time: Int64)>) {
    for action in actions {
      appendChecked(account: action.account, object: action.object, time: action.time)
    }
  }

  private mutating func appendChecked(account: String, object: String, time: Int64) {
    precondition(
      (1...ByteExactID.longestID).contains(account.utf8.count)
        && (1...ByteExactID.longestID).contains(object.utf8.count),
      "an account or object that is empty or longer than 1 MiB")
    precondition(
      ActivityTime.representable.contains(time), "a time outside the years 0 to 9999: \(time) ms")
    append(
      object: objects.intern(object), account: accounts.intern(account), time: time,
      recordOffset: -1)
  }

  /// A table of `posts`, in order, with the post behind each action (a
  /// CooRTweet `content_id`), as ``init(actions:)`` otherwise.
  /// - Precondition: as ``init(actions:)``; a post may be empty.
  /// - Complexity: O(total length of the identifiers) on average.
  public init(
    posts: some Sequence<(account: String, object: String, content: String, time: Int64)>
  ) {
    for post in posts {
      appendChecked(account: post.account, object: post.object, time: post.time)
      content.append(contents.intern(post.content))
    }
  }

  /// Number of actions.
  public var count: Int { object.count }
  /// Number of distinct accounts.
  public var accountCount: Int { accounts.count }
  /// Number of distinct objects.
  public var objectCount: Int { objects.count }
  /// The kinds of object, in order of first appearance (`link`, `hashtag`,
  /// …), when the input has them: an `object_type` column, or several
  /// actions of a Twitter/X archive read together; empty when it does not.
  /// `CoordinationParameters.typeWindows` gives them windows in this order.
  public var objectTypes: [String] { types.names }

  /// Row `row`: the account, the object and the time (milliseconds since 1970).
  /// - Complexity: O(length of the identifiers).
  package subscript(row: Int) -> (account: String, object: String, time: Int64) {
    (accounts.string(account[row]), objectID(object[row]), time[row])
  }

  /// The identifier of the account numbered `account` (as in
  /// `CoordinationEdge.a`), as the input wrote it.
  /// - Complexity: O(length of the identifier).
  public func accountID(_ account: UInt32) -> String { accounts.string(account) }

  /// The identifier of the object numbered `object` (as in
  /// `Coincidence.object`): the URL, hashtag or post shared.
  /// - Complexity: O(length of the identifier).
  public func objectID(_ object: UInt32) -> String {
    types.isEmpty ? objects.string(object) : objects.withBytes(of: object) { types.id(ofKey: $0) }
  }

  /// Calls `body` with the bytes of object `object` as the input wrote it
  /// (without the type that ``ObjectTypes`` puts in front of it).
  /// - Complexity: O(1).
  package func withObjectBytes<R>(of object: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> R)
    -> R
  {
    objects.withBytes(of: object) { key in
      types.isEmpty ? body(key) : body(UnsafeBufferPointer(rebasing: key.dropFirst()))
    }
  }

  /// Adds one action.
  /// - Complexity: Amortized O(1).
  package mutating func append(object: UInt32, account: UInt32, time: Int64, recordOffset: Int) {
    self.object.append(object)
    self.account.append(account)
    self.time.append(time)
    self.recordOffset.append(recordOffset)
  }
}

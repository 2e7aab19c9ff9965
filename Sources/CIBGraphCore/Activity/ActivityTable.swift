import CIBGraphSupport

/// Actions read from an activity file, as compact integer columns: one row
/// per (account, object, time), accounts and objects interned to dense ids.
///
/// Row `i` is: account `account[i]` acted on object `object[i]` at `time[i]`
/// (milliseconds since 1970, UTC), in the record that starts at byte
/// `recordOffset[i]` of the file (read again only to show the post's id).
public struct ActivityTable: Sendable {
  /// Account identifiers, by id.
  package var accounts = ByteInterner(capacity: 1 << 12)
  /// Shared objects (URLs, hashtags, retweeted posts, …), by id.
  package var objects = ByteInterner(capacity: 1 << 12)
  public var object: [UInt32] = []
  public var account: [UInt32] = []
  public var time: [Int64] = []
  public var recordOffset: [Int] = []

  public init() {}

  /// Number of actions.
  public var count: Int { object.count }

  /// The identifier of the account with id `account` (as in
  /// ``CoordinationEdge/a``), as the input wrote it.
  /// - Complexity: O(length of the identifier).
  public func accountID(_ account: UInt32) -> String { accounts.string(account) }

  /// The identifier of the object with id `object` (as in
  /// ``Coincidence/object``): the URL, hashtag or post shared.
  /// - Complexity: O(length of the identifier).
  public func objectID(_ object: UInt32) -> String { objects.string(object) }

  /// Adds one action.
  /// - Complexity: Amortized O(1).
  public mutating func append(object: UInt32, account: UInt32, time: Int64, recordOffset: Int) {
    self.object.append(object)
    self.account.append(account)
    self.time.append(time)
    self.recordOffset.append(recordOffset)
  }
}

@_spi(Internal) import CIBGraphSupport

/// The text of each post of an `ActivityTable`, for coordination by
/// near-duplicate text: spans of one byte buffer, which for a file read is
/// the file's own bytes (shared, not copied).
///
/// A span whose quotes are doubled (`""`, a quoted CSV field's `"`) is marked,
/// and ``withText(_:_:_:)`` undoes them.
package struct PostTexts: Sendable {
  /// The bytes the spans point into.
  package var bytes: [UInt8] = []
  /// Row `i`'s text starts at `start[i]` in ``bytes``.
  package var start: [Int] = []
  /// Row `i`'s text length in bytes, with ``escapedQuotes`` set when its
  /// quotes are doubled.
  package var length: [UInt32] = []

  /// The bit of ``length`` that marks doubled quotes.
  package static let escapedQuotes: UInt32 = 1 << 31

  package init() {}

  /// Whether the table has a text per row.
  package var isEmpty: Bool { start.isEmpty }

  /// Adds a row's text: `count` bytes of ``bytes`` from `start`.
  /// - Precondition: `count` < 2^31.
  package mutating func append(start: Int, count: Int, escapedQuotes: Bool) {
    self.start.append(start)
    length.append(UInt32(count) | (escapedQuotes ? Self.escapedQuotes : 0))
  }

  /// Calls `body` with row `row`'s text, doubled quotes undone (in `scratch`).
  /// - Complexity: O(length of the text).
  package func withText<R>(
    _ row: Int, _ scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R
  ) -> R {
    let first = start[row]
    let count = Int(length[row] & ~Self.escapedQuotes)
    return bytes.withUnsafeBufferPointer { all in
      let text = UnsafeBufferPointer(rebasing: all[first..<first + count])
      guard length[row] & Self.escapedQuotes != 0 else { return body(text) }
      scratch.removeAll(keepingCapacity: true)
      DoubledQuotes.undo(text, into: &scratch)
      return scratch.withUnsafeBufferPointer { body($0) }
    }
  }
}

extension ActivityTable {
  /// A table of `posts`, in order, each with its text, for coordination by
  /// near-duplicate text (`NearDuplicateTexts`, then `CoordinationNetwork`).
  ///
  /// Such a table has no objects of its own: every row acts on one object,
  /// the empty one, until the detection groups the texts.
  /// - Precondition: every account is 1 byte to 1 MiB long, every text at
  ///   most 1 MiB, and every time within the years 0 to 9999.
  /// - Complexity: O(total length of the identifiers and texts) on average.
  public init(texts posts: some Sequence<(account: String, text: String, time: Int64)>) {
    self.init()
    let placeholder = objects.intern("")
    for post in posts {
      precondition(
        (1...ByteExactID.longestID).contains(post.account.utf8.count),
        "an account that is empty or longer than 1 MiB")
      precondition(post.text.utf8.count <= ByteExactID.longestID, "a text longer than 1 MiB")
      precondition(
        ActivityTime.representable.contains(post.time),
        "a time outside the years 0 to 9999: \(post.time) ms")
      texts.append(start: texts.bytes.count, count: post.text.utf8.count, escapedQuotes: false)
      texts.bytes.append(contentsOf: post.text.utf8)
      append(
        object: placeholder, account: accounts.intern(post.account), time: post.time,
        recordOffset: -1)
    }
  }
}

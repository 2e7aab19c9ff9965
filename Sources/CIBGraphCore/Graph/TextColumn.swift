import CIBGraphShims
@_spi(Internal) import CIBGraphSupport

/// Strings stored end to end in one byte array: a column of a graph with
/// millions of nodes (identifiers, names).
///
/// An array of `String` costs 16 bytes a string and, for any string of more
/// than 15 bytes, a heap allocation of its own (48 bytes and more); names such
/// as "Instagram 356103" made the names of 4 M nodes take 260 MB that way. Here
/// a string costs its bytes and 8 bytes of offset, and a column of millions is
/// built with no allocation per string. A `String` is made when an element is
/// read.
///
/// Package-internal: users read a node's text through `AssetGraph.name(of:)`
/// and `AssetGraph.id(of:)`. The type is `@usableFromInline` so that those
/// accessors, and the spreadsheet reader's appends in another module, are
/// inlined: an `@inlinable package` member of a type that is not is called,
/// not inlined, across modules.
@usableFromInline package struct TextColumn: RandomAccessCollection, Sendable, Equatable {
  @usableFromInline var bytes: [UInt8] = []
  /// Where each element ends in `bytes`; the high bit marks an absent (`nil`) element.
  @usableFromInline var ends: [UInt64] = []
  @inlinable static var absent: UInt64 { 1 << 63 }

  /// How an element ending `byteCount` bytes into the column's (or a
  /// part's) text is stored in `ends`; an absent one ends where it starts.
  @inlinable package static func end(at byteCount: Int, absent isAbsent: Bool = false) -> UInt64 {
    UInt64(byteCount) | (isAbsent ? absent : 0)
  }

  /// An empty column, with room for about `count` elements of `bytes` bytes in all.
  package init(reservingCapacity count: Int = 0, bytes byteCount: Int = 0) {
    ends.reserveCapacity(count)
    bytes.reserveCapacity(byteCount)
  }

  /// A column of the given strings.
  package init(_ strings: some Sequence<String?>) {
    for string in strings { append(string) }
  }

  /// A column of the given strings.
  package init(_ strings: some Sequence<String>) {
    for string in strings { append(string) }
  }

  /// The first position, 0.
  @inlinable package var startIndex: Int { 0 }
  /// The number of elements: one past the last position.
  @inlinable package var endIndex: Int { ends.count }

  /// The element's text, or `nil` when absent.
  /// - Complexity: O(length): a `String` is made on each read.
  @inlinable package subscript(position: Int) -> String? {
    let end = ends[position]
    if end & Self.absent != 0 { return nil }
    return String(decoding: bytes[start(of: position)..<Int(end)], as: UTF8.self)
  }

  /// The elements at `positions`, in order: for many positions scattered
  /// over a large column, where reading them one by one waits on memory
  /// twice for each (its end, then its bytes); here both are asked for
  /// several elements ahead.
  /// - Precondition: every position is one of the column's.
  /// - Complexity: O(positions and their lengths).
  package func elements(at positions: [Int]) -> [String?] {
    // Checked once here: the reads below are of unchecked buffers.
    precondition(positions.allSatisfy { indices.contains($0) }, "a position outside the column")
    let endsAhead = 16
    let bytesAhead = 8
    return bytes.withUnsafeBufferPointer { bytes in
      ends.withUnsafeBufferPointer { ends in
        positions.indices.map { index in
          if index + endsAhead < positions.count {
            let ahead = positions[index + endsAhead]
            cibgraph_prefetch(ends.baseAddress! + Swift.max(ahead - 1, 0))
            cibgraph_prefetch(ends.baseAddress! + ahead)
          }
          if index + bytesAhead < positions.count {
            let ahead = positions[index + bytesAhead]
            let start = ahead == 0 ? 0 : Int(ends[ahead - 1] & ~Self.absent)
            if start < bytes.count { cibgraph_prefetch(bytes.baseAddress! + start) }
          }
          let position = positions[index]
          let end = ends[position]
          if end & Self.absent != 0 { return nil }
          let start = position == 0 ? 0 : Int(ends[position - 1] & ~Self.absent)
          return String(
            decoding: UnsafeBufferPointer(rebasing: bytes[start..<Int(end)]), as: UTF8.self)
        }
      }
    }
  }

  @inlinable func start(of position: Int) -> Int {
    position == 0 ? 0 : Int(ends[position - 1] & ~Self.absent)
  }

  /// Appends a string, or an absent element.
  @inlinable package mutating func append(_ string: String?) {
    if var string {
      string.withUTF8 { append(bytes: $0) }
    } else {
      ends.append(Self.end(at: bytes.count, absent: true))
    }
  }

  /// A column of several parts' elements end to end: part `i` has
  /// `counts[i]` elements, whose ends (in `ends`, in order) are within its
  /// own `bytes[i]`. Each part's ends are shifted past the bytes of the
  /// parts before it, and the others' bytes appended to the first part's
  /// array, which becomes the column's: a reader whose first part has room
  /// for all of them (room never written is never touched) copies only the
  /// later parts, into memory it already holds, where a new array would
  /// fault in all the text anew.
  /// - Complexity: O(elements) on every core, O(bytes of the parts after
  ///   the first) on one, and O(bytes of the first) more when it has no room.
  package init(bytes parts: consuming [[UInt8]], ends: consuming [UInt64], counts: [Int]) {
    precondition(parts.count == counts.count && counts.reduce(0, +) == ends.count)
    var shifts: [UInt64] = [0]
    var firsts = [0]
    for (part, count) in zip(parts, counts) {
      shifts.append(shifts[shifts.count - 1] + UInt64(part.count))
      firsts.append(firsts[firsts.count - 1] + count)
    }
    let shift = shifts
    let first = firsts
    ends.withUnsafeMutableBufferPointer { ends in
      nonisolated(unsafe) let ends = ends
      WorkSplit.inParallel(parts.count) { part in
        guard shift[part] != 0 else { return }
        for row in first[part]..<first[part + 1] { ends[row] &+= shift[part] }
      }
    }
    var joined: [UInt8] = []
    swap(&joined, &parts[0])
    joined.reserveCapacity(Int(shift[parts.count]))
    for index in parts.indices.dropFirst() {
      joined.append(contentsOf: parts[index])
      parts[index] = []
    }
    bytes = joined
    self.ends = ends
  }

  /// An index of the elements, all present and all different, that shares
  /// the column's memory (``ByteInterner/init(distinct:ends:parts:)``):
  /// each element's id is its position. `nil` when two are equal or one is
  /// absent.
  /// - Complexity: O(total length), spread over `parts` cores.
  package func distinctIndex(parts: Int) -> ByteInterner? {
    // An absent element's end has its high bit set, past the end of the bytes.
    ByteInterner(distinct: bytes, ends: ends, parts: parts)
  }

  /// Calls `body` with a function that gives each element's bytes (an
  /// absent element has none), without making a `String`.
  @inlinable package func withElementBytes<R>(
    _ body: ((Int) -> UnsafeBufferPointer<UInt8>) -> R
  ) -> R {
    bytes.withUnsafeBufferPointer { bytes in
      ends.withUnsafeBufferPointer { ends in
        body { position in
          let start = position == 0 ? 0 : Int(ends[position - 1] & ~Self.absent)
          let end = Int(ends[position] & ~Self.absent)
          return UnsafeBufferPointer(rebasing: bytes[start..<end])
        }
      }
    }
  }

  /// Appends a string given as UTF-8 bytes (the caller has checked them).
  @inlinable package mutating func append(bytes utf8: UnsafeBufferPointer<UInt8>) {
    bytes.append(contentsOf: utf8)
    ends.append(Self.end(at: bytes.count))
  }
}

/// A column of strings none of which is absent: a graph's identifiers.
@usableFromInline package struct IdentifierColumn: RandomAccessCollection, Sendable, Equatable {
  @usableFromInline var storage: TextColumn

  package init(_ storage: TextColumn) { self.storage = storage }
  package init(_ strings: some Sequence<String>) { storage = TextColumn(strings) }

  /// The first position, 0.
  @inlinable package var startIndex: Int { 0 }
  /// The number of identifiers: one past the last position.
  @inlinable package var endIndex: Int { storage.endIndex }
  /// The identifier at `position`.
  /// - Complexity: O(length): a `String` is made on each read.
  @inlinable package subscript(position: Int) -> String { storage[position] ?? "" }

  /// The bytes of the identifier at `position`, as read: identifiers that
  /// are not UTF-8 may differ here and still read alike as `String`s (each
  /// bad byte a U+FFFD).
  /// - Complexity: O(length).
  package func bytes(at position: Int) -> [UInt8] {
    storage.withElementBytes { Array($0(position)) }
  }

  /// The identifiers at `positions`, in order (``TextColumn/elements(at:)``).
  /// - Complexity: O(positions and their lengths).
  package func identifiers(at positions: [Int]) -> [String] {
    storage.elements(at: positions).map { $0 ?? "" }
  }
}

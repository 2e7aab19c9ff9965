@_spi(Internal) import CIBGraphCore
import CIBGraphShims
@_spi(Internal) import CIBGraphSupport
import Synchronization

/// Pass 2 of ``FastAudienceReader`` for the lists of every asset: the
/// accounts are numbered partition by partition of the hash space, each
/// partition small enough that its table stays in a core's cache.
///
/// One table of every account (tens of millions) makes each row's lookup a
/// wait for memory, and the wait grows with the table as it outgrows the
/// caches and the address translation's reach, so the cost of a file grew
/// faster than its size. Here pass 1 carries an Account of up to 15 bytes in
/// its row, so that interning it reads nothing else, with the hash bits
/// that choose its partition; each slice's rows are then moved within the
/// slice's own arrays so that each partition's rows lie together (an
/// in-place counting sort on those bits), and each core numbers the
/// accounts of one partition after another, across the slices, in a table
/// of a few hundred kilobytes. A partition's ids are laid after those of the
/// partitions before it. Moving the rows in place, rather than to arrays of
/// their own, spares a second copy of every row: memory touched for the
/// first time costs a fault a page, the dearest part of the move.
extension FastAudienceReader {
  /// A kept row's Account: its bytes (up to 15, the rest zero) and their
  /// count in the last byte, or, for a longer one, `0xFF` there and in the
  /// first word its place in its slice's list of longer accounts
  /// (``SliceRows/long``).
  struct PartitionedAccount: BitwiseCopyable {
    var words: (UInt64, UInt64)

    /// Accounts of up to this many bytes are carried in the row.
    static let inline = 15
    static let longMark: UInt64 = 0xFF << 56

    /// An Account of up to ``inline`` bytes.
    ///
    /// Read a word at a time, as a table reads a short identifier: copying
    /// a few bytes of varying count was a call of `memmove` per row.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
      let count = bytes.count
      guard count > 8 else {
        words = (bytes.littleEndianWord, UInt64(count) << 56)
        return
      }
      let rest = UnsafeBufferPointer(rebasing: bytes[8...])
      words = (
        UnsafeBufferPointer(rebasing: bytes[..<8]).littleEndianWord,
        rest.littleEndianWord | UInt64(count) << 56
      )
    }

    init(words: (UInt64, UInt64)) {
      self.words = words
    }

    /// A longer Account, the `index`-th of its slice's list.
    init(long index: Int) {
      words = (UInt64(index), Self.longMark)
    }

    var isLong: Bool { words.1 & Self.longMark == Self.longMark }
    var length: Int { Int(truncatingIfNeeded: words.1 >> 56) }
    /// A longer Account's place in its slice's list.
    var index: Int { Int(truncatingIfNeeded: words.0) }
  }

  /// A slice's kept Accounts, one per row: a word each while every one is
  /// narrow (``narrowWord(_:)``), else ``PartitionedAccount``'s two words.
  ///
  /// The kept rows are most of pass 1's memory, and memory touched for the
  /// first time is the dearest part of keeping them (a fault a page, and on
  /// a virtual machine the host's work behind it); most Accounts (handles,
  /// short ids) are 8 bytes or fewer. A slice that meets an Account that is
  /// not narrow widens what it has kept, once, and keeps two words from then on.
  struct KeptAccounts {
    /// The Accounts' words while ``isNarrow``.
    private(set) var narrow: [UInt64] = []
    /// The Accounts once a slice has met one that is not narrow.
    private(set) var wide: [PartitionedAccount] = []
    private(set) var isNarrow = true

    var count: Int { isNarrow ? narrow.count : wide.count }

    mutating func reserveCapacity(_ count: Int) {
      if isNarrow { narrow.reserveCapacity(count) } else { wide.reserveCapacity(count) }
    }

    /// Keeps an Account of up to ``PartitionedAccount/inline`` bytes.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
      if isNarrow {
        if let word = Self.narrowWord(bytes) {
          narrow.append(word)
          return
        }
        widen()
      }
      wide.append(PartitionedAccount(bytes))
    }

    /// Keeps a longer Account, the `index`-th of its slice's list.
    mutating func append(long index: Int) {
      if isNarrow {
        narrow.append(UInt64(index + 1) << 9)
      } else {
        wide.append(PartitionedAccount(long: index))
      }
    }

    /// The word of a narrow Account, `nil` for any other. Narrow are:
    /// - 1 to 8 bytes, none of them zero: the bytes and then zeros, which no
    ///   other such Account gives (the shorter of two has a zero where the
    ///   longer has a byte); the first byte is not zero;
    /// - 9 to 15 bytes, the first below 128 and the rest decimal digits (a
    ///   platform's numeric id, or a letter and digits): a zero first byte,
    ///   then a one bit, the first byte's 7 bits, and from bit 16 the digits
    ///   numbered within their count (``digitsBase(count:)``), so that each
    ///   count of digits and each value gives its own number.
    ///
    /// A zero first byte and a zero bit after it mark a longer Account: its
    /// place in the slice's list, plus one, from bit 9.
    @inline(__always)
    static func narrowWord(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
      let count = bytes.count
      guard count > 0 else { return nil }
      guard count <= 8 else { return digitsWord(bytes) }
      let word = bytes.littleEndianWord
      // The bytes past the Account set, so that only its own can be zero.
      let padded = count == 8 ? word : word | ~0 << (8 * UInt64(count))
      let ones: UInt64 = 0x0101_0101_0101_0101
      let hasZero = (padded &- ones) & ~padded & (ones << 7) != 0
      return hasZero ? nil : word
    }

    /// The word of an Account of 9 to 15 bytes, the first below 128 and the
    /// rest digits (see ``narrowWord(_:)``); `nil` for any other.
    @inline(__always)
    private static func digitsWord(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
      let count = bytes.count
      guard count <= 15, bytes[0] < 0x80 else { return nil }
      var value: UInt64 = 0
      for index in 1..<count {
        let digit = bytes[index] &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        value = value &* 10 &+ UInt64(digit)
      }
      // At most 10^8 + … + 10^13 + 10^14 - 1 < 2^47: it fits above bit 16.
      let number = digitsBase(count: count - 1) &+ value
      return number << 16 | UInt64(bytes[0]) << 9 | 1 << 8
    }

    /// Where the numbers of `digits` digits (8 to 14) start: after those of
    /// every smaller count from 8.
    @inline(__always)
    private static func digitsBase(count digits: Int) -> UInt64 {
      var base: UInt64 = 0
      var span: UInt64 = 100_000_000
      for _ in 8..<digits {
        base &+= span
        span &*= 10
      }
      return base
    }

    /// The second word of a narrow word's key in a ``WordPairNumbering``,
    /// which takes a key whose second word is zero for a longer Account's
    /// place and leaves it out when its table grows.
    static var narrowKeySecondWord: UInt64 { 1 }

    /// Whether a narrow word marks a longer Account.
    @inline(__always)
    static func isLong(_ word: UInt64) -> Bool { word & 0x1FF == 0 }

    /// The place in its slice's list of the longer Account a narrow word marks.
    @inline(__always)
    static func longIndex(_ word: UInt64) -> Int { Int(truncatingIfNeeded: word >> 9) &- 1 }

    /// The two-word form of a narrow word: what ``PartitionedAccount`` makes
    /// of the same Account.
    static func wide(_ word: UInt64) -> PartitionedAccount {
      if word & 0xFF != 0 {
        let length = 8 - word.leadingZeroBitCount / 8
        return PartitionedAccount(words: (word, UInt64(length) << 56))
      }
      if isLong(word) { return PartitionedAccount(long: longIndex(word)) }
      var value = word >> 16
      var digits = 8
      var span: UInt64 = 100_000_000
      while value >= span {
        value -= span
        digits += 1
        span *= 10
      }
      return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer in
        buffer[0] = UInt8(truncatingIfNeeded: word >> 9) & 0x7F
        for index in stride(from: digits, to: 0, by: -1) {
          buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
          value /= 10
        }
        return PartitionedAccount(UnsafeBufferPointer(rebasing: buffer[0...digits]))
      }
    }

    /// Every Account kept so far, in two words from now on.
    private mutating func widen() {
      wide.reserveCapacity(max(narrow.capacity, narrow.count + 1))
      for word in narrow { wide.append(Self.wide(word)) }
      narrow = []
      isNarrow = false
    }

    /// Calls `body` with each row of `rows` and its Account in two words.
    @inline(__always)
    func forEach(in rows: Range<Int>, _ body: (Int, PartitionedAccount) -> Void) {
      if isNarrow {
        narrow.withUnsafeBufferPointer { narrow in
          for row in rows { body(row, Self.wide(narrow[row])) }
        }
      } else {
        wide.withUnsafeBufferPointer { wide in
          for row in rows { body(row, wide[row]) }
        }
      }
    }

    /// Calls `body` with the Accounts' storage, whichever form it is in,
    /// to move rows.
    mutating func withMutableStorage<R>(
      narrow narrowBody: (UnsafeMutableBufferPointer<UInt64>) -> R,
      wide wideBody: (UnsafeMutableBufferPointer<PartitionedAccount>) -> R
    ) -> R {
      isNarrow
        ? narrow.withUnsafeMutableBufferPointer { narrowBody($0) }
        : wide.withUnsafeMutableBufferPointer { wideBody($0) }
    }
  }

  /// How many partitions `expected` distinct accounts are split into: a
  /// power of two, at most 2^``FastAudienceReader/partBits``, each of about
  /// `split`'s accounts per partition.
  static func partitionCount(expected: Double, split: WorkSplit) -> Int {
    let perPartition = Double(split.accountsPerPartition)
    var count = 1
    while count < 1 << FastAudienceReader.partBits, Double(count) * perPartition < expected {
      count <<= 1
    }
    return count
  }

  /// Bits of an Account's part of the hash space (``part(_:)``), which
  /// choose its partition.
  static let partBits = 12

  /// The hash bits that choose an account's part: above those that place
  /// it in a partition's table (which has far fewer than 2^20 slots), below
  /// those that fingerprint a slot.
  @inline(__always)
  static func part(_ hash: UInt64) -> Int {
    Int(truncatingIfNeeded: hash >> 20) & (1 << FastAudienceReader.partBits - 1)
  }

  /// The kept rows of pass 1, each slice's moved within its arrays to
  /// their partitions: partition `p`'s rows are, slice after slice, rows
  /// `starts[slice][p] ..< starts[slice][p + 1]` of each.
  struct PartitionedRows: @unchecked Sendable {
    /// Per slice, its rows (assets, accounts and longer accounts).
    var slices: [SliceRows]
    /// Per slice, the bytes its longer accounts point into.
    var bodies: [UnsafeBufferPointer<UInt8>]
    /// Per slice, where each partition's rows start, and where the last ends.
    var starts: [[Int]]
    var partitionCount: Int
    var rowCount: Int
    /// Distinct accounts per row, as the slices' sketches estimate them.
    var expectedPerRow: Double

    /// Partition `partition`'s rows, as a range of each slice's, in slice order.
    func segments(of partition: Int) -> [(slice: Int, rows: Range<Int>)] {
      starts.indices.compactMap { slice in
        let rows = starts[slice][partition]..<starts[slice][partition + 1]
        return rows.isEmpty ? nil : (slice, rows)
      }
    }

    /// How many rows partition `partition` has.
    func count(of partition: Int) -> Int {
      starts.reduce(0) { $0 + $1[partition + 1] - $1[partition] }
    }
  }

  /// Moves the kept rows of pass 1 (read with accounts) to their
  /// partitions, each slice's within its own arrays, on a core of its own;
  /// `nil` when they hold too many rows for the ids.
  /// - Complexity: O(rows), each slice on a core of its own.
  static func partitionRows(_ kept: inout [KeptSlice], split: WorkSplit) -> PartitionedRows? {
    let rowCount = kept.reduce(0) { $0 + $1.rows.assets.count }
    guard rowCount < Int(UInt32.max) else { return nil }
    let sketched = kept.compactMap(\.rows.sketch)
    var sketch = sketched.first
    for other in sketched.dropFirst() { sketch!.merge(other) }
    let expected = min(sketch?.estimate ?? Double(rowCount), Double(rowCount))
    let partitions = partitionCount(expected: expected, split: split)
    let shift = FastAudienceReader.partBits - partitions.trailingZeroBitCount

    // Where each slice's partitions start within the slice.
    var starts: [[Int]] = []
    for slice in kept {
      var sliceStarts = [Int](repeating: 0, count: partitions + 1)
      var next = 0
      let fine = slice.rows.partCounts
      for partition in 0..<partitions {
        sliceStarts[partition] = next
        if !fine.isEmpty {
          for part in (partition << shift)..<((partition + 1) << shift) { next += fine[part] }
        }
      }
      sliceStarts[partitions] = next
      guard next == slice.rows.assets.count, next == slice.rows.accounts.count,
        next == slice.rows.parts.count
      else { return nil }
      starts.append(sliceStarts)
    }
    let sliceStarts = starts
    var slices = kept.map(\.rows)
    let bodies = kept.map(\.body)
    kept = []
    slices.withUnsafeMutableBufferPointer { slices in
      nonisolated(unsafe) let slices = slices
      WorkSplit.inParallel(slices.count) { index in
        partitionInPlace(&slices[index], starts: sliceStarts[index], shift: shift)
      }
    }
    return PartitionedRows(
      slices: slices, bodies: bodies, starts: starts, partitionCount: partitions,
      rowCount: rowCount, expectedPerRow: rowCount == 0 ? 0 : expected / Double(rowCount))
  }

  /// Numbers partition `partition`'s accounts from 0, writing each row's id
  /// to `ids`, one buffer per segment of the partition (``PartitionedRows/segments(of:)``),
  /// with `numbering`'s table (cleared first); returns how many distinct
  /// accounts it has.
  ///
  /// An account carried in its row is its own key (``PartitionedAccount``'s
  /// two words); a longer one is read from the file and interned by its
  /// bytes, its id taken from the same count.
  /// - Complexity: O(rows of the partition), its table within a core's cache.
  static func numberPartition(
    _ rows: PartitionedRows, _ partition: Int, numbering: inout WordPairNumbering,
    ids: [UnsafeMutableBufferPointer<UInt32>]
  ) -> Int {
    let segments = rows.segments(of: partition)
    precondition(segments.count == ids.count)
    numbering.clear(
      expected: Int(Double(rows.count(of: partition)) * rows.expectedPerRow) + 16)
    var long: ByteInterner?
    var longIDs: [UInt32] = []
    // Narrow words are keys as they are when every slice of the partition
    // kept them (each Account has one word), else all are taken in two.
    let narrow = segments.allSatisfy { rows.slices[$0.slice].accounts.isNarrow }
    for (segment, (slice, range)) in segments.enumerated() {
      let written = ids[segment]
      let longAccounts = rows.slices[slice].long
      let body = rows.bodies[slice]
      func longID(_ index: Int) -> UInt32 {
        if long == nil { long = ByteInterner(capacity: 64) }
        let (number, inserted) = long!.intern(longAccounts[index].bytes(in: body))
        if inserted { longIDs.append(UInt32(numbering.nextID())) }
        return longIDs[Int(number)]
      }
      if narrow {
        rows.slices[slice].accounts.narrow.withUnsafeBufferPointer { words in
          for row in range {
            let word = words[row]
            written[row - range.lowerBound] =
              KeptAccounts.isLong(word)
              ? longID(KeptAccounts.longIndex(word))
              : numbering.number(word, KeptAccounts.narrowKeySecondWord)
          }
        }
      } else {
        rows.slices[slice].accounts.forEach(in: range) { row, account in
          written[row - range.lowerBound] =
            account.isLong
            ? longID(account.index) : numbering.number(account.words.0, account.words.1)
        }
      }
    }
    return numbering.count
  }

  /// Lists of every asset from the kept rows of pass 1 (read with
  /// `partitioning`), or `nil` when they hold more accounts than ids allow.
  /// - Complexity: O(rows) on all cores, each partition's table within a
  ///   core's cache; O(d log d) per asset of d rows to de-duplicate.
  static func partitionedLists(
    _ kept: inout [KeptSlice], graph: AssetGraph, report: RowReadReport, split: WorkSplit
  ) -> AudienceLists? {
    var report = report
    guard var rows = partitionRows(&kept, split: split) else { return nil }
    let partitions = rows.partitionCount

    // Each row's account id, the slices' rows laid end to end as they lie
    // in their slices; each core numbers whole partitions, taken in turn
    // from a shared count.
    var sliceBases = [0]
    for slice in rows.slices {
      sliceBases.append(sliceBases[sliceBases.count - 1] + slice.assets.count)
    }
    let bases = sliceBases
    var ids = [UInt32].uninitialized(count: rows.rowCount)
    var distinct = [Int](repeating: 0, count: partitions)
    let taken = NextPartition()
    ids.withUnsafeMutableBufferPointer { ids in
      distinct.withUnsafeMutableBufferPointer { distinct in
        nonisolated(unsafe) let ids = ids
        nonisolated(unsafe) let distinct = distinct
        let partitioned = rows
        WorkSplit.inParallel(split.parts(of: partitioned.rowCount, per: split.pairsPerPart)) { _ in
          var numbering = WordPairNumbering()
          while let partition = taken.next(below: partitions) {
            let written = partitioned.segments(of: partition).map { slice, range in
              UnsafeMutableBufferPointer(
                rebasing: ids[(bases[slice] + range.lowerBound)..<(bases[slice] + range.upperBound)]
              )
            }
            distinct[partition] = numberPartition(
              partitioned, partition, numbering: &numbering, ids: written)
          }
        }
      }
    }
    let assets = rows.slices.map(\.assets)
    let starts = rows.starts
    rows.slices = []
    let accountCount = distinct.reduce(0, +)
    guard accountCount < Int(UInt32.max) else { return nil }
    // A partition's ids follow those of the partitions before it.
    var firsts = [UInt32](repeating: 0, count: partitions)
    for partition in 1..<max(partitions, 1) {
      firsts[partition] = firsts[partition - 1] + UInt32(distinct[partition - 1])
    }
    let firstID = firsts
    ids.withUnsafeMutableBufferPointer { ids in
      nonisolated(unsafe) let ids = ids
      WorkSplit.inParallel(starts.count) { slice in
        for partition in 1..<max(partitions, 1) where firstID[partition] > 0 {
          let base = firstID[partition]
          for row in starts[slice][partition]..<starts[slice][partition + 1] {
            ids[bases[slice] + row] += base
          }
        }
      }
    }
    let pieces = assets.indices.map { slice in
      (assets: assets[slice], accounts: ids[bases[slice]..<bases[slice + 1]])
    }
    return AudienceLists.build(
      assetCount: graph.nodeCount, accountCount: accountCount, pieces: pieces,
      report: &report, split: split)
  }

  /// Moves a slice's kept rows so that each partition's lie together, at
  /// `starts` (partition `p`'s from `starts[p]`), within the slice's own
  /// arrays: an in-place counting sort on the part of each row's account
  /// (its top bits, above `shift`, being its partition), in one round or,
  /// for more than ``moveFanOut`` partitions, two. In each round every row
  /// is read once, and moved at most once to a place its group or partition
  /// has not yet filled; a partition's rows do not keep their file order,
  /// which no count depends on. The parts are let go of once used.
  static func partitionInPlace(_ rows: inout SliceRows, starts: [Int], shift: Int) {
    guard starts.count > 2 else {
      rows.parts = []
      return
    }
    rows.assets.withUnsafeMutableBufferPointer { assets in
      rows.parts.withUnsafeMutableBufferPointer { parts in
        rows.accounts.withMutableStorage(
          narrow: { move(assets, $0, parts, starts: starts, shift: shift) },
          wide: { move(assets, $0, parts, starts: starts, shift: shift) })
      }
    }
    rows.parts = []
  }

  /// ``partitionInPlace(_:starts:shift:)`` over the rows' columns, the
  /// Accounts in either of their forms.
  ///
  /// Rows are carried to at most ``moveFanOut`` places at once: with more,
  /// each partition's next place is a line and a page of its own, and at XL
  /// (4,096 partitions of slices of 100 M rows) nearly every move waited for
  /// memory. More partitions are reached in two rounds, first to groups of
  /// partitions, then within each group.
  private static func move<Account>(
    _ assets: UnsafeMutableBufferPointer<UInt32>, _ accounts: UnsafeMutableBufferPointer<Account>,
    _ parts: UnsafeMutableBufferPointer<UInt16>, starts: [Int], shift: Int
  ) {
    let partitions = starts.count - 1
    let fanOut = moveFanOut
    guard partitions > fanOut else {
      carry(assets, accounts, parts, bounds: starts) { Int($0) >> shift }
      return
    }
    // Partitions are a power of two: so are the groups and their size.
    let perGroup = partitions / fanOut
    let groupShift = shift + perGroup.trailingZeroBitCount
    let groupBounds = stride(from: 0, through: partitions, by: perGroup).map { starts[$0] }
    carry(assets, accounts, parts, bounds: groupBounds) { Int($0) >> groupShift }
    for group in 0..<fanOut {
      let first = group * perGroup
      carry(assets, accounts, parts, bounds: Array(starts[first...(first + perGroup)])) {
        (Int($0) >> shift) & (perGroup - 1)
      }
    }
  }

  /// Partitions to which ``move(_:_:_:starts:shift:)`` carries rows at once.
  static var moveFanOut: Int { 64 }

  /// Moves the rows from `bounds.first` to `bounds.last` so that those of
  /// bucket `b` (`bucket` of their part) lie from `bounds[b]` to
  /// `bounds[b + 1]`: each row is read once, and moved at most once to a
  /// place its bucket has not yet filled.
  @inline(__always)
  private static func carry<Account>(
    _ assets: UnsafeMutableBufferPointer<UInt32>, _ accounts: UnsafeMutableBufferPointer<Account>,
    _ parts: UnsafeMutableBufferPointer<UInt16>, bounds: [Int], bucket: (UInt16) -> Int
  ) {
    let buckets = bounds.count - 1
    var heads = Array(bounds.dropLast())
    heads.withUnsafeMutableBufferPointer { heads in
      for current in 0..<buckets {
        let end = bounds[current + 1]
        while heads[current] < end {
          let place = heads[current]
          var asset = assets[place]
          var account = accounts[place]
          var part = parts[place]
          var home = bucket(part)
          // Carried to its bucket's next unfilled place, taking up the row
          // there, until the row carried is this bucket's.
          while home != current {
            let next = heads[home]
            heads[home] = next + 1
            // Each bucket's next places are asked of memory a few lines
            // ahead: the row taken up there says where to go next, so a
            // wait for it is a wait for the whole chain.
            cibgraph_prefetch(accounts.baseAddress! + (next &+ 8))
            cibgraph_prefetch(assets.baseAddress! + (next &+ 32))
            cibgraph_prefetch(parts.baseAddress! + (next &+ 64))
            swap(&asset, &assets[next])
            swap(&account, &accounts[next])
            swap(&part, &parts[next])
            home = bucket(part)
          }
          assets[place] = asset
          accounts[place] = account
          parts[place] = part
          heads[current] = place + 1
        }
      }
    }
  }
}

/// Hands out partitions to cores, each once, in order.
final class NextPartition: Sendable {
  private let taken = Atomic<Int>(0)

  /// The next partition no core has taken, or `nil` when all are.
  func next(below count: Int) -> Int? {
    let partition = taken.add(1, ordering: .relaxed).oldValue
    return partition < count ? partition : nil
  }
}

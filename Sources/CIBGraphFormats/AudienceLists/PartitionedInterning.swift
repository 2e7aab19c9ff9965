@_spi(Internal) import CIBGraphCore
@_spi(Internal) import CIBGraphSupport
import Synchronization

/// Pass 2 of ``FastAudienceReader`` for the lists of every asset: the
/// accounts are numbered partition by partition of the hash space, each
/// partition small enough that its table stays in a core's cache.
///
/// One table of every account (tens of millions) makes each row's lookup a
/// wait for memory, and the wait grows with the table as it outgrows the
/// caches and the address translation's reach, so the cost of a file grew
/// faster than its size. Here the kept rows are first moved, in file order
/// within each partition, to where their partition's rows go (a counting
/// sort on hash bits pass 1 kept for each row), carrying an Account of up to
/// 15 bytes in the row itself so that interning it reads nothing else; then
/// each core numbers the accounts of one partition after another in a table
/// of a few hundred kilobytes. A partition's ids are laid after those of the
/// partitions before it. Moving the rows is a sequential pass: it reads each
/// row once and writes to as many places as there are partitions.
extension FastAudienceReader {
  /// A kept row's Account, moved to its partition: its bytes (up to 15, the
  /// rest zero) and their count in the last byte, or, for a longer one,
  /// `0xFF` there and in the first word the slice (top 16 bits) and its
  /// place in that slice's list of longer accounts (below).
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

    /// A longer Account, the `index`-th of slice `slice`'s list.
    init(slice: Int, index: Int) {
      words = (UInt64(slice) << 48 | UInt64(index), Self.longMark)
    }

    var isLong: Bool { words.1 & Self.longMark == Self.longMark }
    var length: Int { Int(truncatingIfNeeded: words.1 >> 56) }
    var slice: Int { Int(truncatingIfNeeded: words.0 >> 48) }
    var index: Int { Int(truncatingIfNeeded: words.0 & 0xFFFF_FFFF_FFFF) }
  }

  /// How many partitions `expected` distinct accounts are split into: a
  /// power of two, at most 2^``AccountReference/partBits``, each of about
  /// `split`'s accounts per partition.
  static func partitionCount(expected: Double, split: WorkSplit) -> Int {
    let perPartition = Double(split.accountsPerPartition)
    var count = 1
    while count < 1 << AccountReference.partBits, Double(count) * perPartition < expected {
      count <<= 1
    }
    return count
  }

  /// The hash bits that choose an account's part: above those that place
  /// it in a partition's table (which has far fewer than 2^20 slots), below
  /// those that fingerprint a slot.
  @inline(__always)
  static func part(_ hash: UInt64) -> Int {
    Int(truncatingIfNeeded: hash >> 20) & (1 << AccountReference.partBits - 1)
  }

  /// The kept rows of pass 1, moved to their partitions: partition `p`'s
  /// rows are `starts[p] ..< starts[p + 1]`, in file order.
  struct PartitionedRows: @unchecked Sendable {
    var assets: [UInt32]
    var accounts: [PartitionedAccount]
    /// Per slice, its accounts longer than a row carries.
    var long: [[AccountReference]]
    /// Per slice, the bytes its accounts point into.
    var bodies: [UnsafeBufferPointer<UInt8>]
    var starts: [Int]
    /// Distinct accounts per row, as the slices' sketches estimate them.
    var expectedPerRow: Double

    var partitionCount: Int { starts.count - 1 }
    var rowCount: Int { assets.count }

    /// Partition `partition`'s rows.
    func rows(of partition: Int) -> Range<Int> { starts[partition]..<starts[partition + 1] }
  }

  /// Moves the kept rows of pass 1 (read with accounts) to their
  /// partitions, and lets go of what pass 1 kept; `nil` when they hold too
  /// many rows or long accounts for the ids and references.
  /// - Complexity: O(rows), each slice on a core of its own.
  static func partitionRows(_ kept: inout [KeptSlice], split: WorkSplit) -> PartitionedRows? {
    let rowCount = kept.reduce(0) { $0 + $1.rows.assets.count }
    guard rowCount < Int(UInt32.max) else { return nil }
    let sketched = kept.compactMap(\.rows.sketch)
    var sketch = sketched.first
    for other in sketched.dropFirst() { sketch!.merge(other) }
    let expected = min(sketch?.estimate ?? Double(rowCount), Double(rowCount))
    let partitions = partitionCount(expected: expected, split: split)
    let shift = AccountReference.partBits - partitions.trailingZeroBitCount

    // Where each slice's rows of each partition go: partition by partition,
    // and within one, slice by slice, so that rows keep their file order.
    var sliceStarts = [[Int]](repeating: [Int](repeating: 0, count: partitions), count: kept.count)
    var starts = [Int](repeating: 0, count: partitions + 1)
    var next = 0
    for partition in 0..<partitions {
      starts[partition] = next
      for (index, slice) in kept.enumerated() {
        sliceStarts[index][partition] = next
        let fine = slice.rows.partCounts
        if !fine.isEmpty {
          for part in (partition << shift)..<((partition + 1) << shift) { next += fine[part] }
        }
      }
    }
    starts[partitions] = next
    guard next == rowCount else { return nil }
    let slicesStarts = sliceStarts

    // Every row is written once: the counts said where.
    var assets = [UInt32].uninitialized(count: rowCount)
    var accounts = [PartitionedAccount].uninitialized(count: rowCount)
    let long = accounts.withUnsafeMutableBufferPointer { accounts in
      assets.withUnsafeMutableBufferPointer { assets in
        nonisolated(unsafe) let accounts = accounts
        nonisolated(unsafe) let assets = assets
        let slices = kept
        return WorkSplit.inParallel(slices.count) { index in
          moveRows(
            slices[index], slice: index, starts: slicesStarts[index], shift: shift,
            accounts: accounts, assets: assets)
        }
      }
    }
    // The rows moved, what pass 1 kept of them goes back.
    let bodies = kept.map(\.body)
    kept = []
    guard long.count < 1 << 16 else { return nil }
    return PartitionedRows(
      assets: assets, accounts: accounts, long: long, bodies: bodies, starts: starts,
      expectedPerRow: rowCount == 0 ? 0 : expected / Double(rowCount))
  }

  /// Numbers partition `partition`'s accounts from 0, writing each row's id
  /// to `ids` (one per row of the partition), with `numbering`'s table
  /// (cleared first); returns how many distinct accounts it has.
  ///
  /// An account carried in its row is its own key (``PartitionedAccount``'s
  /// two words); a longer one is read from the file and interned by its
  /// bytes, its id taken from the same count.
  /// - Complexity: O(rows of the partition), its table within a core's cache.
  static func numberPartition(
    _ rows: PartitionedRows, _ partition: Int, numbering: inout WordPairNumbering,
    ids: UnsafeMutableBufferPointer<UInt32>
  ) -> Int {
    let range = rows.rows(of: partition)
    numbering.clear(expected: Int(Double(range.count) * rows.expectedPerRow) + 16)
    var long: ByteInterner?
    var longIDs: [UInt32] = []
    rows.accounts.withUnsafeBufferPointer { accounts in
      for row in range {
        let account = accounts[row]
        if account.isLong {
          let reference = rows.long[account.slice][account.index]
          if long == nil { long = ByteInterner(capacity: 64) }
          let (id, inserted) = long!.intern(reference.bytes(in: rows.bodies[account.slice]))
          if inserted { longIDs.append(UInt32(numbering.nextID())) }
          ids[row - range.lowerBound] = longIDs[Int(id)]
        } else {
          ids[row - range.lowerBound] = numbering.number(account.words.0, account.words.1)
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
    let partitionStarts = rows.starts

    // Each core numbers whole partitions, taken in turn from a shared count.
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
            distinct[partition] = numberPartition(
              partitioned, partition, numbering: &numbering,
              ids: UnsafeMutableBufferPointer(rebasing: ids[partitioned.rows(of: partition)]))
          }
        }
      }
    }
    let assets = rows.assets
    rows = PartitionedRows(
      assets: [], accounts: [], long: [], bodies: [], starts: [], expectedPerRow: 0)
    let accountCount = distinct.reduce(0, +)
    guard accountCount < Int(UInt32.max) else { return nil }
    // A partition's ids follow those of the partitions before it.
    var bases = [UInt32](repeating: 0, count: partitions)
    for partition in 1..<max(partitions, 1) {
      bases[partition] = bases[partition - 1] + UInt32(distinct[partition - 1])
    }
    let firstID = bases
    ids.withUnsafeMutableBufferPointer { ids in
      nonisolated(unsafe) let ids = ids
      WorkSplit.inParallel(min(partitions, 8)) { part in
        var partition = part
        while partition < partitions {
          let base = firstID[partition]
          if base > 0 {
            for row in partitionStarts[partition]..<partitionStarts[partition + 1] {
              ids[row] += base
            }
          }
          partition += min(partitions, 8)
        }
      }
    }
    return AudienceLists.build(
      assetCount: graph.nodeCount, accountCount: accountCount, pieces: [(assets, ids)],
      report: &report, split: split)
  }

  /// Moves a slice's kept rows to their partitions' places, given from
  /// `starts`; returns the slice's accounts longer than a row carries, which
  /// the rows refer to (read from the file again when numbered: a mapped
  /// file's pages given back come back from the page cache).
  static func moveRows(
    _ slice: KeptSlice, slice index: Int, starts: [Int], shift: Int,
    accounts moved: UnsafeMutableBufferPointer<PartitionedAccount>,
    assets movedAssets: UnsafeMutableBufferPointer<UInt32>
  ) -> [AccountReference] {
    var cursor = starts
    var long: [AccountReference] = []
    let accounts = slice.rows.accounts
    let assets = slice.rows.assets
    var behind = PagesBehind(from: accounts.first?.offset ?? 0, release: slice.release)
    for row in accounts.indices {
      let account = accounts[row]
      let partition = account.part >> shift
      let bytes = account.bytes(in: slice.body)
      let place = cursor[partition]
      if bytes.count <= PartitionedAccount.inline {
        moved[place] = PartitionedAccount(bytes)
      } else {
        moved[place] = PartitionedAccount(slice: index, index: long.count)
        long.append(account)
      }
      movedAssets[place] = assets[row]
      cursor[partition] = place + 1
      if row & 0xFFFF == 0 { behind.passed(account.offset) }
    }
    return long
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

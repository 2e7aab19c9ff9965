@_spi(Internal) import CIBGraphCore
import CIBGraphShims
@_spi(Internal) import CIBGraphSupport

/// Pass 2 of ``FastAudienceReader`` when only the reach of the whole graph
/// is asked for: counted partition by partition, without lists.
///
/// An account's rows all fall in one partition of the hash space, so each
/// partition can answer on its own which kinds of asset its accounts follow
/// and how many distinct (asset, account) pairs it holds. Its accounts are
/// numbered, each row marks its asset's kind on its account (a bit each),
/// and its pair is compared with the first few assets its account has met,
/// held beside the account, or, for an account of more, looked up in a set
/// of the partition's pairs, all within a core's cache. Nothing the size of the whole audience is built after
/// the rows are moved: no account ids for every row, no lists sorted by
/// asset, no marks for every account.
extension FastAudienceReader {
  /// Distinct accounts per audience kind and over all kinds, and distinct
  /// pairs per kind, from the kept rows of pass 1 (read with accounts), as
  /// `AudienceReach(lists:graph:nodes:split:)` counts them over every node;
  /// `nil` when the rows cannot be partitioned, or the graph has more than
  /// 64 kinds with audiences.
  /// - Complexity: O(rows) on all cores.
  static func partitionedTotals(
    _ kept: inout [KeptSlice], graph: AssetGraph, report: RowReadReport, split: WorkSplit
  ) -> AudienceTotals? {
    guard let kinds = KindBits(graph) else { return nil }
    guard let rows = partitionRows(&kept, split: split) else { return nil }
    let taken = NextPartition()
    let tallies = kinds.bitOfNode.withUnsafeBufferPointer { bitOfNode in
      nonisolated(unsafe) let bitOfNode = bitOfNode
      return WorkSplit.inParallel(split.parts(of: rows.rowCount, per: split.pairsPerPart)) { _ in
        var tally = PartitionTally(kinds: kinds.kinds.count)
        var scratch = TallyScratch()
        while let partition = taken.next(below: rows.partitionCount) {
          tally.add(partition, of: rows, bitOfNode: bitOfNode, scratch: &scratch)
        }
        return tally
      }
    }
    var total = PartitionTally(kinds: kinds.kinds.count)
    for tally in tallies { total.merge(tally) }
    var reach = AudienceReach(
      distinct: PerKindNumber(), overall: total.accounts, summed: PerKindNumber())
    for (bit, kind) in kinds.kinds.enumerated() {
      reach.distinct[kind] = total.accountsPerKind[bit]
      reach.summed[kind] = total.pairsPerKind[bit]
    }
    var report = report
    report.duplicates += rows.rowCount - total.pairs
    return AudienceTotals(reach: reach, report: report)
  }

  /// A bit for each audience kind among a graph's nodes, and each node's.
  struct KindBits {
    /// The kinds with an audience among the nodes, in kind order: bit `b` is `kinds[b]`.
    var kinds: [AssetKind]
    /// Each node's kind's bit (0 for a node of a kind without audience,
    /// whose rows pass 1 has left out).
    var bitOfNode: [UInt8]

    /// `nil` when more than 64 kinds have audiences.
    init?(_ graph: AssetGraph) {
      // The kinds present, found by code in one specialised pass over the nodes.
      var present = [Bool](repeating: false, count: AssetKind.codeLimit)
      graph.kinds.withUnsafeBufferPointer { nodeKinds in
        for kind in nodeKinds { present[Int(kind.code)] = true }
      }
      kinds = AssetKind.withAudience(
        among: present.indices.filter { present[$0] }.map { AssetKind(code: UInt16($0)) })
      guard kinds.count <= 64 else { return nil }
      var bitOfCode = [UInt8](repeating: 0, count: AssetKind.codeLimit)
      for (bit, kind) in kinds.enumerated() { bitOfCode[Int(kind.code)] = UInt8(bit) }
      bitOfNode = graph.kinds.map { bitOfCode[Int($0.code)] }
    }
  }

  /// What the partitions a core has counted hold.
  struct PartitionTally: Sendable {
    /// Distinct accounts.
    var accounts = 0
    /// Distinct (asset, account) pairs.
    var pairs = 0
    /// Per kind bit: accounts following at least one asset of the kind.
    var accountsPerKind: [Int]
    /// Per kind bit: distinct pairs whose asset is of the kind.
    var pairsPerKind: [Int]

    init(kinds: Int) {
      accountsPerKind = [Int](repeating: 0, count: kinds)
      pairsPerKind = [Int](repeating: 0, count: kinds)
    }

    mutating func merge(_ other: PartitionTally) {
      accounts += other.accounts
      pairs += other.pairs
      for bit in accountsPerKind.indices {
        accountsPerKind[bit] += other.accountsPerKind[bit]
        pairsPerKind[bit] += other.pairsPerKind[bit]
      }
    }

    /// Counts partition `partition` of `rows`: numbers its accounts, marks
    /// their kinds, and counts their distinct pairs.
    mutating func add(
      _ partition: Int, of rows: PartitionedRows, bitOfNode: UnsafeBufferPointer<UInt8>,
      scratch: inout TallyScratch
    ) {
      let count = rows.count(of: partition)
      guard count > 0 else { return }
      scratch.reserve(rows: count)
      let segments = rows.segments(of: partition)
      var written: [UnsafeMutableBufferPointer<UInt32>] = []
      var first = 0
      for (_, range) in segments {
        written.append(
          UnsafeMutableBufferPointer(start: scratch.ids.start + first, count: range.count))
        first += range.count
      }
      let distinct = numberPartition(
        rows, partition, numbering: &scratch.numbering, ids: written)
      accounts += distinct
      scratch.reserve(accounts: distinct)
      let kindsOf = scratch.kindsOf.start
      kindsOf.update(repeating: 0, count: distinct)
      let heldCounts = scratch.heldCounts.start
      heldCounts.update(repeating: 0, count: distinct)
      let held = scratch.heldAssets.start
      let inline = TallyScratch.assetsHeld
      scratch.pairs.clear(expected: count / 4)
      for (segment, (slice, range)) in segments.enumerated() {
        let ids = written[segment]
        rows.slices[slice].assets.withUnsafeBufferPointer { assets in
          // A partition's rows name assets anywhere in the graph: each asset's
          // kind is asked of memory some rows ahead (at XL the kinds are 40 MB,
          // and waiting for each in turn was most of the count).
          let ahead = 16
          let named = UnsafeBufferPointer(rebasing: assets[range])
          let count = named.count
          for row in 0..<min(ahead, count) {
            cibgraph_prefetch(bitOfNode.baseAddress! + Int(named[row]))
          }
          for row in 0..<count {
            if row + ahead < count {
              cibgraph_prefetch(bitOfNode.baseAddress! + Int(named[row + ahead]))
            }
            let account = Int(ids[row])
            let asset = named[row]
            let bit = Int(bitOfNode[Int(asset)])
            kindsOf[account] |= 1 << UInt64(bit)
            // An account's first assets are held beside it and compared
            // there; its pairs go to the set once it has more.
            let heldCount = Int(heldCounts[account])
            let first = account &* inline
            if heldCount < inline {
              var met = false
              for index in 0..<heldCount where held[first &+ index] == asset {
                met = true
                break
              }
              if met { continue }
              held[first &+ heldCount] = asset
              heldCounts[account] = UInt8(heldCount &+ 1)
            } else {
              if heldCount == inline {
                for index in 0..<inline {
                  _ = scratch.pairs.insert(UInt64(account) << 32 | UInt64(held[first &+ index]))
                }
                heldCounts[account] = UInt8(inline &+ 1)
              }
              guard scratch.pairs.insert(UInt64(account) << 32 | UInt64(asset)) else { continue }
            }
            pairsPerKind[bit] += 1
            pairs += 1
          }
        }
      }
      for account in 0..<distinct {
        var kindsMet = kindsOf[account]
        while kindsMet != 0 {
          accountsPerKind[kindsMet.trailingZeroBitCount] += 1
          kindsMet &= kindsMet - 1
        }
      }
    }
  }

  /// A core's buffers for counting partitions, grown to the largest it has
  /// met and reused for the next.
  struct TallyScratch: ~Copyable {
    /// Each row's account id.
    var ids = ScratchBuffer<UInt32>(capacity: 0)
    /// Each account's kinds met, a bit each.
    var kindsOf = ScratchBuffer<UInt64>(capacity: 0)
    /// Each account's first assets (``assetsHeld`` of them).
    var heldAssets = ScratchBuffer<UInt32>(capacity: 0)
    /// How many assets each account holds, or ``assetsHeld`` + 1 once its
    /// pairs are in ``pairs``.
    var heldCounts = ScratchBuffer<UInt8>(capacity: 0)
    /// The (account, asset) pairs of the accounts of more assets than are held.
    var pairs = WordSet()

    /// Assets held beside each account: most accounts follow a few assets,
    /// whose pairs are then found distinct without a set (in the
    /// benchmark's file at L, 92% of the accounts follow at most four).
    static var assetsHeld: Int { 8 }
    /// The table that numbers the partition's accounts.
    var numbering = WordPairNumbering()

    /// Room for a partition of `rows` rows.
    mutating func reserve(rows: Int) {
      guard rows > ids.capacity else { return }
      ids = ScratchBuffer(capacity: max(rows, ids.capacity * 2))
    }

    /// Room for a partition of `accounts` distinct accounts.
    mutating func reserve(accounts: Int) {
      guard accounts > kindsOf.capacity else { return }
      let capacity = max(accounts, kindsOf.capacity * 2)
      kindsOf = ScratchBuffer(capacity: capacity)
      heldCounts = ScratchBuffer(capacity: capacity)
      heldAssets = ScratchBuffer(capacity: capacity * Self.assetsHeld)
    }
  }
}

import CIBGraphShims
@_spi(Internal) import CIBGraphSupport
import Foundation

/// Who follows or belongs to each asset: for every node of an
/// ``AssetGraph``, the sorted, de-duplicated dense ids of its audience
/// accounts, in compressed (CSR) form.
///
/// Read with `AudienceReader` from an audience CSV (`Asset,Account`), or
/// built in memory with ``init(graph:followers:)``:
///
/// ```swift
/// let lists = AudienceLists(graph: graph, followers: [
///   (asset: "p1", account: "u1"), (asset: "p1", account: "u2"), (asset: "g1", account: "u2"),
/// ])
/// DistinctCounter(lists: lists, graph: graph).count(graph.nodes)  // 2
/// ```
public struct AudienceLists: Sendable {
  /// Nodes of the graph the lists belong to.
  package let assetCount: Int
  /// Distinct audience accounts read.
  public let accountCount: Int
  /// `accounts[offsets[v] ..< offsets[v + 1]]` is node `v`'s audience, ascending.
  @usableFromInline package let offsets: [Int]
  @usableFromInline package let accounts: [UInt32]
  /// What reading found: rows read, used, duplicated and skipped.
  public let report: RowReadReport

  init(
    assetCount: Int, accountCount: Int, offsets: [Int], accounts: [UInt32],
    report: RowReadReport
  ) {
    self.assetCount = assetCount
    self.accountCount = accountCount
    self.offsets = offsets
    self.accounts = accounts
    self.report = report
  }

  /// Lists of who follows or belongs to each asset of `graph`, from (asset,
  /// account) pairs held in memory, as reading an audience file of those
  /// rows would build them.
  ///
  /// An asset is named by its node's identifier, an account by any
  /// identifier of its own; identifiers are the same when their UTF-8 bytes
  /// are. A pair repeated is counted once
  /// (the report counts the repeats). A pair is left out, and counted in
  /// ``report`` by reason, when its asset or account is empty, its asset is
  /// no node of `graph`, or the node has no audience list (an account or an
  /// organisation): the reasons an audience file's row is left out for.
  /// - Precondition: no account identifier is longer than 1 MiB (the
  ///   longest field a reader accepts).
  /// - Complexity: O(p) on average to look up and number p pairs, then
  ///   O(d log d) per asset of d pairs to sort them.
  public init(graph: AssetGraph, followers: some Sequence<(asset: String, account: String)>) {
    let nodes = graph.identifierIndex()
    var accounts = ByteInterner(capacity: 1 << 10)
    var report = RowReadReport(.audience, file: "(memory)")
    var pairAssets: [UInt32] = []
    var pairAccounts: [UInt32] = []
    for (asset, account) in followers {
      report.rows += 1
      var asset = asset
      let reason: RowReadReport.Reason?
      let node = asset.withUTF8 { nodes.find($0) }
      if asset.isEmpty {
        reason = .emptyAsset
      } else if account.isEmpty {
        reason = .emptyAccount
      } else if let node {
        reason =
          graph.kinds[Int(node)].hasAudience ? nil : .notAnAudienceAsset
      } else {
        reason = .unknownAsset
      }
      if let reason {
        report.skipped[reason, default: 0] += 1
        continue
      }
      precondition(
        account.utf8.count <= ByteExactID.longestID, "an account identifier longer than 1 MiB")
      pairAssets.append(node!)
      pairAccounts.append(accounts.intern(account))
    }
    self = Self.build(
      assetCount: graph.nodeCount, accountCount: accounts.count, assets: pairAssets,
      accounts: pairAccounts, report: &report)
  }

  /// The audience of `node`: distinct account ids, ascending.
  /// - Complexity: O(1).
  @inlinable @_spi(Internal) public func audience(of node: NodeIndex) -> ArraySlice<UInt32> {
    accounts[offsets[Int(node)]..<offsets[Int(node) + 1]]
  }

  /// The number of distinct accounts in `node`'s audience.
  @inlinable @_spi(Internal) public func size(of node: NodeIndex) -> Int {
    offsets[Int(node) + 1] - offsets[Int(node)]
  }

  /// Follow or membership pairs kept, duplicates removed.
  @inlinable @_spi(Internal) public var pairCount: Int { accounts.count }

  /// Builds lists from (asset node, account id) pairs, removing duplicates.
  ///
  /// A counting sort by asset, then each asset's accounts sorted and
  /// de-duplicated in place. Both are done on every core, each taking the
  /// assets of a range holding about as many pairs as the others'.
  /// - Complexity: O(p + n) counting sort by asset, then O(d log d) per
  ///   asset of d pairs.
  package static func build(
    assetCount: Int, accountCount: Int, assets pairAssets: [UInt32],
    accounts pairAccounts: [UInt32],
    report: inout RowReadReport
  ) -> AudienceLists {
    build(
      assetCount: assetCount, accountCount: accountCount,
      pieces: [(pairAssets, pairAccounts[...])], report: &report)
  }

  /// Builds lists from pairs given in pieces (read by several cores), in order.
  package static func build(
    assetCount: Int, accountCount: Int, pieces: [(assets: [UInt32], accounts: ArraySlice<UInt32>)],
    report: inout RowReadReport, split: WorkSplit = .standard
  ) -> AudienceLists {
    let pairCount = pieces.reduce(0) { $0 + $1.accounts.count }
    // At least one part per 2^32 - 1 pairs, so that a part's counts fit the
    // 32 bits each is counted in.
    let parts = max(
      split.parts(of: pairCount, per: split.pairsPerPart), pairCount / Int(UInt32.max) + 1)
    // Pairs per asset, each core counting a run of the pairs.
    let counts = WorkSplit.inParallel(parts) { part in
      var counts = [UInt32](repeating: 0, count: assetCount)
      counts.withUnsafeMutableBufferPointer { counts in
        var first = 0
        for piece in pieces {
          // This core's run of all the pairs, as rows of this piece.
          func row(_ pair: Int) -> Int { min(max(pair - first, 0), piece.assets.count) }
          let share = WorkSplit.run(part, of: parts, in: pairCount)
          let run = row(share.lowerBound)..<row(share.upperBound)
          first += piece.assets.count
          guard !run.isEmpty else { continue }
          piece.assets.withUnsafeBufferPointer { assets in
            for row in run { counts[Int(assets[row])] &+= 1 }
          }
        }
      }
      return counts
    }
    var offsets = [Int](repeating: 0, count: assetCount + 1)
    offsets.withUnsafeMutableBufferPointer { offsets in
      for v in 0..<assetCount {
        var count = 0
        for part in counts.indices { count += Int(counts[part][v]) }
        offsets[v + 1] = offsets[v] + count
      }
    }
    // Ranges of assets with about equal numbers of pairs, one per core.
    var firstAsset = [0]
    for part in 1..<parts {
      let wanted = WorkSplit.boundary(part, of: parts, in: pairCount)
      var low = firstAsset.last!
      var high = assetCount
      while low < high {  // the first asset whose pairs start at or after `wanted`
        let middle = (low + high) / 2
        if offsets[middle] < wanted { low = middle + 1 } else { high = middle }
      }
      firstAsset.append(low)
    }
    firstAsset.append(assetCount)
    let boundaries = firstAsset

    // Every place is written by the scatter below.
    var sorted = [UInt32].uninitialized(count: pairCount)
    // Each asset's length once de-duplicated, its accounts at its old start.
    var kept = [Int](repeating: 0, count: assetCount)
    sorted.withUnsafeMutableBufferPointer { sorted in
      kept.withUnsafeMutableBufferPointer { kept in
        offsets.withUnsafeBufferPointer { offsets in
          nonisolated(unsafe) let sorted = sorted
          nonisolated(unsafe) let kept = kept
          nonisolated(unsafe) let offsets = offsets
          WorkSplit.inParallel(parts) { part in
            let range = boundaries[part]..<boundaries[part + 1]
            var scratch: [UInt32] = []
            var cursor = Array(offsets[range])
            cursor.withUnsafeMutableBufferPointer { cursor in
              for piece in pieces {
                scatter(piece, from: range.lowerBound, cursor: cursor, into: sorted)
              }
            }
            for v in range {
              let start = offsets[v]
              let end = offsets[v + 1]
              guard start < end else { continue }
              Self.sortAccounts(
                UnsafeMutableBufferPointer(rebasing: sorted[start..<end]), scratch: &scratch)
              var write = start
              var previous: UInt32? = nil
              for i in start..<end where sorted[i] != previous {
                sorted[write] = sorted[i]
                previous = sorted[i]
                write += 1
              }
              kept[v] = write - start
            }
          }
        }
      }
    }
    // Squeeze out the gaps the duplicates left, in order.
    var compactOffsets = [Int](repeating: 0, count: assetCount + 1)
    var write = 0
    sorted.withUnsafeMutableBufferPointer { sorted in
      for v in 0..<assetCount {
        compactOffsets[v] = write
        let start = offsets[v]
        if write != start {
          for i in 0..<kept[v] { sorted[write + i] = sorted[start + i] }
        }
        write += kept[v]
      }
    }
    compactOffsets[assetCount] = write
    // Added to, not set: a streaming reader removes some duplicates as it
    // reads, and counts them in the report it passes here.
    report.duplicates += pairCount - write
    sorted.removeLast(sorted.count - write)
    return AudienceLists(
      assetCount: assetCount, accountCount: accountCount, offsets: compactOffsets, accounts: sorted,
      report: report)
  }
}

extension AudienceLists {
  /// Sorts one asset's account ids: by their bits, 11 at a time from the
  /// lowest (a least-significant-digit radix sort through `scratch`), as
  /// many as the largest id has, or by comparison when there are too few
  /// for the passes to pay. Sorting the lists by comparison was half of
  /// building those of the hundred largest audiences at L.
  /// - Complexity: O(n · ⌈b / 11⌉ + 2^11) for n ids of at most b bits.
  package static func sortAccounts(
    _ ids: UnsafeMutableBufferPointer<UInt32>, scratch: inout [UInt32]
  ) {
    let digitBits = 11
    let radix = 1 << digitBits
    guard ids.count >= 256 else {
      var ids = ids
      ids.sort()
      return
    }
    let largest = ids.max() ?? 0
    var bits = 1
    while bits < 32, UInt64(1) << bits <= UInt64(largest) { bits += 1 }
    let passes = (bits + digitBits - 1) / digitBits
    // Every place of the scratch a pass reads was written by the pass before.
    if scratch.count < ids.count { scratch = .uninitialized(count: ids.count) }
    scratch.withUnsafeMutableBufferPointer { scratch in
      let other = UnsafeMutableBufferPointer(rebasing: scratch[..<ids.count])
      withUnsafeTemporaryAllocation(of: Int.self, capacity: radix) { counts in
        var from = ids
        var to = other
        for pass in 0..<passes {
          let shift = UInt32(pass * digitBits)
          counts.initialize(repeating: 0)
          for id in from { counts[Int(id >> shift) & (radix - 1)] += 1 }
          var next = 0
          for digit in 0..<radix {
            let count = counts[digit]
            counts[digit] = next
            next += count
          }
          for id in from {
            let digit = Int(id >> shift) & (radix - 1)
            to[counts[digit]] = id
            counts[digit] += 1
          }
          swap(&from, &to)
        }
        // After an odd number of passes the sorted ids are in the scratch.
        if passes % 2 == 1 { _ = ids.update(fromContentsOf: from) }
      }
    }
  }
}

/// Moves the pairs of `piece` whose asset is one of `cursor`'s, counted
/// from `base`, to where `cursor` says their asset's accounts go next.
///
/// Both the cursor and the place written are random accesses into arrays of
/// millions: most of building the lists of L was waiting for them. So the
/// cursor of the pair `ahead` rows on is asked of memory first, and, when
/// it has come, the place that pair will write to, half as far ahead.
/// - Complexity: O(pairs of `piece`).
private func scatter(
  _ piece: (assets: [UInt32], accounts: ArraySlice<UInt32>), from base: Int,
  cursor: UnsafeMutableBufferPointer<Int>, into sorted: UnsafeMutableBufferPointer<UInt32>
) {
  let ahead = 64
  piece.assets.withUnsafeBufferPointer { assets in
    piece.accounts.withUnsafeBufferPointer { accounts in
      let count = assets.count
      let width = cursor.count
      for row in 0..<count {
        if row + ahead < count {
          let far = Int(assets[row + ahead]) &- base
          if far >= 0 && far < width { cibgraph_prefetch(cursor.baseAddress! + far) }
          let near = Int(assets[row + ahead / 2]) &- base
          if near >= 0 && near < width {
            cibgraph_prefetch(sorted.baseAddress! + min(cursor[near], sorted.count - 1))
          }
        }
        let asset = Int(assets[row]) &- base
        guard asset >= 0 && asset < width else { continue }
        sorted[cursor[asset]] = accounts[row]
        cursor[asset] += 1
      }
    }
  }
}

/// Whose audience lists a read builds.
public enum AudienceSelection: Sendable, Hashable {
  /// Every asset's.
  case all
  /// Those of the given number of assets with the largest audiences (and of
  /// any asset tied with the last of them): enough to compare them.
  case largest(Int)
  /// Those of the given assets.
  case assets([NodeIndex])
}

@_spi(Internal) import CIBGraphCore
import CIBGraphShims
@_spi(Internal) import CIBGraphSupport
import Dispatch
import Foundation
import Synchronization

/// Reads audience lists (`Asset,Account`) on every core, from files in
/// memory or mapped; ``AudienceReader`` reads what this one cannot.
///
/// The careful reader streams a file through ``CSVTokenizer`` on one core,
/// keeping each row's location for the messages it may need. This one
/// works in two passes over rows split out by ``RecordScanner``:
///
/// 1. Each core takes a slice of the file (starting at a record), looks each
///    row's Asset up in the graph's identifier table (shared, read only),
///    counts the rows left out by reason, and keeps the row's asset and,
///    for the lists of every asset, where its Account's bytes are, with hash
///    bits of the Account that choose its partition. For the lists of some
///    assets it keeps only which records were kept rows; once the assets are
///    chosen, their rows' Accounts are found again by scanning
///    (``selectedRows(_:selected:numberingAssets:)``). Assets the files name
///    themselves are numbered as met, each slice in a table of its own, or,
///    when only the largest audiences are wanted, only counted by hash
///    bucket (``largestNamed(_:files:kind:split:)``).
/// 2. The Accounts are numbered partition by partition of the hash space,
///    each in a table that stays in a core's cache
///    (``partitionedLists(_:graph:report:split:)``), and the partitions' ids
///    are laid end to end.
///
/// Accounts so get dense ids in a different order than the careful reader
/// gives them; no result depends on that order. Rows are counted, left out
/// and de-duplicated exactly as the careful reader does, and its located
/// examples of rows left out are taken from the careful reader itself, run
/// over just the part of the file that holds them. On broken quoting, an
/// identifier with an escaped quote, or a file that cannot be mapped, it
/// returns `nil` and the careful reader reads everything (and says where a
/// file is broken). Tests check both readers agree on random inputs.
package enum FastAudienceReader {
  /// Identifiers looked up or interned together (see ``ByteInterner/find(batch:into:)``).
  static let batchSize = 16

  /// One input: its bytes, its name for messages, and how to give back
  /// pages already read (for a mapped file).
  package struct Input {
    var bytes: UnsafeBufferPointer<UInt8>
    var name: String
    var release: FastSpreadsheetReader.Release?
    /// Told, from any core, the file and how many of its bytes have been read so far.
    var progress: (@Sendable (String, Int) -> Void)?

    package init(
      bytes: UnsafeBufferPointer<UInt8>, name: String, release: FastSpreadsheetReader.Release?,
      progress: (@Sendable (String, Int) -> Void)? = nil
    ) {
      self.bytes = bytes
      self.name = name
      self.release = release
      self.progress = progress
    }
  }

  /// Lists of every file together, or `nil` when the careful reader must read them.
  /// - Parameter selection: Whose lists to build; the rows of the other
  ///   assets are read, checked and counted, but their accounts not interned.
  /// - Complexity: O(bytes + rows), on all cores; O(d log d) per asset of d rows to de-duplicate.
  package static func read(
    files: [Input], graph: AssetGraph, selection: AudienceSelection = .all,
    split: WorkSplit = .standard
  ) -> AudienceLists? {
    read(files: files, assets: .nodes(of: graph), selection: selection, split: split)?.lists
  }

  /// Lists of every file together, and the graph of their assets (the one
  /// given, or that of the assets the files name), or `nil` when the
  /// careful reader must read them.
  /// - Parameter selection: As for ``read(files:graph:selection:split:)``;
  ///   assets named by node are nodes of the graph returned.
  package static func read(
    files: [Input], assets: AudienceAssets, selection: AudienceSelection = .all,
    split: WorkSplit = .standard
  ) -> (graph: AssetGraph, lists: AudienceLists)? {
    if case .named(let kind) = assets, case .largest(let count) = selection {
      return largestNamed(count, files: files, kind: kind, split: split)
    }
    guard
      case (var kept, var report, let graph)? = keptRows(
        files: files, assets: assets, keepAccounts: selection == .all, split: split)
    else { return nil }
    let lists: AudienceLists?
    switch selection {
    case .all:
      lists = partitionedLists(&kept, graph: graph, report: report, split: split)
    case .assets(let nodes):
      var selected = [Bool](repeating: false, count: graph.nodeCount)
      for node in nodes { selected[Int(node)] = true }
      report.duplicatesCoverAll = false
      lists = Self.lists(
        kept, selected: NodeBits(selected), graph: graph, report: report, split: split)
    case .largest(let count):
      report.duplicatesCoverAll = false
      lists = largest(count, kept, graph: graph, report: report, split: split)
    }
    return lists.map { (graph, $0) }
  }

  /// The reach over every asset of every file together, counted without
  /// lists; `nil` when the careful reader must read them.
  /// - Complexity: O(bytes + rows), on all cores.
  package static func totals(
    files: [Input], graph: AssetGraph, split: WorkSplit = .standard
  ) -> AudienceTotals? {
    guard
      let (read, report, _) = keptRows(
        files: files, assets: .nodes(of: graph), keepAccounts: true, split: split)
    else { return nil }
    var kept = read
    return partitionedTotals(&kept, graph: graph, report: report, split: split)
  }

  /// Pass 1 over every file: the rows kept from each slice, the report
  /// of the rows read and left out (with the careful reader's located
  /// examples), and the graph whose nodes the rows' assets are; `nil` when
  /// the careful reader must read the files.
  /// - Parameter keepAccounts: Whether to keep each row's Account (for
  ///   every asset's lists), or only which records were kept rows.
  static func keptRows(
    files: [Input], assets: AudienceAssets, keepAccounts: Bool, split: WorkSplit
  ) -> ([KeptSlice], RowReadReport, AssetGraph)? {
    let resolver: AssetResolver =
      switch assets {
      case .nodes(let graph):
        .lookUp(index: graph.identifierIndex(), audienceKind: NodeBits(audienceKindsOf: graph))
      case .named: .intern
      }
    guard
      case (var kept, let report)? = readKept(
        files: files, resolver: resolver, assets: assets, keepAccounts: keepAccounts, split: split)
    else { return nil }
    switch assets {
    case .nodes(let graph):
      return (kept, report, graph)
    case .named(let kind):
      let joined = joinNamedAssets(&kept, split: split)
      return (kept, report, AssetGraph(namedBy: joined, kind: kind))
    }
  }

  /// Pass 1 over every file with `resolver`: the rows kept from each slice,
  /// and the report of the rows read and left out (with the careful
  /// reader's located examples, `assets` saying how it finds them).
  /// - Parameter perCore: Slices a core, as ``RecordScanner/recordSlices(of:split:release:perCore:)``
  ///   takes them.
  static func readKept(
    files: [Input], resolver: AssetResolver, assets: AudienceAssets, keepAccounts: Bool,
    split: WorkSplit, perCore: Int = 1
  ) -> ([KeptSlice], RowReadReport)? {
    var report = RowReadReport(.audience, file: files.map(\.name).joined(separator: ", "))
    var kept: [KeptSlice] = []
    for file in files {
      guard let (columns, bodyStart) = header(file.bytes) else { return nil }
      let body = UnsafeBufferPointer(rebasing: file.bytes[bodyStart...])
      let release = file.release.map { release in
        { @Sendable (range: Range<Int>) in
          release((range.lowerBound + bodyStart)..<(range.upperBound + bodyStart))
        }
      }
      // Reading gives pages back and, for a progress line, counts what it has read.
      var readRelease = release
      if let progress = file.progress {
        let read = ByteCount()
        let name = file.name
        readRelease = { range in
          release?(range)
          progress(name, bodyStart + read.add(range.count))
        }
      }
      // Lists of some assets only keep which rows were kept: their accounts
      // are found again by scanning the file once the assets are chosen, so
      // that a reference per row (8 bytes each, most of the reader's memory)
      // is not held for the rows of every other asset.
      guard
        let read = readRows(
          body, offset: bodyStart, columns: columns, resolver: resolver,
          keepAccounts: keepAccounts, release: readRelease, giveBack: release, split: split,
          perCore: perCore)
      else { return nil }
      let skippedBefore = report.skippedTotal
      for slice in read {
        report.rows += slice.rows
        for (reason, count) in slice.skipped { report.skipped[reason, default: 0] += count }
      }
      // Located examples, as the careful reader gives them: it reads the part
      // of the file up to the last row left out that can still be shown.
      let room = report.kind.exampleLimit - report.skippedRows.count
      if room > 0, report.skippedTotal > skippedBefore {
        let lastShown = read.flatMap(\.skippedRecordEnds).sorted().prefix(room).last!
        report.skippedRows += AudienceReader.examples(
          in: UnsafeBufferPointer(rebasing: file.bytes[..<lastShown]), file: file.name,
          assets: assets, limit: room)
      }
      kept += read.map { KeptSlice(rows: $0, body: body, columns: columns, release: release) }
    }
    return (kept, report)
  }

  /// The assets the slices named, joined in file order, each slice's rows
  /// renumbered: the first slice's table is taken, and each later slice's
  /// assets, in the order it first met them, are interned into it, so every
  /// asset gets the number of its first appearance in the files.
  /// - Complexity: O(rows), on all cores, and one probe per distinct asset
  ///   of each slice after the first.
  static func joinNamedAssets(_ kept: inout [KeptSlice], split: WorkSplit) -> ByteInterner {
    guard !kept.isEmpty else { return ByteInterner(capacity: 1) }
    var joined = kept[0].rows.namedAssets ?? ByteInterner(capacity: 1)
    kept[0].rows.namedAssets = nil
    var renumbering: [[UInt32]] = [[]]
    for index in kept.indices.dropFirst() {
      let local = kept[index].rows.namedAssets ?? ByteInterner(capacity: 1)
      kept[index].rows.namedAssets = nil
      var renumbered = [UInt32].uninitialized(count: local.count)
      renumbered.withUnsafeMutableBufferPointer { renumbered in
        if let base = renumbered.baseAddress {
          joined.intern(
            allOf: local, into: base,
            parts: split.parts(of: local.count, per: split.identifiersPerPart))
        }
      }
      renumbering.append(renumbered)
    }
    // Each slice's rows are renumbered by a core of its own, in place.
    let renumberings = renumbering
    var columns = kept.indices.map { taken(&kept[$0].rows.assets) }
    columns.withUnsafeMutableBufferPointer { columns in
      nonisolated(unsafe) let columns = columns
      WorkSplit.inParallel(columns.count) { index in
        guard index > 0 else { return }
        renumberings[index].withUnsafeBufferPointer { renumbered in
          columns[index].withUnsafeMutableBufferPointer { rows in
            for row in rows.indices { rows[row] = renumbered[Int(rows[row])] }
          }
        }
      }
    }
    for index in kept.indices { kept[index].rows.assets = taken(&columns[index]) }
    return joined
  }

  /// A slice's kept rows, with the bytes their accounts point into.
  struct KeptSlice: @unchecked Sendable {
    var rows: SliceRows
    var body: UnsafeBufferPointer<UInt8>
    /// The file's columns, to find the accounts again when `rows` has none.
    var columns: Columns
    var release: FastSpreadsheetReader.Release?
  }

  /// Lists of the `count` assets with the largest audiences (and any tied
  /// with the last), found without interning the other assets' accounts: an
  /// asset's rows bound its distinct audience from above, so only assets
  /// with as many rows as the smallest audience chosen can be among them.
  /// Without duplicate rows this takes one round.
  /// - Complexity: O(n + rows) per round, for n nodes: the bound is found by
  ///   selection, not by sorting every asset.
  static func largest(
    _ count: Int, _ kept: [KeptSlice], graph: AssetGraph, report: RowReadReport,
    split: WorkSplit
  ) -> AudienceLists? {
    var rows = [UInt32](repeating: 0, count: graph.nodeCount)
    rows.withUnsafeMutableBufferPointer { rows in
      for slice in kept {
        for asset in slice.rows.assets { rows[Int(asset)] &+= 1 }
      }
    }
    // Rows of the last asset taken: every asset with at least as many is taken too.
    return RowCounts.largestInRounds(count, bounds: rows, firstRank: max(count, 1)) { selected in
      guard
        let lists = lists(kept, selected: selected, graph: graph, report: report, split: split)
      else { return nil }
      return (lists, graph.nodes.filter { selected[UInt32($0)] }.map { lists.size(of: $0) })
    }
  }

  /// Lists of the `count` assets the files name with the largest audiences
  /// (and any tied with the last), and the graph of those assets and
  /// perhaps a few others, in the order the files first name them; `nil`
  /// when the careful reader must read the files.
  ///
  /// No asset is numbered in the first pass: each row's Asset is hashed
  /// (with the per-process key, so no input can choose where) to one of up
  /// to a million buckets, and the rows of each bucket counted. A bucket's
  /// rows bound from above the rows, and so the distinct audience, of every
  /// asset in it, so only the assets of buckets with as many rows as the
  /// smallest audience chosen can be among the largest: their rows are
  /// found again by scanning, their assets numbered, and their lists built,
  /// as ``largest(_:_:graph:report:split:)`` does for a graph's assets.
  /// Interning each of millions of assets as its rows are read, in tables
  /// that grow and are then joined slice by slice, was most of the time
  /// of finding the few that are compared.
  /// - Complexity: O(bytes + rows) per round, on all cores; usually one
  ///   round, as the bound is first taken below the `count`-th bucket's rows.
  static func largestNamed(
    _ count: Int, files: [Input], kind: AssetKind, split: WorkSplit
  ) -> (graph: AssetGraph, lists: AudienceLists)? {
    let bits = bucketBits(bytes: files.reduce(0) { $0 + $1.bytes.count })
    // Several slices a core, as the edges are read: with no tables to join,
    // a slice costs only its counts, and with one a core, one core was left
    // idle while the other finished a slower slice.
    guard
      case (let kept, var report)? = readKept(
        files: files, resolver: .bucket(bits: bits), assets: .named(kind), keepAccounts: false,
        split: split, perCore: 4)
    else { return nil }
    report.duplicatesCoverAll = false
    var rows = [UInt32](repeating: 0, count: 1 << bits)
    var keptRows = 0
    rows.withUnsafeMutableBufferPointer { rows in
      for slice in kept {
        keptRows += slice.rows.assets.count
        slice.rows.bucketRows.withUnsafeBufferPointer { counted in
          for bucket in counted.indices { rows[bucket] &+= counted[bucket] }
        }
      }
    }
    guard keptRows < Int(UInt32.max) else { return nil }
    let wanted = max(count, 1)
    // Buckets hold a little more than their largest asset's rows, so a bound
    // at the count-th bucket's rows would nearly always need a second round.
    return RowCounts.largestInRounds(count, bounds: rows, firstRank: wanted + wanted / 2 + 8) {
      selected in
      guard
        let (graph, lists) = namedLists(
          kept, selected: selected, kind: kind, report: report, split: split)
      else { return nil }
      return ((graph, lists), graph.nodes.map { lists.size(of: $0) })
    }
  }

  /// Buckets for the assets of `bytes` of audience files: about one for
  /// every 256 bytes (sixteen rows or more), from 2^10 to 2^20 (4 MiB of
  /// counts a slice). More would leave fewer assets sharing a bucket, but
  /// every bucket is counted, merged and ranked on one core.
  static func bucketBits(bytes: Int) -> Int {
    var bits = 10
    while bits < 20, 1 << bits < bytes / 256 { bits += 1 }
    return bits
  }

  /// The lists of the kept rows whose buckets are `selected` (read by
  /// ``largestNamed(_:files:kind:split:)``), and the graph of their assets,
  /// numbered in the order the files first name them.
  static func namedLists(
    _ kept: [KeptSlice], selected: NodeBits, kind: AssetKind, report: RowReadReport,
    split: WorkSplit
  ) -> (graph: AssetGraph, lists: AudienceLists)? {
    // Each slice numbers the assets of its rows as it meets them, and the
    // slices' numbers are joined in file order, as pass 1 numbers them for
    // every asset: ids follow first appearance.
    var chosen = WorkSplit.inParallel(kept.count) { index in
      var slice = kept[index]
      slice.rows = selectedRows(kept[index], selected: selected, numberingAssets: true)
      return slice
    }
    let graph = AssetGraph(namedBy: joinNamedAssets(&chosen, split: split), kind: kind)
    return partitionedLists(&chosen, graph: graph, report: report, split: split).map {
      (graph, $0)
    }
  }

  /// Numbers the accounts of the kept rows of `selected` assets, as
  /// ``partitionedLists(_:graph:report:split:)`` numbers every asset's, and
  /// builds their lists.
  /// - Parameter selected: A bit per asset: looked up for every row, it
  ///   stays in a core's cache.
  static func lists(
    _ kept: [KeptSlice], selected: NodeBits, graph: AssetGraph, report: RowReadReport,
    split: WorkSplit
  ) -> AudienceLists? {
    var chosen = WorkSplit.inParallel(kept.count) { index in
      var slice = kept[index]
      slice.rows = selectedRows(kept[index], selected: selected)
      return slice
    }
    return partitionedLists(&chosen, graph: graph, report: report, split: split)
  }

  /// Where a row's Asset and Account are, and how many fields each row has.
  struct Columns: Sendable {
    var asset: Int
    var account: Int
    /// The header's fields.
    var fieldCount: Int
  }

  /// The header's columns and where the rows begin; `nil` for a header the
  /// careful reader must judge (it says what is missing).
  static func header(_ bytes: UnsafeBufferPointer<UInt8>) -> (Columns, Int)? {
    guard
      let (header, start) = FastSpreadsheetReader.header(bytes, known: AudienceReader.headerNames),
      let asset = header["asset"], let account = header["account"]
    else { return nil }
    return (Columns(asset: asset, account: account, fieldCount: header.fieldCount), start)
  }

  /// What one core kept of its slice of a file.
  struct SliceRows: Sendable {
    var rows = 0
    var skipped: [RowReadReport.Reason: Int] = [:]
    /// Where the first rows left out end (a few more than can be shown).
    var skippedRecordEnds: [Int] = []
    var assets: [UInt32] = []
    /// Each kept row's Account, carried in the row (see
    /// ``FastAudienceReader/KeptAccounts``); empty when the reader
    /// was asked not to keep them, and ``keptRecords`` says which records
    /// the rows of ``assets`` are.
    var accounts = KeptAccounts()
    /// Each kept row's part of the hash space (below 2^``FastAudienceReader/partBits``),
    /// beside ``accounts``: which partition the row goes to.
    var parts: [UInt16] = []
    /// The Accounts too long to be carried in a row, which ``accounts``
    /// refer to by place in this list.
    var long: [AccountReference] = []
    /// The bytes the slice read, after the file's header.
    var range: Range<Int> = 0..<0
    /// One bit per record of the slice, in order: whether it is a kept row.
    var keptRecords: [UInt64] = []
    /// Whether the slice held no quote and no carriage return: its records
    /// are lines.
    var plain = false
    /// The assets the slice named, numbered as it met them, when they are
    /// not a graph's (``AudienceAssets/named(_:)``): ``assets`` are their
    /// numbers until ``FastAudienceReader/joinNamedAssets(_:split:)`` joins them.
    var namedAssets: ByteInterner?

    /// No rows yet; with `keepingAccounts`, ready to ``keep(_:_:in:)`` them.
    init(keepingAccounts: Bool = false) {
      guard keepingAccounts else { return }
      sketch = HyperLogLog(precision: FastAudienceReader.sketchPrecision)
      partCounts = [Int](repeating: 0, count: 1 << FastAudienceReader.partBits)
    }

    /// Keeps a row of `asset` and `account` (in `body`), the account given
    /// its part of the hash space, counted there and sketched, and carried
    /// in the row: its bytes are in the cache now, and the rows are later
    /// moved to their partitions within the slice's own arrays.
    mutating func keep(
      _ asset: UInt32, _ account: AccountReference, in body: UnsafeBufferPointer<UInt8>
    ) {
      let bytes = account.bytes(in: body)
      let hash = hasher(bytes)
      let part = FastAudienceReader.part(hash)
      partCounts[part] &+= 1
      sketch!.add(hash: hash)
      assets.append(asset)
      parts.append(UInt16(truncatingIfNeeded: part))
      if bytes.count <= PartitionedAccount.inline {
        accounts.append(bytes)
      } else {
        accounts.append(long: long.count)
        long.append(account)
      }
    }
    /// The accounts' distinct count, sketched when they were given parts.
    var sketch: HyperLogLog?
    /// What accounts are hashed with, for their parts and the sketch.
    let hasher = IdentifierHash()
    /// Kept rows per part of the hash space (``FastAudienceReader/partBits``),
    /// when accounts were given parts.
    var partCounts: [Int] = []
    /// Kept rows per bucket, when the assets are buckets (``AssetResolver/bucket(bits:)``).
    var bucketRows: [UInt32] = []

    /// The number of an Asset among those the slice has named
    /// (``namedAssets``, which must be there), numbering it if new.
    mutating func number(_ asset: UnsafeBufferPointer<UInt8>) -> UInt32 {
      namedAssets!.intern(asset).id
    }
  }

  /// Pass 1, on all cores.
  static func readRows(
    _ body: UnsafeBufferPointer<UInt8>, offset: Int, columns: Columns,
    resolver: AssetResolver, keepAccounts: Bool,
    release: FastSpreadsheetReader.Release?, giveBack: FastSpreadsheetReader.Release? = nil,
    split: WorkSplit, perCore: Int = 1
  ) -> [SliceRows]? {
    nonisolated(unsafe) let body = body
    func read(_ ranges: [Range<Int>], release: FastSpreadsheetReader.Release?) -> [SliceRows]? {
      let results = WorkSplit.inParallel(ranges.count) { part in
        readSlice(
          body, ranges[part], offset: offset, columns: columns, resolver: resolver,
          keepAccounts: keepAccounts, release: release)
      }
      var slices: [SliceRows] = []
      for part in ranges.indices {
        guard let slice = results[part] else { return nil }
        slices.append(slice)
      }
      return slices
    }
    // Slices cut at the line breaks after equal shares are right unless one
    // of those breaks is inside quotes, which reading them finds.
    let guessed = RecordScanner.guessedSlices(of: body, split: split, perCore: perCore)
    if let slices = read(guessed, release: release) { return slices }
    guard guessed.count > 1 else { return nil }
    // Then the slices are found by a pass of their own, which counts the
    // quotes; the pages read again are given back, but not counted as read
    // a second time.
    let counted = RecordScanner.recordSlices(
      of: body, split: split, release: giveBack, perCore: perCore
    ).map(\.range)
    return read(counted, release: giveBack)
  }

  static func readSlice(
    _ body: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, offset: Int,
    columns: Columns, resolver: AssetResolver, keepAccounts: Bool = true,
    release: FastSpreadsheetReader.Release?
  ) -> SliceRows? {
    var slice = SliceRows(keepingAccounts: keepAccounts)
    // The assets this slice names, when they are not a graph's.
    var named: ByteInterner
    switch resolver {
    case .lookUp: named = ByteInterner(capacity: 1)
    case .intern: named = ByteInterner(capacity: 1 << 12)
    case .bucket:
      named = ByteInterner(capacity: 1)
    }
    // Counted through a pointer: an array's element, incremented for every
    // row, is checked each time for being shared.
    let bucketRows = UnsafeMutableBufferPointer<UInt32>.allocate(
      capacity: resolver.bucketCount)
    bucketRows.initialize(repeating: 0)
    defer { bucketRows.deallocate() }
    slice.range = range
    slice.assets.reserveCapacity(range.count / 16)
    if keepAccounts {
      slice.accounts.reserveCapacity(range.count / 16)
      slice.parts.reserveCapacity(range.count / 16)
    } else {
      slice.keptRecords.reserveCapacity(range.count / 16 / 64 + 1)
    }
    // Rows wait in batches so that their Assets are looked up together: a
    // row's slot is asked of memory as it is read, and a batch is settled
    // once the next one has been read, so that the wait overlaps the reading.
    var reading = Batch()
    var waiting = Batch()
    var behind = PagesBehind(from: range.lowerBound, release: release)
    let hasher = IdentifierHash()
    var keptRecords = RecordBits()
    func skip(_ reason: RowReadReport.Reason, recordEnd: Int) {
      slice.skipped[reason, default: 0] += 1
      if slice.skippedRecordEnds.count < RowReadReport.Rows.audience.exampleLimit {
        slice.skippedRecordEnds.append(offset + recordEnd)
      }
    }
    // Settles a batch's rows in file order, so the first rows left out are the file's first.
    func settle(_ batch: inout Batch) {
      let found = batch.found.start
      let audienceKind: NodeBits?
      switch resolver {
      case .lookUp(let index, let kinds):
        index.find(
          batch: batch.assets.prefix(batch.lookups), keys: batch.keys.prefix(batch.lookups),
          into: found)
        // Whether each asset has an audience is asked of memory for the whole
        // batch before the first is needed (at XL the flags are 5 MB).
        for i in 0..<batch.lookups where found[i] != .max { kinds.prefetch(found[i]) }
        audienceKind = kinds
      case .intern:
        named.intern(
          batch: batch.assets.prefix(batch.lookups), keys: batch.keys.prefix(batch.lookups),
          into: found)
        audienceKind = nil
      case .bucket:
        found.update(from: batch.buckets.start, count: batch.lookups)
        audienceKind = nil
      }
      var lookup = 0
      for i in 0..<batch.count {
        let row = batch.rows[i]
        if let reason = row.skip {
          skip(reason, recordEnd: row.recordEnd)
          continue
        }
        let asset = found[lookup]
        lookup += 1
        if asset == .max {
          skip(.unknownAsset, recordEnd: row.recordEnd)
        } else if let audienceKind, !audienceKind[asset] {
          skip(.notAnAudienceAsset, recordEnd: row.recordEnd)
        } else if keepAccounts {
          slice.keep(asset, row.account, in: body)
        } else {
          if !bucketRows.isEmpty { bucketRows[Int(asset)] &+= 1 }
          slice.assets.append(asset)
          keptRecords.add(row.record, to: &slice.keptRecords)
        }
      }
      behind.passed(batch.end)
      batch.count = 0
      batch.lookups = 0
    }
    var scanner = RecordScanner(body, from: range.lowerBound, to: range.upperBound)
    let fields = ScratchBuffer<FieldSpan>(capacity: RecordScanner.maxFields)
    while true {
      switch scanner.next(into: fields.start) {
      case .end:
        settle(&waiting)
        settle(&reading)
        keptRecords.finish(&slice.keptRecords)
        if case .intern = resolver { slice.namedAssets = named }
        if !bucketRows.isEmpty { slice.bucketRows = Array(bucketRows) }
        slice.plain = !scanner.sawQuoteOrCR
        behind.giveBack(upTo: range.upperBound)
        return slice
      case .unusual:
        return nil
      case .record(let fieldCount):
        var row = PendingRow(
          skip: nil, account: .none, recordEnd: scanner.position, record: slice.rows)
        slice.rows += 1
        if fieldCount < columns.fieldCount {
          row.skip = .missingFields
        } else if fieldCount > columns.fieldCount {
          row.skip = .extraFields
        } else {
          let assetField = fields[columns.asset]
          let accountField = fields[columns.account]
          guard !assetField.escaped, !accountField.escaped,
            AccountReference.fits(offset: accountField.start, length: accountField.count)
          else {
            return nil
          }
          if assetField.isEmpty {
            row.skip = .emptyAsset
          } else if accountField.isEmpty {
            row.skip = .emptyAccount
          } else {
            let bytes = scanner.bytes(assetField)
            switch resolver {
            case .lookUp(let index, _):
              reading.keys[reading.lookups] = index.key(prefetching: bytes)
            case .intern:
              // Named by the file alone, an Asset that is not UTF-8 is refused
              // by the careful reader, which says where.
              guard scanner.isValidText(assetField) else { return nil }
              reading.keys[reading.lookups] = named.key(prefetching: bytes)
            case .bucket(let bits):
              guard scanner.isValidText(assetField) else { return nil }
              let hash = hasher(bytes)
              let bucket = Int(truncatingIfNeeded: hash >> UInt64(64 - bits))
              reading.buckets[reading.lookups] = UInt32(truncatingIfNeeded: bucket)
              cibgraph_prefetch(bucketRows.baseAddress! + bucket)
            }
            reading.assets[reading.lookups] = bytes
            reading.lookups += 1
            row.account = AccountReference(offset: accountField.start, length: accountField.count)
          }
        }
        reading.rows[reading.count] = row
        reading.count += 1
        if reading.count == batchSize {
          reading.end = scanner.position
          settle(&waiting)
          swap(&reading, &waiting)
        }
      }
    }
  }

  /// The bits of records, set in ascending order, gathered a word at a
  /// time: an array's element, changed for every row, is checked each time
  /// for being shared.
  struct RecordBits {
    private var word: UInt64 = 0
    private var index = 0

    /// Sets the bit of `record`, at or after every record set before it,
    /// appending to `words` the words before its own.
    mutating func add(_ record: Int, to words: inout [UInt64]) {
      if record >> 6 != index {
        if word != 0 { finish(&words) }
        index = record >> 6
        word = 0
      }
      word |= 1 << UInt64(record & 63)
    }

    /// Appends the word being gathered, if it has a bit set, to `words`:
    /// `words` then ends with the last record's word.
    mutating func finish(_ words: inout [UInt64]) {
      guard word != 0 else { return }
      while words.count < index { words.append(0) }
      words.append(word)
      word = 0
    }
  }

  /// The records whose bits are set in words that ``RecordBits`` gathered,
  /// in order, found a word at a time: a record not kept costs nothing,
  /// where testing each record's bit in turn was a tenth of the overlap's
  /// time.
  struct KeptRecordWalk {
    private let words: [UInt64]
    private var index = 0
    private var word: UInt64

    init(_ words: [UInt64]) {
      self.words = words
      word = words.first ?? 0
    }

    /// The next kept record, or `nil` after the last.
    mutating func next() -> Int? {
      while word == 0 {
        index += 1
        guard index < words.count else { return nil }
        word = words[index]
      }
      let record = index << 6 | word.trailingZeroBitCount
      word &= word &- 1
      return record
    }
  }

  /// How pass 1 finds the node of a row's Asset.
  enum AssetResolver: Sendable {
    /// Looked up among a graph's identifiers; `audienceKind` says which
    /// nodes have an audience.
    case lookUp(index: ByteInterner, audienceKind: NodeBits)
    /// Interned among the assets the slice has named so far.
    case intern
    /// Hashed to one of 2^`bits` buckets, whose rows are counted
    /// (``SliceRows/bucketRows``); a kept row's asset is its bucket, and no
    /// asset is numbered (``largestNamed(_:files:kind:split:)``).
    case bucket(bits: Int)

    /// How many buckets rows are counted in: none unless assets are bucketed.
    var bucketCount: Int {
      if case .bucket(let bits) = self { 1 << bits } else { 0 }
    }
  }

  /// Rows read together, waiting for their Assets to be found.
  struct Batch: ~Copyable {
    let rows = ScratchBuffer<PendingRow>(capacity: batchSize)
    /// The Assets of the rows not already left out, in order, and their keys.
    let assets = ScratchBuffer<UnsafeBufferPointer<UInt8>>(capacity: batchSize)
    let keys = ScratchBuffer<ByteInterner.Key>(capacity: batchSize)
    /// The Assets' buckets, when they are hashed to buckets rather than found.
    let buckets = ScratchBuffer<UInt32>(capacity: batchSize)
    let found = ScratchBuffer<UInt32>(capacity: batchSize)
    var count = 0
    var lookups = 0
    /// Where the last row ends.
    var end = 0
  }

  /// Registers of the sketches that size the interners: 2^14 bytes per
  /// slice, a standard error of 0.8 %.
  static let sketchPrecision = 14

  /// The kept rows of `slice` (read without their accounts) whose asset is
  /// `selected`, each account given its part, as pass 1 gives every row's
  /// for the lists of every asset. The slice's records are scanned again,
  /// as the first pass split them, and those it kept
  /// (``SliceRows/keptRecords``) are its rows, in order.
  /// - Parameter numberingAssets: Whether to number the rows' Assets as the
  ///   slice meets them (in ``SliceRows/namedAssets``), for assets that were
  ///   only bucketed: their bytes are read as the row is, before its page
  ///   is given back.
  static func selectedRows(
    _ slice: KeptSlice, selected: NodeBits, numberingAssets: Bool = false
  ) -> SliceRows {
    var chosen = SliceRows(keepingAccounts: true)
    let rows = slice.rows
    // The selected rows, to be found: when the assets are buckets, their
    // counts say how many without a pass over every row.
    var taken = 0
    if rows.bucketRows.isEmpty {
      for asset in rows.assets where selected[asset] { taken += 1 }
    } else {
      for (bucket, count) in rows.bucketRows.enumerated() where selected[UInt32(bucket)] {
        taken += Int(count)
      }
    }
    chosen.assets.reserveCapacity(taken)
    chosen.accounts.reserveCapacity(taken)
    chosen.parts.reserveCapacity(taken)
    if numberingAssets { chosen.namedAssets = ByteInterner(capacity: 64) }
    var behind = PagesBehind(from: rows.range.lowerBound, release: slice.release)
    let accountColumn = slice.columns.account
    let assetColumn = slice.columns.asset
    func fieldBytes(_ field: FieldSpan) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(rebasing: slice.body[field.start..<field.end])
    }
    var record = 0
    var row = 0
    // The record's Account, if its row was kept and its asset is selected.
    func take(_ account: () -> FieldSpan, _ assetField: () -> FieldSpan, position: Int) {
      defer { record += 1 }
      guard rows.keptRecords[record >> 6] >> UInt64(record & 63) & 1 != 0 else { return }
      let asset = rows.assets[row]
      row += 1
      guard selected[asset] else { return }
      taken -= 1
      let field = account()
      let number = numberingAssets ? chosen.number(fieldBytes(assetField())) : asset
      chosen.keep(
        number, AccountReference(offset: field.start, length: field.count), in: slice.body)
      behind.passed(position)
    }
    if rows.plain {
      // Which records are wanted is known without reading them: the records
      // between two wanted ones are skipped together, their line ends
      // counted many bytes at a time.
      var lines = PlainLines(plain: slice.body, rows.range)
      var kept = KeptRecordWalk(rows.keptRecords)
      while taken > 0 {
        // The next kept record whose asset is selected, found a word of
        // records at a time: only kept records are visited, each by its bit.
        var asset: UInt32?
        var found = 0
        rows.assets.withUnsafeBufferPointer { assets in
          while let next = kept.next() {
            let candidate = assets[row]
            row += 1
            if selected[candidate] {
              (asset, found) = (candidate, next)
              return
            }
          }
        }
        guard let asset else { break }
        lines.skip(found - record)
        record = found + 1
        guard let line = lines.next() else { break }
        taken -= 1
        let field = lines.field(accountColumn, of: line)
        let number =
          numberingAssets ? chosen.number(fieldBytes(lines.field(assetColumn, of: line))) : asset
        chosen.keep(
          number, AccountReference(offset: field.start, length: field.count), in: slice.body)
        behind.passed(line.upperBound)
      }
    } else {
      var scanner = RecordScanner(
        slice.body, from: rows.range.lowerBound, to: rows.range.upperBound)
      let fields = ScratchBuffer<FieldSpan>(capacity: RecordScanner.maxFields)
      while taken > 0, case .record = scanner.next(into: fields.start) {
        take({ fields[accountColumn] }, { fields[assetColumn] }, position: scanner.position)
      }
    }
    behind.giveBack(upTo: rows.range.upperBound)
    return chosen
  }

  /// A row read but not yet settled: left out for a reason known without
  /// its Asset, or waiting for its Asset to be looked up.
  struct PendingRow {
    var skip: RowReadReport.Reason?
    var account: AccountReference
    var recordEnd: Int
    /// The record's place in its slice.
    var record: Int
  }
}

/// One bit per node, for a flag looked up once per row: a bit rather than a
/// `Bool` so that millions of nodes' flags stay in a core's cache (as
/// `[Bool]`, the cache miss of looking up whether a row's asset has an
/// audience list was most of reading the row, measured with perf).
struct NodeBits: Sendable {
  private var words: [UInt64]

  /// The bits of `flags`, in order.
  init(_ flags: [Bool]) {
    words = [UInt64](repeating: 0, count: (flags.count + 63) / 64)
    for (node, flag) in flags.enumerated() where flag {
      words[node >> 6] |= 1 << UInt64(node & 63)
    }
  }

  /// A bit for each of `values`: whether it is at least `bound`.
  init(_ values: [UInt32], atLeast bound: UInt32) {
    words = [UInt64](repeating: 0, count: (values.count + 63) / 64)
    values.withUnsafeBufferPointer { values in
      for index in values.indices where values[index] >= bound {
        words[index >> 6] |= 1 << UInt64(index & 63)
      }
    }
  }

  /// Which of `graph`'s nodes are of a kind with an audience: a kind's
  /// answer is asked once, not once per node.
  init(audienceKindsOf graph: AssetGraph) {
    // Per kind code: -1 not yet asked, else 0 or 1.
    var byCode = [Int8](repeating: -1, count: AssetKind.codeLimit)
    words = [UInt64](repeating: 0, count: (graph.nodeCount + 63) / 64)
    graph.kinds.withUnsafeBufferPointer { kinds in
      for (node, kind) in kinds.enumerated() {
        var hasAudience = byCode[Int(kind.code)]
        if hasAudience < 0 {
          hasAudience = kind.hasAudience ? 1 : 0
          byCode[Int(kind.code)] = hasAudience
        }
        if hasAudience == 1 { words[node >> 6] |= 1 << UInt64(node & 63) }
      }
    }
  }

  /// Node `node`'s flag.
  subscript(node: UInt32) -> Bool {
    words[Int(node >> 6)] >> UInt64(node & 63) & 1 != 0
  }

  /// Asks memory for node `node`'s flag, to be read soon.
  func prefetch(_ node: UInt32) {
    words.withUnsafeBufferPointer { cibgraph_prefetch($0.baseAddress! + Int(node >> 6)) }
  }
}

/// Rows per asset, and how many rows the largest assets have.
enum RowCounts {
  /// What `read` finds for the `count` largest audiences (and any tied with
  /// the last), chosen by `bounds`: `bounds[i]` bounds from above the
  /// audience of every asset counted under `i` (its own rows, or its hash
  /// bucket's). Given which indices are selected, `read` builds the lists of
  /// their assets and gives each one's audience. Only indices with a bound at
  /// least the smallest audience chosen can hold one of the largest: the
  /// first round takes those of the `firstRank`-th bound, and each later
  /// one lowers the bound to the smallest audience the round chose, until
  /// no index left out can reach it. Without duplicate rows, one round.
  /// `nil` when `read` gives `nil`.
  /// - Complexity: O(bounds) and one `read` per round.
  static func largestInRounds<Found>(
    _ count: Int, bounds: [UInt32], firstRank: Int,
    read: (NodeBits) -> (found: Found, sizes: [Int])?
  ) -> Found? {
    let wanted = max(count, 1)
    guard var bound = largest(firstRank, of: bounds) else {  // no rows at all
      return read(NodeBits(bounds, atLeast: .max))?.found
    }
    while true {
      guard let (found, sizes) = read(NodeBits(bounds, atLeast: bound)) else { return nil }
      let sorted = sizes.sorted(by: >)
      guard !sorted.isEmpty else { return found }
      let smallestChosen = UInt32(sorted[min(wanted, sorted.count) - 1])
      if smallestChosen >= bound { return found }  // no asset left out can reach it
      bound = smallestChosen
    }
  }

  /// The rows of the `count`-th asset when assets are ordered by rows, most
  /// first, among those with any; of the last when fewer have any; `nil` when
  /// none has.
  ///
  /// A radix selection, on the high 16 bits of the counts then the low:
  /// two passes whatever the counts, where sorting the assets took longer
  /// than reading their rows.
  /// - Complexity: O(n + 2^16) for n counts.
  static func largest(_ count: Int, of rows: [UInt32]) -> UInt32? {
    precondition(count >= 1)
    var remaining = count
    var high: UInt32 = 0
    for pass in 0..<2 {
      var buckets = [Int](repeating: 0, count: 1 << 16)
      var inBuckets = 0
      for value in rows where value > 0 && (pass == 0 || value >> 16 == high) {
        buckets[Int(pass == 0 ? value >> 16 : value & 0xFFFF)] += 1
        inBuckets += 1
      }
      if inBuckets == 0 { return nil }
      // Fewer assets than asked for: the last one's rows, the smallest.
      if pass == 0 && inBuckets < remaining { remaining = inBuckets }
      var bucket = 1 << 16 - 1
      while buckets[bucket] < remaining {
        remaining -= buckets[bucket]
        bucket -= 1
      }
      if pass == 0 { high = UInt32(bucket) } else { return high << 16 | UInt32(bucket) }
    }
    return nil
  }
}

/// A count of bytes that several cores add to.
final class ByteCount: Sendable {
  private let total = Mutex(0)

  /// Adds `bytes`; returns the new total.
  func add(_ bytes: Int) -> Int {
    total.withLock {
      $0 += bytes
      return $0
    }
  }
}

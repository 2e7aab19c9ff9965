@_spi(Internal) import CIBGraphCore
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
///    counts the rows left out by reason, and keeps the row's asset and
///    where its Account's bytes are (for the lists of every asset, with hash
///    bits of the Account that choose its partition).
/// 2. The Accounts are numbered: for every asset's lists, partition by
///    partition of the hash space, each in a table that stays in a core's
///    cache (``partitionedLists(_:graph:report:split:)``); for the lists of
///    some assets, in one interner per core, each walking the chosen rows in
///    order and taking its share of the hash space. The partitions' or
///    shares' ids are then laid end to end.
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
    let index = graph.identifierIndex()
    let audienceKind = NodeBits(graph.kinds.map(\.hasAudience))
    var report = RowReadReport(.audience, file: files.map(\.name).joined(separator: ", "))
    let totalBytes = files.reduce(0) { $0 + $1.bytes.count }
    let shards = split.parts(of: totalBytes, per: split.bytesPerShard, atMost: 8)
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
      // Lists of some assets only shard the accounts of those assets' rows,
      // once they are known: hashing every row's account here would be wasted.
      // Lists of some assets only keep which rows were kept: their accounts
      // are found again by scanning the file once the assets are chosen, so
      // that a reference per row (8 bytes each, most of the reader's memory)
      // is not held for the rows of every other asset.
      guard
        let read = readRows(
          body, offset: bodyStart, columns: columns, index: index, audienceKind: audienceKind,
          shards: 1, partitioning: selection == .all, keepAccounts: selection == .all,
          release: readRelease, split: split)
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
          graph: graph, limit: room)
      }
      kept += read.map { KeptSlice(rows: $0, body: body, columns: columns, release: release) }
    }
    switch selection {
    case .all:
      return partitionedLists(&kept, graph: graph, report: report, split: split)
    case .assets(let nodes):
      var selected = [Bool](repeating: false, count: graph.nodeCount)
      for node in nodes { selected[Int(node)] = true }
      report.duplicatesCoverAll = false
      return lists(
        &kept, selected: selected, shards: shards, graph: graph, report: report, split: split)
    case .largest(let count):
      report.duplicatesCoverAll = false
      return largest(count, kept, shards: shards, graph: graph, report: report, split: split)
    }
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
    _ count: Int, _ kept: [KeptSlice], shards: Int, graph: AssetGraph,
    report: RowReadReport, split: WorkSplit
  ) -> AudienceLists? {
    var rows = [UInt32].large(repeating: 0, count: graph.nodeCount)
    rows.withUnsafeMutableBufferPointer { rows in
      for slice in kept {
        for asset in slice.rows.assets { rows[Int(asset)] &+= 1 }
      }
    }
    var keptRows = kept
    let wanted = max(count, 1)
    // Rows of the last asset taken: every asset with at least as many is taken too.
    guard var bound = RowCounts.largest(wanted, of: rows) else {
      return lists(
        &keptRows, selected: nil, shards: shards, graph: graph, report: report, split: split)
    }
    var selected = [Bool](repeating: false, count: graph.nodeCount)
    while true {
      var chosen: [NodeIndex] = []
      for node in graph.nodes where rows[Int(node)] >= bound {
        selected[Int(node)] = true
        chosen.append(node)
      }
      guard
        let lists = lists(
          &keptRows, selected: selected, shards: shards, graph: graph, report: report,
          split: split)
      else { return nil }
      let sizes = chosen.map { lists.size(of: $0) }.sorted(by: >)
      let smallestChosen = UInt32(sizes[min(wanted, sizes.count) - 1])
      if smallestChosen >= bound { return lists }  // no asset left out can reach it
      bound = smallestChosen
    }
  }

  /// Interns the accounts of the kept rows of `selected` assets (all when
  /// `nil`) and builds their lists.
  static func lists(
    _ kept: inout [KeptSlice], selected: [Bool]?, shards: Int, graph: AssetGraph,
    report: RowReadReport, split: WorkSplit
  ) -> AudienceLists? {
    var report = report
    // The selected assets' rows, each account given its shard (the first
    // pass shards only when every row is kept).
    var chosen: [SliceRows] = []
    if let selected {
      // A bit per asset: looked up for every row, it stays in a core's cache.
      let selected = NodeBits(selected)
      let slices = kept
      chosen = WorkSplit.inParallel(kept.count) { index in
        selectedRows(slices[index], selected: selected, shards: shards)
      }
    }
    let interners = PerPart<ByteInterner>(count: shards, initial: ByteInterner(capacity: 0))
    // Tables sized for the accounts sketched when they were sharded, so that
    // none grows (growing rehashed every account into a fresh table: a
    // tenth of reading the lists of L); each made apart, not copied.
    let sketched = (selected == nil ? kept.map(\.rows) : chosen).compactMap(\.sketch)
    var sketch = sketched.first
    for other in sketched.dropFirst() { sketch!.merge(other) }
    let rowCount = (selected == nil ? kept.map(\.rows) : chosen).reduce(0) { $0 + $1.assets.count }
    for shard in 0..<shards {
      interners[shard] = ByteInterner(
        capacity: interningCapacity(
          expected: sketch.map { $0.estimate / Double(shards) }, rows: rowCount))
    }
    var pieces: [(assets: [UInt32], accounts: [UInt32])] = []
    for index in kept.indices {
      let slice = kept[index]
      var rows = slice.rows
      if selected != nil {
        rows = chosen[index]
        chosen[index] = SliceRows()
      }
      let ids = internAccounts(
        rows.accounts, in: slice.body, interners: interners, release: slice.release,
        rowsPerChunk: split.rowsPerChunk)
      pieces.append((rows.assets, ids))
    }
    // Each shard's ids are tagged with the shard; lay the shards end to end.
    let counts = (0..<shards).map { interners[$0].count }
    // The ids are given: the tables' memory goes back before the lists are built.
    for shard in 0..<shards { interners[shard] = ByteInterner(capacity: 0) }
    guard counts.allSatisfy({ $0 < ShardedAccountID.idLimit }) else { return nil }
    var firstID = [UInt32](repeating: 0, count: 8)
    for shard in 1..<8 where shard < shards {
      firstID[shard] = firstID[shard - 1] + UInt32(counts[shard - 1])
    }
    if shards > 1 {
      for piece in pieces.indices {
        pieces[piece].accounts.withUnsafeMutableBufferPointer { ids in
          for row in ids.indices {
            let sharded = ShardedAccountID(bits: ids[row])
            ids[row] = sharded.id + firstID[sharded.shard]
          }
        }
      }
    }
    return AudienceLists.build(
      assetCount: graph.nodeCount, accountCount: counts.reduce(0, +), pieces: pieces,
      report: &report, split: split)
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
    /// Each kept row's Account, with its shard; empty when the reader was
    /// asked not to keep them, and ``keptRecords`` says which records the
    /// rows of ``assets`` are.
    var accounts: [AccountReference] = []
    /// The bytes the slice read, after the file's header.
    var range: Range<Int> = 0..<0
    /// One bit per record of the slice, in order: whether it is a kept row.
    var keptRecords: [UInt64] = []
    /// Whether the slice held no quote and no carriage return: its records
    /// are lines.
    var plain = false
    /// The accounts' distinct count, sketched when they were given shards or parts.
    var sketch: HyperLogLog?
    /// Kept rows per part of the hash space (``AccountReference/partBits``),
    /// when accounts were given parts.
    var partCounts: [Int] = []
  }

  /// Pass 1, on all cores.
  static func readRows(
    _ body: UnsafeBufferPointer<UInt8>, offset: Int, columns: Columns,
    index: ByteInterner, audienceKind: NodeBits, shards: Int, partitioning: Bool = false,
    keepAccounts: Bool, release: FastSpreadsheetReader.Release?, split: WorkSplit
  ) -> [SliceRows]? {
    let ranges = RecordScanner.recordSlices(of: body, split: split)
    nonisolated(unsafe) let body = body
    let results = WorkSplit.inParallel(ranges.count) { part in
      readSlice(
        body, ranges[part], offset: offset, columns: columns, index: index,
        audienceKind: audienceKind, shards: shards, partitioning: partitioning,
        keepAccounts: keepAccounts, release: release)
    }
    var slices: [SliceRows] = []
    for part in ranges.indices {
      guard let slice = results[part] else { return nil }
      slices.append(slice)
    }
    return slices
  }

  static func readSlice(
    _ body: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, offset: Int,
    columns: Columns, index: ByteInterner, audienceKind: NodeBits, shards: Int,
    partitioning: Bool = false, keepAccounts: Bool = true,
    release: FastSpreadsheetReader.Release?
  ) -> SliceRows? {
    var slice = SliceRows()
    slice.range = range
    if partitioning {
      slice.partCounts = [Int](repeating: 0, count: 1 << AccountReference.partBits)
    }
    slice.assets.reserveCapacity(range.count / 16)
    if keepAccounts {
      slice.accounts.reserveCapacity(range.count / 16)
    } else {
      slice.keptRecords.reserveCapacity(range.count / 16 / 64 + 1)
    }
    var scanner = RecordScanner(body, from: range.lowerBound, to: range.upperBound)
    let fields = ScratchBuffer<FieldSpan>(capacity: RecordScanner.maxFields)
    // Rows wait in a batch so that their Assets are looked up together.
    let pending = ScratchBuffer<PendingRow>(capacity: batchSize)
    let assets = ScratchBuffer<UnsafeBufferPointer<UInt8>>(capacity: batchSize)
    let found = ScratchBuffer<UInt32>(capacity: batchSize)
    var pendingCount = 0
    var lookups = 0
    var behind = PagesBehind(from: range.lowerBound, release: release)
    var sketch = HyperLogLog(precision: sketchPrecision)
    func skip(_ reason: RowReadReport.Reason, recordEnd: Int) {
      slice.skipped[reason, default: 0] += 1
      if slice.skippedRecordEnds.count < RowReadReport.Rows.audience.exampleLimit {
        slice.skippedRecordEnds.append(offset + recordEnd)
      }
    }
    // Settles the waiting rows in file order, so the first rows left out are the file's first.
    func settle() {
      index.find(batch: assets.prefix(lookups), into: found.start)
      var lookup = 0
      for i in 0..<pendingCount {
        let row = pending[i]
        if let reason = row.skip {
          skip(reason, recordEnd: row.recordEnd)
          continue
        }
        let asset = found[lookup]
        lookup += 1
        if asset == .max {
          skip(.unknownAsset, recordEnd: row.recordEnd)
        } else if !audienceKind[asset] {
          skip(.notAnAudienceAsset, recordEnd: row.recordEnd)
        } else {
          var shard = 0
          if partitioning {
            let hash = ByteInterner.shardAndHash(of: row.account.bytes(in: body), among: 1).hash
            shard = Self.part(hash)
            slice.partCounts[shard] &+= 1
            sketch.add(hash: hash)
          } else if shards > 1 {
            let (chosenShard, hash) = ByteInterner.shardAndHash(
              of: row.account.bytes(in: body), among: shards)
            shard = chosenShard
            sketch.add(hash: hash)
          }
          slice.assets.append(asset)
          if keepAccounts {
            slice.accounts.append(row.account.inShard(shard))
          } else {
            let word = row.record >> 6
            while slice.keptRecords.count <= word { slice.keptRecords.append(0) }
            slice.keptRecords[word] |= 1 << UInt64(row.record & 63)
          }
        }
      }
      pendingCount = 0
      lookups = 0
      behind.passed(scanner.position)
    }
    while true {
      switch scanner.next(into: fields.start) {
      case .end:
        settle()
        slice.plain = !scanner.sawQuoteOrCR
        behind.giveBack(upTo: range.upperBound)
        if shards > 1 || partitioning { slice.sketch = sketch }
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
            assets[lookups] = scanner.bytes(assetField)
            lookups += 1
            row.account = AccountReference(offset: accountField.start, length: accountField.count)
          }
        }
        pending[pendingCount] = row
        pendingCount += 1
        if pendingCount == batchSize { settle() }
      }
    }
  }

  /// Registers of the sketches that size the interners: 2^14 bytes per
  /// slice, a standard error of 0.8 %.
  static let sketchPrecision = 14

  /// What to ask of an interner expected to hold `expected` distinct
  /// accounts (unknown when `nil`) of `rows`: the table growing would end
  /// with, at most 3/4 full. No margin: one more would double the table
  /// whenever the accounts fill it nearly 3/4 (memory for nothing), where an
  /// estimate a little low costs one growth at the end.
  static func interningCapacity(expected: Double?, rows: Int) -> Int {
    guard let expected else { return 1 << 16 }
    // The interner makes room for twice the capacity asked for.
    return Int(min(expected, Double(rows)) * 2 / 3) + 16
  }

  /// The rows of `slice` whose asset is `selected`, each account given its
  /// shard of `shards`.
  static func selectedRows(_ slice: KeptSlice, selected: NodeBits, shards: Int) -> SliceRows {
    if slice.rows.accounts.isEmpty && !slice.rows.assets.isEmpty {
      return selectedRowsScanning(slice, selected: selected, shards: shards)
    }
    var chosen = SliceRows()
    var sketch = HyperLogLog(precision: sketchPrecision)
    let rows = slice.rows
    // Exactly as many as taken: these sit beside every row kept.
    var taken = 0
    for asset in rows.assets where selected[asset] { taken += 1 }
    chosen.assets.reserveCapacity(taken)
    chosen.accounts.reserveCapacity(taken)
    // Hashing reads the accounts' pages again: they go back as it passes
    // them, as they did when first read, not all at once after interning.
    var behind = PagesBehind(from: rows.accounts.first?.offset ?? 0, release: slice.release)
    for row in rows.assets.indices where selected[rows.assets[row]] {
      let account = rows.accounts[row]
      behind.passed(account.offset)
      var shard = 0
      if shards > 1 {
        let (chosenShard, hash) = ByteInterner.shardAndHash(
          of: account.bytes(in: slice.body), among: shards)
        shard = chosenShard
        sketch.add(hash: hash)
      }
      chosen.assets.append(rows.assets[row])
      chosen.accounts.append(account.inShard(shard))
    }
    if shards > 1 { chosen.sketch = sketch }
    if let last = rows.accounts.last { behind.giveBack(upTo: last.offset + last.length) }
    return chosen
  }

  /// ``selectedRows(_:selected:shards:)`` of a slice read without its
  /// accounts: its records are scanned again, as the first pass split them,
  /// and those it kept (``SliceRows/keptRecords``) are its rows, in order.
  static func selectedRowsScanning(_ slice: KeptSlice, selected: NodeBits, shards: Int)
    -> SliceRows
  {
    var chosen = SliceRows()
    var sketch = HyperLogLog(precision: sketchPrecision)
    let rows = slice.rows
    var taken = 0
    for asset in rows.assets where selected[asset] { taken += 1 }
    chosen.assets.reserveCapacity(taken)
    chosen.accounts.reserveCapacity(taken)
    var behind = PagesBehind(from: rows.range.lowerBound, release: slice.release)
    let accountColumn = slice.columns.account
    var record = 0
    var row = 0
    // The record's Account, if its row was kept and its asset is selected.
    func take(_ account: () -> FieldSpan, position: Int) {
      defer { record += 1 }
      guard rows.keptRecords[record >> 6] >> UInt64(record & 63) & 1 != 0 else { return }
      let asset = rows.assets[row]
      row += 1
      guard selected[asset] else { return }
      taken -= 1
      let field = account()
      var reference = AccountReference(offset: field.start, length: field.count)
      if shards > 1 {
        let (chosenShard, hash) = ByteInterner.shardAndHash(
          of: reference.bytes(in: slice.body), among: shards)
        reference = reference.inShard(chosenShard)
        sketch.add(hash: hash)
      }
      chosen.assets.append(asset)
      chosen.accounts.append(reference)
      behind.passed(position)
    }
    if rows.plain {
      var lines = PlainLines(plain: slice.body, rows.range)
      while taken > 0, let line = lines.next() {
        take({ lines.field(accountColumn, of: line) }, position: line.upperBound)
      }
    } else {
      var scanner = RecordScanner(
        slice.body, from: rows.range.lowerBound, to: rows.range.upperBound)
      let fields = ScratchBuffer<FieldSpan>(capacity: RecordScanner.maxFields)
      while taken > 0, case .record = scanner.next(into: fields.start) {
        take({ fields[accountColumn] }, position: scanner.position)
      }
    }
    if shards > 1 { chosen.sketch = sketch }
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

  /// Pass 2: interns the Accounts of a slice's kept rows, in chunks: in
  /// each, every core interns the accounts of its shard (marked by pass 1),
  /// then the pages the chunk read are given back.
  /// - Returns: Each row's account id within its shard (``ShardedAccountID``).
  static func internAccounts(
    _ accounts: [AccountReference], in body: UnsafeBufferPointer<UInt8>,
    interners: PerPart<ByteInterner>,
    release: FastSpreadsheetReader.Release?, rowsPerChunk: Int
  ) -> [UInt32] {
    var ids = [UInt32](repeating: 0, count: accounts.count)
    let shards = interners.count
    nonisolated(unsafe) let body = body
    ids.withUnsafeMutableBufferPointer { ids in
      accounts.withUnsafeBufferPointer { accounts in
        nonisolated(unsafe) let ids = ids
        nonisolated(unsafe) let accounts = accounts
        var chunkStart = 0
        var behind = PagesBehind(from: 0, release: release)
        while chunkStart < accounts.count {
          var end = min(chunkStart + rowsPerChunk, accounts.count)
          // At most a step of pages too: the rows of a few assets lie far
          // apart, and the pages a chunk reads stay until it is done.
          let farthest = accounts[chunkStart].offset + PagesBehind.step
          if accounts[end - 1].offset > farthest {
            var low = chunkStart + 1
            var high = end
            while low < high {  // the first row beyond `farthest`
              let middle = (low + high) / 2
              if accounts[middle].offset > farthest { high = middle } else { low = middle + 1 }
            }
            end = low
          }
          let chunk = chunkStart..<end
          WorkSplit.inParallel(shards) { shard in
            internChunk(
              accounts, chunk, shard: shard, body: body, interner: interners, into: ids)
          }
          chunkStart = chunk.upperBound
          // The chunk's last account is the furthest into the file it read.
          behind.giveBack(upTo: accounts[chunk.upperBound - 1].offset)
        }
      }
    }
    return ids
  }

  /// One core's share of a chunk: the rows marked with its shard.
  static func internChunk(
    _ accounts: UnsafeBufferPointer<AccountReference>, _ chunk: Range<Int>, shard: Int,
    body: UnsafeBufferPointer<UInt8>, interner: PerPart<ByteInterner>,
    into ids: UnsafeMutableBufferPointer<UInt32>
  ) {
    let batch = ScratchBuffer<UnsafeBufferPointer<UInt8>>(capacity: batchSize)
    let rows = ScratchBuffer<Int>(capacity: batchSize)
    let found = ScratchBuffer<UInt32>(capacity: batchSize)
    var pending = 0
    func settle() {
      interner[shard].intern(
        batch: batch.prefix(pending), ifInShard: 0, of: 1, into: found.start)
      for i in 0..<pending { ids[rows[i]] = ShardedAccountID(shard: shard, id: found[i]).bits }
      pending = 0
    }
    for row in chunk where accounts[row].shard == shard {
      batch[pending] = accounts[row].bytes(in: body)
      rows[pending] = row
      pending += 1
      if pending == batchSize { settle() }
    }
    settle()
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

  /// Node `node`'s flag.
  subscript(node: UInt32) -> Bool {
    words[Int(node >> 6)] >> UInt64(node & 63) & 1 != 0
  }
}

/// Rows per asset, and how many rows the largest assets have.
enum RowCounts {
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

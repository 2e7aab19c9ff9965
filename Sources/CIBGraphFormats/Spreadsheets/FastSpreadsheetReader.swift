@_spi(Internal) import CIBGraphCore
@_spi(Internal) import CIBGraphSupport
import Dispatch
import Foundation

/// Reads clean Gephi spreadsheets into an ``AssetGraph`` as fast as the
/// machine allows: ``GephiSpreadsheet/readGraph(nodes:edges:kinds:limit:keepIdentifierIndex:keepNames:)``
/// tries it first, and ``SpreadsheetGraphReader`` reads what it gives up on.
///
/// Written for inputs of tens of millions of rows, where the careful reader
/// spends its time on bookkeeping that a clean file never needs (a located
/// field per cell, a finding per bad row): records are split by
/// ``RecordScanner`` without allocating, identifiers are interned from the
/// bytes, and edges are read on every core at once, each core taking a slice
/// of the file that starts at a record and looking identifiers up in the
/// shared table (``ByteInterner/find(_:)`` only reads).
///
/// It gives up, returning `nil`, at the first thing the careful reader
/// would report (a bad row, among them one with more or fewer fields than
/// the header, a duplicate or dangling identifier, broken quoting, invalid
/// UTF-8, an unknown kind or relation type) or would read another way (an
/// identifier with an escaped quote, an identifier or a label starting with
/// a single quote, a kind outside ASCII, a weight written otherwise than
/// `-12.5`, a header it cannot place). The careful reader then reads
/// the input again and says what is
/// wrong and where; so this reader never has to explain anything, and both
/// give the same graph whenever this one gives one (tested on random inputs).
package enum FastSpreadsheetReader {
  /// Releases pages of an input already read (for memory-mapped files); the
  /// bytes stay readable.
  package typealias Release = @Sendable (Range<Int>) -> Void

  /// The graph of clean spreadsheets, or `nil` when the careful reader must read them.
  /// - Complexity: O(bytes), one table probe per identifier; edges on all cores.
  package static func read(
    nodes: UnsafeBufferPointer<UInt8>, edges: UnsafeBufferPointer<UInt8>?,
    releaseNodes: Release? = nil, releaseEdges: Release? = nil, kinds: KindMapping = .standard,
    keepIdentifierIndex: Bool = false, keepNames: Bool = true, split: WorkSplit = .standard
  ) -> AssetGraph? {
    read(
      nodes: nodes, edges: edges, releaseNodes: releaseNodes, releaseEdges: releaseEdges,
      kinds: kinds, keepIdentifierIndex: keepIdentifierIndex,
      names: keepNames ? .kept : .dropped, sink: nil, split: split)?.graph
  }

  /// ``read(nodes:edges:releaseNodes:releaseEdges:kinds:keepIdentifierIndex:keepNames:split:)``,
  /// handing the relations to `sink` as they are read when it can
  /// (``streamEdges(_:interner:to:release:split:chunk:)``), and placing the labels rather than keeping them when `names` asks.
  /// - Returns: The graph; how many relations `sink` took, or `nil` when
  ///   the graph keeps its relations (no sink, no edges file, or a file the
  ///   relations cannot be streamed from) and the sink's work is to be
  ///   dropped; and, with `names` ``NameReading/placed``, where the labels are.
  package static func read(
    nodes: UnsafeBufferPointer<UInt8>, edges: UnsafeBufferPointer<UInt8>?,
    releaseNodes: Release? = nil, releaseEdges: Release? = nil, kinds: KindMapping = .standard,
    keepIdentifierIndex: Bool = false, names: NameReading = .kept, sink: (any RelationSink)?,
    split: WorkSplit = .standard, chunk: Int = streamedChunk
  ) -> (graph: AssetGraph, relationsTaken: Int?, labelPlaces: LabelPlaces?)? {
    guard
      var table = NodeTable.read(
        nodes, release: releaseNodes, kinds: kinds, names: names, split: split)
    else {
      return nil
    }
    var graphEdges: [AssetGraph.Edge] = []
    var relationsTaken: Int?
    if let edges {
      if let sink {
        sink.begin(nodeCount: table.kinds.count)
        relationsTaken = streamEdges(
          edges, interner: table.interner, to: sink, release: releaseEdges, split: split,
          chunk: chunk)
      }
      if relationsTaken == nil {
        guard
          let read = readEdges(
            edges, interner: table.interner, release: releaseEdges, split: split)
        else {
          return nil
        }
        graphEdges = read
      }
    }
    // Unless kept, the table is freed before the graph is built.
    let index = keepIdentifierIndex ? table.interner : nil
    table.interner = ByteInterner()
    let graph = AssetGraph(
      ids: IdentifierColumn(table.ids), kinds: table.kinds, names: table.names,
      followerCounts: table.followers,
      memberCounts: table.members, edges: graphEdges)
    if let index { graph.keepIdentifierIndex(index) }
    return (graph, relationsTaken, table.labelPlaces)
  }

  /// Rows whose identifiers are looked up together (see
  /// ``ByteInterner/find(batch:into:)``).
  package static let batchSize = 16

  /// The nodes file's content: rows read on every core, each core a slice
  /// of the file; then the identifiers indexed, ids in file order, on
  /// every core, the index sharing the identifier column's memory
  /// (``TextColumn/distinctIndex(parts:)``).
  struct NodeTable {
    var interner: ByteInterner
    var ids = TextColumn()
    var kinds: [AssetKind] = []
    var names = TextColumn()
    var followers = CountColumn()
    var members = CountColumn()
    /// Where the labels are in the file, when they were placed rather than kept.
    var labelPlaces: LabelPlaces?

    /// Where the fields of a nodes row are.
    struct Layout: Sendable {
      var id: Int
      /// The kind column; none when every node has the default kind.
      var kind: Int?
      var kindNames: FieldNames<AssetKind>
      var defaultKind: AssetKind?
      var label: Int?
      /// Whether the labels are kept; either way each is checked.
      var keepNames: Bool
      /// Whether, with the labels not kept, where every ``LabelPlaces/stride``-th
      /// row starts is, so that a label can be found again in the file.
      var placeLabels = false
      var followers: Int?
      var members: Int?
      /// Not read into the graph, only checked as the careful reader checks it.
      var network: Int?
      /// The header's fields: every row has as many.
      var width: Int
    }

    static func read(
      _ bytes: UnsafeBufferPointer<UInt8>, release: Release?, kinds: KindMapping,
      names: NameReading, split: WorkSplit
    ) -> NodeTable? {
      let kindColumnKey = kinds.columnKey
      guard
        let (header, bodyStart) = header(
          bytes, known: SpreadsheetRows.nodeColumns(kindColumn: kindColumnKey)),
        let idColumn = header["id"], header[kindColumnKey] != nil || kinds.defaultKind != nil
      else { return nil }
      let layout = Layout(
        id: idColumn, kind: header[kindColumnKey], kindNames: kinds.fieldNames(),
        defaultKind: kinds.defaultKind, label: header["label"], keepNames: names == .kept,
        placeLabels: names == .placed, followers: header["followers"],
        members: header["members"], network: header["network"], width: header.fieldCount)
      nonisolated(unsafe) let body = UnsafeBufferPointer(rebasing: bytes[bodyStart...])
      // Each slice writes its rows' fixed-width fields straight into the
      // table's columns (as the edges are read); only the text is kept per
      // slice and joined.
      // A row has its id and a comma between fields, and a line break.
      let sliced = SlicedRows(
        body, split: split, release: release, offset: bodyStart,
        minimumRowBytes: layout.width + 1)
      var columns = FixedColumns(rows: sliced.rows, names: layout.keepNames)
      let slices = columns.withRows { all in
        WorkSplit.inParallel(sliced.count) { part in
          readSlice(
            body, sliced.ranges[part], layout: layout, into: all.rows(sliced.room(part)),
            release: sliced.release)
        }
      }
      var read = slices.compactMap { $0 }
      guard read.count == slices.count else { return nil }
      let counts = read.map(\.rows)
      // Closed up in place, then taken, so the columns' memory moves to the table.
      columns.closeUp(firsts: sliced.firsts, counts: counts)
      var table = NodeTable(interner: ByteInterner(capacity: 0))
      // Taken, not copied: the column appends to the first slice's text in place.
      table.ids = TextColumn(
        bytes: read.indices.map { taken(&read[$0].idBytes) }, ends: taken(&columns.idEnds),
        counts: counts)
      if layout.keepNames {
        table.names = TextColumn(
          bytes: read.indices.map { taken(&read[$0].nameBytes) },
          ends: taken(&columns.nameEnds), counts: counts)
      }
      if layout.placeLabels {
        var firstRows = [0]
        for count in counts { firstRows.append(firstRows[firstRows.count - 1] + count) }
        table.labelPlaces = LabelPlaces(
          column: layout.label, width: layout.width, bodyStart: bodyStart, firstRows: firstRows,
          rowStarts: read.map(\.rowStarts))
      }
      table.kinds = taken(&columns.kinds)
      table.followers = CountColumn(
        values: taken(&columns.followers), large: read.map(\.largeFollowers), counts: counts)
      table.members = CountColumn(
        values: taken(&columns.members), large: read.map(\.largeMembers), counts: counts)
      let count = table.ids.count
      let parts = split.parts(of: count, per: split.identifiersPerPart)
      guard let interner = table.ids.distinctIndex(parts: parts) else { return nil }
      table.interner = interner
      return table
    }

    /// A table's fields of fixed width, one array each, which the slices
    /// write into at once.
    struct FixedColumns {
      var idEnds: [UInt64]
      var nameEnds: [UInt64]
      var kinds: [AssetKind]
      var followers: [UInt32]
      var members: [UInt32]

      /// Columns for `rows` rows; `names` says whether the labels' ends are kept.
      init(rows: Int, names: Bool) {
        idEnds = .uninitialized(count: rows)
        nameEnds = names ? .uninitialized(count: rows) : []
        kinds = .uninitialized(count: rows)
        followers = .uninitialized(count: rows)
        members = .uninitialized(count: rows)
      }

      /// Closes up the rows each slice wrote (see ``Swift/Array/closeUp(firsts:counts:)``).
      mutating func closeUp(firsts: [Int], counts: [Int]) {
        idEnds.closeUp(firsts: firsts, counts: counts)
        if !nameEnds.isEmpty { nameEnds.closeUp(firsts: firsts, counts: counts) }
        kinds.closeUp(firsts: firsts, counts: counts)
        followers.closeUp(firsts: firsts, counts: counts)
        members.closeUp(firsts: firsts, counts: counts)
      }

      /// Calls `body` with the columns' memory, for the slices to write rows into.
      mutating func withRows<R>(_ body: (RowsInPlace) -> R) -> R {
        idEnds.withUnsafeMutableBufferPointer { idEnds in
          nameEnds.withUnsafeMutableBufferPointer { nameEnds in
            kinds.withUnsafeMutableBufferPointer { kinds in
              followers.withUnsafeMutableBufferPointer { followers in
                members.withUnsafeMutableBufferPointer { members in
                  body(
                    RowsInPlace(
                      idEnds: idEnds, nameEnds: nameEnds, kinds: kinds, followers: followers,
                      members: members))
                }
              }
            }
          }
        }
      }
    }

    /// Rows of ``FixedColumns``' memory, for one slice to write: each slice
    /// writes rows of its own, so the cores share nothing through them.
    struct RowsInPlace: @unchecked Sendable {
      var idEnds: UnsafeMutableBufferPointer<UInt64>
      var nameEnds: UnsafeMutableBufferPointer<UInt64>
      var kinds: UnsafeMutableBufferPointer<AssetKind>
      var followers: UnsafeMutableBufferPointer<UInt32>
      var members: UnsafeMutableBufferPointer<UInt32>

      /// The rows `range`, numbered from 0.
      func rows(_ range: Range<Int>) -> RowsInPlace {
        RowsInPlace(
          idEnds: .init(rebasing: idEnds[range]),
          nameEnds: nameEnds.isEmpty ? nameEnds : .init(rebasing: nameEnds[range]),
          kinds: .init(rebasing: kinds[range]), followers: .init(rebasing: followers[range]),
          members: .init(rebasing: members[range]))
      }
    }

    /// What a slice keeps of its own: its rows' text and the rare counts
    /// too large for 32 bits, by row of the slice.
    struct SliceText {
      var rows = 0
      var idBytes: [UInt8] = []
      var nameBytes: [UInt8] = []
      var largeFollowers: [Int: Int] = [:]
      var largeMembers: [Int: Int] = [:]
      /// Where every ``LabelPlaces/stride``-th row starts, when labels are placed.
      var rowStarts: [Int] = []
    }

    /// Reads the rows of one slice into `columns` (whose ends are within the
    /// slice's text), their identifiers not yet interned; `nil` when the
    /// careful reader must read them, or there are more than `columns` holds.
    static func readSlice(
      _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, layout: Layout,
      into columns: RowsInPlace, release: ((Range<Int>) -> Void)?
    ) -> SliceText? {
      var kept = SliceText()
      // A slice's text is never more than its bytes, so with that much
      // room its arrays never grow by copying (room never written is never
      // touched). The first slice has room for the whole file's: the
      // others' text is appended to it in place (``TextColumn/init(bytes:ends:counts:)``).
      let room = range.lowerBound == 0 ? bytes.count : range.count
      kept.idBytes.reserveCapacity(room)
      if layout.keepNames { kept.nameBytes.reserveCapacity(room) }
      var scanner = RecordScanner(bytes, from: range.lowerBound, to: range.upperBound)
      let fields = ScratchBuffer<FieldSpan>(capacity: RecordScanner.maxFields)
      var behind = PagesBehind(from: range.lowerBound, release: release)
      var row = 0
      while true {
        if layout.placeLabels, row % LabelPlaces.stride == 0 {
          kept.rowStarts.append(scanner.position)
        }
        switch scanner.next(into: fields.start) {
        case .end:
          behind.giveBack(upTo: range.upperBound)
          kept.rows = row
          return kept
        case .unusual:
          return nil
        case .record(let fieldCount):
          guard fieldCount == layout.width, row < columns.kinds.count else { return nil }
          let id = fields[layout.id]
          guard !id.isEmpty, !id.escaped, !startsWithQuote(scanner, id), scanner.isValidText(id)
          else { return nil }
          guard let kind = kind(scanner, layout.kind.map { fields[$0] }, layout) else {
            return nil
          }
          var followerCount = -1
          if let column = layout.followers {
            guard let count = scanner.count(fields[column]) else { return nil }
            followerCount = count ?? -1
          }
          var memberCount = -1
          if let column = layout.members {
            guard let count = scanner.count(fields[column]) else { return nil }
            memberCount = count ?? -1
          }
          if let column = layout.network, !scanner.isValidText(fields[column]) { return nil }
          if let column = layout.label {
            let field = fields[column]
            // Checked whether kept or not, so that the same files are read or refused.
            guard scanner.isValidText(field), !startsWithQuote(scanner, field) else { return nil }
            if layout.keepNames {
              if field.escaped {
                guard let name = text(scanner, field) else { return nil }
                kept.nameBytes.append(contentsOf: name.utf8)
              } else {
                kept.nameBytes.append(contentsOf: scanner.bytes(field))
              }
              columns.nameEnds[row] = TextColumn.end(at: kept.nameBytes.count)
            }
          } else if layout.keepNames {
            columns.nameEnds[row] = TextColumn.end(at: kept.nameBytes.count, absent: true)
          }
          kept.idBytes.append(contentsOf: scanner.bytes(id))
          columns.idEnds[row] = TextColumn.end(at: kept.idBytes.count)
          columns.kinds[row] = kind
          columns.followers[row] = CountColumn.stored(
            followerCount < 0 ? nil : followerCount, at: row, large: &kept.largeFollowers)
          columns.members[row] = CountColumn.stored(
            memberCount < 0 ? nil : memberCount, at: row, large: &kept.largeMembers)
          row += 1
          behind.passed(scanner.position)
        }
      }
    }

    /// The kind of a row, as the careful reader reads it; `nil` when the
    /// careful reader must say (an unknown kind, one it must read as text).
    static func kind(_ scanner: RecordScanner, _ field: FieldSpan?, _ layout: Layout)
      -> AssetKind?
    {
      guard let field else { return layout.defaultKind }
      if let kind = scanner.match(field, layout.kindNames) { return kind }
      return scanner.isBlank(field) ? layout.defaultKind : nil
    }
  }

  /// Whether a field starts with a single quote, which may defuse a formula
  /// (``CSVText/undefused(_:)``): the careful reader decides what it means.
  /// Ids and labels never start with one in ordinary data.
  static func startsWithQuote(_ scanner: RecordScanner, _ field: FieldSpan) -> Bool {
    !field.isEmpty && scanner.bytes(field)[0] == UInt8(ascii: "'")
  }

  /// A field's text as the careful reader gives it, doubled quotes undone;
  /// `nil` for invalid UTF-8.
  static func text(_ scanner: RecordScanner, _ field: FieldSpan) -> String? {
    guard scanner.isValidText(field) else { return nil }
    guard field.escaped else { return String(decoding: scanner.bytes(field), as: UTF8.self) }
    var content: [UInt8] = []
    DoubledQuotes.undo(scanner.bytes(field), into: &content)
    return String(decoding: content, as: UTF8.self)
  }

  /// The header (``CSVHeader``) and where the rows begin; `nil` for any
  /// header the careful reader should judge: a repeated known column, a
  /// name that is not UTF-8, or more fields than ``RecordScanner/maxFields``.
  static func header(_ bytes: UnsafeBufferPointer<UInt8>, known: [String]) -> (
    header: CSVHeader, bodyStart: Int
  )? {
    let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    var scanner = RecordScanner(bytes, from: hasBOM ? 3 : 0)
    let fields = ScratchBuffer<FieldSpan>(capacity: RecordScanner.maxFields)
    guard case .record(let count) = scanner.next(into: fields.start),
      count <= RecordScanner.maxFields
    else { return nil }
    var header = CSVHeader(known: known)
    for index in 0..<count {
      guard let text = text(scanner, fields[index]) else { return nil }
      do throws(InputError) {
        try header.note(text, at: SourceLocation(file: ""))
      } catch {
        return nil
      }
    }
    return (header, scanner.position)
  }

  /// Reads the edges on every core: each takes a slice that starts at a
  /// record and writes its edges where they go in file order (``SlicedRows``).
  static func readEdges(
    _ bytes: UnsafeBufferPointer<UInt8>, interner: ByteInterner, release: Release?,
    split: WorkSplit
  ) -> [AssetGraph.Edge]? {
    guard let (layout, bodyStart) = EdgeLayout.of(bytes) else { return nil }
    // Read-only for every worker while `bytes` is alive (through this call).
    nonisolated(unsafe) let body = UnsafeBufferPointer(rebasing: bytes[bodyStart...])
    // Each slice writes its edges straight into one array: joining arrays
    // of its own, one core copying while the other waited, wrote every edge
    // to fresh memory twice.
    // A row has its two ends and a comma between fields, and a line break.
    // Several slices a core: a slice costs nothing to start, and with one
    // each, a core left idle while the other finished a slow slice.
    let sliced = SlicedRows(
      body, split: split, release: release, offset: bodyStart, minimumRowBytes: layout.width + 2,
      perCore: 4)
    var edges = [AssetGraph.Edge].uninitialized(count: sliced.rows)
    let written = edges.withUnsafeMutableBufferPointer { edges in
      nonisolated(unsafe) let edges = edges
      return WorkSplit.inParallel(sliced.count) { part in
        readEdgeSlice(
          body, sliced.ranges[part], layout: layout, interner: interner,
          into: UnsafeMutableBufferPointer(rebasing: edges[sliced.room(part)]),
          release: sliced.release)
      }
    }
    // Blank lines leave a slice's room partly empty: the edges after it move up.
    let counts = written.compactMap { $0 }
    guard counts.count == written.count else { return nil }
    edges.closeUp(firsts: sliced.firsts, counts: counts)
    return edges
  }

  /// Reads the edges on every core as ``readEdges(_:interner:release:split:)``
  /// does, handing them to `sink` a chunk at a time instead of keeping them;
  /// returns how many, or `nil` when they must be read into an array (or by
  /// the careful reader).
  ///
  /// No room is laid out for the edges, so the slices are not counted
  /// first: they start after the first line break at or after each share
  /// (``RecordScanner/guessedSlices(of:split:perCore:)``), which is right
  /// unless a quoted field holds a line break, and then some slice meets a
  /// quote left open and this gives up.
  /// - Complexity: O(bytes), one table probe per end; edges on all cores.
  /// - Parameter chunk: Edges handed over at a time (at least ``batchSize``).
  static func streamEdges(
    _ bytes: UnsafeBufferPointer<UInt8>, interner: ByteInterner, to sink: any RelationSink,
    release: Release?, split: WorkSplit, chunk: Int = streamedChunk
  ) -> Int? {
    precondition(chunk >= batchSize, "a chunk holds a batch")
    guard let (layout, bodyStart) = EdgeLayout.of(bytes) else { return nil }
    nonisolated(unsafe) let body = UnsafeBufferPointer(rebasing: bytes[bodyStart...])
    let release = release.map { release in
      { @Sendable (range: Range<Int>) in
        release((range.lowerBound + bodyStart)..<(range.upperBound + bodyStart))
      }
    }
    let ranges = RecordScanner.guessedSlices(of: body, split: split, perCore: 4)
    let counts = WorkSplit.inParallel(ranges.count) { part in
      // A chunk that stays in the core's cache while the sink reads it.
      var chunk = [AssetGraph.Edge].uninitialized(count: chunk)
      return chunk.withUnsafeMutableBufferPointer { chunk in
        readEdgeSlice(
          body, ranges[part], layout: layout, interner: interner, into: chunk,
          flush: { sink.take($0) }, release: release)
      }
    }
    var total = 0
    for count in counts {
      guard let count else { return nil }
      total += count
    }
    return total
  }

  /// Edges a slice hands to a sink at a time.
  static let streamedChunk = 4096

  /// Where the fields of an edges row are.
  struct EdgeLayout: Sendable {
    var source: Int
    var target: Int
    var type: Int?
    /// Gephi's kind of edge, where a relation type may be.
    var kind: Int?
    var weight: Int?
    var evidence: Int?
    /// The header's fields: every row has as many.
    var width: Int

    /// The layout of an edges file's header, and where its rows start;
    /// `nil` for a header the careful reader must read.
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> (EdgeLayout, bodyStart: Int)? {
      guard
        let (header, bodyStart) = FastSpreadsheetReader.header(
          bytes, known: GephiSpreadsheet.edgeColumns),
        let source = header["source"], let target = header["target"]
      else { return nil }
      let layout = EdgeLayout(
        source: source, target: target, type: header["type"], kind: header["kind"],
        weight: header["weight"], evidence: header["evidence"], width: header.fieldCount)
      return (layout, bodyStart)
    }
  }

  /// Reads the edges of `range` into `edges`, in order; returns how many,
  /// or `nil` when the careful reader must read them (or more are found than
  /// `edges` holds and there is no `flush`).
  /// - Parameter flush: Given the edges read whenever `edges` is full, and
  ///   at the end, and `edges` is then filled again from its start.
  static func readEdgeSlice(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, layout: EdgeLayout,
    interner: ByteInterner, into edges: UnsafeMutableBufferPointer<AssetGraph.Edge>,
    flush: ((UnsafeBufferPointer<AssetGraph.Edge>) -> Void)? = nil,
    release: ((Range<Int>) -> Void)?
  ) -> Int? {
    var count = 0
    var flushed = 0
    var scanner = RecordScanner(bytes, from: range.lowerBound, to: range.upperBound)
    let fields = ScratchBuffer<FieldSpan>(capacity: RecordScanner.maxFields)
    // Edges wait in batches so that their ends are looked up together: an
    // end's slot is asked of memory as it is read, and a batch is settled
    // once the next one has been read, so that the wait overlaps the reading.
    var reading = EdgeBatch()
    var waiting = EdgeBatch()
    let found = ScratchBuffer<UInt32>(capacity: 2 * batchSize)
    var behind = PagesBehind(from: range.lowerBound, release: release)
    // Taken once: read from the shared tables on every row, each row's read
    // counted their references up and down, and both cores wrote one line.
    let edgeTypes = FieldNames.edgeTypes
    let relationTypes = FieldNames.relationTypes
    /// Adds a batch's edges; `false` when an end is no node's id (dangling,
    /// or not valid UTF-8, which no id is).
    func settle(_ batch: inout EdgeBatch) -> Bool {
      let pending = batch.count
      interner.find(
        batch: batch.ends.prefix(2 * pending),
        keys: batch.keys.prefix(2 * pending),
        into: found.start)
      if pending > edges.count - count, let flush {
        flush(UnsafeBufferPointer(rebasing: edges[..<count]))
        flushed += count
        count = 0
      }
      guard pending <= edges.count - count else { return false }
      for i in 0..<pending {
        guard found[2 * i] != .max, found[2 * i + 1] != .max else { return false }
        edges[count] = AssetGraph.Edge(
          source: NodeIndex(found[2 * i]), target: NodeIndex(found[2 * i + 1]),
          type: batch.types[i])
        count += 1
      }
      batch.count = 0
      behind.passed(batch.end)
      return true
    }
    while true {
      switch scanner.next(into: fields.start) {
      case .end:
        guard settle(&waiting), settle(&reading) else { return nil }
        behind.giveBack(upTo: range.upperBound)
        if let flush, count > 0 { flush(UnsafeBufferPointer(rebasing: edges[..<count])) }
        return flushed + count
      case .unusual:
        return nil
      case .record(let fieldCount):
        guard fieldCount == layout.width else { return nil }
        let sourceField = fields[layout.source]
        let targetField = fields[layout.target]
        guard !sourceField.isEmpty, !targetField.isEmpty, !sourceField.escaped,
          !targetField.escaped, !startsWithQuote(scanner, sourceField),
          !startsWithQuote(scanner, targetField)
        else { return nil }
        var typeWord: EdgeTypeWord?
        if let column = layout.type, !fields[column].isEmpty {
          guard let known = scanner.match(fields[column], edgeTypes) else { return nil }
          typeWord = known
        }
        var kind: RelationType?
        if let column = layout.kind, !fields[column].isEmpty {
          guard let known = scanner.match(fields[column], relationTypes) else {
            return nil
          }
          kind = known
        }
        guard let type = EdgeTypeWord.relation(type: typeWord, kind: kind) else { return nil }
        if let column = layout.weight, !scanner.isPlainDecimal(fields[column]) { return nil }
        if let column = layout.evidence, !scanner.isValidText(fields[column]) { return nil }
        let source = scanner.bytes(sourceField)
        let target = scanner.bytes(targetField)
        let slot = 2 * reading.count
        reading.ends[slot] = source
        reading.keys[slot] = interner.key(prefetching: source)
        reading.ends[slot + 1] = target
        reading.keys[slot + 1] = interner.key(prefetching: target)
        reading.types[reading.count] = type
        reading.count += 1
        if reading.count == batchSize {
          reading.end = scanner.position
          guard settle(&waiting) else { return nil }
          swap(&reading, &waiting)
        }
      }
    }
  }

  /// Edges read together, waiting for their ends to be found: the ends of
  /// edge i at 2i and 2i + 1, with their keys.
  struct EdgeBatch: ~Copyable {
    let ends = ScratchBuffer<UnsafeBufferPointer<UInt8>>(capacity: 2 * batchSize)
    let keys = ScratchBuffer<ByteInterner.Key>(capacity: 2 * batchSize)
    let types = ScratchBuffer<RelationType>(capacity: batchSize)
    var count = 0
    /// Where the last edge's row ends.
    var end = 0
  }
}

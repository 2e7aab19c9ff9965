import CIBGraphCore
@_spi(Internal) import CIBGraphSupport
import Foundation

/// Reads the rows of a clean activity file on every core: `ActivityReader`
/// tries it first, and reads with its careful loop whatever this gives up on.
///
/// At tens of millions of rows the careful loop spends its time on what a
/// clean file never needs (a located field per cell, a finding per bad row)
/// and on looking identifiers up one after another, each lookup a wait for
/// memory. Here records are split by ``RecordScanner`` without allocating,
/// each core reads a slice of the file that starts at a record, and each
/// interns its slice's identifiers into tables of its own, in batches whose
/// slots are asked of memory as each row is read (``ByteInterner/key(prefetching:)``).
/// The slices' tables are then joined in file order: the first slice's are
/// kept, and each later slice's identifiers, taken in the order it first met
/// them, are interned into them. So every identifier gets the number the
/// careful loop gives it (its order of first appearance in the file), and
/// the table is the same, row for row.
///
/// It gives up, returning `nil`, at the first row the careful loop would
/// leave out or report (a row with more or fewer fields than the header, an
/// empty account or object, an unreadable time, broken quoting), and on any
/// layout other than an activity file's four columns (a Twitter archive's
/// lists, a column added later that only the careful loop reads).
package enum FastActivityReader {
  /// Rows whose identifiers are interned together.
  static let batchSize = 16

  /// The table of a clean activity file's rows, and how many rows it read;
  /// `nil` when the careful loop must read them.
  /// - Parameter bytes: The whole file.
  /// - Parameter bodyStart: Where the first record after the header starts.
  /// - Complexity: O(bytes), one table probe per identifier, spread over the
  ///   cores; then one probe per distinct identifier of each slice after the first.
  static func read(
    _ bytes: UnsafeBufferPointer<UInt8>, bodyStart: Int, layout: ActivityReader.Layout,
    split: WorkSplit
  ) -> (table: ActivityTable, rows: Int)? {
    // An `object_type` column or normalisation goes to the careful loop:
    // types and normalised keys are read by `ObjectKeys` per row, which the
    // slices here do not carry (types would need a per-slice type table
    // joined like the interners).
    guard layout.format == .activity, layout.columnNames.count == 4,
      layout.typeColumn == nil, layout.normalization.isEmpty,
      layout.width <= RecordScanner.maxFields
    else { return nil }
    // Read-only for every core while `bytes` is alive (through this call).
    nonisolated(unsafe) let bytes = bytes
    let body = UnsafeBufferPointer(rebasing: bytes[bodyStart...])
    // The rows' times and places are written straight into columns for the
    // whole file, each slice's from where its room starts, and closed up
    // after. A row the fast reader keeps has an account, an object and a
    // time of a byte each, the commas and a line break.
    let sliced = SlicedRows(
      body, split: split, release: nil, offset: bodyStart, minimumRowBytes: layout.width + 3)
    let ranges = sliced.ranges.map { ($0.lowerBound + bodyStart)..<($0.upperBound + bodyStart) }
    var time = [Int64].uninitialized(count: sliced.rows)
    var recordOffset = [Int].uninitialized(count: sliced.rows)
    var slices: [Slice?] = time.withUnsafeMutableBufferPointer { time in
      recordOffset.withUnsafeMutableBufferPointer { places in
        // Each slice writes only its own room.
        nonisolated(unsafe) let columns = (time, places)
        return WorkSplit.inParallel(ranges.count) { part in
          Slice.read(
            bytes, ranges[part], layout: layout,
            times: UnsafeMutableBufferPointer(rebasing: columns.0[sliced.room(part)]),
            places: UnsafeMutableBufferPointer(rebasing: columns.1[sliced.room(part)]))
        }
      }
    }
    guard slices.allSatisfy({ $0 != nil }) else { return nil }
    let counts = slices.map { $0!.rows }
    time.closeUp(firsts: sliced.firsts, counts: counts)
    recordOffset.closeUp(firsts: sliced.firsts, counts: counts)
    // Each kind of identifier is joined on a core of its own: the kinds'
    // tables are independent. The slices' tables are handed over, not
    // shared, so that interning into the first slice's does not copy it.
    let kinds = PerPart<[IdentifierColumn]>(count: layout.readsPosts ? 3 : 2, initial: [])
    for part in slices.indices {
      let slice = slices[part]!
      slices[part] = nil
      kinds[0].append(IdentifierColumn(interner: slice.objects, ids: slice.object))
      kinds[1].append(IdentifierColumn(interner: slice.accounts, ids: slice.account))
      if layout.readsPosts {
        kinds[2].append(IdentifierColumn(interner: slice.posts, ids: slice.content))
      }
    }
    let joined = WorkSplit.inParallel(kinds.count) { kind in
      var columns: [IdentifierColumn] = []
      swap(&columns, &kinds[kind])
      return IdentifierColumn(joining: &columns)
    }
    var table = ActivityTable()
    table.objects = joined[0].interner
    table.object = joined[0].ids
    table.accounts = joined[1].interner
    table.account = joined[1].ids
    table.time = time
    table.recordOffset = recordOffset
    if layout.readsPosts {
      table.contents = joined[2].interner
      table.content = joined[2].ids
    }
    return (table, time.count)
  }

  /// One kind of identifier (objects, accounts or posts) of the whole file:
  /// its interner, and each row's id in it.
  struct IdentifierColumn: Sendable {
    var interner: ByteInterner
    var ids: [UInt32]

    init(interner: ByteInterner, ids: [UInt32]) {
      self.interner = interner
      self.ids = ids
    }

    /// The slices' interners and columns of one kind, joined in file order:
    /// the first slice's interner is taken, and each later slice's
    /// identifiers, in the order it first met them, are interned into it, so
    /// every identifier gets the number of its first appearance in the file;
    /// each row is renumbered.
    /// - Complexity: O(rows), plus one probe per distinct identifier of
    ///   each slice after the first.
    init(joining slices: inout [IdentifierColumn]) {
      var joined = ByteInterner(capacity: 1)
      swap(&joined, &slices[0].interner)
      let total = slices.reduce(0) { $0 + $1.ids.count }
      let later = slices.dropFirst()
      ids = [UInt32](unsafeUninitializedCapacity: total) { column, initialized in
        var end = column.initialize(fromContentsOf: slices[0].ids)
        for slice in later {
          var renumbered = [UInt32](repeating: 0, count: slice.interner.count)
          renumbered.withUnsafeMutableBufferPointer {
            joined.intern(allOf: slice.interner, into: $0.baseAddress!)
          }
          renumbered.withUnsafeBufferPointer { renumbered in
            slice.ids.withUnsafeBufferPointer { local in
              for id in local {
                column.initializeElement(at: end, to: renumbered[Int(id)])
                end += 1
              }
            }
          }
        }
        initialized = end
      }
      interner = joined
    }
  }

  /// The rows of one slice of the file, numbered by its own interners.
  struct Slice {
    var objects = ByteInterner(capacity: 1 << 12)
    var accounts = ByteInterner(capacity: 1 << 12)
    var posts = ByteInterner(capacity: 16)
    var object: [UInt32] = []
    var account: [UInt32] = []
    var content: [UInt32] = []
    /// Rows read, their times and places written to the caller's room.
    var rows = 0

    /// The rows of `range`, or `nil` at anything the careful loop must see;
    /// each row's time and place (`ActivityTable.recordOffset`) go to
    /// `times` and `places`, which have room for every row `range` can hold
    /// (``SlicedRows``).
    static func read(
      _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, layout: ActivityReader.Layout,
      times: UnsafeMutableBufferPointer<Int64>, places: UnsafeMutableBufferPointer<Int>
    ) -> Slice? {
      var slice = Slice()
      let estimate = times.count
      slice.object.reserveCapacity(estimate)
      slice.account.reserveCapacity(estimate)
      if layout.readsPosts {
        slice.posts = ByteInterner(capacity: estimate)
        slice.content.reserveCapacity(estimate)
      }
      var scanner = RecordScanner(bytes, from: range.lowerBound, to: range.upperBound)
      let fields = ScratchBuffer<FieldSpan>(capacity: RecordScanner.maxFields)
      // Rows wait in batches so that their identifiers are interned
      // together: each one's slot is asked of memory as its row is read, and
      // a batch is interned once the next one has been read, so that the
      // waits overlap the reading.
      var reading = Batch()
      var waiting = Batch()
      let ids = ScratchBuffer<UInt32>(capacity: batchSize)
      func intern(_ batch: inout Batch) {
        let count = batch.count
        guard count > 0 else { return }
        slice.objects.intern(
          batch: batch.objects.prefix(count), keys: batch.objectKeys.prefix(count), into: ids.start)
        slice.object.append(contentsOf: ids.prefix(count))
        slice.accounts.intern(
          batch: batch.accounts.prefix(count), keys: batch.accountKeys.prefix(count),
          into: ids.start)
        slice.account.append(contentsOf: ids.prefix(count))
        if layout.readsPosts {
          slice.posts.intern(
            batch: batch.posts.prefix(count), keys: batch.postKeys.prefix(count), into: ids.start)
          slice.content.append(contentsOf: ids.prefix(count))
        }
        batch.count = 0
      }
      func settle() {
        intern(&waiting)
        intern(&reading)
      }
      while true {
        switch scanner.next(into: fields.start) {
        case .end:
          settle()
          return slice
        case .unusual:
          return nil
        case .record(let fieldCount):
          guard fieldCount == layout.width,
            let time = ActivityTime.parse(scanner.bytes(fields[layout.time]))
          else { return nil }
          let (objectField, accountField) = (fields[layout.object], fields[layout.account])
          let postField = layout.readsPosts ? fields[layout.post] : nil
          if objectField.escaped || accountField.escaped || postField?.escaped == true {
            // Rare: its identifiers are copied with their quotes undone and
            // interned alone, after the rows before it.
            settle()
            guard
              let object = unescaped(scanner, objectField, { slice.objects.intern($0).id }),
              let account = unescaped(scanner, accountField, { slice.accounts.intern($0).id })
            else { return nil }
            if let postField {
              let post = unescaped(scanner, postField, allowEmpty: true) {
                slice.posts.intern($0).id
              }
              slice.content.append(post!)
            }
            slice.object.append(object)
            slice.account.append(account)
          } else {
            let account = trimmed(scanner.bytes(accountField))
            let object = trimmed(scanner.bytes(objectField))
            guard !account.isEmpty, !object.isEmpty else { return nil }
            let row = reading.count
            if let postField {
              let post = trimmed(scanner.bytes(postField))
              reading.posts[row] = post
              reading.postKeys[row] = slice.posts.key(prefetching: post)
            }
            reading.objects[row] = object
            reading.objectKeys[row] = slice.objects.key(prefetching: object)
            reading.accounts[row] = account
            reading.accountKeys[row] = slice.accounts.key(prefetching: account)
            reading.count += 1
          }
          // Never past the room, whatever the count of line breaks said.
          guard slice.rows < times.count else { return nil }
          times.initializeElement(at: slice.rows, to: time)
          places.initializeElement(at: slice.rows, to: recordStart(scanner, fields[0]))
          slice.rows += 1
          if reading.count == batchSize {
            intern(&waiting)
            swap(&reading, &waiting)
          }
        }
      }
    }
  }

  /// Rows read together, waiting for their identifiers to be interned:
  /// each identifier's bytes and the key its slot was prefetched with.
  struct Batch: ~Copyable {
    let objects = ScratchBuffer<UnsafeBufferPointer<UInt8>>(capacity: batchSize)
    let objectKeys = ScratchBuffer<ByteInterner.Key>(capacity: batchSize)
    let accounts = ScratchBuffer<UnsafeBufferPointer<UInt8>>(capacity: batchSize)
    let accountKeys = ScratchBuffer<ByteInterner.Key>(capacity: batchSize)
    let posts = ScratchBuffer<UnsafeBufferPointer<UInt8>>(capacity: batchSize)
    let postKeys = ScratchBuffer<ByteInterner.Key>(capacity: batchSize)
    var count = 0
  }

  /// Bytes as the careful loop interns them: spaces and tabs around them removed.
  static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var text = bytes
    while let first = text.first, first == .space || first == .tab {
      text = UnsafeBufferPointer(rebasing: text[1...])
    }
    while let last = text.last, last == .space || last == .tab {
      text = UnsafeBufferPointer(rebasing: text[..<(text.count - 1)])
    }
    return text
  }

  /// `intern` of a field's bytes with doubled quotes undone and spaces and
  /// tabs around removed, as the careful loop has them; `nil` when they are
  /// empty, unless `allowEmpty`.
  static func unescaped(
    _ scanner: RecordScanner, _ field: FieldSpan, allowEmpty: Bool = false,
    _ intern: (UnsafeBufferPointer<UInt8>) -> UInt32
  ) -> UInt32? {
    var copy: [UInt8] = []
    DoubledQuotes.undo(scanner.bytes(field), into: &copy)
    return copy.withUnsafeBufferPointer { bytes in
      let text = trimmed(bytes)
      return text.isEmpty && !allowEmpty ? nil : intern(text)
    }
  }

  /// Where a record starts, given its first field: the field's opening quote
  /// if it has one (what the careful loop keeps as `ActivityTable.recordOffset`).
  static func recordStart(_ scanner: RecordScanner, _ first: FieldSpan) -> Int {
    // An unquoted first field follows a line break, never a quote.
    first.start > 0 && scanner.base[first.start - 1] == .quote ? first.start - 1 : first.start
  }
}

import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// Reads the rows of a clean activity file on every core: `ActivityReader`
/// tries it first, and reads with its careful loop whatever this gives up on.
///
/// At tens of millions of rows the careful loop spends its time on what a
/// clean file never needs (a located field per cell, a finding per bad row)
/// and on looking identifiers up one after another, each lookup a wait for
/// memory. Here records are split by ``RecordScanner`` without allocating,
/// each core reads a slice of the file that starts at a record, and each
/// interns its slice's identifiers into tables of its own, in batches whose
/// slots are asked of memory together (``ByteInterner/intern(batch:ifInShard:of:into:)``).
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
    let ranges = RecordScanner.recordSlices(of: body, split: split).map {
      ($0.lowerBound + bodyStart)..<($0.upperBound + bodyStart)
    }
    var slices = WorkSplit.inParallel(ranges.count) { part in
      Slice.read(bytes, ranges[part], layout: layout)
    }
    guard slices.allSatisfy({ $0 != nil }) else { return nil }
    var table = ActivityTable()
    var joined = slices[0]!
    slices[0] = nil
    let total = joined.object.count + slices.dropFirst().reduce(0) { $0 + $1!.object.count }
    joined.reserve(total, posts: layout.readsPosts)
    for part in slices.indices.dropFirst() {
      joined.append(slices[part]!, posts: layout.readsPosts)
      slices[part] = nil
    }
    table.objects = joined.objects
    table.accounts = joined.accounts
    table.object = joined.object
    table.account = joined.account
    table.time = joined.time
    table.recordOffset = joined.recordOffset
    if layout.readsPosts {
      table.contents = joined.posts
      table.content = joined.content
    }
    return (table, total)
  }

  /// The rows of one slice of the file, numbered by its own interners.
  struct Slice {
    var objects = ByteInterner(capacity: 1 << 12)
    var accounts = ByteInterner(capacity: 1 << 12)
    var posts = ByteInterner(capacity: 16)
    var object: [UInt32] = []
    var account: [UInt32] = []
    var time: [Int64] = []
    var recordOffset: [Int] = []
    var content: [UInt32] = []

    /// The rows of `range`, or `nil` at anything the careful loop must see.
    static func read(
      _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, layout: ActivityReader.Layout
    ) -> Slice? {
      var slice = Slice()
      let estimate = RecordScanner.lineCount(UnsafeBufferPointer(rebasing: bytes[range])) + 1
      slice.object.reserveCapacity(estimate)
      slice.account.reserveCapacity(estimate)
      slice.time.reserveCapacity(estimate)
      slice.recordOffset.reserveCapacity(estimate)
      if layout.readsPosts {
        slice.posts = ByteInterner(capacity: estimate)
        slice.content.reserveCapacity(estimate)
      }
      var scanner = RecordScanner(bytes, from: range.lowerBound, to: range.upperBound)
      let fields = ScratchBuffer<FieldSpan>(capacity: RecordScanner.maxFields)
      let batch = batchSize
      let objectBytes = ScratchBuffer<UnsafeBufferPointer<UInt8>>(capacity: batch)
      let accountBytes = ScratchBuffer<UnsafeBufferPointer<UInt8>>(capacity: batch)
      let postBytes = ScratchBuffer<UnsafeBufferPointer<UInt8>>(capacity: batch)
      let ids = ScratchBuffer<UInt32>(capacity: batch)
      var pending = 0
      func settle() {
        guard pending > 0 else { return }
        slice.objects.intern(
          batch: objectBytes.prefix(pending), ifInShard: 0, of: 1, into: ids.start)
        slice.object.append(contentsOf: ids.prefix(pending))
        slice.accounts.intern(
          batch: accountBytes.prefix(pending), ifInShard: 0, of: 1, into: ids.start)
        slice.account.append(contentsOf: ids.prefix(pending))
        if layout.readsPosts {
          slice.posts.intern(batch: postBytes.prefix(pending), ifInShard: 0, of: 1, into: ids.start)
          slice.content.append(contentsOf: ids.prefix(pending))
        }
        pending = 0
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
            if let postField { postBytes[pending] = trimmed(scanner.bytes(postField)) }
            objectBytes[pending] = object
            accountBytes[pending] = account
            pending += 1
          }
          slice.time.append(time)
          slice.recordOffset.append(recordStart(scanner, fields[0]))
          if pending == batch { settle() }
        }
      }
    }

    /// Room for `count` rows in every column.
    mutating func reserve(_ count: Int, posts: Bool) {
      object.reserveCapacity(count)
      account.reserveCapacity(count)
      time.reserveCapacity(count)
      recordOffset.reserveCapacity(count)
      if posts { content.reserveCapacity(count) }
    }

    /// Appends the rows of the slice that follows this one in the file,
    /// its identifiers renumbered as first met in the file.
    mutating func append(_ next: Slice, posts readsPosts: Bool) {
      func append(
        _ column: inout [UInt32], _ ids: [UInt32], into interner: inout ByteInterner,
        from local: ByteInterner
      ) {
        var renumbered = [UInt32](repeating: 0, count: local.count)
        for id in 0..<local.count {
          renumbered[id] = local.withBytes(of: UInt32(id)) { interner.intern($0).id }
        }
        renumbered.withUnsafeBufferPointer { renumbered in
          column.append(contentsOf: ids.lazy.map { renumbered[Int($0)] })
        }
      }
      append(&object, next.object, into: &objects, from: next.objects)
      append(&account, next.account, into: &accounts, from: next.accounts)
      if readsPosts { append(&content, next.content, into: &posts, from: next.posts) }
      time += next.time
      recordOffset += next.recordOffset
    }
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
    copy.reserveCapacity(field.count)
    var i = field.start
    while i < field.end {
      copy.append(scanner.base[i])
      i += scanner.base[i] == .quote ? 2 : 1
    }
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

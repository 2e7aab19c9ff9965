import CIBGraphCore
import CIBGraphShims
import CIBGraphSupport
import Foundation

/// A field found by ``RecordScanner``: its content's bytes, quotes excluded.
struct FieldSpan {
  var start: Int
  var end: Int
  /// Whether the content holds doubled quotes `""` standing for one `"`.
  var escaped: Bool

  var isEmpty: Bool { start == end }
  var count: Int { end - start }
}

/// Splits RFC 4180 records out of bytes in memory, for the fast readers of
/// large files: no allocation per record, no line or column bookkeeping.
///
/// It accepts exactly what ``CSVTokenizer`` accepts and splits it the same
/// way (commas; CRLF, LF or CR; quoted fields with doubled quotes; blank lines
/// skipped). It does not explain problems: on anything ``CSVTokenizer`` would
/// reject (an unclosed quote, a quote inside an unquoted field, text after a
/// closing quote, a field over 1 MiB) it stops with ``Outcome/unusual``, and
/// the caller hands the whole input to the careful reader, which says where
/// and why. Tests hold the two to the same records on random inputs.
struct RecordScanner {
  /// The most fields of a record kept; the others are checked and counted.
  /// The fast readers leave wider headers to the careful ones.
  static let maxFields = 32

  enum Outcome { case record(fieldCount: Int), end, unusual }

  let base: UnsafePointer<UInt8>
  /// One past the last byte this scanner reads.
  let end: Int
  var position: Int
  /// Whether a quote or a carriage return has been read: until one is, the
  /// records read are lines, as ``PlainLines`` finds them again.
  private(set) var sawQuoteOrCR = false

  init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) {
    base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
    self.end = end ?? bytes.count
    position = start
  }

  /// Reads the next record's fields into `fields` (room for ``maxFields``:
  /// the first of them are kept, every one is counted).
  mutating func next(into fields: UnsafeMutablePointer<FieldSpan>) -> Outcome {
    // Skip blank lines.
    while position < end, base[position] == .lf || base[position] == .cr {
      if base[position] == .cr { sawQuoteOrCR = true }
      position &+= 1
    }
    guard position < end else { return .end }
    var count = 0
    while true {
      var field = FieldSpan(start: position, end: position, escaped: false)
      if base[position] == .quote {
        sawQuoteOrCR = true
        position &+= 1
        field.start = position
        while true {
          guard position < end else { return .unusual }  // never closed
          if base[position] == .quote {
            if position &+ 1 < end, base[position &+ 1] == .quote {
              field.escaped = true
              position &+= 2
              continue
            }
            break
          }
          position &+= 1
        }
        field.end = position
        position &+= 1
        if position < end, base[position] != .comma, base[position] != .lf, base[position] != .cr {
          return .unusual  // text after the closing quote
        }
      } else {
        position = cibgraph_field_end(base, position, end)
        if position < end, base[position] == .quote { return .unusual }
        field.end = position
      }
      guard field.count <= CSVTokenizer.maxFieldBytes else { return .unusual }
      if count < Self.maxFields { fields[count] = field }
      count &+= 1
      guard position < end else { return .record(fieldCount: count) }
      let separator = base[position]
      position &+= 1
      if separator == .comma {
        if position == end {  // a trailing comma ends with an empty field
          if count < Self.maxFields {
            fields[count] = FieldSpan(start: position, end: position, escaped: false)
          }
          return .record(fieldCount: count &+ 1)
        }
        continue
      }
      if separator == .cr {
        sawQuoteOrCR = true
        if position < end, base[position] == .lf { position &+= 1 }
      }
      return .record(fieldCount: count)
    }
  }

  /// The bytes of a field.
  func bytes(_ field: FieldSpan) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + field.start, count: field.count)
  }

  /// Whether a field's bytes are valid UTF-8 (what the careful reader requires of text).
  func isValidText(_ field: FieldSpan) -> Bool {
    var i = field.start
    while i < field.end, base[i] < 0x80 { i &+= 1 }
    if i == field.end { return true }
    return firstInvalidUTF8Offset(UnsafeBufferPointer(start: base, count: end), in: i..<field.end)
      == nil
  }

  /// The value `names` gives a field's text, if any (see ``FieldNames``).
  func match<Value>(_ field: FieldSpan, _ names: FieldNames<Value>) -> Value? {
    guard !field.escaped else { return nil }
    return names.match(UnsafeBufferPointer(start: base, count: end), field.start..<field.end)
  }

  /// Whether a field holds nothing but spaces and tabs.
  func isBlank(_ field: FieldSpan) -> Bool {
    var i = field.start
    while i < field.end, base[i] == .space || base[i] == .tab { i &+= 1 }
    return i == field.end
  }

  /// Whether a field is empty or a number the careful reader reads as
  /// written, without asking it: an optional `-`, digits, and optionally a
  /// point and more digits (`1`, `0.25`, `-3.5`), at most 18 digits, no
  /// spaces. Other numbers (`1,33`, `1e-05`) are the careful reader's.
  func isPlainDecimal(_ field: FieldSpan) -> Bool {
    var i = field.start
    if i == field.end { return true }
    if base[i] == UInt8(ascii: "-") { i &+= 1 }
    var digits = 0
    var point = false
    while i < field.end {
      let byte = base[i]
      if byte &- 0x30 < 10 {
        digits &+= 1
      } else if byte == UInt8(ascii: "."), !point, digits > 0 {
        point = true
      } else {
        return false
      }
      i &+= 1
    }
    return digits > 0 && digits <= 18 && base[field.end &- 1] != UInt8(ascii: ".")
  }

  /// A count as the careful reader reads it: empty (spaces allowed) is
  /// `.some(nil)`; digits with spaces or tabs around are the number; anything
  /// else (a sign, a separator, more than ``Count/largest``) is `nil`, for the careful reader.
  func count(_ field: FieldSpan) -> Int?? {
    var start = field.start
    var stop = field.end
    while start < stop, base[start] == .space || base[start] == .tab { start &+= 1 }
    while stop > start, base[stop &- 1] == .space || base[stop &- 1] == .tab { stop &-= 1 }
    if start == stop { return .some(nil) }
    guard stop - start <= 18 else { return nil }
    var value = 0
    for i in start..<stop {
      let digit = base[i] &- 0x30
      guard digit < 10 else { return nil }
      value = value &* 10 &+ Int(digit)
    }
    return value <= Count.largest ? .some(value) : nil
  }

  /// The lines in `range` of `bytes` that have something on them and end
  /// there, and its double quotes, read in steps, giving the pages read to
  /// `release` as the readers give theirs. Line ends are counted so that
  /// ranges side by side add up: a break right after another is a blank
  /// line's, and a carriage return before a line feed ends one line.
  /// - Complexity: O(bytes), compared many at a time.
  static func lineEndsAndQuotes(
    in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
    release: ((Range<Int>) -> Void)? = nil
  ) -> (lineEnds: Int, quotes: Int) {
    guard let base = bytes.baseAddress, !range.isEmpty else { return (0, 0) }
    var behind = PagesBehind(from: range.lowerBound, release: release)
    var lineEnds = 0
    var quotes = 0
    var start = range.lowerBound
    while start < range.upperBound {
      let end = min(start + PagesBehind.step, range.upperBound)
      // The body's first byte follows the header's line break.
      let afterBreak: Int32 = start == 0 || base[start - 1] == .lf || base[start - 1] == .cr ? 1 : 0
      var quoted = 0
      lineEnds += cibgraph_count_line_ends(base + start, end - start, afterBreak, &quoted)
      quotes += quoted
      start = end
      behind.passed(start)
    }
    behind.giveBack(upTo: range.upperBound)
    return (lineEnds, quotes)
  }

  /// The slices of `bytes` the fast readers read on separate cores: one per
  /// part of `split` (no slice under its `bytesPerSlice`), each from the
  /// start of a record (``recordStart(in:from:inQuotes:)``) to the next
  /// slice's; and the most records each can hold, its lines with something
  /// on them (exact for rows with no field holding a line break), so that
  /// a reader can give each slice exactly the room its rows take.
  ///
  /// One pass on every core, each over an equal part of the bytes, counts
  /// the parts' quotes, which say whether each split falls inside quotes,
  /// and their line ends, which, less those between each split and the
  /// record start after it, bound the slices' records.
  /// - Complexity: O(bytes), on every core.
  static func recordSlices(
    of bytes: UnsafeBufferPointer<UInt8>, split: WorkSplit,
    release: FastSpreadsheetReader.Release? = nil, perCore: Int = 1
  ) -> [(range: Range<Int>, records: Int)] {
    let count = bytes.count
    let parts = split.parts(of: count, per: split.bytesPerSlice, perCore: perCore)
    let splits = (0...parts).map { WorkSplit.boundary($0, of: parts, in: count) }
    nonisolated(unsafe) let bytes = bytes
    let counted = WorkSplit.inParallel(parts) { part in
      lineEndsAndQuotes(in: bytes, splits[part]..<splits[part + 1], release: release)
    }
    var starts = [0]
    var quotes = 0
    for part in 1..<max(parts, 1) {
      quotes += counted[part - 1].quotes
      starts.append(recordStart(in: bytes, from: splits[part], inQuotes: quotes % 2 == 1))
    }
    starts.append(count)
    // Line ends between each split and the record start after it (a few bytes).
    let between = (0...parts).map { part in
      part == 0 || part == parts
        ? 0 : lineEndsAndQuotes(in: bytes, splits[part]..<starts[part]).lineEnds
    }
    return (0..<parts).map { part in
      let range = starts[part]..<starts[part + 1]
      var records = counted[part].lineEnds - between[part] + between[part + 1]
      if let last = range.last, bytes[last] != .lf, bytes[last] != .cr { records += 1 }
      return (range, records)
    }
  }

  /// Slices of `bytes` as ``recordSlices(of:split:release:perCore:)`` cuts
  /// them, found without reading the file first: each starts after the
  /// first line break at or after its share's start, as if no share started
  /// inside a quoted field.
  ///
  /// Whether they are right is known once each is read from its start: a
  /// slice that begins at a record ends at one exactly when its last field
  /// is not left open, and ``RecordScanner`` stops with
  /// ``Outcome/unusual`` at a quote left open at the end of its bytes. So
  /// if every slice's records are read to its end, the first slice starting
  /// at the file's start, every slice started at a record; a reader that
  /// meets anything unusual reads again from the counted slices. Reading the
  /// whole file once more, only to count quotes that files of identifiers
  /// rarely hold, was a tenth of the work of finding the largest audiences.
  /// - Complexity: O(parts) and the bytes of each part's first line.
  static func guessedSlices(
    of bytes: UnsafeBufferPointer<UInt8>, split: WorkSplit, perCore: Int = 1
  ) -> [Range<Int>] {
    let count = bytes.count
    let parts = split.parts(of: count, per: split.bytesPerSlice, perCore: perCore)
    var starts = [0]
    for part in 1..<max(parts, 1) {
      let start = lineStart(in: bytes, from: WorkSplit.boundary(part, of: parts, in: count))
      starts.append(max(start, starts[starts.count - 1]))
    }
    starts.append(count)
    return (0..<max(parts, 1)).map { starts[$0]..<starts[$0 + 1] }
  }

  /// The byte after the first line break at or after `position` (a
  /// carriage return and the line feed after it being one break), quotes
  /// not considered; the end if there is none.
  static func lineStart(in bytes: UnsafeBufferPointer<UInt8>, from position: Int) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    var position = position
    while position < bytes.count {
      let byte = base[position]
      position += 1
      if byte == .lf || byte == .cr {
        if byte == .cr, position < bytes.count, base[position] == .lf { position += 1 }
        return position
      }
    }
    return bytes.count
  }

  /// Where the record after `position` begins: the byte after the first
  /// line break outside quotes at or after it, `inQuotes` saying whether
  /// `position` is inside quotes (the parity of the quotes before it: a
  /// doubled quote changes it twice).
  /// - Complexity: O(bytes up to that break).
  static func recordStart(in bytes: UnsafeBufferPointer<UInt8>, from position: Int, inQuotes: Bool)
    -> Int
  {
    guard let base = bytes.baseAddress else { return 0 }
    var position = position
    var inQuotes = inQuotes
    while position < bytes.count {
      let byte = base[position]
      position += 1
      if byte == .quote {
        inQuotes.toggle()
      } else if !inQuotes && (byte == .lf || byte == .cr) {
        if byte == .cr, position < bytes.count, base[position] == .lf { position += 1 }
        return position
      }
    }
    return bytes.count
  }
}

extension UInt8 {
  static let space = UInt8(ascii: " ")
  static let tab = UInt8(ascii: "\t")
}

/// The records of bytes with no quote and no carriage return, found a line
/// at a time with `memchr`: there, as ``RecordScanner`` reads them, a record
/// is a line that is not blank and its fields are split by commas. Finding
/// the rows of a few assets again in a file already read whole, scanning
/// every byte as ``RecordScanner`` does was most of the work.
struct PlainLines {
  private let base: UnsafePointer<UInt8>
  private let end: Int
  private var position: Int

  /// The lines of `range` of `bytes`, or `nil` when it holds a quote or a
  /// carriage return (``RecordScanner`` must read it).
  init?(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
    guard let base = bytes.baseAddress, !range.isEmpty else { return nil }
    let start = UnsafeRawPointer(base + range.lowerBound)
    guard memchr(start, Int32(UInt8.quote), range.count) == nil,
      memchr(start, Int32(UInt8.cr), range.count) == nil
    else { return nil }
    self.init(plain: bytes, range)
  }

  /// The lines of `range` of `bytes`, known to hold no quote and no carriage
  /// return (a ``RecordScanner`` read it and saw none), so not searched for
  /// them: that search would read every page of a mapped file at once.
  init(plain bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
    base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
    end = range.upperBound
    position = range.lowerBound
  }

  /// The next record's bytes, without its line break; `nil` at the end.
  mutating func next() -> Range<Int>? {
    while position < end, base[position] == .lf { position &+= 1 }
    guard position < end else { return nil }
    let start = position
    if let found = memchr(base + start, Int32(UInt8.lf), end - start) {
      position = UnsafeRawPointer(found) - UnsafeRawPointer(base)
    } else {
      position = end
    }
    return start..<position
  }

  /// Skips the next `count` records, as `count` calls of ``next()`` would,
  /// finding only their ends, sixty-four bytes at a time.
  /// - Complexity: O(bytes skipped), compared many at a time.
  mutating func skip(_ count: Int) {
    guard count > 0 else { return }
    while position < end, base[position] == .lf { position &+= 1 }
    guard position < end else { return }
    position = cibgraph_skip_records(base, position, end, count)
  }

  /// The `index`-th field of a record (one the record has).
  func field(_ index: Int, of record: Range<Int>) -> FieldSpan {
    var start = record.lowerBound
    for _ in 0..<index {
      while start < record.upperBound, base[start] != .comma { start &+= 1 }
      start &+= 1
    }
    var fieldEnd = start
    while fieldEnd < record.upperBound, base[fieldEnd] != .comma { fieldEnd &+= 1 }
    return FieldSpan(start: start, end: fieldEnd, escaped: false)
  }
}

/// The slices a fast reader reads a file's rows in, one core each at a
/// time, and the room each slice's rows take in the columns they are
/// written straight into (``RecordScanner/recordSlices(of:split:release:)``).
/// Rows end up where they are written, the slices' rooms end to end, so
/// that no column is copied into fresh memory a second time to be joined.
struct SlicedRows {
  /// Each slice's bytes, in the body of the file.
  let ranges: [Range<Int>]
  /// Where each slice's room starts in the columns, in order.
  let firsts: [Int]
  /// The room of every slice: the columns' length before closing up.
  let rows: Int
  /// Gives back pages of the body (offsets in it), if the file is mapped.
  let release: FastSpreadsheetReader.Release?

  /// The slices of `body`, the rows of a file after its header at `offset`;
  /// `release` gives back pages by offset in the file. No slice is given
  /// room for more rows than its bytes make of rows of `minimumRowBytes`
  /// (line break included), the fewest a row the reader keeps can have.
  init(
    _ body: UnsafeBufferPointer<UInt8>, split: WorkSplit,
    release: FastSpreadsheetReader.Release?, offset: Int, minimumRowBytes: Int, perCore: Int = 1
  ) {
    let release = release.map { release in
      { @Sendable (range: Range<Int>) in
        release((range.lowerBound + offset)..<(range.upperBound + offset))
      }
    }
    let slices = RecordScanner.recordSlices(
      of: body, split: split, release: release, perCore: perCore)
    let ranges = slices.map(\.range)
    var firsts: [Int] = []
    var next = 0
    for slice in slices {
      firsts.append(next)
      next += min(slice.records, slice.range.count / max(minimumRowBytes, 1) + 1)
    }
    self.ranges = ranges
    self.firsts = firsts
    self.rows = next
    self.release = release
  }

  /// How many slices.
  var count: Int { ranges.count }

  /// Slice `part`'s room in the columns.
  func room(_ part: Int) -> Range<Int> {
    firsts[part]..<(part + 1 < count ? firsts[part + 1] : rows)
  }
}

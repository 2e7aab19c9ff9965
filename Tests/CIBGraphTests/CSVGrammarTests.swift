import CIBGraph
import CIBGraphSupport
import CIBGraphTestSupport
import Testing

@testable import CIBGraphFormats

/// The one CSV grammar, read three ways: ``CSVTokenizer`` over a whole
/// input, the same tokenizer fed the input in chunks cut anywhere (as the
/// audience reader streams a file), and ``RecordScanner``, the fast readers'
/// allocation-free twin. On any input, all three must find the same records,
/// and refuse the same inputs; the two tokenizers must also agree on every
/// line, column and message.
@Suite struct CSVGrammarTests {
  /// What a reading found: each record's fields (content with doubled
  /// quotes undone), or where it stopped.
  struct Reading: Equatable {
    var records: [[Field]] = []
    var error: InputError?
  }

  struct Field: Equatable {
    var content: [UInt8]
    var line: Int
    var column: Int
  }

  static func whole(_ bytes: [UInt8]) -> Reading {
    var tokenizer = CSVTokenizer(bytes: bytes, file: "g.csv")
    var reading = Reading()
    var fields: [CSVField] = []
    do {
      while try tokenizer.nextRecord(into: &fields) != nil {
        reading.records.append(fields.map { field(tokenizer, $0) })
      }
    } catch {
      reading.error = error
    }
    return reading
  }

  /// The tokenizer fed `bytes` in chunks of the sizes `cuts` gives in turn.
  static func streamed(_ bytes: [UInt8], cuts: [Int]) -> Reading {
    var tokenizer = CSVTokenizer(streaming: "g.csv")
    var reading = Reading()
    var record: [Field] = []
    var start = 0
    var cut = 0
    do {
      while true {
        if start < bytes.count {
          let end = min(bytes.count, start + cuts[cut % cuts.count])
          cut += 1
          bytes.withUnsafeBufferPointer {
            tokenizer.feed(UnsafeBufferPointer(rebasing: $0[start..<end]))
          }
          start = end
        } else {
          tokenizer.finish()
        }
        reading: while true {
          switch try tokenizer.nextField() {
          case .field(let csvField, let endsRecord):
            record.append(field(tokenizer, csvField))
            if endsRecord {
              reading.records.append(record)
              record = []
            }
          case .needsMore: break reading
          case .end: return reading
          }
        }
      }
    } catch {
      reading.error = error
    }
    return reading
  }

  static func field(_ tokenizer: CSVTokenizer, _ field: CSVField) -> Field {
    Field(
      content: tokenizer.withContent(of: field) { Array($0) }, line: field.line,
      column: tokenizer.column(of: field))
  }

  /// The records ``RecordScanner`` finds (their first ``RecordScanner/maxFields``
  /// fields' content and their width), skipping a byte-order mark as its
  /// callers do; `unusual` when it stops on something it leaves to the tokenizer.
  static func scanned(_ bytes: [UInt8]) -> (
    records: [(fields: [[UInt8]], width: Int)], unusual: Bool
  ) {
    bytes.withUnsafeBufferPointer { buffer in
      let hasMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
      var scanner = RecordScanner(buffer, from: hasMark ? 3 : 0)
      let fields = UnsafeMutablePointer<FieldSpan>.allocate(capacity: RecordScanner.maxFields)
      defer { fields.deallocate() }
      var records: [(fields: [[UInt8]], width: Int)] = []
      while true {
        switch scanner.next(into: fields) {
        case .end: return (records, false)
        case .unusual: return (records, true)
        case .record(let width):
          records.append(
            (
              (0..<min(width, RecordScanner.maxFields)).map { unescaped(scanner, fields[$0]) },
              width
            ))
        }
      }
    }
  }

  static func unescaped(_ scanner: RecordScanner, _ field: FieldSpan) -> [UInt8] {
    let raw = Array(scanner.bytes(field))
    guard field.escaped else { return raw }
    var content: [UInt8] = []
    var i = 0
    while i < raw.count {
      content.append(raw[i])
      i += raw[i] == UInt8(ascii: "\"") ? 2 : 1
    }
    return content
  }

  /// Checks the three readings of `bytes` agree.
  static func expectAgreement(
    _ bytes: [UInt8], cuts: [Int], sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let whole = whole(bytes)
    let streamed = streamed(bytes, cuts: cuts)
    #expect(
      streamed == whole, "chunks of \(cuts) read \(Array(bytes.prefix(200)))",
      sourceLocation: sourceLocation)
    let scanned = scanned(bytes)
    #expect(
      scanned.unusual == (whole.error != nil),
      "the scanner \(scanned.unusual ? "stopped on" : "read") what the tokenizer \(whole.error.map { "refused: \($0)" } ?? "read"): \(Array(bytes.prefix(200)))",
      sourceLocation: sourceLocation)
    let tokenized = whole.records.map {
      (fields: $0.prefix(RecordScanner.maxFields).map(\.content), width: $0.count)
    }
    #expect(
      scanned.records.count == tokenized.count
        && zip(scanned.records, tokenized).allSatisfy {
          $0.fields == $1.fields && $0.width == $1.width
        },
      "the scanner and the tokenizer split \(Array(bytes.prefix(200))) differently",
      sourceLocation: sourceLocation)
  }

  /// Random CSV built from the pieces that make the grammar hard: quoted
  /// fields holding commas, line breaks of every kind and doubled quotes;
  /// CRLF, LF and lone CR between records; blank lines; a byte-order mark;
  /// multi-byte text; and, now and then, broken quoting.
  static func randomCSV(_ random: inout SeededGenerator, broken: Bool) -> [UInt8] {
    func pick(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }
    var bytes: [UInt8] = pick(4) == 0 ? [0xEF, 0xBB, 0xBF] : []
    let plain: [[UInt8]] = ["a", "bc", " ", "é", "😀", "x y", "\t"].map { Array($0.utf8) }
    let quotedPieces: [[UInt8]] = ["a", ",", "\n", "\r\n", "\r", "\"\"", "é", " "].map {
      Array($0.utf8)
    }
    let breaks: [[UInt8]] = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r"].map { Array($0.utf8) }
    for _ in 0..<pick(8) {
      let width = 1 + pick(4)
      for column in 0..<width {
        if column > 0 { bytes.append(UInt8(ascii: ",")) }
        switch pick(3) {
        case 0: break  // empty
        case 1: for _ in 0..<1 + pick(3) { bytes += plain[pick(plain.count)] }
        default:
          bytes.append(UInt8(ascii: "\""))
          for _ in 0..<pick(4) { bytes += quotedPieces[pick(quotedPieces.count)] }
          bytes.append(UInt8(ascii: "\""))
        }
      }
      if pick(6) > 0 { bytes += breaks[pick(breaks.count)] }
    }
    if broken, !bytes.isEmpty {
      let damage: [[UInt8]] = ["\"", "x\"", "\"x", ",\"", "\"\r"].map { Array($0.utf8) }
      bytes.insert(contentsOf: damage[pick(damage.count)], at: pick(bytes.count + 1))
    }
    return bytes
  }

  @Test(arguments: 0..<400)
  func theThreeReadingsAgreeOnRandomCSV(seed: Int) {
    var random = SeededGenerator(seed: UInt64(seed))
    let bytes = Self.randomCSV(&random, broken: seed % 3 == 0)
    let cuts = (0..<3).map { _ in 1 + Int(random.next() % 7) }
    Self.expectAgreement(bytes, cuts: cuts)
  }

  /// ``RecordScanner/recordSlices(of:split:release:)`` gives each slice of
  /// a fast reader its room: never fewer than the records the scanner finds
  /// in it, and exactly as many when no field holds a line break, whatever
  /// ends the lines and however many are blank; split at random places, the
  /// slices start where the scanner's records do.
  @Test(arguments: 0..<200)
  func sliceBoundsHoldTheirRecordsExactlyWhenNoFieldHoldsABreak(seed: Int) {
    var random = SeededGenerator(seed: UInt64(seed) &+ 90_000)
    var any = Self.randomCSV(&random, broken: false)
    if any.starts(with: [0xEF, 0xBB, 0xBF]) { any.removeFirst(3) }
    let found = Self.scanned(any)
    if !found.unusual {
      let slices = Self.slices(any)
      #expect(slices.map(\.records).reduce(0, +) >= found.records.count)
      for slice in slices {
        #expect(slice.records >= Self.scanned(Array(any[slice.range])).records.count)
      }
    }

    var rows: [UInt8] = []
    for row in 0..<random.int(in: 1...40) {
      rows += Array("r\(row),x".utf8) + random.element(of: [[0x0A], [0x0D, 0x0A], [0x0D]])!
      if random.int(in: 0..<5) == 0 {  // blank lines
        rows += random.element(of: [[0x0A], [0x0D, 0x0A], [0x0D], [0x0A, 0x0A]])!
      }
    }
    if random.bool() { rows.removeLast() }  // no break at the end
    if rows.last == 0x0D { rows.removeLast() }
    let slices = Self.slices(rows)
    #expect(slices.map(\.records).reduce(0, +) == Self.scanned(rows).records.count)
    for slice in slices {
      #expect(slice.records == Self.scanned(Array(rows[slice.range])).records.count)
    }
    #expect(slices.map(\.range.count).reduce(0, +) == rows.count)
  }

  /// Slices cut at the line break after each share's start, without
  /// counting quotes first (``RecordScanner/guessedSlices(of:split:perCore:)``),
  /// tile the bytes, and are the counted slices when no quote can put a
  /// break inside a field. Whenever each of them is scanned to its end
  /// without anything unusual, their records are the whole file's: a guess
  /// inside quotes is always caught, so a reader never takes a wrong one.
  @Test(arguments: 0..<300)
  func guessedSlicesAreRightWheneverEachScansToItsEnd(seed: Int) {
    var random = SeededGenerator(seed: UInt64(seed) &+ 120_000)
    var bytes = Self.randomCSV(&random, broken: seed % 4 == 0)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    if seed % 3 == 0 {
      bytes = bytes.map { $0 == UInt8(ascii: "\"") ? UInt8(ascii: "q") : $0 }
    }
    let guessed = bytes.withUnsafeBufferPointer {
      RecordScanner.guessedSlices(of: $0, split: .tiny)
    }
    #expect(guessed.first?.lowerBound == 0 && guessed.last?.upperBound == bytes.count)
    for (before, after) in zip(guessed, guessed.dropFirst()) {
      #expect(before.upperBound == after.lowerBound)
      #expect(
        after.isEmpty || after.lowerBound == bytes.count
          || [0x0A, 0x0D].contains(bytes[after.lowerBound - 1]))
    }
    if !bytes.contains(UInt8(ascii: "\"")) {
      #expect(guessed == Self.slices(bytes).map(\.range))
    }
    let pieces = guessed.map { Self.scanned(Array(bytes[$0])) }
    let whole = Self.scanned(bytes)
    if !pieces.contains(where: \.unusual) {
      #expect(!whole.unusual)
      let joined = pieces.flatMap(\.records)
      #expect(joined.map(\.fields) == whole.records.map(\.fields))
      #expect(joined.map(\.width) == whole.records.map(\.width))
    }
  }

  /// A file of blank lines holds no records and asks for no room: room per
  /// line break would ask for a row of every column per byte of such a file,
  /// more memory than there is.
  @Test func blankLinesAskForNoRoom() {
    let blank = [UInt8](repeating: 0x0A, count: 1 << 20) + [0x0D, 0x0A, 0x0D, 0x0D]
    #expect(Self.slices(blank).map(\.records).allSatisfy { $0 == 0 })
    #expect(Self.slices(blank, split: .standard).map(\.records).allSatisfy { $0 == 0 })
  }

  /// The counting steps of a large file add up: a carriage return and its
  /// line feed on either side of a step's end end one line, and a blank
  /// line after a step's end ends none.
  @Test func linesAcrossTheCountingStepsCountOnce() {
    var whole = WorkSplit.standard
    whole.bytesPerSlice = 1 << 30  // one slice, counted in steps
    var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: (1 << 24) - 1)
    bytes += [0x0D, 0x0A] + Array("y\r\n".utf8)
    #expect(Self.slices(bytes, split: whole).map(\.records) == [2])
    #expect(Self.slices(bytes, split: .standard).map(\.records).reduce(0, +) == 2)
    var blank = [UInt8](repeating: UInt8(ascii: "x"), count: (1 << 24) - 1)
    blank += [0x0A, 0x0A, 0x0A] + Array("y".utf8)
    #expect(Self.slices(blank, split: whole).map(\.records) == [2])
    #expect(Self.slices(blank, split: .standard).map(\.records).reduce(0, +) == 2)
  }

  static func slices(_ bytes: [UInt8], split: WorkSplit = .tiny) -> [(
    range: Range<Int>, records: Int
  )] {
    bytes.withUnsafeBufferPointer { RecordScanner.recordSlices(of: $0, split: split) }
  }

  /// Where ``PlainLines`` takes bytes (no quote, no carriage return), it
  /// finds the records and fields ``RecordScanner`` finds; it takes no others.
  @Test(arguments: 0..<400)
  func plainLinesAreRecordsAsTheScannerReadsThem(seed: Int) {
    var random = SeededGenerator(seed: UInt64(seed) &+ 50_000)
    var bytes = Self.randomCSV(&random, broken: false)
    // Readers scan from after the byte-order mark, which the header's reading skips.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    // Most random CSV has quotes or CRs; take them out of half of it.
    if seed % 2 == 0 {
      bytes = bytes.map {
        $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\r") ? UInt8(ascii: "q") : $0
      }
    }
    let hasQuoteOrCR = bytes.contains(UInt8(ascii: "\"")) || bytes.contains(UInt8(ascii: "\r"))
    bytes.withUnsafeBufferPointer { buffer in
      // The scanner, having read it all, says whether it was plain (random
      // CSV is now and then broken: where the scanner stops, it says nothing).
      var reader = RecordScanner(buffer)
      let spans = UnsafeMutablePointer<FieldSpan>.allocate(capacity: RecordScanner.maxFields)
      defer { spans.deallocate() }
      var outcome = reader.next(into: spans)
      while case .record = outcome { outcome = reader.next(into: spans) }
      if case .end = outcome { #expect(reader.sawQuoteOrCR == hasQuoteOrCR) }
      guard var lines = PlainLines(buffer, 0..<buffer.count) else {
        #expect(hasQuoteOrCR || buffer.isEmpty, "plain bytes refused")
        return
      }
      #expect(!hasQuoteOrCR)
      var scanner = RecordScanner(buffer)
      let fields = UnsafeMutablePointer<FieldSpan>.allocate(capacity: RecordScanner.maxFields)
      defer { fields.deallocate() }
      var agree = true
      while case .record(let count) = scanner.next(into: fields) {
        guard let line = lines.next() else {
          agree = false
          break
        }
        for index in 0..<min(count, RecordScanner.maxFields) {
          let plain = lines.field(index, of: line)
          agree = agree && plain.start == fields[index].start && plain.end == fields[index].end
        }
      }
      #expect(agree && lines.next() == nil, "records or fields differ")
    }
  }

  /// Skipping records finds where the same number of ``PlainLines/next()``
  /// calls would leave off, across the 64-byte blocks it counts line ends
  /// in, with blank lines anywhere, and from any record of a range.
  @Test(arguments: 0..<200)
  func skippedRecordsEndWhereTheRecordsReadOneByOneEnd(seed: Int) {
    var random = SeededGenerator(seed: UInt64(seed) &+ 90_000)
    let length = random.int(in: 0...400)
    let bytes = (0..<length).map { _ in
      // Long runs without a line feed (a long record), and runs of line feeds.
      random.int(in: 0..<(seed % 3 == 0 ? 40 : 4)) == 0
        ? UInt8(ascii: "\n") : UInt8(ascii: random.bool() ? "a" : ",")
    }
    bytes.withUnsafeBufferPointer { buffer in
      let start = length == 0 ? 0 : random.int(in: 0...length)
      var stepped = PlainLines(plain: buffer, start..<length)
      var records = 0
      while stepped.next() != nil { records += 1 }
      for _ in 0..<8 {
        let first = random.int(in: 0...records)
        let count = random.int(in: 0...(records - first + 2))
        var oneByOne = PlainLines(plain: buffer, start..<length)
        var skipping = PlainLines(plain: buffer, start..<length)
        for _ in 0..<first {
          _ = oneByOne.next()
          _ = skipping.next()
        }
        for _ in 0..<count { _ = oneByOne.next() }
        skipping.skip(count)
        #expect(skipping.next() == oneByOne.next(), "skipping \(count) from record \(first)")
      }
    }
  }

  /// A field the tool writes reads back as one field holding its text, even
  /// when a quote carries a combining mark (one character, not equal to `"`).
  @Test func writtenFieldsReadBackWhole() {
    for text in ["a\"\u{301},b", "\"\u{301}", "x\r\n\"\u{301}\"", " \"\u{301} "] {
      let line = CSVText.field(text) + "," + CSVText.field(text) + "\n"
      let reading = Self.whole(Array(line.utf8))
      let read = reading.records.map { $0.map { String(decoding: $0.content, as: UTF8.self) } }
      #expect(reading.error == nil && read == [[text, text]], "\(text.debugDescription)")
    }
  }

  @Test func everyCutOfOneInputReadsTheSame() {
    let text = Array(
      "\u{FEFF}Id,\"La\r\nbel\"\r\n\r\n\"a\"\"b\",é😀\rc,\"\",\n\n\"x,y\"\r,z,".utf8)
    let whole = Self.whole(text)
    #expect(whole.error == nil && whole.records.count == 5)
    for cut in 1...text.count {
      #expect(Self.streamed(text, cuts: [cut]) == whole, "cut every \(cut) bytes")
    }
    Self.expectAgreement(text, cuts: [1])
  }

  @Test func fieldsAtTheLengthLimitAreReadAndLongerOnesRefusedByAllThree() {
    let limit = CSVTokenizer.maxFieldBytes
    let x = UInt8(ascii: "x")
    let quote = UInt8(ascii: "\"")
    let inputs: [(bytes: [UInt8], accepted: Bool)] = [
      ([UInt8](repeating: x, count: limit) + Array(",y\n".utf8), true),
      ([UInt8](repeating: x, count: limit + 1) + Array(",y\n".utf8), false),
      ([quote] + [UInt8](repeating: x, count: limit) + [quote], true),
      ([quote] + [UInt8](repeating: x, count: limit + 1) + [quote], false),
      // Doubled quotes count as the two bytes they are written with.
      ([quote] + [UInt8](repeating: x, count: limit - 1) + [quote, quote, quote], false),
      ([quote] + [UInt8](repeating: x, count: limit - 2) + [quote, quote, quote], true),
      // Never closed: refused for its length before the end of the input.
      ([quote] + [UInt8](repeating: x, count: limit + 5), false),
    ]
    for (bytes, accepted) in inputs {
      #expect((Self.whole(bytes).error == nil) == accepted)
      Self.expectAgreement(bytes, cuts: [1 << 16, 3, 1 << 20])
    }
  }

  @Test func errorsAreLocatedAlikeWhereverTheChunksAreCut() {
    // The column of a line that starts in an earlier chunk counts that chunk's characters.
    let text = Array("a,b\néé,ü\"x\n".utf8)
    let whole = Self.whole(text)
    #expect(whole.error?.location == CIBGraphCore.SourceLocation(file: "g.csv", line: 2, column: 5))
    for cut in 1...text.count {
      #expect(Self.streamed(text, cuts: [cut]).error == whole.error, "cut every \(cut) bytes")
    }
  }
}

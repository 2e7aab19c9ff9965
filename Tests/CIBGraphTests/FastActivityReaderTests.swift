import CIBGraph
@_spi(Internal) import CIBGraphSupport
import CIBGraphTestSupport
import Testing

/// The activity reader's fast path (``FastActivityReader``, slices on
/// several cores) must give the table its careful loop gives, identifier
/// numbers included, or give up and leave the file to it.
@Suite struct FastActivityReaderTests {
  static let identifiers = [
    "u1", "u2", "a-much-longer-account-name", "https://example.com/a?b=1", "comma, here",
    "say \"hi\"", "two\nlines", "cr\r\nlf", "😀", " pad ", "\ttab", "é", "#Tag",
  ]
  static let times = ["0", "1556713440", " 1556713441 ", "2019-05-01T12:00:00Z", "1.5", "-3"]

  /// A random activity file: columns in any order, an extra column, quoting,
  /// CRLF, a byte-order mark, blank lines, repeated identifiers and, when
  /// `bad`, rows the careful loop leaves out or refuses.
  func randomFile(seed: UInt64, bad: Bool) -> String {
    var random = SeededGenerator(seed: seed)
    let end = random.element(of: ["\n", "\r\n", "\r"])!
    var columns = ["object_id", "account_id", "content_id", "timestamp"]
    if random.bool() { columns.append("note") }
    for i in stride(from: columns.count - 1, to: 0, by: -1) {
      columns.swapAt(i, random.int(in: 0...i))
    }
    var text = (random.bool() ? "\u{FEFF}" : "") + columns.joined(separator: ",") + end
    for row in 0..<random.int(in: 0...80) {
      var values: [String] = columns.map { column in
        switch column {
        case "object_id": random.element(of: Self.identifiers)!
        case "account_id": random.element(of: Self.identifiers)!
        case "content_id": random.int(in: 0..<8) == 0 ? "" : "p\(random.int(in: 0...row))"
        case "timestamp": random.element(of: Self.times)!
        default: random.element(of: Self.identifiers)!
        }
      }
      if bad {
        let column = random.int(in: 0..<values.count)
        switch random.int(in: 0..<12) {
        case 0: values[column] = ""
        case 1: values[column] = " "
        case 2: values[column] = "soon"
        case 3: values.removeLast()
        case 4: values.append("more")
        default: break
        }
      }
      text += values.map(csvQuoted).joined(separator: ",") + end
      if random.int(in: 0..<10) == 0 { text += end }
      if bad, random.int(in: 0..<200) == 0 { text += "\"never closed" + end }
    }
    return text
  }

  func read(_ text: String, posts: Bool, fast: WorkSplit?) -> Result<ActivityReader, InputError> {
    Result { () throws(InputError) in
      try ActivityReader(bytes: Array(text.utf8), file: "a.csv", posts: posts, fast: fast)
    }
  }

  func expectSame(_ fast: ActivityReader, _ careful: ActivityReader, posts: Bool) {
    let (a, b) = (fast.table, careful.table)
    #expect(a.object == b.object)
    #expect(a.account == b.account)
    #expect(a.time == b.time)
    #expect(a.recordOffset == b.recordOffset)
    #expect(
      (0..<a.accountCount).map { a.accountID(UInt32($0)) }
        == (0..<b.accountCount).map { b.accountID(UInt32($0)) })
    #expect(
      (0..<a.objectCount).map { a.objectID(UInt32($0)) }
        == (0..<b.objectCount).map { b.objectID(UInt32($0)) })
    #expect(fast.report == careful.report)
    if posts {
      #expect(a.content == b.content)
      #expect(a.contents.count == b.contents.count)
      #expect(
        (0..<a.count).map { fast.postID(row: $0) } == (0..<b.count).map { careful.postID(row: $0) })
    }
  }

  @Test(arguments: 0..<150)
  func fastAndCarefulReadersAgree(seed: Int) {
    for posts in [false, true] {
      let text = randomFile(seed: UInt64(seed), bad: seed % 3 == 0)
      switch (read(text, posts: posts, fast: tinySplit), read(text, posts: posts, fast: nil)) {
      case (.success(let fast), .success(let careful)):
        expectSame(fast, careful, posts: posts)
      case (.failure(let fast), .failure(let careful)):
        #expect(fast == careful)
      case (let fast, let careful):
        Issue.record("seed \(seed): fast \(fast), careful \(careful)")
      }
    }
  }

  /// A clean file is the fast reader's (it does not give up on quoting,
  /// CRLF, a byte-order mark or an extra column), and gives the careful
  /// loop's table.
  @Test(arguments: 0..<40)
  func cleanFilesAreReadFast(seed: Int) throws {
    let text = randomFile(seed: UInt64(1_000 + seed), bad: false)
    let fast = try ActivityReader(
      bytes: Array(text.utf8), file: "a.csv", posts: true, fast: tinySplit)
    let careful = try ActivityReader(bytes: Array(text.utf8), file: "a.csv", posts: true, fast: nil)
    #expect(fast.readFast)
    #expect(!careful.readFast)
    expectSame(fast, careful, posts: true)
  }

  /// A file on disk is read where it lies (mapped) when the fast reader can
  /// read it, and gives what reading its bytes in memory gives: the same
  /// table, post ids (copied from the mapping when first asked for), and,
  /// for a file the careful loop must read, the same report or error.
  @Test(arguments: 0..<30)
  func aFileReadInPlaceIsReadAsItsBytesAre(seed: Int) throws {
    let text = randomFile(seed: UInt64(2_000 + seed), bad: seed % 2 == 0)
    let path = try temporaryFile("activity-\(seed).csv", text)
    let inPlace = Result { () throws(InputError) in
      try ActivityReader(.path(path), posts: true)
    }
    let held = Result { () throws(InputError) in
      try ActivityReader(bytes: Array(text.utf8), file: path, posts: true, fast: .standard)
    }
    switch (inPlace, held) {
    case (.success(let mapped), .success(let inMemory)):
      #expect(mapped.readFast == inMemory.readFast)
      expectSame(mapped, inMemory, posts: true)
    case (.failure(let mapped), .failure(let inMemory)):
      #expect(mapped == inMemory)
    case (let mapped, let inMemory):
      Issue.record("seed \(seed): in place \(mapped), in memory \(inMemory)")
    }
    // A clean file is read in place; a copy in memory never is.
    if seed % 2 == 1 { #expect((try? inPlace.get())?.readInPlace == true) }
    #expect((try? held.get())?.readInPlace != true)
  }

  /// A row the careful loop leaves out sends the whole file to it.
  @Test func aRowLeftOutIsTheCarefulLoopsToReport() throws {
    let text = "object_id,account_id,content_id,timestamp\nu,a,1,10\nu,,2,11\nu,b,3,12\n"
    let reader = try ActivityReader(bytes: Array(text.utf8), file: "a.csv", fast: tinySplit)
    #expect(!reader.readFast)
    #expect(reader.table.count == 2)
    #expect(reader.report.rows == 3)
    #expect(reader.report != RowReadReport(.activity, file: "a.csv"))
  }
}

import CIBGraph
@_spi(Internal) import CIBGraphCore
import CIBGraphTestSupport
import Foundation
import Testing

@testable import CIBGraphCore
@testable import CIBGraphFormats
@_spi(Internal) @testable import CIBGraphSupport

/// The compact storage behind large graphs and audience lists.
@Suite struct GraphStorageTests {
  @Test func countsOfAnySizeComeBackExactly() {
    let counts = [-1, 0, 7, 4_294_967_293, 4_294_967_294, 4_294_967_295, 5_000_000_000, Int.max]
    let column = CountColumn(counts)
    #expect((0..<counts.count).map { column[$0] } == counts.map { $0 < 0 ? nil : $0 })
    // As the fast reader stores them: inline, absent, and aside by position.
    var large: [[Int: Int]] = [[:], [:]]
    let values = [
      CountColumn.stored(1, at: 0, large: &large[0]),
      CountColumn.stored(nil, at: 0, large: &large[1]),
      CountColumn.stored(5_000_000_000, at: 1, large: &large[1]),
    ]
    let stored = CountColumn(values: values, large: large, counts: [1, 2])
    #expect((0..<3).map { stored[$0] } == [1, nil, 5_000_000_000])

    var builder = AssetGraphBuilder()
    builder.addAsset(Asset(id: "huge", kind: .page, followers: 6_000_000_000, members: nil))
    let graph = builder.build()
    #expect(graph.followers(of: 0) == 6_000_000_000)
    #expect(graph.members(of: 0) == nil)
  }

  @Test func textColumnsKeepAbsentAndEmptyApart() {
    // Parts whose ends are within their own bytes, as the fast reader's slices leave them.
    let column = TextColumn(
      bytes: [Array("aé\n\"x\"".utf8), [], Array("tail".utf8)],
      ends: [
        TextColumn.end(at: 1), TextColumn.end(at: 1, absent: true), TextColumn.end(at: 1),
        TextColumn.end(at: 7), TextColumn.end(at: 0, absent: true), TextColumn.end(at: 4),
      ], counts: [4, 0, 2])
    #expect(Array(column) == ["a", nil, "", "é\n\"x\"", nil, "tail"])
    let bytes = column.withElementBytes { element in
      (0..<column.count).map { Array(element($0)) }
    }
    #expect(bytes == [Array("a".utf8), [], [], Array("é\n\"x\"".utf8), [], Array("tail".utf8)])
  }

  /// Elements read together, with their ends and bytes asked for ahead, are
  /// those read one by one: in any order, repeated, absent or empty, and
  /// for more positions than the look-ahead spans.
  @Test func elementsReadTogetherAreThoseReadOneByOne() {
    var random = SeededGenerator(seed: 16)
    let strings: [String?] = (0..<500).map { index in
      switch index % 5 {
      case 0: nil
      case 1: ""
      default: String(repeating: "é", count: random.int(in: 0..<40)) + "\(index)"
      }
    }
    let column = TextColumn(strings)
    for count in [0, 1, 7, 8, 9, 16, 17, 300] {
      let positions = (0..<count).map { _ in random.int(in: 0..<strings.count) }
      #expect(column.elements(at: positions) == positions.map { column[$0] })
      #expect(
        IdentifierColumn(column).identifiers(at: positions) == positions.map { column[$0] ?? "" })
    }
  }

  @Test func aNodeReadsBackItsIdentifierKindAndNameAsGiven() throws {
    let assets = [
      Asset(id: "p1", kind: .page, name: "News Page", followers: 120_000),
      Asset(id: "caf\u{E9}", kind: .group, name: ""),
      Asset(id: "cafe\u{301}", kind: .instagram),
      Asset(id: "a1", kind: .account, name: "é\n\"x\""),
    ]
    var builder = AssetGraphBuilder()
    for asset in assets { builder.addAsset(asset) }
    var nodes = "Id,Label,Kind,Followers,Members\n"
    for asset in assets {
      let name = asset.name.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
      nodes += "\(asset.id),\(name ?? ""),\(asset.kind.name),,\n"
    }
    let read = try GephiSpreadsheet.readGraph(
      nodes: .bytes(Array(nodes.utf8), name: "nodes.csv"),
      edges: .bytes(Array("Source,Target,Type\n".utf8), name: "edges.csv"))
    // An asset without a name has none; a spreadsheet's Label cell is a name, empty or not.
    let expectedNames: [[String?]] = [assets.map(\.name), assets.map { $0.name ?? "" }]
    for (graph, names) in zip([builder.build(), read.graph], expectedNames) {
      #expect(graph.nodes.map { graph.id(of: $0) } == assets.map(\.id))
      #expect(graph.nodes.map { graph.kind(of: $0) } == assets.map(\.kind))
      #expect(graph.nodes.map { graph.name(of: $0) } == names)
    }
  }

  /// Identifiers of every length the slots treat differently: up to 8 bytes
  /// (held in the slot), longer (confirmed in the arena), 255 bytes and more
  /// (length saturated in the slot), with growth and copies along the way.
  @Test func theInternerFindsShortLongAndVeryLongIdentifiers() {
    var random = SeededGenerator(seed: 7)
    var keys: [[UInt8]] = []
    for length in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 254, 255, 256, 1000] {
      for _ in 0..<50 {
        keys.append((0..<length).map { _ in UInt8(random.int(in: 0...255)) })
      }
    }
    // Keys that differ only past the eighth byte, or only in length.
    keys.append(Array("abcdefgh1".utf8))
    keys.append(Array("abcdefgh2".utf8))
    keys.append(Array("abcdefgh".utf8))
    keys.append(Array("abcdefgh\0".utf8))
    var interner = ByteInterner(capacity: 2)
    var expected: [[UInt8]: UInt32] = [:]
    for key in keys + random.shuffled(keys) {
      let (id, inserted) = key.withUnsafeBufferPointer { interner.intern($0) }
      if let known = expected[key] {
        #expect(id == known && !inserted)
      } else {
        #expect(inserted && Int(id) == expected.count)
        expected[key] = id
      }
      let snapshot = interner  // a copy must not be disturbed by later interning
      #expect(key.withUnsafeBufferPointer { snapshot.find($0) } == id)
    }
    #expect(interner.count == expected.count)
    for (key, id) in expected {
      #expect(key.withUnsafeBufferPointer { interner.find($0) } == id)
      #expect(interner.withBytes(of: id) { Array($0) } == key)
    }
    #expect(Array("abcdefgh3".utf8).withUnsafeBufferPointer { interner.find($0) } == nil)
  }

  /// Identifiers of 9 to 19 digits, or a byte and then digits, are held in
  /// their slots as numbers: every length on either side of the limits,
  /// leading zeros, the largest values, first bytes around the digits and
  /// past ASCII, and a non-digit among digits, each found as itself and
  /// nothing else, interned one at a time and placed in parts.
  @Test func identifiersOfDigitsAreFoundAsThemselves() {
    var random = SeededGenerator(seed: 29)
    func digits(_ count: Int) -> [UInt8] {
      (0..<count).map { _ in UInt8(ascii: "0") + UInt8(random.int(in: 0...9)) }
    }
    var keys: [[UInt8]] = []
    for length in 8...21 {
      for _ in 0..<40 { keys.append(digits(length)) }
      for first: UInt8 in [0, 0x21, 0x2F, 0x3A, UInt8(ascii: "a"), 0x7F, 0x80, 0xFF] {
        for _ in 0..<8 { keys.append([first] + digits(length - 1)) }
      }
      // A non-digit among digits, anywhere after the first byte.
      for _ in 0..<8 {
        var key = digits(length)
        key[random.int(in: 1..<length)] = UInt8(ascii: "x")
        keys.append(key)
      }
    }
    keys += [
      Array(repeating: UInt8(ascii: "0"), count: 9), Array(repeating: UInt8(ascii: "0"), count: 10),
      Array(repeating: UInt8(ascii: "9"), count: 19),
      Array(repeating: UInt8(ascii: "9"), count: 20),
      [0x7F] + Array(repeating: UInt8(ascii: "9"), count: 17),
      [0x7F] + Array(repeating: UInt8(ascii: "9"), count: 18),
      Array("a00000000".utf8), Array("a000000000".utf8), Array("b00000000".utf8),
      Array("100000000".utf8), Array("9700000000000000000".utf8),
    ]
    let distinct = Array(Set(keys))
    var interner = ByteInterner(capacity: 2)
    var expected: [[UInt8]: UInt32] = [:]
    for key in distinct + random.shuffled(distinct) {
      let (id, inserted) = key.withUnsafeBufferPointer { interner.intern($0) }
      #expect(inserted == (expected[key] == nil))
      expected[key] = expected[key] ?? id
      #expect(id == expected[key])
    }
    #expect(interner.count == distinct.count)
    for (key, id) in expected {
      #expect(key.withUnsafeBufferPointer { interner.find($0) } == id)
      #expect(interner.withBytes(of: id) { Array($0) } == key)
    }
    for absent in [digits(12), Array("a12345678".utf8), Array("0000000000000000000".utf8)]
    where expected[absent] == nil {
      #expect(absent.withUnsafeBufferPointer { interner.find($0) } == nil)
    }
    // The same identifiers placed on several cores, in order, and once more with one repeated.
    for repeated in [false, true] {
      var placed = distinct
      if repeated { placed.append(placed[placed.count / 2]) }
      let parted = ByteInterner(
        distinct: placed.flatMap { $0 }, ends: TextEnds.of(placed), parts: 3)
      if repeated {
        #expect(parted == nil)
      } else {
        for (position, key) in placed.enumerated() {
          #expect(key.withUnsafeBufferPointer { parted?.find($0) } == UInt32(position))
        }
      }
    }
  }

  /// A short identifier's slot holds its bytes as a little-endian word, read
  /// without a loop; every length up to 8, at every offset in a buffer (the
  /// last bytes of it included), gives the word a byte at a time gives.
  @Test func shortIdentifiersAreTheirBytesAsAWord() {
    var random = SeededGenerator(seed: 11)
    let bytes = (0..<40).map { _ in UInt8(random.int(in: 0...255)) }
    bytes.withUnsafeBufferPointer { buffer in
      for length in 0...8 {
        for start in 0...(buffer.count - length) {
          let field = UnsafeBufferPointer(rebasing: buffer[start..<start + length])
          var expected: UInt64 = 0
          for (i, byte) in field.enumerated() { expected |= UInt64(byte) << (8 * UInt64(i)) }
          #expect(HashKey.word(field) == expected, "length \(length) at \(start)")
        }
      }
    }
  }

  /// An Account carried in its row is its bytes, then zeros, then its
  /// length in the last byte, read without a loop over them: every length
  /// up to 15, at every offset in a buffer (its last bytes included), gives
  /// what copying it a byte at a time gives.
  @Test func accountsCarriedInTheirRowsAreTheirBytes() {
    var random = SeededGenerator(seed: 17)
    let bytes = (0..<48).map { _ in UInt8(random.int(in: 1...255)) }
    bytes.withUnsafeBufferPointer { buffer in
      for length in 0...FastAudienceReader.PartitionedAccount.inline {
        for start in 0...(buffer.count - length) {
          let field = UnsafeBufferPointer(rebasing: buffer[start..<start + length])
          var expected = [UInt8](repeating: 0, count: 16)
          for (i, byte) in field.enumerated() { expected[i] = byte }
          expected[15] = UInt8(length)
          let account = FastAudienceReader.PartitionedAccount(field)
          let found = withUnsafeBytes(of: account.words) { Array($0) }
          #expect(found == expected, "length \(length) at \(start)")
          #expect(account.length == length && !account.isLong)
        }
      }
    }
  }

  /// A kept Account's one word (``FastAudienceReader/KeptAccounts``) is
  /// its own: Accounts of 1 to 15 bytes, among them digits with leading
  /// zeros at every count from 8 to 15, a letter or a byte past ASCII
  /// before them, and zero bytes, get different words when they are
  /// different, a word at all exactly when they are short enough or digits,
  /// and the word turns back into the two words the row would carry.
  @Test func keptAccountsInOneWordAreTheirOwn() {
    typealias Kept = FastAudienceReader.KeptAccounts
    var random = SeededGenerator(seed: 23)
    var accounts: Set<[UInt8]> = []
    for length in 1...15 {
      for _ in 0..<300 {
        accounts.insert((0..<length).map { _ in UInt8(random.int(in: 0...255)) })
        accounts.insert((0..<length).map { _ in UInt8(random.int(in: 0...3)) })
      }
    }
    for digits in 1...15 {
      for first: UInt8 in [
        0, UInt8(ascii: "0"), UInt8(ascii: "9"), UInt8(ascii: "u"), 0x7F, 0x80, 0xFF,
      ] {
        for value in [0, 1, 7, 99_999_999, 100_000_000] {
          let text = String(value)
          guard text.count <= digits else { continue }
          let padded = String(repeating: "0", count: digits - text.count) + text
          accounts.insert(Array(padded.utf8))
          if digits < 15 { accounts.insert([first] + Array(padded.utf8)) }
        }
        accounts.insert([first] + Array(String(repeating: "9", count: min(digits, 14)).utf8))
      }
    }
    var owners: [UInt64: [UInt8]] = [:]
    for account in accounts {
      account.withUnsafeBufferPointer { bytes in
        let word = Kept.narrowWord(bytes)
        let digitsAfterFirst = account.dropFirst().allSatisfy { (0x30...0x39).contains($0) }
        let expectedNarrow =
          account.count <= 8
          ? !account.contains(0) : account[0] < 0x80 && digitsAfterFirst
        #expect((word != nil) == expectedNarrow, "\(account)")
        guard let word else { return }
        #expect(!Kept.isLong(word), "\(account)")
        if let other = owners.updateValue(account, forKey: word) {
          Issue.record("\(account) and \(other) share a word")
        }
        let wide = Kept.wide(word).words
        let carried = FastAudienceReader.PartitionedAccount(bytes).words
        #expect(wide == carried, "\(account)")
      }
    }
    #expect(owners.count > 2_000)
    for index in [0, 1, 63, 1 << 31, Int(UInt32.max)] {
      var kept = Kept()
      kept.append(long: index)
      #expect(kept.isNarrow && Kept.isLong(kept.narrow[0]))
      #expect(Kept.longIndex(kept.narrow[0]) == index)
      #expect(Kept.wide(kept.narrow[0]).isLong && Kept.wide(kept.narrow[0]).index == index)
    }
  }

  /// The kept records a slice's bits say, walked a word at a time, are the
  /// records set, in order, whether none, a few, runs or every one is kept,
  /// across words and at their edges (records 63 and 64).
  @Test func keptRecordsWalkedByWordAreTheRecordsSet() {
    var random = SeededGenerator(seed: 29)
    for round in 0..<200 {
      let records = random.int(in: 0...300)
      let keepEvery = round % 4 == 0
      let kept = (0..<records).filter { _ in keepEvery || random.int(in: 0...3) == 0 }
      var words: [UInt64] = []
      var bits = FastAudienceReader.RecordBits()
      for record in kept { bits.add(record, to: &words) }
      bits.finish(&words)
      var walk = FastAudienceReader.KeptRecordWalk(words)
      var walked: [Int] = []
      while let record = walk.next() { walked.append(record) }
      #expect(walked == kept, "round \(round)")
      #expect(walk.next() == nil, "round \(round): nothing after the last")
    }
    var walk = FastAudienceReader.KeptRecordWalk([1 << 63, 1])
    #expect(walk.next() == 63 && walk.next() == 64 && walk.next() == nil)
  }

  /// Identifiers all different, interned on several cores at once, get
  /// their positions as ids, and are found as one at a time would find
  /// them; a repeated one anywhere, and found by any part, fails it.
  @Test(arguments: [1, 2, 3, 7])
  func distinctIdentifiersInternedInPartsAreTheirPositions(parts: Int) {
    var random = SeededGenerator(seed: UInt64(parts))
    for round in 0..<30 {
      let count = random.int(in: 0...3_000)
      // Short and long ones, and, in some rounds, ones that all share a
      // first slot under the key they were built for (HashFloodingTests).
      let flooded = round % 5 == 4
      let keys: [[UInt8]] =
        flooded
        ? HashFloodingTests.colliding(count, under: HashFloodingTests.knownKey)
        : (0..<count).map { Array("\($0 % 2 == 0 ? "a" : "page-long-")\($0)".utf8) }
      let key: HashKey = flooded ? HashFloodingTests.knownKey : .perProcess
      func interned(_ keys: [[UInt8]]) -> ByteInterner? {
        ByteInterner(
          distinct: keys.flatMap { $0 }, ends: TextEnds.of(keys), parts: parts, hashKey: key)
      }
      let interner = interned(keys)
      #expect(interner?.count == count)
      for (position, bytes) in keys.enumerated() {
        #expect(bytes.withUnsafeBufferPointer { interner?.find($0) } == UInt32(position))
        #expect(interner?.withBytes(of: UInt32(position)) { Array($0) } == bytes)
      }
      #expect(Array("absent-id".utf8).withUnsafeBufferPointer { interner?.find($0) } == nil)
      // One built this way takes new identifiers, and grows, as any other does.
      if var grown = interner {
        let extra = (0..<count + 20).map { Array("new-\($0)\($0 % 2 == 0 ? "" : "-longer")".utf8) }
        let added = extra.map { bytes in bytes.withUnsafeBufferPointer { grown.intern($0) } }
        #expect(added.map(\.id) == (count..<2 * count + 20).map(UInt32.init))
        #expect(added.allSatisfy { $0.inserted })
        let found = (keys + extra).map { bytes in bytes.withUnsafeBufferPointer { grown.find($0) } }
        #expect(found == (0..<2 * count + 20).map(UInt32.init))
      }
      if count >= 2 {
        var repeated = keys
        let from = random.int(in: 0..<count)
        var to = random.int(in: 0..<count - 1)
        if to >= from { to += 1 }
        repeated[to] = keys[from]
        #expect(interned(repeated) == nil, "position \(to) repeats position \(from)")
      }
    }
  }

  @Test func batchesAndShardsGiveWhatOneAtATimeGives() {
    let keys = (0..<3_000).map {
      Array("account-\($0 % 1_700)\($0 % 3 == 0 ? "-long-suffix" : "")".utf8)
    }
    var one = ByteInterner()
    let ids = keys.map { key in key.withUnsafeBufferPointer { one.intern($0).id } }

    var batched = ByteInterner()
    // The keys end to end in memory of the test's own, for buffers that stay valid.
    let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: keys.reduce(0) { $0 + $1.count })
    defer { storage.deallocate() }
    var buffers: [UnsafeBufferPointer<UInt8>] = []
    var offset = 0
    for key in keys {
      (storage + offset).initialize(from: key, count: key.count)
      buffers.append(UnsafeBufferPointer(start: storage + offset, count: key.count))
      offset += key.count
    }
    do {
      var found = [UInt32](repeating: 0, count: 16)
      var start = 0
      var shardIDs: [[UInt32]] = Array(repeating: [], count: 3)
      var shards = [ByteInterner](repeating: ByteInterner(), count: 3)
      while start < buffers.count {
        let batch = Array(buffers[start..<min(start + 16, buffers.count)])
        batch.withUnsafeBufferPointer { batch in
          _ = batched.internAllNew(batch)
          batched.find(batch: batch, into: &found)
          #expect(Array(found.prefix(batch.count)) == Array(ids[start..<start + batch.count]))
          for shard in 0..<3 {
            shards[shard].intern(batch: batch, ifInShard: shard, of: 3, into: &found)
            for i in 0..<batch.count {
              let belongs = ByteInterner.shard(of: batch[i], among: 3) == shard
              #expect((found[i] != .max) == belongs)
              if belongs { shardIDs[shard].append(found[i]) }
            }
          }
        }
        start += 16
      }
      #expect(shards.map(\.count).reduce(0, +) == one.count, "each key in exactly one shard")
    }
    #expect(batched.count == one.count)
  }
}

@Suite struct LineStartsTests {
  /// Lines as the tokenizer counts them: after LF, after CRLF (once), after a lone CR.
  @Test(arguments: 0..<20)
  func linesAreFoundAsCountingFromTheTopFindsThem(seed: Int) {
    var random = SeededGenerator(seed: UInt64(seed))
    let pieces: [[UInt8]] = [[0x0A], [0x0D], [0x0D, 0x0A], Array("ab".utf8), Array("\"q\"".utf8)]
    var bytes: [UInt8] = []
    for _ in 0..<random.int(in: 0...60) {
      bytes += random.element(of: pieces)!
    }
    let lines = LineStarts(bytes)
    for offset in 0...bytes.count {
      var line = 1
      var lineStart = 0
      for i in 0..<offset
      where bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A))
      {
        line += 1
        lineStart = i + 1
      }
      let found = lines.position(of: offset)
      #expect(found.line == line && found.lineStart == lineStart, "offset \(offset)")
    }
  }
}

/// Where each of several byte strings laid end to end ends, as
/// `ByteInterner(distinct:ends:parts:)` takes them.
enum TextEnds {
  static func of(_ strings: [[UInt8]]) -> [UInt64] {
    strings.reduce(into: [UInt64]()) { $0.append(($0.last ?? 0) + UInt64($1.count)) }
  }
}

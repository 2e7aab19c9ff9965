import CIBGraph
@_spi(Internal) import CIBGraphCore
@_spi(Internal) import CIBGraphSupport
import CIBGraphTestSupport
import Foundation
import Testing

/// A graph of pages, groups, instagram accounts and a few accounts and organisations.
func audienceGraph(pages: Int = 3, groups: Int = 2, instagram: Int = 2) -> AssetGraph {
  var builder = AssetGraphBuilder()
  for i in 0..<pages { builder.addAsset(Asset(id: "p\(i)", kind: .page)) }
  for i in 0..<groups { builder.addAsset(Asset(id: "g\(i)", kind: .group)) }
  for i in 0..<instagram { builder.addAsset(Asset(id: "i\(i)", kind: .instagram)) }
  builder.addAsset(Asset(id: "a0", kind: .account))
  builder.addAsset(Asset(id: "o0", kind: .organization))
  return builder.build()
}

func readAudience(_ text: String, graph: AssetGraph) throws(InputError) -> AudienceLists {
  try AudienceReader.read([.bytes(Array(text.utf8), name: "audience.csv")], graph: graph)
}

@Suite struct AudienceReaderTests {
  @Test func rowsAreReadDeduplicatedAndBadOnesCountedByReason() throws {
    let graph = audienceGraph()
    let lists = try readAudience(
      """
      \u{FEFF}Asset,Account\r
      p0,u1\r
      p0,u2\r
      p0,u1\r
      p1,"u,3"\r
      g0,u1\r
      nope,u9\r
      a0,u1\r
      o0,u1\r
      ,u4\r
      p2,\r
      p2\r
      \r
      "i0","u""5"\r
      """, graph: graph)
    let report = lists.report
    #expect(report.rows == 12)
    #expect(report.duplicates == 1)
    #expect(
      report.skipped == [
        .unknownAsset: 1, .notAnAudienceAsset: 2, .emptyAsset: 1, .emptyAccount: 1,
        .missingFields: 1,
      ])
    #expect(report.used == 6)
    #expect(lists.accountCount == 4, "u1, u2, u,3 and u\"5")
    #expect(lists.size(of: 0) == 2 && lists.size(of: 1) == 1 && lists.size(of: 3) == 1)
    // Every row left out is located (fewer than the limit), the first, nope, on line 7.
    #expect(report.examples.count == 6)
    #expect(
      report.examples.first?.description
        == "audience.csv:7:1: warning: row left out: the Asset is not in the nodes (\"nope\") [audience-row]"
    )
  }

  @Test func columnsMayComeInAnyOrderAndChunksMaySplitAnything() throws {
    let graph = audienceGraph()
    let text = "Account,Extra,Asset\nu1,x,p0\n\"multi\nline\",y,p1\nu2,z,\"g0\"\n"
    let whole = try readAudience(text, graph: graph)
    #expect(whole.pairCount == 3)
    // Feed the same bytes one at a time: every state must survive a chunk boundary.
    var reader = AudienceReader(graph: graph, file: "chunks.csv")
    for byte in Array(("\u{FEFF}" + text).utf8) {
      try [byte].withUnsafeBufferPointer { (buffer) throws(InputError) in try reader.consume(buffer)
      }
    }
    let chunked = try reader.finish()
    #expect(chunked.pairCount == 3)
    #expect(chunked.accountCount == whole.accountCount)
  }

  /// A stream that repeats rows is read in memory for its distinct pairs:
  /// duplicates are removed as the pairs pile up, with the same lists and the
  /// same count of duplicates as removing them at the end.
  @Test func duplicatesAreRemovedWhileAStreamIsRead() throws {
    let graph = audienceGraph()
    var generator = SeededGenerator(seed: 11)
    var text = "Asset,Account\n"
    for _ in 0..<2_000 {
      text += "p\(generator.below(3)),u\(generator.below(40))\n"
    }
    let atTheEnd = try readAudience(text, graph: graph)
    var reader = AudienceReader(graph: graph, file: "audience.csv")
    reader.compactAt = 16
    try Array(text.utf8).withUnsafeBufferPointer { (buffer) throws(InputError) in
      try reader.consume(buffer)
    }
    let whileReading = try reader.finish()
    #expect(whileReading.report.duplicates == atTheEnd.report.duplicates)
    #expect(whileReading.report.duplicates > 1_800)
    #expect(whileReading.pairCount == atTheEnd.pairCount)
    for node in graph.nodes {
      #expect(whileReading.audience(of: node).count == atTheEnd.audience(of: node).count)
    }
  }

  @Test(arguments: [
    ("", "empty file"),
    ("Id,Kind\np0,page\n", "header Asset,Account"),
    ("Asset,Account\np0,\"u1\n", "not closed"),
    ("Asset,Account\np0,u\"1\n", "quote inside an unquoted field"),
    ("Asset,Account\np0,\"u1\"x\n", "after a closing quote"),
  ])
  func brokenFilesAreErrorsWithTheirPlace(text: String, message: String) {
    do {
      _ = try readAudience(text, graph: audienceGraph())
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.message.contains(message), "\(error.message)")
      #expect(error.kind == .badData)
    }
  }

  @Test func severalFilesShareAccountIDs() throws {
    let directory = try temporaryFolder()
    let first = directory.appendingPathComponent("a.csv").path
    let second = directory.appendingPathComponent("b.csv").path
    try "Asset,Account\np0,u1\np1,u2\n".write(toFile: first, atomically: true, encoding: .utf8)
    try "Account,Asset\r\nu1,p1\r\nu3,p0".write(toFile: second, atomically: true, encoding: .utf8)
    let graph = audienceGraph()
    let lists = try AudienceReader.read([.path(first), .path(second)], graph: graph)
    #expect(lists.accountCount == 3)
    #expect(lists.pairCount == 4)
    let counter = DistinctCounter(lists: lists, graph: graph)
    #expect(counter.count(graph.nodes) == 3)
    #expect(throws: InputError.self) {
      try AudienceReader.read([.url(directory.appendingPathComponent("none.csv"))], graph: graph)
    }
  }
}

@Suite struct AudienceTotalsTests {
  /// The totals of a file the fast reader reads, and of one it leaves to the
  /// careful reader (an account with an escaped quote), as the lists count them.
  @Test(arguments: ["u1", "\"u\"\"1\""])
  func totalsAreTheReachOfTheListsWhicheverReaderReadsThem(account: String) throws {
    let text =
      "Asset,Account\np0,\(account)\np1,\(account)\ng0,\(account)\np0,u2\np0,u2\ni0,u3\nghost,u4\n"
    let graph = audienceGraph()
    let source = InputSource.bytes(Array(text.utf8), name: "audience.csv")
    let totals = try AudienceReader.totals([source], graph: graph)
    let lists = try AudienceReader.read([source], graph: graph)
    #expect(
      totals.reach == DistinctCounter(lists: lists, graph: graph).reach(of: Array(graph.nodes)))
    #expect(totals.report == lists.report)
    #expect(totals.reach.overall == 3)
    #expect(totals.reach.distinct[.page] == 2 && totals.reach.summed[.page] == 3)
    #expect(totals.report.duplicates == 1 && totals.report.skippedTotal == 1)
    #expect(throws: InputError.self) {
      try AudienceReader.totals(
        [.bytes(Array("Asset,Account\np0,\"u1\n".utf8), name: "a.csv")], graph: graph)
    }
  }
}

@Suite struct WordSetTests {
  /// Words that differ only in their high half (an account's id beside the
  /// same asset), or only in their low half: each is found once, in a table
  /// cleared for all of them or for a few (growing as they come).
  @Test func wordsAlikeButForOneHalfAreEachCountedOnce() {
    var set = WordSet()
    for round in 0..<2 {
      set.clear(expected: round == 0 ? 20_000 : 4)
      var added = 0
      for i in 0..<10_000 {
        let word = i % 2 == 0 ? UInt64(i) << 32 : UInt64(i)
        if set.insert(word) { added += 1 }
        let again = set.insert(word)
        #expect(!again)
      }
      #expect(added == 10_000, "round \(round): the set starts empty again")
    }
  }
}

@Suite struct WordPairNumberingTests {
  /// Pairs alike but for one word, met again in another order, past several
  /// doublings of a table cleared for a few: each keeps its first id, and a
  /// clear starts the count again.
  @Test func pairsKeepTheirFirstIDThroughGrowthAndClearing() {
    var numbering = WordPairNumbering()
    for round in 0..<2 {
      numbering.clear(expected: 4)
      var given: [UInt32] = []
      for i in 0..<5_000 {
        let pair = i % 2 == 0 ? (UInt64(i), UInt64(1) << 56) : (UInt64(7), UInt64(i) | 1 << 56)
        given.append(numbering.number(pair.0, pair.1))
      }
      #expect(given == (0..<5_000).map(UInt32.init), "round \(round)")
      let outside = numbering.nextID()
      #expect(outside == 5_000)
      for i in stride(from: 4_999, through: 0, by: -1) {
        let pair = i % 2 == 0 ? (UInt64(i), UInt64(1) << 56) : (UInt64(7), UInt64(i) | 1 << 56)
        #expect(numbering.number(pair.0, pair.1) == UInt32(i))
      }
      #expect(numbering.count == 5_001)
    }
  }
}

@Suite struct DistinctReachTests {
  /// Random audiences, and the same counts by Swift sets.
  @Test(arguments: 0..<25)
  func exactCountsAgreeWithSets(seed: Int) throws {
    var random = SeededGenerator(seed: UInt64(seed))
    let graph = audienceGraph(
      pages: random.int(in: 1...8), groups: random.int(in: 0...5),
      instagram: random.int(in: 0...5))
    let audienceNodes = graph.nodes.filter {
      AssetKind.audienceKinds.contains(graph.kinds[Int($0)])
    }
    var rows = "Asset,Account\n"
    var sets: [NodeIndex: Set<String>] = [:]
    for _ in 0..<random.int(in: 0...600) {
      let node = random.element(of: audienceNodes)!
      let account = "u\(random.int(in: 0..<150))"
      rows += "\(graph.ids[Int(node)]),\(account)\n"
      sets[node, default: []].insert(account)
    }
    let lists = try readAudience(rows, graph: graph)
    let counter = DistinctCounter(lists: lists, graph: graph)
    let reach = counter.reach(of: Array(graph.nodes))
    for kind in AssetKind.audienceKinds {
      let expected = sets.filter { graph.kinds[Int($0.key)] == kind }.values.reduce(
        into: Set<String>()
      ) { $0.formUnion($1) }
      #expect(reach.distinct[kind] == expected.count)
      #expect(counter.count(graph.nodes, kinds: [kind]) == expected.count)
      let summed = sets.filter { graph.kinds[Int($0.key)] == kind }.values.reduce(0) {
        $0 + $1.count
      }
      #expect(reach.summed[kind] == summed)
    }
    #expect(reach.overall == sets.values.reduce(into: Set<String>()) { $0.formUnion($1) }.count)
    // Marked and counted on several cores, the same.
    var shared = counter
    shared.split = .tiny
    #expect(shared.reach(of: Array(graph.nodes)) == reach)
    // Any two subsets: shared accounts as sets see them.
    let half = audienceNodes.count / 2
    let x = Array(audienceNodes.prefix(half))
    let y = Array(audienceNodes.dropFirst(half))
    let setX = x.reduce(into: Set<String>()) { $0.formUnion(sets[$1] ?? []) }
    let setY = y.reduce(into: Set<String>()) { $0.formUnion(sets[$1] ?? []) }
    #expect(counter.shared(x, y) == setX.intersection(setY).count)
    // Pairwise overlap against sets.
    let matrix = AudienceOverlapMatrix(lists: lists, assets: audienceNodes)
    for pair in matrix.pairs {
      let a = sets[pair.a] ?? []
      let b = sets[pair.b] ?? []
      #expect(pair.intersection == a.intersection(b).count)
      #expect(pair.union == a.union(b).count)
      if !a.union(b).isEmpty {
        #expect(
          abs(pair.jaccard - Double(a.intersection(b).count) / Double(a.union(b).count)) < 1e-12)
      }
    }
    // A few assets, some named twice: counted by account and merged, both as sets see them.
    let some = (0..<random.int(in: 0...6)).map { _ in random.element(of: audienceNodes)! }
    let total = some.reduce(0) { $0 + lists.size(of: $1) }
    let byAccount = AudienceOverlapMatrix.commonByAccount(lists: lists, assets: some, total: total)
    let merged = AudienceOverlapMatrix.commonByMerging(lists: lists, assets: some)
    var expected: [UInt32] = []
    for i in some.indices {
      for j in some.indices where j > i {
        expected.append(UInt32((sets[some[i]] ?? []).intersection(sets[some[j]] ?? []).count))
      }
    }
    #expect(byAccount == expected)
    #expect(merged == expected)
  }
}

@Suite struct HyperLogLogTests {
  func estimate(distinct: Int, precision: Int = 14, salt: UInt64 = 0) -> Double {
    var sketch = HyperLogLog(precision: precision)
    var generator = SeededGenerator(seed: 7 &+ salt)
    for i in 0..<distinct {
      // Every element twice: duplicates must not count.
      let hash = ByteInterner.hash(withBytes: UInt64(i) &+ salt << 40)
      sketch.add(hash: hash)
      if generator.next() & 1 == 0 { sketch.add(hash: hash) }
    }
    return sketch.estimate
  }

  @Test(arguments: [1_000, 100_000, 1_000_000, 10_000_000])
  func estimatesAreWithinThreeStandardErrors(distinct: Int) {
    let error = HyperLogLog().standardError
    let measured = estimate(distinct: distinct) / Double(distinct) - 1
    #expect(abs(measured) < 3 * error, "measured error \(measured) at \(distinct)")
  }

  @Test func mergedSketchesEstimateTheUnion() {
    var a = HyperLogLog()
    var b = HyperLogLog()
    for i in 0..<60_000 { a.add(hash: ByteInterner.hash(withBytes: UInt64(i))) }
    for i in 40_000..<100_000 { b.add(hash: ByteInterner.hash(withBytes: UInt64(i))) }
    var union = a
    union.merge(b)
    #expect(abs(union.estimate / 100_000 - 1) < 3 * union.standardError)
    var whole = HyperLogLog()
    for i in 0..<100_000 { whole.add(hash: ByteInterner.hash(withBytes: UInt64(i))) }
    #expect(union == whole, "merging is exactly the sketch of the union")
  }
}

@Suite struct AudienceSketchesTests {
  /// 3,000 accounts follow Pages, 2,000 are in Groups, 1,000 of them in both;
  /// the rows split over two files, merged as `reach --estimate` merges them.
  @Test func estimatesPerKindAndOverallAreWithinTheirStandardErrorAndMerge() throws {
    let graph = audienceGraph()
    var first = "Asset,Account\n"
    var second = "Asset,Account\n"
    for account in 0..<3_000 { first += "p\(account % 3),u\(account)\n" }
    for account in 2_000..<4_000 { second += "g\(account % 2),u\(account)\n" }
    let files: [InputSource] = [
      .bytes(Array(first.utf8), name: "pages.csv"), .bytes(Array(second.utf8), name: "groups.csv"),
    ]
    let merged = try AudienceReader.estimate(files, graph: graph, precision: 12)
    #expect(merged.standardError == 1.04 / 64, "1.04/√4096")
    let bound = 3 * merged.standardError
    #expect(abs(merged.estimate(.page) / 3_000 - 1) < bound)
    #expect(abs(merged.estimate(.group) / 2_000 - 1) < bound)
    #expect(abs(merged.overallEstimate / 4_000 - 1) < bound, "an account in both counts once")
    #expect(merged.kinds == [.page, .group], "the kinds some row named")
    #expect(merged.estimate(.instagram) == 0 && merged.estimate(.account) == 0)
    #expect(merged.report.rows == 5_000)

    var pieces = try AudienceReader.estimate([files[0]], graph: graph, precision: 12)
    pieces.merge(try AudienceReader.estimate([files[1]], graph: graph, precision: 12))
    #expect(pieces.overallEstimate == merged.overallEstimate)
    #expect(pieces.estimate(.group) == merged.estimate(.group))
  }
}

@Suite struct AccountSortTests {
  /// Account ids sorted by their bits come out as a comparison sort leaves
  /// them, for lists too short for the passes and long ones, ids of a few
  /// bits and of all 32 (one pass, two, three), and repeated ids; the
  /// scratch is reused from list to list, as building the lists reuses it.
  @Test(arguments: 0..<40)
  func accountIdsSortedByTheirBitsAreInOrder(seed: Int) {
    var random = SeededGenerator(seed: UInt64(seed) &+ 31_000)
    var scratch: [UInt32] = []
    for _ in 0..<6 {
      let count = Int(random.next() % 5_000)
      let bits = [3, 11, 12, 22, 23, 32][Int(random.next() % 6)]
      let mask = bits == 32 ? UInt32.max : UInt32(1 << bits - 1)
      var ids = (0..<count).map { _ in UInt32(truncatingIfNeeded: random.next()) & mask }
      let expected = ids.sorted()
      ids.withUnsafeMutableBufferPointer { AudienceLists.sortAccounts($0, scratch: &scratch) }
      #expect(ids == expected)
    }
  }
}

@Suite struct ByteInternerTests {
  @Test func idsAreDenseAndStable() {
    var interner = ByteInterner(capacity: 2)
    var ids: [String: UInt32] = [:]
    for i in 0..<10_000 {
      let key = "k\(i % 3_000)-\(String(repeating: "x", count: i % 17))"
      let id = interner.intern(key)
      if let previous = ids[key] { #expect(previous == id) } else { ids[key] = id }
    }
    #expect(interner.count == ids.count)
    #expect(Set(ids.values) == Set(0..<UInt32(ids.count)))
    for (key, id) in ids { #expect(interner.string(id) == key) }
  }

  /// A slot holds a longer identifier's length only up to 255: identifiers
  /// alike but for their length past that, or but for their last byte, are
  /// still told apart, whether interned one by one (growing the table) or
  /// placed on several cores from a column's bytes; a repeated one is refused.
  @Test func longIdentifiersAlikeButForLengthOrLastByteAreToldApart() {
    let lengths = Array(240...270) + [300, 511, 512, 4_096]
    let keys = lengths.flatMap { length in
      [
        Array(repeating: UInt8(ascii: "x"), count: length),
        Array(repeating: UInt8(ascii: "x"), count: length - 1) + [UInt8(ascii: "y")],
      ]
    }
    var grown = ByteInterner(capacity: 2)
    for key in keys { #expect(key.withUnsafeBufferPointer { grown.intern($0).inserted }) }
    let placed = ByteInterner(distinct: keys.flatMap { $0 }, ends: TextEnds.of(keys), parts: 3)
    for interner in [grown, placed] {
      #expect(interner?.count == keys.count)
      for (id, key) in keys.enumerated() {
        #expect(key.withUnsafeBufferPointer { interner?.find($0) } == UInt32(id))
        #expect(interner?.withBytes(of: UInt32(id)) { Array($0) } == key)
      }
      for absent in [239, 271, 513, 4_097].map({ Array(repeating: UInt8(ascii: "x"), count: $0) }) {
        #expect(absent.withUnsafeBufferPointer { interner?.find($0) } == nil)
      }
    }
    // The same bytes cut otherwise: one identifier twice, ends going back or past the bytes.
    let twice = keys[3] + keys[3]
    let count = UInt64(keys[3].count)
    #expect(ByteInterner(distinct: twice, ends: [count, 2 * count], parts: 2) == nil)
    #expect(ByteInterner(distinct: twice, ends: [count + 1, count, 2 * count], parts: 2) == nil)
    #expect(ByteInterner(distinct: twice, ends: [1 << 63 | count, 2 * count], parts: 2) == nil)
  }
}

extension ByteInterner {
  /// The hash of an integer's eight bytes.
  static func hash(withBytes value: UInt64) -> UInt64 {
    withUnsafeBytes(of: value.littleEndian) { hash($0.bindMemory(to: UInt8.self)) }
  }
}

@Suite struct StructuralOverlapTests {
  @Test func networksReportsAndOrganisationsShareWhatTheyShould() throws {
    let primary = try graphsDocument("meta-2019-04-india-pakistan.json")
    let article = try graphsDocument("seed-000-ispr-article.json")
    var third = NetworkDocument(
      report: Report(title: "Other", publisher: "Other"),
      organizations: [
        Organization(id: "ispr", name: "ISPR", partOf: "pk-military"),
        Organization(id: "pk-military", name: "Military"),
      ])
    third.networks = [
      Network(
        id: "n1", name: "n1", attribution: Attribution(statement: "x", organizations: ["ispr"]),
        assets: [Asset(id: "p1", kind: .page), Asset(id: "p2", kind: .page)]),
      Network(id: "n2", name: "n2", assets: [Asset(id: "p2", kind: .page)]),
    ]
    let documents = [primary, article, third]
    let overlap = StructuralOverlap(documents: documents, graph: AssetGraph(documents: documents))
    let networks = overlap.networks()
    let isprPair = try #require(
      networks.first { $0.a.hasPrefix("pk-ispr-2019-04") && $0.b.hasPrefix("pk-ispr-2019-04") })
    #expect(isprPair.sharedOrganizations == ["ispr", "pk-military"])
    let assetPair = try #require(networks.first { $0.a == "n1" && $0.b == "n2" })
    #expect(assetPair.sharedAssets == ["p2"])
    #expect(
      networks.contains { $0.b == "n1" && $0.sharedOrganizations == ["ispr", "pk-military"] })
    let reports = overlap.reports()
    #expect(reports.count == 3, "all three mention ISPR")
    let organizations = overlap.organizations()
    #expect(
      !organizations.contains { Set([$0.a, $0.b]) == ["ispr", "pk-military"] },
      "a parent is not compared with its child")
  }
}

@Suite struct AudienceOverlapDocumentTests {
  @Test func theComparedAssetsAreLinkedByTheirSharedAudienceRankedByJaccard() throws {
    let graph = audienceGraph(pages: 2, groups: 1, instagram: 1)
    let lists = try readAudience(
      """
      Asset,Account
      p0,x1
      p0,x2
      p0,x3
      p0,x4
      p1,x1
      p1,x2
      p1,x3
      g0,x3
      g0,x4
      i0,x9

      """, graph: graph)
    let index = graph.nodeIndexByID()
    let compared = try ["i0", "g0", "p1", "p0"].map { try #require(index[ByteExactID($0)]) }
    let matrix = AudienceOverlapMatrix(lists: lists, assets: compared)

    let document = matrix.document(graph: graph, minimumJaccard: 0.3)
    let network = try #require(document.networks.first)
    #expect(document.networks.count == 1)
    #expect(network.id == "audience-overlap")
    #expect(network.name == "Audience overlap of 4 assets")
    // Every compared asset, in the order compared, with the follower and
    // member counts the inputs give it (none here), never its audience list's size.
    #expect(network.assets.map(\.id) == ["i0", "g0", "p1", "p0"])
    #expect(network.assets.map(\.kind) == [.instagram, .group, .page, .page])
    #expect(network.assets.map(\.followers) == compared.map { graph.followers(of: $0) })
    #expect(network.assets.map(\.members) == compared.map { graph.members(of: $0) })
    // p0-p1 share 3 of 4 accounts, p0-g0 2 of 4; p1-g0 (1 of 4) is under 0.3; i0 shares none.
    #expect(network.relations.map { [$0.source, $0.target] } == [["p1", "p0"], ["g0", "p0"]])
    #expect(network.relations.map(\.weight) == [0.75, 0.5])
    #expect(network.relations.allSatisfy { $0.type == .linkedTo })
    #expect(network.relations[0].evidence == "3 shared accounts (Jaccard 0.7500)")
    #expect(matrix.document(graph: graph).networks[0].relations.count == 3, "all that share")

    // A document like any other: it reads back the same, and nothing in it is wrong.
    #expect(try NetworkDocument.decode(document.encoded(), file: "overlap.json") == document)
    #expect(Validator.validate(document).filter { $0.severity == .error }.isEmpty)
  }
}

@Suite struct WorkSplitRunTests {
  /// Every part's run follows the one before, together they are the whole
  /// range, and no run is more than one longer than another.
  @Test(arguments: [0, 1, 2, 7, 1_000, 1_000_003])
  func runsTileTheRangeInNearlyEqualShares(count: Int) {
    for parts in [1, 2, 3, 8, 64] {
      let runs = (0..<parts).map { WorkSplit.run($0, of: parts, in: count) }
      #expect(runs.first?.lowerBound == 0 && runs.last?.upperBound == count)
      #expect(zip(runs, runs.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
      let sizes = runs.map(\.count)
      #expect(sizes.max()! - sizes.min()! <= 1, "\(count) in \(parts): \(sizes)")
    }
  }
}

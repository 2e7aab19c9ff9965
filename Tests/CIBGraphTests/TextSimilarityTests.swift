import CIBGraph
import CIBGraphTestSupport
import Testing

@testable import CIBGraphAnalysis

/// The normal form of `text`.
private func normal(_ text: String, urls: Bool = true, mentions: Bool = false) -> String {
  let normalizer = TextNormalizer(ignoresURLs: urls, ignoresMentions: mentions)
  var out: [UInt8] = []
  var scalars: [UInt32] = []
  Array(text.utf8).withUnsafeBufferPointer {
    normalizer.normalize($0, into: &out, scalars: &scalars)
  }
  return String(decoding: out, as: UTF8.self)
}

/// The sorted shingle set of a normal form.
private func shingleSet(_ text: String) -> [UInt64] {
  var set: [UInt64] = []
  var scalars: [UInt32] = []
  Array(text.utf8).withUnsafeBufferPointer { Shingles.set($0, into: &set, scalars: &scalars) }
  return set
}

/// Made-up words of 2 to 8 letters.
private func words(_ count: Int, _ random: inout SeededGenerator) -> [String] {
  let letters = Array("abcdefghijklmnopqrstuvwxyz")
  return (0..<count).map { _ in
    String((0..<(2 + Int(random.below(7)))).map { _ in letters[Int(random.below(26))] })
  }
}

@Suite struct TextSimilarityTests {
  @Test func normalisingFoldsCaseCollapsesSpaceAndLeavesOutLinks() {
    #expect(normal("  Hello\t\tWORLD \n again ") == "hello world again")
    #expect(normal("ΣΊΣΥΦΟΣ Straße") == "σίσυφοσ strasse")
    #expect(normal("read https://t.co/x1 now www.example.com HTTP://A.B") == "read now")
    #expect(normal("read https://t.co/x1", urls: false) == "read https://t.co/x1")
    #expect(normal("hi @someone and @ alone", mentions: true) == "hi and @ alone")
    #expect(normal("hi @someone") == "hi @someone")
    #expect(normal("https://only.link") == "")
    // Invalid UTF-8 reads as U+FFFD rather than failing.
    let invalid: [UInt8] = [0x61, 0xFF, 0x62]
    var out: [UInt8] = []
    var scalars: [UInt32] = []
    invalid.withUnsafeBufferPointer {
      TextNormalizer(ignoresURLs: true, ignoresMentions: false).normalize(
        $0, into: &out, scalars: &scalars)
    }
    #expect(String(decoding: out, as: UTF8.self) == "a\u{FFFD}b")
  }

  @Test func bandsAndRowsMissFewPairsAtTheThreshold() {
    let similarity = TextSimilarity(threshold: 0.8)
    #expect(similarity.rows == 6 && similarity.bands == 20)
    #expect(abs(similarity.missProbability(atSimilarity: 0.8) - 0.0023) < 0.0001)
    #expect(similarity.missProbability(atSimilarity: 0.9) < 1e-6)
    #expect(similarity.missProbability(atSimilarity: 0.3) > 0.98)
    for threshold in [0.3, 0.5, 0.7, 0.9, 0.95, 1.0] {
      let other = TextSimilarity(threshold: threshold)
      #expect(other.missProbability(atSimilarity: threshold) <= 0.005, "\(threshold)")
      #expect(other.rows * other.bands == TextSimilarity.permutations)
    }
  }

  @Test func theDescriptionStatesTheThresholdAndTheChanceOfAMiss() {
    #expect(
      TextSimilarity(threshold: 0.8).description
        == "Jaccard similarity of 5-character shingles at least 0.8, URLs left out; MinHash 120 "
        + "permutations in 20 bands of 6 rows: a pair at the threshold is missed with "
        + "probability 0.23 %")
    #expect(
      TextSimilarity(threshold: 0.95, ignoresURLs: false, ignoresMentions: true).description
        .hasPrefix("Jaccard similarity of 5-character shingles at least 0.95, mentions left out;"))
  }

  @Test func minHashEstimatesTrackExactJaccardOnASample() {
    // Pairs of texts sharing a varying part: the share of equal signature
    // entries estimates the Jaccard similarity with a standard error of
    // sqrt(J(1 − J)/120) ≤ 0.046.
    var random = SeededGenerator(seed: 16)
    var errors: [Double] = []
    var hashes: [UInt64] = []
    var scalars: [UInt32] = []
    var a: [UInt32] = []
    var b: [UInt32] = []
    for _ in 0..<400 {
      let shared = words(Int(random.below(40)), &random)
      let left = (shared + words(Int(random.below(30)), &random)).joined(separator: " ")
      let right = (shared + words(Int(random.below(30)), &random)).joined(separator: " ")
      Array(left.utf8).withUnsafeBufferPointer {
        Shingles.hashes($0, into: &hashes, scalars: &scalars)
      }
      Shingles.signature(hashes, into: &a)
      Array(right.utf8).withUnsafeBufferPointer {
        Shingles.hashes($0, into: &hashes, scalars: &scalars)
      }
      Shingles.signature(hashes, into: &b)
      let estimate = Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count)
      let exact = Shingles.jaccard(shingleSet(left), shingleSet(right))
      errors.append(estimate - exact)
    }
    let meanError = errors.reduce(0, +) / Double(errors.count)
    let meanAbsolute = errors.map(abs).reduce(0, +) / Double(errors.count)
    #expect(abs(meanError) < 0.01, "biased: \(meanError)")
    #expect(meanAbsolute < 0.04, "\(meanAbsolute)")
    #expect(errors.allSatisfy { abs($0) < 0.2 }, "\(errors.map(abs).max()!)")
  }

  /// Texts with families of variants (a letter or a word changed), the
  /// near-duplicate groups found against those of every pair checked exactly.
  @Test func groupsEqualTheComponentsOfEveryPairCheckedExactly() throws {
    var random = SeededGenerator(seed: 5)
    var texts: [String] = []
    for _ in 0..<150 {
      let base = words(8 + Int(random.below(25)), &random)
      for _ in 0..<(1 + Int(random.below(8))) {
        var copy = base
        for _ in 0..<Int(random.below(4)) {
          let i = Int(random.below(UInt64(copy.count)))
          copy[i] = words(1, &random)[0]
        }
        texts.append(copy.joined(separator: " "))
      }
    }
    let table = ActivityTable(
      texts: texts.enumerated().map { (account: "u\($0.offset)", text: $0.element, time: 0) })
    let grouped = try NearDuplicateTexts(table, similarity: TextSimilarity(threshold: 0.8))
    // Every pair, exactly.
    let sets = texts.map { shingleSet(normal($0)) }
    var parent = Array(0..<texts.count)
    func find(_ x: Int) -> Int { parent[x] == x ? x : find(parent[x]) }
    var similarPairs = 0
    for i in texts.indices {
      for j in 0..<i where Shingles.similar(sets[i], sets[j], threshold: 0.8) {
        similarPairs += 1
        parent[find(i)] = find(j)
      }
    }
    #expect(similarPairs > 200, "the sample should hold many near-duplicates: \(similarPairs)")
    var byGroup: [UInt32: Set<Int>] = [:]
    var byComponent: [Int: Set<Int>] = [:]
    for row in texts.indices {
      byGroup[grouped.table.object[row], default: []].insert(row)
      byComponent[find(row), default: []].insert(row)
    }
    #expect(Set(byGroup.values) == Set(byComponent.values))
    // The hashing proposes few of the pairs; pairs already in one group are not compared.
    #expect(
      grouped.comparisons < texts.count * (texts.count - 1) / 2 / 50, "\(grouped.comparisons)")
  }

  @Test func identicalTextsAreOneTextAndACrowdOfVariantsCostsLittle() throws {
    // 10,000 variants of one text, each with one letter changed: one group,
    // joined with about one comparison per variant and band, not 5·10^7.
    var random = SeededGenerator(seed: 9)
    let base = Array(words(30, &random).joined(separator: " "))
    var posts: [(account: String, text: String, time: Int64)] = []
    for k in 0..<10_000 {
      var copy = base
      let i = Int(random.below(UInt64(copy.count)))
      if copy[i] != " " { copy[i] = Character(UnicodeScalar(UInt8(97 + k % 26))) }
      posts.append(("u\(k % 50)", String(copy) + " #\(k)", Int64(k)))
    }
    posts.append(
      contentsOf: repeatElement((account: "same", text: "one text", time: Int64(0)), count: 5_000))
    let grouped = try NearDuplicateTexts(
      ActivityTable(texts: posts), similarity: TextSimilarity(threshold: 0.8))
    #expect(grouped.distinctTexts == 10_001)
    #expect(grouped.groups == 1)
    #expect(grouped.textsInGroups == 10_000)
    #expect(grouped.comparisons < 20 * 10_000, "\(grouped.comparisons)")
    #expect(
      grouped.description
        == "10,001 distinct texts, 1 group(s) of near-duplicates holding 10,000 of them; "
        + "0 posts empty once normalised, left out")
  }

  @Test func aBucketOfTextsAlikeButNotNearDuplicatesIsRefusedPastTheBudget() {
    // Texts sharing most of their shingles collide, yet are under 0.95.
    var random = SeededGenerator(seed: 3)
    let base = words(20, &random).joined(separator: " ")
    let posts = (0..<300).map { k in
      (
        account: "u\(k)", text: base + " " + words(6, &random).joined(separator: " "),
        time: Int64(0)
      )
    }
    #expect(throws: BudgetExceeded.self) {
      try NearDuplicateTexts(
        ActivityTable(texts: posts),
        similarity: TextSimilarity(threshold: 0.95, maxComparisons: 100))
    }
  }
}

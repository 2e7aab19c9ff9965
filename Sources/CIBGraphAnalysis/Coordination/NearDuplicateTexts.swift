import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// The posts of a table of texts grouped by near-duplicate text, as objects
/// for coordination detection: accounts that post texts of one group within
/// the window coincide on it (`CoordinationNetwork`, whose sweep bounds the
/// pairs a crowd on one group forms).
///
/// Identical normal forms are one text (interned, never compared pair by
/// pair: 10,000 copies of a post are one text). Distinct texts are grouped
/// by ``TextSimilarity``: pairs the MinHash bands propose are checked by
/// exact Jaccard similarity, and a group is the texts joined by checked
/// pairs at or above the threshold (single linkage: A ≈ B and B ≈ C put A,
/// B and C in one group even when A and C are further apart). A pair is not
/// checked when its texts are already in one group, so a crowd of k
/// variants of one text costs about k comparisons per band, not k².
///
/// Posts whose text is empty once normalised (only a link, say) are left
/// out and counted.
public struct NearDuplicateTexts: Sendable, CustomStringConvertible {
  /// The posts with a text, each acting on its group: the object of row
  /// `i` is the number of the group's first text, named by its normal form
  /// (`ActivityTable.objectID(_:)`). Accounts are numbered as in the source table.
  public let table: ActivityTable
  /// The source table's row of each row of ``table``.
  package let sourceRow: [UInt32]
  /// The similarity the texts were grouped by: the caller's own, echoed
  /// for the tool to print back.
  package let similarity: TextSimilarity
  /// Distinct normal forms.
  package let distinctTexts: Int
  /// Posts left out: empty once normalised.
  package let postsWithoutText: Int
  /// Groups of two or more distinct texts.
  package let groups: Int
  /// Distinct texts in those groups.
  package let textsInGroups: Int
  /// Exact comparisons of candidate pairs made.
  package let comparisons: Int

  /// What the grouping found, as `cibgraph coordinate --by text` says it:
  /// `1,200 distinct texts, 35 group(s) of near-duplicates holding 140 of
  /// them; 3 posts empty once normalised, left out`.
  public var description: String {
    "\(groupedDigits(distinctTexts)) distinct texts, \(groupedDigits(groups)) group(s) of "
      + "near-duplicates holding \(groupedDigits(textsInGroups)) of them; "
      + "\(counted(postsWithoutText, "post")) empty once normalised, left out"
  }

  /// Groups the texts of `table`.
  /// - Precondition: `table` holds a text per row (`ActivityTable.init(texts:)`,
  ///   or `ActivityReader` with `texts: true`).
  /// - Throws: ``BudgetExceeded`` when checking the candidates would
  ///   take more than `similarity.maxComparisons` comparisons.
  /// - Complexity: O(total text length × 120 MinHash permutations)
  ///   for the signatures, O(b · d log d) for sorting d distinct texts in b
  ///   bands, and O(length) per comparison; O(n + d · b) memory for n posts.
  public init(_ table: ActivityTable, similarity: TextSimilarity)
    throws(BudgetExceeded)
  {
    precondition(table.texts.start.count == table.count, "the table holds no texts")
    self.similarity = similarity
    let (texts, textOfRow) = Self.normalized(table, similarity)
    distinctTexts = texts.count
    var groups = TextGroups(count: texts.count)
    do {
      comparisons = try groups.join(texts, similarity: similarity)
    } catch {
      throw BudgetExceeded(.textComparisons(error))
    }

    var grouped = ActivityTable()
    grouped.accounts = table.accounts
    grouped.objects = texts
    var sourceRow: [UInt32] = []
    let readsPosts = table.content.count == table.count
    if readsPosts { grouped.contents = table.contents }
    for row in 0..<table.count where textOfRow[row] != UInt32.max {
      grouped.append(
        object: groups.find(textOfRow[row]), account: table.account[row], time: table.time[row],
        recordOffset: table.recordOffset[row])
      if readsPosts { grouped.content.append(table.content[row]) }
      sourceRow.append(UInt32(row))
    }
    postsWithoutText = table.count - grouped.count
    var sizes: [UInt32: Int] = [:]
    for text in 0..<texts.count {
      let root = groups.find(UInt32(text))
      if root != UInt32(text) { sizes[root, default: 1] += 1 }
    }
    self.groups = sizes.count
    textsInGroups = sizes.values.reduce(0, +)
    self.table = grouped
    self.sourceRow = sourceRow
  }

  /// The distinct normal forms, and each row's (`UInt32.max` for an empty one).
  private static func normalized(_ table: ActivityTable, _ similarity: TextSimilarity)
    -> (ByteInterner, [UInt32])
  {
    let normalizer = TextNormalizer(
      ignoresURLs: similarity.ignoresURLs, ignoresMentions: similarity.ignoresMentions)
    let texts = table.texts
    let rows = table.count
    // Normalised on every core, in slices of rows; interned in row order on one.
    let parts = WorkSplit.standard.parts(of: rows, per: 1 << 16)
    let slices: [(bytes: [UInt8], ends: [Int])] = WorkSplit.inParallel(parts) { part in
      var bytes: [UInt8] = []
      var ends: [Int] = []
      var scratch: [UInt8] = []
      var normal: [UInt8] = []
      var scalars: [UInt32] = []
      for row in WorkSplit.run(part, of: parts, in: rows) {
        texts.withText(row, &scratch) { normalizer.normalize($0, into: &normal, scalars: &scalars) }
        bytes.append(contentsOf: normal)
        ends.append(bytes.count)
      }
      return (bytes, ends)
    }
    var interner = ByteInterner(capacity: max(16, rows / 2))
    var textOfRow: [UInt32] = []
    textOfRow.reserveCapacity(rows)
    for slice in slices {
      slice.bytes.withUnsafeBufferPointer { bytes in
        var start = 0
        for end in slice.ends {
          if end == start {
            textOfRow.append(UInt32.max)
          } else {
            textOfRow.append(interner.intern(UnsafeBufferPointer(rebasing: bytes[start..<end])).id)
          }
          start = end
        }
      }
    }
    return (interner, textOfRow)
  }
}

/// What the grouping of near-duplicate texts counted when checking the
/// candidate pairs would take more comparisons than its `maxComparisons`
/// allows: a ``BudgetExceeded``'s refusal.
package struct TextComparisonsRefusal: Error, Sendable, Hashable, CustomStringConvertible {
  /// The budget that was passed.
  package var budget: Int
  /// The most candidates one bucket of a band held: texts that agree on
  /// every row of a band (a crowd of different texts alike enough to
  /// collide, yet not near-duplicates of each other).
  package var largestBucket: Int
  /// The normal form of a text of that bucket.
  package var example: String

  /// For example `checking candidate pairs of near-duplicate texts would take
  /// more than the 50,000,000 comparisons TextSimilarity.maxComparisons allows
  /// (…)`, with the text cut at 160 characters and made visible.
  package var description: String {
    "checking candidate pairs of near-duplicate texts would take more than the "
      + "\(groupedDigits(budget)) comparisons TextSimilarity.maxComparisons allows; the largest "
      + "bucket of candidates held \(groupedDigits(largestBucket)) texts, such as \""
      + VisibleText.safe(example, limit: 160) + "\""
  }
}

/// Groups of distinct texts: a union-find whose representative is the
/// group's first text (lowest number), joined by checked candidate pairs.
struct TextGroups {
  private var parent: [UInt32]

  init(count: Int) { parent = (0..<UInt32(count)).map { $0 } }

  /// The first text of `text`'s group.
  mutating func find(_ text: UInt32) -> UInt32 {
    var x = Int(text)
    while Int(parent[x]) != x {
      let grandparent = parent[Int(parent[x])]
      parent[x] = grandparent
      x = Int(grandparent)
    }
    return UInt32(x)
  }

  mutating func union(_ a: UInt32, _ b: UInt32) {
    let (ra, rb) = (find(a), find(b))
    if ra < rb { parent[Int(rb)] = ra } else if rb < ra { parent[Int(ra)] = rb }
  }

  /// Joins the near-duplicates among `texts`; returns the comparisons made.
  mutating func join(_ texts: ByteInterner, similarity: TextSimilarity)
    throws(TextComparisonsRefusal) -> Int
  {
    let count = texts.count
    guard count >= 2 else { return 0 }
    let bands = similarity.bands
    let rows = similarity.rows
    let keys = Self.bandKeys(texts, bands: bands, rows: rows)
    var comparisons = 0
    var cache = ShingleSetCache(texts: texts)
    var band = 0
    while band < bands {
      // Two bands sorted at once, one per core; their buckets walked in turn.
      let together = min(WorkSplit.standard.parts(of: 2, per: 1), bands - band)
      let first = band
      let sorted: [[UInt64]] = WorkSplit.inParallel(together) { offset in
        var entries = [UInt64](repeating: 0, count: count)
        let b = first + offset
        for text in 0..<count {
          entries[text] = UInt64(keys[text * bands + b]) << 32 | UInt64(text)
        }
        entries.sort()
        return entries
      }
      for (offset, entries) in sorted.enumerated() {
        var start = 0
        while start < count {
          var end = start + 1
          while end < count, entries[end] >> 32 == entries[start] >> 32 { end += 1 }
          if end - start >= 2 {
            try joinBucket(
              entries[start..<end], band: first + offset, keys: keys, similarity: similarity,
              cache: &cache, comparisons: &comparisons)
          }
          start = end
        }
      }
      band += together
    }
    return comparisons
  }

  /// Joins the texts of one bucket of band `band`: each is checked against
  /// the members of every other group present until one is similar. A pair
  /// that shared a bucket of an earlier band was settled there (compared, or
  /// joined through another member), and is not compared again.
  private mutating func joinBucket(
    _ bucket: ArraySlice<UInt64>, band: Int, keys: [UInt32], similarity: TextSimilarity,
    cache: inout ShingleSetCache, comparisons: inout Int
  ) throws(TextComparisonsRefusal) {
    let bands = similarity.bands
    func metBefore(_ a: UInt32, _ b: UInt32) -> Bool {
      let (a, b) = (Int(a) * bands, Int(b) * bands)
      for earlier in 0..<band where keys[a + earlier] == keys[b + earlier] { return true }
      return false
    }
    var members: [[UInt32]] = []
    cache.clear()
    for entry in bucket {
      let text = UInt32(truncatingIfNeeded: entry)
      var mine: Int?
      for index in members.indices where !members[index].isEmpty {
        if find(members[index][0]) != find(text) {
          for member in members[index] where !metBefore(text, member) {
            comparisons += 1
            if comparisons > similarity.maxComparisons {
              throw TextComparisonsRefusal(
                budget: similarity.maxComparisons, largestBucket: bucket.count,
                example: cache.texts.string(text))
            }
            if cache.similar(text, member, threshold: similarity.threshold) {
              union(text, member)
              break
            }
          }
          if find(members[index][0]) != find(text) { continue }
        }
        if let mine {
          members[mine].append(contentsOf: members[index])
          members[index] = []
        } else {
          mine = index
        }
      }
      if let mine { members[mine].append(text) } else { members.append([text]) }
    }
  }

  /// For every text, one 32-bit key per band: the hash of its rows of the signature.
  private static func bandKeys(_ texts: ByteInterner, bands: Int, rows: Int) -> [UInt32] {
    let count = texts.count
    var keys = [UInt32](repeating: 0, count: count * bands)
    let parts = WorkSplit.standard.parts(of: count, per: 1 << 12)
    keys.withUnsafeMutableBufferPointer { keys in
      nonisolated(unsafe) let keys = keys
      WorkSplit.inParallel(parts) { part in
        var hashes: [UInt64] = []
        var scalars: [UInt32] = []
        var signature: [UInt32] = []
        for text in WorkSplit.run(part, of: parts, in: count) {
          texts.withBytes(of: UInt32(text)) {
            Shingles.hashes($0, into: &hashes, scalars: &scalars)
          }
          Shingles.signature(hashes, into: &signature)
          for band in 0..<bands {
            var h = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
            for row in 0..<rows {
              h = Shingles.mix(h ^ UInt64(signature[band * rows + row]))
            }
            keys[text * bands + band] = UInt32(truncatingIfNeeded: h >> 32)
          }
        }
      }
    }
    return keys
  }
}

/// The shingle sets of the texts of one bucket, made once each.
struct ShingleSetCache {
  let texts: ByteInterner
  private var sets: [UInt32: [UInt64]] = [:]
  private var scalars: [UInt32] = []

  init(texts: ByteInterner) { self.texts = texts }

  mutating func clear() { sets.removeAll(keepingCapacity: true) }

  /// Whether texts `a` and `b` are near-duplicates.
  mutating func similar(_ a: UInt32, _ b: UInt32, threshold: Double) -> Bool {
    Shingles.similar(set(a), set(b), threshold: threshold)
  }

  private mutating func set(_ text: UInt32) -> [UInt64] {
    if let known = sets[text] { return known }
    var set: [UInt64] = []
    texts.withBytes(of: text) { Shingles.set($0, into: &set, scalars: &scalars) }
    // A bucket of a crowd can hold thousands of texts: keep at most 4,096 sets.
    if sets.count < 4_096 { sets[text] = set }
    return set
  }
}

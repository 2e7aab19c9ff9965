import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// When two posts' texts count as near-duplicates (copy-pasta), and how
/// the near-duplicates are found.
///
/// Texts are normalised (lowercased, white space collapsed, URLs and
/// optionally mentions left out), cut into shingles of 5 characters, and
/// compared by the Jaccard similarity of their shingle sets: two texts are
/// near-duplicates when it is at least the threshold. Finding the pairs uses
/// MinHash (120 permutations) and locality-sensitive hashing in b bands of
/// r rows, r the most that misses at most 0.5 % of the pairs at the
/// threshold: texts that agree on all rows of some band are candidates,
/// and every candidate is checked by its exact Jaccard similarity, so no
/// pair below the threshold is taken. The hashing can miss a pair: one of
/// similarity s with probability (1 − s^r)^b, 0.23 % at s = 0.8 with the
/// default threshold (6 rows in 20 bands). ``description`` states the
/// threshold, the bands and that probability.
public struct TextSimilarity: Sendable, Hashable, CustomStringConvertible {
  /// The Jaccard similarity of shingle sets at or above which two texts are
  /// near-duplicates, in (0, 1].
  package var threshold: Double
  /// Whether words that are URLs (`http://…`, `https://…`, `www.…`) are left
  /// out before comparing: copies of one text often carry different short links.
  package var ignoresURLs: Bool
  /// Whether mentions (`@name`) are left out before comparing.
  package var ignoresMentions: Bool
  /// The exact comparisons of candidate pairs the grouping may make before
  /// refusing the input (each takes a few microseconds).
  package var maxComparisons: Int

  /// Characters (Unicode scalars) per shingle.
  package static let shingleLength = 5
  /// MinHash permutations per text.
  package static let permutations = 120
  /// The largest probability of missing a pair at the threshold itself
  /// that the choice of bands and rows allows.
  static let missAtThreshold = 0.005

  /// A threshold with URLs ignored, mentions kept and a budget of 50 million
  /// comparisons, unless told otherwise; ``description`` states them back.
  /// - Parameters:
  ///   - threshold: The Jaccard similarity of shingle sets at or above which
  ///     two texts are near-duplicates.
  ///   - ignoresURLs: Whether words that are URLs (`http://…`, `https://…`,
  ///     `www.…`) are left out before comparing: copies of one text often
  ///     carry different short links.
  ///   - ignoresMentions: Whether mentions (`@name`) are left out before comparing.
  ///   - maxComparisons: The exact comparisons of candidate pairs the
  ///     grouping may make before refusing the input (each takes a few
  ///     microseconds).
  /// - Precondition: `threshold` in (0, 1].
  public init(
    threshold: Double = 0.8, ignoresURLs: Bool = true, ignoresMentions: Bool = false,
    maxComparisons: Int = 50_000_000
  ) {
    precondition(threshold > 0 && threshold <= 1, "a similarity threshold in (0, 1]")
    self.threshold = threshold
    self.ignoresURLs = ignoresURLs
    self.ignoresMentions = ignoresMentions
    self.maxComparisons = maxComparisons
  }

  /// Rows per band: the most (fewest candidates below the threshold) whose
  /// probability of missing a pair at the threshold is at most 0.5 %.
  package var rows: Int {
    var best = 1
    for rows in 1...Self.permutations where Self.permutations % rows == 0 {
      if Self.missProbability(threshold, rows: rows) <= Self.missAtThreshold { best = rows }
    }
    return best
  }

  /// Bands: ``permutations`` / ``rows``.
  package var bands: Int { Self.permutations / rows }

  /// The probability that the hashing misses a pair of texts of Jaccard
  /// similarity `s` (it is then not checked): (1 − s^rows)^bands.
  package func missProbability(atSimilarity s: Double) -> Double {
    Self.missProbability(s, rows: rows)
  }

  /// The threshold, what is left out, the hashing and the probability of
  /// missing a pair at the threshold, for example `Jaccard similarity of
  /// 5-character shingles at least 0.8, URLs left out; MinHash 120
  /// permutations in 20 bands of 6 rows: a pair at the threshold is missed
  /// with probability 0.23 %`.
  public var description: String {
    let miss = Int((missProbability(atSimilarity: threshold) * 10_000).rounded())
    let fraction = miss % 100
    let percent =
      miss == 0 ? "under 0.01 %" : "\(miss / 100).\(fraction < 10 ? "0" : "")\(fraction) %"
    return "Jaccard similarity of \(Self.shingleLength)-character shingles at least \(threshold)"
      + (ignoresURLs ? ", URLs left out" : "") + (ignoresMentions ? ", mentions left out" : "")
      + "; MinHash \(Self.permutations) permutations in \(bands) bands of \(rows) rows: a pair "
      + "at the threshold is missed with probability \(percent)"
  }

  private static func missProbability(_ s: Double, rows: Int) -> Double {
    var agree = 1.0
    for _ in 0..<rows { agree *= s }
    var miss = 1.0
    for _ in 0..<permutations / rows { miss *= 1 - agree }
    return miss
  }
}

/// Turns a post's text into the form texts are compared in: Unicode
/// lowercase (with ς as σ and ß as ss, as case folding has them), runs of
/// white space as one space, none at the ends; optionally without URLs and
/// mentions (``TextSimilarity``). Other characters (punctuation, emoji) are kept.
package struct TextNormalizer: Sendable {
  package var ignoresURLs: Bool
  package var ignoresMentions: Bool

  package init(ignoresURLs: Bool, ignoresMentions: Bool) {
    self.ignoresURLs = ignoresURLs
    self.ignoresMentions = ignoresMentions
  }

  /// Writes the normal form of `text` (UTF-8; invalid bytes read as U+FFFD)
  /// to `out` as UTF-8, using `scalars` as scratch.
  /// - Complexity: O(length of the text).
  package func normalize(
    _ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], scalars: inout [UInt32]
  ) {
    out.removeAll(keepingCapacity: true)
    scalars.removeAll(keepingCapacity: true)
    var ascii = true
    for byte in text where byte >= 0x80 {
      ascii = false
      break
    }
    if ascii {
      for byte in text { scalars.append(UInt32(byte)) }
    } else {
      for scalar in String(decoding: text, as: UTF8.self).unicodeScalars {
        scalars.append(scalar.value)
      }
    }
    var i = 0
    let n = scalars.count
    while i < n {
      while i < n, Self.isSpace(scalars[i]) { i += 1 }
      var end = i
      while end < n, !Self.isSpace(scalars[end]) { end += 1 }
      if i < end, !skips(scalars, i, end) {
        if !out.isEmpty { out.append(0x20) }
        for k in i..<end { Self.appendFolded(scalars[k], to: &out) }
      }
      i = end
    }
  }

  private func skips(_ word: [UInt32], _ start: Int, _ end: Int) -> Bool {
    if ignoresMentions, end - start >= 2, word[start] == 0x40 { return true }
    guard ignoresURLs else { return false }
    func startsWith(_ prefix: StaticString) -> Bool {
      let count = prefix.utf8CodeUnitCount
      guard end - start >= count else { return false }
      let bytes = prefix.utf8Start
      for k in 0..<count {
        var c = word[start + k]
        if c >= 0x41, c <= 0x5A { c += 0x20 }
        if c != UInt32(bytes[k]) { return false }
      }
      return true
    }
    return startsWith("http://") || startsWith("https://") || startsWith("www.")
  }

  private static func isSpace(_ value: UInt32) -> Bool {
    if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
    return Unicode.Scalar(value)?.properties.isWhitespace ?? false
  }

  private static func appendFolded(_ value: UInt32, to out: inout [UInt8]) {
    if value < 0x80 {
      out.append(UInt8(value >= 0x41 && value <= 0x5A ? value + 0x20 : value))
      return
    }
    guard let scalar = Unicode.Scalar(value) else { return }
    switch value {
    case 0x3C2: appendUTF8(0x3C3, to: &out)  // final sigma folds to sigma
    case 0xDF, 0x1E9E: out.append(contentsOf: [0x73, 0x73])  // ß and ẞ fold to ss
    default:
      if scalar.properties.changesWhenLowercased {
        for lower in scalar.properties.lowercaseMapping.unicodeScalars {
          appendUTF8(lower.value, to: &out)
        }
      } else {
        appendUTF8(value, to: &out)
      }
    }
  }

  private static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
    guard let scalar = Unicode.Scalar(value) else { return }
    out.append(contentsOf: UTF8.encode(scalar)!)
  }
}

/// The shingles of normalised texts and their MinHash signatures.
package enum Shingles {
  /// The 64-bit hashes of the shingles of a normalised text (UTF-8): every
  /// run of ``TextSimilarity/shingleLength`` scalars, or the whole text when
  /// it is shorter; repeats kept, in text order.
  /// - Complexity: O(length of the text).
  package static func hashes(
    _ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt64], scalars: inout [UInt32]
  ) {
    out.removeAll(keepingCapacity: true)
    scalars.removeAll(keepingCapacity: true)
    for scalar in String(decoding: text, as: UTF8.self).unicodeScalars {
      scalars.append(scalar.value)
    }
    let k = TextSimilarity.shingleLength
    guard scalars.count >= k else {
      var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(scalars.count + 1)
      for s in scalars { h = (h ^ UInt64(s)) &* 0x1000_0000_01B3 }
      if !scalars.isEmpty { out.append(mix(h)) }
      return
    }
    for start in 0...(scalars.count - k) {
      var h: UInt64 = 0
      for s in scalars[start..<start + k] { h = (h << 21 | h >> 43) ^ UInt64(s) }
      out.append(mix(h))
    }
  }

  /// The sorted set of a text's shingle hashes.
  package static func set(
    _ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt64], scalars: inout [UInt32]
  ) {
    hashes(text, into: &out, scalars: &scalars)
    out.sort()
    var kept = 0
    for value in out where kept == 0 || out[kept - 1] != value {
      out[kept] = value
      kept += 1
    }
    out.removeLast(out.count - kept)
  }

  /// Whether two sorted shingle sets have a Jaccard similarity of at least `threshold`.
  package static func similar(_ a: [UInt64], _ b: [UInt64], threshold: Double) -> Bool {
    // Sets whose sizes alone put them below the threshold need no merge.
    let (small, large) = a.count < b.count ? (a.count, b.count) : (b.count, a.count)
    guard Double(small) >= threshold * Double(large) else { return false }
    let common = intersection(a, b)
    return Double(common) >= threshold * Double(a.count + b.count - common)
  }

  /// |a ∩ b| of two sorted sets.
  package static func intersection(_ a: [UInt64], _ b: [UInt64]) -> Int {
    var (i, j, common) = (0, 0, 0)
    while i < a.count, j < b.count {
      if a[i] < b[j] {
        i += 1
      } else if a[i] > b[j] {
        j += 1
      } else {
        common += 1
        i += 1
        j += 1
      }
    }
    return common
  }

  /// The exact Jaccard similarity of two sorted shingle sets (1 for two empty ones).
  package static func jaccard(_ a: [UInt64], _ b: [UInt64]) -> Double {
    let common = intersection(a, b)
    let union = a.count + b.count - common
    return union == 0 ? 1 : Double(common) / Double(union)
  }

  /// The permutations: h_i(x) = the high 32 bits of a_i·x + b_i (mod
  /// 2^64), a_i odd, of a shingle's 64-bit hash x. Fixed, so that every run
  /// finds the same candidates. (Cheaper maps were tried: on the benchmark's
  /// posts, a linear map mod 2^32 of 32 bits of x made 10 times the chance
  /// candidates, and this map on 32 bits of x 18 times, both costing more
  /// in comparisons than they saved; `TextSimilarityTests` checks the
  /// estimates against exact Jaccard.)
  package static let permutations: (a: [UInt64], b: [UInt64]) = {
    var state: UInt64 = 0x5DEE_CE66_D1CE_4E5B
    var a: [UInt64] = []
    var b: [UInt64] = []
    for _ in 0..<TextSimilarity.permutations {
      state &+= 0x9E37_79B9_7F4A_7C15
      a.append(mix(state) | 1)
      state &+= 0x9E37_79B9_7F4A_7C15
      b.append(mix(state))
    }
    return (a, b)
  }()

  /// The MinHash signature of shingle hashes: per permutation, the least image.
  /// - Complexity: O(shingles × ``TextSimilarity/permutations``).
  package static func signature(_ hashes: [UInt64], into signature: inout [UInt32]) {
    let count = TextSimilarity.permutations
    signature.removeAll(keepingCapacity: true)
    signature.append(contentsOf: repeatElement(UInt32.max, count: count))
    let (a, b) = permutations
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        signature.withUnsafeMutableBufferPointer { signature in
          let (a, b, signature) = (a.baseAddress!, b.baseAddress!, signature.baseAddress!)
          for x in hashes {
            for i in 0..<count {
              let image = UInt32(truncatingIfNeeded: (a[i] &* x &+ b[i]) >> 32)
              signature[i] = min(signature[i], image)
            }
          }
        }
      }
    }
  }

  /// SplitMix64's finaliser.
  @inline(__always) package static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

import CIBGraphCore
import CIBGraphSupport

/// Known names (kinds, relation types, a kinds map's values) to match
/// fields' bytes against without making a `String`: compared as
/// `AssetKind.spellingKey` compares names (ASCII case ignored, a space or
/// `_` read as `-`), spaces and tabs around ignored. Fields with escaped
/// quotes never match (the caller falls back to the text), and neither do
/// letters outside ASCII in another case than the name's: the text path,
/// which lower-cases all of Unicode, decides those. Shared by the careful
/// and the fast readers.
struct FieldNames<Value: Sendable>: Sendable {
  /// Each name folded, as bytes, in the order given: the first match wins.
  private let names: [([UInt8], Value)]
  /// The positions in ``names`` of the names of each length, in order:
  /// those of length `n` are `byLength[lengthStart[n] ..< lengthStart[n + 1]]`
  /// (a field is compared with a few names, not with every spelling).
  private let byLength: [Int]
  private let lengthStart: [Int]
  /// The positions in ``names`` by hash of the folded name, for tables
  /// too long to scan (a user's kinds map of thousands of values).
  private let positionsByHash: [UInt64: [Int]]
  /// Each name of up to 16 bytes as two little-endian words, zero past its
  /// end (others: zero words, never compared), by position in ``names``. A
  /// field that short is folded a word at a time and compared a word at a
  /// time: compared byte by byte, each byte's branch is mispredicted
  /// whenever the name changes from row to row, as an edges file's types do.
  private let shortNames: [FoldedWords]

  /// Up to 16 folded bytes, little-endian, zero past the end.
  struct FoldedWords: Equatable {
    var low: UInt64
    var high: UInt64
  }

  /// Tables up to this long are scanned by length; longer ones are hashed.
  private static var scanLimit: Int { 256 }

  /// - Parameter names: Each name and its value; a name given twice keeps its first value.
  init(_ names: [(String, Value)]) {
    let folded = names.map { (Array(AssetKind.spellingKey($0.0).utf8), $0.1) }
    self.names = folded
    let longest = folded.map(\.0.count).max() ?? 0
    byLength = folded.indices.sorted {
      (folded[$0].0.count, $0) < (folded[$1].0.count, $1)
    }
    var starts = [Int](repeating: 0, count: longest + 2)
    for (name, _) in folded { starts[name.count + 1] += 1 }
    for length in 0...longest { starts[length + 1] += starts[length] }
    lengthStart = starts
    shortNames = folded.map { name, _ in
      name.count > 16
        ? FoldedWords(low: 0, high: 0)
        : name.withUnsafeBufferPointer {
          Self.words($0, 0, $0.count)
        }
    }
    var positions: [UInt64: [Int]] = [:]
    if folded.count > Self.scanLimit {
      for (index, (name, _)) in folded.enumerated() {
        positions[Self.hash(name[...]), default: []].append(index)
      }
    }
    positionsByHash = positions
  }

  /// A name's byte as names are compared.
  @inline(__always)
  private static func fold(_ byte: UInt8) -> UInt8 {
    if byte &- 0x41 < 26 { return byte | 0x20 }
    return byte == .space || byte == UInt8(ascii: "_") ? UInt8(ascii: "-") : byte
  }

  /// `bytes[start..<start + length]` (at most 16 bytes), folded as
  /// ``fold(_:)`` folds each byte, as two words.
  @inline(__always)
  private static func words(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int)
    -> FoldedWords
  {
    let split = start &+ Swift.min(length, 8)
    let low = HashKey.word(UnsafeBufferPointer(rebasing: bytes[start..<split]))
    let high = HashKey.word(UnsafeBufferPointer(rebasing: bytes[split..<start &+ length]))
    return FoldedWords(low: fold(word: low), high: fold(word: high))
  }

  /// ``fold(_:)`` on each byte of a word at once: `A`–`Z` gain 0x20, a
  /// space or `_` becomes `-`, and every other byte (0 among them) stays.
  @inline(__always)
  private static func fold(word x: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let tops: UInt64 = 0x8080_8080_8080_8080
    // Each byte's low seven bits plus a constant sets its top bit exactly
    // when they are at least `A` (or past `Z`), with no carry into the next byte.
    let low7 = x & ~tops
    let fromA = low7 &+ (0x80 - 0x41) &* ones
    let pastZ = low7 &+ (0x80 - 0x5B) &* ones
    let capitals = fromA & ~pastZ & ~x & tops
    var folded = x | capitals &>> 2
    let dashes = zeroBytes(folded ^ 0x20 &* ones) | zeroBytes(folded ^ 0x5F &* ones)
    let whole = (dashes &>> 7) &* 0xFF
    folded = folded & ~whole | 0x2D &* ones & whole
    return folded
  }

  /// The top bit of each byte of `x` that is zero, and no other bit.
  @inline(__always)
  private static func zeroBytes(_ x: UInt64) -> UInt64 {
    let sevens: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~((x & sevens &+ sevens) | x | sevens)
  }

  /// FNV-1a of the folded bytes.
  private static func hash<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(fold(byte))) &* 0x100_0000_01b3 }
    return hash
  }

  /// Whether the folded `bytes[start..<end]` are `name`.
  @inline(__always)
  private static func equal(
    _ name: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int
  ) -> Bool {
    guard name.count == end - start else { return false }
    var i = 0
    while i < name.count {
      // Folded only where it differs: most files write names as they are spelled.
      let byte = bytes[start &+ i]
      if byte != name[i], fold(byte) != name[i] { return false }
      i &+= 1
    }
    return true
  }

  /// The value whose name is `bytes[range]`.
  /// - Complexity: O(length of the field × names of that length) for a
  ///   table of up to 256 names; O(length of the field) on average for a longer one.
  func match(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Value? {
    var start = range.lowerBound
    var end = range.upperBound
    while start < end, bytes[start] == .space || bytes[start] == .tab { start += 1 }
    while end > start, bytes[end - 1] == .space || bytes[end - 1] == .tab { end -= 1 }
    if positionsByHash.isEmpty {
      let length = end - start
      guard length + 1 < lengthStart.count else { return nil }
      if length <= 16 {
        let field = Self.words(bytes, start, length)
        for position in lengthStart[length]..<lengthStart[length + 1] {
          let index = byLength[position]
          if shortNames[index] == field { return names[index].1 }
        }
        return nil
      }
      for position in lengthStart[length]..<lengthStart[length + 1] {
        let index = byLength[position]
        if Self.equal(names[index].0, bytes, start, end) { return names[index].1 }
      }
      return nil
    }
    let field = UnsafeBufferPointer(rebasing: bytes[start..<end])
    for index in positionsByHash[Self.hash(field)] ?? []
    where Self.equal(names[index].0, bytes, start, end) {
      return names[index].1
    }
    return nil
  }

  /// The value named by a field of the careful reader's.
  func match(_ bytes: [UInt8], _ field: CSVField) -> Value? {
    guard !field.hasEscapedQuotes else { return nil }
    return bytes.withUnsafeBufferPointer { match($0, field.start..<field.end) }
  }
}

extension FieldNames<AssetKind> {
  /// The built-in kinds, by every spelling a file may use.
  static let kinds = FieldNames(AssetKind.builtInSpellings.map { ($0.name, $0.kind) })
}

extension FieldNames<RelationType> {
  static let relationTypes = FieldNames(RelationType.allCases.map { ($0.rawValue, $0) })
}

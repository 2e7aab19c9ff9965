import CIBGraphTestSupport

/// Makes hostile inputs from good ones: what an adversary writing takedown
/// data, or a broken export, would put in a file.
public enum HostileMutator {
  /// Byte sequences that have broken readers, or could: counts past every
  /// integer type, quoting and separators (bare and with a combining mark on
  /// them), line ends, Unicode that hides or reverses text, ids equal up to
  /// normalisation, invalid UTF-8, JSON
  /// structure.
  public static let tokens: [[UInt8]] =
    [
      "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1000000000000000",
      "1000000000000001", "18446744073709551616", "1e308", "-1", "0", "1.5", "0x10", "NaN",
      "\"", "\"\"", ",", ",,,,", "\n", "\r", "\r\n", "\n\n", "\t", " ", "\\", "\\\"", "\\u0000",
      "\\ud800", "{", "}", "[", "]", ":", "null", "true", "\"x\":", "[[[[[[[[", "]]]]]]]]",
      "\u{202E}", "\u{2066}", "\u{200B}", "\u{FEFF}", "\u{1B}[2J", "caf\u{E9}", "cafe\u{301}",
      // A quote or markup character with a combining mark on it is one Character
      // that is not equal to the quote: escaping by Character lets it through.
      "\"\u{301}", "\\\u{301}", "<\u{301}", "&\u{301}",
      "=HYPERLINK(\"x\")", "+cmd", "@SUM(1)", "&amp;", "&#60;", "<b>", "\\N", "\\l", "😀",
      "2019-05-01T12:34:56Z", "2019-02-29 00:00", "1556713440", "1556713440000",
      "999999999999999", "-999999999999999", "9999-12-31T23:59:60.999-23:59",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x00], [0xEF, 0xBB]]

  /// `input` changed by one to four mutations, some of which take a second
  /// input (`other`) to splice in, and cut to `limit` bytes.
  /// - Complexity: O(`limit`) per mutation.
  public static func mutate(
    _ input: [UInt8], other: [UInt8], limit: Int, using random: inout SeededGenerator
  ) -> [UInt8] {
    var bytes = input
    for _ in 0..<random.int(in: 1...4) {
      mutateOnce(&bytes, other: other, using: &random)
      // Cut at once: a line repeated, then repeated again, would need gigabytes.
      if bytes.count > limit { bytes.removeLast(bytes.count - limit) }
    }
    return bytes
  }

  static func mutateOnce(
    _ bytes: inout [UInt8], other: [UInt8], using random: inout SeededGenerator
  ) {
    func position() -> Int { random.int(in: 0...bytes.count) }
    func range() -> Range<Int> {
      let start = position()
      return start..<min(bytes.count, start + random.int(in: 0...64))
    }
    switch random.int(in: 0..<15) {
    case 0:  // flip a bit
      guard !bytes.isEmpty else { fallthrough }
      bytes[random.int(in: 0..<bytes.count)] ^=
        1 << UInt8(random.int(in: 0..<8))
    case 1:  // a hostile token
      bytes.insert(contentsOf: random.element(of: tokens)!, at: position())
    case 2:  // a hostile token in place of some bytes
      bytes.replaceSubrange(range(), with: random.element(of: tokens)!)
    case 3:  // a number made huge: where counts and times are
      guard let digits = digitRun(in: bytes, using: &random) else { fallthrough }
      bytes.replaceSubrange(
        digits,
        with: Array(
          random.element(
            of: ["9223372036854775807", "1000000000000001", "99999999999999999999", "-1"])!.utf8))
    case 4:  // deep nesting
      let depth = random.int(in: 1...3000)
      let (open, close): (UInt8, UInt8) =
        random.bool() ? (0x5B, 0x5D) : (0x7B, 0x7D)
      let at = position()
      bytes.insert(contentsOf: [UInt8](repeating: open, count: depth), at: at)
      if random.bool() {
        bytes.insert(contentsOf: [UInt8](repeating: close, count: depth), at: at + depth)
      }
    case 5:  // a long run of one byte
      let byte = random.element(of: [0x22, 0x2C, 0x0A, 0x0D, 0x61, 0x30, 0x20, 0x5C])!
      bytes.insert(
        contentsOf: [UInt8](
          repeating: UInt8(byte), count: random.int(in: 1...4000)),
        at: position())
    case 6:  // a line repeated
      let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
      guard let line = random.element(of: lines) else { fallthrough }
      let copies = min(random.int(in: 1...200), (1 << 16) / (line.count + 1) + 1)
      let repeated = Array(
        repeatElement(Array(line) + [0x0A], count: copies).joined())
      bytes.insert(contentsOf: repeated, at: lineStart(in: bytes, near: position()))
    case 7:  // truncated
      bytes.removeSubrange(position()...)
    case 8:  // bytes removed
      bytes.removeSubrange(range())
    case 9:  // spliced with another input
      let start = random.int(in: 0...other.count)
      let piece = other[start..<min(other.count, start + random.int(in: 0...512))]
      bytes.insert(contentsOf: piece, at: position())
    case 10:  // joined onto one line, as `jq -c` writes JSON
      bytes.removeAll { $0 == 0x0A || $0 == 0x0D }
    case 11:  // a field added, or a comma in a field
      bytes.insert(contentsOf: Array(",x".utf8), at: lineEnd(in: bytes, near: position()))
    case 12:  // line ends changed
      let (from, to): ([UInt8], [UInt8]) =
        random.bool() ? ([0x0A], [0x0D, 0x0A]) : ([0x0A], [0x0D])
      bytes = replacing(from, with: to, in: bytes)
    case 13:  // hostile text inside a quoted string, escaped as JSON or as CSV writes it
      let quotes = bytes.indices.filter { bytes[$0] == 0x22 }
      guard let quote = random.element(of: quotes) else { fallthrough }
      let token = random.element(of: tokens)!
      let escaped =
        random.bool()
        ? Array(String(decoding: token, as: UTF8.self).unicodeScalars.flatMap(jsonEscaped))
        : token.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] }
      bytes.insert(contentsOf: escaped, at: quote + 1)
    default:  // bytes duplicated in place
      let piece = bytes[range()]
      bytes.insert(contentsOf: piece, at: position())
    }
  }

  /// A scalar as it is written inside a JSON string.
  static func jsonEscaped(_ scalar: Unicode.Scalar) -> [UInt8] {
    switch scalar {
    case "\"": Array("\\\"".utf8)
    case "\\": Array("\\\\".utf8)
    case "\n": Array("\\n".utf8)
    case _ where scalar.value < 0x20:
      Array("\\u00".utf8) + Array(String(scalar.value, radix: 16).leftPadded(to: 2).utf8)
    default: Array(String(scalar).utf8)
    }
  }

  /// A run of digits, chosen at random among the input's.
  static func digitRun(in bytes: [UInt8], using random: inout SeededGenerator) -> Range<Int>? {
    var runs: [Range<Int>] = []
    var i = 0
    while i < bytes.count {
      guard bytes[i] &- 0x30 < 10 else {
        i += 1
        continue
      }
      let start = i
      while i < bytes.count, bytes[i] &- 0x30 < 10 { i += 1 }
      runs.append(start..<i)
    }
    return random.element(of: runs)
  }

  static func lineStart(in bytes: [UInt8], near position: Int) -> Int {
    var i = min(position, bytes.count)
    while i > 0, bytes[i - 1] != 0x0A { i -= 1 }
    return i
  }

  static func lineEnd(in bytes: [UInt8], near position: Int) -> Int {
    var i = min(position, bytes.count)
    while i < bytes.count, bytes[i] != 0x0A, bytes[i] != 0x0D { i += 1 }
    return i
  }

  static func replacing(_ needle: [UInt8], with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8]
  {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      if bytes[i...].starts(with: needle) {
        out += replacement
        i += needle.count
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return out
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}

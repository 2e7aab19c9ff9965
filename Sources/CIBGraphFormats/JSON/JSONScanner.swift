import CIBGraphCore
import CIBGraphSupport

/// A strict RFC 8259 syntax scanner that knows where it is: it finds the
/// first syntax error of a JSON text with its line and column, and builds
/// the text's ``JSONTree`` in the same pass, or finds where every value
/// starts (see ``JSONValuePositions``).
///
/// Foundation's decoder reports neither line nor column; this scanner is what
/// lets every message about a JSON document point into the file. It also
/// refuses duplicate keys (which decoders resolve silently), comparing keys
/// as the decoder does (escapes decoded, canonically equivalent strings
/// equal), and nesting deeper than ``maxDepth``.
///
/// The line and column are kept as the scan goes, never recounted from the
/// start of the line, so a document on one line (as `jq -c` writes them)
/// costs what a pretty-printed one does.
/// - Complexity: O(n) in the bytes, O(depth) stack.
struct JSONScanner {
  static let maxDepth = 256
  /// Values a document may hold when its tree is built. Each takes 24 bytes in
  /// the tree, so a text of bare zeros (`[0,0,…]`, 2 bytes a value) would
  /// need twelve times its size in memory; itemized data this large belongs
  /// in spreadsheets, which are read without a tree.
  static let maxValues = 100_000_000

  /// A syntax error at a place in the text.
  struct SyntaxError: Error {
    var line: Int
    var column: Int
    var message: String
  }

  private let bytes: UnsafeBufferPointer<UInt8>
  private var position = 0
  private var line = 1
  private var lineStart = 0
  /// UTF-8 continuation bytes between `lineStart` and `position`: they are
  /// in the byte count but not in the column, which counts Unicode scalars.
  private var continuationBytes = 0
  /// Where each value starts, when asked for.
  private var positions: JSONValuePositions?
  /// The values of the text, when asked for (see ``JSONTree``).
  private var tree: [JSONTree.Node]?
  /// The keys of the objects being scanned, innermost last, to find a key
  /// given twice without a set of strings for every object.
  private var keys: [ScannedString] = []
  /// The most values the tree takes.
  private var valueLimit = Self.maxValues

  private init(bytes: UnsafeBufferPointer<UInt8>, recording: Bool, tree: Bool = false) {
    self.bytes = bytes
    positions = recording ? JSONValuePositions() : nil
    if tree {
      // A value takes a few bytes in ordinary documents.
      self.tree = []
      self.tree!.reserveCapacity(min(bytes.count / 8, 1 << 20))
    }
  }

  /// Checks `text`; throws the first syntax error.
  static func check(_ text: UnsafeBufferPointer<UInt8>) throws(SyntaxError) {
    var scanner = JSONScanner(bytes: text, recording: false)
    try scanner.document()
  }

  /// Checks `text` as ``check(_:)`` does, and returns its values.
  static func tree(of text: UnsafeBufferPointer<UInt8>, valueLimit: Int = maxValues)
    throws(SyntaxError) -> JSONTree
  {
    var scanner = JSONScanner(bytes: text, recording: false, tree: true)
    scanner.valueLimit = valueLimit
    try scanner.document()
    return JSONTree(text: text, nodes: scanner.tree!)
  }

  /// Where every value of `text` starts. When the text is not valid JSON,
  /// the values before its first error.
  static func positions(in text: UnsafeBufferPointer<UInt8>) -> JSONValuePositions {
    var scanner = JSONScanner(bytes: text, recording: true)
    try? scanner.document()
    return scanner.positions!
  }

  /// The line and column of the value at `path` (or of the deepest value on
  /// the way there that exists), or `nil` when the text has no value at all.
  static func position(of path: ModelPath, in text: UnsafeBufferPointer<UInt8>) -> (
    line: Int, column: Int
  )? {
    positions(in: text).position(of: path)
  }

  private var here: (line: Int, column: Int) {
    (line, min(position, bytes.count) - lineStart - continuationBytes + 1)
  }

  private func fail(_ message: String) -> SyntaxError {
    let (line, column) = here
    return SyntaxError(line: line, column: column, message: message)
  }

  private mutating func document() throws(SyntaxError) {
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      position = 3
      continuationBytes = 2  // the mark is one scalar, as columns count
    }
    skipWhitespace()
    guard position < bytes.count else { throw fail("empty document; expected a JSON object") }
    try value(depth: 0, parent: nil, step: nil)
    skipWhitespace()
    guard position == bytes.count else {
      throw fail("unexpected \(describeByte()) after the end of the JSON document")
    }
  }

  /// Adds a string or a number to the tree.
  private mutating func add(_ kind: JSONTree.Kind, _ range: Range<Int>) {
    tree?.append(JSONTree.Node(kind: kind, first: range.lowerBound, second: range.upperBound))
  }

  /// Adds a container to the tree, to be closed by ``close(_:count:)`` once
  /// its values are added; returns its index.
  private mutating func open(_ kind: JSONTree.Kind) -> Int? {
    tree?.append(JSONTree.Node(kind: kind, first: 0, second: 0))
    return tree.map { $0.count - 1 }
  }

  /// Records the end of the container at `index`, which holds `count` values.
  private mutating func close(_ index: Int, count: Int) {
    tree![index].first = count
    tree![index].second = tree!.count
  }

  private mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): position += 1
      case UInt8(ascii: "\n"):
        position += 1
        line += 1
        lineStart = position
        continuationBytes = 0
      default: return
      }
    }
  }

  private func describeByte() -> String {
    guard position < bytes.count else { return "end of file" }
    let byte = bytes[position]
    if byte >= 0x21 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
    return "byte 0x" + String(byte, radix: 16, uppercase: true)
  }

  /// Scans one value; `parent` and `step` say where it is (both `nil` for
  /// the document itself, and when positions are not recorded).
  private mutating func value(
    depth: Int, parent: JSONValuePositions.Node?, step: ModelPath.Component?
  ) throws(SyntaxError) {
    guard depth < Self.maxDepth else {
      throw fail("JSON nested deeper than \(Self.maxDepth) levels")
    }
    if (tree?.count ?? 0) >= valueLimit {
      throw fail(
        "the document holds more than \(groupedDigits(valueLimit)) values; give itemized data this large as spreadsheets (--nodes, --edges)"
      )
    }
    let start = here
    let node = positions?.add(step, under: parent, at: start)
    guard position < bytes.count else { throw fail("unexpected end of file; expected a value") }
    switch bytes[position] {
    case UInt8(ascii: "{"): try object(depth: depth, node: node)
    case UInt8(ascii: "["): try array(depth: depth, node: node)
    case UInt8(ascii: "\""):
      let string = try string()
      add(string.isASCII ? .asciiString : .string, string.content)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      let start = position
      try number()
      add(.number, start..<position)
    case UInt8(ascii: "t"):
      try literal("true")
      add(.true, position..<position)
    case UInt8(ascii: "f"):
      try literal("false")
      add(.false, position..<position)
    case UInt8(ascii: "n"):
      try literal("null")
      add(.null, position..<position)
    default: throw fail("unexpected \(describeByte()); expected a value")
    }
  }

  private mutating func object(depth: Int, node: JSONValuePositions.Node?) throws(SyntaxError) {
    position += 1
    let treeNode = open(.object)
    let firstKey = keys.count
    // The keys of a large object, once comparing each with every other
    // would cost more than hashing.
    var seen: Set<String>? = nil
    defer { keys.removeSubrange(firstKey...) }
    skipWhitespace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
      position += 1
      if let treeNode { close(treeNode, count: 0) }
      return
    }
    while true {
      skipWhitespace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
        throw fail("unexpected \(describeByte()); expected a key in double quotes")
      }
      let keyStart = here
      let scanned = try string()
      if let duplicate = isDuplicate(scanned, after: firstKey, seen: &seen) {
        throw SyntaxError(
          line: keyStart.line, column: keyStart.column,
          message:
            "duplicate key \"\(duplicate.count > 80 ? duplicate.prefix(80) + "…" : duplicate)\"")
      }
      add(scanned.isASCII ? .asciiString : .string, scanned.content)
      skipWhitespace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
        throw fail("unexpected \(describeByte()); expected ':' after a key")
      }
      position += 1
      skipWhitespace()
      try value(
        depth: depth + 1, parent: node, step: node.map { _ in .key(decodedString(scanned)) })
      skipWhitespace()
      guard position < bytes.count else {
        throw fail("unexpected end of file; expected ',' or '}'")
      }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
        continue
      }
      if bytes[position] == UInt8(ascii: "}") {
        position += 1
        if let treeNode { close(treeNode, count: keys.count - firstKey) }
        return
      }
      throw fail("unexpected \(describeByte()); expected ',' or '}'")
    }
  }

  /// The text of `key` when the object whose keys start at `firstKey` has
  /// it already (compared as the decoder compares keys, escapes decoded,
  /// canonically equivalent strings equal), else `nil`; adds it.
  private mutating func isDuplicate(
    _ key: ScannedString, after firstKey: Int, seen: inout Set<String>?
  ) -> String? {
    defer { keys.append(key) }
    if seen == nil, keys.count - firstKey >= 32 {
      seen = Set(keys[firstKey...].map(decodedString))
    }
    if seen != nil {
      let text = decodedString(key)
      return seen!.insert(text).inserted ? nil : text
    }
    var text: String? = nil
    for other in keys[firstKey...] {
      if key.isASCII && other.isASCII {
        if bytes[key.content].elementsEqual(bytes[other.content]) { return decodedString(key) }
        continue
      }
      if text == nil { text = decodedString(key) }
      if text == decodedString(other) { return text }
    }
    return nil
  }

  private mutating func array(depth: Int, node: JSONValuePositions.Node?) throws(SyntaxError) {
    position += 1
    let treeNode = open(.array)
    skipWhitespace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
      position += 1
      if let treeNode { close(treeNode, count: 0) }
      return
    }
    var index = 0
    while true {
      skipWhitespace()
      try value(depth: depth + 1, parent: node, step: node.map { _ in .index(index) })
      index += 1
      skipWhitespace()
      guard position < bytes.count else {
        throw fail("unexpected end of file; expected ',' or ']'")
      }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
        continue
      }
      if bytes[position] == UInt8(ascii: "]") {
        position += 1
        if let treeNode { close(treeNode, count: index) }
        return
      }
      throw fail("unexpected \(describeByte()); expected ',' or ']'")
    }
  }

  /// A string as scanned: its bytes between the quotes, as written.
  private struct ScannedString {
    var content: Range<Int>
    var hasEscapes: Bool
    /// Written in ASCII without escapes: its bytes are its text.
    var isASCII: Bool
  }

  /// Scans a string starting at its opening quote.
  private mutating func string() throws(SyntaxError) -> ScannedString {
    let start = here
    position += 1
    let contentStart = position
    var hasEscapes = false
    var hasOtherThanASCII = false
    while position < bytes.count {
      let byte = bytes[position]
      switch byte {
      case UInt8(ascii: "\""):
        position += 1
        return ScannedString(
          content: contentStart..<position - 1, hasEscapes: hasEscapes,
          isASCII: !hasEscapes && !hasOtherThanASCII)
      case UInt8(ascii: "\\"):
        hasEscapes = true
        position += 1
        guard position < bytes.count else { break }
        switch bytes[position] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
          UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
          position += 1
        case UInt8(ascii: "u"):
          position += 1
          for _ in 0..<4 {
            guard position < bytes.count, bytes[position].isHexDigit else {
              throw fail("invalid \\u escape in a string; expected four hexadecimal digits")
            }
            position += 1
          }
        default: throw fail("invalid escape '\\\(describeByte())' in a string")
        }
      case 0..<0x20:
        throw fail(
          byte == UInt8(ascii: "\n")
            ? "string not closed before the end of the line (started at line \(start.line), column \(start.column))"
            : "control character \(describeByte()) in a string; escape it")
      case 0x80...:
        guard let length = utf8SequenceLength(bytes, at: position, end: bytes.count) else {
          throw fail("invalid UTF-8 in a string")
        }
        position += length
        continuationBytes += length - 1
        hasOtherThanASCII = true
      default:
        position += 1
      }
    }
    throw SyntaxError(
      line: start.line, column: start.column,
      message: "string not closed before the end of the file")
  }

  /// The text of a scanned string, escapes decoded as a JSON decoder does
  /// (a lone surrogate becomes U+FFFD).
  private func decodedString(_ string: ScannedString) -> String {
    let content = UnsafeBufferPointer(rebasing: bytes[string.content])
    guard string.hasEscapes else { return String(decoding: content, as: UTF8.self) }
    return JSONEscapes.decode(content, loneSurrogate: "\u{FFFD}")!
  }

  private mutating func number() throws(SyntaxError) {
    let start = position
    var hasExponent = false
    if bytes[position] == UInt8(ascii: "-") { position += 1 }
    guard position < bytes.count, bytes[position].isDigit else {
      throw fail("invalid number: expected a digit")
    }
    if bytes[position] == UInt8(ascii: "0") {
      position += 1
    } else {
      while position < bytes.count, bytes[position].isDigit { position += 1 }
    }
    if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
      position += 1
      guard position < bytes.count, bytes[position].isDigit else {
        throw fail("invalid number: expected a digit after '.'")
      }
      while position < bytes.count, bytes[position].isDigit { position += 1 }
    }
    if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
      position += 1
      if position < bytes.count,
        bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")
      {
        position += 1
      }
      guard position < bytes.count, bytes[position].isDigit else {
        throw fail("invalid number: expected a digit in the exponent")
      }
      while position < bytes.count, bytes[position].isDigit { position += 1 }
      hasExponent = true
    }
    // Foundation's decoder refuses a number beyond a Double's range (1e400)
    // as invalid JSON without saying where: say where here. Only an exponent
    // or more than 308 digits can get there, so ordinary numbers are not parsed.
    if hasExponent || position - start > 308 {
      let text = String(
        decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
      if !(Double(text)?.isFinite ?? false) {
        let shown = text.count > 40 ? text.prefix(40) + "…" : text
        position = start
        throw fail("number out of range: \(shown) is beyond what a JSON number can hold here")
      }
    }
  }

  private mutating func literal(_ word: StaticString) throws(SyntaxError) {
    let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    for byte in expected {
      guard position < bytes.count, bytes[position] == byte else {
        throw fail("unexpected \(describeByte()); expected '\(word)'")
      }
      position += 1
    }
  }
}

extension UInt8 {
  fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
  fileprivate var isHexDigit: Bool {
    isDigit || (self | 0x20 >= UInt8(ascii: "a") && self | 0x20 <= UInt8(ascii: "f"))
  }
}

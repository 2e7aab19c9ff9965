/// A JSON text as the flat tree of its values, which ``JSONScanner`` builds in
/// the pass that checks the text, and ``JSONTreeDecoder`` reads.
///
/// The values are stored in the order they are written, each as one node: a
/// container's members follow it, and it records where they end, so the
/// values of a container are found by stepping over their subtrees. An
/// object's members are a key (a string node) followed by its value. Strings
/// and numbers keep the range of their bytes in the text, and are converted
/// only when a decoder asks for them.
///
/// The tree reads the text it was built from, which must outlive it.
/// - Complexity: O(n) nodes for a text of n values, three words each.
final class JSONTree {
  /// What a node is.
  enum Kind: UInt8 {
    case object, array, number, `true`, `false`, null
    /// A string of ASCII characters, written without escapes: its bytes are
    /// its text, and it equals another ASCII string only byte for byte.
    case asciiString
    /// A string with escapes or other characters than ASCII.
    case string
  }

  /// One value. For a container, `first` is its number of values (members
  /// for an object) and `second` the index of the node after its subtree;
  /// for a string, the range of its bytes between the quotes; for a number,
  /// the range of its text.
  struct Node {
    var kind: Kind
    var first: Int
    var second: Int
  }

  let text: UnsafeBufferPointer<UInt8>
  // A constant, so that reading it needs no exclusivity check.
  let nodes: [Node]

  /// The tree of `text` whose values are `nodes`, the document first.
  init(text: UnsafeBufferPointer<UInt8>, nodes: [Node]) {
    self.text = text
    self.nodes = nodes
  }

  func kind(_ node: Int) -> Kind { nodes[node].kind }

  /// The number of values of a container.
  func count(_ node: Int) -> Int { nodes[node].first }

  /// The node after `node` and everything in it.
  func next(_ node: Int) -> Int {
    switch nodes[node].kind {
    case .object, .array: nodes[node].second
    default: node + 1
    }
  }

  /// The bytes of a string (between its quotes) or a number.
  func bytes(_ node: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: text[nodes[node].first..<nodes[node].second])
  }

  /// The text of a string node, its escapes decoded; `nil` when it holds a
  /// lone surrogate escape (which no Swift string can hold) and
  /// `loneSurrogate` is `nil`, else that in its place.
  func string(_ node: Int, loneSurrogate: Unicode.Scalar? = nil) -> String? {
    let content = bytes(node)
    guard nodes[node].kind == .string else { return String(decoding: content, as: UTF8.self) }
    return JSONEscapes.decode(content, loneSurrogate: loneSurrogate)
  }

  /// Whether the string at `node` is `key` (its UTF-8): equal as Swift
  /// compares strings (canonically equivalent), byte for byte when both are
  /// ASCII.
  func string(_ node: Int, equals key: UnsafeBufferPointer<UInt8>, keyIsASCII: Bool) -> Bool {
    let found = nodes[node]
    if found.kind == .asciiString {
      var same = found.second - found.first == key.count
      var offset = 0
      while same && offset < key.count {
        same = text[found.first + offset] == key[offset]
        offset += 1
      }
      if same || keyIsASCII { return same }
    }
    return string(node) == String(decoding: key, as: UTF8.self)
  }

  /// The path of coding keys from the document to `target`, as a decoder's
  /// `codingPath` says it: the keys of objects, the indices of arrays.
  /// - Complexity: O(n) in the nodes before `target`: for errors only.
  func codingPath(to target: Int) -> [any CodingKey] {
    var path: [any CodingKey] = []
    var node = 0
    while node != target {
      let isObject = nodes[node].kind == .object
      var child = node + 1
      var index = 0
      // The member whose subtree holds the target.
      while true {
        let value = isObject ? child + 1 : child
        let end = next(value)
        if target < end {
          if isObject {
            path.append(DocumentKey(stringValue: string(child, loneSurrogate: "\u{FFFD}")!))
          } else {
            path.append(DocumentKey(index: index))
          }
          node = value
          break
        }
        child = end
        index += 1
      }
    }
    return path
  }
}

/// Decoding of the escapes of JSON strings, for the scanner and the decoder.
enum JSONEscapes {
  /// The text of a string's content (the bytes between its quotes, valid
  /// UTF-8 with valid escapes), its escapes decoded. A `\u` escape of a
  /// surrogate that is not half of a pair becomes `loneSurrogate`, or makes
  /// the result `nil` when that is `nil`.
  static func decode(_ content: UnsafeBufferPointer<UInt8>, loneSurrogate: Unicode.Scalar?)
    -> String?
  {
    var scalars = String.UnicodeScalarView()
    var utf8 = [UInt8]()
    var i = 0
    func flush() {
      scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
      utf8.removeAll(keepingCapacity: true)
    }
    func hex(at offset: Int) -> UInt32 {
      var value: UInt32 = 0
      for byte in content[offset..<offset + 4] {
        value = value << 4 | UInt32(byte <= UInt8(ascii: "9") ? byte &- 48 : (byte | 0x20) &- 87)
      }
      return value
    }
    while i < content.count {
      guard content[i] == UInt8(ascii: "\\") else {
        utf8.append(content[i])
        i += 1
        continue
      }
      let escape = content[i + 1]
      i += 2
      guard escape == UInt8(ascii: "u") else {
        let decoded: UInt8 =
          switch escape {
          case UInt8(ascii: "b"): 0x08
          case UInt8(ascii: "f"): 0x0C
          case UInt8(ascii: "n"): 0x0A
          case UInt8(ascii: "r"): 0x0D
          case UInt8(ascii: "t"): 0x09
          default: escape  // the quote, the backslash and the slash stand for themselves
          }
        utf8.append(decoded)
        continue
      }
      var code = hex(at: i)
      i += 4
      if (0xD800..<0xDC00).contains(code), i + 6 <= content.count,
        content[i] == UInt8(ascii: "\\"), content[i + 1] == UInt8(ascii: "u")
      {
        let low = hex(at: i + 2)
        if (0xDC00..<0xE000).contains(low) {
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          i += 6
        }
      }
      flush()
      guard let scalar = Unicode.Scalar(code) ?? loneSurrogate else { return nil }
      scalars.append(scalar)
    }
    flush()
    return String(scalars)
  }
}

import CIBGraphCore
import CIBGraphSupport

/// Reads an XML 1.0 document held in memory as a stream of start tags, end
/// tags and text, checking that it is well-formed: the GraphML and GEXF
/// readers' way through a file.
///
/// Written here rather than taken from FoundationXML's `XMLParser` (libxml2),
/// because measured on this toolchain with Debian 12's libxml2 2.9.14 that
/// parser (a) failed on a valid 23 MB GraphML file NetworkX wrote, with
/// error 1 and no message, when given the bytes (`XMLParser(data:)`); (b)
/// spent 4.8 s on a 400 KB file that references one 100 KB entity 100,000
/// times (entity expansion is a denial of service however it is bounded);
/// (c) accepted elements nested 100,000 deep; and (d) reports errors as
/// bare libxml2 codes. GraphML and GEXF need little of XML: this reader
/// takes what they use and refuses, with a line, a column and a reason,
/// what they never need and an adversary could use:
///
/// - a document type declaration (`<!DOCTYPE …>`), and with it every
///   entity but the five XML predefines (`&lt;` `&gt;` `&amp;` `&quot;`
///   `&apos;`) and character references (`&#233;`, `&#xE9;`): nothing
///   expands, and nothing outside the file is read;
/// - an encoding other than UTF-8 (declared, or as a UTF-16 byte-order mark);
/// - elements nested deeper than ``depthLimit``.
///
/// Everything it reads is checked as XML 1.0 requires of a well-formed
/// document: valid UTF-8 and only characters XML allows, names, one root
/// element, tags that close in order, attributes given once with quoted
/// values free of `<`, references that name something, comments without
/// `--`, no `]]>` in text. Namespaces are not resolved: a name is compared
/// as written, prefix and all, so the readers see `viz:color` and skip it.
/// Line ends are read as XML says (CRLF and CR as LF), and attribute values
/// have their tabs and line ends read as spaces.
///
/// Memory: the document's bytes, which the caller holds, and a few words
/// per open element. Time: linear in the bytes.
struct XMLScanner {
  /// Elements nested deeper than this are refused: GraphML, GEXF and the
  /// tools that write them (yEd's nested graphics included) use fewer than
  /// twenty levels, and a reader of deeper nesting holds a frame per level.
  static let depthLimit = 256

  let bytes: [UInt8]
  let file: String
  /// The next byte to read.
  private(set) var position = 0
  /// Open elements: where each one's name is, and where its tag starts.
  private var open: [(name: Range<Int>, start: Int)] = []
  private var rootSeen = false

  /// The attributes of the last start tag, in order.
  private(set) var attributes: [Attribute] = []
  /// The names of a tag's attributes once it has many (``requireNew(_:)``).
  private var manyNames = Set<ArraySlice<UInt8>>()

  /// An attribute of a start tag: where its name and its value (between
  /// the quotes) are.
  struct Attribute {
    var name: Range<Int>
    var value: Range<Int>
    /// Whether the value holds a reference, a tab or a line end, and so
    /// must be decoded rather than copied.
    var needsDecoding: Bool
  }

  /// What the document holds next.
  enum Event {
    /// A start tag, whose attributes are ``attributes``; `empty` for `<a/>`.
    case start(name: Range<Int>, at: Int, empty: Bool)
    /// An end tag, or the end of an empty element.
    case end(name: Range<Int>)
    /// Character data inside the root element; `cdata` for a CDATA section,
    /// whose bytes are its text as they are.
    case text(Range<Int>, cdata: Bool)
    /// The end of the document.
    case endOfDocument
  }

  /// An empty element's start, whose end is reported next.
  private var pendingEnd: Range<Int>?

  /// Checks the encoding and the characters of the whole document and
  /// reads its prolog up to the root element.
  /// - Throws: ``InputError`` (`.badData`), located, for bytes that are not
  ///   UTF-8 or hold a character XML forbids, another encoding, a document
  ///   type declaration, or a broken prolog.
  /// - Complexity: O(bytes).
  init(bytes: [UInt8], file: String) throws(InputError) {
    self.bytes = bytes
    self.file = file
    if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
      throw error(at: 0, "the file is UTF-16; GraphML and GEXF are read as UTF-8: save it as UTF-8")
    }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    try checkCharacters()
    try readDeclaration()
  }

  // MARK: Events

  /// The next event.
  /// - Throws: ``InputError`` for anything that is not well-formed, located
  ///   at the byte where it stops being so.
  /// - Complexity: O(bytes of the event).
  mutating func next() throws(InputError) -> Event {
    if let name = pendingEnd {
      pendingEnd = nil
      return .end(name: name)
    }
    while true {
      guard position < bytes.count else {
        if let innermost = open.last {
          throw error(
            at: bytes.count,
            "the file ends inside <\(text(innermost.name))>, opened at \(location(of: innermost.start).lineAndColumn)"
          )
        }
        guard rootSeen else { throw error(at: bytes.count, "the file has no root element") }
        return .endOfDocument
      }
      if bytes[position] != .lessThan {
        let start = position
        try skipCharacterData()
        if open.isEmpty {
          guard isWhitespace(start..<position) else {
            throw error(at: start, "text outside the root element")
          }
          continue
        }
        return .text(start..<position, cdata: false)
      }
      let start = position
      if starts(with: "</") { return try endTag() }
      if starts(with: "<!--") {
        try skipComment()
        continue
      }
      if starts(with: "<![CDATA[") {
        guard !open.isEmpty else {
          throw error(at: start, "a CDATA section outside the root element")
        }
        position += 9
        guard let close = find("]]>") else {
          throw error(at: start, "a CDATA section that is never closed with ]]>")
        }
        position = close + 3
        return .text(start + 9..<close, cdata: true)
      }
      if starts(with: "<!DOCTYPE") { throw doctypeRefusal(at: start) }
      if starts(with: "<?") {
        try skipProcessingInstruction()
        continue
      }
      if starts(with: "<!") { throw error(at: start, "markup declarations (<!…>) are not read") }
      return try startTag()
    }
  }

  /// Skips what the element just started holds, through its end tag,
  /// checking it as ``next()`` does.
  /// - Complexity: O(bytes of the element).
  mutating func skipElement() throws(InputError) {
    var depth = 1
    while depth > 0 {
      switch try next() {
      case .start(_, _, _): depth += 1
      case .end: depth -= 1
      case .text: break
      case .endOfDocument: return  // not reached: the element is open
      }
    }
  }

  // MARK: Values

  /// The text of a name, or of bytes known to need no decoding.
  func text(_ range: Range<Int>) -> String {
    bytes.withUnsafeBufferPointer {
      String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self)
    }
  }

  /// Whether a name's bytes are `name`'s.
  func name(_ range: Range<Int>, is name: StaticString) -> Bool {
    guard range.count == name.utf8CodeUnitCount else { return false }
    let expected = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
    return bytes[range].elementsEqual(expected)
  }

  /// The value of an attribute named `name` in the last start tag.
  func attribute(_ name: StaticString) -> Attribute? {
    attributes.first { self.name($0.name, is: name) }
  }

  /// An attribute's value, references decoded and tabs and line ends read as spaces.
  /// - Complexity: O(length of the value).
  func value(_ attribute: Attribute) -> String {
    guard attribute.needsDecoding else { return text(attribute.value) }
    return decode(attribute.value, inAttribute: true)
  }

  /// Character data's text: references decoded and line ends read as line
  /// feeds; a CDATA section's with line ends read as line feeds.
  /// - Complexity: O(length of the text).
  func characterData(_ range: Range<Int>, cdata: Bool) -> String {
    if !bytes[range].contains(where: { $0 == .ampersand || $0 == .cr }) { return text(range) }
    return decode(range, inAttribute: false, references: !cdata)
  }

  private func decode(_ range: Range<Int>, inAttribute: Bool, references: Bool = true) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(range.count)
    var i = range.lowerBound
    while i < range.upperBound {
      let byte = bytes[i]
      if byte == .ampersand, references,
        let (scalar, end) = reference(at: i, limit: range.upperBound)
      {
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
        i = end
        continue
      }
      if byte == .cr {
        out.append(inAttribute ? .space : .lf)
        i += (i + 1 < range.upperBound && bytes[i + 1] == .lf) ? 2 : 1
        continue
      }
      out.append(inAttribute && (byte == .lf || byte == .tab) ? .space : byte)
      i += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  // MARK: Locations

  /// The line and column (in Unicode scalars) of byte `offset`.
  /// - Complexity: O(offset): for an error, or through ``XMLLocations`` for many.
  func location(of offset: Int) -> SourceLocation {
    var line = 1
    var lineStart = 0
    var i = 0
    while i < offset {
      if bytes[i] == .lf || (bytes[i] == .cr && (i + 1 == bytes.count || bytes[i + 1] != .lf)) {
        line += 1
        lineStart = i + 1
      }
      i += 1
    }
    let column = bytes.withUnsafeBufferPointer {
      scalarColumn($0, lineStart: lineStart, offset: offset)
    }
    return SourceLocation(file: file, line: line, column: column)
  }

  func error(at offset: Int, _ message: String) -> InputError {
    InputError(.badData, location(of: offset), message)
  }

  // MARK: Reading

  private func starts(with prefix: StaticString) -> Bool {
    let count = prefix.utf8CodeUnitCount
    guard position + count <= bytes.count else { return false }
    for k in 0..<count where bytes[position + k] != prefix.utf8Start[k] { return false }
    return true
  }

  /// The offset of the next `marker` from ``position``.
  private func find(_ marker: StaticString) -> Int? {
    let count = marker.utf8CodeUnitCount
    let first = marker.utf8Start[0]
    var i = position
    while i + count <= bytes.count {
      if bytes[i] == first {
        var k = 1
        while k < count, bytes[i + k] == marker.utf8Start[k] { k += 1 }
        if k == count { return i }
      }
      i += 1
    }
    return nil
  }

  private func isWhitespace(_ range: Range<Int>) -> Bool {
    bytes[range].allSatisfy(\.isXMLWhitespace)
  }

  private mutating func skipWhitespace() {
    while position < bytes.count, bytes[position].isXMLWhitespace { position += 1 }
  }

  /// Every byte valid UTF-8 and every character one XML allows (not C0
  /// controls but tab, line feed and carriage return; not U+FFFE or U+FFFF).
  private func checkCharacters() throws(InputError) {
    let bad: (offset: Int, message: String)? = bytes.withUnsafeBufferPointer { buffer in
      var i = position
      while i < buffer.count {
        let byte = buffer[i]
        if byte < 0x80 {
          if byte < 0x20, byte != .tab, byte != .lf, byte != .cr {
            return (i, "the control character U+\(hex(byte)) is not allowed in XML")
          }
          i += 1
          continue
        }
        guard let length = utf8SequenceLength(buffer, at: i, end: buffer.count) else {
          return (i, "invalid UTF-8")
        }
        if length == 3, byte == 0xEF, buffer[i + 1] == 0xBF, buffer[i + 2] >= 0xBE {
          return (
            i, "the character U+FFF\(buffer[i + 2] == 0xBE ? "E" : "F") is not allowed in XML"
          )
        }
        i += length
      }
      return nil
    }
    if let bad { throw error(at: bad.offset, bad.message) }
  }

  /// The XML declaration, if the document starts with one: refuses an
  /// encoding other than UTF-8 (or its subset US-ASCII).
  private mutating func readDeclaration() throws(InputError) {
    guard starts(with: "<?xml"), position + 5 < bytes.count, bytes[position + 5].isXMLWhitespace
    else { return }
    let start = position
    guard let close = find("?>") else {
      throw error(at: start, "the XML declaration is never closed with ?>")
    }
    let declaration = text(position + 5..<close)
    position = close + 2
    guard let range = declaration.range(of: "encoding") else { return }
    let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" }
    guard let quote = rest.first, quote == "\"" || quote == "'" else { return }
    let name = rest.dropFirst().prefix { $0 != quote }
    if !["utf-8", "utf8", "us-ascii", "ascii"].contains(name.lowercased()) {
      throw error(
        at: start,
        "the file declares the encoding \"\(VisibleText.safe(String(name), limit: 40))\"; GraphML and GEXF are read as UTF-8: save it as UTF-8"
      )
    }
  }

  private func doctypeRefusal(at offset: Int) -> InputError {
    error(
      at: offset,
      "a document type declaration (<!DOCTYPE …>) is not read: GraphML and GEXF need none, and the entities it can declare may expand a small file into gigabytes or read other files"
    )
  }

  private mutating func skipComment() throws(InputError) {
    let start = position
    position += 4
    guard let close = find("--") else {
      throw error(at: start, "a comment that is never closed with -->")
    }
    guard close + 2 < bytes.count, bytes[close + 2] == .greaterThan else {
      throw error(
        at: close, "\"--\" inside a comment (a comment ends at the first --> and holds no --)")
    }
    position = close + 3
  }

  private mutating func skipProcessingInstruction() throws(InputError) {
    let start = position
    position += 2
    let target = try readName(what: "a processing instruction's target")
    if text(target).lowercased() == "xml" {
      throw error(at: start, "an XML declaration (<?xml …?>) is allowed only at the very start")
    }
    guard let close = find("?>") else {
      throw error(at: start, "a processing instruction that is never closed with ?>")
    }
    position = close + 2
  }

  /// Character data up to the next `<`, checking references and that `]]>` is not in it.
  private mutating func skipCharacterData() throws(InputError) {
    while position < bytes.count {
      let byte = bytes[position]
      if byte == .lessThan { return }
      if byte == .ampersand {
        guard let (_, end) = reference(at: position, limit: bytes.count) else {
          throw referenceError(at: position)
        }
        position = end
        continue
      }
      if byte == .greaterThan, position >= 2, bytes[position - 1] == .rightBracket,
        bytes[position - 2] == .rightBracket
      {
        throw error(at: position - 2, "\"]]>\" in text (write it as ]]&gt;)")
      }
      position += 1
    }
  }

  private mutating func startTag() throws(InputError) -> Event {
    let start = position
    position += 1
    let name = try readName(what: "an element's name")
    if open.isEmpty {
      if rootSeen { throw error(at: start, "a second root element; a document has one") }
      rootSeen = true
    }
    attributes.removeAll(keepingCapacity: true)
    while true {
      let beforeSpace = position
      skipWhitespace()
      guard position < bytes.count else {
        throw error(at: start, "the tag <\(text(name))> is never closed with >")
      }
      if bytes[position] == .greaterThan {
        position += 1
        try push(name, start: start)
        return .start(name: name, at: start, empty: false)
      }
      if starts(with: "/>") {
        position += 2
        pendingEnd = name
        return .start(name: name, at: start, empty: true)
      }
      guard position > beforeSpace else {
        throw error(at: position, "expected a space, > or /> in the tag <\(text(name))>")
      }
      try readAttribute()
    }
  }

  private mutating func push(_ name: Range<Int>, start: Int) throws(InputError) {
    guard open.count < Self.depthLimit else {
      throw error(
        at: start,
        "elements nest more than \(Self.depthLimit) deep; GraphML and GEXF need far fewer levels")
    }
    open.append((name, start))
  }

  private mutating func readAttribute() throws(InputError) {
    let name = try readName(what: "an attribute's name")
    skipWhitespace()
    guard position < bytes.count, bytes[position] == .equals else {
      throw error(at: position, "expected = after the attribute \(text(name))")
    }
    position += 1
    skipWhitespace()
    guard position < bytes.count, bytes[position] == .quote || bytes[position] == .apostrophe
    else {
      throw error(at: position, "the value of the attribute \(text(name)) is not in quotes")
    }
    let quote = bytes[position]
    let valueStart = position + 1
    position += 1
    var needsDecoding = false
    while true {
      guard position < bytes.count else {
        throw error(at: valueStart - 1, "the value of the attribute \(text(name)) is never closed")
      }
      let byte = bytes[position]
      if byte == quote { break }
      switch byte {
      case .lessThan:
        throw error(
          at: position, "< in the value of the attribute \(text(name)) (write it as &lt;)")
      case .ampersand:
        guard let (_, end) = reference(at: position, limit: bytes.count) else {
          throw referenceError(at: position)
        }
        needsDecoding = true
        position = end
        continue
      case .tab, .lf, .cr:
        needsDecoding = true
      default: break
      }
      position += 1
    }
    let attribute = Attribute(
      name: name, value: valueStart..<position, needsDecoding: needsDecoding)
    position += 1
    try requireNew(attribute)
    attributes.append(attribute)
  }

  /// Refuses an attribute given twice in one tag; past a few attributes,
  /// a tag's names are kept in a set, so that no tag costs quadratic time.
  private mutating func requireNew(_ attribute: Attribute) throws(InputError) {
    let name = bytes[attribute.name]
    let repeated: Bool
    if attributes.count < 16 {
      repeated = attributes.contains { bytes[$0.name].elementsEqual(name) }
    } else {
      if attributes.count == 16 {
        manyNames.removeAll(keepingCapacity: true)
        for earlier in attributes { manyNames.insert(bytes[earlier.name]) }
      }
      repeated = !manyNames.insert(name).inserted
    }
    if repeated {
      throw error(
        at: attribute.name.lowerBound, "the attribute \(text(attribute.name)) is given twice")
    }
  }

  private mutating func endTag() throws(InputError) -> Event {
    let start = position
    position += 2
    let name = try readName(what: "an end tag's name")
    skipWhitespace()
    guard position < bytes.count, bytes[position] == .greaterThan else {
      throw error(at: start, "the end tag </\(text(name))> is never closed with >")
    }
    position += 1
    guard let innermost = open.popLast() else {
      throw error(at: start, "the end tag </\(text(name))> closes nothing")
    }
    guard bytes[innermost.name].elementsEqual(bytes[name]) else {
      throw error(
        at: start,
        "the end tag </\(text(name))> does not close <\(text(innermost.name))>, opened at \(location(of: innermost.start).lineAndColumn)"
      )
    }
    return .end(name: name)
  }

  /// A name at ``position``: a letter, `_`, `:` or a character beyond
  /// ASCII, then those, digits, `-` and `.`.
  private mutating func readName(what: String) throws(InputError) -> Range<Int> {
    let start = position
    while position < bytes.count {
      let byte = bytes[position]
      let isStart =
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
        || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
      let isOther =
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
        || byte == UInt8(ascii: ".")
      guard isStart || (isOther && position > start) else { break }
      position += 1
    }
    guard position > start else { throw error(at: start, "expected \(what)") }
    return start..<position
  }

  /// The character a reference at `offset` stands for, and where it ends;
  /// `nil` when it is not one this reader reads.
  private func reference(at offset: Int, limit: Int) -> (Unicode.Scalar, Int)? {
    var i = offset + 1
    guard i < limit else { return nil }
    if bytes[i] == UInt8(ascii: "#") {
      i += 1
      let hexadecimal = i < limit && bytes[i] == UInt8(ascii: "x")
      if hexadecimal { i += 1 }
      var value: UInt32 = 0
      var digits = 0
      while i < limit, bytes[i] != UInt8(ascii: ";") {
        let byte = bytes[i]
        let digit: UInt32
        if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
          digit = UInt32(byte - UInt8(ascii: "0"))
        } else if hexadecimal, byte | 0x20 >= UInt8(ascii: "a"), byte | 0x20 <= UInt8(ascii: "f") {
          digit = UInt32((byte | 0x20) - UInt8(ascii: "a") + 10)
        } else {
          return nil
        }
        value = value * (hexadecimal ? 16 : 10) + digit
        guard value <= 0x10FFFF else { return nil }
        digits += 1
        i += 1
      }
      guard i < limit, digits > 0, let scalar = Unicode.Scalar(value), scalar.isXMLCharacter else {
        return nil
      }
      return (scalar, i + 1)
    }
    let nameStart = i
    while i < limit, i - nameStart <= 4, bytes[i] != UInt8(ascii: ";") { i += 1 }
    guard i < limit, bytes[i] == UInt8(ascii: ";") else { return nil }
    let scalar: Unicode.Scalar
    switch String(decoding: bytes[nameStart..<i], as: UTF8.self) {
    case "lt": scalar = "<"
    case "gt": scalar = ">"
    case "amp": scalar = "&"
    case "quot": scalar = "\""
    case "apos": scalar = "'"
    default: return nil
    }
    return (scalar, i + 1)
  }

  private func referenceError(at offset: Int) -> InputError {
    let end = min(bytes.count, offset + 40)
    let shown = text(
      offset..<(bytes[offset..<end].firstIndex(of: UInt8(ascii: ";")).map { $0 + 1 } ?? end))
    if shown.hasPrefix("&#") {
      return error(
        at: offset,
        "\(VisibleText.safe(shown, limit: 40)) is not a character XML allows (or not a character reference)"
      )
    }
    return error(
      at: offset,
      "\(VisibleText.safe(shown, limit: 40)) is not a reference this reader reads: only &lt; &gt; &amp; &quot; &apos; and character references (&#233;); a bare & is written &amp;"
    )
  }
}

extension SourceLocation {
  /// `line:column`, for naming a place in the same file.
  fileprivate var lineAndColumn: String { "\(line ?? 0):\(column ?? 0)" }
}

private func hex(_ byte: UInt8) -> String {
  let digits = String(byte, radix: 16, uppercase: true)
  return String(repeating: "0", count: 4 - digits.count) + digits
}

extension UInt8 {
  fileprivate static let lessThan = UInt8(ascii: "<")
  fileprivate static let greaterThan = UInt8(ascii: ">")
  fileprivate static let ampersand = UInt8(ascii: "&")
  fileprivate static let equals = UInt8(ascii: "=")
  fileprivate static let apostrophe = UInt8(ascii: "'")
  fileprivate static let rightBracket = UInt8(ascii: "]")

  fileprivate var isXMLWhitespace: Bool {
    self == .space || self == .tab || self == .lf || self == .cr
  }
}

extension Unicode.Scalar {
  /// Whether XML 1.0 allows the character (its production `Char`).
  fileprivate var isXMLCharacter: Bool {
    switch value {
    case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
    default: false
    }
  }
}

/// A drawing Graphviz rendered to SVG, made ready to sit inside an HTML page.
///
/// Graphviz writes a whole XML file: a declaration, a doctype and comments
/// around the `<svg>` element, which an HTML parser would turn into stray
/// nodes. Only the element is kept, its comments removed. Graphviz escapes
/// every label, tooltip and identifier it writes (`&lt;script&gt;`), so text
/// cannot hold markup; the element is read tag by tag all the same, and one
/// that holds anything a Graphviz drawing does not (an element other than
/// shapes, text, groups and links, such as `<script>` or `<foreignObject>`;
/// an event attribute; a link to anything but a web address or the drawing
/// itself) is refused rather than trusted to a page's
/// Content-Security-Policy alone. The `id`s Graphviz gives (`graph0`,
/// `node1`) are prefixed, so that several drawings on one page do not share them.
package struct InlineSVG: Sendable, Hashable {
  /// `<svg …>…</svg>`.
  package let markup: String
  /// The drawing's width as Graphviz gave it, in points; `nil` when it gave none.
  package let width: Double?
  /// Nodes drawn: Graphviz's `<g class="node">` groups, the legend's included.
  package let nodeCount: Int

  /// Elements Graphviz's SVG renderer writes for a drawing without images.
  static let allowedElements: Set<String> = [
    "svg", "g", "title", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line", "text",
    "tspan", "a", "defs", "lineargradient", "radialgradient", "stop",
  ]

  /// The `<svg>` element of Graphviz's output, its ids prefixed with
  /// `idPrefix`; `nil` when the bytes hold no SVG element, or something no
  /// Graphviz drawing has.
  /// - Complexity: O(n) in the bytes.
  package init?(graphviz bytes: [UInt8], idPrefix: String) {
    guard let start = Self.find(Array("<svg".utf8), in: bytes[...]) else { return nil }
    var reader = SVGReader(bytes: bytes[start...], idPrefix: idPrefix)
    guard let markup = reader.read() else { return nil }
    self.markup = markup
    nodeCount = reader.nodeCount
    width = reader.width
  }

  static func find(_ needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
    guard needle.count <= bytes.count else { return nil }
    var index = bytes.startIndex
    while index <= bytes.endIndex - needle.count {
      if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle) {
        return index
      }
      index += 1
    }
    return nil
  }
}

/// Reads the `<svg>` element tag by tag (see ``InlineSVG``), writing it back
/// with its ids prefixed and its comments left out.
private struct SVGReader {
  let bytes: ArraySlice<UInt8>
  let idPrefix: String
  var index: Int
  var out: [UInt8] = []
  var depth = 0
  var nodeCount = 0
  var width: Double?

  init(bytes: ArraySlice<UInt8>, idPrefix: String) {
    self.bytes = bytes
    self.idPrefix = idPrefix
    index = bytes.startIndex
    out.reserveCapacity(bytes.count + bytes.count / 16)
  }

  /// The element, or `nil` when it is not one Graphviz would write.
  mutating func read() -> String? {
    while index < bytes.endIndex {
      let byte = bytes[index]
      guard byte == UInt8(ascii: "<") else {
        guard depth > 0 else { return nil }
        out.append(byte)
        index += 1
        continue
      }
      if starts(with: "<!--") {
        guard let end = InlineSVG.find(Array("-->".utf8), in: bytes[(index + 4)...]) else {
          return nil
        }
        index = end + 3
        continue
      }
      if starts(with: "</") {
        guard depth > 0, let name = closingTag() else { return nil }
        depth -= 1
        out += Array("</\(name)>".utf8)
        if depth == 0 { return String(decoding: out, as: UTF8.self) }
        continue
      }
      guard openingTag() else { return nil }
    }
    return nil
  }

  private func starts(with prefix: String) -> Bool {
    let prefix = Array(prefix.utf8)
    return bytes.endIndex - index >= prefix.count
      && bytes[index..<index + prefix.count].elementsEqual(prefix)
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
      || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
  }

  private mutating func name() -> String? {
    let start = index
    while index < bytes.endIndex, Self.isNameByte(bytes[index]) { index += 1 }
    return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
  }

  private mutating func skipSpace() {
    while index < bytes.endIndex, Self.isSpace(bytes[index]) { index += 1 }
  }

  /// `</name>`, with `index` at its `<`.
  private mutating func closingTag() -> String? {
    index += 2
    guard let name = name(), InlineSVG.allowedElements.contains(name.lowercased()) else {
      return nil
    }
    skipSpace()
    guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ">") else { return nil }
    index += 1
    return name
  }

  /// `<name attribute="value" …>` or `…/>`, with `index` at its `<`.
  private mutating func openingTag() -> Bool {
    index += 1
    guard let element = name(), InlineSVG.allowedElements.contains(element.lowercased()),
      depth > 0 || element == "svg"
    else { return false }
    out += Array("<\(element)".utf8)
    var isNode = false
    var hasID = false
    while true {
      skipSpace()
      guard index < bytes.endIndex else { return false }
      if bytes[index] == UInt8(ascii: ">") {
        index += 1
        out.append(UInt8(ascii: ">"))
        depth += 1
        break
      }
      if starts(with: "/>") {
        index += 2
        out += Array("/>".utf8)
        // A self-closed svg would end here: Graphviz never writes one.
        guard depth > 0 else { return false }
        break
      }
      guard let attribute = name(), index + 1 < bytes.endIndex,
        bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: "\"")
      else { return false }
      index += 2
      let start = index
      while index < bytes.endIndex, bytes[index] != UInt8(ascii: "\"") {
        guard bytes[index] != UInt8(ascii: "<") else { return false }
        index += 1
      }
      guard index < bytes.endIndex else { return false }
      var value = String(decoding: bytes[start..<index], as: UTF8.self)
      index += 1
      let lowercased = attribute.lowercased()
      guard !lowercased.hasPrefix("on"), lowercased != "style" || !value.contains("url(") else {
        return false
      }
      switch lowercased {
      case "id":
        hasID = true
        isNode = value.hasPrefix("node")
        value = idPrefix + value
      case "href", "xlink:href":
        if value.hasPrefix("#") {
          value = "#" + idPrefix + value.dropFirst()
        } else if HTMLText.linkable(value) == nil {
          return false
        }
      case "fill", "stroke":
        if value.hasPrefix("url(#") { value = "url(#" + idPrefix + value.dropFirst(5) }
      case "width" where element == "svg":
        width = Self.points(value)
      default:
        break
      }
      out += Array(" \(attribute)=\"\(value)\"".utf8)
    }
    if element == "g", hasID, isNode { nodeCount += 1 }
    return true
  }

  /// `612pt`, or `816px` (0.75 pt each), in points; `nil` when not a number.
  private static func points(_ value: String) -> Double? {
    let number = value.prefix { $0.isNumber || $0 == "." }
    guard let points = Double(number), points.isFinite, points > 0 else { return nil }
    return value.hasSuffix("px") ? points * 0.75 : points
  }
}

import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// What an SVG file holds, read with a real XML parser: a file that is not
/// well-formed XML is an error here.
final class SVGReader: NSObject, XMLParserDelegate {
  struct Element {
    var name: String
    var attributes: [String: String]
  }

  private(set) var elements: [Element] = []
  private(set) var texts: [String] = []
  private var currentText: String?

  /// Parses `data`; returns nil with the parser's error when it is not XML.
  static func read(_ data: [UInt8]) -> (svg: SVGReader?, error: String?) {
    let reader = SVGReader()
    let parser = XMLParser(data: Data(data))
    parser.delegate = reader
    parser.shouldResolveExternalEntities = false
    guard parser.parse() else { return (nil, parser.parserError.map { "\($0)" } ?? "unknown") }
    return (reader, nil)
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    elements.append(Element(name: name, attributes: attributes))
    if name == "text" { currentText = "" }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    currentText? += string
  }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    if name == "text", let text = currentText {
      texts.append(text)
      currentText = nil
    }
  }

  /// `<g class="node">` groups.
  var nodeGroups: Int { elements.count { $0.name == "g" && $0.attributes["class"] == "node" } }
  /// `<g class="edge">` groups.
  var edgeGroups: Int { elements.count { $0.name == "g" && $0.attributes["class"] == "edge" } }
}

import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

@testable import CIBGraphFormats

/// Where the JSON scanner says values are, checked against where a writer
/// put them; and that a document on one line costs what a pretty-printed
/// one does.
@Suite struct JSONLocationTests {
  /// Writes random JSON and remembers the byte offset of every value it wrote.
  struct RandomJSONWriter {
    var random: SeededGenerator
    var oneLine: Bool
    var text: [UInt8] = []
    var written: [(path: ModelPath, offset: Int)] = []

    static let keys = [
      "id", "name", "clé", "名前", "😀 emoji", #"a\"quoted\""#, #"\u00e9t\u00E9"#, "x",
    ]
    static let strings = [
      "", "plain", "ünïcödé", "日本語テキスト", "👩‍👩‍👧 family", "tab\\tand\\u00e9", "\\ud83d\\ude00",
    ]

    /// The keys above as a decoder reads them.
    static func decoded(_ key: String) -> String {
      key.replacingOccurrences(of: #"\""#, with: "\"")
        .replacingOccurrences(of: #"\u00e9"#, with: "é").replacingOccurrences(
          of: #"\u00E9"#, with: "é")
    }

    mutating func whitespace() {
      let choices = oneLine ? [" ", "", "\t", "  "] : [" ", "", "\n", "\r\n", "\n\t  ", "\t"]
      text += Array(random.element(of: choices)!.utf8)
    }

    mutating func value(at path: ModelPath, depth: Int) {
      written.append((path, text.count))
      switch random.int(in: 0..<(depth < 5 ? 6 : 3)) {
      case 0:
        text += Array("\"\(random.element(of: Self.strings)!)\"".utf8)
      case 1:
        text += Array(String(random.int(in: -1_000_000...1_000_000)).utf8)
      case 2:
        text += Array(random.element(of: ["true", "false", "null", "1.5e3"])!.utf8)
      case 3, 4:
        text.append(UInt8(ascii: "{"))
        let keys = random.shuffled(Self.keys).prefix(random.int(in: 0...4))
        for (k, key) in keys.enumerated() {
          if k > 0 { text.append(UInt8(ascii: ",")) }
          whitespace()
          text += Array("\"\(key)\"".utf8)
          whitespace()
          text.append(UInt8(ascii: ":"))
          whitespace()
          value(at: path.key(Self.decoded(key)), depth: depth + 1)
          whitespace()
        }
        text.append(UInt8(ascii: "}"))
      default:
        text.append(UInt8(ascii: "["))
        for index in 0..<random.int(in: 0...4) {
          if index > 0 { text.append(UInt8(ascii: ",")) }
          whitespace()
          value(at: path.index(index), depth: depth + 1)
          whitespace()
        }
        text.append(UInt8(ascii: "]"))
      }
    }
  }

  /// Line and column of a byte offset, counted the slow and obvious way.
  static func lineAndColumn(of offset: Int, in text: [UInt8]) -> (line: Int, column: Int) {
    let before = text[..<offset]
    let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
    return (
      1 + before.count { $0 == UInt8(ascii: "\n") },
      1 + text[lineStart..<offset].count { $0 & 0xC0 != 0x80 }
    )
  }

  @Test(arguments: [false, true])
  func everyValueIsLocatedWhereItWasWritten(oneLine: Bool) throws {
    for seed in UInt64(1)...40 {
      var writer = RandomJSONWriter(random: SeededGenerator(seed: seed), oneLine: oneLine)
      if seed % 4 == 0 { writer.text = [0xEF, 0xBB, 0xBF] }  // a byte-order mark is one column
      writer.whitespace()
      writer.value(at: ModelPath(), depth: 0)
      writer.whitespace()
      let text = writer.text
      try text.withUnsafeBufferPointer { try JSONScanner.check($0) }
      let locations = JSONLocations(file: "random.json", text: text)
      for (path, offset) in writer.written {
        let expected = Self.lineAndColumn(of: offset, in: text)
        let found = locations.location(of: path)
        #expect(
          found.line == expected.line && found.column == expected.column,
          "seed \(seed), \(path): \(found) but written at \(expected)")
        if oneLine { #expect(found.line == 1) }
      }
    }
  }

  @Test func aMissingPathStopsAtTheDeepestValueThatExists() {
    let text = Array(#"{"a": {"b": [10, 20]}, "é": 1}"#.utf8)
    let locations = JSONLocations(file: "f.json", text: text)
    let deepest = locations.location(of: ModelPath().key("a").key("b").index(5).key("c"))
    #expect(deepest.line == 1 && deepest.column == 13, "the array b, at its '['")
    #expect(locations.location(of: ModelPath().key("nothing")).column == 1, "the document")
    #expect(locations.location(of: ModelPath().key("é")).column == 29)
    let second = ModelPath().key("a").key("b").index(1)
    #expect(locations.location(of: second).path == second)
    let empty = JSONLocations(file: "e.json", text: []).location(of: ModelPath().key("a"))
    #expect(empty.line == nil && empty.column == nil && empty.file == "e.json")
  }

  @Test func aSyntaxErrorOnALongLineHasItsColumn() throws {
    let prefix = "{\"names\": [" + (0..<5_000).map { "\"ü\($0)\"" }.joined(separator: ",")
    let text = Array((prefix + ",]}").utf8)
    do {
      _ = try NetworkDocument.decode(text, file: "long.json")
      Issue.record("a trailing comma was accepted")
    } catch {
      #expect(error.location.line == 1)
      #expect(error.location.column == prefix.unicodeScalars.count + 2, "at the ']'")
    }
  }

  @Test func keysAreComparedAsTheDecoderReadsThem() throws {
    // Written with escapes, "networks" is still the key the decoder sees:
    // a finding under it is located there, not at the document.
    let escaped = documentJSON(
      networks: """
        [{"id": "n", "name": "N",
          "assets": [{"id": "a", "kind": "page", "followers": "many"}]}]
        """
    ).replacingOccurrences(of: #""networks""#, with: #""net\u0077orks""#)
    do {
      _ = try decodeJSON(escaped)
      Issue.record("a string count was accepted")
    } catch {
      #expect(error.location.path?.description == "networks[0].assets[0].followers")
      let lines = escaped.split(separator: "\n", omittingEmptySubsequences: false)
      let line = try #require(lines.firstIndex { $0.contains("many") })
      let column = try #require(lines[line].range(of: #""many""#)).lowerBound
      #expect(error.location.line == line + 1)
      #expect(error.location.column == lines[line][..<column].unicodeScalars.count + 1)
    }
    // The same key twice, once escaped, or once composed and once decomposed,
    // is a key the decoder would read once, silently dropping one value.
    for (first, second) in [
      ("format", #"for\u006dat"#), ("caf\u{E9}", "cafe\u{301}"), ("\u{1F600}", #"\ud83d\ude00"#),
    ] {
      let text = #"{"\#(first)": 1,  "\#(second)": 2}"#
      do {
        _ = try decodeJSON(text)
        Issue.record("accepted \(text)")
      } catch {
        #expect(error.message.hasPrefix("duplicate key"), "\(error.message)")
        #expect(error.location.line == 1)
        #expect(error.location.column == first.unicodeScalars.count + 10, "\(text)")
      }
    }
  }

  /// A document on one line: `count` relations whose sources are nowhere.
  static func danglingReferences(_ count: Int) -> String {
    let relations = (0..<count).map { #"{"source":"g\#($0)","target":"a","type":"follows"}"# }
    return #"{"format":"cibgraph-network-document","version":1,"#
      + #""report":{"title":"Tïtle","publisher":"P","sources":[{"id":"s","publisher":"P"}]},"#
      + #""organizations":[],"networks":[{"id":"n","name":"N","#
      + #""assets":[{"id":"a","kind":"page"}],"relations":["#
      + relations.joined(separator: ",") + "]}]}"
  }

  @Test func manyFindingsInAOneLineDocumentAreLocatedInLinearTime() throws {
    let text = Self.danglingReferences(2_000)
    let bytes = Array(text.utf8)
    let clock = ContinuousClock()
    let start = clock.now
    let document = try NetworkDocument.decode(bytes, file: "one-line.json")
    let findings = Validator.validate(
      document, locations: DocumentLocations(JSONLocations(file: "one-line.json", text: bytes)))
    let elapsed = clock.now - start
    let dangling = findings.filter { $0.code == "dangling-reference" }
    #expect(dangling.count == 2_000)
    // Scanning once per finding took minutes at this size; once in all takes milliseconds.
    #expect(elapsed < .seconds(5), "\(elapsed)")
    let last = try #require(dangling.last?.location)
    let offset = try #require(text.range(of: #""source":"g1999""#)).lowerBound
    #expect(last.line == 1)
    #expect(last.column == text[..<offset].unicodeScalars.count + 10, "at \"g1999\"")
    #expect(last.path?.description == "networks[0].relations[1999].source")
  }

  @Test func aLargeOneLineDocumentReadsInLinearTime() throws {
    let assets = (0..<25_000).map {
      #"{"id":"acct-\#($0)","kind":"account","name":"Account \#($0) ünïcödé","followers":\#($0)}"#
    }
    let relations = (0..<25_000).map {
      #"{"source":"acct-\#($0)","target":"acct-\#(($0 * 7 + 1) % 25_000)","type":"follows"}"#
    }
    let text =
      #"{"format":"cibgraph-network-document","version":1,"#
      + #""report":{"title":"T","publisher":"P","sources":[{"id":"s","publisher":"P"}]},"#
      + #""organizations":[],"networks":[{"id":"n","name":"N","assets":["#
      + assets.joined(separator: ",") + #"],"relations":["# + relations.joined(separator: ",")
      + "]}]}"
    let bytes = Array(text.utf8)
    #expect(bytes.count > 3_000_000)
    let clock = ContinuousClock()
    let start = clock.now
    let document = try NetworkDocument.decode(bytes, file: "one-line.json")
    let locations = JSONLocations(file: "one-line.json", text: bytes)
    let last = locations.location(
      of: ModelPath().key("networks").index(0).key("relations").index(24_999))
    let elapsed = clock.now - start
    #expect(document.networks.first?.relations.count == 25_000)
    // Recounting the column from the line's start took minutes at this size.
    #expect(elapsed < .seconds(10), "\(elapsed)")
    #expect(last.line == 1)
    #expect(last.column == text.unicodeScalars.count - relations.last!.unicodeScalars.count - 3)
  }
}

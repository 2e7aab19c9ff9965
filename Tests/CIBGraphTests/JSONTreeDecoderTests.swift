import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

@testable import CIBGraphFormats

/// The decoder over the scanner's tree against Foundation's JSONDecoder,
/// which it replaces: the same values, and the same errors (case, type,
/// path and description), which the messages of every refused document are
/// made of.
@Suite struct JSONTreeDecoderTests {
  /// What a decoding gave, in words that differ when the outcomes differ.
  static func outcome<T>(_ decode: () throws -> T, _ show: (T) -> String) -> String {
    do {
      return "value " + show(try decode())
    } catch let error as DecodingError {
      func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
      }
      switch error {
      case .typeMismatch(let type, let context):
        return "typeMismatch \(type) at \(path(context)): \(context.debugDescription)"
      case .valueNotFound(let type, let context):
        return "valueNotFound \(type) at \(path(context)): \(context.debugDescription)"
      case .keyNotFound(let key, let context):
        return "keyNotFound \(key.stringValue) at \(path(context))"
      case .dataCorrupted(let context):
        return "dataCorrupted at \(path(context)): \(context.debugDescription)"
      @unknown default:
        return "\(error)"
      }
    } catch {
      return "other \(error)"
    }
  }

  /// The outcomes of decoding `text` as a `T` both ways, when it is valid JSON.
  static func outcomes<T: Decodable>(_: T.Type, _ text: [UInt8], show: (T) -> String) -> (
    tree: String, foundation: String
  )? {
    text.withUnsafeBufferPointer { buffer in
      guard let tree = try? JSONScanner.tree(of: buffer) else { return nil }
      return (
        outcome({ try JSONTreeDecoder.decode(T.self, from: tree) }, show),
        outcome({ try JSONDecoder().decode(T.self, from: Data(text)) }, show)
      )
    }
  }

  /// Reads every key of an object by the type its name starts with, in
  /// order of the names: `s` a string, `d` a Double, `i` an Int, `u` a
  /// UInt8, `b` a Bool, `a` an array of those (by the rest of the name),
  /// `o` another probe, `n` nil or not; `?` after the letter for
  /// `decodeIfPresent`.
  struct Probe: Decodable {
    var read: [String] = []

    struct Key: CodingKey {
      var stringValue: String
      var intValue: Int? { nil }
      init(stringValue: String) { self.stringValue = stringValue }
      init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: Key.self)
      for key in c.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
        let name = key.stringValue
        let optional = name.dropFirst().first == "?"
        let value: String
        switch (name.first, optional) {
        case ("s", false): value = try c.decode(String.self, forKey: key)
        case ("s", true): value = "\(try c.decodeIfPresent(String.self, forKey: key) as Any)"
        case ("d", false): value = "\(try c.decode(Double.self, forKey: key))"
        case ("d", true): value = "\(try c.decodeIfPresent(Double.self, forKey: key) as Any)"
        case ("i", false): value = "\(try c.decode(Int.self, forKey: key))"
        case ("i", true): value = "\(try c.decodeIfPresent(Int.self, forKey: key) as Any)"
        case ("u", _): value = "\(try c.decode(UInt8.self, forKey: key))"
        case ("b", _): value = "\(try c.decode(Bool.self, forKey: key))"
        case ("n", _): value = "\(try c.decodeNil(forKey: key))"
        case ("o", false): value = try c.decode(Probe.self, forKey: key).read.joined(separator: ",")
        case ("o", true):
          value = "\(try c.decodeIfPresent(Probe.self, forKey: key)?.read as Any)"
        case ("a", _):
          var list = try c.nestedUnkeyedContainer(forKey: key)
          var items: [String] = []
          while !list.isAtEnd {
            switch name.dropFirst().first {
            case "s": items.append(try list.decode(String.self))
            case "d": items.append("\(try list.decode(Double.self))")
            case "i": items.append("\(try list.decode(Int.self))")
            // decodeNil does not move past a value that is not null.
            case "n": items.append(try list.decodeNil() ? "nil" : try list.decode(String.self))
            default: items.append(try list.decode(Probe.self).read.joined(separator: ","))
            }
          }
          value = "[\(items.joined(separator: ","))] count \(list.count as Any)"
        default: value = "\(c.contains(key))"
        }
        read.append("\(name)=\(value)")
      }
    }
  }

  static let probes: [String] = [
    #"{"s": "text", "d": 1.5, "i": 42, "b": true, "n": null, "x": 1}"#,
    #"{"s": 1}"#, #"{"s": true}"#, #"{"s": {}}"#, #"{"s": []}"#, #"{"s": null}"#,
    #"{"d": "x"}"#, #"{"d": null}"#, #"{"i": false}"#, #"{"b": 1}"#, #"{"b": null}"#,
    #"{"s?": null, "d?": null, "i?": null, "o?": null}"#, #"{"s?": 3}"#, #"{"d?": "3"}"#,
    #"{"s": "\ud800"}"#, #"{"s": "\udc00"}"#, #"{"s": "\ud800\u0041"}"#,
    #"{"s": "\ud800\ud800"}"#, #"{"s": "\ud83d\ude00 \u00e9 \n\t\/\\\""}"#,
    #"{"x": "\ud800"}"#, #"{"\ud800": 1}"#, #"{"o": {"\udfff": 1}}"#, #"{"s": "\u0000"}"#,
    #"{"i": 2.0}"#, #"{"i": 2.5}"#, #"{"i": 1e-400}"#, #"{"d": 1e-400}"#, #"{"d": 0.0e-999}"#,
    #"{"d": 1e-320}"#, #"{"i": 9007199254740993.5}"#, #"{"i": 9007199254740993}"#,
    #"{"i": 1e16}"#, #"{"i": 1E2}"#, #"{"i": -0}"#, #"{"d": -0}"#, #"{"d": -0.0}"#,
    #"{"i": 100000000000000000000}"#, #"{"i": 1000000000000000000000e-5}"#,
    #"{"i": 12345678901234567890123e-5}"#, #"{"i": -9223372036854775808}"#,
    #"{"i": 9223372036854775807}"#, #"{"i": 9223372036854775808}"#, #"{"i": 1e300}"#,
    #"{"i": -1.5e3}"#, #"{"i": 0.000}"#, #"{"i": 123456789012345.0}"#,
    #"{"d": 0.1}"#, #"{"d": 1e22}"#, #"{"d": 123456789012345678}"#,
    #"{"d": 1.7976931348623157e308}"#,
    #"{"d": 4.9e-324}"#, #"{"d": 2.4703282292062327e-324}"#, #"{"u": 255}"#, #"{"u": 256}"#,
    #"{"u": -1}"#, #"{"u": 2.0}"#,
    #"{"o": 1}"#, #"{"o": null}"#, #"{"o": []}"#, #"{"a": 1}"#, #"{"a": null}"#, #"{"a": {}}"#,
    #"{"n": 1}"#, #"{"as": ["a", "b", 3]}"#, #"{"as": ["a", null]}"#, #"{"ad": [1, "2"]}"#,
    #"{"ai": [1, 2.5]}"#, #"{"an": [null, "x", 1]}"#, #"{"ao": [{"s": "a"}, {"s": 2}]}"#,
    #"{"ao": [{"o": {"ai": [1, 2, {"x": 1}]}}]}"#, #"{"ao": [null]}"#,
    #"{"o": {"o": {"s": 5}}}"#, #"{"K": 1, "s": "k"}"#, #"{"\u212A": 1}"#,
    #"{"\u0073": "escaped key"}"#,
    #"{"s\u0301": 1, "s": "é"}"#, "[1]", "1", "null", "\"s\"",
  ]

  @Test(arguments: probes)
  func valuesAndErrorsAreFoundations(text: String) throws {
    let found = try #require(
      Self.outcomes(Probe.self, Array(text.utf8), show: { $0.read.joined(separator: "; ") }))
    #expect(found.tree == found.foundation)
  }

  /// A document's outcome both ways.
  static func documentOutcomes(_ text: [UInt8]) -> (tree: String, foundation: String)? {
    outcomes(InDocument<NetworkDocument>.self, text) {
      String(decoding: $0.value.encoded(), as: UTF8.self)
    }
  }

  /// A text of bare zeros would need twelve times its size as a tree: the
  /// tree stops at its limit with the place it stopped, before memory runs out.
  @Test func theTreeStopsAtItsValueLimit() throws {
    let text = Array(("[" + Array(repeating: "0", count: 1_000).joined(separator: ",") + "]").utf8)
    try text.withUnsafeBufferPointer { buffer in
      #expect(try JSONScanner.tree(of: buffer, valueLimit: 1_001).nodes.count == 1_001)
      do {
        _ = try JSONScanner.tree(of: buffer, valueLimit: 500)
        Issue.record("a tree of 1,001 values built under a limit of 500")
      } catch let error as JSONScanner.SyntaxError {
        #expect(error.message.hasPrefix("the document holds more than 500 values"))
        #expect(error.line == 1 && error.column == 2 + 499 * 2)
      }
    }
  }

  @Test func everyBadDocumentIsRefusedAsFoundationRefusedIt() throws {
    for bad in badDocuments {
      let found = try #require(Self.documentOutcomes(Array(bad.text.utf8)), "\(bad)")
      #expect(found.tree == found.foundation, "\(bad)")
      #expect(found.tree.hasPrefix("value") == false, "\(bad)")
    }
  }

  /// Documents changed at random places, read both ways: a value replaced
  /// by another of any type (numbers Foundation refuses, strings it cannot
  /// hold among them), a key removed or added.
  @Test func mutatedDocumentsReadAsFoundationReadThem() throws {
    let names = ["meta-2019-04-india-pakistan.json", "seed-000-ispr-article.json"]
    let texts =
      try names.map { try Data(contentsOf: repositoryRoot.appending(path: "Graphs/" + $0)) }
      + [try Data(contentsOf: repositoryRoot.appending(path: "Tests/Fixtures/v2-every-key.json"))]
    let replacements = [
      "null", "true", "0", "-0", "7", "2.5", "1e-400", "1e16", "9007199254740993.5", "-3",
      "1.0", "\"page\"", "\"\\ud800\"", "\"x\"", "[]", "{}", "[null]", "[1, \"a\"]",
      "{\"value\": 2}", "\"2020-13\"", "\"ZZ\"",
    ]
    var random = SeededGenerator(seed: 14)
    var compared = 0
    for text in texts {
      let json = try JSONSerialization.jsonObject(with: text)
      for _ in 0..<300 {
        let replacement = replacements[random.below(replacements.count)]
        let mutated = Self.mutate(json, replacement: replacement, random: &random)
        var bytes = Array(try JSONSerialization.data(withJSONObject: mutated, options: .sortedKeys))
        // The replacement goes in as written, not as JSONSerialization writes it.
        let placeholder = Array("\"@@replacement@@\"".utf8)
        if let range = bytes.firstRange(of: placeholder) {
          bytes.replaceSubrange(range, with: Array(replacement.utf8))
        }
        guard let found = Self.documentOutcomes(bytes) else { continue }
        #expect(found.tree == found.foundation, "\(String(decoding: bytes, as: UTF8.self))")
        compared += 1
      }
    }
    #expect(compared > 800)
  }

  /// `json` with one value somewhere replaced by the placeholder, or one
  /// key removed or added.
  static func mutate(_ json: Any, replacement: String, random: inout SeededGenerator) -> Any {
    let stop = random.below(4) == 0
    if var object = json as? [String: Any], !object.isEmpty {
      let keys = object.keys.sorted()
      let key = keys[random.below(keys.count)]
      if stop {
        switch random.below(3) {
        case 0: object[key] = nil
        case 1: object["extra"] = "@@replacement@@"
        default: object[key] = "@@replacement@@"
        }
      } else {
        object[key] = mutate(object[key]!, replacement: replacement, random: &random)
      }
      return object
    }
    if var array = json as? [Any], !array.isEmpty {
      let index = random.below(array.count)
      array[index] =
        stop ? "@@replacement@@" : mutate(array[index], replacement: replacement, random: &random)
      return array
    }
    return "@@replacement@@"
  }
}

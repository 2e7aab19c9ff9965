import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

/// Version 2 of the document format beside version 1: version 1 documents
/// read back from the version 2 text written of them with every value, and
/// every refusal is located at the value at fault.
@Suite struct DocumentVersionTests {
  /// A version 2 document around the given JSON arrays.
  static func version2(
    networks: String = "[]", kinds: String = "[]", organizations: String = "[]"
  ) -> String {
    """
    {"format": "cibgraph-network-document", "version": 2,
     "report": {"title": "T", "publisher": "P", "sources": [{"id": "s", "publisher": "P"}]},
     "kinds": \(kinds),
     "organizations": \(organizations),
     "networks": \(networks)}
    """
  }

  /// Every leaf of a JSON value (strings, numbers, booleans; `null` is no
  /// value) by its path: `networks[0].reported.counts.page.value`.
  static func leaves(_ value: Any, at path: String = "") -> [String: NSObject] {
    switch value {
    case let object as [String: Any]:
      return object.reduce(into: [:]) { result, member in
        let step = path.isEmpty ? member.key : path + "." + member.key
        result.merge(leaves(member.value, at: step)) { $1 }
      }
    case let array as [Any]:
      return array.enumerated().reduce(into: [:]) { result, element in
        result.merge(leaves(element.element, at: path + "[\(element.offset)]")) { $1 }
      }
    case is NSNull:
      return [:]
    default:
      return [path: value as! NSObject]
    }
  }

  /// The line and column (in Unicode scalars, as the reader counts them) of
  /// the `occurrence`-th `marker` in `text`.
  static func position(of marker: String, occurrence: Int = 1, in text: String) -> (Int, Int)? {
    var searched = text.startIndex..<text.endIndex
    var found: Range<String.Index>?
    for _ in 0..<occurrence {
      guard let range = text.range(of: marker, range: searched) else { return nil }
      found = range
      searched = range.upperBound..<text.endIndex
    }
    guard let start = found?.lowerBound else { return nil }
    let before = text[..<start]
    let line = before.count(where: { $0 == "\n" }) + 1
    let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? text.startIndex
    return (line, text[lineStart..<start].unicodeScalars.count + 1)
  }

  @Test(arguments: DocumentFormatTests.graphs)
  func versionOneDocumentsKeepEveryValueInVersionTwo(name: String) throws {
    let url = repositoryRoot.appendingPathComponent("Graphs").appendingPathComponent(name)
    let original = try Data(contentsOf: url)
    let document = try NetworkDocument.decode(Array(original), file: name)
    let written = document.encoded()
    let v1 = Self.leaves(try JSONSerialization.jsonObject(with: original))
    let v2 = Self.leaves(try JSONSerialization.jsonObject(with: Data(written)))
    #expect(v1["version"] == 1 as NSNumber)
    #expect(v2["version"] == 2 as NSNumber)
    var compared = 0
    for (path, value) in v1 where path != "version" {
      // Version 2 lists a network's places: `origin` is the first of `origins`.
      let path2 =
        path.hasSuffix(".origin")
        ? path.replacingOccurrences(of: ".origin", with: ".origins[0]") : path
      #expect(
        v2[path2] == value, "\(path): \(value) became \(v2[path2].map(\.description) ?? "nothing")")
      compared += 1
    }
    #expect(compared > 50, "a real document has many values; \(compared) compared")
    #expect(!v2.keys.contains { $0.hasSuffix(".origin") })
    // Every figure keeps its hedge: a figure without one in version 1 is exact.
    for (path, _) in v1 where path.hasSuffix(".value") && !path.contains(".assets[") {
      let qualifier = String(path.dropLast(".value".count)) + ".qualifier"
      #expect(v2[qualifier] == (v1[qualifier] ?? "exactly" as NSString), "\(qualifier)")
    }
    #expect(try NetworkDocument.decode(written, file: "v2.json") == document)
  }

  @Test func countryCodesAndRegionsReadAlikeInBothVersions() throws {
    let v1 = documentJSON(
      networks:
        #"[{"id": "n", "name": "N", "origin": "UK", "targets": ["EU", "XK", "US", "Middle East"]}]"#,
      organizations: #"[{"id": "o", "name": "O", "country": "Pakistan"}]"#)
    let document = try decodeJSON(v1)
    #expect(document.networks[0].origins == ["UK"])
    #expect(document.networks[0].targets == ["EU", "XK", "US", "Middle East"])
    #expect(document.organizations[0].country == "Pakistan")
    #expect(Place.countryName("UK") == "United Kingdom")
    #expect(Place.countryName("EU") == "European Union")
    #expect(Place.countryName("XK") == "Kosovo")
    #expect(Place.countryName("ZZ") == nil)
    // What version 1 reads, version 2 reads back: no place is lost on conversion.
    #expect(try NetworkDocument.decode(document.encoded(), file: "v2.json") == document)
  }

  /// A document the reader refuses, and where the refusal must point.
  struct BadInput: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    /// The text the located position is at (its first character).
    var marker: String
    var occurrence = 1
    var path: String
    var message: String
    var testDescription: String { name }
  }

  /// A version 2 document whose one network's Group audience is `figure`.
  static func figureNetwork(_ figure: String) -> String {
    version2(
      networks: #"[{"id": "n", "name": "N", "reported": {"audiences": {"group": \#(figure)}}}]"#)
  }

  static let vk =
    #"{"name": "vk-community", "platform": "VK", "singular": "VK community", "plural": "VK communities"}"#

  static let badInputs: [BadInput] = [
    BadInput(
      name: "an unknown kind of an asset",
      text: version2(
        networks: #"[{"id": "n", "name": "N", "assets": [{"id": "a", "kind": "threds"}]}]"#),
      marker: #""threds""#, path: "networks[0].assets[0].kind", message: #"unknown kind "threds""#),
    BadInput(
      name: "an unknown kind of a count",
      text: version2(
        networks:
          #"[{"id": "n", "name": "N", "reported": {"counts": {"tiktok-acount": {"value": 4}}}}]"#),
      marker: #"{"value": 4}"#, path: "networks[0].reported.counts.tiktok-acount",
      message: #"unknown kind "tiktok-acount""#),
    BadInput(
      name: "an unknown kind a total covers",
      text: version2(
        networks:
          #"[{"id": "n", "name": "N", "reported": {"total": {"figure": {"value": 3}, "covers": ["page", "grop"]}}}]"#
      ),
      marker: #""grop""#, path: "networks[0].reported.total.covers[1]",
      message: #"unknown kind "grop""#),
    BadInput(
      name: "a declared kind named as a built-in one",
      text: version2(
        kinds: #"[{"name": "page", "platform": "VK", "singular": "VK page", "plural": "VK pages"}]"#
      ),
      marker: #""page""#, path: "kinds[0].name", message: #""page" is a built-in kind"#),
    BadInput(
      name: "a declared kind named as a built-in spelling",
      text: version2(
        kinds: #"[{"name": "twitter", "platform": "X", "singular": "tweet", "plural": "tweets"}]"#),
      marker: #""twitter""#, path: "kinds[0].name", message: #""twitter" is a built-in kind"#),
    BadInput(
      name: "a kind declared twice",
      text: version2(kinds: "[\(vk),\n \(vk)]"),
      marker: #""vk-community""#, occurrence: 2, path: "kinds[1].name",
      message: #"the kind "vk-community" is declared twice"#),
    BadInput(
      name: "a declared kind's name in capitals",
      text: version2(
        kinds: #"[{"name": "VK", "platform": "VK", "singular": "VK page", "plural": "VK pages"}]"#),
      marker: #""VK""#, path: "kinds[0].name", message: "lower-case letters, digits"),
    BadInput(
      name: "a declared kind's empty plural",
      text: version2(
        kinds: #"[{"name": "vk-page", "platform": "VK", "singular": "VK page", "plural": " "}]"#),
      marker: #"" "}"#, path: "kinds[0].plural", message: "plural is 1 to 200 bytes"),
    BadInput(
      name: "a figure with a value and notGiven",
      text: figureNetwork(#"{"value": 546, "qualifier": "notGiven"}"#),
      marker: "546", path: "networks[0].reported.audiences.group.value",
      message: "a figure that is not given has no value"),
    BadInput(
      name: "a range whose low end is above its high end",
      text: figureNetwork(#"{"value": 5000, "qualifier": "range", "upTo": 2000}"#),
      marker: "2000", path: "networks[0].reported.audiences.group.upTo",
      message: "the range's high end (2,000) is below its low end (5,000)"),
    BadInput(
      name: "upTo without a range",
      text: figureNetwork(#"{"value": 5000, "qualifier": "about", "upTo": 9000}"#),
      marker: "9000", path: "networks[0].reported.audiences.group.upTo",
      message: #"only a range has an "upTo"; its qualifier is "about""#),
    BadInput(
      name: "a range without upTo",
      text: figureNetwork(#"{"value": 5000, "qualifier": "range"}"#),
      marker: #"{"value": 5000"#, path: "networks[0].reported.audiences.group",
      message: #"missing required key "upTo""#),
    BadInput(
      name: "an unknown qualifier",
      text: figureNetwork(#"{"value": 5000, "qualifier": "roughly"}"#),
      marker: #""roughly""#, path: "networks[0].reported.audiences.group.qualifier",
      message: #"unknown qualifier "roughly"; expected one of exactly, about"#),
    BadInput(
      name: "an unknown country code among origins",
      text: version2(networks: #"[{"id": "n", "name": "N", "origins": ["PK", "XX", "IN"]}]"#),
      marker: #""XX""#, path: "networks[0].origins[1]", message: #"unknown country code "XX""#),
    BadInput(
      name: "an unknown country code among targets",
      text: version2(networks: #"[{"id": "n", "name": "N", "targets": ["Middle East", "QQ"]}]"#),
      marker: #""QQ""#, path: "networks[0].targets[1]", message: #"unknown country code "QQ""#),
    BadInput(
      name: "an empty place",
      text: version2(networks: #"[{"id": "n", "name": "N", "targets": ["IN", "  "]}]"#),
      marker: #""  ""#, path: "networks[0].targets[1]", message: "a place is empty"),
    BadInput(
      name: "an actor's unknown country code",
      text: version2(organizations: #"[{"id": "o", "name": "O", "country": "ZZ"}]"#),
      marker: #""ZZ""#, path: "organizations[0].country", message: #"unknown country code "ZZ""#),
    BadInput(
      name: "an unknown country code in version 1",
      text: documentJSON(networks: #"[{"id": "n", "name": "N", "origin": "XX"}]"#),
      marker: #""XX""#, path: "networks[0].origin", message: #"unknown country code "XX""#),
    BadInput(
      name: "an actor of a platform's kind",
      text: version2(organizations: #"[{"id": "o", "name": "O", "kind": "youtube-channel"}]"#),
      marker: #""youtube-channel""#, path: "organizations[0].kind",
      message: "an actor is an organization, a person or a movement, not a YouTube channel"),
    BadInput(
      name: "version 1's origin in version 2",
      text: version2(networks: #"[{"id": "n", "name": "N", "origin": "Pakistan"}]"#),
      marker: #""Pakistan""#, path: "networks[0].origin",
      message: #"a version 2 network lists its "origins""#),
    BadInput(
      name: "version 2's origins in version 1",
      text: documentJSON(networks: #"[{"id": "n", "name": "N", "origins": ["PK"]}]"#),
      marker: #"["PK"]"#, path: "networks[0].origins", message: #""origins" is a version 2 key"#),
    BadInput(
      name: "declared kinds in version 1",
      text: documentJSON().replacingOccurrences(
        of: #""networks""#, with: "\"kinds\": [\(vk)], \"networks\""),
      marker: "[{\"name\"", path: "kinds", message: "declared kinds are a version 2 key"),
    BadInput(
      name: "a paraphrase's author on a verbatim statement",
      text: version2(
        networks:
          #"[{"id": "n", "name": "N", "attribution": {"statement": "QAnon", "paraphrasedBy": "a compilation"}}]"#
      ),
      marker: #""a compilation""#, path: "networks[0].attribution.paraphrasedBy",
      message: #"set "wording": "paraphrase""#),
  ]

  @Test(arguments: badInputs)
  func badInputIsRefusedAtTheValueAtFault(_ bad: BadInput) throws {
    let expected = try #require(
      Self.position(of: bad.marker, occurrence: bad.occurrence, in: bad.text),
      "the marker is not in the text")
    do {
      let document = try decodeJSON(bad.text)
      Issue.record("read as \(document.networks.count) networks")
    } catch {
      #expect(error.kind == .badData)
      #expect(error.location.file == "test.json")
      #expect(error.location.path?.description == bad.path, "\(error)")
      #expect(error.location.line == expected.0 && error.location.column == expected.1, "\(error)")
      #expect(error.message.contains(bad.message), "\(error.message)")
    }
  }

  @Test func aKindIsDeclaredForTheDocumentThatDeclaresIt() throws {
    // A name no other test declares: declared kinds live as long as the process.
    let declaration =
      #"{"name": "scope-test-community", "platform": "VK", "singular": "VK community", "plural": "VK communities", "audience": "members"}"#
    let network = #"""
      [{"id": "n", "name": "N", "assets": [{"id": "c", "kind": "scope-test-community", "members": 40}],
        "reported": {"counts": {"scope-test-community": {"value": 3}},
                     "audiences": {"Scope-Test-Community": {"value": 900, "qualifier": "about"}}}}]
      """#
    let uses = Self.version2(networks: network)
    do {
      _ = try decodeJSON(uses)
      Issue.record("a kind no document declared was read")
    } catch {
      #expect(error.message.hasPrefix(#"unknown kind "scope-test-community""#))
      #expect(!error.message.contains("another document"), "\(error.message)")
    }

    let declares = Self.version2(networks: network, kinds: "[\(declaration)]")
    let document = try decodeJSON(declares)
    let kind = document.networks[0].assets[0].kind
    #expect(kind.name == "scope-test-community")
    #expect(kind.platform == "VK")
    #expect(kind.audienceNoun == "members" && kind.audienceIsMembers)
    #expect(kind.pluralLabel == "VK communities")
    #expect(document.networks[0].reported.counts[kind]?.value == 3)
    #expect(document.networks[0].reported.audiences[kind]?.qualifier == .about)
    #expect(document.kinds.map(\.name) == ["scope-test-community"])
    #expect(try NetworkDocument.decode(document.encoded(), file: "again.json") == document)
    #expect(
      try decodeJSON(declares).networks[0].assets[0].kind == kind, "one declaration, one kind")

    // Declared in one document, the kind is still unknown in another.
    do {
      _ = try decodeJSON(uses)
      Issue.record("a kind another document declared was read")
    } catch {
      // Figures are read before assets.
      #expect(
        error.location.path?.description == "networks[0].reported.counts.scope-test-community")
      #expect(error.message.contains(#"another document declares "scope-test-community""#))
    }
  }

  @Test func everyListAndEveryDefaultIsWritten() throws {
    let document = NetworkDocument(
      report: Report(title: "T", publisher: "P"),
      organizations: [Organization(id: "o", name: "O")],
      networks: [
        Network(
          id: "n", name: "N",
          attribution: Attribution(statement: "linked to O"),
          reported: ReportedFigures(counts: PerKind([.group: ReportedFigure(546)])))
      ])
    let written = try #require(
      JSONSerialization.jsonObject(with: Data(document.encoded())) as? [String: Any])
    #expect(written["kinds"] as? [Any] != nil)
    let organization = try #require((written["organizations"] as? [[String: Any]])?.first)
    #expect(organization["kind"] as? String == "organization")
    #expect(organization["aliases"] as? [String] == [])
    #expect(organization["country"] == nil, "an absent optional value is left out")
    let network = try #require((written["networks"] as? [[String: Any]])?.first)
    for key in [
      "origins", "targets", "topics", "subsets", "assets", "relations", "sources", "notes",
    ] {
      #expect(network[key] as? [Any] != nil, "\(key) is written")
    }
    for key in ["policy", "detection", "activeFrom", "activeUntil", "adSpend", "origin"] {
      #expect(network[key] == nil, "\(key) is not written")
    }
    let attribution = try #require(network["attribution"] as? [String: Any])
    #expect(attribution["wording"] as? String == "verbatim")
    let figure = try #require(
      ((network["reported"] as? [String: Any])?["counts"] as? [String: Any])?["group"]
        as? [String: Any])
    #expect(figure["qualifier"] as? String == "exactly")
    #expect(try NetworkDocument.decode(document.encoded(), file: "x.json") == document)
  }

  @Test func theVersionTwoFixturesReadBackAsWritten() throws {
    for name in ["v2-every-key.json", "v2-every-qualifier.json"] {
      let url = repositoryRoot.appendingPathComponent("Tests/Fuzzing/Seeds/document/\(name)")
      let document = try NetworkDocument.decode(Array(try Data(contentsOf: url)), file: name)
      let again = try NetworkDocument.decode(document.encoded(), file: "again-\(name)")
      #expect(again == document, "\(name)")
      #expect(again.encoded() == document.encoded())
    }
  }
}

import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

/// Version 2 of the document format beside version 1: version 1 documents
/// read back from the version 2 text written of them with every value, and
/// every refusal is located at the value at fault.
@Suite struct DocumentVersionTests {
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

  @Test(arguments: badDocuments)
  func badInputIsRefusedAtTheValueAtFault(_ bad: BadDocument) throws {
    let expected = try #require(bad.position, "the marker is not in the text")
    do {
      let document = try decodeJSON(bad.text)
      Issue.record("read as \(document.networks.count) networks")
    } catch {
      #expect(error.kind == .badData)
      #expect(error.location.file == "test.json")
      #expect(error.location.path?.description == bad.path, "\(error)")
      #expect(
        error.location.line == expected.line && error.location.column == expected.column,
        "\(error)")
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
    let uses = version2Document(networks: network)
    do {
      _ = try decodeJSON(uses)
      Issue.record("a kind no document declared was read")
    } catch {
      #expect(error.message.hasPrefix(#"unknown kind "scope-test-community""#))
      #expect(!error.message.contains("another document"), "\(error.message)")
    }

    let declares = version2Document(networks: network, kinds: "[\(declaration)]")
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
    for name in [
      "Tests/Fixtures/v2-every-key.json", "Tests/Fuzzing/Seeds/document/v2-every-qualifier.json",
      "Tests/Fuzzing/Seeds/document/v2-nulls.json",
    ] {
      let url = repositoryRoot.appendingPathComponent(name)
      let document = try NetworkDocument.decode(Array(try Data(contentsOf: url)), file: name)
      let again = try NetworkDocument.decode(document.encoded(), file: "again.json")
      #expect(again == document, "\(name)")
      #expect(again.encoded() == document.encoded())
    }
  }
}

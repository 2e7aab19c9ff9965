import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

@Suite struct DocumentFormatTests {
  static let graphs = [
    "meta-2019-04-india-pakistan.json", "meta-2020-08-cib-report.json",
    "seed-000-ispr-article.json",
  ]

  @Test(arguments: graphs) func documentsRoundTripWithoutLoss(name: String) throws {
    let document = try graphsDocument(name)
    let encoded = document.encoded()
    let again = try NetworkDocument.decode(encoded, file: "re-encoded")
    #expect(again == document)
    #expect(again.encoded() == encoded, "same document, same bytes")
  }

  @Test func aBuiltDocumentRoundTrips() throws {
    var network = Network(id: "n", name: "Name with \"quotes\", <tags> and \u{202E}bidi")
    network.reported.counts[.page] = ReportedFigure(3, source: "s", note: "n")
    network.reported.audiences[.group] = ReportedFigure(10, .lessThan)
    network.reported.total = ReportedTotal(figure: ReportedFigure(5), covers: [.page, .account])
    network.adSpend = AdSpend(
      amount: ReportedFigure(1_100, .about), currency: "USD", paidIn: ["USD", "PKR"],
      firstAd: PartialDate("2015-05"), lastAd: PartialDate("2018-12-31"))
    network.assets = [Asset(id: "p", kind: .page, name: "😀\n", followers: 7)]
    network.relations = [Relation(source: "p", target: "o", type: .attributedTo, evidence: "e")]
    network.subsets = [
      ReportedSubset(label: "part", counts: PerKind([.account: ReportedFigure(2)]))
    ]
    let document = NetworkDocument(
      report: Report(
        title: "T", publisher: "P", published: PartialDate("2020"), url: "https://x/y",
        kind: .secondary, sources: [Source(id: "s", publisher: "P")], notes: ["note"]),
      organizations: [Organization(id: "o", name: "O", partOf: nil, country: "X", source: "s")],
      networks: [network])
    #expect(try NetworkDocument.decode(document.encoded(), file: "x") == document)
  }

  @Test func aSyntaxErrorHasItsLineAndColumn() {
    let text = "{\n  \"format\": \"cibgraph-network-document\",\n  \"version\": 1,,\n}"
    #expect {
      try NetworkDocument.decode(Array(text.utf8), file: "bad.json")
    } throws: { error in
      guard let error = error as? InputError else { return false }
      return error.location.line == 3 && error.location.column == 16 && error.kind == .badData
        && error.description.hasPrefix("bad.json:3:16: ")
    }
  }

  @Test func aWrongTypeIsLocated() throws {
    let text = documentJSON(
      networks: """
        [{"id": "n", "name": "N",
          "reported": {"counts": {"page": {"value": "24"}}}}]
        """)
    do {
      _ = try decodeJSON(text)
      Issue.record("a string count was accepted")
    } catch {
      #expect(error.location.path?.description == "networks[0].reported.counts.page.value")
      #expect(error.location.line == 5)
      #expect(error.message.contains("expected a whole number"))
    }
  }

  /// Foundation's decoder says only "not valid JSON" of these, at the top.
  @Test(arguments: [
    (#""followers": 1.5"#, "not a whole number"), (#""followers": 1e300"#, "too large"),
    (#""followers": 1e400"#, "number out of range"), (#""weight": -1E+999"#, "number out of range"),
  ])
  func numbersAnIntegerOrADoubleCannotHoldAreLocated(_ field: String, _ message: String) {
    let text = documentJSON(
      networks: """
        [{"id": "n", "name": "N", "assets": [{"id": "a", "kind": "page", \(field)}],
          "relations": [{"source": "a", "target": "a", "type": "linkedTo", \(field)}]}]
        """)
    do {
      _ = try decodeJSON(text)
      Issue.record("\(field) was accepted")
    } catch {
      #expect(error.location.line == 4, "\(error.location)")
      #expect((error.location.column ?? 0) > 40, "\(error.location)")
      #expect(error.message.contains(message), "\(error.message)")
    }
  }

  @Test func negativeCountsAndMissingKeysAreRefused() {
    let negative = documentJSON(
      networks:
        #"[{"id": "n", "name": "N", "assets": [{"id": "a", "kind": "page", "followers": -3}]}]"#)
    #expect(throws: InputError.self) { try decodeJSON(negative) }
    let missing = documentJSON(networks: #"[{"name": "N"}]"#)
    do {
      _ = try decodeJSON(missing)
    } catch {
      #expect(error.message == "missing required key \"id\"")
      #expect(error.location.path?.description == "networks[0]")
      #expect(error.location.line == 4)
    }
  }

  @Test(arguments: [
    ("", "empty document"),
    ("   \n", "empty document"),
    ("[1, 2]", "expected an object"),
    ("{\"a\": 1, \"a\": 2}", "duplicate key \"a\""),
    ("{\"a\": \"x\ny\"}", "string not closed"),
    ("{\"a\": 01}", "unexpected '1'"),
    ("{\"a\": tru}", "expected 'true'"),
    ("{\"a\": 1} x", "after the end"),
    ("{\"a\": \"\\q\"}", "invalid escape"),
  ])
  func malformedJSONIsExplained(text: String, expected: String) {
    do {
      _ = try NetworkDocument.decode(Array(text.utf8), file: "f.json")
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.message.contains(expected), "\(error.message)")
      #expect(error.location.line != nil || text.isEmpty)
    }
  }

  @Test func invalidUTF8AndDeepNestingAreRefusedNotCrashed() {
    let invalid: [UInt8] = Array("{\"a\": \"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
    #expect(throws: InputError.self) { try NetworkDocument.decode(invalid, file: "f") }
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    do {
      _ = try NetworkDocument.decode(Array(deep.utf8), file: "f")
      Issue.record("accepted deep nesting")
    } catch {
      #expect(error.message.contains("nested deeper"))
    }
  }

  @Test func versionsAndFormatsAreChecked() {
    let future = documentJSON().replacingOccurrences(of: "\"version\": 1", with: "\"version\": 3")
    do {
      _ = try decodeJSON(future)
      Issue.record("version 3 was read")
    } catch {
      #expect(
        error.message.contains("version 3 is not supported; this build reads versions 1 to 2"))
      #expect(error.location.path?.description == "version")
    }
    let other = documentJSON().replacingOccurrences(of: "cibgraph-network-document", with: "x")
    #expect(throws: InputError.self) { try decodeJSON(other) }
  }
}

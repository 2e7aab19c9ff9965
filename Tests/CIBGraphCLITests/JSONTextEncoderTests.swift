import CIBGraph
import CIBGraphTestSupport
import Testing

@testable import CIBGraphCLI

/// The encoder that turns an output's schema types into the tool's JSON.
@Suite struct JSONTextEncoderTests {
  enum Colour: String, CaseIterable { case red, green }

  struct Item: Encodable {
    var name: String
    var size: Int
  }

  struct Schema: Encodable {
    var zeta: Int
    var alpha: String?
    var sum: Int128
    var ratio: Double
    var flag: Bool
    var items: [Item]
    var counts: JSONMembers<Int>
    @OmittedWhenNil var listed: [String]?
    var missing: Item?
  }

  @Test func keysFollowTheDeclarationAndNilIsNullUnlessOmitted() {
    let value = Schema(
      zeta: 1, alpha: nil, sum: Int128(Int64.max) * 4, ratio: 0.5, flag: true,
      items: [Item(name: "a", size: 2), Item(name: "b\n", size: 3)],
      counts: JSONMembers(Colour.allCases) { $0 == .red ? 7 : 0 }, listed: nil, missing: nil)
    #expect(
      JSONTextEncoder.text(of: value) == """
        {
          "zeta": 1,
          "alpha": null,
          "sum": 36893488147419103228,
          "ratio": 0.5,
          "flag": true,
          "items": [
            {
              "name": "a",
              "size": 2
            },
            {
              "name": "b\\n",
              "size": 3
            }
          ],
          "counts": {
            "red": 7,
            "green": 0
          },
          "missing": null
        }
        """)
    var listed = value
    listed.listed = []
    listed.alpha = "x"
    let text = JSONTextEncoder.text(of: listed)
    #expect(text.contains("\"alpha\": \"x\""))
    #expect(text.contains("\"listed\": []"))
  }

  /// A conformance written by hand with nested containers, closed when the next member starts.
  struct Nested: Encodable {
    enum Keys: String, CodingKey { case point, tags, empty, after }
    enum PointKeys: String, CodingKey { case x, y }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: Keys.self)
      var point = container.nestedContainer(keyedBy: PointKeys.self, forKey: .point)
      try point.encode(1, forKey: .x)
      try point.encode(2.5, forKey: .y)
      var tags = container.nestedUnkeyedContainer(forKey: .tags)
      try tags.encode("a")
      try tags.encodeNil()
      _ = container.nestedUnkeyedContainer(forKey: .empty)
      try container.encode(Int128.max, forKey: .after)
    }
  }

  @Test func nestedContainersCloseWhenTheirParentMovesOn() {
    #expect(
      JSONTextEncoder.text(of: [Nested()]) == """
        [
          {
            "point": {
              "x": 1,
              "y": 2.5
            },
            "tags": [
              "a",
              null
            ],
            "empty": [],
            "after": 170141183460469231731687303715884105727
          }
        ]
        """)
    #expect(JSONTextEncoder.text(of: [String]()) == "[]")
    #expect(JSONTextEncoder.text(of: JSONMembers([Colour]()) { _ in 0 }) == "{}")
    #expect(JSONTextEncoder.text(of: Double.nan) == "null")
  }

  /// The components of a random graph whose identifiers hold what JSON must
  /// escape, with a kind beyond the five, written the direct way and through `Encodable`.
  @Test(arguments: 0..<6)
  func componentsWrittenDirectlyAreWhatEncodableWrites(seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    let hostile = [
      "\"", "\\", "\n", "\u{1}", "\u{7F}", "\u{2028}", "\u{2029}", "é", "🙂", "</script>",
    ]
    let odd = try KindDeclaration(
      name: "json-test-channel", platform: "Tele\"gram", singular: "channel", plural: "channels"
    ).kind()
    let kinds: [AssetKind] = [.account, .page, .group, .instagram, .organization, odd]
    var builder = AssetGraphBuilder()
    let count = 1 + Int(random.next() % 300)
    for index in 0..<count {
      var id = "n\(index)"
      if random.next() % 3 == 0 { id += hostile[Int(random.next() % UInt64(hostile.count))] }
      let followers = random.next() % 4 == 0 ? nil : Int(random.next() % 1_000_000)
      _ = builder.addAsset(
        Asset(
          id: id, kind: kinds[Int(random.next() % UInt64(kinds.count))], followers: followers,
          members: random.next() % 2 == 0 ? nil : Int.max))
    }
    for _ in 0..<Int(random.next() % UInt64(2 * count)) {
      builder.addRelation(
        from: NodeIndex(random.next() % UInt64(count)),
        to: NodeIndex(random.next() % UInt64(count)), type: .follows)
    }
    let graph = builder.build()
    let analysis = ComponentAnalysis(graph)
    for listAssets in [false, true] {
      let limit = seed % 2 == 0 ? nil : Int(random.next() % 5) + 1
      let shown = min(limit ?? analysis.count, analysis.count)
      let output = ComponentsOutput(
        graph: graph, analysis: analysis, limit: limit, listAssets: listAssets,
        distinctAudience: seed % 3 == 0 ? nil : (0..<shown).map { $0 * 7 })
      let json = output.json()
      let direct = JSONTextEncoder.text(of: json)
      #expect(direct == JSONTextEncoder.textThroughEncodable(of: json))
      #expect(direct.contains("\"components\": ["))
      // Inside a value that only `Encodable` writes (the rows left out's mark).
      var leftOut = RowsLeftOut()
      leftOut.add(file: "a\"b.csv", reason: "bad-row", rows: 2)
      let marked = OutputWithoutBadRows(inner: output, leftOut: leftOut).json()
      #expect(JSONTextEncoder.text(of: marked) == JSONTextEncoder.textThroughEncodable(of: marked))
    }
  }

  /// The scalars, optionals, arrays and members that direct values are made
  /// of, each as `Encodable` writes it.
  @Test func directScalarsAndCollectionsAreWhatEncodableWrites() {
    let members = JSONMembers(Colour.allCases) { $0 == .red ? Optional(3) : nil }
    #expect(JSONTextEncoder.text(of: members) == JSONTextEncoder.textThroughEncodable(of: members))
    let nested: [[Int128?]] = [[], [nil, Int128.min, Int128.max], [0]]
    #expect(JSONTextEncoder.text(of: nested) == JSONTextEncoder.textThroughEncodable(of: nested))
    let strings = ["", "\u{0}\u{1F}\"\\/\u{2028}x\u{2029}\u{E2}", "\u{7F}"]
    #expect(JSONTextEncoder.text(of: strings) == JSONTextEncoder.textThroughEncodable(of: strings))
    #expect(
      JSONTextEncoder.text(of: strings[1])
        == #""\u0000\u001f\"\\/\u2028x\u2029â""#)
    #expect(JSONTextEncoder.line(of: [1, 2]) == "[\n  1,\n  2\n]\n")
  }

  @Test func largeArraysAreBuiltInLinearTime() {
    let items = (0..<200_000).map { Item(name: String($0), size: $0) }
    let clock = ContinuousClock()
    let elapsed = clock.measure { _ = JSONTextEncoder.text(of: items) }
    // About 0.3 s in a debug build; quadratic growth would take minutes.
    #expect(elapsed < .seconds(10))
  }
}

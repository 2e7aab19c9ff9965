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

  @Test func largeArraysAreBuiltInLinearTime() {
    let items = (0..<200_000).map { Item(name: String($0), size: $0) }
    let clock = ContinuousClock()
    let elapsed = clock.measure { _ = JSONTextEncoder.text(of: items) }
    // About 0.3 s in a debug build; quadratic growth would take minutes.
    #expect(elapsed < .seconds(10))
  }
}

import Foundation

// Documents the reader must refuse, each with where the refusal must point:
// the library's tests decode them, the tool's tests run them through commands.

/// A version 2 document around the given JSON arrays.
public func version2Document(
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

/// The line and column (in Unicode scalars, as the reader counts them) of
/// the `occurrence`-th `marker` in `text`.
public func position(of marker: String, occurrence: Int = 1, in text: String) -> (
  line: Int, column: Int
)? {
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

/// A document the reader refuses, and where the refusal must point.
public struct BadDocument: Sendable, CustomStringConvertible {
  /// What is wrong with it, as a test's argument names it.
  public var description: String
  /// The document, as the file `test.json`.
  public var text: String
  /// The text the error's line and column point at (its first character).
  public var marker: String
  /// Which occurrence of ``marker``, from 1.
  public var occurrence = 1
  /// The error's path.
  public var path: String
  /// Text the error's message holds.
  public var message: String

  /// The line and column the error must have.
  public var position: (line: Int, column: Int)? {
    CIBGraphTestSupport.position(of: marker, occurrence: occurrence, in: text)
  }
}

/// A version 2 document whose one network's Group audience is `figure`.
func figureNetwork(_ figure: String) -> String {
  version2Document(
    networks: #"[{"id": "n", "name": "N", "reported": {"audiences": {"group": \#(figure)}}}]"#)
}

let vk =
  #"{"name": "vk-community", "platform": "VK", "singular": "VK community", "plural": "VK communities"}"#

public let badDocuments: [BadDocument] = [
  BadDocument(
    description: "a misspelt key of a figure",
    text: version2Document(
      networks:
        #"[{"id": "n", "name": "N", "reported": {"counts": {"page": {"value": 4, "qualifer": "about"}}}}]"#
    ),
    marker: #""about""#, path: "networks[0].reported.counts.page.qualifer",
    message: #"unknown key "qualifer"; expected one of value, qualifier, upTo, source, note"#),
  BadDocument(
    description: "a misspelt key of a network",
    text: version2Document(networks: #"[{"id": "n", "name": "N", "topic": ["elections"]}]"#),
    marker: #"["elections"]"#, path: "networks[0].topic", message: #"unknown key "topic""#),
  BadDocument(
    description: "an unknown kind of an asset",
    text: version2Document(
      networks: #"[{"id": "n", "name": "N", "assets": [{"id": "a", "kind": "threds"}]}]"#),
    marker: #""threds""#, path: "networks[0].assets[0].kind", message: #"unknown kind "threds""#),
  BadDocument(
    description: "an unknown kind of a count",
    text: version2Document(
      networks:
        #"[{"id": "n", "name": "N", "reported": {"counts": {"tiktok-acount": {"value": 4}}}}]"#),
    marker: #"{"value": 4}"#, path: "networks[0].reported.counts.tiktok-acount",
    message: #"unknown kind "tiktok-acount""#),
  BadDocument(
    description: "an unknown kind a total covers",
    text: version2Document(
      networks:
        #"[{"id": "n", "name": "N", "reported": {"total": {"figure": {"value": 3}, "covers": ["page", "grop"]}}}]"#
    ),
    marker: #""grop""#, path: "networks[0].reported.total.covers[1]",
    message: #"unknown kind "grop""#),
  BadDocument(
    description: "a declared kind named as a built-in one",
    text: version2Document(
      kinds: #"[{"name": "page", "platform": "VK", "singular": "VK page", "plural": "VK pages"}]"#
    ),
    marker: #""page""#, path: "kinds[0].name", message: #""page" is a built-in kind"#),
  BadDocument(
    description: "a declared kind named as a built-in spelling",
    text: version2Document(
      kinds: #"[{"name": "twitter", "platform": "X", "singular": "tweet", "plural": "tweets"}]"#),
    marker: #""twitter""#, path: "kinds[0].name", message: #""twitter" is a built-in kind"#),
  BadDocument(
    description: "a kind declared twice",
    text: version2Document(kinds: "[\(vk),\n \(vk)]"),
    marker: #""vk-community""#, occurrence: 2, path: "kinds[1].name",
    message: #"the kind "vk-community" is declared twice"#),
  BadDocument(
    description: "a declared kind's name in capitals",
    text: version2Document(
      kinds: #"[{"name": "VK", "platform": "VK", "singular": "VK page", "plural": "VK pages"}]"#),
    marker: #""VK""#, path: "kinds[0].name", message: "lower-case letters, digits"),
  BadDocument(
    description: "a declared kind's empty plural",
    text: version2Document(
      kinds: #"[{"name": "vk-page", "platform": "VK", "singular": "VK page", "plural": " "}]"#),
    marker: #"" "}"#, path: "kinds[0].plural", message: "plural is 1 to 200 bytes"),
  BadDocument(
    description: "a declared kind's plural with a terminal escape and a direction override",
    text: version2Document(
      kinds:
        #"[{"name": "vk-page", "platform": "VK", "singular": "VK page", "plural": "VK \u001b[2Jpages\u202e"}]"#
    ),
    marker: #""VK \u001b"#, path: "kinds[0].plural",
    message: "plural is 1 to 200 bytes of visible text"),
  BadDocument(
    description: "a figure with a value and notGiven",
    text: figureNetwork(#"{"value": 546, "qualifier": "notGiven"}"#),
    marker: "546", path: "networks[0].reported.audiences.group.value",
    message: "a figure that is not given has no value"),
  BadDocument(
    description: "a range whose low end is above its high end",
    text: figureNetwork(#"{"value": 5000, "qualifier": "range", "upTo": 2000}"#),
    marker: "2000", path: "networks[0].reported.audiences.group.upTo",
    message: "the range's high end (2,000) is below its low end (5,000)"),
  BadDocument(
    description: "upTo without a range",
    text: figureNetwork(#"{"value": 5000, "qualifier": "about", "upTo": 9000}"#),
    marker: "9000", path: "networks[0].reported.audiences.group.upTo",
    message: #"only a range has an "upTo"; its qualifier is "about""#),
  BadDocument(
    description: "a range without upTo",
    text: figureNetwork(#"{"value": 5000, "qualifier": "range"}"#),
    marker: #"{"value": 5000"#, path: "networks[0].reported.audiences.group",
    message: #"missing required key "upTo""#),
  BadDocument(
    description: "an unknown qualifier",
    text: figureNetwork(#"{"value": 5000, "qualifier": "roughly"}"#),
    marker: #""roughly""#, path: "networks[0].reported.audiences.group.qualifier",
    message: #"unknown qualifier "roughly"; expected one of exactly, about"#),
  BadDocument(
    description: "an unknown country code among origins",
    text: version2Document(networks: #"[{"id": "n", "name": "N", "origins": ["PK", "XX", "IN"]}]"#),
    marker: #""XX""#, path: "networks[0].origins[1]", message: #"unknown country code "XX""#),
  BadDocument(
    description: "an unknown country code among targets",
    text: version2Document(
      networks: #"[{"id": "n", "name": "N", "targets": ["Middle East", "QQ"]}]"#),
    marker: #""QQ""#, path: "networks[0].targets[1]", message: #"unknown country code "QQ""#),
  BadDocument(
    description: "an empty place",
    text: version2Document(networks: #"[{"id": "n", "name": "N", "targets": ["IN", "  "]}]"#),
    marker: #""  ""#, path: "networks[0].targets[1]", message: "a place is empty"),
  BadDocument(
    description: "an actor's unknown country code",
    text: version2Document(organizations: #"[{"id": "o", "name": "O", "country": "ZZ"}]"#),
    marker: #""ZZ""#, path: "organizations[0].country", message: #"unknown country code "ZZ""#),
  BadDocument(
    description: "an unknown country code in version 1",
    text: documentJSON(networks: #"[{"id": "n", "name": "N", "origin": "XX"}]"#),
    marker: #""XX""#, path: "networks[0].origin", message: #"unknown country code "XX""#),
  BadDocument(
    description: "an actor of a platform's kind",
    text: version2Document(
      organizations: #"[{"id": "o", "name": "O", "kind": "youtube-channel"}]"#),
    marker: #""youtube-channel""#, path: "organizations[0].kind",
    message: "an actor is an organization, a person or a movement, not a YouTube channel"),
  BadDocument(
    description: "version 1's origin in version 2",
    text: version2Document(networks: #"[{"id": "n", "name": "N", "origin": "Pakistan"}]"#),
    marker: #""Pakistan""#, path: "networks[0].origin",
    message: #"a version 2 network lists its "origins""#),
  BadDocument(
    description: "version 2's origins in version 1",
    text: documentJSON(networks: #"[{"id": "n", "name": "N", "origins": ["PK"]}]"#),
    marker: #"["PK"]"#, path: "networks[0].origins", message: #""origins" is a version 2 key"#),
  BadDocument(
    description: "declared kinds in version 1",
    text: documentJSON().replacingOccurrences(
      of: #""networks""#, with: "\"kinds\": [\(vk)], \"networks\""),
    marker: "[{\"name\"", path: "kinds", message: "declared kinds are a version 2 key"),
  BadDocument(
    description: "a paraphrase's author on a verbatim statement",
    text: version2Document(
      networks:
        #"[{"id": "n", "name": "N", "attribution": {"statement": "QAnon", "paraphrasedBy": "a compilation"}}]"#
    ),
    marker: #""a compilation""#, path: "networks[0].attribution.paraphrasedBy",
    message: #"set "wording": "paraphrase""#),
]

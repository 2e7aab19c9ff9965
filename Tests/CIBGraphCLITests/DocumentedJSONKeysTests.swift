import CIBGraphTestSupport
import Foundation
import Testing

/// The keys of each command's JSON output are the ones README.md's "JSON
/// output" tables document, in the order they list them: a key added,
/// renamed or moved in the tool without the README fails here.
@Suite struct DocumentedJSONKeysTests {
  /// What the README says of one command: each object's path and its keys.
  struct Schema {
    /// Keys in order, per path (`networks[].kinds.*`; "" for the object itself).
    var keys: [String: [String]] = [:]
    /// Keys written only with an option, per path.
    var optional: [String: Set<String>] = [:]
  }

  /// The README's tables, per command.
  static func documented() throws -> [String: Schema] {
    let readme = try String(
      contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let lines = readme.components(separatedBy: "\n")
    let start = try #require(lines.firstIndex(of: "### JSON output"), "README has no JSON section")
    var schemas: [String: Schema] = [:]
    var command: String?
    for line in lines[(start + 1)...] {
      if line.hasPrefix("#") { break }
      guard line.hasPrefix("|") else {
        command = nil
        continue
      }
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
      guard cells.count >= 3, !cells[1].contains("---") else { continue }
      guard let current = command else {
        // A table's header names its command.
        let name: String = try #require(Self.quoted(cells[1]).first, "\(line) names no command")
        command = name
        continue
      }
      let paths = Self.quoted(cells[1])
      var keys: [String] = []
      var optional: Set<String> = []
      for part in cells[2].components(separatedBy: ", ") {
        guard let key = Self.quoted(part).first else { continue }
        keys.append(key)
        if part.contains("(only with") { optional.insert(key) }
      }
      for path in paths.isEmpty ? [""] : paths {
        schemas[current, default: Schema()].keys[path] = keys
        schemas[current, default: Schema()].optional[path] = optional
      }
    }
    return schemas
  }

  /// The `code` spans of a Markdown cell.
  static func quoted(_ text: String) -> [String] {
    text.split(separator: "`", omittingEmptySubsequences: false).enumerated()
      .filter { $0.offset % 2 == 1 }.map { String($0.element) }
  }

  /// Every object's keys in `json`, in order, by path; `schema` tells which
  /// objects are keyed by data (their members are all `path.*`).
  static func observed(_ json: String, schema: Schema) throws -> [String: [[String]]] {
    var parser = OrderedJSON(Array(json.utf8))
    let value = try parser.value()
    var found: [String: [[String]]] = [:]
    func walk(_ value: OrderedJSON.Value, _ path: String) {
      switch value {
      case .object(let members):
        found[path, default: []].append(members.map(\.key))
        let byData = schema.keys[path + ".*"] != nil
        for (key, member) in members {
          walk(member, byData ? path + ".*" : path.isEmpty ? key : path + "." + key)
        }
      case .array(let items):
        for item in items { walk(item, path + "[]") }
      case .scalar:
        break
      }
    }
    walk(value, "")
    return found
  }

  /// Runs that, together, write every key of each command.
  static func runs() throws -> [String: [[String]]] {
    let nodes = try temporaryFile(
      "nodes.csv",
      "Id,Label,Kind,Followers,Members\np1,Page one,page,3,\np2,Page two,page,2,\ng1,Group,group,,2\ni1,Insta,instagram,2,\na1,Admin,account,,\n"
    )
    let edges = try temporaryFile("edges.csv", "Source,Target,Type\na1,p1,administers\n")
    let audience = try temporaryFile(
      "audience.csv", "Asset,Account\np1,u1\np1,u2\np2,u1\ng1,u2\ni1,u3\nghost,u1\n")
    let activity = try temporaryFile(
      "activity.csv",
      "object_id,account_id,content_id,timestamp\nu1,a,p1,0\nu1,b,p2,10\nu2,a,p3,100\n"
        + "u2,b,p4,110\nu3,,p5,0\n")
    // URLs, for the measures' top domains.
    let measured = try temporaryFile(
      "measured.csv",
      "object_id,account_id,content_id,timestamp\nhttps://a.test/1,a,p1,0\nhttps://a.test/1,b,p2,3\n"
        + "https://a.test/2,a,p3,100\nhttps://a.test/2,b,p4,110\n")
    // Two object types, one with a window of its own, and normalised links.
    let typed = try temporaryFile(
      "typed.csv",
      "object_id,account_id,content_id,timestamp,object_type\n"
        + "https://www.a.test/1?utm_source=x,a,p1,0,link\nhttps://a.test/2,b,p2,3,link\n"
        + "#Tag,a,p3,100,hashtag\n#tag,b,p4,400,hashtag\n")
    // Two organisations whose networks share an asset.
    let shared = try temporaryFile(
      "shared.json",
      """
      {"format": "cibgraph-network-document", "version": 1,
       "report": {"title": "Another look", "publisher": "Someone", "kind": "secondary"},
       "organizations": [{"id": "x", "name": "X"}, {"id": "y", "name": "Y"}],
       "networks": [
         {"id": "n1", "name": "N1", "attribution": {"statement": "x", "organizations": ["x"]},
          "assets": [{"id": "p1", "kind": "page"}]},
         {"id": "n2", "name": "N2", "attribution": {"statement": "y", "organizations": ["y"]},
          "assets": [{"id": "p1", "kind": "page"}]}]}
      """)
    let fixture = try String(
      contentsOf: repositoryRoot.appendingPathComponent(fixturePath("v2-every-key.json")),
      encoding: .utf8)
    let rangeEdited = try temporaryFile(
      "range.json", fixture.replacingOccurrences(of: "\"upTo\": 20000", with: "\"upTo\": 25000"))
    let documents = [
      "Graphs/meta-2019-04-india-pakistan.json", "Graphs/seed-000-ispr-article.json", shared,
    ]
    // The audience's ghost row and the activity's empty account are left out, and said so.
    let spreadsheets = [
      "--nodes", nodes, "--edges", edges, "--audience", audience, "--skip-bad-rows",
    ]
    return [
      "reach": [
        ["reach"] + documents,
        ["reach"] + spreadsheets,
        ["reach"] + spreadsheets + ["--estimate"],
      ],
      "components": [["components"] + spreadsheets + ["--list-assets"]],
      "overlap": [["overlap"] + documents, ["overlap"] + spreadsheets],
      "validate": [["validate"] + documents],
      "summary": [
        ["summary", "Graphs", "--by", "year"],
        [
          "summary", "Graphs/meta-2019-04-india-pakistan.json",
          "Graphs/meta-2020-08-cib-report.json", "--by", "year",
        ],
        ["summary", "Graphs/meta-2020-08-cib-report.json", "--origin", "RU"],
        // Networks that give no audience leave its upper bound open, and say why.
        ["summary", shared, "--by", "year"],
      ],
      // The fixture against itself with another range: a figure with its upTo on both sides.
      "diff": [
        ["diff", documents[1], documents[0]],
        ["diff", fixturePath("v2-every-key.json"), rangeEdited],
      ],
      "coordinate": [
        ["coordinate", activity, "--min-repeat", "1", "--list-accounts", "--skip-bad-rows"],
        ["coordinate", measured, "--fast-window", "5", "--keep-all"],
        [
          "coordinate", typed, "--min-repeat", "1", "--window", "60", "--window", "hashtag=600",
          "--normalize", "url-domain,strip-tracking,hashtag-case",
        ],
      ],
    ]
  }

  @Test func eachCommandWritesTheKeysTheReadmeDocuments() throws {
    let documented = try Self.documented()
    let runs = try Self.runs()
    #expect(Set(documented.keys) == Set(runs.keys), "a table per command that writes JSON")
    for (command, arguments) in runs {
      let schema = try #require(documented[command], "README documents \(command)")
      var seen: [String: Set<String>] = [:]
      for run in arguments {
        let result = try cibgraph(run + ["--format", "json"])
        #expect(
          result.status == 0 || result.status == 1 && ["validate", "diff"].contains(command),
          "\(run): \(result.stderr)")
        for (path, objects) in try Self.observed(result.stdout, schema: schema) {
          let keys = schema.keys[path] ?? []
          #expect(!keys.isEmpty, "\(command) writes \(path), which README does not document")
          let required = keys.filter { !(schema.optional[path] ?? []).contains($0) }
          // In the documented order, every key but the optional ones (each shape reported once).
          for object in Set(objects) {
            #expect(
              object == keys.filter(object.contains) && Set(required).isSubset(of: object),
              "\(command): \(path.isEmpty ? "the object" : path) has \(object), README \(keys)")
            seen[path, default: []].formUnion(object)
          }
        }
      }
      for (path, keys) in schema.keys {
        #expect(
          seen[path] == Set(keys),
          "\(command): README documents \(path) as \(keys); the runs wrote \(seen[path] ?? [])")
      }
    }
  }
}

/// Just enough of a JSON reader to keep the order of an object's keys,
/// which `JSONSerialization` loses.
struct OrderedJSON {
  indirect enum Value {
    case object([(key: String, value: Value)])
    case array([Value])
    case scalar
  }

  struct Malformed: Error {
    var offset: Int
  }

  let bytes: [UInt8]
  var offset = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  mutating func value() throws -> Value {
    skipSpace()
    guard offset < bytes.count else { throw Malformed(offset: offset) }
    switch bytes[offset] {
    case UInt8(ascii: "{"):
      offset += 1
      var members: [(key: String, value: Value)] = []
      skipSpace()
      if peek(UInt8(ascii: "}")) { return .object(members) }
      repeat {
        skipSpace()
        let key = try string()
        skipSpace()
        try expect(UInt8(ascii: ":"))
        members.append((key, try value()))
        skipSpace()
      } while peek(UInt8(ascii: ","))
      try expect(UInt8(ascii: "}"))
      return .object(members)
    case UInt8(ascii: "["):
      offset += 1
      var items: [Value] = []
      skipSpace()
      if peek(UInt8(ascii: "]")) { return .array(items) }
      repeat {
        items.append(try value())
        skipSpace()
      } while peek(UInt8(ascii: ","))
      try expect(UInt8(ascii: "]"))
      return .array(items)
    case UInt8(ascii: "\""):
      _ = try string()
      return .scalar
    default:
      // A number, true, false or null: up to the next delimiter.
      let start = offset
      while offset < bytes.count, !",]} \n\r\t".utf8.contains(bytes[offset]) { offset += 1 }
      guard offset > start else { throw Malformed(offset: offset) }
      return .scalar
    }
  }

  private mutating func string() throws -> String {
    try expect(UInt8(ascii: "\""))
    var text: [UInt8] = []
    while offset < bytes.count, bytes[offset] != UInt8(ascii: "\"") {
      if bytes[offset] == UInt8(ascii: "\\") { offset += 1 }
      if offset < bytes.count { text.append(bytes[offset]) }
      offset += 1
    }
    try expect(UInt8(ascii: "\""))
    return String(decoding: text, as: UTF8.self)
  }

  private mutating func skipSpace() {
    while offset < bytes.count, " \n\r\t".utf8.contains(bytes[offset]) { offset += 1 }
  }

  /// Consumes `byte` if it is next.
  private mutating func peek(_ byte: UInt8) -> Bool {
    guard offset < bytes.count, bytes[offset] == byte else { return false }
    offset += 1
    return true
  }

  private mutating func expect(_ byte: UInt8) throws {
    guard peek(byte) else { throw Malformed(offset: offset) }
  }
}

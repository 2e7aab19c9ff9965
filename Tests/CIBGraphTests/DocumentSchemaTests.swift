import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

/// docs/cibgraph-document.schema.json against the code: its lists of names
/// are the reader's, and the keys it defines are the keys a version 2
/// document is written with. (`scripts/check-schema.py` validates documents
/// against it with a JSON Schema validator.)
@Suite struct DocumentSchemaTests {
  static func schema() throws -> [String: Any] {
    let url = repositoryRoot.appendingPathComponent("docs/cibgraph-document.schema.json")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
  }

  static func definitions() throws -> [String: [String: Any]] {
    try #require(try schema()["$defs"] as? [String: [String: Any]])
  }

  @Test func theSchemaListsTheNamesTheReaderTakes() throws {
    let defs = try Self.definitions()
    func names(_ name: String) -> [String]? { defs[name]?["enum"] as? [String] }
    #expect(names("countryCode") == Place.codes)
    #expect(names("qualifier") == Qualifier.allCases.map(\.rawValue))
    #expect(names("relationType") == RelationType.allCases.map(\.rawValue))
    #expect(names("reportKind") == ReportKind.allCases.map(\.rawValue))
    let spellings = AssetKind.builtInSpellings
    #expect(Set(names("builtInKind") ?? []) == Set(spellings.map(\.name)))
    #expect(Set(names("actorKind") ?? []) == Set(spellings.filter(\.kind.isActor).map(\.name)))
    let attribution = try #require(defs["attribution"]?["properties"] as? [String: Any])
    let wording = (attribution["wording"] as? [String: Any])?["anyOf"] as? [[String: Any]]
    #expect(wording?.first?["enum"] as? [String] == Attribution.Wording.allCases.map(\.rawValue))
    #expect(defs["count"]?["maximum"] as? Int == Count.largest)
    let declaration = try #require(defs["kindDeclaration"]?["properties"] as? [String: Any])
    let declaredName = try #require(declaration["name"] as? [String: Any])
    #expect(
      Set(((declaredName["not"] as? [String: Any])?["enum"] as? [String]) ?? [])
        == Set(spellings.map(\.name)), "a declared kind may not take a built-in name")
  }

  /// Walks a written document beside the schema: every key written is one
  /// the schema defines, and every key the schema defines for version 2 is
  /// written for the fixture that has them all.
  @Test func theSchemaDefinesEveryKeyAVersionTwoDocumentIsWrittenWith() throws {
    let defs = try Self.definitions()
    let document = try fixtureDocument("v2-every-key.json")
    let written = try JSONSerialization.jsonObject(with: Data(document.encoded()))

    var seen: Set<String> = []
    var undefined: [String] = []
    /// The definition a schema names, following `$ref` and taking the
    /// non-null alternative of an `anyOf`.
    func resolve(_ schema: [String: Any]) -> (name: String?, schema: [String: Any]) {
      if let ref = schema["$ref"] as? String, schema["properties"] == nil {
        let name = String(ref.dropFirst("#/$defs/".count))
        return (name, resolve(defs[name] ?? [:]).schema)
      }
      if let choices = schema["anyOf"] as? [[String: Any]],
        let first = choices.first(where: { $0["type"] as? String != "null" })
      {
        return resolve(first)
      }
      return (nil, schema)
    }
    /// Properties of a definition and of those it refers to.
    func properties(_ schema: [String: Any]) -> [String: Any] {
      var result = schema["properties"] as? [String: Any] ?? [:]
      if let ref = schema["$ref"] as? String,
        let base = defs[String(ref.dropFirst("#/$defs/".count))]
      {
        result.merge(properties(base)) { mine, _ in mine }
      }
      return result
    }
    func walk(_ value: Any, _ schema: [String: Any], definition: String, path: String) {
      let (name, resolved) = resolve(schema)
      let owner = name ?? definition
      if let object = value as? [String: Any] {
        let known = properties(name.flatMap { defs[$0] } ?? resolved)
        for (key, member) in object {
          if let property = known[key] as? [String: Any] {
            seen.insert("\(owner).\(key)")
            walk(member, property, definition: owner, path: "\(path).\(key)")
          } else if let each = resolved["additionalProperties"] as? [String: Any] {
            walk(member, each, definition: owner, path: "\(path).\(key)")
          } else {
            undefined.append("\(path).\(key)")
          }
        }
      } else if let array = value as? [Any], let items = resolved["items"] as? [String: Any] {
        for (index, element) in array.enumerated() {
          walk(element, items, definition: owner, path: "\(path)[\(index)]")
        }
      }
    }
    walk(written, ["$ref": "#/$defs/document2"], definition: "document2", path: "")
    #expect(undefined.isEmpty, "written but not in the schema: \(undefined)")

    // Every key version 2 defines (version 1's own definitions aside), each
    // under the definition that holds it: a walk reaches a network's keys
    // through network2, which refers to networkCommon for most of them.
    func holder(_ key: String) -> String {
      key.replacingOccurrences(of: "network2.", with: "networkCommon.")
        .replacingOccurrences(of: "document2.", with: "documentCommon.")
        .replacingOccurrences(of: "reported2.", with: "reportedCommon.")
    }
    var defined: Set<String> = []
    for (name, definition) in defs where !["document1", "network1", "reported1"].contains(name) {
      for key in (definition["properties"] as? [String: Any] ?? [:]).keys {
        defined.insert(holder("\(name).\(key)"))
      }
    }
    let missing = defined.subtracting(seen.map(holder))
    #expect(missing.isEmpty, "keys of the schema the fixture never writes: \(missing.sorted())")
  }
}

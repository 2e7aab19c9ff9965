import CIBGraphCore
import CIBGraphSupport
import Foundation

// The document format's reading and writing of each model type. The model
// (CIBGraphCore) knows no file format; the JSON document's keys, versions and
// refusals are this file's. Each type reads and writes itself through
// `DocumentValue`, and the container overloads below let a reader decode a
// `Network` or a `[Asset]` as it would any `Decodable`.

/// A model value as the JSON document format writes it.
protocol DocumentValue {
  /// Reads the value, refusing anything the format does not allow.
  init(document decoder: any Decoder) throws
  /// Writes the value in the current version's form.
  func encode(document encoder: any Encoder) throws
}

/// Hands a `DocumentValue` to Foundation's coders.
struct InDocument<Value: DocumentValue>: Codable {
  var value: Value
  init(_ value: Value) { self.value = value }
  init(from decoder: any Decoder) throws { value = try Value(document: decoder) }
  func encode(to encoder: any Encoder) throws { try value.encode(document: encoder) }
}

/// What the document being read allows: its version, and the kinds it declares.
enum DocumentScope {
  /// The version of the document being read, for the parts whose form changed.
  @TaskLocal static var version = NetworkDocument.currentVersion
  /// The kinds the document being read declares, by name (lower-case
  /// letters, digits and `-`, so already as `AssetKind.spellingKey` makes
  /// it): a kind is accepted only in the document that declares it.
  @TaskLocal static var declaredKinds: [String: AssetKind] = [:]

  /// The kind `name` stands for in this document: built in, or declared by it.
  static func kind(named name: some StringProtocol) -> AssetKind? {
    AssetKind(name: name) ?? declaredKinds[AssetKind.spellingKey(name)]
  }
}

extension KeyedDecodingContainer {
  func decode<T: DocumentValue>(_: T.Type, forKey key: Key) throws -> T {
    try decode(InDocument<T>.self, forKey: key).value
  }

  func decodeIfPresent<T: DocumentValue>(_: T.Type, forKey key: Key) throws -> T? {
    try decodeIfPresent(InDocument<T>.self, forKey: key)?.value
  }

  func decode<T: DocumentValue>(_: [T].Type, forKey key: Key) throws -> [T] {
    try decode([InDocument<T>].self, forKey: key).map(\.value)
  }

  func decodeIfPresent<T: DocumentValue>(_: [T].Type, forKey key: Key) throws -> [T]? {
    try decodeIfPresent([InDocument<T>].self, forKey: key)?.map(\.value)
  }

  /// Refuses, in a version 2 document and later, a key the format does not
  /// have: a misspelt `"qualifer"` would otherwise be ignored and its figure
  /// read as exact. Version 1 documents are read as they always were.
  func refuseUnknownKeys<Known: CodingKey & CaseIterable>(
    _ decoder: any Decoder, known _: Known.Type
  ) throws {
    guard DocumentScope.version >= 2 else { return }
    let all = try decoder.container(keyedBy: DocumentKey.self)
    let keys = all.allKeys
    // Most objects have no unknown key: look for one before sorting.
    guard keys.contains(where: { Known(stringValue: $0.stringValue) == nil }) else { return }
    // In a fixed order, so that the first refusal is the same on every run.
    for key in keys.sorted(by: { $0.stringValue < $1.stringValue })
    where Known(stringValue: key.stringValue) == nil {
      let expected = Known.allCases.map(\.stringValue).joined(separator: ", ")
      throw DecodingError.dataCorruptedError(
        forKey: key, in: all,
        debugDescription: "unknown key \"\(key.stringValue)\"; expected one of \(expected)")
    }
  }
}

extension KeyedEncodingContainer {
  mutating func encode<T: DocumentValue>(_ value: T, forKey key: Key) throws {
    try encode(InDocument(value), forKey: key)
  }

  mutating func encodeIfPresent<T: DocumentValue>(_ value: T?, forKey key: Key) throws {
    if let value { try encode(InDocument(value), forKey: key) }
  }

  mutating func encode<T: DocumentValue>(_ values: [T], forKey key: Key) throws {
    try encode(values.map { InDocument($0) }, forKey: key)
  }
}

extension UnkeyedDecodingContainer {
  mutating func decode<T: DocumentValue>(_: T.Type) throws -> T {
    try decode(InDocument<T>.self).value
  }
}

// MARK: - Names

/// A value written as one of a fixed set of names.
protocol NamedDocumentValue: DocumentValue, RawRepresentable, CaseIterable
where RawValue == String {
  /// What the name names, for messages: "qualifier".
  static var what: String { get }
}

extension NamedDocumentValue {
  init(document decoder: any Decoder) throws {
    self = try decoder.decodeName(Self.self, what: Self.what)
  }

  func encode(document encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

extension Qualifier: NamedDocumentValue { static var what: String { "qualifier" } }
extension ReportKind: NamedDocumentValue { static var what: String { "report kind" } }
extension Attribution.Wording: NamedDocumentValue { static var what: String { "wording" } }

extension RelationType: DocumentValue {
  /// Reads a relation type from its name, case-insensitive, refusing any other.
  init(document decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let name = try container.decode(String.self)
    guard let type = RelationType(name: name) else {
      throw DecodingError.dataCorruptedError(
        in: container,
        debugDescription:
          "unknown relation type \"\(name)\"; expected one of \(RelationType.validNames)")
    }
    self = type
  }

  func encode(document encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

extension AssetKind: DocumentValue {
  /// Reads a kind from its name: built in, or declared by the document.
  init(document decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let name = try container.decode(String.self)
    guard let kind = DocumentScope.kind(named: name) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: AssetKind.unknownNameMessage(name))
    }
    self = kind
  }

  func encode(document encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(name)
  }
}

extension PartialDate: DocumentValue {
  /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, refusing anything else.
  init(document decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let date = PartialDate(text) else {
      throw DecodingError.dataCorruptedError(
        in: container,
        debugDescription: "\"\(text)\" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    }
    self = date
  }

  func encode(document encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

// MARK: - Figures

extension ReportedFigure: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable { case value, qualifier, upTo, source, note }

  init(document decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    try container.refuseUnknownKeys(decoder, known: CodingKeys.self)
    let qualifier = try container.decodeIfPresent(Qualifier.self, forKey: .qualifier) ?? .exactly
    let value: Int?
    if qualifier == .notGiven {
      guard !container.contains(.value), !container.contains(.upTo) else {
        throw DecodingError.dataCorruptedError(
          forKey: container.contains(.value) ? .value : .upTo, in: container,
          debugDescription:
            "a figure that is not given has no value; remove the value or the qualifier")
      }
      value = nil
    } else {
      value = try container.decodeRequiredCount(forKey: .value)
    }
    var upTo: Int? = nil
    if qualifier == .range {
      let high = try container.decodeRequiredCount(forKey: .upTo)
      if let value, value > high {
        throw DecodingError.dataCorruptedError(
          forKey: .upTo, in: container,
          debugDescription:
            "the range's high end (\(groupedDigits(high))) is below its low end (\(groupedDigits(value)))"
        )
      }
      upTo = high
    } else if container.contains(.upTo) {
      throw DecodingError.dataCorruptedError(
        forKey: .upTo, in: container,
        debugDescription: "only a range has an \"upTo\"; its qualifier is \"\(qualifier.rawValue)\""
      )
    }
    let source = try container.decodeIfPresent(String.self, forKey: .source)
    let note = try container.decodeIfPresent(String.self, forKey: .note)
    switch (value, upTo) {
    case (nil, _): self = .notGiven(source: source, note: note)
    case (let low?, let high?): self = .range(low, high, source: source, note: note)
    case (let value?, nil): self.init(value, qualifier, source: source, note: note)
    }
  }

  func encode(document encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(value, forKey: .value)
    try container.encode(qualifier, forKey: .qualifier)
    try container.encodeIfPresent(upTo, forKey: .upTo)
    try container.encodeIfPresent(source, forKey: .source)
    try container.encodeIfPresent(note, forKey: .note)
  }
}

/// A kind's name as a key of a table of figures per kind.
private struct KindKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

extension PerKind: DocumentValue where Value: DocumentValue {
  /// Reads a table keyed by kind name, refusing unknown kinds (a misspelt
  /// kind is an error, not a figure dropped) and one kind given twice under
  /// two spellings.
  init(document decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: KindKey.self)
    var table = PerKind<Value>()
    // The decoder's keys come in its dictionary's order, which changes from
    // process to process; in a fixed order, the first error reported for a
    // document is the same on every run.
    let keys = container.allKeys.map { ($0, DocumentScope.kind(named: $0.stringValue)) }.sorted {
      lhs, rhs in
      switch (lhs.1, rhs.1) {
      case (let a?, let b?): a < b || (a == b && lhs.0.stringValue < rhs.0.stringValue)
      case (.some, nil): true
      case (nil, .some): false
      case (nil, nil): lhs.0.stringValue < rhs.0.stringValue
      }
    }
    for (key, kind) in keys {
      guard let kind else {
        throw DecodingError.dataCorruptedError(
          forKey: key, in: container,
          debugDescription: AssetKind.unknownNameMessage(key.stringValue))
      }
      guard table[kind] == nil else {
        throw DecodingError.dataCorruptedError(
          forKey: key, in: container,
          debugDescription:
            "the kind \(kind.name) is given twice (as \"\(key.stringValue)\" and another spelling)")
      }
      table[kind] = try container.decode(Value.self, forKey: key)
    }
    self = table
  }

  func encode(document encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: KindKey.self)
    for (kind, value) in entries {
      try container.encode(value, forKey: KindKey(stringValue: kind.name))
    }
  }
}

extension ReportedFigures: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case counts, audiences, total, claimedAudience, posts, summedFollowers
  }

  /// Reads a network's figures; `posts` and `summedFollowers` are version 2
  /// keys, refused in a version 1 document rather than ignored.
  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
    if DocumentScope.version == 1 {
      try c.refuseKey(.posts, "\"posts\" is a version 2 key; this document is version 1")
      try c.refuseKey(
        .summedFollowers, "\"summedFollowers\" is a version 2 key; this document is version 1")
    }
    self.init(
      counts: try c.decodeIfPresent(PerKind<ReportedFigure>.self, forKey: .counts) ?? PerKind(),
      audiences: try c.decodeIfPresent(PerKind<ReportedFigure>.self, forKey: .audiences)
        ?? PerKind(),
      total: try c.decodeIfPresent(ReportedTotal.self, forKey: .total),
      claimedAudience: try c.decodeIfPresent(ReportedFigure.self, forKey: .claimedAudience),
      posts: try c.decodeIfPresent(ReportedFigure.self, forKey: .posts),
      summedFollowers: try c.decodeIfPresent(PerKind<ReportedFigure>.self, forKey: .summedFollowers)
        ?? PerKind())
  }

  /// Writes the figures; `summedFollowers` only when it holds one, so that a
  /// document without such sums is written as it was before they existed.
  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(counts, forKey: .counts)
    try c.encode(audiences, forKey: .audiences)
    try c.encodeIfPresent(total, forKey: .total)
    try c.encodeIfPresent(claimedAudience, forKey: .claimedAudience)
    try c.encodeIfPresent(posts, forKey: .posts)
    if !summedFollowers.isEmpty { try c.encode(summedFollowers, forKey: .summedFollowers) }
  }
}

extension ReportedTotal: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable { case figure, covers }

  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
    self.init(
      figure: try c.decode(ReportedFigure.self, forKey: .figure),
      covers: try c.decode([AssetKind].self, forKey: .covers))
  }

  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(figure, forKey: .figure)
    try c.encode(covers, forKey: .covers)
  }
}

extension ReportedSubset: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable { case label, counts }

  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
    self.init(
      label: try c.decode(String.self, forKey: .label),
      counts: try c.decode(PerKind<ReportedFigure>.self, forKey: .counts))
  }

  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(label, forKey: .label)
    try c.encode(counts, forKey: .counts)
  }
}

extension AdSpend: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case amount, currency, paidIn, firstAd, lastAd
  }

  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
    self.init(
      amount: try c.decode(ReportedFigure.self, forKey: .amount),
      currency: try c.decode(String.self, forKey: .currency),
      paidIn: try c.decodeIfPresent([String].self, forKey: .paidIn) ?? [],
      firstAd: try c.decodeIfPresent(PartialDate.self, forKey: .firstAd),
      lastAd: try c.decodeIfPresent(PartialDate.self, forKey: .lastAd))
  }

  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(amount, forKey: .amount)
    try c.encode(currency, forKey: .currency)
    try c.encode(paidIn, forKey: .paidIn)
    try c.encodeIfPresent(firstAd, forKey: .firstAd)
    try c.encodeIfPresent(lastAd, forKey: .lastAd)
  }
}

// MARK: - Who and where

extension Attribution: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case statement, wording, paraphrasedBy, confidence, organizations, source
  }

  /// Reads an attribution; in a version 1 document the statement is the
  /// platform's words, as that format promised.
  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
    let wording = try c.decodeIfPresent(Wording.self, forKey: .wording) ?? .verbatim
    let paraphrasedBy = try c.decodeIfPresent(String.self, forKey: .paraphrasedBy)
    if wording == .verbatim, paraphrasedBy != nil {
      throw DecodingError.dataCorruptedError(
        forKey: .paraphrasedBy, in: c,
        debugDescription:
          "a verbatim statement has no \"paraphrasedBy\"; set \"wording\": \"paraphrase\"")
    }
    self.init(
      statement: try c.decode(String.self, forKey: .statement), wording: wording,
      paraphrasedBy: paraphrasedBy,
      confidence: try c.decodeIfPresent(String.self, forKey: .confidence),
      organizations: try c.decodeIfPresent([String].self, forKey: .organizations) ?? [],
      source: try c.decodeIfPresent(String.self, forKey: .source))
  }

  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(statement, forKey: .statement)
    try c.encode(wording, forKey: .wording)
    try c.encodeIfPresent(paraphrasedBy, forKey: .paraphrasedBy)
    try c.encodeIfPresent(confidence, forKey: .confidence)
    try c.encode(organizations, forKey: .organizations)
    try c.encodeIfPresent(source, forKey: .source)
  }
}

extension Detection: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable { case method, by, source }

  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
    self.init(
      method: try c.decode(String.self, forKey: .method),
      by: try c.decodeIfPresent([String].self, forKey: .by) ?? [],
      source: try c.decodeIfPresent(String.self, forKey: .source))
  }

  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(method, forKey: .method)
    try c.encode(by, forKey: .by)
    try c.encodeIfPresent(source, forKey: .source)
  }
}

extension Organization: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case id, name, kind, aliases, partOf, country, source
  }

  /// Reads an actor, refusing a kind that is not an actor's and a
  /// two-letter country that is not an ISO 3166-1 code.
  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
    let kind = try c.decodeIfPresent(AssetKind.self, forKey: .kind) ?? .organization
    guard kind.isActor else {
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: c,
        debugDescription:
          "an actor is an organization, a person or a movement, not a \(kind.singularLabel)")
    }
    self.init(
      id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
      kind: kind, aliases: try c.decodeIfPresent([String].self, forKey: .aliases) ?? [],
      partOf: try c.decodeIfPresent(String.self, forKey: .partOf),
      country: try c.decodePlace(forKey: .country),
      source: try c.decodeIfPresent(String.self, forKey: .source))
  }

  /// Writes the actor, its kind and aliases always, as documents write every
  /// value that has a default and every list.
  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(name, forKey: .name)
    try c.encode(kind, forKey: .kind)
    try c.encode(aliases, forKey: .aliases)
    try c.encodeIfPresent(partOf, forKey: .partOf)
    try c.encodeIfPresent(country, forKey: .country)
    try c.encodeIfPresent(source, forKey: .source)
  }
}

extension KindDeclaration: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case name, platform, singular, plural, audience
  }

  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
    self.init(
      name: try c.decode(String.self, forKey: .name),
      platform: try c.decode(String.self, forKey: .platform),
      singular: try c.decode(String.self, forKey: .singular),
      plural: try c.decode(String.self, forKey: .plural),
      audience: try c.decodeIfPresent(String.self, forKey: .audience))
  }

  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(platform, forKey: .platform)
    try c.encode(singular, forKey: .singular)
    try c.encode(plural, forKey: .plural)
    try c.encodeIfPresent(audience, forKey: .audience)
  }
}

// MARK: - Itemized data

extension Asset: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case id, kind, name, followers, members, measures
  }

  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
    self.init(
      id: try c.decode(String.self, forKey: .id), kind: try c.decode(AssetKind.self, forKey: .kind),
      name: try c.decodeIfPresent(String.self, forKey: .name),
      followers: try c.decodeCount(forKey: .followers),
      members: try c.decodeCount(forKey: .members),
      measures: try c.decodeMeasures(forKey: .measures, holder: .asset))
  }

  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(kind, forKey: .kind)
    try c.encodeIfPresent(name, forKey: .name)
    try c.encodeIfPresent(followers, forKey: .followers)
    try c.encodeIfPresent(members, forKey: .members)
    try c.encodeMeasures(measures, forKey: .measures)
  }
}

extension Relation: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case source, target, type, evidence, weight, measures
  }

  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
    self.init(
      source: try c.decode(String.self, forKey: .source),
      target: try c.decode(String.self, forKey: .target),
      type: try c.decode(RelationType.self, forKey: .type),
      evidence: try c.decodeIfPresent(String.self, forKey: .evidence),
      weight: try c.decodeIfPresent(Double.self, forKey: .weight),
      measures: try c.decodeMeasures(forKey: .measures, holder: .relation))
  }

  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(source, forKey: .source)
    try c.encode(target, forKey: .target)
    try c.encode(type, forKey: .type)
    try c.encodeIfPresent(evidence, forKey: .evidence)
    try c.encodeIfPresent(weight, forKey: .weight)
    try c.encodeMeasures(measures, forKey: .measures)
  }
}

// MARK: - Networks, reports, documents

extension Network: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case id, name, origin, origins, targets, policy, topics, detection, activeFrom, activeUntil,
      attribution, adSpend, reported, subsets, assets, relations, sources, notes, measures
  }

  /// Reads a network of a version 1 document (one `origin`) or version 2
  /// (a list, `origins`); the other version's key is refused rather than
  /// ignored, so a place is never dropped unseen. Places are checked alike
  /// in both: a two-letter code must be a country's.
  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
    let origins: [String]
    if DocumentScope.version == 1 {
      try c.refuseKey(
        .origins, "\"origins\" is a version 2 key; a version 1 network has one \"origin\"")
      origins = try c.decodePlace(forKey: .origin).map { [$0] } ?? []
    } else {
      try c.refuseKey(
        .origin, "\"origin\" is version 1's key; a version 2 network lists its \"origins\"")
      origins = try c.decodePlaces(forKey: .origins)
    }
    self.init(
      id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
      origins: origins, targets: try c.decodePlaces(forKey: .targets),
      policy: try c.decodeIfPresent(String.self, forKey: .policy),
      topics: try c.decodeIfPresent([String].self, forKey: .topics) ?? [],
      detection: try c.decodeIfPresent(Detection.self, forKey: .detection),
      activeFrom: try c.decodeIfPresent(PartialDate.self, forKey: .activeFrom),
      activeUntil: try c.decodeIfPresent(PartialDate.self, forKey: .activeUntil),
      attribution: try c.decodeIfPresent(Attribution.self, forKey: .attribution),
      adSpend: try c.decodeIfPresent(AdSpend.self, forKey: .adSpend),
      reported: try c.decodeIfPresent(ReportedFigures.self, forKey: .reported)
        ?? ReportedFigures(),
      subsets: try c.decodeIfPresent([ReportedSubset].self, forKey: .subsets) ?? [],
      assets: try c.decodeIfPresent([Asset].self, forKey: .assets) ?? [],
      relations: try c.decodeIfPresent([Relation].self, forKey: .relations) ?? [],
      sources: try c.decodeIfPresent([String].self, forKey: .sources) ?? [],
      notes: try c.decodeIfPresent([String].self, forKey: .notes) ?? [],
      measures: try c.decodeMeasures(forKey: .measures, holder: .network))
  }

  /// Writes the network in the current version's form (`origins`, never `origin`).
  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(name, forKey: .name)
    try c.encode(origins, forKey: .origins)
    try c.encode(targets, forKey: .targets)
    try c.encodeIfPresent(policy, forKey: .policy)
    try c.encode(topics, forKey: .topics)
    try c.encodeIfPresent(detection, forKey: .detection)
    try c.encodeIfPresent(activeFrom, forKey: .activeFrom)
    try c.encodeIfPresent(activeUntil, forKey: .activeUntil)
    try c.encodeIfPresent(attribution, forKey: .attribution)
    try c.encodeIfPresent(adSpend, forKey: .adSpend)
    try c.encode(reported, forKey: .reported)
    try c.encode(subsets, forKey: .subsets)
    try c.encode(assets, forKey: .assets)
    try c.encode(relations, forKey: .relations)
    try c.encode(sources, forKey: .sources)
    try c.encode(notes, forKey: .notes)
    try c.encodeMeasures(measures, forKey: .measures)
  }
}

extension Source: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case id, publisher, title, published, url, kind
  }

  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
    self.init(
      id: try c.decode(String.self, forKey: .id),
      publisher: try c.decode(String.self, forKey: .publisher),
      title: try c.decodeIfPresent(String.self, forKey: .title),
      published: try c.decodeIfPresent(PartialDate.self, forKey: .published),
      url: try c.decodeIfPresent(String.self, forKey: .url),
      kind: try c.decodeIfPresent(ReportKind.self, forKey: .kind) ?? .primary)
  }

  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(publisher, forKey: .publisher)
    try c.encodeIfPresent(title, forKey: .title)
    try c.encodeIfPresent(published, forKey: .published)
    try c.encodeIfPresent(url, forKey: .url)
    try c.encode(kind, forKey: .kind)
  }
}

extension Report: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case title, publisher, published, url, kind, sources, notes
  }

  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
    self.init(
      title: try c.decode(String.self, forKey: .title),
      publisher: try c.decode(String.self, forKey: .publisher),
      published: try c.decodeIfPresent(PartialDate.self, forKey: .published),
      url: try c.decodeIfPresent(String.self, forKey: .url),
      kind: try c.decodeIfPresent(ReportKind.self, forKey: .kind) ?? .primary,
      sources: try c.decodeIfPresent([Source].self, forKey: .sources) ?? [],
      notes: try c.decodeIfPresent([String].self, forKey: .notes) ?? [])
  }

  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(title, forKey: .title)
    try c.encode(publisher, forKey: .publisher)
    try c.encodeIfPresent(published, forKey: .published)
    try c.encodeIfPresent(url, forKey: .url)
    try c.encode(kind, forKey: .kind)
    try c.encode(sources, forKey: .sources)
    try c.encode(notes, forKey: .notes)
  }
}

extension NetworkDocument: DocumentValue {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case format, version, report, kinds, organizations, networks
  }

  /// Reads a document of any version this library reads (1 or 2), refusing
  /// one whose `format` or `version` is not this library's. Kinds the
  /// document declares are accepted in its own assets and figures only.
  init(document decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let format = try c.decode(String.self, forKey: .format)
    guard format == Self.formatName else {
      throw DecodingError.dataCorruptedError(
        forKey: .format, in: c,
        debugDescription:
          "not a CIBGraph document: format is \"\(format)\", expected \"\(Self.formatName)\"")
    }
    let version = try c.decode(Int.self, forKey: .version)
    guard Self.readableVersions.contains(version) else {
      throw DecodingError.dataCorruptedError(
        forKey: .version, in: c,
        debugDescription:
          "document version \(version) is not supported; this build reads versions 1 to \(Self.currentVersion)"
      )
    }
    self = try DocumentScope.$version.withValue(version) {
      try c.refuseUnknownKeys(decoder, known: CodingKeys.self)
      let report = try c.decode(Report.self, forKey: .report)
      var kinds: [KindDeclaration] = []
      var declared: [String: AssetKind] = [:]
      if version == 1 {
        try c.refuseKey(.kinds, "declared kinds are a version 2 key; this document is version 1")
      } else if c.contains(.kinds), try !c.decodeNil(forKey: .kinds) {
        var list = try c.nestedUnkeyedContainer(forKey: .kinds)
        while !list.isAtEnd {
          let index = list.currentIndex
          let declaration = try list.decode(KindDeclaration.self)
          do throws(KindDeclaration.Refusal) {
            let kind = try declaration.kind()
            guard declared.updateValue(kind, forKey: declaration.name.lowercased()) == nil else {
              throw KindDeclaration.Refusal(
                "the kind \"\(declaration.name)\" is declared twice", key: "name")
            }
          } catch {
            // At the key at fault, which the list has moved past.
            var path: [any CodingKey] = list.codingPath + [DocumentKey(index: index)]
            if let key = error.key { path.append(DocumentKey(stringValue: key)) }
            throw DecodingError.dataCorrupted(
              .init(codingPath: path, debugDescription: error.message))
          }
          kinds.append(declaration)
        }
      }
      return try DocumentScope.$declaredKinds.withValue(declared) {
        NetworkDocument(
          report: report, kinds: kinds,
          organizations: try c.decodeIfPresent([Organization].self, forKey: .organizations) ?? [],
          networks: try c.decodeIfPresent([Network].self, forKey: .networks) ?? [])
      }
    }
  }

  /// Writes the document with its `format` and the current `version`, every
  /// list (empty ones as `[]`) and every value that has a default; an absent
  /// optional value is left out.
  func encode(document encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(Self.formatName, forKey: .format)
    try c.encode(Self.currentVersion, forKey: .version)
    try c.encode(report, forKey: .report)
    try c.encode(kinds, forKey: .kinds)
    try c.encode(organizations, forKey: .organizations)
    try c.encode(networks, forKey: .networks)
  }
}

import CIBGraphSupport
import Foundation

/// One itemized asset of a network: an account, Page, Group, Instagram
/// account or organisation known by its identifier.
///
/// `followers` and `members` are the audience counts the data gives for this
/// one asset; summed over assets they double-count anyone who follows two.
public struct Asset: Sendable, Hashable {
  /// The identifier, unique within a network (a platform id or a label).
  public var id: String
  /// What the asset is: an account, a Page, a Group, an Instagram account or an organisation.
  public var kind: AssetKind
  /// The display name, as the operators wrote it: treat as hostile text.
  public var name: String?
  /// Followers of this asset (Pages, Instagram accounts, sometimes accounts).
  public var followers: Int?
  /// Members of this asset (Groups).
  public var members: Int?

  /// An asset with its identifier and kind, and what the data gives of its
  /// name and audience.
  public init(
    id: String, kind: AssetKind, name: String? = nil, followers: Int? = nil, members: Int? = nil
  ) {
    self.id = id
    self.kind = kind
    self.name = name
    self.followers = followers
    self.members = members
  }

  /// Followers plus members, counting unknown as zero.
  public var audience: CountSum { CountSum(followers ?? 0) + CountSum(members ?? 0) }
}

extension Asset: Codable {
  enum CodingKeys: String, CodingKey { case id, kind, name, followers, members }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(String.self, forKey: .id)
    kind = try container.decode(AssetKind.self, forKey: .kind)
    name = try container.decodeIfPresent(String.self, forKey: .name)
    followers = try container.decodeCount(forKey: .followers)
    members = try container.decodeCount(forKey: .members)
  }
}

/// A directed link between two assets, by identifier.
public struct Relation: Sendable, Hashable, Codable {
  /// The asset the relation starts from (the administrator, the member).
  public var source: String
  /// The asset it points to (the Page administered, the organisation).
  public var target: String
  /// What the link is: ``RelationType/administers``, ``RelationType/attributedTo``, ….
  public var type: RelationType
  /// What supports the link: a quotation, a document reference.
  public var evidence: String?
  /// How strong the link is, when measured (the Jaccard index of two
  /// audiences, say); drawn as line width.
  public var weight: Double?

  /// A relation from the asset with identifier `source` to that with identifier `target`.
  public init(
    source: String, target: String, type: RelationType, evidence: String? = nil,
    weight: Double? = nil
  ) {
    self.source = source
    self.target = target
    self.type = type
    self.evidence = evidence
    self.weight = weight
  }
}

/// An actor networks are attributed to: an organisation, a person or a
/// movement. Actors nest through ``partOf`` (an IT cell is part of a party).
public struct Organization: Sendable, Hashable {
  /// The identifier, unique within a document and shared by every network
  /// attributed to this actor.
  public var id: String
  /// The actor's name: "Inter-Services Public Relations".
  public var name: String
  /// What the actor is: ``AssetKind/organization`` (the default),
  /// ``AssetKind/person`` or ``AssetKind/movement``.
  public var kind: AssetKind
  /// Other names it is known by: "ISPR", "Q".
  public var aliases: [String]
  /// The ``id`` of the actor this one belongs to.
  public var partOf: String?
  /// Country of the actor: an ISO 3166-1 alpha-2 code, or (in a version 1
  /// document) a name.
  public var country: String?
  /// The ``Source/id`` backing the actor's description and nesting.
  public var source: String?

  /// An actor with its identifier and name, and optionally the actor it is part of.
  public init(
    id: String, name: String, kind: AssetKind = .organization, aliases: [String] = [],
    partOf: String? = nil, country: String? = nil, source: String? = nil
  ) {
    self.id = id
    self.name = name
    self.kind = kind
    self.aliases = aliases
    self.partOf = partOf
    self.country = country
    self.source = source
  }
}

extension Organization: Codable {
  enum CodingKeys: String, CodingKey { case id, name, kind, aliases, partOf, country, source }

  /// Reads an actor, refusing a kind that is not an actor's and, in a
  /// version 2 document, a two-letter country that is not an ISO 3166-1 code.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    name = try c.decode(String.self, forKey: .name)
    kind = try c.decodeIfPresent(AssetKind.self, forKey: .kind) ?? .organization
    guard kind.isActor else {
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: c,
        debugDescription:
          "an actor is an organization, a person or a movement, not a \(kind.singularLabel)")
    }
    aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
    partOf = try c.decodeIfPresent(String.self, forKey: .partOf)
    country = try c.decodeIfPresent(String.self, forKey: .country)
    if NetworkDocument.versionInScope != 1, let country, let refusal = Place.refusal(country) {
      throw DecodingError.dataCorruptedError(forKey: .country, in: c, debugDescription: refusal)
    }
    source = try c.decodeIfPresent(String.self, forKey: .source)
  }

  /// Writes the actor; `kind` and `aliases` only when they say something.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(name, forKey: .name)
    if kind != .organization { try c.encode(kind, forKey: .kind) }
    if !aliases.isEmpty { try c.encode(aliases, forKey: .aliases) }
    try c.encodeIfPresent(partOf, forKey: .partOf)
    try c.encodeIfPresent(country, forKey: .country)
    try c.encodeIfPresent(source, forKey: .source)
  }
}

extension KeyedDecodingContainer {
  /// Decodes an optional audience or asset count, refusing what ``Count`` refuses.
  func decodeCount(forKey key: Key) throws -> Int? {
    guard contains(key), try !decodeNil(forKey: key) else { return nil }
    return try decodeRequiredCount(forKey: key)
  }

  /// Decodes a count, refusing what ``Count`` refuses.
  ///
  /// Read as a `Double` and then checked: Foundation's decoder reports a
  /// number that does not fit an `Int` (1.5, 1e300) as invalid JSON with no
  /// path, so the message could not point at it. Every accepted count is
  /// below 2^53, where a `Double` is exact.
  /// "about 9.2e18": two significant digits and a power of ten, for a
  /// number too large to show exactly.
  static func approximately(_ number: Double) -> String {
    let exponent = Int(log10(number.magnitude).rounded(.down))
    var mantissa = (number.magnitude / pow(10, Double(exponent)) * 10).rounded() / 10
    var power = exponent
    if mantissa >= 10 {
      mantissa /= 10
      power += 1
    }
    let digits = mantissa == mantissa.rounded() ? "\(Int(mantissa))" : "\(mantissa)"
    return "about \(number < 0 ? "-" : "")\(digits)e\(power)"
  }

  func decodeRequiredCount(forKey key: Key) throws -> Int {
    let number: Double
    do {
      number = try decode(Double.self, forKey: key)
    } catch DecodingError.typeMismatch(_, let context) {
      throw DecodingError.typeMismatch(Int.self, context)
    }
    guard number.isFinite, number.rounded() == number else {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self, debugDescription: "the count is not a whole number (\(number))")
    }
    guard number.magnitude <= Double(Count.largest) else {
      // Beyond 2^53 a Double is no longer the number written, only near it:
      // say so, in the powers of ten a reader counts in, not Swift's
      // shortest round-trip text ("9.223372036854776e+18").
      let shown =
        number.magnitude < 0x1p53 ? groupedDigits(Int(number)) : Self.approximately(number)
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self,
        debugDescription: number < 0
          ? "the count is negative (\(shown)); counts are never negative"
          : "the count is too large (\(shown)); the largest count accepted is \(groupedDigits(Count.largest))"
      )
    }
    let value = Int(number)
    if let refusal = Count.refusal(value) {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self, debugDescription: "the count \(refusal)")
    }
    return value
  }

}

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
  /// What was measured of it: an account's actions and degree in a coordination network.
  public var measures: Measurements

  /// An asset with its identifier and kind, and what the data gives of its
  /// name and audience.
  public init(
    id: String, kind: AssetKind, name: String? = nil, followers: Int? = nil, members: Int? = nil,
    measures: Measurements = Measurements()
  ) {
    self.id = id
    self.kind = kind
    self.name = name
    self.followers = followers
    self.members = members
    self.measures = measures
  }

  /// Followers plus members, counting unknown as zero.
  public var audience: CountSum { CountSum(followers ?? 0) + CountSum(members ?? 0) }
}

/// A directed link between two assets, by identifier.
public struct Relation: Sendable, Hashable {
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
  /// What was measured of it beyond its weight: a coordination edge's
  /// coinciding shares, symmetry and time gaps.
  public var measures: Measurements

  /// A relation from the asset with identifier `source` to that with identifier `target`.
  public init(
    source: String, target: String, type: RelationType, evidence: String? = nil,
    weight: Double? = nil, measures: Measurements = Measurements()
  ) {
    self.source = source
    self.target = target
    self.type = type
    self.evidence = evidence
    self.weight = weight
    self.measures = measures
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
  /// Country of the actor, a place as ``Network/origins`` holds them: an
  /// ISO 3166-1 alpha-2 code, or a name (version 1 documents name countries).
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

import CIBGraphSupport

/// One takedown: a network a platform removed, as its report describes it and,
/// where data exists, as itemized assets and relations.
///
/// Real reports mix two levels of data and a network holds both: the
/// ``reported`` figures (how many assets of each kind, how many accounts
/// followed at least one of them) and the itemized ``assets`` and
/// ``relations``, which are often only part of what was reported (a research
/// partner receives a subset).
public struct Network: Sendable, Hashable {
  /// Identifier, unique within a document; the same network described by two
  /// documents (a primary source and a news article) shares it.
  public var id: String
  /// Human name: "Pakistan, ISPR".
  public var name: String
  /// Country the network originated in.
  public var origin: String?
  /// Countries or audiences targeted.
  public var targets: [String]
  /// The platform policy it was removed under.
  public var policy: String?
  /// Who the platform says is behind it, in its own hedged words.
  public var attribution: Attribution?
  /// Advertising the network bought, when reported.
  public var adSpend: AdSpend?
  /// The report's figures.
  public var reported: ReportedFigures
  /// Reported parts of the network that someone else received or described.
  public var subsets: [ReportedSubset]
  /// Itemized assets (possibly a subset of what was reported).
  public var assets: [Asset]
  /// Links between itemized assets and the document's organisations.
  public var relations: [Relation]
  /// Source ids backing the network's descriptive facts (origin, targets, policy).
  public var sources: [String]
  /// Anything else worth keeping.
  public var notes: [String]

  /// A network with its identifier and name; everything else may be added later.
  public init(
    id: String, name: String, origin: String? = nil, targets: [String] = [],
    policy: String? = nil, attribution: Attribution? = nil, adSpend: AdSpend? = nil,
    reported: ReportedFigures = ReportedFigures(), subsets: [ReportedSubset] = [],
    assets: [Asset] = [], relations: [Relation] = [], sources: [String] = [], notes: [String] = []
  ) {
    self.id = id
    self.name = name
    self.origin = origin
    self.targets = targets
    self.policy = policy
    self.attribution = attribution
    self.adSpend = adSpend
    self.reported = reported
    self.subsets = subsets
    self.assets = assets
    self.relations = relations
    self.sources = sources
    self.notes = notes
  }
}

/// The figures a report gives for one network.
public struct ReportedFigures: Sendable, Hashable {
  /// Assets removed, per kind: "57 Facebook accounts, 24 Pages".
  public var counts: PerKind<ReportedFigure>
  /// Accounts that followed (or joined) at least one asset of the kind: the
  /// platform's de-duplicated "≥1" audience. Not addable across kinds.
  public var audiences: PerKind<ReportedFigure>
  /// A headline total over several kinds ("103 Pages, Groups and accounts").
  public var total: ReportedTotal?
  /// A network-wide audience a source claims ("more than 2.8 million followers total").
  public var claimedAudience: ReportedFigure?

  /// Figures as given; none by default.
  public init(
    counts: PerKind<ReportedFigure> = PerKind(), audiences: PerKind<ReportedFigure> = PerKind(),
    total: ReportedTotal? = nil, claimedAudience: ReportedFigure? = nil
  ) {
    self.counts = counts
    self.audiences = audiences
    self.total = total
    self.claimedAudience = claimedAudience
  }
}

/// A total a report gives over several kinds, with the kinds it says it covers.
public struct ReportedTotal: Sendable, Hashable, Codable {
  /// The total as reported.
  public var figure: ReportedFigure
  /// The kinds the total is said to add up.
  public var covers: [AssetKind]

  /// A total of `figure` over the kinds `covers`.
  public init(figure: ReportedFigure, covers: [AssetKind]) {
    self.figure = figure
    self.covers = covers
  }
}

/// Who a platform says is behind a network.
public struct Attribution: Sendable, Hashable, Codable {
  /// The platform's words, verbatim, hedges included ("linked to employees of …").
  public var statement: String
  /// The ``Organization/id``s named, if any.
  public var organizations: [String]
  /// The ``Source/id`` of the document the statement is quoted from.
  public var source: String?

  /// An attribution in the platform's words, naming `organizations`.
  public init(statement: String, organizations: [String] = [], source: String? = nil) {
    self.statement = statement
    self.organizations = organizations
    self.source = source
  }
}

/// Advertising bought by a network.
public struct AdSpend: Sendable, Hashable, Codable {
  /// The amount, in ``currency``.
  public var amount: ReportedFigure
  /// ISO 4217 code of ``amount``: "USD".
  public var currency: String
  /// The currencies the ads were paid in, when reported ("USD", "PKR").
  public var paidIn: [String]
  /// Month or day of the first ad.
  public var firstAd: PartialDate?
  /// Month or day of the last ad.
  public var lastAd: PartialDate?

  /// Advertising of `amount` in `currency`.
  public init(
    amount: ReportedFigure, currency: String, paidIn: [String] = [], firstAd: PartialDate? = nil,
    lastAd: PartialDate? = nil
  ) {
    self.amount = amount
    self.currency = currency
    self.paidIn = paidIn
    self.firstAd = firstAd
    self.lastAd = lastAd
  }
}

/// A reported part of a network: what a research partner received, say.
public struct ReportedSubset: Sendable, Hashable, Codable {
  /// What the part is: "shared with the Stanford Internet Observatory".
  public var label: String
  /// Assets in the part, per kind.
  public var counts: PerKind<ReportedFigure>

  /// A part named `label`, with its counts per kind.
  public init(label: String, counts: PerKind<ReportedFigure>) {
    self.label = label
    self.counts = counts
  }
}

extension Network: Codable {
  enum CodingKeys: String, CodingKey {
    case id, name, origin, targets, policy, attribution, adSpend, reported, subsets, assets,
      relations, sources, notes
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    name = try c.decode(String.self, forKey: .name)
    origin = try c.decodeIfPresent(String.self, forKey: .origin)
    targets = try c.decodeIfPresent([String].self, forKey: .targets) ?? []
    policy = try c.decodeIfPresent(String.self, forKey: .policy)
    attribution = try c.decodeIfPresent(Attribution.self, forKey: .attribution)
    adSpend = try c.decodeIfPresent(AdSpend.self, forKey: .adSpend)
    reported = try c.decodeIfPresent(ReportedFigures.self, forKey: .reported) ?? ReportedFigures()
    subsets = try c.decodeIfPresent([ReportedSubset].self, forKey: .subsets) ?? []
    assets = try c.decodeIfPresent([Asset].self, forKey: .assets) ?? []
    relations = try c.decodeIfPresent([Relation].self, forKey: .relations) ?? []
    sources = try c.decodeIfPresent([String].self, forKey: .sources) ?? []
    notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
  }
}

extension ReportedFigures: Codable {
  enum CodingKeys: String, CodingKey { case counts, audiences, total, claimedAudience }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    counts = try c.decodeIfPresent(PerKind<ReportedFigure>.self, forKey: .counts) ?? PerKind()
    audiences =
      try c.decodeIfPresent(PerKind<ReportedFigure>.self, forKey: .audiences) ?? PerKind()
    total = try c.decodeIfPresent(ReportedTotal.self, forKey: .total)
    claimedAudience = try c.decodeIfPresent(ReportedFigure.self, forKey: .claimedAudience)
  }
}

extension AdSpend {
  enum CodingKeys: String, CodingKey { case amount, currency, paidIn, firstAd, lastAd }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    amount = try c.decode(ReportedFigure.self, forKey: .amount)
    currency = try c.decode(String.self, forKey: .currency)
    paidIn = try c.decodeIfPresent([String].self, forKey: .paidIn) ?? []
    firstAd = try c.decodeIfPresent(PartialDate.self, forKey: .firstAd)
    lastAd = try c.decodeIfPresent(PartialDate.self, forKey: .lastAd)
  }
}

extension Attribution {
  enum CodingKeys: String, CodingKey { case statement, organizations, source }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    statement = try c.decode(String.self, forKey: .statement)
    organizations = try c.decodeIfPresent([String].self, forKey: .organizations) ?? []
    source = try c.decodeIfPresent(String.self, forKey: .source)
  }
}

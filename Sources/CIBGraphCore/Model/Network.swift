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
  /// Where the network was run from: countries (ISO 3166-1 alpha-2 codes,
  /// `PK`) or named regions (see `Place`). Several when the report names several.
  public var origins: [String]
  /// The countries or regions it aimed at, written as ``origins`` are.
  public var targets: [String]
  /// The platform policy it was removed under.
  public var policy: String?
  /// What the network posted about, as the report lists it.
  public var topics: [String]
  /// How the network was found, and by whom.
  public var detection: Detection?
  /// The earliest activity the report gives (the first account created, the first post).
  public var activeFrom: PartialDate?
  /// The latest activity the report gives.
  public var activeUntil: PartialDate?
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
  /// What was measured of it: a candidate coordination network's density and time span.
  public var measures: Measurements

  /// A network with its identifier and name; everything else may be added later.
  public init(
    id: String, name: String, origins: [String] = [], targets: [String] = [],
    policy: String? = nil, topics: [String] = [], detection: Detection? = nil,
    activeFrom: PartialDate? = nil, activeUntil: PartialDate? = nil,
    attribution: Attribution? = nil, adSpend: AdSpend? = nil,
    reported: ReportedFigures = ReportedFigures(), subsets: [ReportedSubset] = [],
    assets: [Asset] = [], relations: [Relation] = [], sources: [String] = [], notes: [String] = [],
    measures: Measurements = Measurements()
  ) {
    self.id = id
    self.name = name
    self.origins = origins
    self.targets = targets
    self.policy = policy
    self.topics = topics
    self.detection = detection
    self.activeFrom = activeFrom
    self.activeUntil = activeUntil
    self.attribution = attribution
    self.adSpend = adSpend
    self.reported = reported
    self.subsets = subsets
    self.assets = assets
    self.relations = relations
    self.sources = sources
    self.notes = notes
    self.measures = measures
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
  /// Posts the network published (tweets, for X): "8,768,633 Tweets".
  public var posts: ReportedFigure?
  /// Per kind, the sum of the assets' follower counts as a source computed
  /// it (an archive's "total follower count"). Not an audience, and never
  /// read as one: a person following two of the accounts is counted twice,
  /// so the sum may exceed the people reached many times over, and no bound
  /// on the unique audience follows from it.
  public var summedFollowers: PerKind<ReportedFigure>

  /// Figures as given; none by default. A library user sets them on a
  /// network's ``Network/reported``, which starts with none.
  @usableFromInline package init(
    counts: PerKind<ReportedFigure> = PerKind(), audiences: PerKind<ReportedFigure> = PerKind(),
    total: ReportedTotal? = nil, claimedAudience: ReportedFigure? = nil,
    posts: ReportedFigure? = nil, summedFollowers: PerKind<ReportedFigure> = PerKind()
  ) {
    self.counts = counts
    self.audiences = audiences
    self.total = total
    self.claimedAudience = claimedAudience
    self.posts = posts
    self.summedFollowers = summedFollowers
  }
}

/// A total a report gives over several kinds, with the kinds it says it covers.
public struct ReportedTotal: Sendable, Hashable {
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
///
/// The ``statement`` is either the platform's own words, quoted, or someone's
/// paraphrase of them (a compilation's "affiliation" column); only the
/// platform's words are drawn in quotation marks.
public struct Attribution: Sendable, Hashable {
  /// Whose words an attribution's statement is.
  public enum Wording: String, Sendable, Hashable, CaseIterable {
    /// The platform's words, verbatim, hedges included.
    case verbatim
    /// Someone else's summary of them (``Attribution/paraphrasedBy`` says whose).
    case paraphrase
  }

  /// The statement: "linked to employees of …".
  public var statement: String
  /// Whether ``statement`` quotes the platform or paraphrases it.
  public var wording: Wording
  /// Who wrote a paraphrase: "cib-data compilation".
  public var paraphrasedBy: String?
  /// The words that say how sure the platform is, as written: "linked to",
  /// "associated with", "individuals in".
  public var confidence: String?
  /// The ids of the actors named (``Organization/id``s), if any.
  public var organizations: [String]
  /// The ``Source/id`` of the document the statement is taken from.
  public var source: String?

  /// An attribution in the platform's words (or, with `wording:
  /// .paraphrase`, another's), naming `organizations`.
  public init(
    statement: String, wording: Wording = .verbatim, paraphrasedBy: String? = nil,
    confidence: String? = nil, organizations: [String] = [], source: String? = nil
  ) {
    self.statement = statement
    self.wording = wording
    self.paraphrasedBy = paraphrasedBy
    self.confidence = confidence
    self.organizations = organizations
    self.source = source
  }
}

/// How a network was found, and by whom: "internal investigation", "a tip
/// from the FBI", "researchers at the Stanford Internet Observatory".
public struct Detection: Sendable, Hashable {
  /// How: the report's words ("internal investigation", "tip from law enforcement").
  public var method: String
  /// Who found it or tipped the platform off, when named.
  public var by: [String]
  /// The ``Source/id`` of the document that says so.
  public var source: String?

  /// A detection by `method`, credited to `by`.
  public init(method: String, by: [String] = [], source: String? = nil) {
    self.method = method
    self.by = by
    self.source = source
  }
}

/// Advertising bought by a network.
public struct AdSpend: Sendable, Hashable {
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
public struct ReportedSubset: Sendable, Hashable {
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

import CIBGraphCore
import CIBGraphSupport

/// The checks of ``Validator/validate(_:locations:)`` over one document.
struct DocumentCheck {
  let document: NetworkDocument
  let locations: (any LocationResolver)?
  var findings: [Finding] = []

  /// Each source id with the position of its first definition.
  private(set) var sourceIndex: [ByteExactID: Int] = [:]
  /// Each actor id (organisation, person, movement) with its kind.
  private var actorKinds: [ByteExactID: AssetKind] = [:]
  /// Every itemized asset of the document: its kind and where it was first defined.
  private var assetKinds: [ByteExactID: AssetEntry] = [:]
  /// The first organisation or asset id of each spelling up to Unicode
  /// normalisation, and where it is defined. `String` keys are what is
  /// wanted here: Swift compares them by canonical equivalence (their NFC
  /// forms), so two ids that differ only by normalisation share a key.
  private var firstOfForm: [String: (id: String, path: ModelPath)] = [:]

  /// Where an asset was first defined; paths are built only for findings.
  private struct AssetEntry {
    var kind: AssetKind
    var network: Int
    var index: Int
    var path: ModelPath {
      ModelPath([.key("networks"), .index(network), .key("assets"), .index(index)])
    }
  }

  init(document: NetworkDocument, locations: (any LocationResolver)?) {
    self.document = document
    self.locations = locations
  }

  mutating func run() {
    checkSources()
    checkAddressDates()
    checkOrganizations()
    collectAssets()
    var networkIDs: [ByteExactID: Int] = [:]
    for (n, network) in document.networks.enumerated() {
      let path = ModelPath([.key("networks"), .index(n)])
      if let first = networkIDs[ByteExactID(network.id)] {
        add(
          .error, "duplicate-id",
          "network id \"\(network.id)\" is used again (first by networks[\(first)])",
          path.key("id"), structural: true)
      } else {
        networkIDs[ByteExactID(network.id)] = n
      }
      checkFigures(of: network, at: path)
      checkTotal(of: network, at: path)
      checkAudiences(of: network, at: path)
      checkSubsets(of: network, at: path)
      checkItemized(network, at: path)
      checkRelations(of: network, at: path)
      checkAttributionAndAds(of: network, at: path)
      checkDates(of: network, at: path)
    }
  }

  // MARK: - Helpers

  mutating func add(
    _ severity: Finding.Severity, _ code: String, _ message: String, _ path: ModelPath,
    structural: Bool = false
  ) {
    findings.append(Finding(severity, code, message, path: path, structural: structural))
  }

  /// "line 12" when the location is known, else the path.
  func place(_ path: ModelPath) -> String {
    if let line = locations?.location(of: path).line { return "line \(line)" }
    return path.description
  }

  // MARK: - Document level

  private mutating func checkSources() {
    let path = ModelPath([.key("report"), .key("sources")])
    for (i, source) in document.report.sources.enumerated() {
      let key = ByteExactID(source.id)
      if sourceIndex[key] == nil {
        sourceIndex[key] = i
      } else {
        add(
          .error, "duplicate-id", "source id \"\(source.id)\" is defined twice",
          path.index(i).key("id"), structural: true)
      }
    }
  }

  private mutating func checkOrganizations() {
    let path = ModelPath([.key("organizations")])
    for (i, organization) in document.organizations.enumerated() {
      if organization.id.isEmpty {
        add(
          .error, "empty-id", "an organisation has an empty id", path.index(i).key("id"),
          structural: true)
      } else if !checkLength(of: organization.id, at: path.index(i).key("id")) {
        continue
      } else if actorKinds[ByteExactID(organization.id)] != nil {
        add(
          .error, "duplicate-id", "organisation id \"\(organization.id)\" is defined twice",
          path.index(i).key("id"), structural: true)
      } else {
        actorKinds[ByteExactID(organization.id)] = organization.kind
        checkForm(of: organization.id, at: path.index(i).key("id"))
      }
      checkSourceReference(organization.source, at: path.index(i).key("source"))
    }
    let parentOf = Dictionary(
      document.organizations.compactMap { org in
        org.partOf.map { (ByteExactID(org.id), ByteExactID($0)) }
      },
      uniquingKeysWith: { first, _ in first })
    for (i, organization) in document.organizations.enumerated() {
      guard let parent = organization.partOf else { continue }
      let at = path.index(i).key("partOf")
      guard actorKinds[ByteExactID(parent)] != nil else {
        add(
          .error, "dangling-reference",
          "organisation \"\(organization.name)\" is part of \"\(parent)\", which is not an organisation of this document\(formHint(parent))",
          at, structural: true)
        continue
      }
      // Follow the chain upwards; coming back to the start is a cycle.
      let start = ByteExactID(organization.id)
      var seen: Set<ByteExactID> = [start]
      var current = ByteExactID(parent)
      while true {
        if current == start {
          add(
            .error, "nesting-cycle",
            "organisation \"\(organization.name)\" is, through partOf, part of itself", at,
            structural: true)
          break
        }
        guard seen.insert(current).inserted, let next = parentOf[current] else { break }
        current = next
      }
    }
  }

  private mutating func collectAssets() {
    for (n, network) in document.networks.enumerated() {
      for (i, asset) in network.assets.enumerated() {
        var path: ModelPath { ModelPath([.key("networks"), .index(n), .key("assets"), .index(i)]) }
        if asset.id.isEmpty {
          add(.error, "empty-id", "an asset has an empty id", path.key("id"), structural: true)
          continue
        }
        guard checkLength(of: asset.id, at: path.key("id")) else { continue }
        let key = ByteExactID(asset.id)
        if let actor = actorKinds[key], asset.kind != actor {
          add(
            .error, "kind-conflict",
            "id \"\(asset.id)\" is \(actor.singularWithArticle) of the document and \(asset.kind.singularWithArticle) here",
            path.key("kind"), structural: true)
        }
        if let earlier = assetKinds[key] {
          if earlier.network == n {
            add(
              .error, "duplicate-id",
              FindingMessage.idDefinedTwice(
                asset.id, network: network.name, firstAt: place(earlier.path)),
              path.key("id"), structural: true)
            continue
          } else if earlier.kind != asset.kind {
            add(
              .error, "kind-conflict",
              "id \"\(asset.id)\" is \(asset.kind.singularWithArticle) here and \(earlier.kind.singularWithArticle) at \(place(earlier.path))",
              path.key("kind"), structural: true)
          } else {
            add(
              .info, "shared-asset",
              "\(asset.kind.singularLabel) \"\(asset.id)\" appears in more than one network; it is one node of the graph",
              path.key("id"))
          }
        } else {
          assetKinds[key] = AssetEntry(kind: asset.kind, network: n, index: i)
          checkForm(of: asset.id, at: path.key("id"))
        }
        for (field, value) in [("followers", asset.followers), ("members", asset.members)] {
          if let value { checkCount(value, "\(field)", at: path.key(field)) }
        }
        // Groups' and Events' audiences are kept in `members`, every other kind's in
        // `followers`; the cheap test first, as this runs per asset.
        let kind = asset.kind
        if asset.followers != nil, kind.audienceIsMembers {
          let noun = kind.audienceWord
          let kept = noun == "members" ? "members" : "\(noun) (kept as members)"
          add(
            .warning, "audience-noun",
            "\(kind.singularWithArticle) has \(kept), not followers; is this count in the wrong column?",
            path.key("followers"))
        }
        if asset.members != nil, !kind.audienceIsMembers {
          let noun = kind.audienceWord
          let kept = noun == "followers" ? "followers" : "\(noun) (kept as followers)"
          add(
            .warning, "audience-noun",
            "\(kind.singularWithArticle) has \(kept), not members; is this count in the wrong column?",
            path.key("members"))
        }
      }
    }
  }

  /// Counts built in code are not checked by a decoder: refuse what ``Count`` refuses.
  private mutating func checkCount(_ value: Int, _ what: String, at path: ModelPath) {
    guard let refusal = Count.refusal(value) else { return }
    let code = value < 0 ? "negative-count" : "count-too-large"
    add(.error, code, "\(what) \(refusal)", path, structural: true)
  }

  private mutating func checkSourceReference(_ source: String?, at path: ModelPath) {
    guard let source else { return }
    if sourceIndex[ByteExactID(source)] == nil {
      add(
        .error, "unknown-source",
        "cites source \"\(source)\", which report.sources does not define", path, structural: true)
    }
  }

  // MARK: - Identifiers

  /// The longest id of an asset or organisation, in bytes: 1 MiB, as a
  /// field of a spreadsheet. Longer is a broken file, not a name (and more
  /// than the tables that index ids by their bytes hold).
  static let maxIDBytes = ByteExactID.longestID

  /// Whether an id is short enough; an error when not.
  private mutating func checkLength(of id: String, at path: ModelPath) -> Bool {
    let length = id.utf8.count
    guard length > Self.maxIDBytes else { return true }
    add(
      .error, "id-too-long",
      "an id of \(groupedDigits(length)) bytes; ids are at most 1 MiB (\(groupedDigits(Self.maxIDBytes)) bytes)",
      path, structural: true)
    return false
  }

  /// Warns when `id`, defined at `path` for the first time, differs from an
  /// id defined before only by Unicode normalisation: the two are two
  /// assets (identifiers compare by their bytes), which is seldom what the
  /// author meant.
  private mutating func checkForm(of id: String, at path: ModelPath) {
    guard let first = firstOfForm[id] else {
      firstOfForm[id] = (id, path)
      return
    }
    guard !first.id.hasSameBytes(as: id) else { return }
    let (here, there) = Self.differingScalars(id, first.id)
    add(
      .warning, "ids-differ-by-normalization",
      "id \"\(id)\" differs from \"\(first.id)\" (\(place(first.path))) only by Unicode normalisation (\(here) here, \(there) there): they are two ids; spell them alike if they are meant to be one",
      path)
  }

  /// For a message about an id that is not defined: the defined id it
  /// differs from only by Unicode normalisation, if there is one.
  private func formHint(_ id: String) -> String {
    guard let similar = firstOfForm[id], !similar.id.hasSameBytes(as: id) else { return "" }
    return
      " (\"\(similar.id)\" at \(place(similar.path)) differs from it only by Unicode normalisation)"
  }

  /// The code points of two spellings between their common start and end,
  /// written `U+0065 U+0301`: what tells them apart in a message.
  static func differingScalars(_ a: String, _ b: String) -> (String, String) {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    var start = 0
    while start < min(x.count, y.count), x[start] == y[start] { start += 1 }
    var end = 0
    while end < min(x.count, y.count) - start, x[x.count - 1 - end] == y[y.count - 1 - end] {
      end += 1
    }
    func spelled(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
      let shown = scalars.prefix(6).map { scalar in
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
      }
      return (shown + (scalars.count > 6 ? ["…"] : [])).joined(separator: " ")
    }
    return (spelled(x[start..<(x.count - end)]), spelled(y[start..<(y.count - end)]))
  }

  // MARK: - Reported figures

  /// A reported figure of a network, with what it is and where.
  struct LabelledFigure {
    /// Which of the network's figures this is.
    enum Role {
      case count(AssetKind)
      case audience(AssetKind)
      case total, claimedAudience, adBudget, posts
      case summedFollowers(AssetKind)
      case subsetCount(subset: String, AssetKind)
    }

    var role: Role
    var figure: ReportedFigure
    var path: ModelPath

    /// What a message calls the figure: "the count of Pages", "the Pages'
    /// ≥1 audience", "the ad budget"; built only for a finding.
    var label: String {
      switch role {
      case .count(let kind): "the count of \(kind.pluralLabel)"
      case .audience(let kind): "the \(kind.pluralLabel)' ≥1 audience"
      case .total: "the total"
      case .claimedAudience: "the network-wide audience"
      case .adBudget: "the ad budget"
      case .posts: "the count of posts"
      case .summedFollowers(let kind): "the \(kind.pluralLabel)' summed follower count"
      case .subsetCount(let subset, let kind): "the count of \(kind.pluralLabel) in \"\(subset)\""
      }
    }

    /// Whether the figure is a kind's ≥1 audience.
    var isAudience: Bool {
      if case .audience = role { return true }
      return false
    }
  }

  /// Every reported figure of `network`, in document order.
  func figures(of network: Network, at path: ModelPath) -> [LabelledFigure] {
    let reported = path.key("reported")
    var figures: [LabelledFigure] = []
    for (kind, figure) in network.reported.counts.entries {
      figures.append(
        LabelledFigure(
          role: .count(kind), figure: figure, path: reported.key("counts").key(kind.name)))
    }
    for (kind, figure) in network.reported.audiences.entries {
      figures.append(
        LabelledFigure(
          role: .audience(kind), figure: figure, path: reported.key("audiences").key(kind.name)))
    }
    if let total = network.reported.total {
      figures.append(
        LabelledFigure(
          role: .total, figure: total.figure, path: reported.key("total").key("figure")))
    }
    if let claimed = network.reported.claimedAudience {
      figures.append(
        LabelledFigure(
          role: .claimedAudience, figure: claimed, path: reported.key("claimedAudience")))
    }
    if let posts = network.reported.posts {
      figures.append(LabelledFigure(role: .posts, figure: posts, path: reported.key("posts")))
    }
    for (kind, figure) in network.reported.summedFollowers.entries {
      figures.append(
        LabelledFigure(
          role: .summedFollowers(kind), figure: figure,
          path: reported.key("summedFollowers").key(kind.name)))
    }
    if let amount = network.adSpend?.amount {
      figures.append(
        LabelledFigure(role: .adBudget, figure: amount, path: path.key("adSpend").key("amount")))
    }
    for (s, subset) in network.subsets.enumerated() {
      for (kind, figure) in subset.counts.entries {
        figures.append(
          LabelledFigure(
            role: .subsetCount(subset: subset.label, kind), figure: figure,
            path: path.key("subsets").index(s).key("counts").key(kind.name)))
      }
    }
    return figures
  }

  private mutating func checkFigures(of network: Network, at path: ModelPath) {
    let figures = figures(of: network, at: path)
    for item in figures {
      let (figure, at) = (item.figure, item.path)
      if let refusal = Self.malformation(of: figure) {
        add(.error, "malformed-figure", refusal, at, structural: true)
      }
      if let value = figure.value { checkCount(value, "the reported figure", at: at.key("value")) }
      if let high = figure.upTo { checkCount(high, "the range's high end", at: at.key("upTo")) }
      if let source = figure.source {
        checkSourceReference(source, at: at.key("source"))
      } else if figure.qualifier == .notGiven {
        add(
          .warning, "unsourced-figure",
          "\(item.label) is marked not given, with no source naming the kind", at)
      } else {
        add(.warning, "unsourced-figure", "the figure \(figure.text) has no source", at)
      }
    }
    noteUnknowns(in: figures, of: network)
    checkSummedFollowers(of: network, at: path.key("reported"))
    if network.reported.counts[.organization] != nil {
      add(
        .warning, "organization-count",
        "reports count removed assets; organisations are attributed, not removed",
        path.key("reported").key("counts").key("organization"))
    }
  }

  /// What makes a figure built in code one a decoder would refuse: a value
  /// with "not given", none without it, a range without its high end or
  /// with its ends swapped, a high end on anything but a range.
  static func malformation(of figure: ReportedFigure) -> String? {
    switch (figure.qualifier, figure.value, figure.upTo) {
    case (.notGiven, .some, _), (.notGiven, _, .some):
      "a figure that is not given has no value"
    case (.notGiven, nil, nil):
      nil
    case (_, nil, _):
      "a figure qualified \"\(figure.qualifier.rawValue)\" has no value"
    case (.range, _, nil):
      "a range has no high end (upTo)"
    case (.range, .some(let low), .some(let high)) where high < low:
      "the range's high end (\(groupedDigits(high))) is below its low end (\(groupedDigits(low)))"
    case (.range, _, _):
      nil
    case (_, _, .some):
      "only a range has a high end (upTo); this figure is \"\(figure.qualifier.rawValue)\""
    default:
      nil
    }
  }

  private mutating func checkTotal(of network: Network, at path: ModelPath) {
    guard let total = network.reported.total else { return }
    let at = path.key("reported").key("total")
    guard !total.covers.isEmpty else {
      add(
        .warning, "total-without-parts", "the total does not say which kinds it covers",
        at.key("covers"))
      return
    }
    let missing = total.covers.filter { network.reported.counts[$0]?.value == nil }
    guard missing.isEmpty else {
      add(
        .info, "total-unreconciled",
        "cannot reconcile the total \(total.figure.text): no count of \(missing.map(\.pluralLabel).joined(separator: ", "))",
        at)
      return
    }
    guard total.figure.value != nil else { return }
    let parts = total.covers.sorted().map { ($0, network.reported.counts[$0]!) }
    let sum = Bound.sum(of: parts.map(\.1))
    var severity: Finding.Severity?
    if let most = Bound.most(of: total.figure) {
      severity = Bound.violation(least: sum.least, most: most)
    }
    if let least = Bound.least(of: total.figure), let most = sum.most,
      let found = Bound.violation(least: least, most: most)
    {
      severity = max(severity ?? found, found)
    }
    guard let severity else { return }
    let terms = parts.map { "\($0.1.text) \($0.0.pluralLabel)" }.joined(separator: " + ")
    let hedged = parts.contains { $0.1.qualifier != .exactly } || total.figure.qualifier != .exactly
    add(
      hedged ? .warning : severity, "total-mismatch",
      "the reported total \(total.figure.text) does not match its parts: \(terms) = \(Self.describe(sum))",
      at.key("figure"))
  }

  /// A sum of figures as a message shows it: `53`, `about 53`, `50 to 60`, `at least 50`.
  static func describe(_ sum: (least: Bound, most: Bound?)) -> String {
    let low = groupedDigits(sum.least.value)
    guard let most = sum.most else { return "at least \(low)" }
    guard most.value == sum.least.value else { return "\(low) to \(groupedDigits(most.value))" }
    return sum.least.approximate || most.approximate ? "about \(low)" : low
  }

  private mutating func checkAudiences(of network: Network, at path: ModelPath) {
    let reported = path.key("reported")
    for (kind, figure) in network.reported.audiences.entries {
      let at = reported.key("audiences").key(kind.name)
      if !kind.hasAudience {
        add(
          .warning, "audience-kind",
          "platforms report ≥1 audiences for Pages, Groups, Instagram accounts and other kinds with followers, not \(kind.pluralLabel)",
          at)
      }
      guard let count = network.reported.counts[kind] else { continue }
      if count.qualifier == .exactly, count.value == 0, Self.isCertainlyPositive(figure) {
        add(
          .error, "audience-without-assets",
          "an audience of \(figure.text) for zero \(kind.pluralLabel)", at)
      }
      if kind.audienceIsMembers, figure.upperBound == 0, Self.isCertainlyPositive(count) {
        add(
          .warning, "zero-members",
          "\(count.text) \(kind.pluralLabel) with \(figure.text) \(kind.audienceWord) at all: \(kind.singularWithArticle) counts at least the account that made it among its \(kind.audienceWord), so this is more likely a figure not given (qualifier \"notGiven\") than zero",
          at)
      }
    }
    checkAudiencesGiven(of: network, at: reported)
    guard let claimed = network.reported.claimedAudience,
      let bounds = AudienceBounds(audiences: network.reported.audiences)
    else { return }
    let at = reported.key("claimedAudience")
    if let upper = bounds.upper, let most = Bound.most(of: upper),
      let least = Bound.least(of: claimed),
      let severity = Bound.violation(least: least, most: most)
    {
      add(
        severity, "claim-exceeds-bounds",
        "the network-wide audience \(claimed.text) is more than the sum of the per-kind ≥1 figures, \(upper.text)",
        at)
    }
    if let lower = bounds.lower, let least = Bound.least(of: lower),
      let most = Bound.most(of: claimed),
      let severity = Bound.violation(least: least, most: most)
    {
      add(
        severity, "claim-below-bounds",
        "the network-wide audience \(claimed.text) is less than one kind's ≥1 figure alone, \(lower.text)",
        at)
    }
  }

  /// A kind counted without its ≥1 audience while the network gives other
  /// kinds' audiences: reports give them together, so one missing is more
  /// likely lost in transcription (a compilation's "1,100 Groups" with no
  /// member figure) than never given.
  private mutating func checkAudiencesGiven(of network: Network, at reported: ModelPath) {
    let audiences = network.reported.audiences
    let given = audiences.entries.map(\.kind)
    guard !given.isEmpty else { return }
    // Events are left out: reports count the Events a network hosted and
    // rarely say who attended them.
    for (kind, count) in network.reported.counts.entries
    where kind.hasAudience && kind != .event && audiences[kind] == nil
      && Self.isCertainlyPositive(count)
    {
      add(
        .warning, "audience-missing",
        "\(count.text) \(kind.pluralLabel) with no figure for their \(kind.audienceWord), while the network gives one for its \(given.map(\.pluralLabel).joined(separator: " and ")): most likely dropped in transcription; if the source gives none, say so (qualifier \"notGiven\")",
        reported.key("counts").key(kind.name))
    }
  }

  /// Whether `figure` says its number is above zero: 546, about 3, more than 0.
  static func isCertainlyPositive(_ figure: ReportedFigure) -> Bool {
    guard let least = Bound.least(of: figure) else { return false }
    return least.value > 0 || (least.value == 0 && least.strict)
  }

  private mutating func checkSubsets(of network: Network, at path: ModelPath) {
    for (s, subset) in network.subsets.enumerated() {
      for (kind, figure) in subset.counts.entries {
        let at = path.key("subsets").index(s).key("counts").key(kind.name)
        guard let whole = network.reported.counts[kind] else {
          add(
            .info, "subset-unreconciled",
            "no reported count of \(kind.pluralLabel) to compare the subset with", at)
          continue
        }
        if let least = Bound.least(of: figure), let most = Bound.most(of: whole),
          let severity = Bound.violation(least: least, most: most)
        {
          add(
            severity, "subset-exceeds-total",
            "the subset \"\(subset.label)\" has \(figure.text) \(kind.pluralLabel), more than the network's \(whole.text)\(Bound.allowance(of: whole))",
            at)
        }
      }
    }
  }

  // MARK: - Itemized data

  private mutating func checkItemized(_ network: Network, at path: ModelPath) {
    guard !network.assets.isEmpty else { return }
    let itemized = ItemizedReach(assets: network.assets)
    for (kind, reported) in network.reported.counts.entries where !kind.isActor {
      let count = itemized.assets[kind]
      let at = path.key("reported").key("counts").key(kind.name)
      if let most = Bound.most(of: reported),
        let severity = Bound.violation(least: .exactly(count), most: most)
      {
        add(
          severity, "itemized-exceeds-reported",
          "\(groupedDigits(count)) \(kind.pluralLabel) are itemized but the report counts \(reported.text)\(Bound.allowance(of: reported))",
          at)
      } else if let least = reported.lowerBound, count < least {
        add(
          .info, "partial-itemization",
          "\(groupedDigits(count)) of \(reported.text) \(kind.pluralLabel) are itemized; figures from the itemized data cover that part only",
          at)
      }
    }
    checkAssetAudiences(of: network, at: path)
  }

  private mutating func checkRelations(of network: Network, at path: ModelPath) {
    for (r, relation) in network.relations.enumerated() {
      var at: ModelPath { path.key("relations").index(r) }
      let ends = (kind(of: relation.source), kind(of: relation.target))
      for (field, id, kind) in [
        ("source", relation.source, ends.0), ("target", relation.target, ends.1),
      ]
      where kind == nil {
        add(
          .error, "dangling-reference",
          FindingMessage.danglingEnd(field, id, of: relation.type, hint: formHint(id)),
          at.key(field), structural: true)
      }
      if relation.source.hasSameBytes(as: relation.target) {
        add(
          .warning, "self-relation", "\"\(relation.source)\" \(relation.type.rawValue) itself", at)
      }
      guard let source = ends.0, let target = ends.1 else { continue }
      if let expectation = Self.expectation(relation.type), !expectation(source, target) {
        let firstFormat = AssetKind.original.contains(source) && AssetKind.original.contains(target)
        add(
          .warning, "unusual-relation",
          "\(source.singularWithArticle) \(relation.type.rawValue) \(target.singularWithArticle); expected \(Self.expectedWording(relation.type, firstFormat: firstFormat))",
          at.key("type"))
      }
    }
  }

  private func kind(of id: String) -> AssetKind? {
    let key = ByteExactID(id)
    if let asset = assetKinds[key] { return asset.kind }
    return actorKinds[key]
  }

  /// Kinds that are someone's login on a platform, which follow, join and
  /// administer other assets; a declared kind may be one.
  private static func isLogin(_ kind: AssetKind) -> Bool {
    [.account, .instagram, .xAccount, .tiktokAccount, .threadsAccount, .unnamedAccount]
      .contains(kind) || kind.isDeclared
  }

  /// Who may hold each relation. On the first format's five kinds these are
  /// that format's rules (a Facebook account administers a Page, Group or
  /// Instagram account, and joins Groups), save that any two platforms'
  /// assets may act in coordination: `coordinate` finds coordinated X
  /// accounts and YouTube channels, and CooRnet coordinated Pages.
  private static func expectation(_ type: RelationType) -> ((AssetKind, AssetKind) -> Bool)? {
    switch type {
    case .administers:
      {
        ($0 == .account || $0 == .unnamedAccount || $0.isDeclared)
          && ([.page, .group, .event, .instagram, .youtubeChannel, .telegramChannel].contains($1)
            || $1.isDeclared)
      }
    case .memberOf:
      {
        ($0 == .account || $0 == .unnamedAccount || $0.isDeclared)
          && ($1.audienceIsMembers || $1.isDeclared)
      }
    case .follows: { isLogin($0) && !$1.isActor && !$1.audienceIsMembers }
    case .attributedTo: { !$0.isActor && $1.isActor }
    case .partOf: { $0.isActor && $1.isActor }
    case .linkedTo: nil
    case .coordinatedWith: { !$0.isActor && !$1.isActor }
    }
  }

  /// What `expectation` asks for, in the first format's words when both ends
  /// are of its kinds.
  private static func expectedWording(_ type: RelationType, firstFormat: Bool) -> String {
    switch (type, firstFormat) {
    case (.administers, true): "an account administering a Page, Group or Instagram account"
    case (.administers, false):
      "an account administering a Page, Group, Event, Instagram account or channel"
    case (.memberOf, true): "an account that is a member of a Group"
    case (.memberOf, false): "an account that is a member of a Group or attends an Event"
    case (.follows, true): "an account following a Page, an Instagram account or an account"
    case (.follows, false): "an account following an account, a Page or a channel"
    case (.attributedTo, true): "an asset attributed to an organisation"
    case (.attributedTo, false): "an asset attributed to an organisation, a person or a movement"
    case (.partOf, true): "an organisation part of another"
    case (.partOf, false): "an actor (organisation, person, movement) part of another"
    case (.linkedTo, _): "anything"
    case (.coordinatedWith, _): "two assets of platforms acting in coordination, not actors"
    }
  }

  private mutating func checkAttributionAndAds(of network: Network, at path: ModelPath) {
    if let attribution = network.attribution {
      for (i, id) in attribution.organizations.enumerated()
      where actorKinds[ByteExactID(id)] == nil {
        add(
          .error, "dangling-reference",
          "the attribution names organisation \"\(id)\", which this document does not define\(formHint(id))",
          path.key("attribution").key("organizations").index(i), structural: true)
      }
      checkSourceReference(attribution.source, at: path.key("attribution").key("source"))
      if attribution.source == nil {
        add(.warning, "unsourced-figure", "the attribution has no source", path.key("attribution"))
      }
    }
    guard let ads = network.adSpend else { return }
    if let first = ads.firstAd, let last = ads.lastAd, last.isCertainlyBefore(first) {
      add(
        .error, "ad-dates", "the last ad (\(last)) is before the first (\(first))",
        path.key("adSpend").key("lastAd"))
    }
    checkBudget(ads, at: path.key("adSpend").key("amount"))
    for (field, codes) in [("currency", [ads.currency]), ("paidIn", ads.paidIn)] {
      for code in codes where !(code.count == 3 && code.allSatisfy { $0.isASCII && $0.isUppercase })
      {
        add(
          .warning, "currency-code", "\"\(code)\" is not an ISO 4217 currency code such as USD",
          path.key("adSpend").key(field))
      }
    }
  }
}

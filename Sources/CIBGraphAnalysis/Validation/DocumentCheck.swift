import CIBGraphCore
import CIBGraphSupport

/// The checks of ``Validator/validate(_:locations:)`` over one document.
struct DocumentCheck {
  let document: NetworkDocument
  let locations: (any LocationResolver)?
  var findings: [Finding] = []

  private var sourceIDs = Set<ByteExactID>()
  private var organizationIDs = Set<ByteExactID>()
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
    }
  }

  // MARK: - Helpers

  private mutating func add(
    _ severity: Finding.Severity, _ code: String, _ message: String, _ path: ModelPath,
    structural: Bool = false
  ) {
    findings.append(Finding(severity, code, message, path: path, structural: structural))
  }

  /// "line 12" when the location is known, else the path.
  private func place(_ path: ModelPath) -> String {
    if let line = locations?.location(of: path).line { return "line \(line)" }
    return path.description
  }

  // MARK: - Document level

  private mutating func checkSources() {
    let path = ModelPath([.key("report"), .key("sources")])
    for (i, source) in document.report.sources.enumerated() {
      if !sourceIDs.insert(ByteExactID(source.id)).inserted {
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
      } else if !organizationIDs.insert(ByteExactID(organization.id)).inserted {
        add(
          .error, "duplicate-id", "organisation id \"\(organization.id)\" is defined twice",
          path.index(i).key("id"), structural: true)
      } else {
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
      guard organizationIDs.contains(ByteExactID(parent)) else {
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
        if organizationIDs.contains(key) && asset.kind != .organization {
          add(
            .error, "kind-conflict",
            "id \"\(asset.id)\" is an organisation of the document and a \(asset.kind.singularLabel) here",
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
              "id \"\(asset.id)\" is a \(asset.kind.singularLabel) here and a \(earlier.kind.singularLabel) at \(place(earlier.path))",
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
        if asset.kind == .group, asset.followers != nil {
          add(
            .warning, "audience-noun",
            "a Group has members, not followers; is this count in the wrong column?",
            path.key("followers"))
        }
        if asset.kind != .group, asset.members != nil {
          add(
            .warning, "audience-noun",
            "a \(asset.kind.singularLabel) has followers, not members; is this count in the wrong column?",
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
    if !sourceIDs.contains(ByteExactID(source)) {
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

  private mutating func checkFigures(of network: Network, at path: ModelPath) {
    let reported = path.key("reported")
    var figures: [(ReportedFigure, ModelPath)] = []
    for (kind, figure) in network.reported.counts.entries {
      figures.append((figure, reported.key("counts").key(kind.name)))
    }
    for (kind, figure) in network.reported.audiences.entries {
      figures.append((figure, reported.key("audiences").key(kind.name)))
    }
    if let total = network.reported.total {
      figures.append((total.figure, reported.key("total").key("figure")))
    }
    if let claimed = network.reported.claimedAudience {
      figures.append((claimed, reported.key("claimedAudience")))
    }
    if let amount = network.adSpend?.amount {
      figures.append((amount, path.key("adSpend").key("amount")))
    }
    for (s, subset) in network.subsets.enumerated() {
      for (kind, figure) in subset.counts.entries {
        figures.append((figure, path.key("subsets").index(s).key("counts").key(kind.name)))
      }
    }
    for (figure, at) in figures {
      if let value = figure.value { checkCount(value, "the reported figure", at: at.key("value")) }
      if let high = figure.upTo { checkCount(high, "the range's high end", at: at.key("upTo")) }
      if let source = figure.source {
        checkSourceReference(source, at: at.key("source"))
      } else {
        add(.warning, "unsourced-figure", "the figure \(figure.text) has no source", at)
      }
    }
    if network.reported.counts[.organization] != nil {
      add(
        .warning, "organization-count",
        "reports count removed assets; organisations are attributed, not removed",
        reported.key("counts").key("organization"))
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
    guard let value = total.figure.value else { return }
    let parts = total.covers.sorted().map { ($0, network.reported.counts[$0]!) }
    let sum = parts.reduce(CountSum(0)) { $0 + CountSum($1.1.value!) }
    let terms = parts.map { "\(groupedDigits($0.1.value!)) \($0.0.pluralLabel)" }.joined(
      separator: " + ")
    let message =
      "the reported total \(total.figure.text) does not match its parts: \(terms) = \(groupedDigits(sum))"
    let hedged = parts.contains { $0.1.qualifier != .exactly } || total.figure.qualifier != .exactly
    guard hedged else {
      if sum != CountSum(value) { add(.error, "total-mismatch", message, at.key("figure")) }
      return
    }
    // Hedged figures ("about") are allowed 10 % either way.
    let slack =
      parts.contains { $0.1.isApproximate } || total.figure.isApproximate
      ? Double(value) * 0.1 : 0
    let consistent =
      switch total.figure.qualifier {
      case .lessThan: Double(sum) < Double(value) + slack
      case .moreThan: Double(sum) > Double(value) - slack
      case .atLeast: Double(sum) >= Double(value) - slack
      case .range: Double(sum) >= Double(value) && Double(sum) <= Double(total.figure.upTo ?? value)
      case .exactly, .about, .hedgeUnknown, .notGiven: abs(Double(sum - CountSum(value))) <= slack
      }
    if !consistent { add(.warning, "total-mismatch", message, at.key("figure")) }
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
      if let count = network.reported.counts[kind], count.value == 0, count.qualifier == .exactly,
        (figure.value ?? 0) > 0
      {
        add(
          .error, "audience-without-assets",
          "an audience of \(figure.text) for zero \(kind.pluralLabel)", at)
      }
    }
    guard let claimed = network.reported.claimedAudience,
      let bounds = AudienceBounds(audiences: network.reported.audiences)
    else { return }
    let at = reported.key("claimedAudience")
    if let upper = bounds.upper?.upperBound, let claimedLow = claimed.lowerBound, claimedLow > upper
    {
      add(
        .error, "claim-exceeds-bounds",
        "the network-wide audience \(claimed.text) is more than the sum of the per-kind ≥1 figures, \(bounds.upper!.text)",
        at)
    }
    if let lower = bounds.lower?.lowerBound, let claimedHigh = claimed.upperBound,
      claimedHigh < lower
    {
      add(
        .error, "claim-below-bounds",
        "the network-wide audience \(claimed.text) is less than one kind's ≥1 figure alone, \(bounds.lower!.text)",
        at)
    }
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
        if let part = figure.lowerBound, let most = whole.upperBound, part > most {
          add(
            .error, "subset-exceeds-total",
            "the subset \"\(subset.label)\" has \(figure.text) \(kind.pluralLabel), more than the network's \(whole.text)",
            at)
        }
      }
    }
  }

  // MARK: - Itemized data

  private mutating func checkItemized(_ network: Network, at path: ModelPath) {
    guard !network.assets.isEmpty else { return }
    let itemized = ItemizedReach(assets: network.assets)
    for kind in AssetKind.platformAssets {
      let count = itemized.assets[kind]
      guard let reported = network.reported.counts[kind] else { continue }
      let at = path.key("reported").key("counts").key(kind.name)
      if let most = reported.upperBound, count > most {
        add(
          reported.qualifier == .about ? .warning : .error, "itemized-exceeds-reported",
          "\(groupedDigits(count)) \(kind.pluralLabel) are itemized but the report counts \(reported.text)",
          at)
      } else if let least = reported.lowerBound ?? reported.value, count < least {
        add(
          .info, "partial-itemization",
          "\(groupedDigits(count)) of \(reported.text) \(kind.pluralLabel) are itemized; figures from the itemized data cover that part only",
          at)
      }
    }
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
        add(
          .warning, "unusual-relation",
          "a \(source.singularLabel) \(relation.type.rawValue) a \(target.singularLabel); expected \(Self.expectedWording(relation.type))",
          at.key("type"))
      }
    }
  }

  private func kind(of id: String) -> AssetKind? {
    let key = ByteExactID(id)
    if let asset = assetKinds[key] { return asset.kind }
    return organizationIDs.contains(key) ? .organization : nil
  }

  private static func expectation(_ type: RelationType) -> ((AssetKind, AssetKind) -> Bool)? {
    switch type {
    case .administers: { $0 == .account && [.page, .group, .instagram].contains($1) }
    case .memberOf: { $0 == .account && $1 == .group }
    case .follows:
      { [.account, .instagram].contains($0) && [.page, .instagram, .account].contains($1) }
    case .attributedTo: { $0 != .organization && $1 == .organization }
    case .partOf: { $0 == .organization && $1 == .organization }
    case .linkedTo: nil
    case .coordinatedWith: { $0 == .account && $1 == .account }
    }
  }

  private static func expectedWording(_ type: RelationType) -> String {
    switch type {
    case .administers: "an account administering a Page, Group or Instagram account"
    case .memberOf: "an account that is a member of a Group"
    case .follows: "an account following a Page, an Instagram account or an account"
    case .attributedTo: "an asset attributed to an organisation"
    case .partOf: "an organisation part of another"
    case .linkedTo: "anything"
    case .coordinatedWith: "an account acting in coordination with another account"
    }
  }

  private mutating func checkAttributionAndAds(of network: Network, at path: ModelPath) {
    if let attribution = network.attribution {
      for (i, id) in attribution.organizations.enumerated()
      where !organizationIDs.contains(ByteExactID(id)) {
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
    if let first = ads.firstAd, let last = ads.lastAd, last < first {
      add(
        .error, "ad-dates", "the last ad (\(last)) is before the first (\(first))",
        path.key("adSpend").key("lastAd"))
    }
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

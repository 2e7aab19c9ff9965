import CIBGraphCore
import CIBGraphSupport

/// Builds a `DocumentDiff`: matches the items of two documents and
/// compares every value of each pair through `compare(_:_:_:in:keys:places:)`.
struct DiffBuilder {
  typealias Change = DocumentDiff.Change
  typealias Value = Change.Value

  private(set) var changes: [Change] = []
  private(set) var networksInBoth = 0

  /// Where one item matched in both documents is in each, for the changes
  /// within it: the item, the part of it (`assets[p1]`), and its path in
  /// each document.
  struct Scope {
    var item: Change.Item
    var part = Part.whole
    /// The list the item is in and its position there, in each document
    /// (the item itself, with no position, for the report): a path is
    /// built only for a change or a list within the item, for building
    /// one allocates.
    var listA: ModelPath
    var indexA: Int?
    var listB: ModelPath
    var indexB: Int?

    /// The field prefix of the part: `assets[p1]`, empty for the whole item.
    var prefix: String { part.prefix }

    /// The item's path in the first document.
    var a: ModelPath { indexA.map { listA.index($0) } ?? listA }
    /// The item's path in the second document.
    var b: ModelPath { indexB.map { listB.index($0) } ?? listB }
  }

  /// A part of an item that has parts of its own: an asset, a subset or a
  /// relation of a network. Its prefix is written only for a change: for
  /// every asset of a large network, it would cost more than the comparing.
  enum Part {
    case whole
    /// The item of `key` in the list `list`: `assets[p1]`.
    case keyed(list: String, key: String)
    case relation(Relation)

    var prefix: String {
      switch self {
      case .whole: ""
      case .keyed(let list, let key): "\(list)[\(key)]"
      case .relation(let relation):
        "relations[\(relation.source) \(relation.type.rawValue) \(relation.target)]"
      }
    }
  }

  /// One value of an item of type `Item` that both documents may give: its
  /// field, which is also its path of keys, and how to read it.
  struct Field<Item>: Sendable {
    var name: String
    var value: @Sendable (Item) -> Value?
    /// Whether the value names places, which compare by what they name.
    var places = false

    init(_ name: String, places: Bool = false, _ value: @escaping @Sendable (Item) -> Value?) {
      self.name = name
      self.places = places
      self.value = value
    }
  }

  // MARK: - The one comparison

  /// Records a change when `a` and `b` differ: one is missing, or they are
  /// not the same bytes (places: not the same places).
  /// - Parameters:
  ///   - field: The field within `scope`, a path of keys (`reported.counts.page`);
  ///     written only for a change.
  ///   - keys: The path within `scope` when it is not `field` (a total's
  ///     figure is under `figure`).
  mutating func compare(
    _ field: @autoclosure () -> String, _ a: Value?, _ b: Value?, in scope: Scope,
    keys: [ModelPath.Component]? = nil, places: Bool = false
  ) {
    guard !Self.same(a, b, places: places) else { return }
    let field = field()
    let steps = keys ?? field.split(separator: ".").map { .key(String($0)) }
    let name =
      scope.prefix.isEmpty || field.isEmpty ? scope.prefix + field : scope.prefix + "." + field
    changes.append(
      Change(
        item: scope.item, field: name, a: a, b: b,
        pathInA: a == nil ? nil : ModelPath(scope.a.components + steps),
        pathInB: b == nil ? nil : ModelPath(scope.b.components + steps)))
  }

  /// Compares every field of the table.
  mutating func compare<Item>(_ fields: [Field<Item>], _ a: Item, _ b: Item, in scope: Scope) {
    for field in fields {
      compare(field.name, field.value(a), field.value(b), in: scope, places: field.places)
    }
  }

  /// Compares two items' measures, measure by measure, each at
  /// `measures.NAME`; nothing to do when neither has one, as most documents.
  mutating func compare(_ a: Measurements, _ b: Measurements, in scope: Scope) {
    guard !a.isEmpty || !b.isEmpty else { return }
    for measure in Measure.allCases {
      compare(
        "measures.\(measure.rawValue)", a[measure].map { .word($0.text) },
        b[measure].map { .word($0.text) }, in: scope)
    }
  }

  /// Compares two figures tables kind by kind, in kind order; kinds are
  /// matched by name, so a kind two documents declare differently is one.
  mutating func compare(
    _ field: String, _ a: PerKind<ReportedFigure>, _ b: PerKind<ReportedFigure>, in scope: Scope
  ) {
    let (left, right) = (a.entries, b.entries)
    // Most tables give the same kinds: matched in place, without a table of names.
    let matched =
      left.map(\.kind) == right.map(\.kind)
      ? left.indices.map { (a: Optional($0), b: Optional($0)) }
      : Self.pairs(left.map(\.kind.name), right.map(\.kind.name))
    for (i, j) in matched {
      let kind = (i.map { left[$0].kind } ?? right[j!].kind).name
      compare(
        "\(field).\(kind)", i.map { .figure(left[$0].value) }, j.map { .figure(right[$0].value) },
        in: scope)
    }
  }

  /// Whether two values are the same: the same bytes, or for `places`,
  /// the same places by name.
  static func same(_ a: Value?, _ b: Value?, places: Bool) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (.figure(let x)?, .figure(let y)?):
      return x.value == y.value && x.qualifier == y.qualifier && x.upTo == y.upTo
        && sameText(x.source, y.source) && sameText(x.note, y.note)
    case (.number(let x)?, .number(let y)?): return x == y
    case (.text(let x)?, .text(let y)?), (.word(let x)?, .word(let y)?):
      return places ? Self.place(x) == Self.place(y) : x.hasSameBytes(as: y)
    case (.list(let x)?, .list(let y)?):
      guard x.count == y.count else { return false }
      return zip(x, y).allSatisfy {
        places ? Self.place($0) == Self.place($1) : $0.hasSameBytes(as: $1)
      }
    default: return false
    }
  }

  /// What a place names, for comparing: `PK` and `Pakistan` are one.
  private static func place(_ text: String) -> String { Place.display(text).lowercased() }

  // MARK: - Matching

  /// Pairs the positions of two lists of keys: the first occurrence of a key
  /// in `a` with the first in `b`, the second with the second; in `a`'s
  /// order, then `b`'s unmatched positions in `b`'s order.
  /// - Complexity: O(a + b) hash lookups.
  static func pairs<Key: Hashable>(_ a: [Key], _ b: [Key]) -> [(a: Int?, b: Int?)] {
    // The first unmatched position of each key in b, and after each
    // position the next of the same key: one table, however many repeats.
    var first: [Key: Int] = [:]
    first.reserveCapacity(b.count)
    var next = [Int](repeating: -1, count: b.count)
    for j in b.indices.reversed() {
      next[j] = first[b[j]] ?? -1
      first[b[j]] = j
    }
    var matched = [Bool](repeating: false, count: b.count)
    var result: [(a: Int?, b: Int?)] = []
    result.reserveCapacity(max(a.count, b.count))
    for (i, key) in a.enumerated() {
      if let j = first[key], j >= 0 {
        matched[j] = true
        first[key] = next[j]
        result.append((i, j))
      } else {
        result.append((i, nil))
      }
    }
    for j in b.indices where !matched[j] { result.append((nil, j)) }
    return result
  }

  /// Matches the items of two lists by `key`, compares each pair with
  /// `body`, and records an item only one list has as a change of its own.
  /// - Parameters:
  ///   - pathA: The list's path in the first document.
  ///   - scope: The change's item and field for an item of key `key`.
  ///   - describe: What an item is, for a change of a whole item (`network "N"`).
  mutating func eachPair<Element, Key: Hashable>(
    _ a: [Element], _ b: [Element], key: (Element) -> Key, at pathA: ModelPath, _ pathB: ModelPath,
    scope: (Element) -> (item: Change.Item, part: Part), describe: (Element) -> String,
    body: (inout DiffBuilder, Element, Element, Scope) -> Void
  ) -> Int {
    var both = 0
    for (i, j) in Self.pairs(a.map(key), b.map(key)) {
      switch (i, j) {
      case (let i?, let j?):
        both += 1
        let (item, part) = scope(a[i])
        body(
          &self, a[i], b[j],
          Scope(
            item: item, part: part, listA: pathA, indexA: i, listB: pathB, indexB: j)
        )
      case (let i?, nil):
        let (item, part) = scope(a[i])
        changes.append(
          Change(
            item: item, field: part.prefix, a: .word(describe(a[i])), b: nil,
            pathInA: pathA.index(i),
            pathInB: nil))
      case (nil, let j?):
        let (item, part) = scope(b[j])
        changes.append(
          Change(
            item: item, field: part.prefix, a: nil, b: .word(describe(b[j])), pathInA: nil,
            pathInB: pathB.index(j)))
      case (nil, nil): break
      }
    }
    return both
  }

  // MARK: - Documents

  mutating func compareDocuments(_ a: NetworkDocument, _ b: NetworkDocument) {
    let report = ModelPath([.key("report")])
    compare(
      Self.reportFields, a.report, b.report,
      in: Scope(item: .report, listA: report, listB: report))
    _ = eachPair(
      a.report.sources, b.report.sources, key: { ByteExactID($0.id) }, at: report.key("sources"),
      report.key("sources"), scope: { (.source($0.id), .whole) },
      describe: { "source \(quotedText($0.title ?? $0.publisher))" },
      body: { $0.compare(Self.sourceFields, $1, $2, in: $3) })
    let kinds = ModelPath([.key("kinds")])
    _ = eachPair(
      a.kinds, b.kinds, key: { ByteExactID($0.name) }, at: kinds, kinds,
      scope: { (.kind($0.name), .whole) }, describe: { "kind \(quotedText($0.singular))" },
      body: { $0.compare(Self.kindFields, $1, $2, in: $3) })
    let organizations = ModelPath([.key("organizations")])
    _ = eachPair(
      a.organizations, b.organizations, key: { ByteExactID($0.id) }, at: organizations,
      organizations, scope: { (.organization($0.id), .whole) },
      describe: { "\($0.kind.name) \(quotedText($0.name))" },
      body: { $0.compare(Self.organizationFields, $1, $2, in: $3) })
    let networks = ModelPath([.key("networks")])
    networksInBoth = eachPair(
      a.networks, b.networks, key: { ByteExactID($0.id) }, at: networks, networks,
      scope: { (.network($0.id), .whole) }, describe: { "network \(quotedText($0.name))" },
      body: { $0.compareNetworks($1, $2, in: $3) })
  }

  private mutating func compareNetworks(_ a: Network, _ b: Network, in scope: Scope) {
    compare(Self.networkFields, a, b, in: scope)
    compare(
      "adSpend.amount", a.adSpend.map { .figure($0.amount) }, b.adSpend.map { .figure($0.amount) },
      in: scope)
    compare(Self.adSpendFields, a, b, in: scope)
    compare("reported.counts", a.reported.counts, b.reported.counts, in: scope)
    compare("reported.audiences", a.reported.audiences, b.reported.audiences, in: scope)
    compare(
      "reported.total", a.reported.total.map { .figure($0.figure) },
      b.reported.total.map { .figure($0.figure) }, in: scope,
      keys: [.key("reported"), .key("total"), .key("figure")])
    compare(
      "reported.total.covers", a.reported.total.flatMap { list($0.covers.map(\.name)) },
      b.reported.total.flatMap { list($0.covers.map(\.name)) }, in: scope)
    compare(
      "reported.claimedAudience", a.reported.claimedAudience.map(Value.figure),
      b.reported.claimedAudience.map(Value.figure), in: scope)
    compare(
      "reported.posts", a.reported.posts.map(Value.figure), b.reported.posts.map(Value.figure),
      in: scope)
    compare(
      "reported.summedFollowers", a.reported.summedFollowers, b.reported.summedFollowers,
      in: scope)
    _ = eachPair(
      a.subsets, b.subsets, key: { ByteExactID($0.label) }, at: scope.a.key("subsets"),
      scope.b.key("subsets"), scope: { (scope.item, .keyed(list: "subsets", key: $0.label)) },
      describe: { _ in "subset" },
      body: { $0.compare("counts", $1.counts, $2.counts, in: $3) })
    _ = eachPair(
      a.assets, b.assets, key: { ByteExactID($0.id) }, at: scope.a.key("assets"),
      scope.b.key("assets"), scope: { (scope.item, .keyed(list: "assets", key: $0.id)) },
      describe: { $0.kind.singularLabel + ($0.name.map { " " + quotedText($0) } ?? "") },
      body: {
        $0.compare(Self.assetFields, $1, $2, in: $3)
        $0.compare($1.measures, $2.measures, in: $3)
      })
    _ = eachPair(
      a.relations, b.relations, key: RelationKey.init, at: scope.a.key("relations"),
      scope.b.key("relations"),
      scope: { (scope.item, .relation($0)) },
      describe: { "\($0.type.rawValue) relation" },
      body: {
        $0.compare(Self.relationFields, $1, $2, in: $3)
        $0.compare($1.measures, $2.measures, in: $3)
      })
    compare(Self.networkTailFields, a, b, in: scope)
    compare(a.measures, b.measures, in: scope)
  }

  /// A relation's identity: its two ends and its type.
  private struct RelationKey: Hashable {
    var source: ByteExactID
    var target: ByteExactID
    var type: RelationType

    init(_ relation: Relation) {
      source = ByteExactID(relation.source)
      target = ByteExactID(relation.target)
      type = relation.type
    }
  }

  // MARK: - The fields, in the format's order

  static let reportFields: [Field<Report>] = [
    Field("title") { .text($0.title) },
    Field("publisher") { .text($0.publisher) },
    Field("published") { date($0.published) },
    Field("url") { $0.url.map(Value.text) },
    Field("kind") { .word($0.kind.rawValue) },
    Field("notes") { list($0.notes) },
  ]

  static let sourceFields: [Field<Source>] = [
    Field("publisher") { .text($0.publisher) },
    Field("title") { $0.title.map(Value.text) },
    Field("published") { date($0.published) },
    Field("url") { $0.url.map(Value.text) },
    Field("kind") { .word($0.kind.rawValue) },
  ]

  static let kindFields: [Field<KindDeclaration>] = [
    Field("platform") { .text($0.platform) },
    Field("singular") { .text($0.singular) },
    Field("plural") { .text($0.plural) },
    Field("audience") { $0.audience.map(Value.text) },
  ]

  static let organizationFields: [Field<Organization>] = [
    Field("name") { .text($0.name) },
    Field("kind") { .word($0.kind.name) },
    Field("aliases") { list($0.aliases) },
    Field("partOf") { $0.partOf.map(Value.word) },
    Field("country", places: true) { $0.country.map(Value.text) },
    Field("source") { $0.source.map(Value.word) },
  ]

  static let networkFields: [Field<Network>] = [
    Field("name") { .text($0.name) },
    Field("origins", places: true) { list($0.origins) },
    Field("targets", places: true) { list($0.targets) },
    Field("policy") { $0.policy.map(Value.text) },
    Field("topics") { list($0.topics) },
    Field("detection.method") { $0.detection.map { .text($0.method) } },
    Field("detection.by") { list($0.detection?.by) },
    Field("detection.source") { $0.detection?.source.map(Value.word) },
    Field("activeFrom") { date($0.activeFrom) },
    Field("activeUntil") { date($0.activeUntil) },
    Field("attribution.statement") { $0.attribution.map { .text($0.statement) } },
    Field("attribution.wording") { $0.attribution.map { .word($0.wording.rawValue) } },
    Field("attribution.paraphrasedBy") { $0.attribution?.paraphrasedBy.map(Value.text) },
    Field("attribution.confidence") { $0.attribution?.confidence.map(Value.text) },
    Field("attribution.organizations") { list($0.attribution?.organizations) },
    Field("attribution.source") { $0.attribution?.source.map(Value.word) },
  ]

  /// Ad spend but its amount, which is a figure.
  static let adSpendFields: [Field<Network>] = [
    Field("adSpend.currency") { $0.adSpend.map { .word($0.currency) } },
    Field("adSpend.paidIn") { list($0.adSpend?.paidIn) },
    Field("adSpend.firstAd") { date($0.adSpend?.firstAd) },
    Field("adSpend.lastAd") { date($0.adSpend?.lastAd) },
  ]

  static let networkTailFields: [Field<Network>] = [
    Field("sources") { list($0.sources) },
    Field("notes") { list($0.notes) },
  ]

  static let assetFields: [Field<Asset>] = [
    Field("kind") { .word($0.kind.name) },
    Field("name") { $0.name.map(Value.text) },
    Field("followers") { $0.followers.map(Value.number) },
    Field("members") { $0.members.map(Value.number) },
  ]

  static let relationFields: [Field<Relation>] = [
    Field("evidence") { $0.evidence.map(Value.text) },
    Field("weight") { $0.weight.map { .word("\($0)") } },
  ]
}

/// A list as a value; none when it is empty, as a document may leave it out.
private func list(_ items: [String]?) -> DiffBuilder.Value? {
  guard let items, !items.isEmpty else { return nil }
  return .list(items)
}

private func date(_ date: PartialDate?) -> DiffBuilder.Value? {
  date.map { .word($0.description) }
}

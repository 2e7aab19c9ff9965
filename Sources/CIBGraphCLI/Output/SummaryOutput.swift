import CIBGraph

/// What `summary` prints: the total over every network, and each group's.
struct SummaryOutput: CommandOutput {
  var summary: GroupedSummary
  /// Which networks were taken.
  var filter: NetworkFilter
  /// How many documents were read.
  var documents: Int
  /// How many files were left out as not valid documents.
  var documentsLeftOut: Int
  /// Descriptions of networks another document already gave, left out.
  var repeated: Int

  static let removalsNote =
    "removed assets are summed: an asset is removed once, so removals do not overlap"
  static let audienceNote =
    "audiences are never summed (one person may follow two networks): at least the largest network's lower bound, at most the sum of upper bounds"

  func text() -> String {
    var out =
      "\(counted(summary.total.networks, "network")) in \(counted(documents, "document"))"
    if repeated > 0 {
      out +=
        " (\(counted(repeated, "description")) of a network another document describes counted once)"
    }
    if documentsLeftOut > 0 {
      out += "; \(counted(documentsLeftOut, "file")) left out, not a valid document (see stderr)"
    }
    if !filter.keepsAll {
      out +=
        "\n  filters: "
        + Self.conditions(filter).map { "\($0.name) \($0.value)" }.joined(
          separator: "; ")
      out += " (\(counted(summary.leftOut, "network")) left out)"
    }
    out += "\n  " + Self.removalsNote + "\n  " + Self.audienceNote + "\n"
    if let grouping = summary.grouping {
      out += "\n" + Self.groupTable(summary, by: grouping)
      if summary.groupsOverlap {
        out += "  (a network may be in several groups: the groups do not add up to the total)\n"
      }
      out += "\nAll networks\n"
    }
    out += Self.text(summary.total)
    return out
  }

  /// One row per group, a column per kind: figures marked rather than
  /// spelt out, so that dozens of groups fit a terminal.
  private static func groupTable(_ summary: GroupedSummary, by grouping: SummaryGrouping)
    -> String
  {
    let kinds = summary.total.removed.entries.map(\.kind)
    var columns: [TextTable.Column] = [.init(grouping.rawValue), .init("Networks", .right)]
    columns += kinds.map { .init($0.pluralLabel, .right) }
    columns += [.init("People reached", .right), .init("Ad spend", .right)]
    var table = TextTable(columns)
    for group in summary.groups {
      let figures = group.summary
      var row = [TerminalText.safe(group.key, limit: 40), groupedDigits(figures.networks)]
      row += kinds.map { figures.removed[$0].map(\.marked) ?? "" }
      row.append(compact(figures.audience))
      row.append(
        figures.adSpend.map { "\(TerminalText.safe($0.currency, limit: 12)) \($0.spent.marked)" }
          .joined(separator: ", "))
      table.add(row)
    }
    return table.render(indent: "  ")
      + "  removed: summed; people reached: bounds across networks, never a sum; ad spend: per currency\n"
      + "  ~ about · ? hedge unknown (the source's \"about\", \"less than\" or \"more than\" was dropped) · ≥ no upper bound (a figure not given or open)\n"
  }

  /// The bounds on the people reached, marked as `SummedFigure.marked` marks sums.
  static func compact(_ audience: AudienceBounds) -> String {
    func figure(_ figure: ReportedFigure) -> String {
      let value = groupedDigits(figure.value ?? 0)
      switch figure.qualifier {
      case .about: return "~" + value
      case .hedgeUnknown: return value + "?"
      default: return value
      }
    }
    switch (audience.lower, audience.upper) {
    case (let lower?, let upper?) where lower.value == upper.value: return figure(lower)
    case (let lower?, let upper?): return figure(lower) + "–" + figure(upper)
    case (let lower?, nil): return "≥ " + figure(lower)
    case (nil, let upper?): return "≤ " + figure(upper)
    case (nil, nil): return "unknown"
    }
  }

  private static func text(_ summary: TakedownSummary) -> String {
    var out = "  Networks: \(groupedDigits(summary.networks))\n"
    var table = TextTable([
      .init("Kind"), .init("Removed (summed)", .right), .init("Networks", .right),
    ])
    for (kind, sum) in summary.removed.entries {
      table.add([kind.pluralLabel, sum.description, groupedDigits(sum.figures)])
    }
    // A platform's total, where it has several kinds to add up.
    let kinds = summary.removed.entries.map(\.kind)
    for (platform, sum) in summary.removedPerPlatform
    where kinds.filter({ $0.platform == platform }).count > 1 {
      table.add(["all on " + TerminalText.safe(platform, limit: 40), sum.description])
    }
    out += table.rows.isEmpty ? "  no removed assets reported\n" : table.render(indent: "  ")
    out += "  People reached (bounds, never a sum): \(summary.audience)\n"
    for (kind, sum) in summary.summedFollowers.entries {
      out +=
        "  Followers of the \(kind.pluralLabel) summed by the sources: \(sum) (a count of follows, not of people: never an audience)\n"
    }
    if summary.posts.figures > 0 {
      out += "  Posts published (summed): \(summary.posts)\n"
    }
    if summary.adSpend.isEmpty {
      out += "  Ad spend: not reported\n"
      return out
    }
    var spends = TextTable([
      .init("Ad spend (not converted)"), .init("Spent (summed)", .right),
      .init("Networks", .right),
    ])
    for (currency, spent) in summary.adSpend {
      spends.add([
        TerminalText.safe(currency, limit: 12), spent.description, groupedDigits(spent.figures),
      ])
    }
    if summary.withoutAdSpend > 0 {
      spends.add(["none reported", "", groupedDigits(summary.withoutAdSpend)])
    }
    out += spends.render(indent: "  ")
    return out
  }

  /// Each condition of `filter`, as the option that sets it and its value.
  static func conditions(_ filter: NetworkFilter) -> [(name: String, value: String)] {
    var conditions: [(name: String, value: String)] = []
    func add(_ name: String, _ values: [String]) {
      for value in values { conditions.append((name, TerminalText.safe(value, limit: 80))) }
    }
    add("origin", filter.origins)
    add("target", filter.targets)
    add("organization", filter.organizations)
    add("platform", filter.platforms)
    add("from", filter.from.map { [$0.description] } ?? [])
    add("to", filter.to.map { [$0.description] } ?? [])
    add("text", filter.text.map { [$0] } ?? [])
    return conditions
  }

  struct FilterJSON: Encodable {
    var origins: [String]
    var targets: [String]
    var organizations: [String]
    var platforms: [String]
    var from: String?
    var to: String?
    var text: String?
  }

  struct JSON: Encodable {
    var documents: Int
    var documentsLeftOut: Int
    var filter: FilterJSON
    var networksLeftOutByFilter: Int
    var repeatedDescriptions: Int
    var removalsOverlap: Bool
    var audiencesSummed: Bool
    var by: String?
    var groupsOverlap: Bool
    var groups: [GroupJSON]
    var total: SummaryJSON
  }

  struct GroupJSON: Encodable {
    var key: String
    var summary: SummaryJSON
  }

  struct SummaryJSON: Encodable {
    var networks: Int
    var removed: JSONMembers<SumJSON>
    var removedPerPlatform: [PlatformJSON]
    var audience: AudienceJSON
    var summedFollowers: JSONMembers<SumJSON>
    var posts: SumJSON?
    var adSpend: [SpendJSON]
    var networksWithoutAdSpend: Int
  }

  /// A sum as bounds: `upper` is null when a figure has no upper bound.
  struct SumJSON: Encodable {
    var lower: CountSum
    var upper: CountSum?
    var hedge: String
    var text: String
    var figures: Int
    var notGiven: Int

    init(_ sum: SummedFigure) {
      lower = sum.lower
      upper = sum.upper
      hedge = sum.hedge.rawValue
      text = sum.description
      figures = sum.figures
      notGiven = sum.notGiven
    }
  }

  struct AudienceJSON: Encodable {
    var lower: FigureJSON?
    var upper: FigureJSON?
    @OmittedWhenNil var upperOpenBecause: String?
    var text: String
  }

  struct PlatformJSON: Encodable {
    var platform: String
    var removed: SumJSON
  }

  struct SpendJSON: Encodable {
    var currency: String
    var spent: SumJSON
  }

  func json() -> JSON {
    JSON(
      documents: documents, documentsLeftOut: documentsLeftOut,
      filter: FilterJSON(
        origins: filter.origins, targets: filter.targets, organizations: filter.organizations,
        platforms: filter.platforms, from: filter.from?.description, to: filter.to?.description,
        text: filter.text),
      networksLeftOutByFilter: summary.leftOut, repeatedDescriptions: repeated,
      removalsOverlap: false,
      audiencesSummed: false, by: summary.grouping?.rawValue, groupsOverlap: summary.groupsOverlap,
      groups: summary.groups.map { GroupJSON(key: $0.key, summary: Self.json($0.summary)) },
      total: Self.json(summary.total))
  }

  private static func json(_ summary: TakedownSummary) -> SummaryJSON {
    SummaryJSON(
      networks: summary.networks,
      removed: JSONMembers(summary.removed.entries.map(\.kind)) { SumJSON(summary.removed[$0]!) },
      removedPerPlatform: summary.removedPerPlatform.map {
        PlatformJSON(platform: $0.platform, removed: SumJSON($0.removed))
      },
      audience: AudienceJSON(
        lower: summary.audience.lower.map(FigureJSON.init),
        upper: summary.audience.upper.map(FigureJSON.init),
        upperOpenBecause: summary.audience.openBecause, text: summary.audience.description),
      summedFollowers: JSONMembers(summary.summedFollowers.entries.map(\.kind)) {
        SumJSON(summary.summedFollowers[$0]!)
      },
      posts: summary.posts.figures > 0 ? SumJSON(summary.posts) : nil,
      adSpend: summary.adSpend.map { SpendJSON(currency: $0.currency, spent: SumJSON($0.spent)) },
      networksWithoutAdSpend: summary.withoutAdSpend)
  }

  func csv() -> String {
    var writer = CSVWriter(header: [
      "group", "networks", "measure", "item", "lower", "upper", "hedge", "text",
    ])
    let rows = summary.groups.map { ($0.key, $0.summary) } + [("all", summary.total)]
    for (key, group) in rows {
      let head: [CSVWriter.Cell] = [.text(key), .number(group.networks)]
      func bound(_ value: CountSum?) -> CSVWriter.Cell { value.map { .number($0) } ?? .empty }
      for (kind, sum) in group.removed.entries {
        writer.addRow(
          head + [
            .text("removed (summed)"), .text(kind.name), bound(sum.lower), bound(sum.upper),
            .text(sum.hedge.rawValue), .text(sum.description),
          ])
      }
      for (platform, sum) in group.removedPerPlatform {
        writer.addRow(
          head + [
            .text("removed per platform (summed)"), .text(platform), bound(sum.lower),
            bound(sum.upper), .text(sum.hedge.rawValue), .text(sum.description),
          ])
      }
      let audience = group.audience
      let lower: CountSum? = audience.lower?.value.map { CountSum($0) }
      let upper: CountSum? = audience.upper?.value.map { CountSum($0) }
      let hedge = audience.upper?.qualifier ?? audience.lower?.qualifier
      let measure: [CSVWriter.Cell] = [
        .text("people reached (bounds, never summed)"), .text("all kinds"),
      ]
      let values: [CSVWriter.Cell] = [
        bound(lower), bound(upper), .text(hedge?.rawValue ?? ""), .text(audience.description),
      ]
      writer.addRow(head + measure + values)
      for (kind, sum) in group.summedFollowers.entries {
        writer.addRow(
          head + [
            .text("followers summed by the sources (not people)"), .text(kind.name),
            bound(sum.lower), bound(sum.upper), .text(sum.hedge.rawValue), .text(sum.description),
          ])
      }
      if group.posts.figures > 0 {
        let sum = group.posts
        writer.addRow(
          head + [
            .text("posts (summed)"), .text("all kinds"), bound(sum.lower), bound(sum.upper),
            .text(sum.hedge.rawValue), .text(sum.description),
          ])
      }
      for (currency, spent) in group.adSpend {
        writer.addRow(
          head + [
            .text("ad spend (not converted)"), .text(currency), bound(spent.lower),
            bound(spent.upper), .text(spent.hedge.rawValue), .text(spent.description),
          ])
      }
    }
    return writer.text
  }
}

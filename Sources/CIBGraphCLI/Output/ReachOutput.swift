import CIBGraph

/// One network's reach with where it came from.
struct ReachEntry {
  var input: String
  var report: Report
  var reach: NetworkReach
}

/// What `reach` prints: each network's reach, and the audience lists' report.
struct ReachOutput: CommandOutput {
  var entries: [ReachEntry]
  /// What the audience files held, with audience lists.
  var audience: RowReadReport?
  /// The estimate, with `--estimate`.
  var sketches: AudienceSketches?

  static let footnote =
    "  * summed sizes: an upper bound, anyone who follows two assets is counted twice\n"

  func text() -> String {
    // A document of organisations alone has nothing to show: say so, rather
    // than print nothing, which reads as a failure.
    if entries.isEmpty { return "The inputs hold no networks: there is no reach to show.\n" }
    var out = ""
    for (i, entry) in entries.enumerated() {
      let reach = entry.reach
      if i > 0 { out += "\n" }
      var title = TerminalText.safe(reach.networkName, limit: 80)
      title += " · " + TerminalText.safe(entry.report.publisher, limit: 40)
      if let date = entry.report.published { title += ", \(date)" }
      out += title + "\n"
      out += "  " + TerminalText.safe(entry.input) + "\n"
      out += Self.table(reach)
      out +=
        "  Unique audience across kinds: "
        + Self.boundsText(reach.uniqueAudience, audiences: reach.reportedAudiences) + "\n"
      if let claimed = reach.claimedAudience {
        out += "  Network-wide audience the source claims: \(FigureText.text(claimed))\n"
      }
      if let posts = reach.posts { out += "  Posts published: \(FigureText.text(posts))\n" }
      for (kind, summed) in reach.summedFollowers.entries {
        out +=
          "  Followers of the \(kind.pluralLabel) summed by the source: \(FigureText.text(summed)) "
          + "(a sum, not an audience: anyone following two of them is counted twice)\n"
      }
      if let distinct = reach.distinct {
        out +=
          "  Audience lists: \(counted(distinct.overall, "distinct account")) across kinds; "
          + "\(groupedDigits(distinct.summedOverall)) summed "
          + "(\(groupedDigits(distinct.summedOverall - distinct.overall)) of them double counting)\n"
      }
      if reach.itemized.assets.total > 0 {
        out +=
          "  Itemized followers and members summed*: \(groupedDigits(reach.itemized.summedOverall))\n"
      }
      if reach.itemized.assets.total > 0 || reach.distinct != nil { out += Self.footnote }
    }
    if let sketches { out += "\n" + Self.estimateText(sketches) }
    return out
  }

  private static func table(_ reach: NetworkReach) -> String {
    let itemized = reach.itemized.assets.total > 0
    let reported = !reach.reportedCounts.isEmpty || !reach.reportedAudiences.isEmpty
    let distinct = reach.distinct
    var columns: [TextTable.Column] = [.init("Kind")]
    if reported { columns += [.init("Removed", .right), .init("Followed or joined ≥1")] }
    if itemized { columns += [.init("Itemized", .right), .init("Followers+members*", .right)] }
    if distinct != nil {
      columns += [.init("Distinct (lists)", .right), .init("Summed (lists)*", .right)]
    }
    var table = TextTable(columns)
    for kind in Self.kinds(of: reach) where !kind.isActor || reach.itemized.assets[kind] > 0 {
      let count = reach.reportedCounts[kind]
      let audience = reach.reportedAudiences[kind]
      guard count != nil || audience != nil || reach.itemized.assets[kind] > 0 else { continue }
      var row = [kind.pluralLabel]
      if reported {
        row += [
          count.map(FigureText.text) ?? "–", audience.map { Self.audienceCell($0, kind) } ?? "–",
        ]
      }
      if itemized {
        row += [
          groupedDigits(reach.itemized.assets[kind]), groupedDigits(reach.itemized.summed(kind)),
        ]
      }
      if let distinct {
        row +=
          kind.hasAudience
          ? [groupedDigits(distinct.distinct[kind]), groupedDigits(distinct.summed[kind])]
          : ["–", "–"]
      }
      table.add(row)
    }
    return table.rows.isEmpty
      ? "  no counts reported and no assets itemized\n" : table.render(indent: "  ")
  }

  /// A ≥1 audience under the column "Followed or joined ≥1", with its noun
  /// when it is neither: "20,000 to 25,000 subscribers", "less than 300 attendees".
  static func audienceCell(_ figure: ReportedFigure, _ kind: AssetKind) -> String {
    let text = FigureText.text(figure)
    guard figure.value != nil, let noun = kind.audienceNoun, noun != "followers", noun != "members"
    else { return text }
    return "\(text) \(noun)"
  }

  /// The kinds a network's tables show: the first format's five, always,
  /// and any other kind the network reports or itemizes.
  static func kinds(of reach: NetworkReach) -> [AssetKind] {
    let present =
      reach.reportedCounts.entries.map(\.kind) + reach.reportedAudiences.entries.map(\.kind)
      + reach.summedFollowers.entries.map(\.kind) + reach.itemized.assets.kinds
    return Set(AssetKind.original + present).sorted()
  }

  private static func estimateText(_ sketches: AudienceSketches) -> String {
    var out = "Estimated distinct audience (HyperLogLog sketches, all inputs together)\n"
    let error = sketches.standardError
    var table = TextTable([
      .init("Kind"), .init("Estimate", .right), .init("± 1 standard error", .right),
    ])
    for kind in Set(AssetKind.original.filter(\.hasAudience) + sketches.kinds).sorted() {
      let estimate = sketches.estimate(kind)
      table.add([kind.pluralLabel, groupedDigits(Int(estimate.rounded())), "±" + percent(error)])
    }
    table.add([
      "all kinds", groupedDigits(Int(sketches.overallEstimate.rounded())), "±" + percent(error),
    ])
    out += table.render(indent: "  ")
    out +=
      "  relative standard error \(percent(error)) (1.04/√\(1 << sketches.precision)); "
      + "about 95 % of estimates fall within ±\(percent(2 * error))\n"
    return out
  }

  static func percent(_ fraction: Double) -> String {
    let hundredths = Int((fraction * 10_000).rounded())
    let rest = hundredths % 100
    return "\(hundredths / 100).\(rest < 10 ? "0" : "")\(rest) %"
  }

  static func boundsText(_ bounds: AudienceBounds?, audiences: PerKind<ReportedFigure>) -> String {
    guard let bounds else { return "not reported" }
    switch (bounds.lower, bounds.upper) {
    case (let lower?, let upper?) where bounds.kinds.count == 1:
      return lower == upper
        ? "\(FigureText.text(lower)) (one kind reported)"
        : "between \(FigureText.text(lower)) and \(FigureText.text(upper))"
    case (let lower?, let upper?):
      return "between \(FigureText.text(lower)) and \(FigureText.text(upper)) "
        + "(largest and sum of the ≥1 figures of \(bounds.kinds.map(\.pluralLabel).joined(separator: ", ")))"
    case (let lower?, nil):
      let least =
        [.moreThan, .atLeast].contains(lower.qualifier)
        ? FigureText.text(lower) : "at least \(FigureText.text(lower))"
      if let reason = bounds.openBecause { return "\(least); no upper bound: \(reason)" }
      let hedges = Set(
        audiences.entries.map(\.value.qualifier).filter { $0 == .moreThan || $0 == .atLeast })
      let words = [Qualifier.moreThan, .atLeast].filter(hedges.contains).map { "\"\($0.prose)\"" }
      return "\(least); no upper bound (a figure is \(words.joined(separator: " or ")))"
    case (nil, let upper?):
      return "at most \(FigureText.text(upper)); no lower bound (every figure is \"less than\")"
    case (nil, nil):
      return bounds.openBecause.map { "unknown: \($0)" } ?? "unknown"
    }
  }

  struct JSON: Encodable {
    var networks: [NetworkJSON]
    var audience: AudienceReportJSON?
    /// With `--estimate`.
    @OmittedWhenNil var estimate: EstimateJSON?
  }

  struct NetworkJSON: Encodable {
    var input: String
    var report: String
    var publisher: String
    var published: String?
    var id: String
    var name: String
    var kinds: JSONMembers<KindJSON>
    var overall: OverallJSON
  }

  struct KindJSON: Encodable {
    var reported: FigureJSON?
    var audience: FigureJSON?
    var itemized: Int
    var followersSummed: CountSum
    var membersSummed: CountSum
    var summed: CountSum
    var audienceRows: Int?
    var distinct: Int?
    /// The source's sum of the kind's follower counts, when it gives one: not an audience.
    @OmittedWhenNil var summedFollowers: FigureJSON?
  }

  struct OverallJSON: Encodable {
    var uniqueAudience: BoundsJSON?
    var claimedAudience: FigureJSON?
    /// Posts published, when reported.
    @OmittedWhenNil var posts: FigureJSON?
    var itemized: Int
    var summed: CountSum
    /// Always true: summed sizes count anyone in two audiences twice.
    var summedIsUpperBound: Bool
    var audienceRows: Int?
    var distinct: Int?
  }

  struct BoundsJSON: Encodable {
    var lower: FigureJSON?
    var upper: FigureJSON?
    /// Why `upper` is null when an audience is not given.
    @OmittedWhenNil var upperOpenBecause: String?
    var kinds: [String]
  }

  struct EstimateJSON: Encodable {
    var method: String
    var precision: Int
    var relativeStandardError: Double
    /// Per audience kind, then `all`.
    var distinct: JSONMembers<Double>
  }

  func json() -> JSON {
    JSON(
      networks: entries.map(Self.networkJSON), audience: audience.map(AudienceReportJSON.init),
      estimate: sketches.map { sketches in
        var distinct = JSONMembers(
          Set(AssetKind.original.filter(\.hasAudience) + sketches.kinds).sorted()
        ) { sketches.estimate($0) }
        distinct.members.append(("all", sketches.overallEstimate))
        return EstimateJSON(
          method: "HyperLogLog", precision: sketches.precision,
          relativeStandardError: sketches.standardError, distinct: distinct)
      })
  }

  private static func networkJSON(_ entry: ReachEntry) -> NetworkJSON {
    let reach = entry.reach
    return NetworkJSON(
      input: entry.input, report: entry.report.title, publisher: entry.report.publisher,
      published: entry.report.published?.description, id: reach.networkID,
      name: reach.networkName,
      kinds: JSONMembers(kinds(of: reach)) { kind in
        KindJSON(
          reported: reach.reportedCounts[kind].map(FigureJSON.init),
          audience: reach.reportedAudiences[kind].map(FigureJSON.init),
          itemized: reach.itemized.assets[kind],
          followersSummed: reach.itemized.followersSummed[kind],
          membersSummed: reach.itemized.membersSummed[kind], summed: reach.itemized.summed(kind),
          audienceRows: reach.distinct?.summed[kind], distinct: reach.distinct?.distinct[kind],
          summedFollowers: reach.summedFollowers[kind].map(FigureJSON.init))
      },
      overall: OverallJSON(
        uniqueAudience: reach.uniqueAudience.map { bounds in
          BoundsJSON(
            lower: bounds.lower.map(FigureJSON.init), upper: bounds.upper.map(FigureJSON.init),
            upperOpenBecause: bounds.openBecause, kinds: bounds.kinds.map(\.name))
        },
        claimedAudience: reach.claimedAudience.map(FigureJSON.init),
        posts: reach.posts.map(FigureJSON.init), itemized: reach.itemized.assets.total,
        summed: reach.itemized.summedOverall,
        summedIsUpperBound: true, audienceRows: reach.distinct?.summedOverall,
        distinct: reach.distinct?.overall))
  }

  func csv() -> String {
    // A range's high end gets columns of its own, only when some figure is a
    // range: every other table keeps the columns it always had.
    let ranges = entries.contains { entry in
      (entry.reach.reportedCounts.entries + entry.reach.reportedAudiences.entries).contains {
        $0.value.qualifier == .range
      }
    }
    // Posts and summed follower counts get columns of their own, as ranges
    // do, only when a network reports them.
    let sums = entries.contains { $0.reach.posts != nil || !$0.reach.summedFollowers.isEmpty }
    var writer = CSVWriter(
      header: [
        "input", "network_id", "network", "kind", "reported", "reported_qualifier", "audience",
        "audience_qualifier", "itemized", "summed", "unique_lower", "unique_lower_qualifier",
        "unique_upper", "unique_upper_qualifier", "distinct", "audience_rows",
      ] + (ranges ? ["reported_up_to", "audience_up_to"] : [])
        + (sums
          ? [
            "posts", "posts_qualifier", "followers_summed_by_source", "followers_summed_qualifier",
          ]
          : []))
    func upTo(_ figure: ReportedFigure?) -> CSVWriter.Cell {
      figure?.upTo.map { .number($0) } ?? .empty
    }
    for entry in entries {
      let reach = entry.reach
      let distinct = reach.distinct
      let head: [CSVWriter.Cell] = [
        .text(entry.input), .text(reach.networkID), .text(reach.networkName),
      ]
      for kind in Self.kinds(of: reach) {
        var row = head + [.text(kind.name)]
        row +=
          FigureText.csv(reach.reportedCounts[kind]) + FigureText.csv(reach.reportedAudiences[kind])
        row += [.number(reach.itemized.assets[kind]), .number(reach.itemized.summed(kind))]
        row += [.empty, .empty, .empty, .empty]
        row +=
          distinct.map { [.number($0.distinct[kind]), .number($0.summed[kind])] } ?? [
            .empty, .empty,
          ]
        if ranges {
          row += [upTo(reach.reportedCounts[kind]), upTo(reach.reportedAudiences[kind])]
        }
        if sums { row += [.empty, .empty] + FigureText.csv(reach.summedFollowers[kind]) }
        writer.addRow(row)
      }
      var total = head + [.text("all"), .empty, .empty, .empty, .empty]
      total += [.number(reach.itemized.assets.total), .number(reach.itemized.summedOverall)]
      total += FigureText.csv(reach.uniqueAudience?.lower)
      // An upper bound left open by an audience not given is itself "not given".
      total +=
        reach.uniqueAudience?.openBecause != nil
        ? [.empty, .text(Qualifier.notGiven.rawValue)] : FigureText.csv(reach.uniqueAudience?.upper)
      total +=
        distinct.map { [.number($0.overall), .number($0.summedOverall)] } ?? [.empty, .empty]
      if ranges { total += [.empty, .empty] }
      if sums { total += FigureText.csv(reach.posts) + [.empty, .empty] }
      writer.addRow(total)
    }
    return writer.text
  }
}

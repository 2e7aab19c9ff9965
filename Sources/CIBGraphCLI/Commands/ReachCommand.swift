import ArgumentParser
import CIBGraph

/// `cibgraph reach`: what each network reached, without double counting.
struct ReachCommand: AnalysisCommand {
  static let configuration = CommandConfiguration(
    commandName: "reach",
    abstract: "Reported counts and ≥1 audiences per network, and bounds on the unique audience.",
    discussion: """
      Platforms report, per kind of asset, how many accounts followed or joined at least one \
      of the network's Pages, Groups or Instagram accounts. Those figures overlap across kinds, \
      so the network's unique audience is given as bounds: at least the largest of them, at \
      most their sum. Follower and member counts of itemized assets are summed per kind and \
      labelled as what they are: an upper bound that counts anyone following two assets twice. \
      With --audience lists, the distinct accounts are counted exactly beside the summed sizes \
      (or estimated, with --estimate).
      """)

  @OptionGroup var input: InputOptions
  @OptionGroup var audience: AudienceOptions

  @Option(help: "Output format: text, json or csv.")
  var format: OutputFormat = .text

  func validate() throws {
    try StandardInputUse.validate(input.paths + audience.files)
  }

  func execute() throws(CommandFailure) -> (output: String, status: ExitStatus, notes: [String]) {
    var notes: [String] = []
    var entries: [ReachEntry] = []
    var lists: AudienceLists?
    var sketches: AudienceSketches?
    if let graph = try input.loadSpreadsheetGraph(keepIdentifierIndex: !audience.files.isEmpty),
      let nodes = input.nodes.map(InputSource.init(argument:))?.name
    {
      // Spreadsheets only: one network of every node, read straight from the bytes.
      lists = try audience.lists(for: graph)
      sketches = try audience.sketches(for: graph)
      let name = GephiSpreadsheet.baseName(nodes)
      var reach = NetworkReach(id: name, name: name, graph: graph)
      if let lists {
        var counter = DistinctCounter(lists: lists, graph: graph)
        reach.distinct = counter.reach(of: Array(graph.nodes))
      }
      let report = Report(title: nodes, publisher: "itemized data", kind: .secondary)
      entries.append(ReachEntry(input: nodes, report: report, reach: reach))
    } else {
      let inputs = try input.load()
      notes = try inputs.checkedForAnalysis()
      let graph = AssetGraph(documents: inputs.map(\.document))
      lists = try audience.lists(for: graph)
      sketches = try audience.sketches(for: graph)
      let lookup = NodeLookup(graph)
      var counter = lists.map { DistinctCounter(lists: $0, graph: graph) }
      for input in inputs {
        for network in input.document.networks {
          var reach = NetworkReach(network)
          reach.distinct = counter?.reach(of: lookup.nodes(of: network))
          entries.append(ReachEntry(input: input.name, report: input.document.report, reach: reach))
        }
      }
    }
    let report = lists?.report ?? sketches?.report
    if let report { notes += AudienceReportOutput.notes(report) }
    let context = ReachOutput.Context(entries: entries, audience: report, sketches: sketches)
    let output =
      switch format {
      case .text: ReachOutput.text(context)
      case .json: ReachOutput.json(context).serialized() + "\n"
      case .csv: ReachOutput.csv(context)
      }
    return (output, .ok, notes)
  }
}

/// One network's reach with where it came from.
struct ReachEntry {
  var input: String
  var report: Report
  var reach: NetworkReach
}

/// The three renderings of `reach`.
enum ReachOutput {
  /// Everything the renderings need.
  struct Context {
    var entries: [ReachEntry]
    var audience: AudienceReadReport?
    var sketches: AudienceSketches?
  }

  static let footnote =
    "  * summed sizes: an upper bound, anyone who follows two assets is counted twice\n"

  static func text(_ context: Context) -> String {
    var out = ""
    for (i, entry) in context.entries.enumerated() {
      let reach = entry.reach
      if i > 0 { out += "\n" }
      var title = TerminalText.safe(reach.networkName, limit: 80)
      title += " · " + TerminalText.safe(entry.report.publisher, limit: 40)
      if let date = entry.report.published { title += ", \(date)" }
      out += title + "\n"
      out += "  " + TerminalText.safe(entry.input) + "\n"
      out += table(reach)
      out += "  Unique audience across kinds: " + boundsText(reach.uniqueAudience) + "\n"
      if let claimed = reach.claimedAudience {
        out += "  Network-wide audience the source claims: \(FigureText.text(claimed))\n"
      }
      if let distinct = reach.distinct {
        out +=
          "  Audience lists: \(groupedDigits(distinct.overall)) distinct accounts across kinds; "
          + "\(groupedDigits(distinct.summedOverall)) summed "
          + "(\(groupedDigits(distinct.summedOverall - distinct.overall)) of them double counting)\n"
      }
      if reach.itemized.assets.total > 0 {
        out +=
          "  Itemized followers and members summed*: \(groupedDigits(reach.itemized.summedOverall))\n"
      }
      if reach.itemized.assets.total > 0 || reach.distinct != nil { out += footnote }
    }
    if let sketches = context.sketches { out += "\n" + estimateText(sketches) }
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
    var kinds = AssetKind.platformAssets
    if reach.itemized.assets.organization > 0 { kinds.append(.organization) }
    for kind in kinds {
      let count = reach.reportedCounts[kind]
      let audience = reach.reportedAudiences[kind]
      guard count != nil || audience != nil || reach.itemized.assets[kind] > 0 else { continue }
      var row = [kind.pluralLabel]
      if reported {
        row += [count.map(FigureText.text) ?? "–", audience.map(FigureText.text) ?? "–"]
      }
      if itemized {
        row += [
          groupedDigits(reach.itemized.assets[kind]), groupedDigits(reach.itemized.summed(kind)),
        ]
      }
      if let distinct {
        row +=
          AssetKind.audienceKinds.contains(kind)
          ? [groupedDigits(distinct.distinct[kind]), groupedDigits(distinct.summed[kind])]
          : ["–", "–"]
      }
      table.add(row)
    }
    return table.rows.isEmpty
      ? "  no counts reported and no assets itemized\n" : table.render(indent: "  ")
  }

  private static func estimateText(_ sketches: AudienceSketches) -> String {
    var out = "Estimated distinct audience (HyperLogLog sketches, all inputs together)\n"
    let error = sketches.overall.standardError
    var table = TextTable([
      .init("Kind"), .init("Estimate", .right), .init("± 1 standard error", .right),
    ])
    for kind in AssetKind.audienceKinds {
      let estimate = sketches.perKind[kind]?.estimate ?? 0
      table.add([kind.pluralLabel, groupedDigits(Int(estimate.rounded())), "±" + percent(error)])
    }
    table.add([
      "all kinds", groupedDigits(Int(sketches.overall.estimate.rounded())), "±" + percent(error),
    ])
    out += table.render(indent: "  ")
    out +=
      "  relative standard error \(percent(error)) (1.04/√\(1 << sketches.overall.precision)); "
      + "about 95 % of estimates fall within ±\(percent(2 * error))\n"
    return out
  }

  static func percent(_ fraction: Double) -> String {
    let hundredths = Int((fraction * 10_000).rounded())
    let rest = hundredths % 100
    return "\(hundredths / 100).\(rest < 10 ? "0" : "")\(rest) %"
  }

  static func boundsText(_ bounds: AudienceBounds?) -> String {
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
      return "at least \(FigureText.text(lower)); no upper bound (a figure is \"more than\")"
    case (nil, let upper?):
      return "at most \(FigureText.text(upper)); no lower bound (every figure is \"less than\")"
    case (nil, nil):
      return "unknown"
    }
  }

  static func json(_ context: Context) -> JSONValue {
    var members: [(String, JSONValue)] = [("networks", .array(context.entries.map(networkJSON)))]
    members.append(("audience", context.audience.map(AudienceReportOutput.json) ?? .null))
    if let sketches = context.sketches {
      var kinds: [(String, JSONValue)] = AssetKind.audienceKinds.map {
        ($0.rawValue, .double(sketches.perKind[$0]?.estimate ?? 0))
      }
      kinds.append(("all", .double(sketches.overall.estimate)))
      members.append(
        (
          "estimate",
          .object([
            ("method", "HyperLogLog"),
            ("precision", .int(sketches.overall.precision)),
            ("relativeStandardError", .double(sketches.overall.standardError)),
            ("distinct", .object(kinds)),
          ])
        ))
    }
    return .object(members)
  }

  private static func networkJSON(_ entry: ReachEntry) -> JSONValue {
    let reach = entry.reach
    var kinds: [(String, JSONValue)] = []
    for kind in AssetKind.allCases {
      kinds.append(
        (
          kind.rawValue,
          .object([
            ("reported", FigureText.json(reach.reportedCounts[kind])),
            ("audience", FigureText.json(reach.reportedAudiences[kind])),
            ("itemized", .int(reach.itemized.assets[kind])),
            ("followersSummed", .int(reach.itemized.followersSummed[kind])),
            ("membersSummed", .int(reach.itemized.membersSummed[kind])),
            ("summed", .int(reach.itemized.summed(kind))),
            ("audienceRows", reach.distinct.map { .int($0.summed[kind]) } ?? .null),
            ("distinct", reach.distinct.map { .int($0.distinct[kind]) } ?? .null),
          ])
        ))
    }
    let bounds: JSONValue =
      reach.uniqueAudience.map { bounds in
        .object([
          ("lower", FigureText.json(bounds.lower)),
          ("upper", FigureText.json(bounds.upper)),
          ("kinds", .array(bounds.kinds.map { .string($0.rawValue) })),
        ])
      } ?? .null
    return .object([
      ("input", .string(entry.input)),
      ("report", .string(entry.report.title)),
      ("publisher", .string(entry.report.publisher)),
      ("published", entry.report.published.map { .string($0.description) } ?? .null),
      ("id", .string(reach.networkID)),
      ("name", .string(reach.networkName)),
      ("kinds", .object(kinds)),
      (
        "overall",
        .object([
          ("uniqueAudience", bounds),
          ("claimedAudience", FigureText.json(reach.claimedAudience)),
          ("itemized", .int(reach.itemized.assets.total)),
          ("summed", .int(reach.itemized.summedOverall)),
          ("summedIsUpperBound", true),
          ("audienceRows", reach.distinct.map { .int($0.summedOverall) } ?? .null),
          ("distinct", reach.distinct.map { .int($0.overall) } ?? .null),
        ])
      ),
    ])
  }

  static func csv(_ context: Context) -> String {
    var writer = CSVWriter(header: [
      "input", "network_id", "network", "kind", "reported", "reported_qualifier", "audience",
      "audience_qualifier", "itemized", "summed", "unique_lower", "unique_lower_qualifier",
      "unique_upper", "unique_upper_qualifier", "distinct", "audience_rows",
    ])
    for entry in context.entries {
      let reach = entry.reach
      let distinct = reach.distinct
      let head: [CSVWriter.Cell] = [
        .text(entry.input), .text(reach.networkID), .text(reach.networkName),
      ]
      for kind in AssetKind.allCases {
        var row = head + [.text(kind.rawValue)]
        row +=
          FigureText.csv(reach.reportedCounts[kind]) + FigureText.csv(reach.reportedAudiences[kind])
        row += [.number(reach.itemized.assets[kind]), .number(reach.itemized.summed(kind))]
        row += [.empty, .empty, .empty, .empty]
        row +=
          distinct.map { [.number($0.distinct[kind]), .number($0.summed[kind])] } ?? [
            .empty, .empty,
          ]
        writer.addRow(row)
      }
      var total = head + [.text("all"), .empty, .empty, .empty, .empty]
      total += [.number(reach.itemized.assets.total), .number(reach.itemized.summedOverall)]
      total +=
        FigureText.csv(reach.uniqueAudience?.lower) + FigureText.csv(reach.uniqueAudience?.upper)
      total +=
        distinct.map { [.number($0.overall), .number($0.summedOverall)] } ?? [.empty, .empty]
      writer.addRow(total)
    }
    return writer.text
  }
}

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
      labelled as what they are: an upper bound that counts anyone following two assets twice.
      """)

  @OptionGroup var input: InputOptions

  @Option(help: "Output format: text, json or csv.")
  var format: OutputFormat = .text

  func execute() throws(CommandFailure) -> (output: String, status: ExitStatus, notes: [String]) {
    let inputs = try input.load()
    let notes = try inputs.checkedForAnalysis()
    var entries: [ReachEntry] = []
    for input in inputs {
      for network in input.document.networks {
        entries.append(
          ReachEntry(input: input.name, report: input.document.report, reach: NetworkReach(network))
        )
      }
    }
    let output =
      switch format {
      case .text: ReachOutput.text(entries)
      case .json: ReachOutput.json(entries).serialized() + "\n"
      case .csv: ReachOutput.csv(entries)
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
  static let footnote =
    "  * summed follower and member counts of itemized assets: an upper bound, anyone who follows two assets is counted twice\n"

  static func text(_ entries: [ReachEntry]) -> String {
    var out = ""
    for (i, entry) in entries.enumerated() {
      let reach = entry.reach
      if i > 0 { out += "\n" }
      var title = TerminalText.safe(reach.networkName, limit: 80)
      title += " · " + TerminalText.safe(entry.report.publisher, limit: 40)
      if let date = entry.report.published { title += ", \(date)" }
      out += title + "\n"
      out += "  " + TerminalText.safe(entry.input) + "\n"
      let itemized = reach.itemized.assets.total > 0
      let reported = !reach.reportedCounts.isEmpty || !reach.reportedAudiences.isEmpty
      var columns: [TextTable.Column] = [.init("Kind")]
      if reported { columns += [.init("Removed", .right), .init("Followed or joined ≥1")] }
      if itemized { columns += [.init("Itemized", .right), .init("Summed audience*", .right)] }
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
        table.add(row)
      }
      if table.rows.isEmpty {
        out += "  no counts reported and no assets itemized\n"
      } else {
        out += table.render(indent: "  ")
      }
      out += "  Unique audience across kinds: " + boundsText(reach.uniqueAudience) + "\n"
      if let claimed = reach.claimedAudience {
        out += "  Network-wide audience the source claims: \(FigureText.text(claimed))\n"
      }
      if itemized {
        out += "  Itemized audience summed*: \(groupedDigits(reach.itemized.summedOverall))\n"
        out += footnote
      }
    }
    return out
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

  static func json(_ entries: [ReachEntry]) -> JSONValue {
    .object([
      ("networks", .array(entries.map(networkJSON)))
    ])
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
            ("distinct", reach.distinct.map { .int($0.perKind[kind]) } ?? .null),
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
          ("distinct", reach.distinct.map { .int($0.overall) } ?? .null),
        ])
      ),
    ])
  }

  static func csv(_ entries: [ReachEntry]) -> String {
    var writer = CSVWriter(header: [
      "input", "network_id", "network", "kind", "reported", "reported_qualifier", "audience",
      "audience_qualifier", "itemized", "summed", "unique_lower", "unique_lower_qualifier",
      "unique_upper", "unique_upper_qualifier",
    ])
    for entry in entries {
      let reach = entry.reach
      let head: [CSVWriter.Cell] = [
        .text(entry.input), .text(reach.networkID), .text(reach.networkName),
      ]
      for kind in AssetKind.allCases {
        writer.addRow(
          head + [.text(kind.rawValue)] + FigureText.csv(reach.reportedCounts[kind])
            + FigureText.csv(reach.reportedAudiences[kind])
            + [.number(reach.itemized.assets[kind]), .number(reach.itemized.summed(kind))]
            + [.empty, .empty, .empty, .empty])
      }
      writer.addRow(
        head + [.text("all"), .empty, .empty, .empty, .empty]
          + [.number(reach.itemized.assets.total), .number(reach.itemized.summedOverall)]
          + FigureText.csv(reach.uniqueAudience?.lower)
          + FigureText.csv(reach.uniqueAudience?.upper))
    }
    return writer.text
  }
}

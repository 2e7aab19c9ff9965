import ArgumentParser
import CIBGraph
import CIBGraphSupport

/// Which table of measures `coordinate --format csv --table` writes.
enum MeasureTable: String, CaseIterable, ExpressibleByArgument {
  /// One row per edge (every pair with `--keep-all`).
  case edges
  /// One row per account of a candidate network.
  case accounts
  /// One row per candidate network.
  case networks
}

/// The measures part of `coordinate`'s output (`--measures`, `--fast-window`,
/// `--keep-all`, `--table`): a summary in text, every figure in JSON and CSV.
struct CoordinationMeasuresOutput {
  let table: ActivityTable
  let network: CoordinationNetwork
  let measures: CoordinationMeasures
  /// The candidate networks shown (`--limit`), whose accounts are listed too.
  let shown: Int

  /// How many edges and accounts the text lists.
  static let textRows = 10

  private func account(_ id: UInt32) -> String { table.accountID(id) }

  private var shownAccounts: ArraySlice<AccountMeasures> {
    measures.accounts.prefix { $0.network < shown }
  }

  // MARK: Text

  func text() -> String {
    let parameters = network.parameters
    var out = "\nMeasures"
    if let fastWindow = parameters.fastWindow {
      out += " (fast window \(CoordinationNetwork.seconds(fastWindow)) s"
      if let weight = measures.fastPercentileWeight {
        out += ", fast weight past the percentile cut (\(weight))"
      }
      out += ")"
    }
    let kept = measures.edges.count { $0.kept }
    out += ": \(counted(kept, "kept edge"))"
    if parameters.keepAll {
      out += " of \(groupedDigits(measures.edges.count)) listed (--keep-all)"
    }
    if parameters.fastWindow != nil {
      out += ", \(groupedDigits(measures.edges.count { $0.kept && $0.fast })) of them fast"
    }
    out += "\n"
    guard !measures.edges.isEmpty else { return out }

    var edges = TextTable([
      .init("Account A"), .init("Account B"), .init("Weight", .right), .init("Fast", .right),
      .init("Objects", .right), .init("Share pairs", .right), .init("Symmetry", .right),
      .init("Mean gap", .right), .init("Min gap", .right), .init("Posts", .right), .init("Kept"),
    ])
    for (edge, measured) in zip(network.edges, measures.edges).prefix(Self.textRows) {
      edges.add([
        TerminalText.safe(account(edge.a), limit: 24),
        TerminalText.safe(account(edge.b), limit: 24),
        groupedDigits(edge.weight), measured.fastWeight.map(groupedDigits) ?? "-",
        groupedDigits(measured.objects), groupedDigits(measured.sharePairs),
        DecimalText.fourPlaces(measured.symmetry), Self.gap(measured.meanGap) + " s",
        CoordinationNetwork.seconds(measured.minGap) + " s", groupedDigits(measured.posts),
        Self.keptText(measured, fastWindow: parameters.fastWindow != nil),
      ])
    }
    out += "\nHeaviest edges"
    if measures.edges.count > Self.textRows {
      out +=
        " (\(Self.textRows) of \(groupedDigits(measures.edges.count)); --format csv --table edges lists all)"
    }
    out += ":\n" + edges.render()

    if !network.components.isEmpty {
      out += "\nCandidate networks:\n"
      for (rank, (component, measured)) in zip(network.components, measures.networks).prefix(shown)
        .enumerated()
      {
        out +=
          "#\(rank + 1): \(counted(component.accounts.count, "account")), "
          + "density \(DecimalText.fourPlaces(measured.density)), "
          + "\(counted(measured.objects, "object")), over "
          + Self.duration(component.lastAction - component.firstAction)
        if parameters.fastWindow != nil { out += ", \(counted(measured.fastEdges, "fast edge"))" }
        out += "\n    top objects: " + Self.ranked(measured.topObjects) + "\n"
        if !measured.topDomains.isEmpty {
          out += "    top domains: " + Self.ranked(measured.topDomains) + "\n"
        }
      }
      let busiest = shownAccounts.sorted {
        ($0.coordinatedActions, $0.strength, ~$0.account) > (
          $1.coordinatedActions, $1.strength, ~$1.account
        )
      }
      var accounts = TextTable([
        .init("Account"), .init("#", .right), .init("Actions", .right), .init("Objects", .right),
        .init("Coordinated", .right), .init("Degree", .right), .init("Strength", .right),
        .init("First action"), .init("Last action"),
      ])
      for measured in busiest.prefix(Self.textRows) {
        accounts.add([
          TerminalText.safe(account(measured.account), limit: 24), String(measured.network + 1),
          groupedDigits(measured.actions), groupedDigits(measured.objects),
          groupedDigits(measured.coordinatedActions), groupedDigits(measured.degree),
          groupedDigits(measured.strength), ActivityTime.iso(measured.firstAction),
          ActivityTime.iso(measured.lastAction),
        ])
      }
      out += "\nMost coordinated accounts"
      if busiest.count > Self.textRows {
        out +=
          " (\(Self.textRows) of \(groupedDigits(busiest.count)); --format csv --table accounts lists all)"
      }
      out += ":\n" + accounts.render()
    }
    return out
  }

  /// `yes`, `no (min-repeat)`, `no (percentile)`, with `, fast` when it is.
  private static func keptText(_ measured: EdgeMeasures, fastWindow: Bool) -> String {
    var text =
      measured.kept ? "yes" : !measured.repeated ? "no (threshold)" : "no (percentile)"
    if fastWindow, measured.fast { text += ", fast" }
    return text
  }

  /// `"#tag" (3 accounts), "https://x.example/a" (2 accounts)`.
  private static func ranked(_ items: [RankedObject]) -> String {
    items.map { "\"\(TerminalText.safe($0.id, limit: 60))\" (\(counted($0.accounts, "account")))" }
      .joined(separator: ", ")
  }

  /// A span of time in its two largest units: `22 d 9 h`, `3 h 12 min`, `4 min 5 s`, `1.5 s`.
  static func duration(_ milliseconds: Int64) -> String {
    guard milliseconds >= 60_000 else { return CoordinationNetwork.seconds(milliseconds) + " s" }
    let seconds = milliseconds / 1000
    let units: [(name: String, seconds: Int64)] = [
      ("d", 86_400), ("h", 3_600), ("min", 60), ("s", 1),
    ]
    let first = units.firstIndex { seconds >= $0.seconds } ?? units.count - 1
    let (big, small) = (units[first], units[first + 1])
    let whole = seconds / big.seconds
    let rest = seconds % big.seconds / small.seconds
    return rest == 0 ? "\(whole) \(big.name)" : "\(whole) \(big.name) \(rest) \(small.name)"
  }

  /// A mean gap in milliseconds as seconds, to the millisecond.
  private static func gap(_ milliseconds: Double) -> String {
    CoordinationNetwork.seconds(Int64(milliseconds.rounded()))
  }

  // MARK: JSON

  struct JSON: Encodable {
    var fastWindowSeconds: Double?
    var fastPercentileWeight: Double?
    var edges: [EdgeJSON]
    var accounts: [AccountJSON]
    var networks: [NetworkJSON]
  }

  struct EdgeJSON: Encodable {
    var source: String
    var target: String
    var weight: Int
    var objects: Int
    var sharePairs: Int
    var sourceShares: Int
    var targetShares: Int
    var symmetry: Double
    var meanGapSeconds: Double
    var minGapSeconds: Double
    var posts: Int
    var fastWeight: Int?
    var fast: Bool?
    var repeated: Bool
    var abovePercentile: Bool
    var kept: Bool
  }

  struct AccountJSON: Encodable {
    var account: String
    var network: Int
    var actions: Int
    var objects: Int
    var coordinatedActions: Int
    var degree: Int
    var strength: Int
    var firstAction: String
    var lastAction: String
  }

  struct NetworkJSON: Encodable {
    var rank: Int
    var accounts: Int
    var edges: Int
    var density: Double
    var firstAction: String
    var lastAction: String
    var spanSeconds: Double
    var objects: Int
    var fastEdges: Int?
    var topObjects: [RankedJSON]
    var topDomains: [RankedJSON]
  }

  struct RankedJSON: Encodable {
    var id: String
    var accounts: Int
  }

  func json() -> JSON {
    let fastWindow = network.parameters.fastWindow
    return JSON(
      fastWindowSeconds: fastWindow.map { Double($0) / 1000 },
      fastPercentileWeight: measures.fastPercentileWeight,
      edges: zip(network.edges, measures.edges).map { edge, measured in
        EdgeJSON(
          source: account(edge.a), target: account(edge.b), weight: edge.weight,
          objects: measured.objects, sharePairs: measured.sharePairs,
          sourceShares: measured.sharesA, targetShares: measured.sharesB,
          symmetry: measured.symmetry, meanGapSeconds: measured.meanGap / 1000,
          minGapSeconds: Double(measured.minGap) / 1000, posts: measured.posts,
          fastWeight: measured.fastWeight, fast: fastWindow == nil ? nil : measured.fast,
          repeated: measured.repeated, abovePercentile: measured.abovePercentile,
          kept: measured.kept)
      },
      accounts: shownAccounts.map { measured in
        AccountJSON(
          account: account(measured.account), network: measured.network + 1,
          actions: measured.actions, objects: measured.objects,
          coordinatedActions: measured.coordinatedActions, degree: measured.degree,
          strength: measured.strength, firstAction: ActivityTime.iso(measured.firstAction),
          lastAction: ActivityTime.iso(measured.lastAction))
      },
      networks: zip(network.components, measures.networks).prefix(shown).enumerated().map {
        rank, pair in
        let (component, measured) = pair
        return NetworkJSON(
          rank: rank + 1, accounts: component.accounts.count, edges: component.edges,
          density: measured.density, firstAction: ActivityTime.iso(component.firstAction),
          lastAction: ActivityTime.iso(component.lastAction),
          spanSeconds: Double(component.lastAction - component.firstAction) / 1000,
          objects: measured.objects, fastEdges: fastWindow == nil ? nil : measured.fastEdges,
          topObjects: measured.topObjects.map { RankedJSON(id: $0.id, accounts: $0.accounts) },
          topDomains: measured.topDomains.map { RankedJSON(id: $0.id, accounts: $0.accounts) })
      })
  }

  // MARK: CSV

  func csv(_ which: MeasureTable) -> String {
    switch which {
    case .edges: edgesCSV()
    case .accounts: accountsCSV()
    case .networks: networksCSV()
    }
  }

  private func edgesCSV() -> String {
    var writer = CSVWriter(header: [
      "source", "target", "weight", "objects", "share_pairs", "source_shares", "target_shares",
      "symmetry", "mean_gap_seconds", "min_gap_seconds", "posts", "fast_weight", "fast",
      "repeated", "above_percentile", "kept",
    ])
    let fastWindow = network.parameters.fastWindow != nil
    for (edge, measured) in zip(network.edges, measures.edges) {
      writer.addRow([
        .text(account(edge.a)), .text(account(edge.b)), .number(edge.weight),
        .number(measured.objects), .number(measured.sharePairs), .number(measured.sharesA),
        .number(measured.sharesB), .text(DecimalText.fourPlaces(measured.symmetry)),
        .text(Self.gap(measured.meanGap)), .text(CoordinationNetwork.seconds(measured.minGap)),
        .number(measured.posts), measured.fastWeight.map { .number($0) } ?? .empty,
        fastWindow ? Self.flag(measured.fast) : .empty, Self.flag(measured.repeated),
        Self.flag(measured.abovePercentile), Self.flag(measured.kept),
      ])
    }
    return writer.text
  }

  private func accountsCSV() -> String {
    var writer = CSVWriter(header: [
      "account", "network", "actions", "objects", "coordinated_actions", "degree", "strength",
      "first_action", "last_action",
    ])
    for measured in shownAccounts {
      writer.addRow([
        .text(account(measured.account)), .number(measured.network + 1),
        .number(measured.actions), .number(measured.objects),
        .number(measured.coordinatedActions), .number(measured.degree),
        .number(measured.strength), .text(ActivityTime.iso(measured.firstAction)),
        .text(ActivityTime.iso(measured.lastAction)),
      ])
    }
    return writer.text
  }

  private func networksCSV() -> String {
    var writer = CSVWriter(header: [
      "rank", "accounts", "edges", "density", "first_action", "last_action", "span_seconds",
      "objects", "fast_edges", "top_object", "top_object_accounts", "top_domain",
      "top_domain_accounts",
    ])
    let fastWindow = network.parameters.fastWindow != nil
    for (rank, (component, measured)) in zip(network.components, measures.networks).prefix(shown)
      .enumerated()
    {
      let object = measured.topObjects.first
      let domain = measured.topDomains.first
      writer.addRow([
        .number(rank + 1), .number(component.accounts.count), .number(component.edges),
        .text(DecimalText.fourPlaces(measured.density)),
        .text(ActivityTime.iso(component.firstAction)),
        .text(ActivityTime.iso(component.lastAction)),
        .text(CoordinationNetwork.seconds(component.lastAction - component.firstAction)),
        .number(measured.objects), fastWindow ? .number(measured.fastEdges) : .empty,
        object.map { .text($0.id) } ?? .empty, object.map { .number($0.accounts) } ?? .empty,
        domain.map { .text($0.id) } ?? .empty, domain.map { .number($0.accounts) } ?? .empty,
      ])
    }
    return writer.text
  }

  private static func flag(_ value: Bool) -> CSVWriter.Cell { .text(value ? "yes" : "no") }
}

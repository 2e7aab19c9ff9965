import CIBGraph

/// What `coordinate` prints: the input read, the parameters, and the
/// candidate networks, largest first.
struct CoordinationOutput: CommandOutput {
  let reader: ActivityReader
  let network: CoordinationNetwork
  let estimate: CoordinationWindowEstimate?
  let listAccounts: Bool
  let limit: Int?
  /// With `--measures`, `--fast-window`, `--keep-all` or `--table`.
  var measures: CoordinationMeasuresOutput? = nil
  /// With `--table`: the CSV is that table of measures.
  var measureTable: MeasureTable? = nil
  /// With `--by text`: the posts grouped by near-duplicate text.
  var texts: NearDuplicateTexts? = nil

  var table: ActivityTable { texts?.table ?? reader.table }
  var report: RowReadReport { reader.report }
  var shown: ArraySlice<CoordinationComponent> { network.components.prefix(limit ?? Int.max) }
  var accountCount: Int { network.components.reduce(0) { $0 + $1.accounts.count } }
  /// The edges of the candidate networks (with `--keep-all`, the others are listed under measures).
  var kept: [CoordinationEdge] { network.keptEdges }
  var totalWeight: Int { kept.reduce(0) { $0 + $1.weight } }

  func account(_ id: UInt32) -> String { table.accountID(id) }

  var inputDescription: String {
    switch reader.format {
    case .activity: "activity file"
    case .twitterArchive where texts != nil: "Twitter archive, texts"
    case .twitterArchive:
      "Twitter archive, " + reader.actions.map { "co-\($0.rawValue)" }.joined(separator: ", ")
    }
  }

  /// Each object type's window and counts; empty for an input without types.
  var typeSummaries: [ObjectTypeSummary] { network.typeSummaries(table) }

  /// The names of the normalisation rules applied, in `--normalize`'s order.
  var normalizationNames: [String] {
    ObjectNormalization.named.filter { reader.normalization.contains($0.rule) }.map(\.name)
  }

  /// A probability as a percentage of two decimals, or "under 0.01 %".
  static func percent(_ probability: Double) -> String {
    let hundredths = Int((probability * 10_000).rounded())
    guard hundredths > 0 else { return "under 0.01 %" }
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) %"
  }

  func text() -> String {
    let parameters = network.parameters
    var out = TerminalText.safe(report.file) + " (\(inputDescription)): "
    if let texts {
      let similarity = texts.similarity
      out +=
        "\(counted(report.rows, "row")), \(counted(reader.table.count, "post")) with text by "
        + "\(counted(table.accountCount, "account")) (\(counted(texts.postsWithoutText, "post"))"
        + " empty once normalised, left out)\n"
        + "Near-duplicate text: Jaccard similarity of 5-character shingles at least "
        + "\(similarity.threshold)\(similarity.ignoresURLs ? ", URLs left out" : "")"
        + "\(similarity.ignoresMentions ? ", mentions left out" : ""); "
        + "\(groupedDigits(texts.distinctTexts)) distinct texts, "
        + "\(groupedDigits(texts.groups)) group(s) of near-duplicates holding "
        + "\(groupedDigits(texts.textsInGroups)) of them; MinHash \(TextSimilarity.permutations) "
        + "permutations in \(similarity.bands) bands of \(similarity.rows), "
        + "\(groupedDigits(texts.comparisons)) exact comparisons; a pair at the threshold is "
        + "missed with probability \(Self.percent(similarity.missProbability(atSimilarity: similarity.threshold)))\n"
    } else {
      out +=
        "\(counted(report.rows, "row")), \(counted(table.count, "action")) by "
        + "\(counted(table.accountCount, "account")) on \(counted(table.objectCount, "object"))\n"
    }
    out +=
      "Window \(CoordinationNetwork.seconds(parameters.window)) s\(estimate == nil ? "" : " (estimated)"), "

    if let counts = network.coortweet {
      out +=
        "CooRTweet's definition: min participation \(counts.minParticipation) "
        + "(\(counted(counts.accountsBelowMinimum, "account")) below it dropped, "
        + "\(counted(counts.originalPosts, "original post")) left out, "
        + "\(counted(counts.accountsParticipating, "account")) participating), "
        + "weight in coinciding share pairs"
      if let percentile = parameters.percentile, let weight = network.percentileWeight {
        out += ", weight above the \(percentile)th percentile (\(weight))"
      }
    } else {
      out +=
        "at least \(counted(parameters.minRepeat, texts == nil ? "distinct object" : "distinct group"))"
      if let percentile = parameters.percentile, let weight = network.percentileWeight {
        out += ", weight at or above the \(percentile)th percentile (\(weight))"
      }
    }
    if !normalizationNames.isEmpty {
      out += "\nObjects normalised: " + normalizationNames.joined(separator: ", ")
    }
    let types = typeSummaries
    if !types.isEmpty {
      out +=
        "\nObject types: "
        + types.map {
          TerminalText.safe($0.name, limit: 64)
            + " \(CoordinationNetwork.seconds($0.window)) s (\(counted($0.actions, "action")) on "
            + "\(counted($0.objects, "object")); \(counted($0.coincidences, "coincidence")) in "
            + "\(counted($0.edges, "kept edge")))"
        }.joined(separator: "; ")
    }
    let passed = network.coortweet == nil ? "repeated" : "participating"
    out +=
      "\n\(groupedDigits(network.pairsFound)) pair(s) coincided, \(groupedDigits(network.pairsRepeated)) \(passed), "
      + "\(groupedDigits(kept.count)) kept (total weight \(groupedDigits(totalWeight))): "
      + "\(groupedDigits(network.components.count)) candidate network(s) of \(counted(accountCount, "account"))\n"
    guard !network.components.isEmpty else { return out + (measures?.text() ?? "") }
    var table = TextTable([
      .init("#", .right), .init("Accounts", .right), .init("Edges", .right),
      .init("Weight", .right), .init("First action"), .init("Last action"), .init("First account"),
    ])
    for (rank, component) in shown.enumerated() {
      table.add([
        String(rank + 1), groupedDigits(component.accounts.count), groupedDigits(component.edges),
        groupedDigits(component.weight), ActivityTime.iso(component.firstAction),
        ActivityTime.iso(component.lastAction),
        TerminalText.safe(account(component.accounts[0]), limit: 32),
      ])
    }
    out += "\n" + table.render()
    if shown.count < network.components.count {
      out +=
        "… and \(groupedDigits(network.components.count - shown.count)) more (--limit 0 shows all)\n"
    }
    if listAccounts {
      for (rank, component) in shown.enumerated() {
        out +=
          "\n#\(rank + 1): "
          + component.accounts.map { TerminalText.safe(account($0)) }.joined(separator: ", ") + "\n"
      }
    }
    if let measures { out += measures.text() }
    return out
  }

  struct JSON: Encodable {
    var input: InputJSON
    /// Rows left out, per reason.
    var skipped: JSONMembers<Int>
    var skippedExamples: [SkippedRowJSON]
    var parameters: ParametersJSON
    var pairsFound: Int
    var pairsRepeated: Int
    var edges: Int
    var totalWeight: Int
    var accounts: Int
    var count: Int
    var shown: Int
    var components: [ComponentJSON]
    /// With `--definition coortweet`.
    @OmittedWhenNil var coortweet: CooRTweetJSON?
    /// For an input with object types.
    @OmittedWhenNil var objectTypes: [ObjectTypeJSON]?
    /// With `--normalize`: the rules applied.
    @OmittedWhenNil var normalized: [String]?
    /// With `--measures`, `--fast-window`, `--keep-all` or `--table`.
    @OmittedWhenNil var measures: CoordinationMeasuresOutput.JSON?
  }

  struct ObjectTypeJSON: Encodable {
    var name: String
    var windowSeconds: Double
    var actions: Int
    var objects: Int
    var coincidences: Int
    var edges: Int
  }

  struct CooRTweetJSON: Encodable {
    var minParticipation: Int
    var originalPostsLeftOut: Int
    var accountsBelowMinimum: Int
    var accountsParticipating: Int
  }

  struct InputJSON: Encodable {
    var file: String
    var format: String
    var action: String?
    var rows: Int
    var actions: Int
    var withoutAction: Int
    var accounts: Int
    var objects: Int
  }

  struct SkippedRowJSON: Encodable {
    var file: String
    var line: Int?
    var column: Int?
    var reason: String
  }

  struct ParametersJSON: Encodable {
    var windowSeconds: Double
    var windowEstimated: Bool
    /// Left out under CooRTweet's definition, to which it does not apply.
    @OmittedWhenNil var minRepeat: Int?
    var percentile: Double?
    var percentileWeight: Double?
  }

  struct ComponentJSON: Encodable {
    var rank: Int
    var size: Int
    var edges: Int
    var weight: Int
    var firstAction: String
    var lastAction: String
    var firstAccount: String
    /// With `--list-accounts`.
    @OmittedWhenNil var accounts: [String]?
  }

  func json() -> JSON {
    let parameters = network.parameters
    return JSON(
      input: InputJSON(
        file: report.file, format: reader.format.rawValue, action: reader.action?.rawValue,
        rows: report.rows, actions: table.count, withoutAction: reader.withoutAction,
        accounts: table.accountCount, objects: table.objectCount),
      skipped: JSONMembers(report.kind.reasons) { report.skipped[$0] ?? 0 },
      skippedExamples: report.skippedRows.map {
        SkippedRowJSON(
          file: $0.location.file, line: $0.location.line, column: $0.location.column,
          reason: $0.reason.rawValue)
      },
      parameters: ParametersJSON(
        windowSeconds: Double(parameters.window) / 1000, windowEstimated: estimate != nil,
        minRepeat: network.coortweet == nil ? parameters.minRepeat : nil,
        percentile: parameters.percentile,
        percentileWeight: network.percentileWeight),
      pairsFound: network.pairsFound, pairsRepeated: network.pairsRepeated,
      edges: kept.count, totalWeight: totalWeight, accounts: accountCount,
      count: network.components.count, shown: shown.count,
      components: shown.enumerated().map { rank, component in
        ComponentJSON(
          rank: rank + 1, size: component.accounts.count, edges: component.edges,
          weight: component.weight, firstAction: ActivityTime.iso(component.firstAction),
          lastAction: ActivityTime.iso(component.lastAction),
          firstAccount: account(component.accounts[0]),
          accounts: listAccounts ? component.accounts.map(account) : nil)
      },
      coortweet: network.coortweet.map {
        CooRTweetJSON(
          minParticipation: $0.minParticipation, originalPostsLeftOut: $0.originalPosts,
          accountsBelowMinimum: $0.accountsBelowMinimum,
          accountsParticipating: $0.accountsParticipating)
      },
      objectTypes: table.types.isEmpty
        ? nil
        : typeSummaries.map {
          ObjectTypeJSON(
            name: $0.name, windowSeconds: Double($0.window) / 1000, actions: $0.actions,
            objects: $0.objects, coincidences: $0.coincidences, edges: $0.edges)
        },
      normalized: normalizationNames.isEmpty ? nil : normalizationNames,
      measures: measures?.json())
  }

  /// For each shown component, its coincidences by type (`link:3 hashtag:1`).
  private func componentObjectTypes() -> [String] {
    let types = table.types
    var componentOf: [UInt32: Int] = [:]
    for (index, component) in shown.enumerated() {
      for account in component.accounts { componentOf[account] = index }
    }
    var counts = [[Int]](repeating: [Int](repeating: 0, count: types.count), count: shown.count)
    for (position, edge) in network.edges.enumerated() {
      // With --keep-all, the edges below the thresholds are in no component.
      if let measured = network.measures?.edges[position], !measured.kept { continue }
      guard let index = componentOf[edge.a] else { continue }
      for coincidence in network.coincidences[edge.evidence] {
        counts[index][types.type(of: coincidence.object)] += 1
      }
    }
    return counts.map { row in
      row.enumerated().filter { $0.element > 0 }.map { "\(types.names[$0.offset]):\($0.element)" }
        .joined(separator: " ")
    }
  }

  func csv() -> String {
    if let measures, let measureTable { return measures.csv(measureTable) }
    var header = [
      "rank", "size", "edges", "weight", "first_action", "last_action", "first_account",
    ]
    if listAccounts { header.append("accounts") }
    let typed = !table.types.isEmpty
    if typed { header.append("object_types") }
    let objectTypes = typed ? componentObjectTypes() : []
    var writer = CSVWriter(header: header)
    for (rank, component) in shown.enumerated() {
      var row: [CSVWriter.Cell] = [
        .number(rank + 1), .number(component.accounts.count), .number(component.edges),
        .number(component.weight), .text(ActivityTime.iso(component.firstAction)),
        .text(ActivityTime.iso(component.lastAction)), .text(account(component.accounts[0])),
      ]
      if listAccounts {
        row.append(.text(component.accounts.map(account).joined(separator: " ")))
      }
      if typed { row.append(.text(objectTypes[rank])) }
      writer.addRow(row)
    }
    return writer.text
  }
}

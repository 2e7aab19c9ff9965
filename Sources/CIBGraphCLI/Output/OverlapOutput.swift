import CIBGraph
import CIBGraphSupport

/// What `overlap` prints: asset pairs by shared audience, and the networks,
/// reports and organisations that share something.
struct OverlapOutput: CommandOutput {
  let graph: AssetGraph
  let matrix: AudienceOverlapMatrix?
  let ranked: [AssetOverlap]
  let networks: [GroupOverlap]
  let reports: [GroupOverlap]
  let organizations: [GroupOverlap]
  /// How many asset pairs to show; nil for all.
  let limit: Int?

  var shownPairs: ArraySlice<AssetOverlap> { ranked.prefix(limit ?? Int.max) }

  func id(_ node: NodeIndex) -> String { graph.id(of: node) }

  func text() -> String {
    var out = ""
    if let matrix {
      let shown = shownPairs
      let summary = summaryValues(matrix)
      out +=
        "Audience overlap between \(counted(matrix.assets.count, "asset")): \(counted(matrix.pairs.count, "pair")), "
        + "\(groupedDigits(summary.nonzero)) sharing accounts, \(groupedDigits(summary.intersectionSum)) shared in all\n"
      var table = TextTable([
        .init("A"), .init("B"), .init("Shared", .right), .init("Jaccard", .right),
        .init("Overlap", .right),
        .init("|A|", .right), .init("|B|", .right),
      ])
      for pair in shown {
        table.add([
          TerminalText.safe(id(pair.a), limit: 32), TerminalText.safe(id(pair.b), limit: 32),
          groupedDigits(pair.intersection), DecimalText.fourPlaces(pair.jaccard),
          DecimalText.fourPlaces(pair.overlapCoefficient),
          groupedDigits(pair.sizeA), groupedDigits(pair.sizeB),
        ])
      }
      out += table.render(indent: "  ")
      if shown.count < ranked.count {
        out +=
          "  … and \(counted(ranked.count - shown.count, "more pair")) (--pairs 0 shows all)\n"
      }
      out += "  Jaccard: |A∩B|/|A∪B|; overlap: |A∩B|/min(|A|,|B|)\n"
    }
    for (title, groups) in [
      ("networks", networks), ("reports", reports), ("organisations", organizations),
    ] {
      out += (out.isEmpty ? "" : "\n") + "Between \(title): "
      guard !groups.isEmpty else {
        out += "nothing shared\n"
        continue
      }
      out += "\(groups.count) pair(s) sharing something\n"
      var table = TextTable([
        .init("A"), .init("B"), .init("Shared assets", .right), .init("Shared organisations"),
        .init("Shared networks"), .init("Shared audience", .right),
      ])
      for group in groups {
        table.add([
          TerminalText.safe(group.a, limit: 40), TerminalText.safe(group.b, limit: 40),
          groupedDigits(group.sharedAssets.count),
          TerminalText.safe(group.sharedOrganizations.joined(separator: ", "), limit: 50),
          TerminalText.safe(group.sharedNetworks.joined(separator: ", "), limit: 50),
          group.sharedAudience.map(groupedDigits) ?? "–",
        ])
      }
      out += table.render(indent: "  ")
    }
    return out
  }

  func summaryValues(_ matrix: AudienceOverlapMatrix) -> (
    nonzero: Int, intersectionSum: Int, jaccardSum: Double
  ) {
    matrix.pairs.reduce((0, 0, 0.0)) {
      ($0.0 + ($1.intersection > 0 ? 1 : 0), $0.1 + $1.intersection, $0.2 + $1.jaccard)
    }
  }

  struct JSON: Encodable {
    /// With audience lists.
    @OmittedWhenNil var compared: [String]?
    /// With audience lists.
    @OmittedWhenNil var summary: SummaryJSON?
    var pairs: [PairJSON]
    var networks: [GroupJSON]
    var reports: [GroupJSON]
    var organizations: [GroupJSON]
  }

  struct SummaryJSON: Encodable {
    var pairs: Int
    var nonzeroPairs: Int
    var intersectionSum: Int
    var jaccardSum: Double
    var shown: Int
  }

  struct PairJSON: Encodable {
    var a: String
    var b: String
    var intersection: Int
    var jaccard: Double
    var overlap: Double
    var sizeA: Int
    var sizeB: Int
  }

  struct GroupJSON: Encodable {
    var a: String
    var b: String
    var sharedAssets: [String]
    var sharedOrganizations: [String]
    var sharedNetworks: [String]
    var sharedAudience: Int?

    init(_ group: GroupOverlap) {
      a = group.a
      b = group.b
      sharedAssets = group.sharedAssets
      sharedOrganizations = group.sharedOrganizations
      sharedNetworks = group.sharedNetworks
      sharedAudience = group.sharedAudience
    }
  }

  func json() -> JSON {
    let summary = matrix.map { matrix in
      let values = summaryValues(matrix)
      return SummaryJSON(
        pairs: matrix.pairs.count, nonzeroPairs: values.nonzero,
        intersectionSum: values.intersectionSum, jaccardSum: values.jaccardSum,
        shown: shownPairs.count)
    }
    return JSON(
      compared: matrix.map { $0.assets.map(id) }, summary: summary,
      pairs: matrix == nil
        ? []
        : shownPairs.map { pair in
          PairJSON(
            a: id(pair.a), b: id(pair.b), intersection: pair.intersection, jaccard: pair.jaccard,
            overlap: pair.overlapCoefficient, sizeA: pair.sizeA, sizeB: pair.sizeB)
        },
      networks: networks.map(GroupJSON.init), reports: reports.map(GroupJSON.init),
      organizations: organizations.map(GroupJSON.init))
  }

  func csv() -> String {
    var writer = CSVWriter(header: [
      "level", "a", "b", "intersection", "jaccard", "overlap", "shared_assets",
      "shared_organizations",
      "shared_networks", "shared_audience",
    ])
    let shown = shownPairs
    for pair in shown {
      writer.addRow([
        .text("asset"), .text(id(pair.a)), .text(id(pair.b)), .number(pair.intersection),
        .text(DecimalText.fourPlaces(pair.jaccard)),
        .text(DecimalText.fourPlaces(pair.overlapCoefficient)), .empty,
        .empty, .empty,
        .empty,
      ])
    }
    for (level, groups) in [
      ("network", networks), ("report", reports), ("organization", organizations),
    ] {
      for group in groups {
        writer.addRow([
          .text(level), .text(group.a), .text(group.b), .empty, .empty, .empty,
          .number(group.sharedAssets.count),
          .text(group.sharedOrganizations.joined(separator: " ")),
          .text(group.sharedNetworks.joined(separator: " ")),
          group.sharedAudience.map(CSVWriter.Cell.number) ?? .empty,
        ])
      }
    }
    return writer.text
  }
}

import CIBGraphCore
import CIBGraphSupport
import Foundation

/// DOT statements written at the end of a ``NetworkDrawing``, with the
/// nodes and edges they add: how an overview adds its summary to the
/// components it draws in full.
package struct DrawingAppendix: Sendable, Hashable {
  package var statements: String
  package var nodeCount: Int
  package var edgeCount: Int
}

/// A drawing of itemized data too large to draw readably: a table with one
/// square per connected component, in rank order (its area the component's
/// assets, its shade their summed audience, its border the network of its
/// first asset when there are several), the smallest components counted in
/// one line, and the largest components that fit drawn in full beside it.
///
/// The components come from the caller (`ComponentAnalysis` finds them), so
/// that one graph's components are found once for the overview and the
/// tables beside it.
///
/// - Complexity: O(p) in the parts summarised, plus ``NetworkDrawing``'s
///   cost for the components drawn in full.
package struct ComponentOverview: Sendable {
  /// One component drawn as a square.
  package struct Part: Sendable, Hashable {
    /// Its rank, as `cibgraph components` numbers them (1 is the largest).
    package var rank: Int
    /// Its assets and organisations.
    package var assets: Int
    /// How many of each kind.
    package var kinds: PerKindNumber<Int>
    /// Followers and members of its assets, summed (an upper bound on the people reached).
    package var audienceSummed: CountSum
    /// Index, in the drawing's network order, of the network of its first
    /// asset; `nil` when the data has one network.
    package var network: Int?
    /// Its first asset's name (or identifier), to tell it apart in a tooltip.
    package var example: String

    /// A component of rank `rank` drawn as a square.
    package init(
      rank: Int, assets: Int, kinds: PerKindNumber<Int>, audienceSummed: CountSum, network: Int?,
      example: String
    ) {
      self.rank = rank
      self.assets = assets
      self.kinds = kinds
      self.audienceSummed = audienceSummed
      self.network = network
      self.example = example
    }
  }

  /// The smallest components, drawn together as one box.
  package struct Rest: Sendable, Hashable {
    /// How many components.
    package var components: Int
    /// Their assets, in all.
    package var assets: Int
    /// The size of the largest of them.
    package var largest: Int
    /// The size of the smallest.
    package var smallest: Int

    /// `components` components of `assets` assets in all, each of `smallest` to `largest`.
    package init(components: Int, assets: Int, largest: Int, smallest: Int) {
      self.components = components
      self.assets = assets
      self.largest = largest
      self.smallest = smallest
    }
  }

  /// Above this many assets a drawing is an overview unless asked otherwise:
  /// at 3,000 assets a drawing in full still shows its components apart; at
  /// 10,000 it is a uniform hairball.
  package static let assetLimit = 5_000
  /// Components drawn in full in an overview hold at most this many assets in all.
  package static let fullAssetBudget = 1_200
  /// At most this many components are drawn in full in an overview.
  package static let fullComponentLimit = 3
  /// At most this many components are drawn as squares; the rest share a line.
  package static let squareLimit = 120

  /// The drawing: the components in full, with the table of the others appended.
  package let drawing: NetworkDrawing

  /// An overview of `totalAssets` assets in `totalComponents` components.
  /// - Parameters:
  ///   - full: The documents cut down to the components drawn in full (their
  ///     reports give the title); networks without assets when none is.
  ///   - fullRanks: The ranks of the components drawn in full, for the key.
  ///   - parts: The components drawn as squares, largest first.
  ///   - rest: The components left, counted in one line.
  ///   - totalAssets: The assets of every component, for the title.
  ///   - totalComponents: How many components there are, for the title.
  ///   - options: How to draw; the layout defaults to sfdp.
  package init(
    full: [NetworkDocument], fullRanks: [Int], parts: [Part], rest: Rest?, totalAssets: Int,
    totalComponents: Int, options: DrawingOptions = DrawingOptions()
  ) {
    var options = options
    options.layout = options.layout ?? .sfdp
    options.appendix = Self.appendix(
      fullRanks: fullRanks, parts: parts, rest: rest, totalAssets: totalAssets,
      totalComponents: totalComponents)
    drawing = NetworkDrawing(documents: full, options: options)
  }

  /// The blues a square is shaded with, lightest (smallest summed audience) first.
  static let shades = ["#EFF3FF", "#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C"]

  /// The shade of `audience` on a log scale up to `largest`.
  package static func shade(_ audience: CountSum, largest: CountSum) -> Int {
    guard audience > 0, largest > 0 else { return 0 }
    let fraction = log10(Double(countSum: audience) + 1) / log10(Double(countSum: largest) + 1)
    return min(shades.count - 1, max(1, Int((fraction * Double(shades.count - 1)).rounded(.up))))
  }

  /// Slots in a row of the overview's table.
  static let columns = 14
  /// A slot's width in points: a label "#123 · 4,567" in 8 points.
  static let slotWidth = 44

  /// The summary as one node: a table whose header says what the overview
  /// shows, then a square per component in rank order (area by assets,
  /// shade by summed audience, border in the network's colour), then the
  /// rest in one line. One node rather than a node each: Graphviz packs
  /// separate nodes in a grid whose columns are as wide as the components
  /// drawn in full, which left most of the figure empty.
  static func appendix(
    fullRanks: [Int], parts: [Part], rest: Rest?, totalAssets: Int, totalComponents: Int
  ) -> DrawingAppendix {
    let largestPart = parts.map(\.assets).max() ?? 1
    let largestAudience = parts.map(\.audienceSummed).max() ?? 0
    // Area by assets: the largest square 3 inches (216 points) a side at most.
    let scale = min(24, 216 / Double(largestPart).squareRoot())
    func row(_ text: String, bold: Bool = false) -> String {
      "<TR><TD ALIGN=\"LEFT\" COLSPAN=\"\(columns)\">"
        + (bold ? "<B>\(text)</B>" : text) + "</TD></TR>"
    }
    var table = row(
      "Overview: \(counted(totalAssets, "asset")) in \(counted(totalComponents, "connected component"))",
      bold: true)
    if !fullRanks.isEmpty {
      let ranks = fullRanks.map { "#\($0)" }
      table += row(
        (ranks.count == 1 ? "Component \(ranks[0]) is" : "Components \(list(ranks)) are")
          + " drawn in full beside this table")
    }
    if !parts.isEmpty {
      table += row(
        "Each square a component, largest first: area by assets, shade by audience summed")
      // The shades' lower bounds, on the scale shade(_:largest:) uses.
      var cells = ""
      for index in shades.indices {
        let bound =
          index <= 1
          ? index
          : Int(
            (pow(Double(largestAudience) + 1, Double(index - 1) / Double(shades.count - 1)) - 1)
              .rounded(.down)) + 1
        let colour = index >= 4 ? "#FFFFFF" : "#111111"
        let text = index == 0 ? "none" : "≥\(compact(bound))"
        cells +=
          "<TD BGCOLOR=\"\(shades[index])\" COLSPAN=\"2\"><FONT COLOR=\"\(colour)\" POINT-SIZE=\"9\">\(text)</FONT></TD>"
      }
      table += "<TR>\(cells)</TR>"
    }
    // Rows of `columns` slots; a square wider than a slot takes several, so
    // that one large component does not widen a whole column.
    var cells = ""
    var used = 0
    for part in parts {
      let side = max(4, Int((scale * Double(part.assets).squareRoot()).rounded()))
      let span = min(columns, max(1, (side + 4 + slotWidth - 1) / slotWidth))
      if used + span > columns {
        table += "<TR>\(cells)</TR>"
        (cells, used) = ("", 0)
      }
      used += span
      let shade = shade(part.audienceSummed, largest: largestAudience)
      let kinds = part.kinds.kinds.map { "\(groupedDigits(part.kinds[$0])) \($0.pluralLabel)" }
      let tooltip = DOTText.htmlText(
        "component \(part.rank): \(counted(part.assets, "asset")) (\(kinds.joined(separator: ", "))), "
          + "audience summed \(groupedDigits(part.audienceSummed)); first asset: \(part.example)",
        limit: 300)
      let border =
        part.network.map { "COLOR=\"\(NetworkColours.colour($0))\" BORDER=\"3\"" }
        ?? "COLOR=\"#08306B\" BORDER=\"1\""
      cells +=
        "<TD COLSPAN=\"\(span)\" VALIGN=\"BOTTOM\" TOOLTIP=\"\(tooltip)\" HREF=\"#\">"
        + "<TABLE BORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"0\">"
        + "<TR><TD FIXEDSIZE=\"TRUE\" WIDTH=\"\(side)\" HEIGHT=\"\(side)\" BGCOLOR=\"\(shades[shade])\" \(border)> </TD></TR>"
        + "<TR><TD><FONT POINT-SIZE=\"8\">#\(part.rank) · \(groupedDigits(part.assets))</FONT></TD></TR>"
        + "</TABLE></TD>"
    }
    if !cells.isEmpty { table += "<TR>\(cells)</TR>" }
    if let rest {
      let sizes =
        rest.smallest == rest.largest
        ? "of \(counted(rest.largest, "asset")) each"
        : "of \(groupedDigits(rest.smallest)) to \(counted(rest.largest, "asset"))"
      table += row(
        "and \(counted(rest.components, "more component")) \(sizes), \(counted(rest.assets, "asset")) in all"
      )
    }
    let statements =
      "  graph [pack=\"true\", packmode=\"array\"]\n"
      + "  \"overview\" [shape=\"plaintext\", style=\"\", fontsize=\"11\", label=<"
      + "<TABLE BORDER=\"1\" COLOR=\"#BDBDBD\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"2\">"
      + table + "</TABLE>>]\n"
    return DrawingAppendix(statements: statements, nodeCount: 1, edgeCount: 0)
  }

  /// "#2, #3 and #4".
  private static func list(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
  }

  /// "950", "12k", "3.4M": a shade's bound, short enough for a key cell.
  static func compact(_ value: Int) -> String {
    switch value {
    case ..<10_000: groupedDigits(value)
    case ..<1_000_000: "\(value / 1_000)k"
    default: DrawingNumber.decimal(Double(value) / 1_000_000) + "M"
    }
  }
}

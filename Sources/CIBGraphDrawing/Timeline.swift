import CIBGraphAnalysis
import CIBGraphCore
import CIBGraphSupport
import Foundation

/// Many takedown reports in one figure: a calendar with a row per year and a
/// column per month, each network a square in the month its report was
/// published (sized by the assets removed, colour by publisher), labelled
/// with its name, origins and count.
///
/// Meant for a catalogue (all of `Graphs/`, or a year of it): 94 networks
/// drawn as report drawings one under another made a strip 26,000 pixels
/// tall. Documents without a publication month are left out and named in
/// ``leftOut``.
///
/// - Complexity: O(networks + years × 12).
package struct TimelineDrawing: Sendable {
  /// The DOT text: one node holding the calendar as a table, laid out by `dot`.
  package let dot: String
  /// Networks drawn.
  package let networkCount: Int
  /// The titles of the documents left out for want of a publication month.
  package let leftOut: [String]
  /// The layout engine the drawing is written for.
  package let layout = LayoutEngine.dot

  /// The font size of the largest network's square, in points.
  static let largestSide = 48.0
  /// The font size of a network of one asset, so that it still shows.
  static let smallestSide = 8.0
  static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  /// One network placed on the calendar.
  struct Entry {
    var year: Int
    var month: Int
    var name: String
    var origins: [String]
    var assets: Int
    /// The count as summaries mark it: `~` about, `?` hedge unknown, a range.
    var marked: String
    var kinds: String
    var publisher: Int
    var report: String
  }

  /// The calendar of `documents`' networks.
  package init(documents: [NetworkDocument]) {
    var entries: [Entry] = []
    var publishers: [String] = []
    var publisherIndex: [String: Int] = [:]
    var leftOut: [String] = []
    for document in documents {
      guard let date = document.report.published, let month = date.month else {
        leftOut.append(VisibleText.safe(document.report.title, limit: 120))
        continue
      }
      let publisher = document.report.publisher
      let index = publisherIndex[publisher] ?? publishers.count
      if index == publishers.count {
        publisherIndex[publisher] = index
        publishers.append(publisher)
      }
      for network in document.networks {
        let (assets, marked, kinds) = Self.removedAssets(network)
        entries.append(
          Entry(
            year: date.year, month: month, name: network.name, origins: network.origins,
            assets: assets, marked: marked, kinds: kinds, publisher: index,
            report: document.report.title))
      }
    }
    self.leftOut = leftOut
    networkCount = entries.count
    dot = Self.dot(
      entries: entries, publishers: publishers, reports: documents.count - leftOut.count)
  }

  /// The assets a network's report says were removed, summed over kinds (a
  /// count of assets, never of people), or its itemized assets when it
  /// gives no count.
  package static func removedAssets(_ network: Network) -> (Int, marked: String, kinds: String) {
    var sum = SummedFigure()
    var parts: [String] = []
    for (kind, figure) in network.reported.counts.entries where !kind.isActor {
      guard let value = figure.value else { continue }
      sum.add(figure)
      parts.append("\(figure.text) \(value == 1 ? kind.singularLabel : kind.pluralLabel)")
    }
    if sum.figures == 0, let reported = network.reported.total, reported.figure.value != nil {
      sum.add(reported.figure)
      return (Int(clamping: sum.lower), sum.marked, "\(reported.figure.text) in all")
    }
    if sum.figures == 0 && !network.assets.isEmpty {
      return (
        network.assets.count, groupedDigits(network.assets.count),
        "\(network.assets.count) itemized"
      )
    }
    // Sized by what was surely removed: the sum's lower bound.
    return (Int(clamping: sum.lower), sum.marked, parts.joined(separator: ", "))
  }

  static func dot(entries: [Entry], publishers: [String], reports: Int) -> String {
    let years = Set(entries.map(\.year)).sorted()
    let largest = Double(max(1, entries.map(\.assets).max() ?? 1))
    // Log scale: the largest takedowns are a thousand times the smallest.
    let scale = { (assets: Int) in log10(Double(max(0, assets)) + 1) / log10(largest + 1) }
    let html = { (text: String) in DOTText.htmlText(text, limit: 200) }
    var title = "No takedown with a publication month"
    if let first = entries.min(by: { ($0.year, $0.month) < ($1.year, $1.month) }),
      let last = entries.max(by: { ($0.year, $0.month) < ($1.year, $1.month) })
    {
      title =
        "Takedowns announced \(monthNames[first.month - 1]) \(first.year) to "
        + "\(monthNames[last.month - 1]) \(last.year): "
        + "\(counted(entries.count, "network")) in \(counted(reports, "report"))"
    }
    var table =
      "<TR><TD COLSPAN=\"13\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"18\"><B>\(html(title))</B></FONT></TD></TR>"
    var key =
      "Each square a network, in the month its report was published, sized by the assets removed "
      + "(accounts, Pages, Groups and the like, as reported; log scale); colour by publisher: "
    key += publishers.indices.map { index in
      "<FONT COLOR=\"\(NetworkColours.colour(index))\">■</FONT> \(html(publishers[index]))"
    }.joined(separator: "  ")
    table += "<TR><TD COLSPAN=\"13\" ALIGN=\"LEFT\">\(key)</TD></TR>"
    table +=
      "<TR><TD></TD>"
      + monthNames.map { "<TD><B>\(String($0.prefix(3)))</B></TD>" }.joined() + "</TR>"
    // Each network in its month's cell, found once rather than per cell.
    var cells: [Int: [Entry]] = [:]
    for entry in entries { cells[entry.year * 12 + entry.month - 1, default: []].append(entry) }
    for year in years {
      table += "<TR><TD VALIGN=\"TOP\"><B>\(year)</B></TD>"
      for month in 1...12 {
        let here = cells[year * 12 + month - 1] ?? []
        guard !here.isEmpty else {
          table += "<TD BGCOLOR=\"#FAFAFA\"> </TD>"
          continue
        }
        // Each square is a "■" in a font as large as the network: text
        // lines stack from the top of the cell, where nested tables were
        // stretched to the row's height.
        var cell = ""
        for entry in here {
          let size = smallestSide + (largestSide - smallestSide) * scale(entry.assets)
          let colour = NetworkColours.colour(entry.publisher)
          let count =
            entry.assets == 0
            ? "no count" : entry.marked
          let origins = entry.origins.isEmpty ? "" : entry.origins.joined(separator: ", ") + " · "
          cell +=
            "<FONT COLOR=\"\(colour)\" POINT-SIZE=\"\(DrawingNumber.decimal(size))\">■</FONT><BR/>"
            + "<FONT POINT-SIZE=\"8\">\(DOTText.htmlText(entry.name, limit: 26))</FONT><BR/>"
            + "<FONT POINT-SIZE=\"8\" COLOR=\"#555555\">\(html(origins))\(count)</FONT><BR/>"
        }
        let tooltip = html(
          here.map { "\($0.name): \($0.kinds.isEmpty ? "no count reported" : $0.kinds)" }
            .joined(separator: "; "))
        table += "<TD VALIGN=\"TOP\" TOOLTIP=\"\(tooltip)\" HREF=\"#\">\(cell)</TD>"
      }
      table += "</TR>"
    }
    return "digraph \"timeline\" {\n"
      + "  graph [layout=\"dot\", pad=\"0.3\", fontname=\"\(DrawingStyle.fontName)\"]\n"
      + "  node [fontname=\"\(DrawingStyle.fontName)\", fontsize=\"11\"]\n"
      + "  \"calendar\" [shape=\"plaintext\", label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" "
      + "COLOR=\"#DDDDDD\" CELLSPACING=\"0\" CELLPADDING=\"4\">\(table)</TABLE>>]\n"
      + "}\n"
  }
}

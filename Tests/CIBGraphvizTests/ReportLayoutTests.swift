import CIBGraph
import CIBGraphTestSupport
import CIBGraphviz
import Foundation
import Testing

/// Report drawings laid out by Graphviz: compact grids with each
/// organisation under the network attributed to it.
@Suite struct ReportLayoutTests {
  /// The drawing's size in points and its texts with their positions.
  static func layout(_ file: String) throws -> (
    width: Double, height: Double, texts: [String: (x: Double, y: Double)]
  ) {
    let drawing = NetworkDrawing(documents: [try graphsDocument(file)])
    let (svg, error) = SVGReader.read(try Graphviz.render(drawing, format: .svg))
    let reader = try #require(svg, "not XML: \(error ?? "")")
    let root = try #require(reader.elements.first { $0.name == "svg" })
    let points = { (value: String?) in
      Double(value?.replacingOccurrences(of: "pt", with: "") ?? "") ?? 0
    }
    var texts: [String: (x: Double, y: Double)] = [:]
    for (element, text) in zip(reader.elements.filter { $0.name == "text" }, reader.texts)
    where texts[text] == nil {
      texts[text] = (points(element.attributes["x"]), points(element.attributes["y"]))
    }
    return (points(root.attributes["width"]), points(root.attributes["height"]), texts)
  }

  @Test func networksShareThePageWithTheirOrganisationsUnderThem() throws {
    let drawing = try Self.layout("meta-2019-04-india-pakistan.json")
    // One column of three networks with organisations off to the right drew
    // 2,848 by 1,343 points, four fifths of it blank.
    #expect(drawing.width * drawing.height < 2_000_000, "\(drawing.width) × \(drawing.height)")
    #expect(drawing.width > drawing.height, "landscape")
    for (network, organization) in [
      ("India, Silver Touch", "Silver Touch (Indian IT firm)"),
      ("Pakistan, ISPR", "Inter-Service Public Relations"),
      ("India, INC IT Cell", "IT Cell of the Indian National"),
    ] {
      let card = try #require(drawing.texts[network], "\(network)")
      let box = try #require(drawing.texts[organization], "\(organization)")
      #expect(box.y > card.y, "\(organization) under its network's card")
      #expect(box.x > card.x && box.x < card.x + 400, "\(organization) in its network's column")
    }
  }

  @Test func aReportOfEightNetworksIsAGridAndRenders() throws {
    // Labelled edges between nodes of one rank across clusters corrupted
    // Graphviz 2.42's heap on this document.
    let drawing = try Self.layout("meta-2020-05-april-cib-report.json")
    #expect(drawing.width * drawing.height < 4_500_000, "\(drawing.width) × \(drawing.height)")
    #expect(drawing.width < 2.5 * drawing.height, "no strip")
    #expect(drawing.texts["no Instagram accounts reported"] != nil)
  }
}

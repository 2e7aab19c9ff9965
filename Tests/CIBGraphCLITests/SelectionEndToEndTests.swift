import CIBGraphTestSupport
import Foundation
import Testing

/// `render` and `dot` drawing a part of itemized data, an overview of much,
/// and the catalogue's timeline, as a user runs them.
@Suite struct SelectionEndToEndTests {
  static let example = ["--nodes", "Examples/data/nodes.csv", "--edges", "Examples/data/edges.csv"]

  @Test func aSelectionOfNothingIsAUsageErrorSayingWhatExists() throws {
    let rank = try cibgraph(["dot"] + Self.example + ["--component", "99"])
    #expect(rank.status == 64)
    #expect(rank.stdout.isEmpty, "no partial drawing")
    #expect(rank.stderr.contains("there is no component 99: there are "))
    let network = try cibgraph(["dot"] + Self.example + ["--only-network", "nope"])
    #expect(network.status == 64)
    #expect(
      network.stderr.contains("no network has the identifier \"nope\"; the networks are \"nodes\""))
    let asset = try cibgraph(["dot"] + Self.example + ["--around", "nobody"])
    #expect(asset.status == 64)
    #expect(asset.stderr.contains("the most linked are"))
    for arguments in [
      ["--largest", "2", "--component", "1"], ["--depth", "2"], ["--largest", "0"],
      ["--around", "x", "--depth", "-1"], ["--timeline", "--largest", "1"],
    ] {
      #expect(try cibgraph(["dot"] + Self.example + arguments).status == 64, "\(arguments)")
    }
  }

  @Test func aSelectionDrawsItsPartAndSaysSo() throws {
    let whole = try cibgraph(["dot"] + Self.example)
    let part = try cibgraph(["dot"] + Self.example + ["--largest", "1"])
    #expect(part.status == 0)
    #expect(part.stderr.contains("cibgraph: drawing the largest component ("))
    #expect(part.stdout.count < whole.stdout.count)
    let around = try cibgraph(
      ["dot"] + Self.example + ["--around", "104731000209748", "--depth", "1"])
    #expect(around.status == 0)
    #expect(around.stderr.contains("within 1 relation of \"104731000209748\""))
  }

  @Test func muchItemizedDataIsDrawnAsAnOverview() throws {
    // 1,700 chains of three assets: 5,100 assets, above the overview's limit.
    var nodes = "Id,Label,Kind\n"
    var edges = "Source,Target,Type\n"
    for chain in 0..<1_700 {
      nodes += "a\(chain),,account\np\(chain),,page\ng\(chain),,group\n"
      edges += "a\(chain),p\(chain),administers\na\(chain),g\(chain),memberOf\n"
    }
    let nodesFile = try temporaryPath("overview-nodes.csv")
    let edgesFile = try temporaryPath("overview-edges.csv")
    try nodes.write(toFile: nodesFile, atomically: true, encoding: .utf8)
    try edges.write(toFile: edgesFile, atomically: true, encoding: .utf8)
    let result = try cibgraph("dot", "--nodes", nodesFile, "--edges", edgesFile)
    #expect(result.status == 0)
    #expect(
      result.stderr.contains("5,100 assets are too many to draw readably, so this is an overview"))
    #expect(result.stderr.contains("--no-overview draws every asset"))
    #expect(result.stdout.contains("Overview: 5,100 assets in 1,700 connected components"))
    let full = try cibgraph("dot", "--nodes", nodesFile, "--edges", edgesFile, "--no-overview")
    #expect(full.status == 0)
    #expect(!full.stdout.contains("Overview:"))
    #expect(full.stdout.components(separatedBy: " -> ").count - 1 >= 3_400)
  }

  @Test func manyReportsDrawnInFullPointToTheCalendar() throws {
    let result = try cibgraph("dot", "Graphs/")
    #expect(result.status == 0)
    #expect(result.stderr.contains("--timeline draws them on one calendar"))
    let few = try cibgraph("dot", "Graphs/meta-2020-08-cib-report.json")
    #expect(!few.stderr.contains("--timeline"))
  }

  @Test func theCatalogueOnACalendar() throws {
    let result = try cibgraph("dot", "Graphs/", "--timeline")
    #expect(result.status == 0)
    #expect(result.stdout.contains("Takedowns announced July 2018 to September 2020"))
    #expect(
      result.stderr.contains(
        "left out of the timeline, without a month of publication: \"ISPR Denies"))
    let svg = try temporaryPath("timeline.svg")
    let rendered = try cibgraph("render", "Graphs/", "--timeline", "-o", svg)
    #expect(rendered.status == 0)
    let text = try String(contentsOfFile: svg, encoding: .utf8)
    #expect(text.contains("<svg"))
    #expect(text.contains("Saudi Arabia, Smaat"), "the largest takedown is named")
  }
}

import CIBGraphTestSupport
import Foundation
import Testing

/// Tests/Fixtures/mixed-platforms.json (Facebook, Instagram, X, YouTube,
/// Telegram and a declared VK kind; an organisation, a person and a
/// movement; every qualifier) through `reach`, `validate`, `dot` and `render`.
@Suite struct MixedPlatformEndToEndTests {
  static let path = fixturePath("mixed-platforms.json")

  @Test func reachNamesEachPlatformsKindsAndLeavesTheUpperBoundOpen() throws {
    let text = try cibgraph("reach", Self.path)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stderr.isEmpty)
    // The first network's table, as a reader sees it.
    let rows = [
      "  Kind                           Removed  Followed or joined ≥1         Itemized  Followers+members*",
      "  Facebook accounts                   40  –                                    1                   0",
      "  Pages                         10 to 12  about 50,000                         1              31,000",
      "  Groups                               5  not given                            1               2,400",
      "  Events                               3  less than 300 attendees              1                 120",
      "  Instagram accounts            about 20  less than 1,000                      1                 640",
      "  X accounts          15 (hedge unknown)  8,000 (hedge unknown)                1               5,100",
      "  YouTube channels                     2  20,000 to 25,000 subscribers         1              18,000",
      "  Telegram channels                    1  4,200 subscribers                    1               4,200",
      "  VK communities                       4  about 9,000                          1               6,000",
      "  Unique audience across kinds: at least about 50,000; no upper bound: the Groups' audience is not given",
    ]
    #expect(text.stdout.contains(rows.joined(separator: "\n") + "\n"), "\(text.stdout)")
    #expect(
      text.stdout.contains(
        "  Unique audience across kinds: at least 14,000 (hedge unknown); no upper bound (a figure is \"at least\")"
      ))
    #expect(text.stdout.contains("  X accounts                more than 60  at least 2,000"))

    let json = try jsonObject(try cibgraph("reach", Self.path, "--format", "json").stdout)
    let networks = try #require(json["networks"] as? [[String: Any]])
    let kinds = try #require(networks.first?["kinds"] as? [String: [String: Any]])
    #expect(
      Set(kinds.keys) == [
        "account", "page", "group", "event", "instagram", "x-account", "youtube-channel",
        "telegram-channel", "vk-community", "organization",
      ])
    let youtube = try #require(kinds["youtube-channel"]?["audience"] as? [String: Any])
    #expect(youtube["qualifier"] as? String == "range")
    #expect(youtube["value"] as? Int == 20_000)
    #expect(youtube["upTo"] as? Int == 25_000)
    let groups = try #require(kinds["group"]?["audience"] as? [String: Any])
    #expect(groups["qualifier"] as? String == "notGiven")
    #expect(groups["value"] is NSNull)
    #expect(
      (kinds["x-account"]?["reported"] as? [String: Any])?["text"] as? String
        == "15 (hedge unknown)")
    #expect(kinds["vk-community"]?["membersSummed"] as? Int == 6_000)
    let overall = try #require(networks.first?["overall"] as? [String: Any])
    let unique = try #require(overall["uniqueAudience"] as? [String: Any])
    #expect(unique["upper"] is NSNull)
    #expect(unique["upperOpenBecause"] as? String == "the Groups' audience is not given")
    #expect((unique["lower"] as? [String: Any])?["text"] as? String == "about 50,000")

    let csv = try cibgraph("reach", Self.path, "--format", "csv").stdout
    // A range keeps its high end: in columns of their own, added when a figure is a range.
    #expect(
      csv.hasPrefix("input,") && csv.contains(",audience_rows,reported_up_to,audience_up_to\r\n"))
    let prefix =
      "Tests/Fixtures/mixed-platforms.json,fixture-cross-platform,Cross-platform network,"
    for row in [
      "page,10,range,50000,about,1,31000,,,,,,,12,",
      "group,5,exactly,,notGiven,1,2400,,,,,,,,", "event,3,exactly,300,lessThan,1,120,,,,,,,,",
      "x-account,15,hedgeUnknown,8000,hedgeUnknown,1,5100,,,,,,,,",
      "youtube-channel,2,exactly,20000,range,1,18000,,,,,,,,25000",
      "vk-community,4,exactly,9000,about,1,6000,,,,,,,,",
      "all,,,,,9,67460,50000,about,,notGiven,,,,",
    ] {
      #expect(csv.contains("\r\n" + prefix + row + "\r\n"), "\(row)")
    }
  }

  @Test func itValidatesWithNotesOnly() throws {
    let result = try cibgraph("validate", Self.path)
    #expect(result.status == 0, "\(result.stdout)")
    // Eight kinds partly itemized (the declared VK kind too), the Groups'
    // audience not given, and two networks' figures whose hedge was dropped.
    #expect(result.stdout.contains("0 error(s), 0 warning(s), 11 note(s) in 1 input(s)"))
    #expect(
      result.stdout.contains(
        "networks[0].reported.counts.x-account: 1 of 15 (hedge unknown) X accounts are itemized"))
  }

  @Test func dotAndSVGDrawEachKindInItsStyle() throws {
    let dot = try cibgraph("dot", Self.path)
    #expect(dot.status == 0, "\(dot.stderr)")
    #expect(
      dot.stdout.contains(
        "[label=\"Harbour TV\\n18,000 subscribers\", shape=\"cds\", fillcolor=\"#FDDCDC\", color=\"#CC0000\""
      ))
    #expect(
      dot.stdout.contains(
        "[label=\"Jordan Doe\\nMalta\", shape=\"invhouse\", fillcolor=\"#FBD5D5\", color=\"#B2182B\""
      ))
    #expect(dot.stdout.contains("[label=\"X account\", shape=\"ellipse\""))

    let svgPath = try temporaryPath("mixed.svg")
    let render = try cibgraph("render", Self.path, "-o", svgPath)
    #expect(render.status == 0, "\(render.stderr)")
    let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
    let nodes = Self.svgNodes(svg)
    // Each asset's node is filled and outlined in its kind's colours, an X
    // account with two outlines, an Event as a tab.
    let expected: [(text: String, fill: String, stroke: String, outlines: Int)] = [
      ("Operator profile", "#dcebf7", "#1f78b4", 1), ("Harbour Daily", "#dff0d0", "#33a02c", 1),
      ("Energy price watch", "#ffe6c7", "#e66100", 1),
      ("Rally for fair prices", "#fff4c2", "#b8860b", 1),
      ("harbour.daily", "#eadcf2", "#6a3d9a", 1), ("@HarbourDaily", "#e6e6e6", "#111111", 2),
      ("Harbour TV", "#fddcdc", "#cc0000", 1), ("Harbour news", "#dceffa", "#1e88c7", 1),
      ("Harbour VK", "#f0f0f0", "#424242", 1), ("Jordan Doe", "#fbd5d5", "#b2182b", 1),
      ("The Lantern movement", "#fbd5d5", "#b2182b", 1),
    ]
    for node in expected {
      let found = try #require(nodes.first { $0.texts.first == node.text }, "\(node.text)")
      #expect(found.fills.first == node.fill, "\(node.text): \(found.fills)")
      #expect(found.strokes.first == node.stroke, "\(node.text): \(found.strokes)")
      #expect(found.shapes == node.outlines, "\(node.text): \(found.shapes) outlines")
    }
    // The legend names what is drawn and nothing else.
    // Each kind is a sample node drawn in its own style, named in plain words.
    let samples = nodes.filter { $0.title.hasPrefix("legend_kind_") }
    let legend = Set(nodes.filter { $0.title.hasPrefix("legend") }.flatMap(\.texts))
    for (label, fill) in [
      ("Facebook Event", "#fff4c2"), ("X account", "#e6e6e6"), ("YouTube channel", "#fddcdc"),
      ("Telegram channel", "#dceffa"), ("VK community", "#f0f0f0"), ("person", "#fbd5d5"),
      ("movement", "#fbd5d5"),
    ] {
      let sample = samples.first { $0.texts == [label] }
      #expect(sample?.fills.first == fill, "\(label)")
    }
    #expect(!legend.contains { $0.hasPrefix("TikTok account") })
    #expect(!legend.contains { $0.hasPrefix("Threads account") })
    #expect(!legend.contains { $0.hasPrefix("account of an unnamed platform") })
    // The paraphrase is not drawn as a quotation; the platform's words are.
    #expect(svg.contains("Attribution, in the invented compilation&#39;s"))
    #expect(!svg.contains("“Lantern"))
    #expect(svg.contains("“linked to individuals associated with Harbour"))
  }

  /// A declared kind's labels are a document's text: a force layout's legend,
  /// an HTML-like table, shows them as text rather than breaking on them.
  @Test func aDeclaredKindsLabelCannotBreakTheLegendTable() throws {
    let document = try temporaryFile(
      "evil.json",
      """
      {"format": "cibgraph-network-document", "version": 2,
       "report": {"title": "T", "publisher": "P"},
       "kinds": [{"name": "evil", "platform": "P",
                  "singular": "a</TD></TR></TABLE>><IMG SRC=\\"/etc/passwd\\"/>", "plural": "evils"}],
       "networks": [{"id": "n", "name": "N", "assets": [{"id": "e", "kind": "evil"}]}]}
      """)
    let svgPath = try temporaryPath("evil.svg")
    let render = try cibgraph("render", document, "--layout", "sfdp", "-o", svgPath)
    #expect(render.status == 0, "\(render.stderr)")
    let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
    #expect(!svg.contains("<image"))
    #expect(
      svg.contains(
        ">P a&lt;/TD&gt;&lt;/TR&gt;&lt;/TABLE&gt;&gt;&lt;IMG SRC=&quot;/etc/passwd&quot;/&gt;<"
      ))
  }

  /// A node of Graphviz's SVG: its title (the DOT id), texts, and the fill
  /// and stroke of its shapes (a double outline is two shapes).
  struct SVGNode {
    var title: String
    var texts: [String] = []
    var fills: [String] = []
    var strokes: [String] = []
    var shapes = 0
  }

  /// The `<g class="node">` groups of an SVG Graphviz wrote, one element a line.
  static func svgNodes(_ svg: String) -> [SVGNode] {
    var nodes: [SVGNode] = []
    var current: SVGNode?
    func attribute(_ name: String, of line: Substring) -> String? {
      guard let start = line.range(of: " \(name)=\"") else { return nil }
      return String(line[start.upperBound...].prefix { $0 != "\"" })
    }
    func content(_ line: Substring) -> String {
      let inner = line.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
      return String(inner).replacingOccurrences(of: "&#45;", with: "-")
        .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
    }
    for line in svg.split(separator: "\n") {
      if line.hasPrefix("<g id=\"node") {
        if let current { nodes.append(current) }
        current = SVGNode(title: "")
      } else if line.hasPrefix("<g id=\"edge") || line.hasPrefix("<g id=\"clust") {
        if let node = current { nodes.append(node) }
        current = nil
      } else if current != nil {
        if line.hasPrefix("<title>") {
          current?.title = content(line)
        } else if line.hasPrefix("<text") {
          current?.texts.append(content(line))
        } else if line.hasPrefix("<polygon") || line.hasPrefix("<ellipse")
          || line.hasPrefix("<path")
        {
          if let fill = attribute("fill", of: line), fill != "none" { current?.fills.append(fill) }
          if let stroke = attribute("stroke", of: line) { current?.strokes.append(stroke) }
          current?.shapes += 1
        }
      }
    }
    if let current { nodes.append(current) }
    return nodes
  }
}

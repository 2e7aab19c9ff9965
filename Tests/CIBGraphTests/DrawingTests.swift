import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

@Suite struct DOTTextTests {
  @Test func quotingSurvivesAnyString() {
    #expect(DOTText.quoted("plain") == "\"plain\"")
    #expect(DOTText.quoted("say \"hi\"") == #""say \"hi\"""#)
    #expect(DOTText.quoted(#"back\slash \N"#) == #""back\\slash \\N""#)
    #expect(
      DOTText.quoted("line\nbreak") == #""line\\nbreak""#, "a newline in data is shown, not obeyed")
    #expect(DOTText.quoted("\u{1B}[31m") == #""\\e[31m""#)
    #expect(DOTText.quoted("rtl \u{202E}x") == #""rtl \\u{202E}x""#)
    #expect(DOTText.quoted("<script>") == "\"<script>\"")
    #expect(DOTText.quoted(lines: ["a", "b"]) == #""a\nb""#)
    #expect(DOTText.quoted(lines: ["a", "b"], justification: .left) == #""a\lb\l""#)
  }

  @Test func longStringsStayUnderGraphvizsLimit() {
    for piece in ["x", "\"", "\\", "é", "😀", "\u{202E}"] {
      let quoted = DOTText.quoted(String(repeating: piece, count: 20_000))
      #expect(quoted.utf8.count <= DOTText.maxQuotedBytes)
      #expect(quoted.hasSuffix("…\""))
      let body = quoted.dropFirst().dropLast(2)  // without the quotes and the ellipsis
      let trailingBackslashes = body.reversed().prefix { $0 == "\\" }.count
      #expect(trailingBackslashes % 2 == 0, "never cut inside an escape")
    }
    #expect(!DOTText.quoted(String(repeating: "x", count: 100)).contains("…"))
  }
}

@Suite struct NetworkDrawingTests {
  static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden")

  /// Compares with a committed file; `CIBGRAPH_UPDATE_GOLDEN=1 swift test` rewrites it.
  func expectGolden(_ text: String, _ name: String) throws {
    let url = Self.goldenFolder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["CIBGRAPH_UPDATE_GOLDEN"] == "1" {
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    #expect(
      text == golden,
      "DOT differs from Golden/\(name); look at the diff, then update it if intended")
  }

  /// A small itemized network with every kind and relation, hostile names included.
  static func itemized() -> NetworkDocument {
    var network = Network(id: "n", name: "Itemized \"network\"", origins: ["Nowhere"])
    network.reported.counts[.account] = ReportedFigure(3, source: "s")
    network.reported.audiences[.page] = ReportedFigure(1_000, .about, source: "s")
    network.assets = [
      Asset(id: "a1", kind: .account, name: "Operator \\N one"),
      Asset(id: "p1", kind: .page, name: "<script>alert(1)</script>", followers: 900),
      Asset(id: "g1", kind: .group, name: "Group\nwith break", members: 50),
      Asset(id: "i1", kind: .instagram, name: "\u{202E}txt.exe", followers: 10),
    ]
    network.relations = [
      Relation(source: "a1", target: "p1", type: .administers, evidence: "shared admin \"X\""),
      Relation(source: "a1", target: "g1", type: .memberOf),
      Relation(source: "i1", target: "p1", type: .follows),
      Relation(source: "p1", target: "org", type: .attributedTo),
      Relation(source: "g1", target: "i1", type: .linkedTo),
    ]
    network.attribution = Attribution(
      statement: "linked to \"Org\"", organizations: ["org"], source: "s")
    return NetworkDocument(
      report: Report(title: "Test report", publisher: "Tester", published: PartialDate("2024-01")),
      organizations: [
        Organization(id: "org", name: "Org", partOf: "parent"),
        Organization(id: "parent", name: "Parent"),
      ],
      networks: [network])
  }

  @Test func reportDrawingsMatchTheirGoldenFiles() throws {
    let document = try graphsDocument("meta-2019-04-india-pakistan.json")
    try expectGolden(NetworkDrawing(documents: [document]).dot, "meta-2019-04.dot")
    try expectGolden(NetworkDrawing(documents: [Self.itemized()]).dot, "itemized.dot")
    try expectGolden(
      NetworkDrawing(
        documents: [Self.itemized()], options: DrawingOptions(layout: .sfdp, legend: false)
      ).dot,
      "itemized-sfdp.dot")
  }

  @Test func cohortsAreLabelledLikeTheReport() throws {
    let drawing = NetworkDrawing(documents: [try graphsDocument("meta-2020-08-cib-report.json")])
    for label in [
      "453 Facebook accounts", "103 Pages · about 70,000 followers ≥1",
      "78 Groups · about 1,100,000 members ≥1",
      "107 Instagram accounts · less than 11,000 followers ≥1",
      "2 Pages · about 14,000 followers ≥1",
    ] {
      #expect(drawing.dot.contains("label=\"\(label)\""), "\(label)")
    }
    #expect(
      drawing.dot.contains(
        "August 2020 Coordinated Inauthentic Behavior Report\\nFacebook, 2020-09-01 · https://about.fb.com/news/2020/09/august-2020-cib-report/"
      ))
    #expect(drawing.layout == .dot)
    #expect(drawing.nodeCount == 2 + 4 + 2 + 3, "two organisations and nine cohorts")
    #expect(drawing.edgeCount == 2, "two attributions")
  }

  @Test func organisationsAreDrawnOnceAcrossDocuments() throws {
    let documents = [
      try graphsDocument("meta-2019-04-india-pakistan.json"),
      try graphsDocument("seed-000-ispr-article.json"),
    ]
    let dot = NetworkDrawing(documents: documents).dot
    #expect(
      dot.components(separatedBy: "label=\"Inter-Service Public Relations (ISPR)\\nPakistan\"")
        .count == 2)
    #expect(
      dot.components(separatedBy: "label=\"part of\"").count == 1 + 2,
      "ISPR ⊂ military, INC IT Cell ⊂ INC")
    #expect(
      dot.components(separatedBy: "label=\"attributed to\"").count == 1 + 4,
      "three networks of 2019 and the article's ISPR")
    #expect(NetworkDrawing(documents: documents).dot == dot, "same input, same bytes")
  }

  @Test func largeDrawingsLabelOnlyTheBiggestAudiences() {
    var network = Network(id: "big", name: "Big")
    network.assets = (0..<500).map { (i: Int) in
      Asset(id: "p\(i)", kind: .page, name: "Page \(i)", followers: i)
    }
    let document = NetworkDocument(report: Report(title: "t", publisher: "p"), networks: [network])
    let drawing = NetworkDrawing(
      documents: [document], options: DrawingOptions(maxLabelledAssets: 10))
    #expect(drawing.layout == .sfdp)
    #expect(drawing.dot.contains("label=\"Page 499\\n499 followers\""))
    #expect(drawing.dot.contains("label=\"Page 490\\n490 followers\""))
    #expect(!drawing.dot.contains("label=\"Page 489"))
    #expect(drawing.dot.contains("overlap=\"prism\""))
    #expect(
      drawing.dot.contains("tooltip=\"Page p3: Page 3 · 3 followers\""),
      "unlabelled assets keep their names in tooltips")
  }

  @Test func theDefaultLayoutFollowsSize() {
    #expect(LayoutEngine.suggested(nodeCount: 10) == .dot)
    #expect(LayoutEngine.suggested(nodeCount: LayoutEngine.dotLimit) == .dot)
    #expect(LayoutEngine.suggested(nodeCount: LayoutEngine.dotLimit + 1) == .sfdp)
  }
}

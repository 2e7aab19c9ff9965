import CIBGraph
@_spi(Internal) import CIBGraphCore
@_spi(Internal) import CIBGraphSupport
import CIBGraphTestSupport
import Foundation
import Testing

/// Selections, the overview, network colours and the timeline: drawing
/// itemized data of any size, and many reports at once.
@Suite struct ScaleDrawingTests {
  /// Three components: {a1, a2, p1, p2} (rank 1), {a3, g1} (rank 2), {i1} (rank 3);
  /// two networks, the second holding a3, g1 and i1.
  static func threeComponents() -> NetworkDocument {
    var first = Network(id: "first", name: "First <b>network</b>")
    first.assets = [
      Asset(id: "a1", kind: .account, name: "Operator \u{202E}one"),
      Asset(id: "a2", kind: .account),
      Asset(id: "p1", kind: .page, name: "Page \"one\"", followers: 5_000),
      Asset(id: "p2", kind: .page, followers: 10),
    ]
    first.relations = [
      Relation(source: "a1", target: "p1", type: .administers),
      Relation(source: "a2", target: "p1", type: .administers),
      Relation(source: "a2", target: "p2", type: .administers),
    ]
    var second = Network(id: "second", name: "Second")
    second.reported.counts[.account] = ReportedFigure(40, source: "s")
    second.assets = [
      Asset(id: "a3", kind: .account),
      Asset(id: "g1", kind: .group, members: 300),
      Asset(id: "i1", kind: .instagram, followers: 2),
    ]
    second.relations = [Relation(source: "a3", target: "g1", type: .memberOf)]
    return NetworkDocument(
      report: Report(title: "Itemized", publisher: "Tester"), networks: [first, second])
  }

  static func ids(_ documents: [NetworkDocument]) -> Set<String> {
    Set(documents.flatMap { $0.networks.flatMap { $0.assets.map(\.id) } })
  }

  @Test func largestComponentsAreThoseComponentsRanks() throws {
    let document = Self.threeComponents()
    let one = try AssetSelection.largestComponents(1).select(from: [document])
    #expect(Self.ids(one.documents) == ["a1", "a2", "p1", "p2"])
    #expect(
      one.documents[0].networks.map(\.id) == ["first"], "a network with nothing selected goes")
    #expect(one.documents[0].networks[0].relations.count == 3)
    let two = try AssetSelection.largestComponents(2).select(from: [document])
    #expect(Self.ids(two.documents) == ["a1", "a2", "p1", "p2", "a3", "g1"])
    #expect(two.documents[0].networks[1].relations.count == 1)
    #expect(
      two.documents[0].networks[1].reported.counts[.account]?.value == 40,
      "a network keeps its reported figures")
    let third = try AssetSelection.component(rank: 3).select(from: [document])
    #expect(Self.ids(third.documents) == ["i1"])
    #expect(third.description == "component 3 of 3 (1 asset)")
  }

  @Test func aSelectionOfNothingSaysWhatExists() {
    let document = Self.threeComponents()
    #expect {
      try AssetSelection.component(rank: 4).select(from: [document])
    } throws: { error in
      let message = (error as? AssetSelectionError)?.message ?? ""
      return message.contains("there is no component 4: there are 3")
        && message.contains("1 (the largest, 4 assets)")
    }
    #expect {
      try AssetSelection.network(id: "third").select(from: [document])
    } throws: { error in
      (error as? AssetSelectionError)?.message
        == "no network has the identifier \"third\"; the networks are \"first\", \"second\""
    }
    #expect {
      try AssetSelection.neighbourhood(of: "nobody\u{1B}[2J", depth: 1).select(from: [document])
    } throws: { error in
      let message = (error as? AssetSelectionError)?.message ?? ""
      return message.contains("\"nobody\\e[2J\"") && !message.contains("\u{1B}")
        && message.contains("the most linked are \"a2\" (2 relations), \"p1\" (2 relations)")
    }
  }

  @Test func aNeighbourhoodReachesDepthRelations() throws {
    let document = Self.threeComponents()
    let zero = try AssetSelection.neighbourhood(of: "a1", depth: 0).select(from: [document])
    #expect(Self.ids(zero.documents) == ["a1"])
    let one = try AssetSelection.neighbourhood(of: "a1", depth: 1).select(from: [document])
    #expect(Self.ids(one.documents) == ["a1", "p1"])
    let three = try AssetSelection.neighbourhood(of: "a1", depth: 3).select(from: [document])
    #expect(Self.ids(three.documents) == ["a1", "p1", "a2", "p2"])
    #expect(three.description == "4 assets within 3 relations of \"a1\"")
  }

  @Test func aNetworkIsSelectedWhole() throws {
    let selected = try AssetSelection.network(id: "second").select(from: [Self.threeComponents()])
    #expect(selected.documents[0].networks.map(\.id) == ["second"])
    #expect(Self.ids(selected.documents) == ["a3", "g1", "i1"])
  }

  @Test func withoutClustersMembersWearTheirNetworksColour() {
    let drawing = NetworkDrawing(
      documents: [Self.threeComponents()], options: DrawingOptions(layout: .sfdp, legend: false))
    let dot = drawing.dot
    let first = NetworkColours.colour(0)
    let second = NetworkColours.colour(1)
    #expect(dot.contains("color=\"\(first)\", penwidth=\"2.5\""))
    #expect(dot.contains("color=\"\(second)\", penwidth=\"2.5\""))
    #expect(
      dot.contains(
        ">Second</B></FONT></TD></TR></TABLE>>, shape=\"note\", fillcolor=\"#F5F5F5\", color=\"\(second)\""
      ))
    // The note is tied to one asset unseen, and to its cohort in sight.
    #expect(dot.components(separatedBy: "[style=\"invis\"]").count - 1 == 2)
    #expect(dot.contains("\"n1\" -> \"c1_account\" [style=\"dashed\", color=\"\(second)\""))
    // One network: no colours.
    var one = Self.threeComponents()
    one.networks.removeLast()
    #expect(
      !NetworkDrawing(documents: [one], options: DrawingOptions(layout: .sfdp)).dot.contains(
        "penwidth=\"2.5\""))
  }

  @Test func aLargeDrawingLabelsTheLargestAudiencesBesideTheirMarkers() {
    let drawing = NetworkDrawing(
      documents: [Self.threeComponents()],
      options: DrawingOptions(layout: .sfdp, legend: false, maxLabelledAssets: 2))
    let dot = drawing.dot
    #expect(dot.contains("forcelabels=\"false\""))
    #expect(dot.contains("label=\"\", xlabel=\"Page \\\"one\\\"\\n5,000 followers\""))
    #expect(dot.contains("label=\"\", xlabel=\"g1\\n300 members\""))
    #expect(dot.components(separatedBy: "xlabel=").count - 1 == 2, "two labels, as budgeted")
  }

  static func overview() -> ComponentOverview {
    var kinds = PerKindNumber<Int>()
    kinds[.account] = 900
    kinds[.page] = 100
    var small = PerKindNumber<Int>()
    small[.group] = 4
    return ComponentOverview(
      full: [Self.threeComponents()], fullRanks: [2],
      parts: [
        .init(
          rank: 1, assets: 1_000, kinds: kinds, audienceSummed: 2_000_000, network: 0,
          example: "<script>alert(1)</script>"),
        .init(
          rank: 3, assets: 4, kinds: small, audienceSummed: 12, network: 1,
          example: "Group \"&\" \u{202E}x"),
      ],
      rest: .init(components: 1_234, assets: 2_500, largest: 3, smallest: 1), totalAssets: 3_510,
      totalComponents: 1_237, options: DrawingOptions(legend: false))
  }

  @Test func theOverviewMatchesItsGoldenFile() throws {
    let drawing = Self.overview().drawing
    try NetworkDrawingTests().expectGolden(drawing.dot, "overview.dot")
    #expect(drawing.layout == .sfdp)
    let dot = drawing.dot
    #expect(dot.contains("Overview: 3,510 assets in 1,237 connected components"))
    #expect(dot.contains("Component #2 is drawn in full beside this table"))
    #expect(dot.contains("and 1,234 more components of 1 to 3 assets, 2,500 assets in all"))
    #expect(dot.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(!dot.contains("<script>"), "names escaped in the HTML-like label")
    #expect(dot.contains("\\u{202E}x"), "bidirectional controls shown, not obeyed")
    // Area by assets: 1,000 assets a square 216 points a side, 4 assets 14.
    #expect(dot.contains("WIDTH=\"216\" HEIGHT=\"216\""))
    #expect(dot.contains("WIDTH=\"14\" HEIGHT=\"14\""))
  }

  @Test func theOverviewsShadesFollowTheSummedAudience() {
    #expect(ComponentOverview.shade(0, largest: 1_000) == 0)
    #expect(ComponentOverview.shade(1, largest: 1_000_000) == 1)
    #expect(ComponentOverview.shade(1_000_000, largest: 1_000_000) == 5)
    #expect(ComponentOverview.shade(1_000, largest: 1_000_000) == 3)
  }

  static func timelineDocuments() -> [NetworkDocument] {
    var big = Network(id: "big", name: "Big \"network\" <i>", origins: ["RU"])
    big.reported.counts[.account] = ReportedFigure(9_000, .about, source: "s")
    big.reported.counts[.page] = ReportedFigure(1_000, source: "s")
    var small = Network(id: "small", name: "Small", origins: ["IR", "IQ"])
    small.reported.counts[.account] = ReportedFigure(3, source: "s")
    var itemized = Network(id: "itemized", name: "Itemized only")
    itemized.assets = [Asset(id: "x", kind: .xAccount), Asset(id: "y", kind: .xAccount)]
    return [
      NetworkDocument(
        report: Report(title: "One", publisher: "Meta", published: PartialDate("2019-03-05")),
        networks: [big, small]),
      NetworkDocument(
        report: Report(title: "Two", publisher: "X & Co", published: PartialDate("2020-11")),
        networks: [itemized]),
      NetworkDocument(
        report: Report(title: "Undated \u{1B}[31m", publisher: "Someone"), networks: [small]),
    ]
  }

  @Test func aTimelineOfNetworksWithoutCountsIsDrawn() {
    let document = NetworkDocument(
      report: Report(title: "T", publisher: "P", published: PartialDate("2020-01-02")),
      networks: [Network(id: "n", name: "No count")])
    let timeline = TimelineDrawing(documents: [document])
    #expect(timeline.networkCount == 1)
    #expect(timeline.dot.contains("no count"))
    #expect(!timeline.dot.contains("nan"))
  }

  @Test func theTimelineMatchesItsGoldenFile() throws {
    let timeline = TimelineDrawing(documents: Self.timelineDocuments())
    try NetworkDrawingTests().expectGolden(timeline.dot, "timeline.dot")
    #expect(timeline.networkCount == 3)
    #expect(timeline.leftOut == ["Undated \\e[31m"])
    let dot = timeline.dot
    #expect(
      dot.contains("Takedowns announced March 2019 to November 2020: 3 networks in 2 reports"))
    #expect(dot.contains("RU · ~10,000"), "an approximate sum is marked")
    #expect(dot.contains("IR, IQ · 3"))
    #expect(dot.contains("2 itemized"), "the itemized assets when no count is reported")
    // Marked as summary marks a compilation's figure: "?" for a hedge it dropped.
    var compiled = Network(id: "c", name: "Compiled")
    compiled.reported.counts[.page] = ReportedFigure(211, .hedgeUnknown)
    compiled.reported.counts[.account] = ReportedFigure(40, .hedgeUnknown)
    #expect(TimelineDrawing.removedAssets(compiled).marked == "251?")
    #expect(dot.contains("Big &quot;network&quot; &lt;i&gt;"))
    #expect(dot.contains("X &amp; Co"))
    // 2019 and 2020, each a row of twelve months.
    #expect(dot.components(separatedBy: "<TD BGCOLOR=\"#FAFAFA\"> </TD>").count - 1 == 22)
  }
}

/// Large drawings are written in runs on every core at once; the text is
/// the one a single core writes.
@Suite struct DrawingInRunsTests {
  /// A random itemized document: assets of every kind with and without
  /// names and audiences (some repeated across networks), relations with
  /// and without weights and evidence, some to assets no network lists.
  static func randomDocument(seed: UInt64) -> NetworkDocument {
    var random = SeededGenerator(seed: seed)
    let kinds: [AssetKind] = [.account, .page, .group, .instagram, .xAccount]
    let names = ["Page \"one\"", "<b>bold</b>", "\u{202E}txt.exe", "line\nbreak", "plain", ""]
    var networks: [Network] = []
    for n in 0..<random.int(in: 1...3) {
      var network = Network(id: "n\(n)", name: "Network \(n)")
      let count = random.int(in: 0...700)
      for i in 0..<count {
        let kind = random.element(of: kinds)!
        // One asset in ten is shared with the network before.
        let id = random.int(in: 0..<10) == 0 && n > 0 ? "x\(i)" : "n\(n)-\(i)"
        network.assets.append(
          Asset(
            id: id, kind: kind,
            name: random.int(in: 0..<3) == 0 ? nil : random.element(of: names),
            followers: kind == .group
              ? nil : random.int(in: 0..<4) == 0 ? nil : random.int(in: 0...90_000),
            members: kind == .group ? random.int(in: 0...5_000) : nil))
      }
      let ids = network.assets.map(\.id) + ["missing"]
      for _ in 0..<random.int(in: 0...(2 * count + 1)) {
        var relation = Relation(
          source: random.element(of: ids)!, target: random.element(of: ids)!,
          type: random.element(of: [.administers, .memberOf, .linkedTo, .follows])!)
        if random.int(in: 0..<5) == 0 { relation.weight = Double(random.int(in: 1...40)) / 8 }
        if random.int(in: 0..<7) == 0 {
          relation.evidence = "shared \"admin\" \(random.int(in: 0...9))"
        }
        network.relations.append(relation)
      }
      networks.append(network)
    }
    return NetworkDocument(
      report: Report(title: "Random", publisher: "Tester"),
      organizations: [Organization(id: "org", name: "Org")], networks: networks)
  }

  @Test(arguments: 0..<12)
  func runsOnSeveralCoresWriteWhatOneCoreWrites(seed: Int) {
    let documents = [Self.randomDocument(seed: UInt64(seed))]
    for layout in [LayoutEngine.sfdp, .dot] {
      // Small and large drawings: labelled assets, and markers past the labelled ones.
      for labelled in [300, 5] {
        var options = DrawingOptions(layout: layout, maxLabelledAssets: labelled)
        let oneCore = NetworkDrawing(documents: documents, options: options)
        options.split = .tiny
        let inRuns = NetworkDrawing(documents: documents, options: options)
        #expect(inRuns.dot == oneCore.dot, "seed \(seed), \(layout), \(labelled) labelled")
        #expect(inRuns.nodeCount == oneCore.nodeCount && inRuns.edgeCount == oneCore.edgeCount)
        // Handed on piece by piece, from one core and from runs on several.
        for split in [WorkSplit.standard, .tiny] {
          options.split = split
          let pieces = CollectedPieces()
          let engine = NetworkDrawing.write(documents: documents, options: options, to: pieces)
          #expect(pieces.text == oneCore.dot, "seed \(seed), \(layout), \(labelled) labelled")
          #expect(engine == oneCore.layout)
        }
      }
    }
    // The single-document fixtures too.
    for document in [ScaleDrawingTests.threeComponents(), NetworkDrawingTests.itemized()] {
      var options = DrawingOptions()
      let oneCore = NetworkDrawing(documents: [document], options: options).dot
      options.split = .tiny
      #expect(NetworkDrawing(documents: [document], options: options).dot == oneCore)
    }
  }
}

/// The pieces of a drawing's text, joined in the order they came.
final class CollectedPieces: DOTTextSink, @unchecked Sendable {
  // Unchecked: a drawing hands its pieces on from the thread that draws it.
  private var bytes: [UInt8] = []
  private(set) var pieces = 0

  func write(_ piece: [UInt8]) {
    bytes += piece
    pieces += 1
  }

  var text: String { String(decoding: bytes, as: UTF8.self) }
}

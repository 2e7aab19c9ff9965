import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

/// Tests/Fixtures/mixed-platforms.json, a hand-made version 2 document
/// mixing Facebook, Instagram, X, YouTube, Telegram and a declared VK kind,
/// read, reached, validated and drawn.
@Suite struct MixedPlatformTests {
  static let name = "mixed-platforms.json"

  static func document() throws -> NetworkDocument { try fixtureDocument(name) }

  static func asset(_ id: String, in document: NetworkDocument) throws -> Asset {
    try #require(document.networks.flatMap(\.assets).first { $0.id == id }, "\(id)")
  }

  @Test func everyPlatformsKindsAreReadAndRoundTrip() throws {
    let document = try Self.document()
    let kinds = try [
      "fb-operator", "fb-page", "fb-group", "fb-event", "ig-account", "x-account", "yt-channel",
      "tg-channel",
    ].map { try Self.asset($0, in: document).kind }
    #expect(
      kinds == [
        .account, .page, .group, .event, .instagram, .xAccount, .youtubeChannel, .telegramChannel,
      ])
    #expect(
      kinds.map(\.platform) == [
        "Facebook", "Facebook", "Facebook", "Facebook", "Instagram", "X", "YouTube", "Telegram",
      ])
    let vk = try Self.asset("vk-community", in: document).kind
    #expect(vk.name == "vk-community")
    #expect(vk.platform == "VK")
    #expect(vk.pluralLabel == "VK communities")
    #expect(vk.audienceNoun == "members")
    #expect(vk.audienceIsMembers)
    #expect(
      document.organizations.map(\.kind) == [.organization, .organization, .person, .movement])
    #expect(document.organizations.first { $0.id == "lantern" }?.aliases == ["Lantern"])

    let network = document.networks[0]
    #expect(network.origins == ["CY", "MT"])
    #expect(network.targets == ["FR", "West Africa"])
    #expect(network.attribution?.wording == .verbatim)
    #expect(network.detection?.by == ["an independent lab"])
    #expect(network.reported.counts[.page] == .range(10, 12, source: "fixture-report"))
    #expect(network.reported.audiences[.group]?.qualifier == .notGiven)
    #expect(network.reported.audiences[.group]?.value == nil)
    #expect(network.reported.counts[.xAccount]?.qualifier == .hedgeUnknown)
    #expect(
      network.reported.audiences[vk] == ReportedFigure(9_000, .about, source: "fixture-report"))
    let movement = document.networks[1]
    #expect(movement.attribution?.wording == .paraphrase)
    #expect(movement.attribution?.paraphrasedBy == "the invented compilation")
    #expect(movement.attribution?.confidence == "associated with")
    #expect(movement.reported.audiences[.xAccount]?.qualifier == .atLeast)

    // Written as version 2 with its declaration, and read back equal.
    let encoded = document.encoded()
    let text = String(decoding: encoded, as: UTF8.self)
    #expect(text.contains("\"version\" : 2"))
    #expect(text.contains("\"vk-community\""))
    #expect(try NetworkDocument.decode(encoded, file: "again.json") == document)
  }

  @Test func reachLeavesTheUpperBoundOpenWhereAnAudienceIsNotGiven() throws {
    let document = try Self.document()
    let crossPlatform = NetworkReach(document.networks[0])
    let bounds = try #require(crossPlatform.uniqueAudience)
    #expect(bounds.lower == ReportedFigure(50_000, .about))
    #expect(bounds.upper == nil)
    #expect(bounds.notGiven == [.group])
    #expect(bounds.openBecause == "the Groups' audience is not given")
    #expect(
      bounds.description
        == "at least about 50,000; no upper bound: the Groups' audience is not given")
    #expect(crossPlatform.itemized.assets.total == 9)
    #expect(crossPlatform.itemized.summed(.youtubeChannel) == 18_000)
    #expect(crossPlatform.itemized.summed(.event) == 120)

    let movement = try #require(NetworkReach(document.networks[1]).uniqueAudience)
    #expect(movement.lower == ReportedFigure(14_000, .hedgeUnknown))
    #expect(movement.upper == nil, "an \"at least\" figure has no upper bound")
    #expect(movement.openBecause == nil)
  }

  @Test func theDocumentValidatesWithoutErrorsOrWarnings() throws {
    let findings = Validator.validate(try Self.document())
    let serious = findings.filter { $0.severity != .info }
    #expect(serious.isEmpty, "\(serious.map(\.message))")
    #expect(
      Set(findings.map(\.code)) == ["partial-itemization", "figure-not-given", "hedge-unknown"])
  }

  /// One relation of each rule between kinds of every platform: what
  /// `validate` expects and what it warns about.
  @Test func relationsAreCheckedForEveryPlatformsKinds() throws {
    func warnings(_ relations: [Relation], assets: [Asset]) -> [String] {
      let network = Network(id: "n", name: "N", assets: assets, relations: relations)
      let document = NetworkDocument(
        report: Report(title: "T", publisher: "P"),
        organizations: [
          Organization(id: "org", name: "Org"),
          Organization(id: "who", name: "Someone", kind: .person, partOf: "org"),
          Organization(id: "q", name: "Q", kind: .movement),
        ],
        networks: [network])
      return Validator.validate(document).filter { $0.code == "unusual-relation" }.map(\.message)
    }
    let assets = [
      Asset(id: "fb", kind: .account), Asset(id: "page", kind: .page),
      Asset(id: "group", kind: .group), Asset(id: "event", kind: .event),
      Asset(id: "x1", kind: .xAccount), Asset(id: "x2", kind: .xAccount),
      Asset(id: "yt", kind: .youtubeChannel), Asset(id: "tg", kind: .telegramChannel),
      Asset(id: "u1", kind: .unnamedAccount), Asset(id: "u2", kind: .unnamedAccount),
    ]
    let expected: [Relation] = [
      Relation(source: "fb", target: "event", type: .administers),
      Relation(source: "fb", target: "yt", type: .administers),
      Relation(source: "fb", target: "event", type: .memberOf),
      Relation(source: "x1", target: "tg", type: .follows),
      Relation(source: "x1", target: "x2", type: .coordinatedWith),
      Relation(source: "u1", target: "u2", type: .coordinatedWith),
      Relation(source: "yt", target: "tg", type: .coordinatedWith),
      Relation(source: "yt", target: "who", type: .attributedTo),
      Relation(source: "x1", target: "q", type: .attributedTo),
    ]
    #expect(warnings(expected, assets: assets) == [])
    let unusual = warnings(
      [
        Relation(source: "x1", target: "page", type: .administers),
        Relation(source: "page", target: "page", type: .follows),
        Relation(source: "x1", target: "group", type: .follows),
        Relation(source: "x1", target: "org", type: .coordinatedWith),
      ], assets: assets)
    #expect(
      unusual == [
        "an X account administers a Page; expected an account administering a Page, Group, Event, Instagram account or channel",
        // The first format's kinds keep that format's words.
        "a Page follows a Page; expected an account following a Page, an Instagram account or an account",
        "an X account follows a Group; expected an account following an account, a Page or a channel",
        "an X account coordinatedWith an organisation; expected two assets of platforms acting in coordination, not actors",
      ])
  }

  @Test func audiencesInTheWrongColumnAreNamedByTheirNoun() throws {
    let network = Network(
      id: "n", name: "N",
      assets: [
        Asset(id: "e", kind: .event, followers: 10),
        Asset(id: "y", kind: .youtubeChannel, members: 10),
        Asset(id: "g", kind: .group, followers: 10), Asset(id: "p", kind: .page, members: 10),
        Asset(id: "ok-event", kind: .event, members: 10),
        Asset(id: "ok-channel", kind: .youtubeChannel, followers: 10),
      ])
    let findings = Validator.validate(
      NetworkDocument(report: Report(title: "T", publisher: "P"), networks: [network]))
    #expect(
      findings.filter { $0.code == "audience-noun" }.map(\.message) == [
        "an Event has attendees (kept as members), not followers; is this count in the wrong column?",
        "a YouTube channel has subscribers (kept as followers), not members; is this count in the wrong column?",
        "a Group has members, not followers; is this count in the wrong column?",
        "a Page has followers, not members; is this count in the wrong column?",
      ])
  }
}

/// How the mixed-platform document is drawn.
@Suite struct MixedPlatformDrawingTests {
  static func drawing(layout: LayoutEngine? = nil) throws -> NetworkDrawing {
    NetworkDrawing(
      documents: [try MixedPlatformTests.document()], options: DrawingOptions(layout: layout))
  }

  /// The DOT line of the node whose label starts with `label`.
  static func nodeLine(_ dot: String, label: String) throws -> String {
    try #require(
      dot.split(separator: "\n").first { $0.contains("[label=\"\(label)") }.map(String.init),
      "no node labelled \(label)")
  }

  @Test func everyKindHasALookOfItsOwn() {
    let kinds = AssetKind.builtIn
    var looks: [String: AssetKind] = [:]
    for kind in kinds {
      let style = DrawingStyle.style(of: kind)
      if let other = looks.updateValue(kind, forKey: style.shapeWords) {
        Issue.record("\(kind) and \(other) are both drawn as \(style.shapeWords)")
      }
    }
    #expect(looks.count == kinds.count)
    // Colours: every platform's kinds apart from the actors' red.
    let actorFill = DrawingStyle.style(of: .organization).fill
    for kind in kinds where !kind.isActor {
      #expect(DrawingStyle.style(of: kind).fill != actorFill, "\(kind)")
    }
  }

  @Test func eachAssetAndActorIsDrawnInItsKindsStyle() throws {
    let dot = try Self.drawing().dot
    let labels: [(String, AssetKind)] = [
      ("Operator profile", .account), ("Harbour Daily\\n31,000 followers", .page),
      ("Energy price watch\\n2,400 members", .group),
      ("Rally for fair prices\\n120 attendees", .event),
      ("harbour.daily\\n640 followers", .instagram), ("@HarbourDaily\\n5,100 followers", .xAccount),
      ("Harbour TV\\n18,000 subscribers", .youtubeChannel),
      ("Harbour news\\n4,200 subscribers", .telegramChannel),
      ("Harbour Media Group\\nCyprus", .organization), ("Jordan Doe\\nMalta", .person),
      ("The Lantern movement", .movement),
    ]
    for (label, kind) in labels {
      let line = try Self.nodeLine(dot, label: label)
      let attributes = DrawingStyle.style(of: kind).shapeAttributes
        .map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ", ")
      #expect(line.contains(attributes), "\(label): \(line)")
    }
    #expect(try Self.nodeLine(dot, label: "@HarbourDaily").contains("peripheries=\"2\""))
    let vk = try Self.nodeLine(dot, label: "Harbour VK\\n6,000 members")
    #expect(vk.contains("shape=\"component\""))

    // Cohorts: each platform's kinds with their audience nouns and hedges.
    for (count, audience) in [
      ("10 to 12 Pages", "followed by about 50,000 accounts"), ("5 Groups", "audience not given"),
      ("3 Events", "less than 300 attendees"), ("15? X accounts", "followed by 8,000? accounts"),
      ("2 YouTube channels", "20,000 to 25,000 subscribers"),
      ("1 Telegram channel", "4,200 subscribers"),
      ("4 VK communities", "joined by about 9,000 accounts"),
      ("more than 60 X accounts", "followed by at least 2,000 accounts"),
    ] {
      #expect(
        dot.contains(">\(count)</FONT><BR/><FONT POINT-SIZE=\"12.0\">\(audience)<"),
        "\(count): \(audience)")
    }
  }

  @Test func theLegendListsTheKindsPresentWithTheirPlatforms() throws {
    let dot = try Self.drawing().dot
    // In dot, each kind is a sample node in its own shape and colours, named
    // in plain words, in the legend's cluster.
    let samples = dot.split(separator: "\n").filter {
      $0.contains("\"legend_kind_") && $0.contains(" [label=")
    }
    let shown = samples.map { line in
      String(line.split(separator: "label=\"", maxSplits: 1)[1].prefix { $0 != "\"" })
    }
    #expect(
      shown == [
        "Facebook account", "Facebook Page", "Facebook Group", "Facebook Event",
        "Instagram account", "X account", "YouTube channel", "Telegram channel", "VK community",
        "organisation", "person", "movement",
      ])
    let person = try #require(samples.first { $0.contains("label=\"person\"") })
    #expect(person.contains("shape=\"invhouse\""), "the shape drawn, not named")
    let legend = try #require(dot.split(separator: "\n").first { $0.contains("\"legend\" [") })
    #expect(legend.contains("dashed outline: a reported count, not an asset"))
    #expect(legend.contains("type size: audience (accounts), log scale"))
    #expect(!dot.contains("(invhouse)") && !dot.contains("(trapezium)"), "no Graphviz names")

    // One with an X account alone lists it alone, without organisations it does not draw.
    let x = NetworkDocument(
      report: Report(title: "T", publisher: "P"),
      networks: [Network(id: "n", name: "N", assets: [Asset(id: "x", kind: .xAccount)])])
    let xDot = NetworkDrawing(documents: [x]).dot
    #expect(xDot.contains("label=\"X account\", shape=\"ellipse\""))
    #expect(!xDot.contains("Facebook"))
    #expect(!xDot.contains("organisation"))
  }

  @Test func aParaphraseIsDrawnWithoutQuotationMarks() throws {
    let dot = try Self.drawing().dot
    let card = dot.replacingOccurrences(of: "<BR/>", with: " ").replacingOccurrences(
      of: "</I> <I>", with: " ")
    #expect(
      card.contains(
        "Attribution, in the invented compilation's words: Lantern followers ran the accounts"))
    #expect(!dot.contains("“Lantern"))
    #expect(card.contains("“linked to individuals associated with Harbour Digital and Jordan Doe”"))
  }

  @Test func theTableLegendOfForceLayoutsEscapesDeclaredLabels() throws {
    let sfdp = try Self.drawing(layout: .sfdp).dot
    // Force layouts cannot keep sample nodes together: the table names
    // each kind's shape in plain words, in the kind's colour.
    #expect(sfdp.contains("<B>double oval</B></FONT></TD><TD ALIGN=\"LEFT\">X account<"))
    #expect(sfdp.contains("<B>box with tabs</B></FONT></TD><TD ALIGN=\"LEFT\">VK community<"))
    #expect(sfdp.contains("<B>folder tab</B></FONT></TD><TD ALIGN=\"LEFT\">Facebook Event<"))
    #expect(!sfdp.contains("BGCOLOR"), "no rectangle standing for a shape")

    // A declared kind's labels come from the document: an adversary's text.
    let text = """
      {"format": "cibgraph-network-document", "version": 2,
       "report": {"title": "T", "publisher": "P"},
       "kinds": [{"name": "evil", "platform": "P</TD></TR></TABLE>>", "singular": "<B>&amp;\\"x",
                  "plural": "evils"}],
       "networks": [{"id": "n", "name": "N",
                     "assets": [{"id": "e", "kind": "evil"}, {"id": "x", "kind": "x-account"}]}]}
      """
    let document = try NetworkDocument.decode(Array(text.utf8), file: "evil.json")
    let dot = NetworkDrawing(documents: [document], options: DrawingOptions(layout: .sfdp)).dot
    let legend = try #require(dot.split(separator: "\n").first { $0.contains("\"legend\" [") })
    // Two platforms: the label is prefixed with the platform's name, escaped too.
    #expect(
      legend.contains(
        ">P&lt;/TD&gt;&lt;/TR&gt;&lt;/TABLE&gt;&gt; &lt;B&gt;&amp;amp;&quot;x<"),
      "\(legend)")
    #expect(!legend.contains("<B>&amp;"))
    #expect(legend.components(separatedBy: "</TABLE>").count == 2, "one table, closed once")
  }
}

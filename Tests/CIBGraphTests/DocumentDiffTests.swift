import CIBGraph
import CIBGraphFormats
import CIBGraphSupport
import CIBGraphTestSupport
import Foundation
import Testing

@testable import CIBGraphAnalysis

@Suite struct DocumentDiffTests {
  /// The fixture that uses every key of version 2, the base of each change below.
  static func base() throws -> NetworkDocument { try fixtureDocument("v2-every-key.json") }

  /// One edit of the fixture and the labels of the changes it must give, in order.
  struct Edit: CustomStringConvertible, Sendable {
    var description: String
    var labels: [String]
    var edit: @Sendable (inout NetworkDocument) -> Void

    init(
      _ description: String, _ labels: [String],
      _ edit: @escaping @Sendable (inout NetworkDocument) -> Void
    ) {
      self.description = description
      self.labels = labels
      self.edit = edit
    }
  }

  static let network = "networks[mixed-2020-10]"

  static let edits: [Edit] = [
    Edit("report title", ["report.title"]) { $0.report.title = "Another title" },
    Edit("report date removed", ["report.published"]) { $0.report.published = nil },
    Edit("report kind", ["report.kind"]) { $0.report.kind = .secondary },
    Edit("report notes", ["report.notes"]) { $0.report.notes.append("one more") },
    Edit("source title", ["report.sources[meta].title"]) { $0.report.sources[0].title = "T" },
    Edit("source removed", ["report.sources[compilation]"]) { $0.report.sources.remove(at: 1) },
    Edit("declared kind's plural", ["kinds[vk-community].plural"]) {
      $0.kinds[0].plural = "VK groups"
    },
    Edit("organisation name", ["organizations[firm].name"]) {
      $0.organizations[0].name = "Example Media"
    },
    Edit("organisation kind", ["organizations[founder].kind"]) {
      $0.organizations[1].kind = .organization
    },
    Edit("organisation aliases", ["organizations[firm].aliases"]) {
      $0.organizations[0].aliases = []
    },
    Edit("organisation part of", ["organizations[founder].partOf"]) {
      $0.organizations[1].partOf = "movement"
    },
    Edit("organisation country", ["organizations[firm].country"]) {
      $0.organizations[0].country = "UA"
    },
    Edit("organisation added", ["organizations[new]"]) {
      $0.organizations.append(Organization(id: "new", name: "New"))
    },
    Edit("network name", ["\(network).name"]) { $0.networks[0].name = "Russia" },
    Edit("origins", ["\(network).origins"]) { $0.networks[0].origins = ["RU"] },
    Edit("targets", ["\(network).targets"]) { $0.networks[0].targets.removeLast() },
    Edit("policy", ["\(network).policy"]) { $0.networks[0].policy = nil },
    Edit("topics", ["\(network).topics"]) { $0.networks[0].topics.reverse() },
    Edit("detection", ["\(network).detection.by"]) { $0.networks[0].detection?.by = ["SIO"] },
    Edit("active dates", ["\(network).activeFrom", "\(network).activeUntil"]) {
      $0.networks[0].activeFrom = PartialDate("2018-01")
      $0.networks[0].activeUntil = nil
    },
    Edit("attribution statement", ["\(network).attribution.statement"]) {
      $0.networks[0].attribution?.statement = "linked to Example Media"
    },
    Edit(
      "attribution wording",
      ["\(network).attribution.wording", "\(network).attribution.paraphrasedBy"]
    ) {
      $0.networks[0].attribution?.wording = .paraphrase
      $0.networks[0].attribution?.paraphrasedBy = "a compilation"
    },
    Edit("attribution confidence", ["\(network).attribution.confidence"]) {
      $0.networks[0].attribution?.confidence = "linked to"
    },
    Edit("attribution organisations", ["\(network).attribution.organizations"]) {
      $0.networks[0].attribution?.organizations = ["firm"]
    },
    Edit("ad spend hedge", ["\(network).adSpend.amount"]) {
      $0.networks[0].adSpend?.amount = ReportedFigure(10000, .about, source: "meta")
    },
    Edit("ad spend range's high end", ["\(network).adSpend.amount"]) {
      $0.networks[0].adSpend?.amount.upTo = 25000
    },
    Edit("ad spend source", ["\(network).adSpend.amount"]) {
      $0.networks[0].adSpend?.amount.source = "compilation"
    },
    Edit(
      "ad spend currency and dates",
      [
        "\(network).adSpend.currency", "\(network).adSpend.paidIn", "\(network).adSpend.firstAd",
        "\(network).adSpend.lastAd",
      ]
    ) {
      $0.networks[0].adSpend?.currency = "EUR"
      $0.networks[0].adSpend?.paidIn = ["EUR"]
      $0.networks[0].adSpend?.firstAd = PartialDate("2018")
      $0.networks[0].adSpend?.lastAd = PartialDate("2020-08")
    },
    Edit("count", ["\(network).reported.counts.account"]) {
      $0.networks[0].reported.counts[.account]?.value = 2
    },
    Edit("count's hedge", ["\(network).reported.counts.page"]) {
      $0.networks[0].reported.counts[.page]?.qualifier = .about
    },
    Edit("count's note", ["\(network).reported.counts.page"]) {
      $0.networks[0].reported.counts[.page]?.note = "\"six Pages\""
    },
    Edit("count removed", ["\(network).reported.counts.event"]) {
      $0.networks[0].reported.counts[.event] = nil
    },
    Edit("audience added", ["\(network).reported.audiences.account"]) {
      $0.networks[0].reported.audiences[.account] = ReportedFigure(3, source: "meta")
    },
    Edit("audience given", ["\(network).reported.audiences.event"]) {
      $0.networks[0].reported.audiences[.event] = ReportedFigure(70, source: "meta")
    },
    Edit("total", ["\(network).reported.total"]) {
      $0.networks[0].reported.total?.figure.value = 33
    },
    Edit("what the total covers", ["\(network).reported.total.covers"]) {
      $0.networks[0].reported.total?.covers.removeLast()
    },
    Edit("claimed audience", ["\(network).reported.claimedAudience"]) {
      $0.networks[0].reported.claimedAudience = nil
    },
    Edit("posts", ["\(network).reported.posts"]) {
      $0.networks[0].reported.posts = ReportedFigure(12_000, source: "meta")
    },
    Edit("summed followers", ["\(network).reported.summedFollowers.x-account"]) {
      $0.networks[0].reported.summedFollowers[.xAccount]?.value = 900
    },
    Edit("subset's count", ["\(network).subsets[shared with researchers].counts.page"]) {
      $0.networks[0].subsets[0].counts[.page]?.value = 3
    },
    Edit("subset added", ["\(network).subsets[another]"]) {
      $0.networks[0].subsets.append(ReportedSubset(label: "another", counts: PerKind()))
    },
    Edit(
      "asset's followers, members and name",
      [
        "\(network).assets[p1].followers", "\(network).assets[g1].members",
        "\(network).assets[x1].name",
      ]
    ) {
      $0.networks[0].assets[0].followers = 4001
      $0.networks[0].assets[1].members = nil
      $0.networks[0].assets[3].name = "@daily"
    },
    Edit("asset's kind", ["\(network).assets[p1].kind"]) {
      $0.networks[0].assets[0].kind = .group
    },
    Edit("asset removed and added", ["\(network).assets[ok1]", "\(network).assets[new]"]) {
      $0.networks[0].assets.removeLast()
      $0.networks[0].assets.append(Asset(id: "new", kind: .page))
    },
    Edit(
      "relation removed and added",
      ["\(network).relations[x1 linkedTo y1]", "\(network).relations[y1 linkedTo x1]"]
    ) {
      $0.networks[0].relations[1] = Relation(source: "y1", target: "x1", type: .linkedTo)
    },
    Edit(
      "relation's evidence and weight",
      [
        "\(network).relations[p1 attributedTo firm].evidence",
        "\(network).relations[x1 coordinatedWith x2].weight",
      ]
    ) {
      $0.networks[0].relations[0].evidence = nil
      $0.networks[0].relations[2].weight = 4
    },
    Edit(
      "measures of an asset, a relation and the network",
      [
        "\(network).assets[x1].measures.degree",
        "\(network).relations[x1 coordinatedWith x2].measures.symmetry",
        "\(network).relations[x1 coordinatedWith x2].measures.fast",
        "\(network).measures.timeSpanSeconds",
      ]
    ) {
      let x1 = $0.networks[0].assets.firstIndex { $0.id == "x1" }!
      $0.networks[0].assets[x1].measures[.degree] = .count(2)
      $0.networks[0].relations[2].measures[.symmetry] = .number(0.5)
      $0.networks[0].relations[2].measures[.fast] = nil
      $0.networks[0].measures[.timeSpanSeconds] = .number(1)
    },
    Edit("network's sources and notes", ["\(network).sources", "\(network).notes"]) {
      $0.networks[0].sources = ["compilation"]
      $0.networks[0].notes = []
    },
    Edit("network removed", ["networks[movement-2020-10]"]) { $0.networks.removeLast() },
    Edit("network added", ["networks[new-2020-10]"]) {
      $0.networks.append(Network(id: "new-2020-10", name: "New"))
    },
  ]

  /// A document read back from its encoding, with where its values are.
  static func loaded(_ document: NetworkDocument, as name: String) throws -> LoadedDocument {
    try NetworkDocument.read(.bytes(document.encoded(), name: name))
  }

  @Test(arguments: edits)
  func eachEditIsOneChangeLocatedInBothFiles(_ edit: Edit) throws {
    var edited = try Self.base()
    edit.edit(&edited)
    let a = try Self.loaded(try Self.base(), as: "a.json")
    let b = try Self.loaded(edited, as: "b.json")
    let diff = DocumentDiff(from: a.document, to: b.document)
    #expect(diff.changes.map(\.label) == edit.labels)
    for change in diff.changes {
      #expect((change.a == nil) == (change.pathInA == nil), "\(change)")
      #expect((change.b == nil) == (change.pathInB == nil), "\(change)")
      // Each path names a value of the file, not a parent the lookup fell back to.
      for (path, loaded) in [(change.pathInA, a), (change.pathInB, b)] {
        guard let path else { continue }
        let parent = ModelPath(Array(path.components.dropLast()))
        let here = loaded.locations.location(of: path)
        let there = loaded.locations.location(of: parent)
        #expect(
          here.line != nil && (here.line, here.column) != (there.line, there.column),
          "\(change.label): \(path) is not in \(here.file)")
      }
    }
    // Backwards, the same changes with their sides swapped.
    let back = DocumentDiff(from: b.document, to: a.document)
    #expect(Set(back.changes.map(\.label)) == Set(edit.labels))
    for change in back.changes {
      let forward = try #require(diff.changes.first { $0.label == change.label })
      #expect(change.a == forward.b && change.b == forward.a && change.pathInA == forward.pathInB)
    }
  }

  @Test func aDocumentComparedWithItselfOrItsEncodingHasNoChanges() throws {
    var documents = [try Self.base()]
    let graphs = try FileManager.default.contentsOfDirectory(
      atPath: repositoryRoot.appendingPathComponent("Graphs").path)
    for name in graphs.filter({ $0.hasSuffix(".json") }).sorted() {
      documents.append(try graphsDocument(name))
    }
    #expect(documents.count >= 4)
    for document in documents {
      #expect(DocumentDiff(from: document, to: document).changes.isEmpty)
      let reread = try NetworkDocument.decode(document.encoded(), file: "re.json")
      #expect(DocumentDiff(from: document, to: reread).changes.isEmpty, "\(document.report.title)")
    }
  }

  /// The article's transcription against Meta's April 2019 document: the
  /// article's 7 Facebook accounts against Meta's 57, and the 103 headline.
  @Test func theSeedArticleAgainstMetasAprilReport() throws {
    let article = try graphsDocument("seed-000-ispr-article.json")
    let meta = try graphsDocument("meta-2019-04-india-pakistan.json")
    let diff = DocumentDiff(from: article, to: meta)
    #expect(diff.networksInBoth == 2)
    let accounts = try #require(
      diff.changes.first { $0.label == "networks[pk-ispr-2019-04].reported.counts.account" })
    #expect(accounts.text(ofA: true)?.hasPrefix("7 from seed-000") == true)
    #expect(accounts.text(ofA: false) == "57 from meta-2019-04, no note")
    #expect(accounts.pathInA?.description == "networks[0].reported.counts.account")
    let total = try #require(
      diff.changes.first { $0.label == "networks[pk-ispr-2019-04].reported.total" })
    #expect(total.text(ofA: true)?.hasPrefix("103 from seed-000") == true)
    #expect(total.pathInB?.description == "networks[0].reported.total.figure")
    // Meta's audiences, which the article leaves out, hedged as Meta gives them.
    #expect(
      diff.changes.contains {
        $0.description
          == "networks[pk-ispr-2019-04].reported.audiences.page: none → about 2,800,000 from meta-2019-04"
      })
    #expect(
      diff.changes.last?.description
        == "networks[in-silver-touch-2019-04]: none → network \"India, Silver Touch\"")
  }

  @Test func changesFollowTheFirstDocumentThenWhatOnlyTheSecondHas() throws {
    let a = NetworkDocument(
      report: Report(title: "T", publisher: "P"),
      networks: [Network(id: "n1", name: "One"), Network(id: "n2", name: "Two")])
    let b = NetworkDocument(
      report: Report(title: "T", publisher: "P"),
      networks: [Network(id: "n3", name: "Three"), Network(id: "n2", name: "2")])
    let diff = DocumentDiff(from: a, to: b)
    #expect(diff.changes.map(\.label) == ["networks[n1]", "networks[n2].name", "networks[n3]"])
    #expect(diff.changes.map(\.pathInA?.description) == ["networks[0]", "networks[1].name", nil])
    #expect(diff.changes.map(\.pathInB?.description) == [nil, "networks[1].name", "networks[0]"])
    #expect(diff.networksInBoth == 1)
  }

  /// An id used twice (a `duplicate-id` to the validator) is matched use by use.
  @Test func anIdUsedTwiceIsMatchedUseByUse() throws {
    let report = Report(title: "T", publisher: "P")
    let twice = NetworkDocument(
      report: report, networks: [Network(id: "n", name: "First"), Network(id: "n", name: "Second")])
    let once = NetworkDocument(report: report, networks: [Network(id: "n", name: "First")])
    let diff = DocumentDiff(from: twice, to: once)
    #expect(diff.changes.map(\.description) == [#"networks[n]: network "Second" → none"#])
    #expect(diff.changes.first?.pathInA?.description == "networks[1]")
  }

  @Test func placesCompareByWhatTheyName() throws {
    let place = Place.display("PK")
    var a = NetworkDocument(
      report: Report(title: "T", publisher: "P"), networks: [Network(id: "n", name: "N")])
    var b = a
    a.networks[0].origins = ["PK"]
    b.networks[0].origins = [place]
    #expect(DocumentDiff(from: a, to: b).changes.isEmpty)
    b.networks[0].origins = ["IN"]
    #expect(DocumentDiff(from: a, to: b).changes.map(\.label) == ["networks[n].origins"])
  }

  /// Two spellings of one name (NFC and NFD) are one `String` to Swift and
  /// two to every reader: the diff says they differ.
  @Test func namesCompareByTheirBytes() throws {
    var a = NetworkDocument(
      report: Report(title: "T", publisher: "P"), networks: [Network(id: "n", name: "Caf\u{E9}")])
    var b = a
    b.networks[0].name = "Cafe\u{301}"
    #expect(a == b)
    #expect(DocumentDiff(from: a, to: b).changes.map(\.label) == ["networks[n].name"])
    a.networks[0].id = "caf\u{E9}"
    b.networks[0].id = "cafe\u{301}"
    #expect(DocumentDiff(from: a, to: b).networksInBoth == 0)
  }

  @Test func hostileTextIsQuotedAndEscapedInDescriptions() throws {
    let hostile = "x\" → \"y \u{1B}[2J\u{202E}evil\nline"
    var a = NetworkDocument(
      report: Report(title: "T", publisher: "P"), networks: [Network(id: hostile, name: "N")])
    var b = a
    b.networks[0].name = hostile
    a.report.notes = [hostile]
    let diff = DocumentDiff(from: a, to: b)
    #expect(diff.changes.count == 2)
    for change in diff.changes {
      #expect(!change.description.unicodeScalars.contains { VisibleText.needsEscape($0) })
    }
    let name = try #require(diff.changes.last)
    #expect(name.text(ofA: false) == #""x\" → \"y \#u{1B}[2J\#u{202E}evil\#nline""#)
    #expect(name.description.contains(#"\e[2J\u{202E}evil\nline"#))
    // A quote with a combining mark on it is one character, not equal to `"`.
    #expect(quotedText("a\"\u{301}b") == "\"a\\\"\u{301}b\"")
  }

  /// Matching is by hashing: 100,000 itemized assets and relations take a
  /// fraction of a second (a quadratic match would take minutes).
  @Test func manyAssetsAreMatchedInLinearTime() throws {
    var network = Network(id: "n", name: "N")
    for i in 0..<100_000 {
      network.assets.append(Asset(id: "a\(i)", kind: .account, followers: i))
      network.relations.append(
        Relation(source: "a\(i)", target: "a\((i + 1) % 100_000)", type: .coordinatedWith))
    }
    let a = NetworkDocument(report: Report(title: "T", publisher: "P"), networks: [network])
    var b = a
    b.networks[0].assets[99_999].followers = 0
    b.networks[0].assets.reverse()
    let clock = ContinuousClock()
    var diff: DocumentDiff?
    let elapsed = clock.measure { diff = DocumentDiff(from: a, to: b) }
    #expect(diff?.changes.map(\.label) == ["networks[n].assets[a99999].followers"])
    #expect(elapsed < .seconds(5))
  }
}

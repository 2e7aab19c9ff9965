import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

/// Graphs/ against the compilation it was written from, by another route than
/// scripts/catalogue.py's: the CSV files read here, the documents through the
/// library's reader. Every figure of every row is in the catalogue, as given,
/// with an unknown hedge and the announcement as its source; no empty cell
/// became a figure; April 2019 is Meta's own figures, as the facts file gives
/// them; and no summed follower count became an audience.
/// The compilation, kept beside the repository (../shared/data/cib-data).
private let sharedFolder = repositoryRoot.deletingLastPathComponent().appendingPathComponent(
  "shared")
private let compilationFolder = sharedFolder.appendingPathComponent("data/cib-data")
private let compilationIsThere = FileManager.default.fileExists(
  atPath: compilationFolder.appendingPathComponent("cib-fb-data.csv").path)

/// A cell of the compilation that should hold a count and does not.
private struct NotACount: Error { var text: String }

@Suite(.enabled(if: compilationIsThere, "needs ../shared/data/cib-data beside the repository"))
struct CatalogueTests {
  static let shared = sharedFolder
  static let data = compilationFolder

  /// The rows of a CSV file (RFC 4180; a byte-order mark skipped) as
  /// dictionaries by header, each with its line in the file.
  static func rows(_ name: String) throws -> [(line: Int, cells: [String: String])] {
    var text = try String(contentsOf: data.appendingPathComponent(name), encoding: .utf8)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    var records: [(line: Int, fields: [String])] = []
    var fields: [String] = []
    var field = ""
    var quoted = false
    var line = 1
    var start = 1
    var characters = text.makeIterator()
    var pending: Character? = nil
    while let c = pending ?? characters.next() {
      pending = nil
      if quoted {
        if c == "\"" {
          if let next = characters.next() {
            if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
          } else {
            quoted = false
          }
        } else {
          if c == "\n" || c == "\r\n" { line += 1 }
          field.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        fields.append(field)
        field = ""
      } else if c == "\n" || c == "\r\n" {
        fields.append(field)
        records.append((start, fields))
        fields = []
        field = ""
        line += 1
        start = line
      } else {
        field.append(c)
      }
    }
    if !field.isEmpty || !fields.isEmpty { records.append((start, fields + [field])) }
    let header = try #require(records.first).fields
    return records.dropFirst().map { record in
      #expect(record.fields.count == header.count, "\(name):\(record.line): field count")
      return (record.line, Dictionary(zip(header, record.fields), uniquingKeysWith: { a, _ in a }))
    }
  }

  /// A count as the compilation writes it ("1,400,000", "6278790.0"); nil when empty.
  static func number(_ cell: String?) throws -> Int? {
    var text = (cell ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(
      of: ",", with: "")
    if text.isEmpty { return nil }
    if text.hasSuffix(".0") { text.removeLast(2) }
    guard let value = Int(text) else { throw NotACount(text: cell ?? "") }
    return value
  }

  /// Every document of Graphs/ whose name starts with `prefix`, read by the library.
  static func documents(_ prefix: String) throws -> [(name: String, document: NetworkDocument)] {
    let folder = repositoryRoot.appendingPathComponent("Graphs")
    return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
      .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }
      .map { ($0, try graphsDocument($0)) }
  }

  /// The network whose notes name `line` of `file`, and its document.
  static func network(
    row line: Int, of file: String, in documents: [(name: String, document: NetworkDocument)]
  ) -> [(document: NetworkDocument, network: Network)] {
    let mark = "Row \(line) of \(file) "
    return documents.flatMap { entry in
      entry.document.networks.filter { $0.notes.contains { $0.hasPrefix(mark) } }.map {
        (entry.document, $0)
      }
    }
  }

  /// cib-fb-data.csv's columns of figures, and where the catalogue keeps each.
  static var figureColumns:
    [(column: String, table: KeyPath<ReportedFigures, PerKind<ReportedFigure>>, kind: AssetKind)]
  {
    [
      ("fb_accounts", \.counts, .account), ("fb_pages", \.counts, .page),
      ("fb_groups", \.counts, .group), ("Events", \.counts, .event),
      ("ig_accounts", \.counts, .instagram), ("fb_pages_followers", \.audiences, .page),
      ("fb_groups_followers", \.audiences, .group), ("ig_followers", \.audiences, .instagram),
    ]
  }

  @Test func everyMetaRowIsInTheCatalogueAsTheCompilationGivesIt() throws {
    let rows = try Self.rows("cib-fb-data.csv")
    #expect(rows.count == 65)
    let documents = try Self.documents("meta-")
    var transcribed = 0
    for (line, cells) in rows {
      let announced = try #require(cells["announced_date"]).split(separator: "/").map(String.init)
      let date = "\(announced[2])-\(announced[0])-\(announced[1])"
      let found = Self.network(row: line, of: "cib-fb-data.csv", in: documents)
      if date == "2019-04-01" {
        // Meta's own figures stand for this announcement: no document of the compilation's.
        #expect(found.isEmpty, "row \(line) of April 2019 was written")
        continue
      }
      try #require(found.count == 1, "row \(line) is in \(found.count) networks")
      let (document, network) = found[0]
      transcribed += 1
      #expect(document.report.published?.description == date, "row \(line)")
      let source = try #require(document.report.sources.first)
      #expect(source.kind == .primary && source.url == cells["url"], "row \(line)")
      #expect(
        document.report.sources.contains {
          $0.kind == .secondary && $0.url?.contains("f9fe9ca") == true
        })
      var given = 0
      for (column, table, kind) in Self.figureColumns {
        let figure = network.reported[keyPath: table][kind]
        guard let value = try Self.number(cells[column]) else {
          #expect(figure == nil, "row \(line): the empty \(column) became \(figure!)")
          continue
        }
        given += 1
        #expect(figure?.value == value, "row \(line): \(column)")
        #expect(figure?.qualifier == .hedgeUnknown, "row \(line): \(column)")
        #expect(figure?.source == source.id, "row \(line): \(column)")
      }
      #expect(
        network.reported.counts.entries.count + network.reported.audiences.entries.count == given,
        "row \(line): figures the row does not give")
      #expect(network.reported.total == nil && network.reported.claimedAudience == nil)
      if let budget = try Self.number(cells["budget_usd"]) {
        let spend = try #require(network.adSpend, "row \(line): budget")
        #expect(spend.amount == ReportedFigure(budget, .hedgeUnknown, source: source.id))
        #expect(spend.currency == "USD")
      } else {
        #expect(network.adSpend == nil, "row \(line): an ad spend the row does not give")
      }
      let affiliation = try #require(cells["affiliation"]).trimmingCharacters(in: .whitespaces)
      if affiliation.isEmpty {
        #expect(network.attribution == nil, "row \(line)")
      } else {
        let attribution = try #require(network.attribution, "row \(line)")
        #expect(attribution.statement == affiliation)
        #expect(attribution.wording == .paraphrase && attribution.paraphrasedBy != nil)
      }
    }
    #expect(transcribed == 62)
    // Every network of the script's documents is one of the rows.
    let written = documents.filter {
      $0.document.report.notes.contains { $0.hasPrefix("Written by scripts/catalogue.py") }
    }
    #expect(written.count == 31, "32 announcements, April 2019 aside")
    #expect(written.flatMap(\.document.networks).count == transcribed)
  }

  /// An organisation two announcements name is one actor: the same id, defined alike.
  @Test func anOrganisationNamedTwiceIsOneActor() throws {
    var seen: [String: Organization] = [:]
    for (name, document) in try Self.documents("meta-") + Self.documents("x-")
    where document.report.sources.contains(where: {
      $0.id.hasPrefix("cib-") && $0.kind == .secondary
    })
      && name != "meta-2020-08-cib-report.json"
    {
      for organization in document.organizations {
        if let earlier = seen[organization.id] {
          #expect(earlier == organization, "\(name): \(organization.id)")
        }
        seen[organization.id] = organization
      }
    }
    let ira = try #require(seen["ira"])
    #expect(ira.name == "Internet Research Agency (IRA)")
    let named = try Self.documents("meta-").filter {
      $0.document.organizations.contains { $0.id == "ira" }
    }
    #expect(named.count >= 3, "the IRA in three announcements and August 2020")
  }

  /// The facts file's table, row "Pakistan, ISPR (Apr 2019)" and the others of April 2019:
  /// the hand-made document holds those figures with their hedges.
  @Test func aprilTwentyNineteenIsMetasFiguresAsTheFactsFileGivesThem() throws {
    let facts = try String(
      contentsOf: Self.shared.appendingPathComponent("facts/meta-cib-figures.md"), encoding: .utf8)
    let document = try graphsDocument("meta-2019-04-india-pakistan.json")
    let networks = [
      "Pakistan, ISPR (Apr 2019)": "pk-ispr-2019-04",
      "India, INC IT Cell (Apr 2019)": "in-inc-it-cell-2019-04",
      "India, Silver Touch (Apr 2019)": "in-silver-touch-2019-04",
    ]
    let columns: [(table: KeyPath<ReportedFigures, PerKind<ReportedFigure>>, kind: AssetKind)] = [
      (\.counts, .account), (\.counts, .page), (\.counts, .group), (\.counts, .instagram),
      (\.audiences, .page), (\.audiences, .group), (\.audiences, .instagram),
    ]
    var checked = 0
    for line in facts.split(separator: "\n") where line.hasPrefix("| ") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard let id = networks[cells[0]] else { continue }
      let network = try #require(document.networks.first { $0.id == id })
      for (i, (table, kind)) in columns.enumerated() {
        let written = cells[i + 1]
        let figure = network.reported[keyPath: table][kind]
        if written == "–" {
          #expect(figure == nil, "\(id): \(kind)")
          continue
        }
        let about = written.hasPrefix("about ")
        var number = written.replacingOccurrences(of: "about ", with: "")
          .replacingOccurrences(of: ",", with: "")
        var scale = 1.0
        if number.hasSuffix(" million") {
          number.removeLast(" million".count)
          scale = 1_000_000
        }
        let value = Int((try #require(Double(number), "\(written)") * scale).rounded())
        #expect(figure?.value == value, "\(id): \(kind) \(written)")
        #expect(figure?.qualifier == (about ? .about : .exactly), "\(id): \(kind) \(written)")
        checked += 1
      }
    }
    #expect(checked == 17, "the three networks' figures of the facts file")
    #expect(
      document.networks.first { $0.id == "pk-ispr-2019-04" }?.reported.counts[.account]?.value == 57
    )
  }

  @Test func everyTwitterRowIsAnXNetworkWhoseSummedFollowersAreNoAudience() throws {
    let rows = try Self.rows("twitter-data.csv")
    #expect(rows.count == 28)
    let documents = try Self.documents("x-")
    var releases: Set<String> = []
    for (line, cells) in rows {
      let found = Self.network(row: line, of: "twitter-data.csv", in: documents)
      try #require(found.count == 1, "row \(line) is in \(found.count) networks")
      let (document, network) = found[0]
      let release = try #require(cells["release_date"]).replacingOccurrences(of: "_", with: "-")
      releases.insert(release)
      #expect(document.report.published?.description == release)
      #expect(document.report.publisher == "Twitter")
      #expect(network.reported.audiences.isEmpty, "row \(line): an audience from a sum")
      #expect(network.reported.claimedAudience == nil && network.reported.total == nil)
      let followers = try Self.number(cells["total_follower_count"])
      #expect(network.reported.summedFollowers[.xAccount]?.value == followers, "row \(line)")
      #expect(network.reported.summedFollowers.entries.count == (followers == nil ? 0 : 1))
      #expect(network.reported.posts?.value == (try Self.number(cells["tweets_count"])))
      let accounts = try #require(try Self.number(cells["accounts"]))
      let reported = try #require(try Self.number(cells["accounts_reported"]))
      let count = try #require(network.reported.counts[.xAccount]?.value, "row \(line)")
      #expect(network.reported.counts.entries.count == 1)
      if count == accounts {
        // The archive's count: Twitter's agrees, or is the release's and given on several rows.
        #expect(reported == accounts || network.notes.contains { $0.contains("accounts_reported") })
        #expect(network.subsets.isEmpty)
      } else {
        #expect(count == reported, "row \(line)")
        #expect(network.reported.counts[.xAccount]?.qualifier == .hedgeUnknown)
        let part = try #require(network.subsets.first, "row \(line): the archive's part")
        #expect(part.counts[.xAccount]?.value == accounts)
      }
    }
    #expect(documents.count == releases.count, "one document per release")
  }

  /// `catalogue.py --check` holds: Graphs/ is what the script writes.
  @Test func theCatalogueIsWhatItsScriptWrites() throws {
    let (status, message) = try runScriptCheck("scripts/catalogue.py")
    #expect(status == 0, "\(message)")
  }
}

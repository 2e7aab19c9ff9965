import CIBGraphTestSupport
import Foundation
import Testing

@testable import CIBGraphCLI

@Suite struct DiffEndToEndTests {
  static let article = "Graphs/seed-000-ispr-article.json"
  static let meta = "Graphs/meta-2019-04-india-pakistan.json"

  /// `file:line:column` of the first `marker` in the repository's file `path`.
  static func place(of marker: String, in path: String) throws -> String {
    let text = try String(
      contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    let found = try #require(position(of: marker, in: text), "\(marker) in \(path)")
    return "\(path):\(found.line):\(found.column)"
  }

  /// The article's 7 Facebook accounts against Meta's 57, and the 103
  /// headline, each located in both files, whichever file comes first.
  @Test(arguments: [true, false])
  func theArticleAgainstMetasReportListsTheAccountsAndTheHeadline(articleFirst: Bool) throws {
    let (a, b) = articleFirst ? (Self.article, Self.meta) : (Self.meta, Self.article)
    let result = try cibgraph("diff", a, b)
    #expect(result.status == 1)
    #expect(result.stderr.isEmpty)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(
      lines.first
        == "\(a) → \(b): 49 changes; networks: 2 in both, \(articleFirst ? "0" : "1") only in A, \(articleFirst ? "1" : "0") only in B"
    )
    let articleAccounts =
      #"7 from seed-000, note "\"Facebook deleted 24 pages, 7 accounts, and 7 groups\"" ("#
      + (try Self.place(
        of: #"{ "value": 7, "qualifier": "exactly", "source": "seed-000","#, in: Self.article))
      + ")"
    let metaAccounts =
      "57 from meta-2019-04, no note ("
      + (try Self.place(of: #"{ "value": 57"#, in: Self.meta)) + ")"
    let (left, right) =
      articleFirst ? (articleAccounts, metaAccounts) : (metaAccounts, articleAccounts)
    #expect(
      lines.contains("networks[pk-ispr-2019-04].reported.counts.account: \(left) → \(right)"),
      "\(result.stdout)")
    let total = try #require(
      lines.first { $0.hasPrefix("networks[pk-ispr-2019-04].reported.total: ") })
    #expect(total.contains("103 from seed-000") && total.contains("103 from meta-2019-04"))
    #expect(
      total.contains(
        try Self.place(
          of: #"{ "value": 103, "qualifier": "exactly", "source": "meta-2019-04""#, in: Self.meta)))
    // Meta's hedged audience, which the article does not give.
    #expect(
      lines.contains {
        $0.hasPrefix("networks[pk-ispr-2019-04].reported.audiences.page: ")
          && $0.contains("about 2,800,000 from meta-2019-04")
      })
  }

  @Test func jsonLocatesBothSidesAndKeepsTheFigures() throws {
    let result = try cibgraph("diff", Self.article, Self.meta, "--format", "json")
    #expect(result.status == 1)
    let root = try jsonObject(result.stdout)
    #expect(root["a"] as? String == Self.article)
    #expect(root["networksInBoth"] as? Int == 2)
    #expect(root["networksOnlyInB"] as? Int == 1)
    let changes = try #require(root["changes"] as? [[String: Any]])
    let accounts = try #require(
      changes.first {
        $0["id"] as? String == "pk-ispr-2019-04"
          && $0["field"] as? String == "reported.counts.account"
      })
    #expect(accounts["item"] as? String == "network")
    let a = try #require(accounts["a"] as? [String: Any])
    let b = try #require(accounts["b"] as? [String: Any])
    #expect((a["value"] as? [String: Any])?["value"] as? Int == 7)
    #expect((b["value"] as? [String: Any])?["value"] as? Int == 57)
    #expect(a["path"] as? String == "networks[0].reported.counts.account")
    #expect(b["file"] as? String == Self.meta)
    let place = try Self.place(of: #"{ "value": 57"#, in: Self.meta)
    #expect("\(Self.meta):\(b["line"] as? Int ?? 0):\(b["column"] as? Int ?? 0)" == place)
    let added = try #require(changes.last)
    #expect(added["id"] as? String == "in-silver-touch-2019-04")
    #expect(added["a"] is NSNull)
    #expect(added["field"] as? String == "")
  }

  /// Every shipped document and the every-key fixture against themselves.
  @Test func aDocumentAgainstItselfExitsZeroAndPrintsNothing() throws {
    let graphs = try FileManager.default.contentsOfDirectory(
      atPath: repositoryRoot.appendingPathComponent("Graphs").path)
    let files =
      graphs.filter { $0.hasSuffix(".json") }.sorted().map { "Graphs/" + $0 }
      + [fixturePath("v2-every-key.json")]
    #expect(files.count >= 4)
    for file in files {
      let result = try cibgraph("diff", file, file)
      #expect(result.status == 0, "\(file): \(result.stderr)")
      #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(file)")
      // The same document through standard input.
      let piped = try cibgraph(
        "diff", file, "-",
        stdin: try Data(contentsOf: repositoryRoot.appendingPathComponent(file)))
      #expect(piped.status == 0 && piped.stdout.isEmpty, "\(file) and -: \(piped.stdout)")
    }
    let json = try cibgraph("diff", Self.meta, Self.meta, "--format", "json")
    #expect(json.status == 0)
    #expect((try jsonObject(json.stdout))["changes"] as? [Any] != nil)
  }

  @Test func aBadDocumentStopsItWithItsLocatedErrorAndNothingOnStdout() throws {
    let bad = badDocuments[0]
    let file = try temporaryFile("test.json", bad.text)
    let position = try #require(bad.position)
    for arguments in [["diff", file, Self.meta], ["diff", Self.meta, file]] {
      let result = try cibgraph(arguments)
      #expect(result.status == 65)
      #expect(result.stdout.isEmpty)
      #expect(result.stderr.contains("test.json:\(position.line):\(position.column): error: "))
      #expect(result.stderr.contains(bad.message))
    }
  }

  @Test func missingFilesAndWrongUseHaveTheirStatuses() throws {
    let missing = try cibgraph("diff", Self.meta, "no-such-file.json")
    #expect(missing.status == 66)
    #expect(missing.stdout.isEmpty)
    #expect(missing.stderr.contains("no-such-file.json"))
    for arguments in [
      ["diff", Self.meta], ["diff", Self.meta, Self.meta, Self.meta], ["diff", "-", "-"],
      ["diff", Self.meta, Self.meta, "--format", "xml"],
    ] {
      let result = try cibgraph(arguments)
      #expect(result.status == 64, "\(arguments)")
      #expect(result.stdout.isEmpty)
    }
  }

  @Test func documentsThatShareNoNetworkIdAreSaidToProbablyBeTheWrongPair() throws {
    let result = try cibgraph("diff", Self.meta, "Graphs/meta-2020-08-cib-report.json")
    #expect(result.status == 1)
    #expect(result.stdout.contains("The two documents share no network id"))
    let json = try jsonObject(
      try cibgraph("diff", Self.meta, "Graphs/meta-2020-08-cib-report.json", "--format", "json")
        .stdout)
    #expect(json["networksInBoth"] as? Int == 0)
  }

  /// A version 1 network's one `origin` is the model's `origins`: located at
  /// the value, not at the network.
  @Test func aVersionOneOriginIsLocatedWhereItIsWritten() throws {
    let text = try String(
      contentsOf: repositoryRoot.appendingPathComponent(Self.meta), encoding: .utf8)
    let moved = try temporaryFile(
      "moved.json",
      text.replacingOccurrences(of: #""origin": "Pakistan""#, with: #""origin": "India""#))
    let result = try cibgraph("diff", Self.meta, moved)
    // The value, after `"origin": `.
    let key = try #require(position(of: #""origin": "Pakistan""#, in: text))
    let place = "\(key.line):\(key.column + #""origin": "#.count)"
    #expect(
      result.stdout.hasSuffix(
        "networks[pk-ispr-2019-04].origins: \"Pakistan\" (\(Self.meta):\(place)) → \"India\" (\(moved):\(place))\n"
      ), "\(result.stdout)")
  }

  /// Hostile names as a network's name in one document, its id in both:
  /// escaped in text and CSV-safe, exact in JSON.
  @Test func hostileNamesAreEscapedInTextAndExactInJSON() throws {
    func document(_ names: [String]) -> String {
      let networks = HostileNameTests.names.enumerated().map { i, id in
        #"{"id": \#(jsonString(id)), "name": \#(jsonString(names[i]))}"#
      }
      return version2Document(networks: "[" + networks.joined(separator: ",") + "]")
    }
    let a = try temporaryFile("a.json", document(HostileNameTests.names.map { _ in "plain" }))
    let b = try temporaryFile("b.json", document(HostileNameTests.names))
    let text = try cibgraph("diff", a, b)
    #expect(text.status == 1)
    #expect(text.stdout.split(separator: "\n").count == 1 + HostileNameTests.names.count)
    for scalar in text.stdout.unicodeScalars {
      #expect(
        !TerminalText.needsEscape(scalar) || scalar == "\n", "U+\(String(scalar.value, radix: 16))")
    }
    #expect(text.stdout.contains(#"\e[2J\e[31mred"#))
    let json = try cibgraph("diff", a, b, "--format", "json")
    let changes = try #require(try jsonObject(json.stdout)["changes"] as? [[String: Any]])
    #expect(changes.map { $0["id"] as? String } == HostileNameTests.names)
    #expect(
      changes.map { ($0["b"] as? [String: Any])?["value"] as? String } == HostileNameTests.names)
    let csv = try cibgraph("diff", a, b, "--format", "csv")
    #expect(csv.stdout.contains("'=HYPERLINK"))
  }
}

/// `text` as a JSON string.
private func jsonString(_ text: String) -> String {
  String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
}

import CIBGraphTestSupport
import Foundation
import Testing

/// The catalogue in Graphs/ through the commands a researcher runs on it:
/// its totals never sum an audience, its transcription errors are flagged.
@Suite struct CatalogueEndToEndTests {
  static let graphs = repositoryRoot.appendingPathComponent("Graphs").path

  /// Every network's ≥1 audiences, by year of its report, as the documents
  /// give them: what a naive total would add up.
  static func naiveAudienceSums() throws -> [String: Int] {
    var sums: [String: Int] = [:]
    var seen: Set<String> = []
    let names = try FileManager.default.contentsOfDirectory(atPath: graphs).filter {
      $0.hasSuffix(".json")
    }
    for name in names.sorted() {
      let data = try Data(contentsOf: URL(fileURLWithPath: graphs + "/" + name))
      let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      let report = try #require(document["report"] as? [String: Any])
      guard report["kind"] as? String != "secondary" else { continue }
      let year = (report["published"] as? String).map { String($0.prefix(4)) } ?? "unknown"
      for network in document["networks"] as? [[String: Any]] ?? [] {
        guard let id = network["id"] as? String, seen.insert(id).inserted else { continue }
        let reported = network["reported"] as? [String: Any]
        let audiences = reported?["audiences"] as? [String: [String: Any]] ?? [:]
        for figure in audiences.values {
          sums[year, default: 0] += figure["value"] as? Int ?? 0
          sums["all", default: 0] += figure["value"] as? Int ?? 0
        }
      }
    }
    return sums
  }

  /// The naive sums of every year with more than one network giving an
  /// audience appear nowhere as the number of people reached: not in text,
  /// JSON or CSV; the audience is bounds.
  @Test func noAudienceIsEverSummedIntoOneNumber() throws {
    let sums = try Self.naiveAudienceSums()
    #expect(sums["2019"] ?? 0 > 1_000_000, "the catalogue's 2019 networks give audiences")
    let text = try cibgraph("summary", Self.graphs, "--by", "year")
    let json = try cibgraph("summary", Self.graphs, "--by", "year", "--format", "json")
    let csv = try cibgraph("summary", Self.graphs, "--by", "year", "--format", "csv")
    for result in [text, json, csv] { #expect(result.status == 0, "\(result.stderr)") }
    for (year, sum) in sums {
      // A sum is at most an upper bound ("between L and S"), never the figure.
      for shown in [Self.grouped(sum), String(sum)] {
        for line in text.stdout.split(separator: "\n") where line.contains(shown) {
          #expect(line.contains("between") && line.contains(" and "), "\(year): \(line)")
        }
      }
    }
    let answer = try #require(
      JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(answer["audiencesSummed"] as? Bool == false)
    let groups = try #require(answer["groups"] as? [[String: Any]])
    for group in groups {
      let summary = try #require(group["summary"] as? [String: Any])
      let audience = try #require(summary["audience"] as? [String: Any])
      #expect(Set(audience.keys).isSubset(of: ["lower", "upper", "upperOpenBecause", "text"]))
      let lower = (audience["lower"] as? [String: Any])?["value"] as? Int
      if let key = group["key"] as? String, let sum = sums[key], sum > 0, let lower {
        #expect(lower < sum, "\(key): the lower bound is one network's, never the sum")
      }
    }
    for row in csv.stdout.split(separator: "\n") where row.contains("people reached") {
      #expect(row.contains("never summed"))
    }
  }

  /// The compilation's README lists its transcription errors; validate
  /// finds each in the catalogue, at its document.
  /// 1234567 as 1,234,567.
  static func grouped(_ number: Int) -> String {
    var digits = String(number)
    var index = digits.endIndex
    while digits.distance(from: digits.startIndex, to: index) > 3 {
      index = digits.index(index, offsetBy: -3)
      digits.insert(",", at: index)
    }
    return digits
  }

  @Test func validateFlagsTheCompilationsKnownErrors() throws {
    let result = try cibgraph("validate", Self.graphs, "--format", "json")
    let answer = try #require(
      JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let findings = try #require(answer["findings"] as? [[String: Any]])
    func found(_ code: String, in file: String) -> [[String: Any]] {
      findings.filter {
        $0["code"] as? String == code && ($0["file"] as? String ?? "").hasSuffix(file)
      }
    }
    // A row dated 2019 whose address is from 2018.
    #expect(!found("url-date-mismatch", in: "meta-2019-11-last-weeks-takedowns.json").isEmpty)
    // "1,100 Groups" with no member figure.
    let groups = found("audience-missing", in: "meta-2020-03-february-cib-report.json")
    #expect(groups.first?["path"] as? String == "networks[0].reported.counts.group")
    // Zero members for 546 Groups.
    #expect(
      found(
        "zero-members",
        in: "meta-2019-01-taking-down-coordinated-inauthentic-behavior-in-indonesia.json"
      )
      .contains { ($0["message"] as? String ?? "").hasPrefix("546 (hedge unknown) Groups") })
    // Budgets of 1 to 4 dollars.
    let budgets = findings.filter { $0["code"] as? String == "tiny-ad-budget" }
    #expect(budgets.count == 4)
    // The only error is the seed article's total, which does not add up.
    let errors = findings.filter { $0["severity"] as? String == "error" }
    #expect(errors.map { $0["code"] as? String } == ["total-mismatch"])
  }

  @Test func filtersOnTheCatalogue() throws {
    func networks(_ arguments: String...) throws -> Int {
      let result = try cibgraph(["summary", Self.graphs, "--format", "json"] + arguments)
      #expect(result.status == 0, "\(result.stderr)")
      let answer = try #require(
        JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
      let total = try #require(answer["total"] as? [String: Any])
      return try #require(total["networks"] as? Int)
    }
    let all = try networks()
    let russia = try networks("--origin", "Russia")
    let twitter = try networks("--origin", "russia", "--platform", "twitter")
    #expect(russia > twitter && twitter > 0)
    #expect(try networks("--organization", "Internet Research Agency") > 0)
    #expect(
      try networks("--from", "2019", "--to", "2019") + networks("--to", "2018")
        + networks("--from", "2020") == all)
  }

  @Test func aBadDocumentIsLeftOutOnlyWhenAskedAndSaidSo() throws {
    let folder = try temporaryFolder()
    for name in ["meta-2019-04-india-pakistan.json", "meta-2020-08-cib-report.json"] {
      try FileManager.default.copyItem(
        atPath: Self.graphs + "/" + name, toPath: folder.appendingPathComponent(name).path)
    }
    try Data("{\"format\": \"cibgraph-network-document\", \"version\": 2".utf8).write(
      to: folder.appendingPathComponent("cut.json"))
    let strict = try cibgraph("summary", folder.path)
    #expect(strict.status == 65)
    #expect(strict.stdout.isEmpty)
    #expect(strict.stderr.contains("cut.json:1:"))
    let lenient = try cibgraph("summary", folder.path, "--skip-bad-documents")
    #expect(lenient.status == 0)
    #expect(lenient.stdout.hasPrefix("6 networks in 2 documents"))
    #expect(lenient.stdout.contains("1 file left out, not a valid document (see stderr)"))
    #expect(lenient.stderr.contains("cut.json:1:") && lenient.stderr.contains("(left out)"))
    let json = try cibgraph("summary", folder.path, "--skip-bad-documents", "--format", "json")
    #expect(json.stdout.contains("\"documentsLeftOut\": 1"))
  }

  @Test func usageErrorsNameWhatIsAccepted() throws {
    let by = try cibgraph("summary", Self.graphs, "--by", "colour")
    #expect(by.status == 64)
    #expect(by.stderr.contains("year") && by.stderr.contains("policy"))
    let date = try cibgraph("summary", Self.graphs, "--from", "2019-02-30")
    #expect(date.status == 64)
    #expect(date.stderr.contains("YYYY, YYYY-MM or YYYY-MM-DD"))
    #expect(try cibgraph("summary", Self.graphs, "--from", "2020", "--to", "2019").status == 64)
  }
}

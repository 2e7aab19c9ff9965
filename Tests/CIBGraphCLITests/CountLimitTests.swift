import CIBGraphTestSupport
import Foundation
import Testing

/// Counts chosen to overflow: refused past `Count.largest` with their place in
/// the file, summed exactly below it, never a trap.
@Suite struct CountLimitTests {
  static let header = "Id,Label,Kind,Followers,Members\n"

  @Test(arguments: [
    ["components"], ["reach"], ["dot"], ["validate"], ["convert", "--to", "graphml"],
  ])
  func aCountPastTheLimitIsALocatedErrorInEveryCommand(_ command: [String]) throws {
    let nodes = try temporaryFile(
      "n.csv", Self.header + "p1,P,page,9223372036854775807,\np2,Q,page,1,\n")
    let result = try cibgraph(command + ["--nodes", nodes])
    let validating = command == ["validate"]
    #expect(result.status == (validating ? 1 : 65), "\(result.stderr)")
    // `validate` lists its findings on stdout; the other commands refuse on stderr.
    let message = validating ? result.stdout : result.stderr
    #expect(message.contains("n.csv:2:11: error: Followers is too large"), "\(message)")
    #expect(message.contains("the largest count accepted is 1,000,000,000,000,000"))
    if !validating { #expect(result.stdout.isEmpty) }
  }

  @Test func aCountOneAboveTheLimitIsRefusedAndTheLimitItselfAccepted() throws {
    let over = try temporaryFile("n.csv", Self.header + "p1,P,page,,1000000000000001\n")
    let refused = try cibgraph("reach", "--nodes", over)
    #expect(refused.status == 65)
    #expect(refused.stderr.contains("n.csv:2:12: error: Members is too large"), "\(refused.stderr)")
    let limit = try temporaryFile("n.csv", Self.header + "p1,P,page,,1000000000000000\n")
    #expect(try cibgraph("reach", "--nodes", limit).status == 0)
  }

  /// A document with two counts past the limit names the same one first in
  /// every process: each run hashes with a new seed, and the decoder's keys
  /// came in its dictionary's order, so the reported error changed from run
  /// to run.
  @Test func theFirstErrorOfADocumentIsTheSameInEveryRun() throws {
    // Counts of two kinds past the limit, the Page's written first.
    let document = "Tests/Fuzzing/Seeds/document/huge-figures.json"
    var firstLines = Set<String>()
    for _ in 0..<8 {
      let result = try cibgraph("validate", document)
      #expect(result.status == 65, "\(result.stderr)")
      firstLines.insert(String(result.stderr.split(separator: "\n").first ?? ""))
    }
    #expect(firstLines.count == 1, "\(firstLines)")
    #expect(firstLines.first?.contains("counts.account.value") == true, "\(firstLines)")
  }

  /// Ten thousand Pages at the limit follow one account: 10^19 followers
  /// summed, past `Int.max`, written exactly in every format.
  @Test func sumsPastIntMaxAreExact() throws {
    var nodes = Self.header + "hub,Hub,account,,\n"
    var edges = "Source,Target,Type\n"
    for i in 0..<10_000 {
      nodes += "p\(i),Page \(i),page,1000000000000000,\n"
      edges += "hub,p\(i),administers\n"
    }
    let nodesFile = try temporaryFile("n.csv", nodes)
    let edgesFile = try temporaryFile("e.csv", edges)
    let components = try cibgraph(
      "components", "--nodes", nodesFile, "--edges", edgesFile, "--format", "json")
    #expect(components.status == 0, "\(components.stderr)")
    #expect(components.stdout.contains("\"followersSummed\": 10000000000000000000"))
    #expect(components.stdout.contains("\"audienceSummed\": 10000000000000000000"))
    let text = try cibgraph("reach", "--nodes", nodesFile, "--edges", edgesFile)
    #expect(text.status == 0)
    #expect(text.stdout.contains("10,000,000,000,000,000,000"), "\(text.stdout)")
    let csv = try cibgraph("reach", "--nodes", nodesFile, "--format", "csv")
    #expect(csv.stdout.contains(",10000,10000000000000000000,"), "\(csv.stdout)")
  }

  @Test(arguments: [
    "9223372036854775807", "1000000000000001", "-5", "1e300", "1.5",
    "123456789012345678901234567890",
  ])
  func aDocumentFigurePastTheLimitIsALocatedError(_ value: String) throws {
    let document = """
      {"format": "cibgraph-network-document", "version": 1, "report": {"title": "T", "publisher": "P"},
       "networks": [{"id": "n", "name": "N", "reported": {"counts": {"page": {"value": \(value)}}},
         "assets": [{"id": "p", "kind": "page", "followers": 5}]}]}
      """
    let file = try temporaryFile("d.json", document)
    let drawing = try temporaryFile("d.svg", "")
    for command in [["reach"], ["components"], ["render", "-o", drawing]] {
      let result = try cibgraph(command + [file])
      #expect(result.status == 65, "\(command): \(result.stderr)")
      #expect(result.stderr.contains("d.json:2:82: error: networks[0].reported.counts.page.value"))
    }
    let assetCount = document.replacingOccurrences(
      of: "\"followers\": 5", with: "\"followers\": \(value)"
    )
    .replacingOccurrences(of: "\"value\": \(value)", with: "\"value\": 1")
    let result = try cibgraph("reach", try temporaryFile("d.json", assetCount))
    #expect(result.status == 65, "\(result.stderr)")
    #expect(
      result.stderr.contains("d.json:3:56: error: networks[0].assets[0].followers: the count"))
  }

  /// A count past 2^53 is no longer the number written once read as a
  /// Double: the message says "about" and counts in powers of ten, instead
  /// of Swift's round-trip text of the nearest Double ("1.2345678901234568e+29").
  @Test(arguments: [
    ("9223372036854775807", "too large (about 9.2e18)"),
    ("123456789012345678901234567890", "too large (about 1.2e29)"),
    ("1e300", "too large (about 1e300)"),
    ("-99999999999999999999", "negative (about -1e20)"),
    ("1000000000000001", "too large (1,000,000,000,000,001)"),
  ])
  func aHugeDocumentFigureIsShownInPowersOfTen(_ value: String, _ shown: String) throws {
    let document = """
      {"format": "cibgraph-network-document", "version": 1, "report": {"title": "T", "publisher": "P"},
       "networks": [{"id": "n", "name": "N", "reported": {"counts": {"page": {"value": \(value)}}}}]}
      """
    let result = try cibgraph("reach", try temporaryFile("d.json", document))
    #expect(result.status == 65)
    #expect(result.stderr.contains("the count is \(shown)"), "\(result.stderr)")
    #expect(!result.stderr.contains("e+"), "\(result.stderr)")
  }
}

import CIBGraphTestSupport
import Foundation
import Testing

/// What a new user runs into in their first hour with the tool.
@Suite struct FirstHourTests {
  static let nodes =
    "Id,Label,Kind,Followers,Members\np1,Page one,page,3,\np2,Page two,page,2,\ng1,Group,group,,1\n"
  static let audience = "Asset,Account\np1,u1\np1,u2\np2,u1\ng1,u4\n"

  @Test func noSubcommandIsAUsageError() throws {
    let result = try cibgraph([String]())
    #expect(result.status == 64)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("usage: cibgraph <subcommand>\n"), "\(result.stderr)")
    let help = try cibgraph("--help")
    #expect(help.status == 0)
    #expect(help.stdout.contains("SUBCOMMANDS:"))
  }

  @Test func renderWritesStandardOutputForADash() throws {
    let folder = try temporaryFolder()
    let document = repositoryRoot.appendingPathComponent("Graphs/meta-2020-08-cib-report.json")
    let process = try cibgraph(
      ["render", document.path, "-o", "-", "--format", "svg", "--layout", "neato"],
      directory: folder.path)
    #expect(process.status == 0, "\(process.stderr)")
    #expect(process.stdout.hasPrefix("<?xml"))
    #expect(process.stdout.contains("</svg>"))
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("-").path))
    let unknown = try cibgraph("render", document.path, "-o", "-")
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("give --format"), "\(unknown.stderr)")
  }

  @Test func reachSaysWhenTheInputsHoldNoNetworks() throws {
    let path = repositoryRoot.appendingPathComponent("Graphs/meta-2020-08-cib-report.json").path
    var document = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        as? [String: Any])
    document["networks"] = [Any]()
    let file = try temporaryFile(
      "organisations-only.json", try JSONSerialization.data(withJSONObject: document))
    let result = try cibgraph("reach", file)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "The inputs hold no networks: there is no reach to show.\n")
  }

  @Test func countsOfOneAreSingular() throws {
    let nodes = try temporaryFile("nodes.csv", Self.nodes)
    let overlap = try cibgraph(
      ["overlap", "--nodes", nodes, "--audience", "-", "--assets", "p1,p2"],
      stdin: Data(Self.audience.utf8))
    #expect(overlap.status == 0, "\(overlap.stderr)")
    #expect(overlap.stdout.contains("Audience overlap between 2 assets: 1 pair, "))

    let activity = try temporaryFile(
      "activity.csv", "object_id,account_id,content_id,timestamp\nu1,a,p1,1000\nu1,b,p2,1010\n")
    let coordinate = try cibgraph("coordinate", activity, "--min-repeat", "1")
    #expect(coordinate.status == 0, "\(coordinate.stderr)")
    #expect(coordinate.stdout.contains("2 rows, 2 actions by 2 accounts on 1 object\n"))
    #expect(coordinate.stdout.contains("at least 1 distinct object\n"))
    #expect(coordinate.stdout.contains("1 candidate network(s) of 2 accounts"))

    let drawn = try cibgraph("dot", "--nodes", nodes)
    #expect(drawn.stdout.contains("1 member\""), "\(drawn.stdout)")
    #expect(!drawn.stdout.contains("1 members"))
  }

  @Test func everyAudienceOptionReadsStandardInput() throws {
    let nodes = try temporaryFile("nodes.csv", Self.nodes)
    for command in [["reach"], ["reach", "--estimate"], ["components"], ["overlap"]] {
      let result = try cibgraph(
        command + ["--nodes", nodes, "--audience", "-"], stdin: Data(Self.audience.utf8))
      #expect(result.status == 0, "\(command): \(result.stderr)")
      #expect(!result.stderr.contains("no such file"), "\(command)")
    }
  }
}

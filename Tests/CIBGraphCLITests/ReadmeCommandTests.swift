import CIBGraphTestSupport
import Foundation
import Testing

/// Every `cibgraph` command of the README's command-line block runs as
/// written, on the repository's documents and example data, and prints what
/// shows it worked.
@Suite struct ReadmeCommandTests {
  /// What each command must do: its exit status, and a line of its standard
  /// output, or of the file it writes.
  struct Expectation {
    var status: Int32 = 0
    var prints: String
    /// The output option whose file must hold `prints` instead of stdout.
    var inFile: String?
  }

  /// One expectation per command of the block, by the command as written
  /// (its comment left out). A command added to the README without one here,
  /// or one here no longer in the README, fails the test.
  static let expectations: [String: Expectation] = [
    "cibgraph reach Graphs/meta-2019-04-india-pakistan.json Graphs/meta-2020-08-cib-report.json":
      Expectation(
        prints:
          "Unique audience across kinds: between about 2,800,000 and about 2,805,750"),
    "cibgraph validate Graphs/seed-000-ispr-article.json Graphs/meta-2019-04-india-pakistan.json":
      Expectation(status: 1, prints: "1 error(s), 2 warning(s), 0 note(s) in 2 input(s)"),
    "cibgraph diff Graphs/seed-000-ispr-article.json Graphs/meta-2019-04-india-pakistan.json":
      Expectation(
        status: 1,
        prints:
          "networks[pk-ispr-2019-04].reported.counts.account: 7 from seed-000, note \"\\\"Facebook deleted 24 pages, 7 accounts, and 7 groups\\\"\" (Graphs/seed-000-ispr-article.json:34:22) → 57 from meta-2019-04, no note (Graphs/meta-2019-04-india-pakistan.json:60:22)"
      ),
    "cibgraph render Graphs/meta-2020-08-cib-report.json -o report.svg":
      Expectation(prints: "</svg>", inFile: "-o"),
    "cibgraph report Graphs/ -o catalogue.html":
      Expectation(prints: "<title>42 reports</title>", inFile: "-o"),
    "cibgraph report ../../Graphs/meta-2020-08-cib-report.json --nodes nodes.csv --edges edges.csv --network us-cls-2020-08 --audience audience.csv -o report.html":
      Expectation(
        prints: "9 components · largest 13 assets · 6 singletons · 43 assets, 42 relations",
        inFile: "-o"),
    "cibgraph summary Graphs/ --by year --origin Russia":
      Expectation(
        prints:
          "17 networks in 42 documents (2 descriptions of a network another document describes counted once)"
      ),
    "cibgraph reach ../../Graphs/meta-2020-08-cib-report.json --nodes nodes.csv --edges edges.csv --network us-cls-2020-08":
      Expectation(prints: "Itemized followers and members summed*: 363,916"),
    "cibgraph validate ../../Graphs/meta-2020-08-cib-report.json --nodes nodes.csv --network us-cls-2020-08":
      Expectation(
        prints:
          "networks[2].reported.counts.page: 12 of 42 Pages are itemized; figures from the itemized data cover that part only [partial-itemization]"
      ),
    "cibgraph components --nodes nodes.csv --edges edges.csv":
      Expectation(
        prints:
          "7 component(s) · largest 13 asset(s) · 4 singleton(s) · 41 asset(s), 42 relation(s)"),
    "cibgraph dot --nodes nodes.csv --edges edges.csv > network.dot":
      Expectation(prints: "digraph \"cibgraph\" {"),
    "cibgraph reach --nodes nodes.csv --audience audience.csv":
      Expectation(
        prints:
          "Audience lists: 1,664 distinct accounts across kinds; 3,343 summed (1,679 of them double counting)"
      ),
    "cibgraph overlap --nodes nodes.csv --audience audience.csv --top 100 --graph overlap.json":
      Expectation(prints: "Audience overlap between 21 assets: 210 pairs, 209 sharing accounts"),
    "cibgraph overlap --audience audience.csv --top 5":
      Expectation(prints: "bo_hoy_98        ve_diario_53         48   0.1098   0.2025  248  237"),
    "cibgraph convert --nodes nodes.csv --edges edges.csv --to gexf -o network.gexf":
      Expectation(prints: "<attvalue for=\"kind\" value=\"instagram\"/>", inFile: "-o"),
    // Gephi's Data Laboratory export of the same network, read as it is: the same components.
    "cibgraph components --nodes gephi-nodes.csv --edges gephi-edges.csv":
      Expectation(
        prints:
          "7 component(s) · largest 13 asset(s) · 4 singleton(s) · 41 asset(s), 42 relation(s)"),
    "cibgraph coordinate activity.csv --window 60 --min-repeat 2 -o network.json --evidence e.csv":
      Expectation(
        prints:
          "28 pair(s) coincided, 28 repeated, 28 kept (total weight 280): 1 candidate network(s) of 8 accounts"
      ),
    "cibgraph coordinate twitter-archive.csv --action retweet --min-repeat 3":
      Expectation(
        prints:
          "10 pair(s) coincided, 10 repeated, 10 kept (total weight 60): 1 candidate network(s) of 5 accounts"
      ),
    "cibgraph coordinate activity.csv --window 60 --fast-window 10 --measures":
      Expectation(prints: "Measures (fast window 10 s): 28 kept edges, 25 of them fast"),
    "cibgraph coordinate twitter-archive.csv --by text --similarity 0.8 --min-repeat 1":
      Expectation(
        prints:
          "11 pair(s) coincided, 11 repeated, 11 kept (total weight 11): 2 candidate network(s) of 7 accounts"
      ),
  ]

  /// A command of the block: where it runs, its words, and what it writes.
  struct Command {
    var text: String
    var directory: String?
    var arguments: [String]
    /// The file standard output is redirected to, if it is.
    var redirect: String?
  }

  /// The `cibgraph` commands of the README's block under "The command-line
  /// tool", each with the folder its `cd` lines put it in.
  static func readmeCommands() throws -> [Command] {
    let readme = try String(
      contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let section = try #require(readme.range(of: "## The command-line tool\n"))
    let start = try #require(
      readme.range(of: "```sh\n", range: section.upperBound..<readme.endIndex))
    let end = try #require(readme.range(of: "\n```", range: start.upperBound..<readme.endIndex))
    var directory: String?
    var commands: [Command] = []
    for line in readme[start.upperBound..<end.lowerBound].split(separator: "\n") {
      let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
      var words = code.split(whereSeparator: { $0 == " " }).map(String.init)
      if words.first == "cd", words.count == 2 {
        directory = words[1]
        continue
      }
      guard words.first == "cibgraph" else { continue }
      let text = words.joined(separator: " ")
      var redirect: String?
      if let arrow = words.firstIndex(of: ">") {
        redirect = words[arrow + 1]
        words.removeSubrange(arrow...)
      }
      commands.append(
        Command(
          text: text, directory: directory, arguments: Array(words.dropFirst()),
          redirect: redirect))
    }
    return commands
  }

  @Test func everyCommandHasAnExpectationAndEveryExpectationACommand() throws {
    let written = Set(try Self.readmeCommands().map(\.text))
    #expect(written.subtracting(Self.expectations.keys).sorted() == [], "commands without a check")
    #expect(Set(Self.expectations.keys).subtracting(written).sorted() == [], "checks of no command")
  }

  @Test(arguments: try readmeCommands().map(\.text))
  func theCommandRunsAsWritten(_ text: String) throws {
    let command = try #require(try Self.readmeCommands().first { $0.text == text })
    let expected = try #require(Self.expectations[text])
    // Files the command writes go to a folder of the test's own, under the names it gives.
    let folder = try temporaryFolder()
    var arguments = command.arguments
    var written: [String: String] = [:]
    for (i, word) in arguments.enumerated()
    where ["-o", "--evidence", "--graph"].contains(word) && i + 1 < arguments.count
      && !(word == "--graph" && arguments.first != "overlap")
    {
      let path = folder.appendingPathComponent(arguments[i + 1]).path
      written[word] = path
      arguments[i + 1] = path
    }
    let result = try cibgraph(arguments, directory: command.directory)
    #expect(result.status == expected.status, "\(text): \(result.stderr)")
    if let option = expected.inFile {
      let path = try #require(written[option])
      let contents = try String(contentsOfFile: path, encoding: .utf8)
      #expect(contents.contains(expected.prints), "\(text) wrote \(path)")
    } else {
      #expect(result.stdout.contains(expected.prints), "\(text) printed:\n\(result.stdout)")
    }
    for path in written.values {
      #expect(FileManager.default.fileExists(atPath: path), "\(text) did not write \(path)")
    }
  }

  @Test func theExampleDataIsWhatItsGeneratorWrites() throws {
    let (status, message) = try runScriptCheck("Examples/data/generate.py")
    #expect(status == 0, "\(message)")
  }
}

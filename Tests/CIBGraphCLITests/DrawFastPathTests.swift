import CIBGraphTestSupport
import Foundation
import Testing

/// `dot` reads clean spreadsheets through the fast reader. The same rows in
/// files it leaves to the careful path (a `Network` column naming, in every
/// row, the network the rows fall in anyway) must draw the same bytes, with
/// hostile labels, in small drawings and large; and bad files must be
/// refused as the careful path refuses them.
@Suite struct DrawFastPathTests {
  /// A folder holding `files`, named as given: a drawing's title is the nodes file's name.
  func folder(_ files: [String: String]) throws -> URL {
    let folder = try temporaryFolder()
    for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
    return folder
  }

  func dot(_ folder: URL, _ more: [String] = []) throws -> CLIResult {
    try cibgraph(
      [
        "dot", "--nodes", folder.appendingPathComponent("nodes.csv").path, "--edges",
        folder.appendingPathComponent("edges.csv").path,
      ] + more)
  }

  @Test(arguments: 0..<6)
  func cleanSpreadsheetsDrawAsTheCarefulPathDraws(seed: Int) throws {
    var random = SeededGenerator(seed: UInt64(seed))
    let labels = [
      "plain", "say \"hi\"", "two\nlines", "\u{202E}rtl", "<b>&amp;", "back\\slash", "😀", "",
    ]
    let kinds = ["account", "page", "group", "instagram", "organisation"]
    // Past 300 assets only the largest audiences are labelled: both drawings' paths.
    let count = seed % 2 == 0 ? 5 + random.below(50) : 301 + random.below(300)
    let rows = (0..<count).map { i in
      [
        "n\(i)", csvQuoted(random.element(of: labels)!), random.element(of: kinds)!,
        random.bool() ? "\(random.below(100_000))" : "",
      ].joined(separator: ",")
    }
    var edges = "Source,Target,Type\n"
    for _ in 0..<random.below(3 * count) {
      let type = random.element(of: ["administers", "memberOf", "follows", "linkedTo"])!
      edges += "n\(random.below(count)),n\(random.below(count)),\(type)\n"
    }
    let fast = try folder([
      "nodes.csv": "Id,Label,Kind,Followers\n" + rows.map { $0 + "\n" }.joined(),
      "edges.csv": edges,
    ])
    let careful = try folder([
      "nodes.csv": "Id,Label,Kind,Followers,Network\n" + rows.map { $0 + ",nodes\n" }.joined(),
      "edges.csv": edges,
    ])
    for more in [["--no-overview"], []] {
      let (a, b) = (try dot(fast, more), try dot(careful, more))
      #expect(a.status == 0, "\(a.stderr)")
      #expect(a.stdout == b.stdout, "seed \(seed) \(more)")
      #expect(a.stderr == b.stderr)
    }
  }

  @Test(arguments: [
    (
      "Id,Kind\na,page\nb,account\na,page\n", "Source,Target,Type\nb,a,administers\n",
      "defined twice"
    ),
    ("Id,Kind\na,page\nb,account\n", "Source,Target,Type\nb,ghost,administers\n", "ghost"),
    ("Id,Kind\na,pagee\nb,account\n", "Source,Target,Type\nb,a,administers\n", "unknown kind"),
  ])
  func badSpreadsheetsAreRefused(nodes: String, edges: String, message: String) throws {
    let result = try dot(try folder(["nodes.csv": nodes, "edges.csv": edges]))
    #expect(result.status == 65)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.contains("nothing computed"))
  }
}

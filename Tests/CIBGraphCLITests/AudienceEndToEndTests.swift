import CIBGraphTestSupport
import Foundation
import Testing

/// `reach --audience`, `overlap` and `convert` as a user runs them.
@Suite struct AudienceEndToEndTests {
  /// Three pages, a group, an instagram account and an account; a small audience file,
  /// with one duplicate row and, given `badRows`, three rows that cannot be used.
  func inputs(badRows: Bool = false) throws -> (nodes: String, edges: String, audience: String) {
    let nodes = try temporaryFile(
      "nodes.csv",
      "Id,Label,Kind,Followers,Members\np1,\"Page <one>\",page,3,\np2,Page two,page,2,\np3,Page three,page,1,\ng1,Group,group,,2\ni1,Insta,instagram,2,\na1,Admin,account,,\n"
    )
    let edges = try temporaryFile(
      "edges.csv", "Source,Target,Type\na1,p1,administers\na1,g1,administers\n")
    let audience = try temporaryFile(
      "audience.csv",
      "\u{FEFF}Asset,Account\r\np1,u1\r\np1,u2\r\np1,u3\r\np2,u1\r\np2,u2\r\np3,u9\r\ng1,u1\r\ng1,u4\r\ni1,u2\r\ni1,u5\r\np1,u1\r\n"
        + (badRows ? "ghost,u1\r\np2,\r\na1,u7\r\n" : ""))
    return (nodes, edges, audience)
  }

  @Test func reachCountsDistinctAccountsBesideSummedOnes() throws {
    let (nodes, edges, audience) = try inputs(badRows: true)
    let result = try cibgraph(
      "reach", "--nodes", nodes, "--edges", edges, "--audience", audience, "--format", "json",
      "--skip-bad-rows")
    #expect(result.status == 0, "\(result.stderr)")
    let root = try jsonObject(result.stdout)
    let network = try #require((root["networks"] as? [[String: Any]])?.first)
    let kinds = try #require(network["kinds"] as? [String: [String: Any]])
    #expect(kinds["page"]?["distinct"] as? Int == 4, "u1 u2 u3 u9")
    #expect(kinds["page"]?["audienceRows"] as? Int == 6)
    #expect(kinds["group"]?["distinct"] as? Int == 2)
    #expect(kinds["instagram"]?["distinct"] as? Int == 2)
    let overall = try #require(network["overall"] as? [String: Any])
    #expect(overall["distinct"] as? Int == 6, "u1 u2 u3 u4 u5 u9")
    #expect(overall["audienceRows"] as? Int == 10)
    let report = try #require(root["audience"] as? [String: Any])
    #expect(report["rows"] as? Int == 14)
    #expect(report["duplicates"] as? Int == 1)
    #expect(
      (report["skipped"] as? [String: Int]) == [
        "unknownAsset": 1, "emptyAccount": 1, "notAnAudienceAsset": 1, "emptyAsset": 0,
        "missingFields": 0, "extraFields": 0,
      ])
    let leftOut = try #require(root["rowsLeftOut"] as? [String: Any])
    #expect(leftOut["total"] as? Int == 3)
    #expect(
      result.stderr.contains(
        "computed without 3 bad rows (--skip-bad-rows): \(audience): 1 unknownAsset, "
          + "1 notAnAudienceAsset, 1 emptyAccount\n"), "\(result.stderr)")
    #expect(result.stderr.contains("\(audience): 1 duplicate row counted once\n"))
    #expect(
      result.stderr.contains(
        "audience.csv:13:1: warning: row left out: the Asset is not in the nodes (\"ghost\")"))

    for skip in [["--skip-bad-rows"], []] {
      let clean = try inputs()
      let text = try cibgraph(
        ["reach", "--nodes", clean.nodes, "--audience", clean.audience] + skip)
      #expect(
        text.stdout.contains(
          "Audience lists: 6 distinct accounts across kinds; 10 summed (4 of them double counting)"
        ))
      // The flag marks the answer even when it left nothing out.
      #expect(
        text.stdout.hasSuffix("\nAll rows read (--skip-bad-rows left none out).\n")
          == !skip.isEmpty, "\(text.stdout)")
    }

    let estimate = try cibgraph(
      "reach", "--nodes", nodes, "--audience", audience, "--estimate", "--skip-bad-rows")
    #expect(estimate.status == 0)
    #expect(estimate.stdout.contains("relative standard error 0.81 %"))
  }

  /// Without `--skip-bad-rows`, an audience row that cannot be used stops every command
  /// that reads audience lists: located, counted, and nothing on stdout.
  @Test(arguments: [["reach"], ["reach", "--estimate"], ["components"], ["overlap"]])
  func badAudienceRowsAreRefusedByDefault(command: [String]) throws {
    let (nodes, _, audience) = try inputs(badRows: true)
    let result = try cibgraph(command + ["--nodes", nodes, "--audience", audience])
    #expect(result.status == 65)
    #expect(result.stdout.isEmpty, "\(result.stdout)")
    #expect(
      result.stderr.contains(
        "audience.csv:13:1: error: bad row: the Asset is not in the nodes (\"ghost\") [unknownAsset]\n"
      ), "\(result.stderr)")
    #expect(result.stderr.contains("audience.csv:14:4: error: bad row: the Account is empty"))
    #expect(
      result.stderr.contains(
        "cibgraph: 3 bad rows (\(audience): 1 unknownAsset, 1 notAnAudienceAsset, "
          + "1 emptyAccount); nothing computed. --skip-bad-rows leaves them out"))
  }

  /// Without nodes, an Asset is named only by its bytes: two that differ only in
  /// bytes that are not UTF-8 would be shown alike, so such a file is refused, by
  /// the fast reader (a plain file) and the careful one (a quoted field) alike,
  /// with the row and column; with nodes, the same row is only no node's id.
  @Test(arguments: [false, true])
  func assetsNamedByBytesThatAreNotUTF8AreRefused(quoted: Bool) throws {
    var bytes = Array("Asset,Account\np1,u1\np1,u2\n".utf8)
    bytes += [UInt8(ascii: "p"), 0xFF] + Array(",u3\n".utf8)
    bytes += [UInt8(ascii: "p"), 0xFE] + Array(",u1\n".utf8)
    if quoted { bytes += Array("\"p\"\"q\",u9\n".utf8) }
    let audience = try temporaryFile("audience.csv", Data(bytes))
    for format in ["text", "json"] {
      let result = try cibgraph("overlap", "--audience", audience, "--format", format)
      #expect(result.status == 65, "\(result.stderr)")
      #expect(result.stdout.isEmpty, "\(result.stdout)")
      #expect(
        result.stderr.contains("audience.csv:4:1: error: invalid UTF-8 in an Asset"),
        "\(result.stderr)")
    }
    let nodes = try temporaryFile("nodes.csv", "Id,Kind\np1,page\n")
    let withNodes = try cibgraph(
      "overlap", "--nodes", nodes, "--audience", audience, "--skip-bad-rows", "--format", "json")
    #expect(withNodes.status == 0, "\(withNodes.stderr)")
    let leftOut = try #require(try jsonObject(withNodes.stdout)["rowsLeftOut"] as? [String: Any])
    #expect(leftOut["total"] as? Int == (quoted ? 3 : 2), "\(withNodes.stdout)")
  }

  /// Only reach estimates: the commands that count exactly neither show the
  /// estimating options in their help nor take them.
  @Test(arguments: ["components", "overlap", "convert"])
  func commandsThatCountExactlyOfferNoEstimate(command: String) throws {
    let help = try cibgraph(command, "--help")
    #expect(help.status == 0)
    #expect(help.stdout.contains("--audience <audience.csv>"))
    #expect(help.stdout.contains("--quiet"))
    #expect(!help.stdout.contains("--estimate"), "\(help.stdout)")
    #expect(!help.stdout.contains("--precision"), "\(help.stdout)")
    let (nodes, _, audience) = try inputs()
    for option in [["--estimate"], ["--precision", "12"]] {
      let required = command == "convert" ? ["--to", "graphml"] : []
      let refused = try cibgraph(
        [command, "--nodes", nodes, "--audience", audience] + required + option)
      #expect(refused.status == 64)
      #expect(refused.stderr.hasPrefix("Error: Unknown option '\(option[0])'"), "\(refused.stderr)")
    }
    let reach = try cibgraph("reach", "--help")
    #expect(reach.stdout.contains("--estimate") && reach.stdout.contains("--precision <precision>"))
  }

  @Test func componentsCountTheirDistinctAudience() throws {
    let (nodes, edges, audience) = try inputs()
    let result = try cibgraph(
      "components", "--nodes", nodes, "--edges", edges, "--audience", audience, "--format", "json")
    #expect(result.status == 0, "\(result.stderr)")
    let components = try #require(try jsonObject(result.stdout)["components"] as? [[String: Any]])
    #expect(components.first?["size"] as? Int == 3, "a1 with p1 and g1")
    #expect(components.first?["distinctAudience"] as? Int == 4, "u1 u2 u3 from p1, u1 u4 from g1")
    #expect(
      components.first?["audienceSummed"] as? Int == 5, "followers 3 + members 2, from the nodes")
  }

  @Test func overlapGivesPairsAndAGraphThatRenders() throws {
    let (nodes, edges, audience) = try inputs()
    let graph = try temporaryPath("overlap.json")
    let result = try cibgraph(
      "overlap", "--nodes", nodes, "--edges", edges, "--audience", audience, "--format", "json",
      "--graph", graph)
    #expect(result.status == 0, "\(result.stderr)")
    let root = try jsonObject(result.stdout)
    let pairs = try #require(root["pairs"] as? [[String: Any]])
    let top = try #require(pairs.first)
    #expect(top["a"] as? String == "p1" && top["b"] as? String == "p2")
    #expect(top["intersection"] as? Int == 2)
    #expect(abs((top["jaccard"] as? Double ?? 0) - 2.0 / 3.0) < 1e-9)
    #expect(abs((top["overlap"] as? Double ?? 0) - 1.0) < 1e-9)
    #expect((root["compared"] as? [String])?.count == 5)
    let out = graph + ".svg"
    let drawn = try cibgraph("render", graph, "-o", out)
    #expect(drawn.status == 0, "\(drawn.stderr)")
    #expect(try String(contentsOfFile: out, encoding: .utf8).contains("shared accounts"))

    let chosen = try cibgraph(
      "overlap", "--nodes", nodes, "--audience", audience, "--assets", "p1,i1", "--format", "csv")
    #expect(chosen.stdout.contains("asset,p1,i1,1,0.2500,0.5000"))
    let unknown = try cibgraph(
      "overlap", "--nodes", nodes, "--audience", audience, "--assets", "p1,nope")
    #expect(unknown.status == 65)
  }

  /// Follower lists with no nodes file: the assets are those the rows name,
  /// compared as they are with a graph, and bad input refused as it is.
  @Test func overlapOfAudienceFilesAlone() throws {
    let (nodes, _, audience) = try inputs(badRows: true)
    let withGraph = try cibgraph(
      "overlap", "--nodes", nodes, "--audience", audience, "--assets", "p1,p2,g1,i1",
      "--format", "json", "--skip-bad-rows")
    let alone = try cibgraph(
      "overlap", "--audience", audience, "--assets", "p1,p2,g1,i1", "--format", "json",
      "--skip-bad-rows")
    #expect(alone.status == 0, "\(alone.stderr)")
    let pairs = { (stdout: String) throws in try jsonObject(stdout)["pairs"] as? [[String: Any]] }
    let named = try #require(try pairs(alone.stdout))
    #expect(named.count == (try pairs(withGraph.stdout))?.count)
    #expect(named.first?["a"] as? String == "p1" && named.first?["b"] as? String == "p2")
    #expect(named.first?["intersection"] as? Int == 2)
    // Only the rows' shape leaves a row out: ghost and a1 are assets here.
    let leftOut = try #require(try jsonObject(alone.stdout)["rowsLeftOut"] as? [String: Any])
    #expect(leftOut["total"] as? Int == 1, "the empty Account alone")
    let largest = try cibgraph("overlap", "--audience", audience, "--top", "2", "--format", "csv")
    #expect(largest.status == 65, "an empty Account is refused by default")
    #expect(largest.stderr.contains("audience.csv:14:4"), "\(largest.stderr)")

    let graph = try temporaryPath("named-overlap.json")
    let drawn = try cibgraph(
      "overlap", "--audience", audience, "--skip-bad-rows", "--graph", graph, "--default-kind",
      "instagram")
    #expect(drawn.status == 0, "\(drawn.stderr)")
    let document = try String(contentsOfFile: graph, encoding: .utf8)
    #expect(document.contains("\"instagram\"") && !document.contains("\"page\""))
    let unsaid = try cibgraph(
      "overlap", "--audience", audience, "--skip-bad-rows", "--graph", graph)
    #expect(unsaid.stderr.contains("calls them Pages"), "\(unsaid.stderr)")

    let noAudience = try cibgraph("overlap", "--audience", audience, "--default-kind", "account")
    #expect(noAudience.status == 64 && noAudience.stderr.contains("has no audience"))
    let kindColumn = try cibgraph("overlap", "--audience", audience, "--kind-column", "Type")
    #expect(kindColumn.status == 64)
    #expect(try cibgraph("overlap", "--top", "3").status == 64, "nothing to read")
    let unknown = try cibgraph(
      "overlap", "--audience", audience, "--skip-bad-rows", "--assets", "p1,nope")
    #expect(unknown.status == 65)
  }

  /// The audience lists hold a sample of each audience: the drawing and the
  /// document must keep the follower counts the nodes file gives, which a
  /// journalist would otherwise publish as "5 followers".
  @Test func overlapGraphKeepsTheAssetsRealFollowerCounts() throws {
    let nodes = try temporaryFile(
      "nodes.csv",
      "Id,Label,Kind,Followers,Members\np1,Big Page,page,120000,\np2,Small Page,page,900,\ng1,Group,group,,4500\n"
    )
    let audience = try temporaryFile(
      "audience.csv",
      "Asset,Account\np1,u1\np1,u2\np1,u3\np1,u4\np1,u5\np2,u1\np2,u2\ng1,u2\ng1,u9\n")
    let graph = try temporaryPath("overlap-counts.json")
    let result = try cibgraph(
      "overlap", "--nodes", nodes, "--audience", audience, "--graph", graph, "--format", "json")
    #expect(result.status == 0, "\(result.stderr)")
    let document = try jsonObject(try String(contentsOfFile: graph, encoding: .utf8))
    let network = try #require((document["networks"] as? [[String: Any]])?.first)
    let assets = try #require(network["assets"] as? [[String: Any]])
    let byID = Dictionary(uniqueKeysWithValues: assets.map { ($0["id"] as? String ?? "", $0) })
    #expect(byID["p1"]?["followers"] as? Int == 120_000, "not the 5 rows of its audience list")
    #expect(byID["p2"]?["followers"] as? Int == 900)
    #expect(byID["g1"]?["members"] as? Int == 4_500)

    let dot = try cibgraph("dot", graph)
    #expect(dot.status == 0, "\(dot.stderr)")
    #expect(dot.stdout.contains("120,000 followers"))
    #expect(!dot.stdout.contains("\\n5 followers"))
    // Lines by Jaccard: p1–p2 share 2 of 5 accounts (0.40), p2–g1 1 of 3 (0.33), p1–g1 1 of 6 (0.17).
    #expect(dot.stdout.contains("label=\"0.40\""))
    #expect(dot.stdout.contains("label=\"0.17\""))
    let widths = Set(
      dot.stdout.split(separator: "\n").filter { $0.contains("linkedTo") || $0.contains(" -> ") }
        .compactMap { line -> String? in
          guard let range = line.range(of: "penwidth=\"") else { return nil }
          return String(line[range.upperBound...].prefix { $0 != "\"" })
        })
    #expect(widths.count >= 3, "widths that differ with the Jaccard index: \(widths)")
  }

  @Test func badAudienceFilesAreRefusedWithTheirPlace() throws {
    let (nodes, _, _) = try inputs()
    let broken = try temporaryFile("broken.csv", "Asset,Account\np1,u1\np2,\"u2\n")
    let result = try cibgraph("reach", "--nodes", nodes, "--audience", broken)
    #expect(result.status == 65)
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderr.contains(
        "broken.csv:3:4: error: quoted field is not closed before the end of the file"))
    let missing = try cibgraph("reach", "--nodes", nodes, "--audience", "/no/such/audience.csv")
    #expect(missing.status == 66)
    let header = try temporaryFile("header.csv", "Page,Follower\np1,u1\n")
    #expect(try cibgraph("overlap", "--nodes", nodes, "--audience", header).status == 65)
  }

  @Test func convertedFilesOpenInNetworkXWithTheSameCountsAndAttributes() throws {
    let (nodes, edges, audience) = try inputs()
    let folder = try temporaryFolder()
    var checks: [(String, Int, Int)] = []
    for (name, arguments, nodeCount, edgeCount) in [
      ("csv", ["--nodes", nodes, "--edges", edges, "--audience", audience], 6, 2),
      (
        "reports",
        ["Graphs/meta-2019-04-india-pakistan.json", "Graphs/meta-2020-08-cib-report.json"], 7, 2
      ),
    ] {
      for format in ["graphml", "gexf"] {
        let path = folder.appendingPathComponent("\(name).\(format)").path
        let result = try cibgraph(["convert"] + arguments + ["--to", format, "-o", path])
        #expect(result.status == 0, "\(result.stderr)")
        checks.append((path, nodeCount, edgeCount))
      }
    }
    let script = """
      import sys, networkx as nx
      for path, nodes, edges in zip(sys.argv[1::3], sys.argv[2::3], sys.argv[3::3]):
          g = nx.read_graphml(path) if path.endswith('graphml') else nx.read_gexf(path)
          assert g.number_of_nodes() == int(nodes), (path, g.number_of_nodes())
          assert g.number_of_edges() == int(edges), (path, g.number_of_edges())
          data = dict(g.nodes(data=True))
          if 'csv.' in path:
              assert data['p1']['kind'] == 'page' and data['p1']['followers'] == 3, data['p1']
              assert data['g1']['members'] == 2 and data['p1']['label'] == 'Page <one>', data
              if path.endswith('graphml'):
                  assert data['p1']['distinctAudience'] == 3, data['p1']
          else:
              assert data['ispr']['kind'] == 'organization', data['ispr']
              assert ('ispr', 'pk-military') in g.edges(), list(g.edges())
      print('networkx agrees')
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["python3", "-c", script] + checks.flatMap { [$0.0, String($0.1), String($0.2)] }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    process.waitUntilExit()
    let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 0 && said.contains("networkx agrees"), "\(said)")
  }
}

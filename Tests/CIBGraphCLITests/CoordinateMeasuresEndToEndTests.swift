import CIBGraphTestSupport
import Foundation
import Testing

/// `coordinate --measures`, `--fast-window`, `--keep-all` and `--table` as a
/// user runs them.
@Suite struct CoordinateMeasuresEndToEndTests {
  static let header = "object_id,account_id,content_id,timestamp\n"

  /// a-b on o1 (2 s apart), o2 (30 s), o3 (4 s); a-c on o1 (40 s), o2 (50 s);
  /// b-c on o1 (38 s), o2 (20 s); d-e on o4 only.
  static let rows =
    header + """
      o1,a,p1,0
      o1,b,p2,2
      o1,c,p3,40
      o2,a,p4,1000
      o2,b,p5,1030
      o2,c,p6,1050
      o3,a,p7,2000
      o3,b,p8,2004
      https://www.example.test/o4,d,p9,3000
      https://www.example.test/o4,e,p10,3001

      """

  @Test func theFastWindowAndKeepAllInEachFormat() throws {
    let input = try temporaryFile("fast.csv", Self.rows)
    let options = ["--window", "60", "--fast-window", "5", "--keep-all"]

    let json = try cibgraph(["coordinate", input, "--format", "json"] + options)
    #expect(json.status == 0, "\(json.stderr)")
    let root = try jsonObject(json.stdout)
    let measures = try #require(root["measures"] as? [String: Any])
    #expect(measures["fastWindowSeconds"] as? Double == 5)
    let edges = try #require(measures["edges"] as? [[String: Any]])
    func edge(_ a: String, _ b: String) -> [String: Any]? {
      edges.first { $0["source"] as? String == a && $0["target"] as? String == b }
    }
    #expect(edge("a", "b")?["weight"] as? Int == 3)
    #expect(edge("a", "b")?["fastWeight"] as? Int == 2)
    #expect(edge("a", "b")?["fast"] as? Bool == true)
    #expect(edge("a", "c")?["fastWeight"] as? Int == 0)
    #expect(edge("a", "c")?["fast"] as? Bool == false)
    // d-e coincides once, 1 s apart: below --min-repeat 2, listed with
    // --keep-all, not kept; its fast weight 1 is not fast either.
    #expect(edge("d", "e")?["kept"] as? Bool == false)
    #expect(edge("d", "e")?["repeated"] as? Bool == false)
    // The kept edges are the network's; d-e is listed under measures only.
    #expect(root["edges"] as? Int == 3)
    #expect(root["totalWeight"] as? Int == 7)
    #expect((root["components"] as? [[String: Any]])?.count == 1)

    let csv = try cibgraph(
      ["coordinate", input, "--format", "csv", "--table", "edges"] + options)
    #expect(csv.status == 0, "\(csv.stderr)")
    let lines = csv.stdout.components(separatedBy: "\r\n")
    #expect(
      lines[0]
        == "source,target,weight,objects,share_pairs,source_shares,target_shares,symmetry,"
        + "mean_gap_seconds,min_gap_seconds,posts,fast_weight,fast,repeated,above_percentile,kept")
    #expect(lines.contains("a,b,3,3,3,3,3,1.0000,12,2,6,2,yes,yes,yes,yes"))
    #expect(lines.contains("d,e,1,1,1,1,1,1.0000,1,1,2,1,no,no,yes,no"))

    let networks = try cibgraph(
      ["coordinate", input, "--format", "csv", "--table", "networks"] + options)
    #expect(networks.stdout.contains("\r\n1,3,3,1.0000,"))

    let text = try cibgraph(["coordinate", input] + options)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(
      text.stdout.contains(
        "Measures (fast window 5 s): 3 kept edges of 4 listed (--keep-all), 1 of them fast"))
    #expect(text.stdout.contains("Most coordinated accounts"))
  }

  @Test func theDocumentCarriesTheMeasuresIntoGraphMLAndGEXFAndBack() throws {
    let input = try temporaryFile("export.csv", Self.rows)
    let network = try temporaryPath("export.json")
    let written = try cibgraph(
      "coordinate", input, "--window", "60", "--fast-window", "5", "--keep-all", "-o", network)
    #expect(written.status == 0, "\(written.stderr)")
    let evidenceAB =
      "3 distinct objects shared within 60 s; fast weight 2 within 5 s (fast); 3 pairs of "
      + "shares, 3 and 3 coinciding shares (symmetry 1.0000), mean gap 12 s, shortest 2 s"
    let note =
      "Density 1.0000; 3 objects shared in coordination; top objects: o1 (3 accounts), "
      + "o2 (3 accounts), o3 (2 accounts)."
    func relations(_ file: String) throws -> [String: String] {
      let json = try cibgraph("convert", file, "--to", "json")
      #expect(json.status == 0, "\(json.stderr)")
      let networks = try #require(try jsonObject(json.stdout)["networks"] as? [[String: Any]])
      var found: [String: String] = [:]
      for item in networks {
        for relation in item["relations"] as? [[String: Any]] ?? [] {
          let ends = [relation["source"] as? String ?? "", relation["target"] as? String ?? ""]
          found[ends.sorted().joined(separator: "-")] = relation["evidence"] as? String
        }
      }
      return found
    }
    let direct = try relations(network)
    // Only the kept edges are relations: d-e, listed with --keep-all, is not one.
    #expect(Set(direct.keys) == ["a-b", "a-c", "b-c"])
    #expect(direct["a-b"] == evidenceAB)
    let document = try String(contentsOfFile: network, encoding: .utf8)
    #expect(document.contains(note))
    for format in ["graphml", "gexf"] {
      let exported = try temporaryPath("export.\(format)")
      let converted = try cibgraph("convert", network, "--to", format, "-o", exported)
      #expect(converted.status == 0, "\(converted.stderr)")
      #expect(try relations(exported) == direct, "\(format)")
    }
  }

  @Test func theOptionsRefuseWhatCannotBeAnswered() throws {
    let input = try temporaryFile("fast-usage.csv", Self.rows)
    let wider = try cibgraph("coordinate", input, "--window", "10", "--fast-window", "20")
    #expect(wider.status == 64)
    #expect(wider.stderr.contains("--fast-window (20.0 s) must be at most --window (10 s)"))
    let table = try cibgraph("coordinate", input, "--table", "edges")
    #expect(table.status == 64)
    #expect(table.stderr.contains("--table chooses a CSV table"))
    let unknown = try cibgraph("coordinate", input, "--format", "csv", "--table", "pairs")
    #expect(unknown.status == 64)
    // An estimated window narrower than the fast one: refused once known.
    let auto = try cibgraph("coordinate", input, "--window", "auto", "--fast-window", "500")
    #expect(auto.status == 64)
    #expect(auto.stdout.isEmpty)
    #expect(auto.stderr.contains("must be at most the window"))
    // Every measured edge is listed in JSON, so --max-written holds it too.
    let many = try cibgraph(
      "coordinate", input, "--measures", "--min-repeat", "1", "--format", "json",
      "--max-written", "2")
    #expect(many.status == 65)
    #expect(many.stdout.isEmpty)
    #expect(many.stderr.contains("4 measured edges, more than the 2 --max-written allows"))
  }

  @Test func hostileIdentifiersAreSafeInEveryTableOfMeasures() throws {
    let hostile = [
      "=cmd|' /C calc'!A0", "quote\"d", "new\nline", "rtl\u{202E}gnp.exe", "ansi\u{1B}[31mred",
      "+plus", "comma,name",
    ]
    var csv = Self.header
    for (index, name) in hostile.enumerated() {
      let quoted = csvQuoted(name)
      // Each hostile account shares a hostile object with "anchor" at the same second.
      csv +=
        "\(quoted),\(quoted),p\(index),\(index * 1000)\r\n\(quoted),anchor,q\(index),\(index * 1000)\r\n"
    }
    let input = try temporaryFile("hostile-measures.csv", csv)
    let options = ["--min-repeat", "1", "--fast-window", "10"]

    let text = try cibgraph(["coordinate", input] + options)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(!text.stdout.contains("\u{1B}") && !text.stdout.contains("\u{202E}"))
    #expect(text.stdout.contains("ansi\\e[31mred"))

    let json = try cibgraph(["coordinate", input, "--format", "json"] + options)
    let measures = try #require(try jsonObject(json.stdout)["measures"] as? [String: Any])
    let edges = try #require(measures["edges"] as? [[String: Any]])
    let ends = edges.flatMap { [$0["source"] as? String, $0["target"] as? String] }
    #expect(Set(ends.compactMap { $0 }) == Set(hostile + ["anchor"]))
    let accounts = try #require(measures["accounts"] as? [[String: Any]])
    #expect(Set(accounts.compactMap { $0["account"] as? String }) == Set(hostile + ["anchor"]))
    let networks = try #require(measures["networks"] as? [[String: Any]])
    let top = try #require(networks.first?["topObjects"] as? [[String: Any]])
    #expect(Set(top.compactMap { $0["id"] as? String }).isSubset(of: Set(hostile)))
    #expect(top.count == 5)

    for table in ["edges", "accounts", "networks"] {
      let result = try cibgraph(
        ["coordinate", input, "--format", "csv", "--table", table] + options)
      #expect(result.status == 0, "\(result.stderr)")
      #expect(!result.stdout.contains(",=cmd") && !result.stdout.contains("\n=cmd"))
      #expect(!result.stdout.contains(",+plus"))
      if table != "networks" {
        #expect(result.stdout.contains("'=cmd|' /C calc'!A0"))
        #expect(result.stdout.contains("\"quote\"\"d\""))
        #expect(result.stdout.contains("\"new\nline\""))
        #expect(result.stdout.contains("\"comma,name\""))
      }
    }
  }

  @Test func defaultOutputIsUnchangedWithoutTheOptions() throws {
    // The measures add to the output only when asked for.
    let input = try temporaryFile("plain.csv", Self.rows)
    for format in ["text", "json", "csv"] {
      let plain = try cibgraph("coordinate", input, "--format", format)
      let measured = try cibgraph("coordinate", input, "--format", format, "--measures")
      #expect(!plain.stdout.contains("easures"))
      if format == "csv" {
        #expect(plain.stdout == measured.stdout)
      } else {
        #expect(measured.stdout.hasPrefix(String(plain.stdout.dropLast(format == "json" ? 3 : 0))))
      }
    }
  }
}

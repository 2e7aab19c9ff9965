import CIBGraphTestSupport
import Foundation
import Testing

/// `cibgraph coordinate` as a user runs it.
@Suite struct CoordinateEndToEndTests {
  static let header = "object_id,account_id,content_id,timestamp\r\n"

  /// a-b share u1 and u2 within 30 s (weight 2); c joins on u1 only; e-f share x and y.
  static let clean =
    header
    + "u1,a,p1,1000\r\nu1,b,p2,1030\r\nu1,c,p3,1050\r\nu2,a,p4,2019-05-01T00:00:00Z\r\n"
    + "u2,b,p5,2019-05-01T00:00:30Z\r\nx,e,p6,5000\r\nx,f,p7,5000\r\ny,e,p8,6000\r\ny,f,p9,6001\r\n"

  /// `clean` and two rows that cannot be used: an empty account, a time that is none.
  static let activity = clean + "z,,p10,7000\r\nz,g,p11,noon\r\n"

  @Test func findsTheNetworkWritesItAndItsEvidence() throws {
    let input = try temporaryFile("activity.csv", Self.activity)
    let network = try temporaryPath("network.json")
    let evidence = try temporaryPath("evidence.csv")
    let result = try cibgraph(
      "coordinate", input, "--window", "30", "--min-repeat", "2", "-o", network, "--evidence",
      evidence, "--format", "json", "--list-accounts", "--skip-bad-rows")
    #expect(result.status == 0, "\(result.stderr)")
    let root = try jsonObject(result.stdout)
    #expect(root["edges"] as? Int == 2)
    #expect(root["totalWeight"] as? Int == 4)
    #expect(root["count"] as? Int == 2)
    #expect((root["skipped"] as? [String: Int])?["emptyAccount"] == 1)
    #expect((root["skipped"] as? [String: Int])?["badTime"] == 1)
    let components = try #require(root["components"] as? [[String: Any]])
    #expect(components.map { $0["accounts"] as? [String] } == [["a", "b"], ["e", "f"]])
    #expect(components[0]["firstAction"] as? String == "1970-01-01T00:16:40Z")
    #expect(components[0]["lastAction"] as? String == "2019-05-01T00:00:30Z")
    let leftOut = try #require(root["rowsLeftOut"] as? [String: Any])
    #expect(leftOut["total"] as? Int == 2)
    let examples = try #require(leftOut["examples"] as? [[String: Any]])
    #expect(examples.map { $0["line"] as? Int } == [11, 12])
    #expect(examples.map { $0["column"] as? Int } == [3, 9])
    #expect(
      result.stderr.contains("activity.csv:11:3: warning: row left out: the account is empty"))
    #expect(
      result.stderr.contains(
        "cibgraph: computed without 2 bad rows (--skip-bad-rows): \(input): "
          + "1 emptyAccount, 1 badTime\n"), "\(result.stderr)")

    let csv = try String(contentsOfFile: evidence, encoding: .utf8)
    #expect(
      csv == """
        source,target,weight,object,source_post,target_post,source_time,target_time,delta_seconds\r
        a,b,2,u1,p1,p2,1970-01-01T00:16:40Z,1970-01-01T00:17:10Z,30\r
        a,b,2,u2,p4,p5,2019-05-01T00:00:00Z,2019-05-01T00:00:30Z,30\r
        e,f,2,x,p6,p7,1970-01-01T01:23:20Z,1970-01-01T01:23:20Z,0\r
        e,f,2,y,p8,p9,1970-01-01T01:40:00Z,1970-01-01T01:40:01Z,1\r

        """)

    // The document is read by the other commands.
    let read = try cibgraph("components", network, "--format", "json")
    #expect(read.status == 0, "\(read.stderr)")
    let componentsRoot = try jsonObject(read.stdout)
    #expect(componentsRoot["count"] as? Int == 2)
    #expect(componentsRoot["edges"] as? Int == 2)
    #expect(try cibgraph("validate", network).status == 0)
    #expect(try cibgraph("dot", network).stdout.contains("digraph"))
  }

  @Test func cooRTweetsDefinitionFromTheCommandLine() throws {
    // Window 10 s, min_participation 2. t1 is a's own tweet (left out); b and c
    // retweet it. On u, a shares twice (0 and 4 s) and b once (6 s). Rows per
    // account: a 3, b 2, c 1 → c is dropped. Coinciding posts: p1, p2 (a), p3 (b);
    // a has 2 → participates, b 1. a-b: 2 pairs of shares; b's retweet is alone.
    let input = try temporaryFile(
      "coortweet.csv",
      Self.header + "t1,a,t1,0\r\nt1,b,r1,5\r\nt1,c,r2,8\r\nu,a,p1,0\r\nu,a,p2,4\r\nu,b,p3,6\r\n")
    let evidence = try temporaryPath("coortweet-evidence.csv")
    let network = try temporaryPath("coortweet.json")
    let result = try cibgraph(
      "coordinate", input, "--definition", "coortweet", "--window", "10", "--evidence", evidence,
      "-o", network)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains(
        "CooRTweet's definition: min participation 2 (1 account below it dropped, 1 original post "
          + "left out, 1 account participating), weight in coinciding share pairs"))
    #expect(result.stdout.contains("1 pair(s) coincided, 1 participating, 1 kept (total weight 2)"))
    #expect(
      try String(contentsOfFile: evidence, encoding: .utf8)
        == "source,target,weight,object,source_post,target_post,source_time,target_time,delta_seconds\r\n"
        + "a,b,2,u,p1,p3,1970-01-01T00:00:00Z,1970-01-01T00:00:06Z,6\r\n")
    let document = try String(contentsOfFile: network, encoding: .utf8)
    #expect(document.contains("2 pairs of shares within 10 s, on 1 object"))
    let json = try jsonObject(
      try cibgraph("coordinate", input, "--definition", "coortweet", "--format", "json").stdout)
    #expect((json["parameters"] as? [String: Any])?["minRepeat"] == nil)
    #expect((json["coortweet"] as? [String: Int])?["originalPostsLeftOut"] == 1)
    // Counting pairs of shares has a budget, and its refusal says so.
    let busy = try cibgraph(
      "coordinate", input, "--definition", "coortweet", "--window", "10", "--max-meetings", "1")
    #expect(busy.status == 65)
    #expect(
      busy.stderr.contains(
        "counting the pairs of shares (--definition coortweet) would take more than the 1 steps "
          + "--max-meetings allows"), "\(busy.stderr)")
    // The two thresholds are not one another.
    let mixed = try cibgraph(
      "coordinate", input, "--definition", "coortweet", "--min-repeat", "3")
    #expect(mixed.status == 64)
    #expect(mixed.stderr.contains("CooRTweet's min_participation is --min-participation"))
    let alone = try cibgraph("coordinate", input, "--min-participation", "3")
    #expect(alone.status == 64)
    let help = try cibgraph("coordinate", "--help")
    #expect(help.stdout.contains("not CooRTweet's min_participation"))
    // A post under two accounts is refused, not guessed at.
    let shared = try temporaryFile(
      "shared-post.csv", Self.header + "u,a,p,0\r\nu,b,p,1\r\nv,a,,2\r\n")
    let refused = try cibgraph("coordinate", shared, "--definition", "coortweet")
    #expect(refused.status == 65)
    #expect(
      refused.stderr.contains("content_id \"p\" belongs to two accounts, \"a\" and \"b\""))
    #expect(refused.stdout.isEmpty)
  }

  @Test func textAndCSVOutput() throws {
    let input = try temporaryFile("activity.csv", Self.activity)
    let text = try cibgraph("coordinate", input, "--window", "30", "--skip-bad-rows")
    #expect(text.status == 0)
    #expect(text.stdout.contains("11 rows, 9 actions by 5 accounts on 4 objects"))
    #expect(text.stdout.contains("2 candidate network(s) of 4 accounts"))
    #expect(
      text.stdout.hasSuffix(
        "\nNote: computed without 2 bad rows (--skip-bad-rows): \(input): 1 emptyAccount, "
          + "1 badTime\n"), "\(text.stdout)")
    // A sheet has no room for a note: each row says how many rows the answer lacks.
    let csv = try cibgraph(
      "coordinate", input, "--window", "30", "--format", "csv", "--skip-bad-rows")
    #expect(
      csv.stdout == """
        rank,size,edges,weight,first_action,last_action,first_account,rows_left_out\r
        1,2,1,2,1970-01-01T00:16:40Z,2019-05-01T00:00:30Z,a,2\r
        2,2,1,2,1970-01-01T01:23:20Z,1970-01-01T01:40:01Z,e,2\r

        """)
    let clean = try temporaryFile("clean.csv", Self.clean)
    let whole = try cibgraph("coordinate", clean, "--window", "30", "--format", "csv")
    #expect(
      whole.stdout == """
        rank,size,edges,weight,first_action,last_action,first_account\r
        1,2,1,2,1970-01-01T00:16:40Z,2019-05-01T00:00:30Z,a\r
        2,2,1,2,1970-01-01T01:23:20Z,1970-01-01T01:40:01Z,e\r

        """)
    let none = try cibgraph(
      "coordinate", clean, "--window", "30", "--format", "json", "--skip-bad-rows")
    let leftOut = try #require(try jsonObject(none.stdout)["rowsLeftOut"] as? [String: Any])
    #expect(leftOut["total"] as? Int == 0)
    #expect((leftOut["examples"] as? [Any])?.isEmpty == true)
  }

  @Test(arguments: ["text", "json", "csv"])
  func badActivityRowsAreRefusedByDefault(format: String) throws {
    let input = try temporaryFile("activity.csv", Self.activity)
    let network = try temporaryPath("network.json")
    let refused = try cibgraph("coordinate", input, "--format", format, "-o", network)
    #expect(refused.status == 65)
    #expect(refused.stdout.isEmpty, "\(refused.stdout)")
    #expect(!FileManager.default.fileExists(atPath: network))
    #expect(
      refused.stderr == """
        \(input):11:3: error: bad row: the account is empty [emptyAccount]
        \(input):12:9: error: bad row: the time is neither Unix seconds nor ISO 8601 between the \
        years 1 and 9999 (milliseconds are not seconds) ("noon") [badTime]
        cibgraph: 2 bad rows (\(input): 1 emptyAccount, 1 badTime); nothing computed. \
        --skip-bad-rows leaves them out and says so in the output.

        """)
  }

  @Test func aNarrowerWindowAndAnEstimatedOne() throws {
    let input = try temporaryFile("activity.csv", Self.clean)
    // Window 29 s: a-b fall apart; --window auto runs and says what it estimated.
    let narrow = try cibgraph("coordinate", input, "--window", "29", "--format", "json")
    #expect(try jsonObject(narrow.stdout)["edges"] as? Int == 1)
    let auto = try cibgraph("coordinate", input, "--window", "auto", "--format", "json")
    #expect(auto.status == 0)
    #expect(auto.stderr.contains("window estimated:"))
  }

  @Test func twitterArchiveWithAnAction() throws {
    let archive = try temporaryFile(
      "tweets.csv",
      "tweetid,userid,tweet_time,retweet_tweetid,urls,hashtags\n"
        + "1,u1,2019-05-01 12:00,9,[],\"['a', 'b']\"\n2,u2,2019-05-01 12:00,9,[],\"['A']\"\n"
        + "3,u1,2019-05-01 13:00,8,[],\"['b']\"\n4,u2,2019-05-01 13:00:20,8,[],[]\n")
    let retweet = try cibgraph(
      "coordinate", archive, "--action", "retweet", "--window", "30", "--format", "json")
    #expect(retweet.status == 0, "\(retweet.stderr)")
    #expect(try jsonObject(retweet.stdout)["totalWeight"] as? Int == 2)
    let hashtag = try cibgraph(
      "coordinate", archive, "--action", "hashtag", "--min-repeat", "1", "--format", "json")
    #expect(try jsonObject(hashtag.stdout)["totalWeight"] as? Int == 1)
    let missing = try cibgraph("coordinate", archive)
    #expect(missing.status == 65)
    #expect(missing.stderr.contains("--action link, retweet or hashtag"))
    #expect(missing.stdout.isEmpty)
  }

  /// The kinds of the assets of a document `coordinate -o` wrote.
  static func assetKinds(_ path: String) throws -> Set<String> {
    let root = try jsonObject(try String(contentsOfFile: path, encoding: .utf8))
    let networks = try #require(root["networks"] as? [[String: Any]])
    return Set(
      networks.flatMap {
        ($0["assets"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
      })
  }

  @Test func aTwitterArchiveGivesXAccountsThatReachAndDrawingsName() throws {
    let archive = try temporaryFile(
      "tweets.csv",
      "tweetid,userid,tweet_time,retweet_tweetid\n1,u1,2019-05-01 12:00,9\n"
        + "2,u2,2019-05-01 12:00:10,9\n3,u1,2019-05-01 13:00,8\n4,u2,2019-05-01 13:00:20,8\n")
    let network = try temporaryPath("x-network.json")
    let run = try cibgraph("coordinate", archive, "--action", "retweet", "-o", network)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!run.stderr.contains("unnamed platform"), "an archive names its platform")
    #expect(try Self.assetKinds(network) == ["x-account"])

    let reach = try cibgraph("reach", network)
    #expect(reach.status == 0, "\(reach.stderr)")
    #expect(reach.stdout.contains("  X accounts         2"), "\(reach.stdout)")
    #expect(!reach.stdout.contains("Facebook"))
    let json = try jsonObject(try cibgraph("reach", network, "--format", "json").stdout)
    let kinds = try #require(
      (json["networks"] as? [[String: Any]])?.first?["kinds"] as? [String: [String: Any]])
    #expect(kinds["x-account"]?["itemized"] as? Int == 2)
    #expect(kinds["account"]?["itemized"] as? Int == 0)

    // The validator expects X accounts to act in coordination, and says nothing.
    let validate = try cibgraph("validate", network)
    #expect(validate.status == 0)
    #expect(validate.stdout.contains("0 error(s), 0 warning(s), 0 note(s)"), "\(validate.stdout)")

    // The legend lists the X account, not Facebook's kinds.
    let dot = try cibgraph("dot", network).stdout
    #expect(dot.contains("[label=\"X account\", shape=\"ellipse\""))
    #expect(!dot.contains("Facebook"))
    #expect(!dot.contains("\"legend_page\""))
  }

  @Test func anActivityFileTakesItsPlatformFromTheCommandLine() throws {
    let input = try temporaryFile("activity.csv", Self.clean)
    let network = try temporaryPath("network.json")
    // Without --platform: accounts of an unnamed platform, never Facebook's, and a note says so.
    let unnamed = try cibgraph("coordinate", input, "--window", "30", "-o", network)
    #expect(unnamed.status == 0, "\(unnamed.stderr)")
    #expect(try Self.assetKinds(network) == ["unnamed-account"])
    #expect(
      unnamed.stderr.contains(
        "activity.csv: note: the activity file does not name its platform, so \(network) holds "
          + "accounts of an unnamed platform; --platform names it"))
    let reach = try cibgraph("reach", network)
    #expect(reach.stdout.contains("  accounts of an unnamed platform         2"), "\(reach.stdout)")
    #expect(!reach.stdout.contains("Facebook"))
    #expect(try cibgraph("validate", network).stdout.contains("0 error(s), 0 warning(s)"))
    // Without -o nothing is written, so nothing needs naming.
    #expect(!(try cibgraph("coordinate", input, "--window", "30").stderr.contains("platform")))

    let expected = [
      "facebook": "account", "instagram": "instagram", "x": "x-account", "twitter": "x-account",
      "X": "x-account", "YouTube": "youtube-channel", "tiktok": "tiktok-account",
      "telegram": "telegram-channel", "threads": "threads-account",
    ]
    for (platform, kind) in expected {
      let named = try cibgraph(
        "coordinate", input, "--window", "30", "--platform", platform, "-o", network)
      #expect(named.status == 0, "\(platform): \(named.stderr)")
      #expect(!named.stderr.contains("unnamed"), "\(platform)")
      #expect(try Self.assetKinds(network) == [kind], "\(platform)")
      let findings = try cibgraph("validate", network).stdout
      #expect(findings.contains("0 error(s), 0 warning(s)"), "\(platform): \(findings)")
    }
    let youtube = try cibgraph(
      "coordinate", input, "--window", "30", "--platform", "youtube", "-o", network)
    #expect(youtube.status == 0)
    #expect(try cibgraph("reach", network).stdout.contains("  YouTube channels         2"))
  }

  @Test func anUnknownOrContradictingPlatformIsAUsageError() throws {
    let input = try temporaryFile("activity.csv", Self.activity)
    let network = try temporaryPath("network.json")
    for name in ["vk", "facebook-page", "", "unnamed"] {
      let refused = try cibgraph("coordinate", input, "--platform", name, "-o", network)
      #expect(refused.status == 64, "\(name)")
      #expect(refused.stdout.isEmpty)
      #expect(
        refused.stderr.contains(
          "- facebook\n  - instagram\n  - x\n  - twitter\n  - youtube\n  - tiktok\n"
            + "  - telegram\n  - threads"), "\(name): \(refused.stderr)")
      #expect(!FileManager.default.fileExists(atPath: network))
    }
    // A Twitter/X archive's accounts are X accounts, whatever the command line says.
    let archive = try temporaryFile(
      "tweets.csv", "tweetid,userid,tweet_time,urls\n1,u1,2019-05-01 12:00,[a]\n")
    let contradicting = try cibgraph(
      "coordinate", archive, "--action", "link", "--platform", "tiktok", "-o", network)
    #expect(contradicting.status == 64)
    #expect(contradicting.stdout.isEmpty)
    #expect(
      contradicting.stderr.contains(
        "tweets.csv: error: --platform tiktok does not apply: the input is a Twitter/X archive, "
          + "whose accounts are X accounts"))
    #expect(!FileManager.default.fileExists(atPath: network))
    let agreeing = try cibgraph(
      "coordinate", archive, "--action", "link", "--platform", "Twitter", "-o", network)
    #expect(agreeing.status == 0, "\(agreeing.stderr)")
  }

  @Test func badInputExitsWithTheLocationAndPrintsNothing() throws {
    let missing = try cibgraph("coordinate", "/nonexistent/activity.csv")
    #expect(missing.status == 66)
    let unclosed = try temporaryFile("broken.csv", Self.header + "u1,a,\"p1,0\nu1,b,p2,0\n")
    let broken = try cibgraph("coordinate", unclosed, "--format", "json")
    #expect(broken.status == 65)
    #expect(broken.stdout.isEmpty)
    #expect(broken.stderr.contains("broken.csv:2:6: error: quoted field is not closed"))
    let header = try temporaryFile("header.csv", "object,account_id,when\nu1,a,0\n")
    let bad = try cibgraph("coordinate", header)
    #expect(bad.status == 65)
    #expect(bad.stdout.isEmpty)
    #expect(
      bad.stderr.contains(
        "header.csv:1:1: error: the header lacks object_id, content_id, timestamp"))
    let usage = try cibgraph("coordinate", unclosed, "--window", "soon")
    #expect(usage.status == 64)
  }

  @Test func hostileAccountNamesAreSafeEverywhere() throws {
    let hostile = [
      "=cmd|' /C calc'!A0", "quote\"d", "new\nline", "rtl\u{202E}gnp.exe", "ansi\u{1B}[31mred",
      "+plus", "comma,name",
    ]
    var csv = Self.header
    for (index, name) in hostile.enumerated() {
      let quoted = csvQuoted(name)
      // Every hostile account shares two objects with "anchor" at the same second.
      csv +=
        "obj\(index)a,\(quoted),\(quoted),\(index * 1000)\r\nobj\(index)a,anchor,p,\(index * 1000)\r\n"
      csv +=
        "obj\(index)b,\(quoted),p,\(index * 1000 + 500)\r\nobj\(index)b,anchor,p,\(index * 1000 + 500)\r\n"
    }
    let input = try temporaryFile("hostile.csv", csv)
    let evidence = try temporaryPath("hostile-evidence.csv")
    let network = try temporaryPath("hostile.json")

    let text = try cibgraph(
      "coordinate", input, "--list-accounts", "--evidence", evidence, "-o", network)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(!text.stdout.contains("\u{1B}"))
    #expect(!text.stdout.contains("\u{202E}"))
    #expect(text.stdout.contains("ansi\\e[31mred"))
    #expect(text.stdout.contains("new\\nline"))

    let json = try cibgraph("coordinate", input, "--list-accounts", "--format", "json")
    let components = try #require(try jsonObject(json.stdout)["components"] as? [[String: Any]])
    #expect(Set(components.first?["accounts"] as? [String] ?? []) == Set(hostile + ["anchor"]))

    let rows = try String(contentsOfFile: evidence, encoding: .utf8)
    #expect(rows.contains("\r\n'=cmd|' /C calc'!A0,"))
    #expect(!rows.contains("\n=cmd"))
    #expect(rows.contains("\"quote\"\"d\""))
    #expect(rows.contains("\"new\nline\""))
    #expect(rows.contains("'+plus"))
    #expect(rows.contains("\"comma,name\""))

    let csvOutput = try cibgraph("coordinate", input, "--list-accounts", "--format", "csv")
    #expect(csvOutput.stdout.contains(",'=cmd|' /C calc'!A0,"))
    #expect(!csvOutput.stdout.contains(",=cmd"))

    // The document keeps the names exactly, and reads back.
    let read = try cibgraph("components", network, "--list-assets", "--format", "json")
    #expect(read.status == 0, "\(read.stderr)")
    let assets = try #require(
      (try jsonObject(read.stdout)["components"] as? [[String: Any]])?.first?["assets"]
        as? [String])
    #expect(Set(assets) == Set(hostile + ["anchor"]))
  }
}

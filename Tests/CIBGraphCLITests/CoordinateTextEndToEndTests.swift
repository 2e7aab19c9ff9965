import CIBGraphTestSupport
import Foundation
import Testing

/// `coordinate --by text` end to end: planted copy-pasta found among
/// background posts, hostile texts, and crowds within the memory bound.
@Suite struct CoordinateTextEndToEndTests {
  static let header = "account_id,content_id,timestamp,text\n"

  @Test func findsEveryPlantedCampaignAndNoBackgroundPair() throws {
    let data = try temporaryPath("copypasta.csv")
    let groups = try temporaryPath("copypasta-groups.csv")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", repositoryRoot.appendingPathComponent("scripts/copypasta_gen.py").path, data,
      "--posts", "30000", "--seed", "16", "--campaigns", "8", "--groups", groups,
    ]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    var planted: Set<Set<String>> = []
    for line in try String(contentsOfFile: groups, encoding: .utf8).split(separator: "\n")
      .dropFirst()
    {
      planted.insert(Set(line.split(separator: ",")[1].split(separator: " ").map(String.init)))
    }
    #expect(planted.count == 8)
    // Copies lie within 5 minutes; --min-repeat 1: any background pair
    // above the threshold would show as an edge.
    let result = try cibgraph(
      "coordinate", data, "--by", "text", "--window", "300", "--min-repeat", "1", "--format",
      "json", "--list-accounts", "--limit", "0")
    #expect(result.status == 0, "\(result.stderr)")
    let root = try jsonObject(result.stdout)
    let components = root["components"] as? [[String: Any]] ?? []
    let found = Set(components.map { Set($0["accounts"] as? [String] ?? []) })
    #expect(found == planted)
    // Every pair of a campaign posts copies of every one of its texts.
    let edges = planted.map { $0.count * ($0.count - 1) / 2 }.reduce(0, +)
    #expect(root["edges"] as? Int == edges)
  }

  @Test func readsTextsAndExplainsWhatItDid() throws {
    let input = try temporaryFile(
      "texts.csv",
      Self.header
        + "a,p1,1600000000,\"Vote NOW, the polls close at 8 tonight, bring your friends! https://t.co/aaa\"\n"
        + "b,p2,1600000010,\"vote now,   the polls close at 8 tonight, bring your friends! https://t.co/bbb\"\n"
        + "c,p3,1600000020,\"vote now, the polls close at 9 tonight, bring your friends!\"\n"
        + "d,p4,1600000030,\"an unrelated post about the weather today\"\n"
        + "e,p5,1600000040,https://t.co/only-a-link\n"
        + "a,p6,1600000000,\"\"\"Quoted\"\" text, \"\"repeated\"\" twice\"\n"
        + "b,p7,1600000030,\"\"\"quoted\"\" text, \"\"repeated\"\" twice\"\n")
    let evidence = try temporaryPath("texts-evidence.csv")
    let result = try cibgraph(
      "coordinate", input, "--by", "text", "--min-repeat", "1", "--evidence", evidence,
      "--list-accounts")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains(
        "7 rows, 7 posts with text by 5 accounts (1 post empty once normalised, left out)"),
      "\(result.stdout)")
    #expect(result.stdout.contains("#1: a, b, c"), "\(result.stdout)")
    #expect(result.stdout.contains("missed with probability 0.23 %"))
    let rows = try String(contentsOfFile: evidence, encoding: .utf8)
    #expect(
      rows.contains("a,b,2,\"\"\"quoted\"\" text, \"\"repeated\"\" twice\",p6,p7,"), "\(rows)")
    #expect(
      rows.contains("a,b,2,\"vote now, the polls close at 8 tonight, bring your friends!\",p1,p2,"),
      "\(rows)")
    #expect(!rows.contains(",d,"))
    // A higher threshold leaves the edited copy out.
    let strict = try cibgraph(
      "coordinate", input, "--by", "text", "--min-repeat", "1", "--similarity", "0.95",
      "--list-accounts")
    #expect(strict.stdout.contains("#1: a, b\n"), "\(strict.stdout)")
  }

  @Test func badTextInputsAndOptionsAreRefusedClearly() throws {
    let noText = try temporaryFile("no-text.csv", "account_id,content_id,timestamp\na,p,0\n")
    let missing = try cibgraph("coordinate", noText, "--by", "text")
    #expect(missing.status == 65)
    #expect(
      missing.stderr.contains("no-text.csv:1:1: error: the header lacks text"), "\(missing.stderr)")
    let archive = try temporaryFile("archive.csv", "tweetid,userid,tweet_time\n1,a,0\n")
    let noTweetText = try cibgraph("coordinate", archive, "--by", "text")
    #expect(noTweetText.status == 65)
    #expect(noTweetText.stderr.contains("lacks tweet_text"), "\(noTweetText.stderr)")
    let input = try temporaryFile("ok.csv", Self.header + "a,p,0,hello\n,q,0,hi\nb,r,0,\n")
    for (arguments, message) in [
      (["--similarity", "0"], "--similarity must be above 0 and at most 1"),
      (["--similarity", "1.5"], "--similarity must be above 0 and at most 1"),
      (["--definition", "coortweet"], "--by text applies to --definition distinct-objects only"),
      (["--action", "link"], "--action does not apply to --by text"),
    ] {
      let result = try cibgraph(["coordinate", input, "--by", "text"] + arguments)
      #expect(result.status == 64, "\(arguments)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
    let withoutText = try cibgraph("coordinate", input, "--similarity", "0.9")
    #expect(withoutText.status == 64)
    #expect(withoutText.stderr.contains("apply to --by text only"))
    // Empty accounts and texts are rows left out, located.
    let skipped = try cibgraph("coordinate", input, "--by", "text")
    #expect(skipped.status == 65, "\(skipped.stderr)")
    #expect(skipped.stderr.contains("ok.csv:3:1"), "\(skipped.stderr)")
    #expect(skipped.stderr.contains("ok.csv:4:7"), "\(skipped.stderr)")
  }

  @Test func tenThousandIdenticalPostsInOneWindowWithinTwoGiB() throws {
    // By 10,000 accounts: 49,995,000 pairs, refused before they are formed.
    var crowd = Self.header
    for k in 0..<10_000 { crowd += "u\(k),p\(k),1600000000,\"Same words, every account.\"\n" }
    let refused = try cibgraph(
      addressSpace: twoGiB,
      ["coordinate", try temporaryFile("crowd.csv", crowd), "--by", "text", "--min-repeat", "1"])
    #expect(refused.status == 65, "\(refused.stderr)")
    #expect(
      refused.stderr.contains(
        "\"same words, every account.\" would form at least 49,995,000 pairs of accounts (10,000 "
          + "accounts acted on it within 60 s of each other"), "\(refused.stderr)")
    // By 20 accounts, 500 times each, and as 10,000 variants by 50 accounts:
    // one group each, the pairs of accounts only.
    var repeated = Self.header
    for k in 0..<10_000 {
      repeated += "u\(k % 20),p\(k),\(1_600_000_000 + k / 1_000),\"Same words, every account.\"\n"
      repeated +=
        "v\(k % 50),q\(k),\(1_600_000_000 + k / 1_000),\"Other words for all, number \(k) of many copies.\"\n"
    }
    let result = try cibgraph(
      addressSpace: twoGiB,
      [
        "coordinate", try temporaryFile("repeated.csv", repeated), "--by", "text", "--min-repeat",
        "1", "--format", "json",
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let root = try jsonObject(result.stdout)
    #expect(root["edges"] as? Int == 20 * 19 / 2 + 50 * 49 / 2)
  }
}

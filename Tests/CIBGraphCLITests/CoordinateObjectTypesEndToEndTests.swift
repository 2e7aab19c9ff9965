import CIBGraphTestSupport
import Foundation
import Testing

/// `coordinate` with object types and normalisation beside the other
/// options: what combines, and what is refused with a reason.
@Suite struct CoordinateObjectTypesEndToEndTests {
  /// a–b on the link x 30 s apart, a–c on the hashtag x 500 s apart.
  static let rows = """
    object_id,account_id,content_id,timestamp,object_type,text
    x,a,p1,0,link,hello there
    x,b,p2,30,link,hello there
    x,a,p3,0,hashtag,hello there
    x,c,p4,500,hashtag,something else

    """

  @Test func typeWindowsWithTheFastWindowAndMeasures() throws {
    let input = try temporaryFile("typed.csv", Self.rows)
    let result = try cibgraph(
      [
        "coordinate", input, "--min-repeat", "1", "--window", "60", "--window", "hashtag=600",
        "--fast-window", "40", "--format", "json",
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let root = try jsonObject(result.stdout)
    let types = try #require(root["objectTypes"] as? [[String: Any]])
    #expect(types.map { $0["name"] as? String } == ["link", "hashtag"])
    #expect(types.map { $0["edges"] as? Int } == [1, 1])
    let edges = try #require((root["measures"] as? [String: Any])?["edges"] as? [[String: Any]])
    // a–b's 30 s is within the fast window, a–c's 500 s is not.
    var fast: [String: Int] = [:]
    for edge in edges {
      fast["\(edge["source"] as? String ?? "")-\(edge["target"] as? String ?? "")"] =
        edge["fastWeight"] as? Int
    }
    #expect(fast == ["a-b": 1, "a-c": 0])
  }

  @Test func combinationsThatDoNotApplyAreRefused() throws {
    let input = try temporaryFile("typed-refused.csv", Self.rows)
    let cases: [([String], String)] = [
      (
        ["--window", "60", "--window", "link=20", "--fast-window", "30"],
        "must be at most each type's window (--window link=20.0 s)"
      ),
      (["--by", "text", "--normalize", "url-domain"], "--normalize rewrites shared objects"),
      (["--by", "text", "--window", "hashtag=600"], "--by text has no object types"),
      (
        ["--window", "image=60"],
        "names the type image, but the input has the object types link, hashtag"
      ),
    ]
    for (options, message) in cases {
      let result = try cibgraph(["coordinate", input] + options)
      #expect(result.status == 64, "\(options): \(result.stderr)")
      #expect(result.stdout.isEmpty)
      #expect(result.stderr.contains(message), "\(options): \(result.stderr)")
    }
  }
}

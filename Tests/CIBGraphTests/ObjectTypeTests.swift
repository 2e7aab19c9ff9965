import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

/// Reads `csv` (an activity file or an archive read with `actions`) and
/// detects coordination, each type of `typeWindows` with its own window in
/// seconds; edges as `"a-b": weight`.
private func detect(
  _ csv: String, window: Int64 = 60, typeWindows: [String: Int64] = [:], minRepeat: Int = 1,
  actions: [CoordinationAction] = [], normalization: ObjectNormalization = [],
  definition: CoordinationDefinition = .distinctObjects
) throws -> (reader: ActivityReader, network: CoordinationNetwork, edges: [String: Int]) {
  let reader = try ActivityReader(
    bytes: Array(csv.utf8), file: "test.csv", actions: actions,
    posts: definition != .distinctObjects, normalization: normalization)
  let parameters = CoordinationParameters(
    window: window * 1000, minRepeat: minRepeat, definition: definition,
    typeWindows: typeWindows.isEmpty
      ? [] : reader.table.objectTypes.map { (typeWindows[$0] ?? window) * 1000 })
  let network = try CoordinationNetwork(reader.table, parameters: parameters)
  var edges: [String: Int] = [:]
  for edge in network.edges {
    let a = reader.table.accountID(edge.a)
    let b = reader.table.accountID(edge.b)
    edges[[a, b].sorted().joined(separator: "-")] = edge.weight
  }
  return (reader, network, edges)
}

/// Several kinds of object in one file, a window per kind, and objects
/// normalised as they are read (issue 16, item 4).
@Suite struct ObjectTypeTests {
  static let header = "object_id,account_id,content_id,timestamp,object_type\n"

  /// The same string as a link and as a hashtag, with hashtags given ten
  /// times the links' window.
  static let mixed =
    header + """
      x,a,p1,0,link
      x,b,p2,30,link
      x,a,p3,0,hashtag
      x,c,p4,500,Hashtag
      y,b,p5,1000,hashtag
      y,c,p6,1590,hashtag
      z,b,p7,2000,link
      z,c,p8,2090,link

      """

  @Test func eachTypeHasItsWindowAndTheSameStringUnderTwoTypesIsTwoObjects() throws {
    // By hand, links at 60 s: x a–b 30 s apart (in); z b–c 90 s (out).
    // Hashtags at 600 s: x a–c 500 s (in); y b–c 590 s (in).
    // Were x one object, a–b, a–c and b–c would all meet on it.
    let typed = try detect(Self.mixed, typeWindows: ["hashtag": 600])
    #expect(typed.edges == ["a-b": 1, "a-c": 1, "b-c": 1])
    let table = typed.reader.table
    #expect(table.types.names == ["link", "hashtag"], "names lower-cased, in order of appearance")
    #expect(table.objectCount == 4)
    #expect((0..<UInt32(4)).map { table.objectID($0) } == ["x", "x", "y", "z"])
    // The evidence of a–b is the link x, of a–c the hashtag x.
    let evidence = typed.network.edges.map { edge in
      typed.network.coincidences[edge.evidence].map {
        "\(table.accountID(edge.a))-\(table.accountID(edge.b)) "
          + "\(table.types.name(of: $0.object)):\(table.objectID($0.object))"
      }
    }.flatMap { $0 }.sorted()
    #expect(evidence == ["a-b link:x", "a-c hashtag:x", "b-c hashtag:y"])
    let summaries = typed.network.typeSummaries(table)
    #expect(
      summaries == [
        ObjectTypeSummary(
          name: "link", window: 60_000, actions: 4, objects: 2, coincidences: 1, edges: 1),
        ObjectTypeSummary(
          name: "hashtag", window: 600_000, actions: 4, objects: 2, coincidences: 2, edges: 2),
      ])
    // Every type at 60 s: only the link pair is near enough.
    #expect(try detect(Self.mixed).edges == ["a-b": 1])
    // Without the object_type column, x is one object of four actions.
    let untyped = Self.mixed.replacingOccurrences(of: ",object_type", with: "")
      .replacingOccurrences(of: ",link", with: "").replacingOccurrences(of: ",hashtag", with: "")
      .replacingOccurrences(of: ",Hashtag", with: "")
    #expect(try detect(untyped, window: 600).edges == ["a-b": 1, "a-c": 1, "b-c": 3])
  }

  @Test func anArchiveReadWithSeveralActionsHasThemAsTypes() throws {
    let csv = """
      tweetid,userid,tweet_time,retweet_tweetid,urls,hashtags
      t1,a,2020-01-01 00:00:00,,[https://e.test/1],"[Vote, vote]"
      t2,b,2020-01-01 00:00:30,,['https://e.test/1'],[VOTE]
      t3,c,2020-01-01 00:00:40,r1,[],[other]
      t4,d,2020-01-01 00:00:50,r1,[vote],[]

      """
    // Links: e.test/1 by a and b; "vote" by d. Hashtags: vote by a (once,
    // however spelled) and b; other by c. "vote" the link is not "vote" the
    // hashtag: d meets nobody. Retweets are not read.
    let both = try detect(csv, actions: [.link, .hashtag])
    #expect(both.edges == ["a-b": 2])
    #expect(both.reader.table.types.names == ["link", "hashtag"])
    #expect(both.reader.table.count == 6)
    #expect(
      both.network.objectsByType(both.network.edges[0], table: both.reader.table)
        == "1 link, 1 hashtag")
    // Retweets too: c and d retweeted r1 10 s apart.
    let all = try detect(csv, actions: [.link, .hashtag, .retweet])
    #expect(all.edges == ["a-b": 2, "c-d": 1])
    #expect(all.reader.table.types.names == ["link", "hashtag", "retweet"])
    // One action is the plain reading, without types.
    let one = try detect(csv, actions: [.link])
    #expect(one.edges == ["a-b": 1])
    #expect(one.reader.table.types.isEmpty)
    // A repeated action counts once.
    #expect(try detect(csv, actions: [.link, .link]).reader.table.types.isEmpty)
  }

  @Test func cooRTweetsDefinitionFiltersEachTypeApart() throws {
    // Window 10 s, min_participation 2.
    // Links: a and b each share L1 and L2, 5 s apart: both have 2 link rows,
    // both 2 coinciding link posts → a–b, 2 pairs of shares.
    // Hashtags: a shares H1 once (1 hashtag row < 2: a is dropped for
    // hashtags), c shares H1 3 s later and H2 alone: H1 has no pair left.
    // Without types a has 3 rows and 3 coinciding posts, and a–c is kept.
    let rows = """
      L1,a,p1,0,link
      L1,b,p2,5,link
      L2,a,p3,100,link
      L2,b,p4,105,link
      H1,a,p5,0,hashtag
      H1,c,p6,3,hashtag
      H2,c,p7,200,hashtag

      """
    let definition = CoordinationDefinition.coortweet(minParticipation: 2)
    let typed = try detect(Self.header + rows, window: 10, definition: definition)
    #expect(typed.edges == ["a-b": 2])
    #expect(typed.network.coortweet?.accountsBelowMinimum == 0, "each is eligible in one type")
    #expect(typed.network.coortweet?.accountsParticipating == 2, "a and b, in links")
    let plain = (Self.header + rows).replacingOccurrences(of: ",object_type", with: "")
      .replacingOccurrences(of: ",link", with: "").replacingOccurrences(of: ",hashtag", with: "")
    #expect(try detect(plain, window: 10, definition: definition).edges == ["a-b": 2, "a-c": 1])
    // A type's own window applies to its shares: hashtags at 2 s leave H1 (3 s) out.
    let hashtagsAt2 =
      Self.header + rows.replacingOccurrences(of: "H1,a,p5,0,hashtag\n", with: "")
      + "H1,a,p8,0,hashtag\nH3,a,p9,50,hashtag\nH3,c,p10,51,hashtag\n"
    // a now has 2 hashtag rows; H1 (3 s) and H3 (1 s) coincide at 10 s: a–c
    // has 2 pairs, a participates in hashtags (p8, p9). At 2 s only H3
    // coincides: a and c have 1 coinciding hashtag post each, and neither
    // participates.
    #expect(
      try detect(hashtagsAt2, window: 10, definition: definition).edges == ["a-b": 2, "a-c": 2])
    #expect(
      try detect(hashtagsAt2, window: 10, typeWindows: ["hashtag": 2], definition: definition)
        .edges == ["a-b": 2])
  }

  @Test func anEmptyTypeIsAnEmptyObjectAndTooManyTypesAreRefusedWhereTheyAre() throws {
    let empty = try detect(Self.header + "x,a,p1,0,link\nx,b,p2,0,  \n")
    #expect(empty.reader.report.skipped == [.emptyObject: 1])
    #expect(empty.reader.report.skippedRows.first?.location.line == 3)
    #expect(empty.reader.report.skippedRows.first?.location.column == 10)

    var many = Self.header
    for type in 0...ObjectTypes.most { many += "x,a,p\(type),0,t\(type)\n" }
    #expect {
      try detect(many)
    } throws: { error in
      let error = error as? InputError
      return error?.location.line == ObjectTypes.most + 2 && error?.location.column == 12
        && error?.message.contains("more than 256 types") == true
    }
    // 256 types are read.
    var most = Self.header
    for type in 0..<ObjectTypes.most { most += "x,a\(type % 2),p\(type),0,t\(type)\n" }
    #expect(try detect(most).reader.table.types.count == 256)
    let long = Self.header + "x,a,p1,0," + String(repeating: "t", count: 65) + "\n"
    #expect(throws: InputError.self) { try detect(long) }
  }

  @Test func normalisationAppliesToTheTypesItIsAbout() throws {
    let csv =
      Self.header + """
        https://WWW.Example.test/a?utm_source=x,a,p1,0,link
        https://example.test/b#top,b,p2,10,url
        #Straße,a,p3,0,hashtag
        STRASSE,b,p4,10,hashtag
        https://WWW.Example.test/a,a,p5,0,image
        https://www.example.test/a,b,p6,10,image

        """
    // Without rules: nothing in common.
    #expect(try detect(csv).edges.isEmpty)
    // Hosts: the link and the url are both example.test, but of two types.
    let hosts = try detect(csv, normalization: .urlDomain)
    #expect(hosts.edges.isEmpty)
    #expect(hosts.reader.table.objectID(0) == "example.test")
    // The image type is left as written; hashtags fold to "strasse".
    let folded = try detect(csv, normalization: [.urlDomain, .hashtagCase])
    #expect(folded.edges == ["a-b": 1])
    #expect(
      folded.network.objectsByType(folded.network.edges[0], table: folded.reader.table)
        == "1 hashtag")
    // A file without types: a value with # is a hashtag, any other gets every rule.
    let plain =
      "object_id,account_id,content_id,timestamp\n"
      + "https://a.test/1?fbclid=1,a,p1,0\nhttps://a.test/1#x,b,p2,5\n#Tag,a,p3,0\ntag,b,p4,5\n"
    #expect(try detect(plain, normalization: [.stripTracking, .hashtagCase]).edges == ["a-b": 2])
    // A value the rules leave empty is an empty object.
    let emptied = try detect(
      "object_id,account_id,content_id,timestamp\n#,a,p1,0\n#x,b,p2,0\n",
      normalization: .hashtagCase)
    #expect(emptied.reader.report.skipped == [.emptyObject: 1])
  }

  @Test func archiveHashtagsFoldUnicodeOnRequest() throws {
    let csv = """
      tweetid,userid,tweet_time,hashtags
      1,a,2020-01-01 00:00:00,"['Ωmega', 'Straße']"
      2,b,2020-01-01 00:00:10,"['ωMEGA', '#STRASSE']"

      """
    // As before, ASCII case only: Straße/STRASSE and Ωmega/ωMEGA differ.
    #expect(try detect(csv, actions: [.hashtag]).edges.isEmpty)
    #expect(try detect(csv, actions: [.hashtag], normalization: .hashtagCase).edges == ["a-b": 2])
  }

  @Test func measuresUseEachTypesWindow() throws {
    // The mixed file, hashtags at 600 s: a–c meets on the hashtag x 500 s
    // apart, which the default 60 s window would not count as a pair of shares.
    let reader = try ActivityReader(
      bytes: Array(Self.mixed.utf8), file: "m.csv", actions: [], posts: false)
    var parameters = CoordinationParameters(window: 60_000, minRepeat: 1, measures: true)
    parameters.typeWindows = reader.table.objectTypes.map { $0 == "hashtag" ? 600_000 : 60_000 }
    let network = try CoordinationNetwork(reader.table, parameters: parameters)
    let measures = try #require(network.measures)
    let byPair = Dictionary(
      uniqueKeysWithValues: zip(network.edges, measures.edges).map { edge, measured in
        (
          [reader.table.accountID(edge.a), reader.table.accountID(edge.b)].sorted()
            .joined(separator: "-"), measured
        )
      })
    #expect(byPair["a-c"]?.sharePairs == 1)
    #expect(byPair["a-c"]?.minGap == 500_000)
    #expect(byPair["b-c"]?.minGap == 590_000)
    #expect(byPair["a-b"]?.minGap == 30_000)
  }

  @Test func theFastWindowRecountsParticipationTypeByType() throws {
    // CooRTweet's definition, window 10 s, fast window 2 s, min_participation 2.
    // At 10 s every object below has one a–b pair of shares: weight 4.
    // At 2 s, links: only L1 (1 s) coincides, a and b have one fast link post
    // each, below 2: no fast link pairs. Hashtags: H1 and H2 (1 s each): two
    // fast hashtag posts each, both participate: fast weight 2.
    // Without types, a has three fast posts (L1, H1, H2): fast weight 3.
    let rows = """
      L1,a,p1,0,link
      L1,b,p2,1,link
      L2,a,p3,100,link
      L2,b,p4,105,link
      H1,a,p5,200,hashtag
      H1,b,p6,201,hashtag
      H2,a,p7,300,hashtag
      H2,b,p8,301,hashtag

      """
    func fastWeight(_ csv: String) throws -> (weight: Int, fast: Int?) {
      let reader = try ActivityReader(
        bytes: Array(csv.utf8), file: "f.csv", actions: [], posts: true)
      let network = try CoordinationNetwork(
        reader.table,
        parameters: CoordinationParameters(
          window: 10_000, minRepeat: 2, definition: .coortweet(minParticipation: 2),
          fastWindow: 2_000))
      let edge = try #require(network.edges.first)
      return (edge.weight, network.measures?.edges.first?.fastWeight)
    }
    let typed = try fastWeight(Self.header + rows)
    #expect(typed.weight == 4)
    #expect(typed.fast == 2)
    let plain = (Self.header + rows).replacingOccurrences(of: ",object_type", with: "")
      .replacingOccurrences(of: ",link", with: "").replacingOccurrences(of: ",hashtag", with: "")
    let untyped = try fastWeight(plain)
    #expect(untyped.weight == 4)
    #expect(untyped.fast == 3)
  }

  @Test func typesAndNormalisationAreReadByTheCarefulLoop() throws {
    // The fast reader reads the four activity columns as they are; a type
    // column or normalisation must not be lost to it.
    var csv = Self.header
    for row in 0..<2_000 {
      csv += "HTTPS://WWW.Example.test/\(row % 7)?utm_source=x,a\(row % 5),p\(row),\(row),link\n"
    }
    let typed = try ActivityReader(
      bytes: Array(csv.utf8), file: "t.csv", actions: [], fast: tinySplit)
    #expect(!typed.readFast)
    #expect(typed.table.types.names == ["link"])
    let plain = csv.replacingOccurrences(of: ",object_type", with: "")
      .replacingOccurrences(of: ",link\n", with: "\n")
    #expect(try ActivityReader(bytes: Array(plain.utf8), file: "p.csv", fast: tinySplit).readFast)
    let normalised = try ActivityReader(
      bytes: Array(plain.utf8), file: "p.csv", actions: [],
      normalization: [.urlDomain, .stripTracking], fast: tinySplit)
    #expect(!normalised.readFast)
    #expect(normalised.table.objectCount == 1)
    #expect(normalised.table.objectID(0) == "example.test")
  }
}

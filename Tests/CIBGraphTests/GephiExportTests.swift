import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

@testable import CIBGraphFormats

/// Spreadsheets as Gephi's Data Laboratory exports them, and kinds as other
/// tools write them: read without editing, by the careful and the fast
/// reader alike.
@Suite struct GephiExportTests {
  /// A nodes table as Gephi 0.9/0.10 exports it (Apache Commons CSV: CRLF,
  /// quotes only where needed): `Id,Label,timeset`, then the columns the
  /// user imported or computed, with kinds in words a spreadsheet has.
  static let nodes = """
    Id,Label,timeset,platform,Followers,modularity_class\r
    p1,Page <one>,,Facebook Page,3,0\r
    g1,Group & co,,fb_group,,0\r
    a1,Admin,,FB profile,,0\r
    ig1,"Insta ""x""\",,IG account,1500,1\r
    t1,t1,,Twitter account,12,1\r
    y1,Channel,,YouTube channel,,2\r

    """
  /// The edges table: `Source,Target,Type,Kind,Id,Label,timeset,Weight`, the
  /// relation type where Gephi keeps cibgraph's (its `Kind`), directions in
  /// `Type`, weights as Gephi writes them (`1,33` in a locale with a decimal comma).
  static let edges = """
    Source,Target,Type,Kind,Id,Label,timeset,Weight,Evidence\r
    a1,p1,Directed,administers,0,,,1,"seen, twice"\r
    a1,g1,Directed,memberOf,1,,,0.25,\r
    t1,ig1,Undirected,,2,,,"1,33",\r
    y1,p1,Directed,,3,,,1e-05,\r

    """

  static func kinds() -> KindMapping { KindMapping(column: "platform") }

  @Test func aDataLaboratoryExportIsReadAsItIs() throws {
    let loaded = try GephiSpreadsheet.load(
      nodes: (Array(Self.nodes.utf8), "nodes.csv"), edges: (Array(Self.edges.utf8), "edges.csv"),
      kinds: Self.kinds())
    #expect(loaded.findings.isEmpty, "\(loaded.findings)")
    let network = loaded.document.networks[0]
    #expect(
      network.assets.map(\.kind) == [
        .page, .group, .account, .instagram, .xAccount, .youtubeChannel,
      ])
    #expect(network.assets.map(\.followers) == [3, nil, nil, 1500, 12, nil])
    #expect(network.assets[3].name == "Insta \"x\"")
    #expect(network.relations.map(\.type) == [.administers, .memberOf, .linkedTo, .linkedTo])
    #expect(network.relations.map(\.weight) == [1, 0.25, 1.33, 0.00001])
    #expect(network.relations[0].evidence == "seen, twice")
  }

  @Test func theFastReaderReadsTheSameGraphOrLeavesItToTheCarefulOne() throws {
    let nodes = Array(Self.nodes.utf8)
    // Without the weights the fast reader leaves to the careful one, it reads the file itself.
    let plainEdges = Array(
      Self.edges.replacingOccurrences(of: "\"1,33\"", with: "1.5")
        .replacingOccurrences(of: "1e-05", with: "2").utf8)
    for edges in [Array(Self.edges.utf8), plainEdges] {
      let careful = try SpreadsheetGraphReader.readCarefully(
        nodes: (nodes, "nodes.csv"), edges: (edges, "edges.csv"), kinds: Self.kinds())
      #expect(careful.findings.isEmpty)
      let fast = nodes.withUnsafeBufferPointer { n in
        edges.withUnsafeBufferPointer { e in
          FastSpreadsheetReader.read(nodes: n, edges: e, kinds: Self.kinds(), split: .tiny)
        }
      }
      if edges == plainEdges {
        let fast = try #require(fast, "the fast reader gave up on plain numbers")
        #expect(fast.ids == careful.graph.ids)
        #expect(fast.kinds == careful.graph.kinds)
        #expect(fast.edges == careful.graph.edges)
      } else {
        #expect(fast == nil || fast!.edges == careful.graph.edges)
      }
    }
  }

  @Test func weightsAndRelationTypesAreWrittenBackAsGephiReadsThem() throws {
    let loaded = try GephiSpreadsheet.load(
      nodes: (Array(Self.nodes.utf8), "nodes.csv"), edges: (Array(Self.edges.utf8), "edges.csv"),
      kinds: Self.kinds())
    let sheets = GraphExport(documents: [loaded.document]).spreadsheets()
    #expect(sheets.edges.hasPrefix("Source,Target,Type,Kind,Weight,Evidence\r\n"))
    #expect(sheets.edges.contains("a1,p1,Directed,administers,1.0,\"seen, twice\"\r\n"))
    #expect(sheets.edges.contains("t1,ig1,Directed,linkedTo,1.33,\r\n"))
    let back = try GephiSpreadsheet.load(
      nodes: (Array(sheets.nodes.utf8), "n.csv"), edges: (Array(sheets.edges.utf8), "e.csv"))
    #expect(back.findings.isEmpty)
    #expect(back.document.networks[0].relations == loaded.document.networks[0].relations)
    #expect(back.document.networks[0].assets == loaded.document.networks[0].assets)
  }

  @Test func coordinationIsWrittenUndirected() {
    var network = Network(id: "n", name: "n")
    network.assets = [Asset(id: "u1", kind: .xAccount), Asset(id: "u2", kind: .xAccount)]
    network.relations = [Relation(source: "u1", target: "u2", type: .coordinatedWith, weight: 3)]
    let document = NetworkDocument(report: Report(title: "t", publisher: "p"), networks: [network])
    let edges = GraphExport(documents: [document]).spreadsheets().edges
    #expect(edges.contains("u1,u2,Undirected,coordinatedWith,3.0,\r\n"))
  }

  @Test func typeAndKindThatDisagreeOrNameNothingAreBadRows() throws {
    let nodes = "Id,Kind\na,page\nb,page\n"
    let edges = """
      Source,Target,Type,Kind,Weight
      a,b,administers,memberOf,
      a,b,Sideways,,
      a,b,Directed,Friends,
      a,b,Directed,,heavy
      a,b,Directed,,NaN
      a,b,Directed,,0x10
      a,b,administers,administers, 2 

      """
    let loaded = try GephiSpreadsheet.load(
      nodes: (Array(nodes.utf8), "n.csv"), edges: (Array(edges.utf8), "e.csv"))
    let messages = loaded.findings.map {
      "\($0.location!.line!):\($0.location!.column!) \($0.message)"
    }
    #expect(
      messages == [
        "2:17 Kind says memberOf but Type says administers; give one relation type",
        "3:5 unknown relation type \"Sideways\"; expected one of \(RelationType.validNames), or Gephi's Directed or Undirected",
        "4:14 unknown relation type \"Friends\" in Kind; expected one of \(RelationType.validNames)",
        "5:15 Weight is not a finite number: \"heavy\"",
        "6:15 Weight is not a finite number: \"NaN\"",
        "7:15 Weight is not a finite number: \"0x10\"",
      ])
    #expect(loaded.document.networks[0].relations.map(\.weight) == [2])
  }
}

@Suite struct KindMappingTests {
  /// Names are matched a word at a time when short (``FieldNames``): every
  /// field, at every length up to 20 and at the input's very end (where no
  /// 16 bytes can be loaded at once), matches exactly the first name whose
  /// spelling key is its own, the rule the careful text path applies.
  @Test func namesMatchByTheirSpellingKeyAtEveryLengthAndPlace() {
    // The bytes around each range the folding treats apart: `@` `A` `Z` `[`,
    // `` ` `` `a` `z` `{`, space, `_`, `-`, a tab inside, and bytes past ASCII.
    let alphabet = Array("@AZ[`az{ _-\tmM0".utf8) + [0x7F, 0x80, 0xC1, 0xDA, 0xE1, 0xFF, 0x00]
    var random = SeededGenerator(seed: 29)
    var names: [String] = []
    for _ in 0..<60 {
      let length = random.int(in: 1...20)
      names.append(
        String(
          decoding: (0..<length).map { _ in random.element(of: alphabet)! }
            .filter { $0 < 0x80 }, as: UTF8.self))
    }
    let table = FieldNames(names.enumerated().map { ($0.element, $0.offset) })
    let keys = names.map(AssetKind.spellingKey)
    var matched = 0
    for round in 0..<4000 {
      // Half the fields are a name respelled (case and separators changed), half random.
      let field: [UInt8]
      if round % 2 == 0 {
        field = Array(random.element(of: names)!.utf8).map { byte in
          switch (byte, random.below(3)) {
          case (UInt8(ascii: "a")...UInt8(ascii: "z"), 0): byte - 0x20
          case (UInt8(ascii: "A")...UInt8(ascii: "Z"), 0): byte + 0x20
          case (UInt8(ascii: " "), 0), (UInt8(ascii: "-"), 0): UInt8(ascii: "_")
          case (UInt8(ascii: "_"), 0): UInt8(ascii: " ")
          default: byte
          }
        }
      } else {
        field = (0..<random.int(in: 0...20)).map { _ in
          random.element(of: alphabet)!
        }
      }
      let ascii = field.allSatisfy { $0 < 0x80 }
      let key =
        ascii
        ? AssetKind.spellingKey(
          String(decoding: field, as: UTF8.self).trimmingCharacters(
            in: CharacterSet(charactersIn: " \t"))) : nil
      let expected = key.flatMap { keys.firstIndex(of: $0) }
      // At the start of a longer input, and as its last bytes.
      let padded = field + Array(repeating: UInt8(ascii: "x"), count: 24)
      let inside = padded.withUnsafeBufferPointer { table.match($0, 0..<field.count) }
      let atEnd = field.withUnsafeBufferPointer { table.match($0, 0..<field.count) }
      if ascii {
        #expect(inside == expected, "\(field)")
        #expect(atEnd == expected, "\(field)")
      } else {
        // Bytes past ASCII match only themselves, as the name spells them.
        #expect(inside == atEnd, "\(field)")
      }
      if expected != nil { matched += 1 }
    }
    #expect(matched > 1000)
  }

  @Test func exportsWordsForKindsAreBuiltIn() {
    let words: [(String, AssetKind)] = [
      ("Facebook Page", .page), ("fb_page", .page), ("FB-Page", .page), ("IG account", .instagram),
      ("Twitter account", .xAccount), ("YouTube channel", .youtubeChannel),
      ("Facebook_Group", .group), ("TikTok", .tiktokAccount), ("organisation", .organization),
    ]
    for (word, kind) in words {
      #expect(AssetKind(name: word) == kind, "\(word)")
      #expect(KindMapping.standard.kind(named: word) == kind, "\(word)")
      let bytes = Array(word.utf8)
      #expect(FieldNames.kinds.match(bytes, CSVField(whole: bytes)) == kind, "\(word)")
    }
    // Words several platforms share are not guessed.
    for word in ["profile", "channel", "account page", "pages"] {
      #expect(AssetKind(name: word) == nil, "\(word)")
    }
  }

  @Test func aMapComesBeforeTheBuiltInNamesAndADefaultFillsEmptyKinds() throws {
    let map = try temporaryFile(
      "kinds.csv",
      "Value,Kind,Note\nPágina,page,\nGroup,telegram-channel,our groups are Telegram's\n")
    var kinds = KindMapping(column: "type", defaultKind: .account)
    try kinds.readMap(.path(map))
    let nodes = "Id,Type\nA,PÁGINA\nB,group\nC,\nD,Facebook Page\nE,Channel\n"
    let loaded = try GephiSpreadsheet.load(
      nodes: (Array(nodes.utf8), "n.csv"), edges: nil, kinds: kinds)
    #expect(
      loaded.document.networks[0].assets.map(\.kind) == [.page, .telegramChannel, .account, .page])
    #expect(loaded.findings.map(\.message) == [kinds.unknownValueMessage("Channel")])
    #expect(loaded.findings.first?.location?.line == 6)
    // The graph path reads the same (the fast reader leaves the non-ASCII word to the careful one).
    let graph = try GephiSpreadsheet.readGraph(
      nodes: .bytes(Array(nodes.utf8), name: "n.csv"), edges: nil, kinds: kinds)
    #expect(graph.graph.kinds == [.page, .telegramChannel, .account, .page])
  }

  /// `""` followed by a combining mark is, as Swift characters, a quote and a
  /// quote-with-accent: undoing doubled quotes on a `String` missed it, and
  /// the id kept both quotes. Every reader undoes them on the bytes.
  @Test func aDoubledQuoteWithACombiningMarkIsOneQuote() throws {
    let id = "c\"\u{301}"
    let nodes = Array("Id,Label,Kind\n\"c\"\"\u{301}\",\"l\"\"\u{301}\",page\nb,B,page\n".utf8)
    let edges = Array("Source,Target,Type\n\"c\"\"\u{301}\",b,linkedTo\n".utf8)
    let careful = try SpreadsheetGraphReader.readCarefully(
      nodes: (nodes, "n.csv"), edges: (edges, "e.csv"), kinds: KindMapping())
    #expect(careful.graph.ids.map { $0 } == [id, "b"])
    #expect(careful.graph.edgeCount == 1)
    let document = try GephiSpreadsheet.load(
      nodes: (nodes, "n.csv"), edges: (edges, "e.csv"), kinds: KindMapping()
    ).document
    #expect(document.networks[0].assets.map(\.id) == [id, "b"])
    let label = "l\"\u{301}"
    #expect(document.networks[0].assets[0].name == label)
    #expect(document.networks[0].relations.map(\.source) == [id])
    let fast = nodes.withUnsafeBufferPointer { n in
      edges.withUnsafeBufferPointer { e in
        FastSpreadsheetReader.read(nodes: n, edges: e, kinds: KindMapping(), split: .tiny)
      }
    }
    #expect(fast == nil || fast!.ids.map { $0 } == [id, "b"])
    let activity = try ActivityReader(
      bytes: Array(
        "object_id,account_id,content_id,timestamp\n\"o\"\"\u{301}\",\"a\"\"\u{301}\",p,1\n".utf8),
      file: "a.csv"
    ).table
    let object = "o\"\u{301}"
    let account = "a\"\u{301}"
    #expect(activity.objectID(0) == object && activity.accountID(0) == account)
  }

  @Test func aFileWithoutKindsNeedsADefaultOrAColumn() throws {
    let nodes = Array("Id,Label,timeset\np1,P,\n".utf8)
    #expect {
      try GephiSpreadsheet.load(nodes: (nodes, "n.csv"), edges: nil)
    } throws: { error in
      let error = error as! InputError
      return error.message.hasPrefix(
        "the header has no \"Kind\" column (found: Id, Label, timeset)")
        && error.location.line == 1
        && error.message(namingArgumentAs: "--default-kind").hasSuffix("with --default-kind")
    }
    let loaded = try GephiSpreadsheet.load(
      nodes: (nodes, "n.csv"), edges: nil, kinds: KindMapping(defaultKind: .page))
    #expect(loaded.document.networks[0].assets == [Asset(id: "p1", kind: .page, name: "P")])
    let graph = try GephiSpreadsheet.readGraph(
      nodes: .bytes(nodes, name: "n.csv"), edges: nil, kinds: KindMapping(defaultKind: .page))
    #expect(graph.graph.kinds == [.page])
  }

  @Test func aMapThatSaysAValueTwiceOrNamesNoKindIsRefusedWhereItDoes() throws {
    for (contents, place, message) in [
      (
        "Value,Kind\nFB Page,page\nfb_page,group\n", "3:1",
        "\"fb_page\" is mapped twice, on line 2 and here"
      ),
      ("Value,Kind\nzz,page\nzz,page\n", "3:1", "\"zz\" is mapped twice"),
      ("Value,Kind\nzz,pagez\n", "2:4", "unknown kind \"pagez\""),
      ("Value,Kind\n,page\n", "2:1", "empty Value"),
      (
        "Value;Kind\nzz;page\n", "1:1",
        "a kinds map's header names a \"Value\" and a \"Kind\" column"
      ),
      ("Value,Kind\nzz,page,extra\n", "2:1", "row has 3 field(s)"),
    ] {
      let path = try temporaryFile("map.csv", contents)
      var kinds = KindMapping()
      #expect(throws: InputError.self) { try kinds.readMap(.path(path)) }
      do throws(InputError) {
        try kinds.readMap(.path(path))
      } catch {
        #expect("\(error.location.line ?? 0):\(error.location.column ?? 0)" == place, "\(contents)")
        #expect(error.message.contains(message), "\(error.message)")
      }
      #expect(
        kinds.kind(named: "zz") == nil && kinds.kind(named: "fb page") == .page,
        "a refused map maps nothing")
    }
  }

  @Test func aSemicolonSeparatedHeaderIsNamedAsSuch() {
    #expect {
      try GephiSpreadsheet.load(
        nodes: (Array("Id;Label;Kind\np1;P;page\n".utf8), "n.csv"), edges: nil)
    } throws: { error in
      (error as! InputError).message.hasSuffix(
        "this header is one field with a semicolon in it: separate fields with commas")
    }
  }
}

extension CSVField {
  /// The field that is the whole of `bytes`.
  fileprivate init(whole bytes: [UInt8]) {
    self.init(
      start: 0, end: bytes.count, hasEscapedQuotes: false, line: 1, lineStart: 0, offset: 0)
  }
}

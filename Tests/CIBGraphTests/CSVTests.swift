import CIBGraph
import CIBGraphTestSupport
import Testing

@Suite struct CSVTokenizerTests {
  /// Every record of `text` as strings.
  func records(_ text: String) throws(InputError) -> [[String]] {
    try records(Array(text.utf8))
  }

  func records(_ bytes: [UInt8]) throws(InputError) -> [[String]] {
    var reader = CSVTokenizer(bytes: bytes, file: "t.csv")
    var fields: [CSVField] = []
    var result: [[String]] = []
    while try reader.nextRecord(into: &fields) != nil {
      var row: [String] = []
      for field in fields { row.append(try reader.string(field)) }
      result.append(row)
    }
    return result
  }

  @Test func quotingFollowsRFC4180() throws {
    #expect(try records("a,b\n1,2\n") == [["a", "b"], ["1", "2"]])
    #expect(try records("a,\"b,c\"\n") == [["a", "b,c"]])
    #expect(try records("\"say \"\"hi\"\"\",x") == [["say \"hi\"", "x"]])
    #expect(try records("\"two\nlines\",x\r\ny,z") == [["two\nlines", "x"], ["y", "z"]])
    #expect(try records("\"\",\"\"\n") == [["", ""]])
    #expect(try records("a,,\n") == [["a", "", ""]])
    #expect(try records("a,b,") == [["a", "b", ""]])
    #expect(try records("no newline at end") == [["no newline at end"]])
    #expect(try records("\u{FEFF}Id,Kind\r\nx,page\r\n") == [["Id", "Kind"], ["x", "page"]])
    #expect(try records("a\n\n\nb\n") == [["a"], ["b"]])
    #expect(try records("old\rmac\r") == [["old"], ["mac"]])
    #expect(try records("\"keeps\r\nCRLF\"") == [["keeps\r\nCRLF"]])
    #expect(try records("\"emoji 😀, RTL \u{202E}\"") == [["emoji 😀, RTL \u{202E}"]])
  }

  @Test func anUnclosedQuoteIsReportedWhereItOpened() {
    do {
      _ = try records("Id,Kind\nx,page\n\"never closed,page\ny,page\n")
      Issue.record("accepted")
    } catch {
      #expect(error.location.line == 3 && error.location.column == 1)
      #expect(error.message.contains("not closed"))
    }
  }

  @Test(arguments: [
    ("a,b\"c\n", 1, 4, "quote inside an unquoted field"),
    ("a\n\"b\"c,d\n", 2, 4, "after a closing quote"),
    ("é,ok\nü,b\"\n", 2, 4, "quote inside"),
  ])
  func strayQuotesAreLocated(text: String, line: Int, column: Int, message: String) {
    do {
      _ = try records(text)
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.location.line == line)
      #expect(error.location.column == column)
      #expect(error.message.contains(message))
    }
  }

  @Test func hugeFieldsAndBadUTF8AreErrorsNotCrashes() {
    let long = String(repeating: "x", count: CSVTokenizer.maxFieldBytes + 10) + ",y\n"
    #expect(throws: InputError.self) { try records("a,b\n" + long) }
    let quotedLong = "\"" + String(repeating: "x", count: CSVTokenizer.maxFieldBytes + 10)
    #expect(throws: InputError.self) { try records(quotedLong) }
    do {
      _ = try records(Array("ok,\n".utf8) + [0x61, 0xFF, 0x62])
      Issue.record("accepted invalid UTF-8")
    } catch {
      #expect(error.location.line == 2 && error.location.column == 2)
    }
  }
}

@Suite struct GephiSpreadsheetTests {
  @Test func readsNodesAndEdgesInAnyColumnOrder() throws {
    let loaded = try spreadsheet(
      nodes:
        "kind,ID,Followers,Members,Label,Extra\npage,p1,10,,\"A, Page\",z\ngroup,g1,,5,G,z\naccount,a1,,,,z\n",
      edges: "Target,Source,Type\np1,a1,administers\ng1,a1,memberOf\ng1,p1,\n")
    let network = loaded.document.networks[0]
    #expect(loaded.findings.isEmpty)
    #expect(network.assets.map(\.id) == ["p1", "g1", "a1"])
    #expect(network.assets[0] == Asset(id: "p1", kind: .page, name: "A, Page", followers: 10))
    #expect(network.assets[1].members == 5 && network.assets[1].followers == nil)
    #expect(network.relations.map(\.type) == [.administers, .memberOf, .linkedTo])
    #expect(network.relations[0].source == "a1" && network.relations[0].target == "p1")
  }

  @Test func badRowsBecomeLocatedFindingsAndAreLeftOut() throws {
    let loaded = try spreadsheet(
      nodes: """
        Id,Label,Kind,Followers,Members
        p1,ok,page,10,
        p2,bad kind,pagee,1,
        p3,negative,page,-4,
        p4,words,page,ten,
        ,empty id,page,,
        p5,short
        p6,ok,page,1e3,
        """,
      edges: "Source,Target,Type\np1,p2,linkedTo\np1,p1,follow\n")
    let messages = loaded.findings.map {
      "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.message)"
    }
    #expect(loaded.document.networks[0].assets.map(\.id) == ["p1"])
    #expect(
      messages == [
        "3:13 unknown kind \"pagee\"; expected one of \(AssetKind.validNames)",
        "4:18 Followers is negative (-4); counts are never negative",
        "5:15 Followers is not a whole number: \"ten\"",
        "6:1 empty Id; every node needs an identifier",
        "7:1 row has 2 field(s); the header has 5",
        "8:12 Followers is not a whole number: \"1e3\"",
        "3:7 unknown relation type \"follow\"; expected one of administers, memberOf, follows, attributedTo, partOf, linkedTo, coordinatedWith",
        "0:0 1 relation(s) left out because a node they link was on a bad row",
      ])
    #expect(loaded.findings.filter { $0.severity == .error }.count == 7)
  }

  @Test func headersAreCheckedFirst() {
    #expect(throws: InputError.self) { try spreadsheet(nodes: "") }
    do {
      _ = try spreadsheet(nodes: "Id,Label,Type\n")
      Issue.record("accepted a header without Kind")
    } catch {
      #expect(error.message.contains("no \"Kind\" column"))
      #expect(error.location.line == 1)
    }
    #expect(throws: InputError.self) { try spreadsheet(nodes: "Id,Kind,id\n") }
  }

  @Test func validatorFindingsPointAtSpreadsheetLines() throws {
    let loaded = try spreadsheet(
      nodes: "Id,Kind\na1,account\np1,page\na1,account\n",
      edges: "Source,Target,Type\na1,p1,administers\na1,ghost,administers\n")
    let findings = Validator.validate(loaded.document, locations: loaded.locations)
    let duplicate = try #require(findings.first { $0.code == "duplicate-id" })
    #expect(duplicate.location?.file == "nodes.csv" && duplicate.location?.line == 4)
    #expect(duplicate.message.contains("first at line 2"))
    let dangling = try #require(findings.first { $0.code == "dangling-reference" })
    #expect(dangling.location?.file == "edges.csv")
    #expect(dangling.location?.line == 3 && dangling.location?.column == 4)
  }
}

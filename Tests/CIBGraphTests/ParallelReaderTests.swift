import CIBGraph
@_spi(Internal) import CIBGraphCore
import CIBGraphSupport
import CIBGraphTestSupport
import Foundation
import Testing

/// The fast spreadsheet reader's graph of in-memory files, split with ``tinySplit``.
func fastGraph(_ nodes: [UInt8], _ edges: [UInt8]?) -> AssetGraph? {
  nodes.withUnsafeBufferPointer { n in
    guard let edges else {
      return FastSpreadsheetReader.read(nodes: n, edges: nil, split: tinySplit)
    }
    return edges.withUnsafeBufferPointer { e in
      FastSpreadsheetReader.read(nodes: n, edges: e, split: tinySplit)
    }
  }
}

/// Splits work as if small inputs were large (see ``WorkSplit/tiny``).
let tinySplit = WorkSplit.tiny

/// The readers that split files across cores must find exactly what the
/// careful ones find, on random inputs with quoting, line breaks in fields,
/// byte-order marks, CRLF and blank lines.
@Suite struct ParallelReaderTests {
  static let names = [
    "plain", "comma, here", "say \"hi\"", "two\nlines", "cr\r\nlf", "😀", "=1+1", " pad ", "é",
    "",
  ]

  /// Clean spreadsheets: every row valid, every edge between known nodes.
  /// - Parameter evidence: Whether the edges have an `Evidence` column.
  func cleanSpreadsheets(seed: UInt64, evidence: Bool = true) -> (
    nodes: String, edges: String, ids: [String]
  ) {
    var random = SeededGenerator(seed: seed)
    let end = random.element(of: ["\n", "\r\n"])!
    let bom = random.bool() ? "\u{FEFF}" : ""
    let reordered = random.bool()
    var nodes =
      bom
      + (reordered
        ? "Kind, note ,ID,Members,Label,followers" : "Id,Label,Kind,Followers,Members") + end
    var ids: [String] = []
    for i in 0..<random.int(in: 1...80) {
      // No quote in an id: the fast reader leaves those to the careful one.
      let id =
        "n\(i)"
        + random.element(of: [
          "", ",x", "\nline", " sp", "é", "0123456789abcdef",
        ])!
      ids.append(id)
      let kind = random.element(of: ["account", " Page", "GROUP\t", "instagram", "organisation"])!
      let followers =
        random.bool() ? " \(random.int(in: 0...99_999))" : ""
      let members = random.bool() ? "\(random.int(in: 0...9)) " : ""
      let label = random.element(of: Self.names)!
      let labelField = label.isEmpty && random.bool() ? "" : csvQuoted(label)
      nodes +=
        (reordered
        ? [kind, "z", csvQuoted(id), members, labelField, followers]
        : [csvQuoted(id), labelField, kind, followers, members]).joined(separator: ",") + end
      if random.int(in: 0..<10) == 0 { nodes += end }  // a blank line
    }
    var edges = bom + (evidence ? "Source,Target,Type,Evidence" : "Source,Target,Type") + end
    for _ in 0..<random.int(in: 0...150) {
      let type = random.element(of: ["administers", "MEMBEROF", "", " follows ", "linkedTo"])!
      edges +=
        [
          csvQuoted(random.element(of: ids)!), csvQuoted(random.element(of: ids)!),
          type, csvQuoted(random.element(of: Self.names)!),
        ].prefix(evidence ? 4 : 3).joined(separator: ",") + end
    }
    if random.bool() { edges.removeLast(end.count) }  // no line break at the end
    return (nodes, edges, ids)
  }

  @Test(arguments: 0..<40)
  func cleanSpreadsheetsReadOnAllCoresAsCarefully(seed: Int) throws {
    let (nodes, edges, _) = cleanSpreadsheets(seed: UInt64(seed))
    let nodeBytes = Array(nodes.utf8)
    let edgeBytes = Array(edges.utf8)
    let careful = try SpreadsheetGraphReader.readCarefully(
      nodes: (nodeBytes, "n.csv"), edges: (edgeBytes, "e.csv"))
    #expect(careful.findings.filter { $0.severity == .error }.isEmpty, "the input is clean")
    let fast = try #require(
      fastGraph(nodeBytes, edgeBytes), "clean files are read by the fast reader")
    #expect(fast.ids == careful.graph.ids)
    #expect(fast.kinds == careful.graph.kinds)
    #expect(fast.names == careful.graph.names)
    #expect(
      fast.nodes.map(fast.followers(of:)) == careful.graph.nodes.map(careful.graph.followers(of:)))
    #expect(
      fast.nodes.map(fast.members(of:)) == careful.graph.nodes.map(careful.graph.members(of:)))
    #expect(fast.edges == careful.graph.edges)
    #expect(ComponentAnalysis(fast).components == ComponentAnalysis(careful.graph).components)
  }

  /// `cibgraph components` has the fast reader hand each relation to a
  /// ``ComponentJoiner`` as it is read, chunk by chunk from every slice,
  /// instead of keeping it: the components must be the careful reader's.
  /// Slices are guessed there (no count of the file first), so a line break
  /// in a quoted field makes the reader keep the relations after all, as
  /// the graph's, and the joiner's work must then be dropped.
  @Test func relationsJoinedAsTheyAreReadGiveTheCarefulReadersComponents() throws {
    var streamed = 0
    var kept = 0
    for seed in 0..<60 {
      let (nodes, edges, _) = cleanSpreadsheets(seed: UInt64(seed), evidence: seed % 2 == 0)
      let nodeBytes = Array(nodes.utf8)
      let edgeBytes = Array(edges.utf8)
      let careful = try SpreadsheetGraphReader.readCarefully(
        nodes: (nodeBytes, "n.csv"), edges: (edgeBytes, "e.csv"))
      let joiner = ComponentJoiner()
      let read = try #require(
        nodeBytes.withUnsafeBufferPointer { n in
          edgeBytes.withUnsafeBufferPointer { e in
            // A chunk of one batch: most slices hand over several.
            FastSpreadsheetReader.read(
              nodes: n, edges: e, sink: joiner, split: tinySplit,
              chunk: FastSpreadsheetReader.batchSize)
          }
        }, "seed \(seed): clean files are read by the fast reader")
      #expect(read.graph.ids == careful.graph.ids)
      let expected = ComponentAnalysis(careful.graph).components
      if let taken = read.relationsTaken {
        streamed += 1
        #expect(read.graph.edges.isEmpty, "seed \(seed)")
        #expect(taken == careful.graph.edgeCount, "seed \(seed)")
        let analysis = ComponentAnalysis(
          read.graph, joined: joiner, relationCount: taken, split: tinySplit)
        #expect(analysis.components == expected, "seed \(seed)")
        #expect(analysis.edgeCount == careful.graph.edgeCount, "seed \(seed)")
      } else {
        kept += 1
        #expect(read.graph.edges == careful.graph.edges, "seed \(seed)")
        #expect(ComponentAnalysis(read.graph).components == expected, "seed \(seed)")
      }
    }
    #expect(streamed > 10 && kept > 0, "streamed \(streamed), kept \(kept)")
  }

  /// `cibgraph components` in text shows the names of a few nodes: the
  /// fast reader keeps where every so many rows start instead of the names,
  /// and finds a name in the file when asked. Every name found must be the
  /// one the careful reader keeps, across slices, quoted fields with line
  /// breaks, CRLF and blank lines, and more rows than lie between two
  /// places kept.
  @Test func namesFoundInTheFileAreTheNamesTheCarefulReaderKeeps() throws {
    var random = SeededGenerator(seed: 77)
    for (rows, end) in [(3000, "\n"), (2500, "\r\n"), (40, "\n")] {
      var nodes = "Id,Label,Kind" + end
      for i in 0..<rows {
        let label = random.element(of: Self.names)!
        nodes += "n\(i),\(label.isEmpty ? "" : csvQuoted(label)),page" + end
        if random.int(in: 0..<50) == 0 { nodes += end }  // a blank line
      }
      let bytes = Array(nodes.utf8)
      let careful = try SpreadsheetGraphReader.readCarefully(nodes: (bytes, "n.csv"), edges: nil)
      let places = try #require(
        bytes.withUnsafeBufferPointer {
          FastSpreadsheetReader.read(
            nodes: $0, edges: nil, names: .placed, sink: nil, split: tinySplit)
        })
      #expect(places.graph.names.isEmpty, "the names are not kept")
      let labels = NodeLabels(file: .array(bytes), places: try #require(places.labelPlaces))
      let found = careful.graph.nodes.map { labels.name(of: $0) }
      #expect(found == careful.graph.nodes.map { careful.graph.name(of: $0) }, "\(rows) rows")
      #expect(labels.name(of: NodeIndex(rows)) == nil, "no node past the last")
    }
  }

  /// An analysis that shows no names reads without them: both readers then
  /// give the same graph but for its names, every one absent, and still
  /// refuse the labels they would refuse with names kept.
  @Test(arguments: 0..<12)
  func graphsReadWithoutNamesDifferOnlyInTheirNames(seed: Int) throws {
    let (nodes, edges, _) = cleanSpreadsheets(seed: UInt64(seed))
    let nodeBytes = Array(nodes.utf8)
    let edgeBytes = Array(edges.utf8)
    let named = try #require(fastGraph(nodeBytes, edgeBytes), "clean files are read fast")
    let fast = try #require(
      nodeBytes.withUnsafeBufferPointer { n in
        edgeBytes.withUnsafeBufferPointer { e in
          FastSpreadsheetReader.read(nodes: n, edges: e, keepNames: false, split: tinySplit)
        }
      }, "clean files are read fast without names too")
    let careful = try SpreadsheetGraphReader.readCarefully(
      nodes: (nodeBytes, "n.csv"), edges: (edgeBytes, "e.csv"), keepNames: false)
    for graph in [fast, careful.graph] {
      #expect(graph.ids == named.ids)
      #expect(graph.kinds == named.kinds)
      #expect(graph.edges == named.edges)
      #expect(graph.nodes.map(graph.followers(of:)) == named.nodes.map(named.followers(of:)))
      #expect(graph.nodes.allSatisfy { graph.name(of: $0) == nil })
      #expect(ComponentAnalysis(graph).components == ComponentAnalysis(named).components)
    }
    #expect(named.nodes.contains { named.name(of: $0) != nil }, "the files do name assets")
  }

  @Test(arguments: [
    Array("Id,Kind,Label\na,page,".utf8) + [0xFF, 0x0A],
    Array("Id,Kind,Label\na,page,'=1+1\n".utf8),
  ])
  func labelsNotKeptAreStillChecked(nodes: [UInt8]) throws {
    let fast = nodes.withUnsafeBufferPointer {
      FastSpreadsheetReader.read(nodes: $0, edges: nil, keepNames: false, split: tinySplit)
    }
    #expect(fast == nil, "left to the careful reader, as with names kept")
    let kept = try SpreadsheetGraphReader.readCarefully(nodes: (nodes, "n.csv"), edges: nil)
    let notKept = try SpreadsheetGraphReader.readCarefully(
      nodes: (nodes, "n.csv"), edges: nil, keepNames: false)
    #expect(notKept.findings == kept.findings)
    #expect(notKept.graph.ids == kept.graph.ids)
    if nodes.contains(0xFF) { #expect(notKept.findings.contains { $0.severity == .error }) }
  }

  /// Each slice writes its edges into room counted from its line breaks:
  /// blank lines leave room empty, which the edges after it must close up,
  /// and lines ended by a carriage return alone must still be counted.
  @Test(arguments: ["\n", "\r\n", "\r"])
  func edgesAfterBlankLinesKeepTheirPlaces(end: String) throws {
    var random = SeededGenerator(seed: 17)
    let ids = (0..<40).map { "n\($0)" }
    let nodes = "Id,Kind" + end + ids.map { "\($0),page" }.joined(separator: end) + end
    var edges = "Source,Target,Type" + end
    for row in 0..<400 {
      edges += "\(random.element(of: ids)!),\(random.element(of: ids)!),follows" + end
      if row % 7 == 0 { edges += String(repeating: end, count: random.int(in: 1...3)) }
    }
    let nodeBytes = Array(nodes.utf8)
    let edgeBytes = Array(edges.utf8)
    let careful = try SpreadsheetGraphReader.readCarefully(
      nodes: (nodeBytes, "n.csv"), edges: (edgeBytes, "e.csv"))
    #expect(careful.graph.edges.count == 400)
    let fast = try #require(fastGraph(nodeBytes, edgeBytes), "clean files are read fast")
    #expect(fast.edges == careful.graph.edges)
  }

  /// Counts too large for a column's 32 bits are kept aside by each slice,
  /// by its own rows: the table must find them at the rows they end up at.
  @Test func countsTooLargeForThirtyTwoBitsKeepTheirRowsAcrossSlices() throws {
    var nodes = "Id,Kind,Followers,Members\n"
    var expected: [(Int?, Int?)] = []
    for row in 0..<60 {
      let followers: Int? = row % 3 == 0 ? 5_000_000_000 + row : (row % 3 == 1 ? row : nil)
      let members: Int? = row % 4 == 0 ? 4_294_967_294 : nil
      expected.append((followers, members))
      nodes +=
        "n\(row),page,\(followers.map(String.init) ?? ""),\(members.map(String.init) ?? "")\n"
      if row % 9 == 0 { nodes += "\n" }  // a blank line: the rows after it move up
    }
    let graph = try #require(fastGraph(Array(nodes.utf8), nil), "a clean file is read fast")
    #expect(graph.nodes.map(graph.followers(of:)) == expected.map(\.0))
    #expect(graph.nodes.map(graph.members(of:)) == expected.map(\.1))
  }

  @Test(arguments: [
    ("Id,Kind\na,page\na,page\n", "a duplicate id"),
    ("Id,Kind\na,pagee\n", "an unknown kind"),
    ("Id,Kind,Followers\na,page,1.5\n", "a count that is not a whole number"),
    ("Id,Kind,Followers\na,page,-1\n", "a negative count"),
    ("Id,Kind\n\"a\"\"b\",page\n", "an id with an escaped quote"),
    ("Id,Kind\n\"a,page\n", "a quote never closed"),
    ("Id,Kind\na\"b,page\n", "a quote inside an unquoted field"),
    ("Id,Kind\na\n", "a short row"),
    ("Id,Kind,Label\na,page,\u{FF}\n", "invalid UTF-8"),
    ("Id,Label\na,x\n", "no Kind column"),
  ])
  func anythingTheCarefulReaderWouldReportIsLeftToIt(nodes: String, why: String) {
    var bytes = Array(nodes.utf8)
    if why == "invalid UTF-8" { bytes = Array("Id,Kind,Label\na,page,".utf8) + [0xFF, 0x0A] }
    #expect(fastGraph(bytes, nil) == nil, "\(why)")
  }

  @Test func aDanglingEdgeIsLeftToTheCarefulReader() {
    let nodes = Array("Id,Kind\na,page\nb,account\n".utf8)
    for edges in ["Source,Target\na,b\nb,ghost\n", "Source,Target,Type\na,b,likes\n"] {
      #expect(fastGraph(nodes, Array(edges.utf8)) == nil, "\(edges)")
    }
  }

  /// A graph and audience files with every kind of row the reader leaves out.
  func audienceInput(seed: UInt64, files: Int) -> (graph: AssetGraph, texts: [String]) {
    var random = SeededGenerator(seed: seed)
    var builder = AssetGraphBuilder()
    let kinds: [AssetKind] = [.page, .group, .instagram, .account, .organization]
    let assetCount = random.int(in: 1...30)
    for i in 0..<assetCount {
      builder.addAsset(Asset(id: "as\(i)", kind: random.element(of: kinds)!))
    }
    let graph = builder.build()
    var texts: [String] = []
    for _ in 0..<files {
      let end = random.element(of: ["\n", "\r\n"])!
      let reordered = random.bool()
      var text =
        (random.bool() ? "\u{FEFF}" : "")
        + (reordered ? "Account,Extra, asset " : "Asset,Account") + end
      for _ in 0..<random.int(in: 0...200) {
        var asset = "as\(random.int(in: 0..<assetCount))"
        switch random.int(in: 0..<25) {
        case 0: asset = "ghost"
        case 1: asset = ""
        default: break
        }
        var account = "u\(random.int(in: 0..<60))"
        switch random.int(in: 0..<25) {
        case 0: account = ""
        case 1: account = "a long account name with, a comma"
        case 2: account = "multi\nline"
        // Around the longest account a partitioned row carries in itself
        // (15 bytes), and one whose last byte is zero.
        case 3: account = "fifteen-bytes-\(random.int(in: 0..<3))"
        case 4: account = "sixteen-bytes-x\(random.int(in: 0..<3))"
        case 5: account = "u\(random.int(in: 0..<3))\u{0}"
        // Digits a kept row holds in one word (9 to 15 bytes), with leading
        // zeros or a letter first, and one past it.
        case 6:
          account =
            String(repeating: "0", count: random.int(in: 8...14)) + "\(random.int(in: 0..<3))"
        case 7: account = "u" + String(repeating: "9", count: random.int(in: 7...15))
        default: break
        }
        let assetField = random.bool() ? csvQuoted(asset) : asset
        let accountField =
          account.contains(where: { ",\n".contains($0) }) ? csvQuoted(account) : account
        let row = reordered ? "\(accountField),x,\(assetField)" : "\(assetField),\(accountField)"
        switch random.int(in: 0..<30) {
        case 0: text += (reordered ? accountField : assetField) + end  // too few fields
        case 1: text += row + "," + end  // a trailing comma: a field too many
        case 2: text += row + ",x,\"y\nz\"" + end  // too many fields
        default: text += row + end
        }
        if random.int(in: 0..<20) == 0 { text += end }
      }
      texts.append(text)
    }
    return (graph, texts)
  }

  /// What `read` makes of `texts` written to files of their own.
  func readingFiles<Result>(
    _ texts: [String], _ read: ([InputSource]) throws -> Result
  ) throws -> Result {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var paths: [String] = []
    for (i, text) in texts.enumerated() {
      let url = folder.appendingPathComponent("audience\(i).csv")
      try Data(text.utf8).write(to: url)
      paths.append(url.path)
    }
    return try read(paths.map(InputSource.path))
  }

  /// What the careful reader gives for in-memory files (one reader over all of them).
  func carefulLists(_ graph: AssetGraph, _ texts: [String]) throws -> AudienceLists {
    try readingFiles(texts) { try AudienceReader.read($0, graph: graph) }
  }

  func fastLists(
    _ graph: AssetGraph, _ texts: [String], names: [String], selection: AudienceSelection = .all
  ) -> AudienceLists? {
    fastLists(assets: .nodes(of: graph), texts, names: names, selection: selection)?.lists
  }

  /// What the fast reader gives for `texts`, split with ``tinySplit``.
  func fastLists(
    assets: AudienceAssets, _ texts: [String], names: [String],
    selection: AudienceSelection = .all
  ) -> (graph: AssetGraph, lists: AudienceLists)? {
    let buffers = texts.map { Array($0.utf8) }
    func read(_ index: Int, _ inputs: [FastAudienceReader.Input]) -> (
      graph: AssetGraph, lists: AudienceLists
    )? {
      guard index < buffers.count else {
        return FastAudienceReader.read(
          files: inputs, assets: assets, selection: selection, split: tinySplit)
      }
      return buffers[index].withUnsafeBufferPointer {
        read(index + 1, inputs + [.init(bytes: $0, name: names[index], release: nil)])
      }
    }
    return read(0, [])
  }

  /// Audience files read without a graph: the fast reader names the same
  /// assets in the same order as the careful one, with the same audiences,
  /// for every list and for the largest few.
  @Test(arguments: 0..<40)
  func assetsNamedByAudienceFilesAreReadOnAllCoresAsCarefully(seed: Int) throws {
    let (_, texts) = audienceInput(seed: UInt64(seed) + 500, files: 1 + seed % 3)
    let kind = AssetKind.instagram
    let careful = try readingFiles(texts) { try AudienceReader.read($0, namingAssetsOf: kind) }
    let names = careful.lists.report.file.components(separatedBy: ", ")
    #expect(careful.graph.kinds.allSatisfy { $0 == kind })
    #expect(
      Set(careful.graph.nodes.map(careful.graph.id(of:))).count == careful.graph.nodeCount,
      "each asset once")
    for selection in [AudienceSelection.all, .largest(3)] {
      let fast = try #require(
        fastLists(assets: .named(kind), texts, names: names, selection: selection))
      // By bytes, as both readers keep them.
      let ids = fast.graph.nodes.map(fast.graph.idBytes(of:))
      let carefulIDs = careful.graph.nodes.map(careful.graph.idBytes(of:))
      if selection == .all {
        #expect(ids == carefulIDs, "in order of first appearance")
      } else {
        // Only the assets that could be among the largest need be numbered,
        // in the same order.
        let kept = Set(ids)
        #expect(ids == carefulIDs.filter(kept.contains), "in order of first appearance")
      }
      #expect(fast.graph.kinds.allSatisfy { $0 == kind })
      var report = careful.lists.report
      if selection != .all { report.duplicatesCoverAll = false }
      #expect(fast.lists.report.rows == report.rows)
      #expect(fast.lists.report.skipped == report.skipped)
      #expect(fast.lists.report.skippedRows == report.skippedRows)
      let compared =
        selection == .all
        ? Array(careful.graph.nodes)
        : AudienceOverlapMatrix.largest(3, lists: careful.lists, graph: careful.graph)
      let fastCompared =
        selection == .all
        ? Array(fast.graph.nodes)
        : AudienceOverlapMatrix.largest(3, lists: fast.lists, graph: fast.graph)
      if selection == .all {
        #expect(
          fast.graph.nodes.map(fast.lists.size(of:))
            == careful.graph.nodes.map(careful.lists.size(of:)))
      }
      #expect(
        fastCompared.map(fast.graph.id(of:)) == compared.map(careful.graph.id(of:)),
        "the same assets compared, in the same order")
      // Pairs by the assets' identifiers, which both graphs share.
      func named(_ pairs: [AssetOverlap], _ graph: AssetGraph) -> [String] {
        pairs.map { "\(graph.id(of: $0.a)) \(graph.id(of: $0.b)) \($0.intersection) \($0.jaccard)" }
      }
      #expect(
        named(AudienceOverlapMatrix(lists: fast.lists, assets: fastCompared).pairs, fast.graph)
          == named(
            AudienceOverlapMatrix(lists: careful.lists, assets: compared).pairs, careful.graph),
        "the same accounts in the audiences compared")
    }
  }

  /// Rows bound an asset's audience from above, and repeated rows make the
  /// bound loose: twelve assets of ten rows of one account each are counted
  /// first, and must give way to two of five distinct accounts. The largest
  /// are the careful reader's, with the same audiences and overlap.
  @Test func repeatedRowsDoNotHideTheLargestNamedAudiences() throws {
    var rows = ["Asset,Account"]
    for asset in 0..<12 { rows += Array(repeating: "echo\(asset),same", count: 10) }
    for account in 0..<5 { rows += ["wide-a,u\(account)", "wide-b,u\(account + 2)"] }
    let texts = [rows.joined(separator: "\n") + "\n"]
    let careful = try readingFiles(texts) { try AudienceReader.read($0, namingAssetsOf: .page) }
    let names = careful.lists.report.file.components(separatedBy: ", ")
    let fast = try #require(
      fastLists(assets: .named(.page), texts, names: names, selection: .largest(2)))
    let chosen = AudienceOverlapMatrix.largest(2, lists: fast.lists, graph: fast.graph)
    #expect(chosen.map(fast.graph.id(of:)) == ["wide-a", "wide-b"])
    #expect(chosen.map(fast.lists.size(of:)) == [5, 5])
    #expect(
      AudienceOverlapMatrix(lists: fast.lists, assets: chosen).pairs.map(\.intersection) == [3])
    let expected = AudienceOverlapMatrix.largest(2, lists: careful.lists, graph: careful.graph)
    #expect(expected.map(careful.graph.id(of:)) == ["wide-a", "wide-b"])
  }

  @Test(arguments: 0..<40)
  func audienceListsReadOnAllCoresAsCarefully(seed: Int) throws {
    let (graph, texts) = audienceInput(seed: UInt64(seed), files: 1 + seed % 3)
    let careful = try carefulLists(graph, texts)
    let names = careful.report.file.components(separatedBy: ", ")
    let fast = try #require(fastLists(graph, texts, names: names))
    #expect(fast.report == careful.report, "rows, rows left out, duplicates and located examples")
    #expect(fast.accountCount == careful.accountCount)
    #expect(graph.nodes.map(fast.size(of:)) == graph.nodes.map(careful.size(of:)))
    let fastCounter = DistinctCounter(lists: fast, graph: graph)
    let carefulCounter = DistinctCounter(lists: careful, graph: graph)
    #expect(
      fastCounter.reach(of: Array(graph.nodes)) == carefulCounter.reach(of: Array(graph.nodes)))
    let all = Array(graph.nodes)
    #expect(
      AudienceOverlapMatrix(lists: fast, assets: all).pairs
        == AudienceOverlapMatrix(lists: careful, assets: all).pairs,
      "the same accounts in every audience, whatever their ids")
  }

  /// What the fast reader counts without lists for `texts`, split with ``tinySplit``.
  func fastTotals(_ graph: AssetGraph, _ texts: [String], names: [String]) -> AudienceTotals? {
    let buffers = texts.map { Array($0.utf8) }
    func read(_ index: Int, _ inputs: [FastAudienceReader.Input]) -> AudienceTotals? {
      guard index < buffers.count else {
        return FastAudienceReader.totals(files: inputs, graph: graph, split: tinySplit)
      }
      return buffers[index].withUnsafeBufferPointer {
        read(index + 1, inputs + [.init(bytes: $0, name: names[index], release: nil)])
      }
    }
    return read(0, [])
  }

  @Test(arguments: 0..<40)
  func reachCountedWithoutListsIsReachCountedFromTheCarefulLists(seed: Int) throws {
    let (graph, texts) = audienceInput(seed: UInt64(seed) + 200, files: 1 + seed % 3)
    let careful = try carefulLists(graph, texts)
    let names = careful.report.file.components(separatedBy: ", ")
    let fast = try #require(fastTotals(graph, texts, names: names))
    let fromLists = DistinctCounter(lists: careful, graph: graph).reach(of: Array(graph.nodes))
    #expect(fast.reach == fromLists, "distinct per kind and overall, and the summed sizes")
    #expect(fast.report == careful.report, "rows, rows left out, duplicates and located examples")
    #expect(AudienceTotals(lists: careful, graph: graph) == fast)
  }

  /// A partition whose accounts repeat less than the file's do holds more
  /// of them than its table was sized for, which then grows: every account,
  /// narrow or not (letters and digits, digits alone, longer names), keeps
  /// its id as it does, so the fast reader's reach and lists are still the
  /// careful reader's.
  @Test func partitionsOfMoreAccountsThanExpectedGrowTheirTables() throws {
    var builder = AssetGraphBuilder()
    for i in 0..<10 { builder.addAsset(Asset(id: "as\(i)", kind: i % 2 == 0 ? .page : .group)) }
    let graph = builder.build()
    // One account of many rows makes the file's accounts per row low; the
    // partitions without it have one row per account.
    var text = "Asset,Account\n"
    for i in 0..<6000 {
      for asset in 0..<4 { text += "as\(asset),heavy\n" }
      let account =
        switch i % 3 {
        case 0: "v\(i)"
        case 1: "1000000\(100_000 + i)"
        default: "an account named \(i)"
        }
      // Twice, so that the table that has grown must find it again.
      text += "as\(i % 10),\(account)\nas\((i + 1) % 10),\(account)\n"
    }
    var split = WorkSplit.standard
    split.accountsPerPartition = 256
    split.bytesPerSlice = 1 << 14
    let careful = try carefulLists(graph, [text])
    let bytes = Array(text.utf8)
    let (totals, lists) = bytes.withUnsafeBufferPointer { buffer in
      let input = FastAudienceReader.Input(bytes: buffer, name: careful.report.file, release: nil)
      return (
        FastAudienceReader.totals(files: [input], graph: graph, split: split),
        FastAudienceReader.read(files: [input], graph: graph, split: split)
      )
    }
    let fastTotals = try #require(totals)
    let fastLists = try #require(lists)
    #expect(fastTotals == AudienceTotals(lists: careful, graph: graph))
    #expect(fastTotals.reach.overall == 6001)
    #expect(fastLists.accountCount == 6001)
    #expect(fastLists.accountCount == careful.accountCount)
    #expect(graph.nodes.map(fastLists.size(of:)) == graph.nodes.map(careful.size(of:)))
    #expect(fastLists.report == careful.report)
  }

  /// Accounts that follow assets of many kinds, each more than once: the
  /// kinds are marked past the eight a byte holds, and the duplicates are
  /// found in any order.
  @Test func reachOfManyKindsCountsEachAccountOnceAndEachPairOnce() throws {
    var kinds: [AssetKind] = [.page, .group, .instagram]
    for i in 0..<10 {
      kinds.append(
        try KindDeclaration(
          name: "kinds-test-channel-\(i)", platform: "Test", singular: "channel",
          plural: "channels", audience: "subscribers"
        ).kind())
    }
    var builder = AssetGraphBuilder()
    for (i, kind) in kinds.enumerated() { builder.addAsset(Asset(id: "as\(i)", kind: kind)) }
    builder.addAsset(Asset(id: "org", kind: .organization))
    let graph = builder.build()
    var random = SeededGenerator(seed: 7)
    var text = "Asset,Account\n"
    for _ in 0..<3000 {
      text += "as\(random.int(in: 0..<kinds.count)),u\(random.int(in: 0..<200))\n"
    }
    text += "org,u1\n"
    let careful = try carefulLists(graph, [text])
    let fast = try #require(fastTotals(graph, [text], names: [careful.report.file]))
    let fromLists = DistinctCounter(lists: careful, graph: graph).reach(of: Array(graph.nodes))
    #expect(fast.reach == fromLists)
    #expect(fast.reach.distinct.kinds.count == kinds.count)
    #expect(fast.report.duplicates == careful.report.duplicates && careful.report.duplicates > 0)
  }

  @Test(arguments: 0..<25)
  func onlyTheComparedAudiencesAreBuiltAndTheyAreTheSame(seed: Int) throws {
    let (graph, texts) = audienceInput(seed: UInt64(seed) + 100, files: 1)
    let full = try #require(fastLists(graph, texts, names: ["a.csv"]))
    for count in [1, 2, 5] {
      let partial = try #require(
        fastLists(graph, texts, names: ["a.csv"], selection: .largest(count)))
      let chosen = AudienceOverlapMatrix.largest(count, lists: full, graph: graph)
      #expect(AudienceOverlapMatrix.largest(count, lists: partial, graph: graph) == chosen)
      #expect(
        AudienceOverlapMatrix(lists: partial, assets: chosen).pairs
          == AudienceOverlapMatrix(lists: full, assets: chosen).pairs)
      #expect(!partial.report.duplicatesCoverAll)
    }
    let named = Array(graph.nodes.prefix(3))
    let some = try #require(fastLists(graph, texts, names: ["a.csv"], selection: .assets(named)))
    #expect(named.map(some.size(of:)) == named.map(full.size(of:)))
  }

  /// Duplicate rows make an asset's rows overstate its audience: the asset
  /// with the most rows is then not the largest, and the search must go on.
  @Test func duplicatesDoNotFoolTheSearchForTheLargest() throws {
    var builder = AssetGraphBuilder()
    for id in ["big", "dup", "mid"] { builder.addAsset(Asset(id: id, kind: .page)) }
    let graph = builder.build()
    var text = "Asset,Account\n"
    for i in 0..<5 { text += "big,u\(i)\n" }
    for _ in 0..<9 { text += "dup,same\n" }  // 9 rows, 1 account
    for i in 0..<4 { text += "mid,v\(i)\n" }
    let lists = try #require(fastLists(graph, [text], names: ["a.csv"], selection: .largest(2)))
    #expect(AudienceOverlapMatrix.largest(2, lists: lists, graph: graph) == [0, 2])
  }
}

/// Bytes no generator of valid files would write: the fast readers must
/// never trap on them, and whatever they accept, they must read as the
/// careful readers do.
@Suite struct ParallelReaderFuzzTests {
  static let alphabet: [[UInt8]] = [
    [0x2C], [0x22], [0x0A], [0x0D], [0x0D, 0x0A], Array("a".utf8), Array("n1".utf8),
    Array("page".utf8), Array("7".utf8), [0x20], [0x09], [0xFF], [0xEF, 0xBB, 0xBF], [0xC3, 0xA9],
    Array("\"\"".utf8),
  ]

  func noise(_ random: inout SeededGenerator, pieces: Int) -> [UInt8] {
    (0..<pieces).flatMap { _ in random.element(of: Self.alphabet)! }
  }

  /// Spreadsheets whose labels, types and line ends are noise, quoted as RFC 4180
  /// says (so that many are clean): line breaks and CRs inside quotes, doubled
  /// quotes, byte-order marks mid-file, invalid UTF-8, blank lines.
  func quotedNoise(_ random: inout SeededGenerator) -> (nodes: [UInt8], edges: [UInt8]) {
    let ends: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x0D], [0x0A, 0x0A], [0x0D, 0x0D, 0x0A]]
    func quoted(_ bytes: [UInt8]) -> [UInt8] {
      [0x22] + bytes.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22]
    }
    var nodes = Array("Id,Kind,Label,Followers".utf8) + random.element(of: ends)!
    let count = random.int(in: 1...12)
    for i in 0..<count {
      let label = noise(&random, pieces: random.int(in: 0...4))
      nodes += Array("n\(i),page,".utf8) + quoted(label) + Array(",\(i)".utf8)
      nodes += random.element(of: ends)!
    }
    var edges = Array("Source,Target,Type".utf8) + random.element(of: ends)!
    for _ in 0..<random.int(in: 0...12) {
      let type = random.element(of: ["follows", "", " Follows ", "linkedto"])!
      edges += Array(
        "\"n\(random.int(in: 0..<count))\",n\(random.int(in: 0..<count)),\(type)"
          .utf8)
      edges += random.element(of: ends)!
    }
    return (nodes, edges)
  }

  /// An audience file of noise for a graph of a Page and a Group.
  func audienceNoise(seed: Int) -> (graph: AssetGraph, bytes: [UInt8]) {
    var random = SeededGenerator(seed: UInt64(seed) &+ 19_000)
    var builder = AssetGraphBuilder()
    builder.addAsset(Asset(id: "n1", kind: .page))
    builder.addAsset(Asset(id: "a", kind: .group))
    return (builder.build(), Array("Asset,Account\n".utf8) + noise(&random, pieces: 60))
  }

  func fastLists(_ graph: AssetGraph, _ bytes: [UInt8]) -> AudienceLists? {
    bytes.withUnsafeBufferPointer {
      FastAudienceReader.read(
        files: [.init(bytes: $0, name: "a.csv", release: nil)], graph: graph, split: tinySplit)
    }
  }

  /// Noise that parses must sometimes be clean, or the comparisons below never run.
  @Test func someNoiseIsCleanEnoughToCompare() {
    var accepted = (spreadsheets: 0, audience: 0)
    for seed in 0..<300 {
      var random = SeededGenerator(seed: UInt64(seed) &+ 9_000)
      let (nodes, edges) = quotedNoise(&random)
      let fast = fastGraph(nodes, edges)
      if fast != nil { accepted.spreadsheets += 1 }
      let (graph, bytes) = audienceNoise(seed: seed)
      if fastLists(graph, bytes) != nil { accepted.audience += 1 }
    }
    #expect(accepted.spreadsheets > 0, "\(accepted)")
    #expect(accepted.audience > 0, "\(accepted)")
  }

  @Test(arguments: 0..<300)
  func spreadsheetsOfNoise(seed: Int) throws {
    var random = SeededGenerator(seed: UInt64(seed) &+ 9_000)
    let (nodes, edges) = quotedNoise(&random)
    let fast = fastGraph(nodes, edges)
    guard let fast else { return }  // left to the careful reader
    let careful = try SpreadsheetGraphReader.readCarefully(
      nodes: (nodes, "n.csv"), edges: (edges, "e.csv"))
    #expect(careful.findings.filter { $0.severity == .error }.isEmpty)
    #expect(fast.ids == careful.graph.ids)
    #expect(fast.names == careful.graph.names)
    #expect(fast.kinds == careful.graph.kinds)
    #expect(fast.edges == careful.graph.edges)
  }

  @Test(arguments: 0..<300)
  func audienceOfNoise(seed: Int) throws {
    let (graph, bytes) = audienceNoise(seed: seed)
    guard let fast = fastLists(graph, bytes) else { return }
    var reader = AudienceReader(graph: graph, file: "a.csv")
    try bytes.withUnsafeBufferPointer { (buffer) throws(InputError) in try reader.consume(buffer) }
    let careful = try reader.finish()
    #expect(fast.report == careful.report)
    #expect(graph.nodes.map(fast.size(of:)) == graph.nodes.map(careful.size(of:)))
    #expect(fast.accountCount == careful.accountCount)
  }
}

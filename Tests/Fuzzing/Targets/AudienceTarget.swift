import CIBGraph
@_spi(Internal) import CIBGraphCore

/// The graph audience lists are read against: an asset of each kind, ids
/// equal up to Unicode normalisation, and ids a spreadsheet would mangle.
public enum AudienceFixture {
  /// Ids and kinds, in node order.
  public static let assets: [(id: String, kind: AssetKind)] = [
    ("p1", .page), ("p2", .page), ("g1", .group), ("ig1", .instagram), ("a1", .account),
    ("o1", .organization), ("caf\u{E9}", .page), ("cafe\u{301}", .group),
    ("say \"hi\"", .page), ("=1+1", .group), ("\u{202E}evil", .instagram),
  ]

  public static let graph: AssetGraph = {
    var builder = AssetGraphBuilder()
    for (id, kind) in assets { builder.addAsset(Asset(id: id, kind: kind)) }
    return builder.build()
  }()
}

/// An audience file read the three ways the tool reads one: the careful
/// reader in one piece and in small chunks (the CLI streams files in chunks
/// of 4 MiB), and the fast reader split across cores.
enum AudienceTarget {
  static let file = "audience.csv"

  static func run(_ bytes: [UInt8]) throws(OracleFailure) -> FuzzTarget.Outcome {
    let graph = AudienceFixture.graph
    let fast = bytes.withUnsafeBufferPointer {
      FastAudienceReader.read(
        files: [.init(bytes: $0, name: file, release: nil)], graph: graph, split: .tiny)
    }
    // Chunks of 1 to 16 bytes, the size chosen by the input, so each input
    // meets its chunk boundaries at the same places every run.
    let chunk = 1 + Int(bytes.reduce(UInt8(0), &+) % 16)
    let whole: AudienceLists
    let chunked: AudienceLists
    do throws(InputError) {
      whole = try careful(bytes, chunk: bytes.count)
    } catch {
      try Oracle.requireLocated(error, .audience, input: bytes)
      try Oracle.require(
        fast == nil, .audience, "the fast reader read what the careful one refused: \(error)")
      var chunkedRefusal: InputError?
      do throws(InputError) { _ = try careful(bytes, chunk: chunk) } catch {
        chunkedRefusal = error
      }
      try Oracle.require(
        chunkedRefusal == error, .audience,
        "read whole: \(error); in chunks of \(chunk): \(chunkedRefusal.map(String.init(describing:)) ?? "read")"
      )
      return .refused
    }
    do throws(InputError) {
      chunked = try careful(bytes, chunk: chunk)
    } catch {
      throw OracleFailure(.audience, "refused in chunks of \(chunk), read whole: \(error)")
    }
    for example in whole.report.examples { try Oracle.requireLocated(example, .audience) }
    try same(whole, chunked, "whole", "in chunks of \(chunk)")
    if let fast { try same(whole, fast, "careful", "fast") }
    // The reach of every asset, as `reach` of spreadsheets counts it without lists.
    let totals = bytes.withUnsafeBufferPointer {
      FastAudienceReader.totals(
        files: [.init(bytes: $0, name: file, release: nil)], graph: graph, split: .tiny)
    }
    try Oracle.require(
      (fast == nil) == (totals == nil), .audience,
      "the fast reader read the lists or the totals, not both")
    if let totals {
      try Oracle.require(
        totals == AudienceTotals(lists: whole, graph: graph), .audience,
        "the reach counted without lists differs from the careful lists' reach")
    }

    // The largest two, as `overlap --top 2` asks the fast reader for them.
    let largest = bytes.withUnsafeBufferPointer {
      FastAudienceReader.read(
        files: [.init(bytes: $0, name: file, release: nil)], graph: graph,
        selection: .largest(2), split: .tiny)
    }
    if let largest {
      let chosen = AudienceOverlapMatrix.largest(2, lists: whole, graph: graph)
      try Oracle.require(
        AudienceOverlapMatrix.largest(2, lists: largest, graph: graph) == chosen, .audience,
        "the fast reader's two largest audiences are not the careful reader's")
      try Oracle.require(
        AudienceOverlapMatrix(lists: largest, assets: chosen).pairs
          == AudienceOverlapMatrix(lists: whole, assets: chosen).pairs, .audience,
        "the overlap of the two largest differs between the readers")
    }

    try namedAssetsAgree(bytes, whole: whole)

    var sketching = AudienceReader(graph: graph, file: file, sketchPrecision: 10)
    let sketches: AudienceSketches
    do throws(InputError) {
      try feed(bytes, to: &sketching)
      sketches = try sketching.finishSketches()
    } catch {
      throw OracleFailure(
        .audience, "the estimating read refused what the exact one read: \(error)")
    }
    // It keeps no accounts, so it cannot tell duplicates; it sees the same rows.
    let (estimated, exact) = (sketches.report, whole.report)
    try Oracle.require(
      estimated.rows == exact.rows && estimated.skipped == exact.skipped
        && estimated.examples == exact.examples, .audience,
      "the estimating read counts rows differently from the exact one")
    return .accepted
  }

  /// The file read without a graph (`overlap --audience` alone): the careful
  /// and fast readers name the same assets in the same order, with the same
  /// audiences; it reads every row the graph's reading reads, and more.
  static func namedAssetsAgree(_ bytes: [UInt8], whole: AudienceLists) throws(OracleFailure) {
    var reader = AudienceReader(assets: .named(.page), file: file)
    let careful: AudienceLists
    do throws(InputError) {
      try feed(bytes, to: &reader)
      careful = try reader.finish()
    } catch {
      // Without a graph an Asset is its own name, and one that is not UTF-8
      // is refused; with a graph it was only no node's id.
      guard error.message.hasPrefix("invalid UTF-8 in an Asset") else {
        throw OracleFailure(.audience, "read with a graph, refused without one: \(error)")
      }
      for selection in [AudienceSelection.all, .largest(2)] {
        let fast = bytes.withUnsafeBufferPointer {
          FastAudienceReader.read(
            files: [.init(bytes: $0, name: file, release: nil)], assets: .named(.page),
            selection: selection, split: .tiny)
        }
        try Oracle.require(
          fast == nil, .audience,
          "the fast reader named assets by bytes that are not UTF-8, which the careful one refused")
      }
      return
    }
    let graph = reader.assetGraph()
    try Oracle.require(
      careful.report.rows == whole.report.rows && careful.pairCount >= whole.pairCount,
      .audience, "without a graph, rows read or kept differ from the graph's reading")
    let fast = bytes.withUnsafeBufferPointer {
      FastAudienceReader.read(
        files: [.init(bytes: $0, name: file, release: nil)], assets: .named(.page), split: .tiny)
    }
    if let fast {
      // By bytes, as both readers keep them.
      try Oracle.require(
        fast.graph.nodes.map(fast.graph.idBytes(of:)) == graph.nodes.map(graph.idBytes(of:)),
        .audience, "the fast reader names other assets, or in another order, than the careful one"
      )
      try same(
        careful, fast.lists, "careful without a graph", "fast without a graph", graph: graph)
    }

    // The two largest, as `overlap --audience --top 2` asks for them: only
    // the assets that could be among them need be named, in the same order.
    let largest = bytes.withUnsafeBufferPointer {
      FastAudienceReader.read(
        files: [.init(bytes: $0, name: file, release: nil)], assets: .named(.page),
        selection: .largest(2), split: .tiny)
    }
    guard let largest else { return }
    let ids = largest.graph.nodes.map(largest.graph.idBytes(of:))
    let named = Set(ids)
    try Oracle.require(
      ids == graph.nodes.map(graph.idBytes(of:)).filter(named.contains), .audience,
      "the fast reader's largest named assets are not in the order the careful one names them")
    let chosen = AudienceOverlapMatrix.largest(2, lists: careful, graph: graph)
    let fastChosen = AudienceOverlapMatrix.largest(2, lists: largest.lists, graph: largest.graph)
    try Oracle.require(
      fastChosen.map(largest.graph.id(of:)) == chosen.map(graph.id(of:)), .audience,
      "the fast reader's two largest named audiences are not the careful reader's")
    try Oracle.require(
      AudienceOverlapMatrix(lists: largest.lists, assets: fastChosen).pairs.map(\.intersection)
        == AudienceOverlapMatrix(lists: careful, assets: chosen).pairs.map(\.intersection),
      .audience, "the overlap of the two largest named audiences differs between the readers")
  }

  /// Feeds the whole of `bytes` to `reader` at once.
  static func feed(_ bytes: [UInt8], to reader: inout AudienceReader) throws(InputError) {
    try bytes.withUnsafeBufferPointer { (buffer) throws(InputError) in try reader.consume(buffer) }
  }

  static func careful(_ bytes: [UInt8], chunk: Int) throws(InputError) -> AudienceLists {
    var reader = AudienceReader(graph: AudienceFixture.graph, file: file)
    try bytes.withUnsafeBufferPointer { (buffer) throws(InputError) in
      var start = 0
      while start < buffer.count {
        let end = min(buffer.count, start + max(chunk, 1))
        try reader.consume(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        start = end
      }
    }
    return try reader.finish()
  }

  /// Two readings agree on everything a command shows: the report, each
  /// asset's audience size, the accounts, every overlap, distinct reach.
  static func same(
    _ a: AudienceLists, _ b: AudienceLists, _ nameA: String, _ nameB: String,
    graph: AssetGraph = AudienceFixture.graph
  ) throws(OracleFailure) {
    func require(_ condition: Bool, _ what: String) throws(OracleFailure) {
      try Oracle.require(condition, .audience, "read \(nameA) and \(nameB), \(what) differ")
    }
    try require(a.report == b.report, "the reports (\(a.report) / \(b.report))")
    try require(a.accountCount == b.accountCount, "the account counts")
    try require(
      graph.nodes.map(a.size(of:)) == graph.nodes.map(b.size(of:)), "the audience sizes")
    let all = Array(graph.nodes)
    try require(
      AudienceOverlapMatrix(lists: a, assets: all).pairs
        == AudienceOverlapMatrix(lists: b, assets: all).pairs, "the overlaps")
    let countA = DistinctCounter(lists: a, graph: graph)
    let countB = DistinctCounter(lists: b, graph: graph)
    try require(countA.reach(of: all) == countB.reach(of: all), "the distinct reach")
  }
}

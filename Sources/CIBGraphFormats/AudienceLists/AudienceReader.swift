@_spi(Internal) import CIBGraphCore
@_spi(Internal) import CIBGraphSupport
import Foundation

/// Audience lists (a CSV with the header `Asset,Account`, one row per follow
/// or membership) read against the assets of an `AssetGraph`: counted
/// exactly (``read(_:graph:selection:progress:)``) or estimated with
/// sketches (``estimate(_:graph:precision:)``).
///
/// The header names Asset and Account once each, in any order, among any
/// other columns; quoting follows RFC 4180, and a byte-order mark and CRLF
/// line ends are accepted. Rows naming an asset that is not in the graph, or
/// one that has no audience (an account, an organisation), or with an empty
/// field, or with more or fewer fields than the header, are left out and
/// counted by reason in `RowReadReport`; duplicate rows count once.
/// Broken quoting stops the reading with the line and column.
///
/// A file is read in place or streamed in chunks, never held whole: accounts
/// are interned to dense ids straight from the bytes, and memory grows with
/// the rows kept (8 bytes each until de-duplication) and the distinct
/// accounts, not with the file's bytes; with sketches, nothing is kept per
/// row. Of a row's fields only those up to its Asset and Account are kept,
/// the others counted: a row of a million fields costs no memory.
public struct AudienceReader {
  /// Size of the chunks a file is read in.
  static let chunkSize = 1 << 22

  /// What a row's Asset is looked up among.
  private let assets: AudienceAssets
  /// The graph's identifiers, or the assets named so far.
  private var assetIDs: ByteInterner
  private var accountIDs = ByteInterner(capacity: 1 << 16)
  private var pairAssets: [UInt32] = []
  private var pairAccounts: [UInt32] = []
  /// How many pairs trigger the next removal of duplicates while reading.
  /// A stream repeats rows as it likes (`yes p1,u1` is an endless audience
  /// list); without this, every row would cost 8 bytes until the end, and a
  /// stream of a few gigabytes of one row would exhaust memory for one pair.
  /// Doubling the threshold after each removal keeps the work O(n log n).
  package var compactAt = 1 << 24
  /// Pairs removed as duplicates before the end.
  private var duplicatesRemoved = 0
  private var report: RowReadReport
  /// The file being read, for messages (several in a multi-file read).
  private var fileName: String
  /// When estimating: a sketch per audience kind met, and one over all kinds.
  private var sketches: (perKind: [AssetKind: HyperLogLog], overall: HyperLogLog)?

  /// The file being read, fed in chunks.
  private var tokenizer: CSVTokenizer
  /// The header row as far as it has been read.
  private var header = CSVHeader(known: AudienceReader.headerNames)
  /// The header's Asset and Account columns, and its number of fields.
  private var columns: (asset: Int, account: Int, fieldCount: Int)?
  /// The record being read.
  private var record = PendingRecord()
  private var inputEnded = false
  private var examplesWanted = RowReadReport.Rows.audience.exampleLimit

  /// The fields of the record being read that the reader needs: those up to
  /// its Asset and Account, and the first beyond the header's, where a row
  /// too wide is located.
  private struct PendingRecord {
    var line = 1
    var fieldCount = 0
    var kept: [KeptField] = []
    var firstExtra: KeptField?
  }

  /// A field as the tokenizer handed it out, or saved before the tokenizer
  /// let go of its bytes (a record that spans chunks).
  private enum KeptField {
    case inTokenizer(CSVField)
    case saved(content: [UInt8], column: Int)
  }

  /// Reads audience lists from one or more inputs into one set of lists:
  /// an account id names the same account in every input; each input has a
  /// header of its own.
  ///
  /// Files are read in place (mapped, or the bytes given) on every core when
  /// they are clean; at the first thing that reader cannot vouch for (broken
  /// quoting, an account with an escaped quote, a header it cannot place),
  /// or for a stream, the inputs are streamed in chunks through the careful
  /// reader, which locates every problem. Either way the rows are counted,
  /// left out and de-duplicated alike (`RowReadReport`), and memory
  /// grows with the rows kept and the distinct accounts, not with the bytes.
  /// - Parameters:
  ///   - sources: The inputs, read in order.
  ///   - graph: The graph whose assets the lists belong to.
  ///   - selection: Whose lists are needed. The others may be left empty
  ///     when that is faster, or built all the same.
  ///   - progress: Called, from any core, with an input's name and the bytes
  ///     of it read so far (for a progress line; the library prints nothing).
  /// - Throws: `InputError`: `.missingInput` for an input that cannot be
  ///   read; `.badData` for broken quoting, an empty input, or a header
  ///   without Asset and Account or with one of them twice.
  /// - Complexity: O(bytes + rows), on all cores for clean files; O(d log d)
  ///   per asset of d rows to de-duplicate.
  public static func read(
    _ sources: [InputSource], graph: AssetGraph, selection: AudienceSelection = .all,
    progress: (@Sendable (String, Int) -> Void)? = nil
  ) throws(InputError) -> AudienceLists {
    try read(
      sources, assets: .nodes(of: graph), progress: progress,
      inPlace: {
        FastAudienceReader.read(files: $0, assets: .nodes(of: graph), selection: selection)?.lists
      },
      carefully: { lists, _ in lists })
  }

  /// Reads audience lists without a graph: the assets are those the rows
  /// name, each a node of `kind` (with no label or counts) in the order the
  /// inputs first name it, in a graph of their own. For lists whose assets
  /// no nodes file describes: only the rows' shape can leave one out
  /// (too few or too many fields, an empty Asset or Account).
  ///
  /// Clean files are read in place on every core, each slice numbering the
  /// assets it meets and the slices' numbers then joined in file order;
  /// others are streamed through the careful reader, as
  /// ``read(_:graph:selection:progress:)`` reads them.
  /// - Parameters:
  ///   - sources: The inputs, read in order.
  ///   - kind: The kind every asset is given.
  ///   - largest: Only the lists of this many assets with the largest
  ///     audiences (and any tied with the last) are needed, as with
  ///     `AudienceSelection.largest(_:)`: the others may be left empty when
  ///     that is faster, or built all the same, and clean files read on
  ///     every core give a graph of only those assets and a few others that
  ///     could have been among them (in the same order); `nil` for every
  ///     asset's.
  ///   - progress: As for ``read(_:graph:selection:progress:)``.
  /// - Precondition: `kind` has an audience (a Page, a Group, an X account;
  ///   not a Facebook account or an organisation).
  /// - Throws: `InputError`, as ``read(_:graph:selection:progress:)`` does.
  /// - Complexity: O(bytes + rows), on all cores for clean files; O(d log d)
  ///   per asset of d rows to de-duplicate.
  public static func read(
    _ sources: [InputSource], namingAssetsOf kind: AssetKind, largest: Int? = nil,
    progress: (@Sendable (String, Int) -> Void)? = nil
  ) throws(InputError) -> NamedAudience {
    precondition(kind.hasAudience, "assets named by audience lists are of a kind with an audience")
    let selection = largest.map(AudienceSelection.largest) ?? .all
    return try read(
      sources, assets: .named(kind), progress: progress,
      inPlace: {
        FastAudienceReader.read(files: $0, assets: .named(kind), selection: selection).map {
          NamedAudience(graph: $0.graph, lists: $0.lists)
        }
      },
      carefully: { NamedAudience(graph: $1, lists: $0) })
  }

  /// The exact reach over every asset of `graph`, from one or more inputs,
  /// without building each asset's list: the distinct accounts per kind and
  /// over all kinds, and the summed audience sizes, as
  /// `DistinctCounter(lists:graph:).reach(of:)` counts them over every node
  /// of the lists ``read(_:graph:selection:progress:)`` reads.
  ///
  /// Clean inputs are read in place on every core, each account's rows
  /// counted with the others of its part of the hash space; others are read
  /// into lists by the careful reader and counted from them.
  /// - Parameters: As for ``read(_:graph:selection:progress:)``.
  /// - Throws: `InputError`, as ``read(_:graph:selection:progress:)`` does.
  /// - Complexity: O(bytes + rows), on all cores for clean files; O(k log k)
  ///   per account of k rows to de-duplicate.
  public static func totals(
    _ sources: [InputSource], graph: AssetGraph,
    progress: (@Sendable (String, Int) -> Void)? = nil
  ) throws(InputError) -> AudienceTotals {
    try read(
      sources, assets: .nodes(of: graph), progress: progress,
      inPlace: { FastAudienceReader.totals(files: $0, graph: graph) },
      carefully: { lists, _ in AudienceTotals(lists: lists, graph: graph) })
  }

  /// What `inPlace` makes of the inputs read in place on every core, or,
  /// when it cannot vouch for them (or they cannot be read in place), what
  /// `carefully` makes of the careful reader's lists and graph of assets.
  private static func read<Answer>(
    _ sources: [InputSource], assets: AudienceAssets,
    progress: (@Sendable (String, Int) -> Void)?,
    inPlace: ([FastAudienceReader.Input]) -> Answer?,
    carefully: (AudienceLists, AssetGraph) -> Answer
  ) throws(InputError) -> Answer {
    var inputs: [InputSource.Opened] = []
    for source in sources { inputs.append(try source.open()) }
    var held: [InPlaceBytes] = []
    for input in inputs {
      guard let bytes = try input.inPlace() else { break }
      held.append(bytes)
    }
    if held.count == inputs.count {
      let names = inputs.map(\.name)
      let fast = InPlaceBytes.withBytes(of: held) { held in
        inPlace(
          zip(held, names).map { input, name in
            FastAudienceReader.Input(
              bytes: input.bytes, name: name, release: input.release, progress: progress)
          })
      }
      if let fast { return fast }
    }
    held = []
    var reader = AudienceReader(assets: assets, file: inputs.map(\.name).joined(separator: ", "))
    for input in inputs {
      reader.startFile(input.name)
      try reader.consume(input, progress: progress)
      try reader.endInput()
    }
    let lists = try reader.finish()
    return carefully(lists, reader.assetGraph())
  }

  /// Estimates the distinct audiences of one or more inputs with
  /// HyperLogLog sketches, keeping no accounts: for audiences too large to
  /// hold. Each input is streamed in chunks through the careful reader and
  /// sketched; the sketches of the inputs are merged.
  /// - Parameters:
  ///   - sources: The inputs, each opened when the one before it is read.
  ///   - graph: The graph whose assets the lists belong to.
  ///   - precision: 2^precision registers per sketch, a relative standard
  ///     error of 1.04/√(2^precision).
  /// - Precondition: `precision` is 4 to 18.
  /// - Throws: `InputError` as ``read(_:graph:selection:progress:)`` does.
  /// - Complexity: O(bytes), and O(2^precision) memory per audience kind.
  public static func estimate(
    _ sources: [InputSource], graph: AssetGraph, precision: Int = 14
  ) throws(InputError) -> AudienceSketches {
    var merged = AudienceSketches(
      perKind: [:], overall: HyperLogLog(precision: precision),
      report: RowReadReport(.audience, file: ""))
    for (index, source) in sources.enumerated() {
      let input = try source.open()
      var reader = AudienceReader(graph: graph, file: input.name, sketchPrecision: precision)
      try reader.consume(input)
      let sketches = try reader.finishSketches()
      if index == 0 { merged = sketches } else { merged.merge(sketches) }
    }
    return merged
  }

  /// A careful reader of the audience of `graph`'s assets; `file` names the
  /// input in messages. With `sketchPrecision`, accounts are not kept: each
  /// row goes into HyperLogLog sketches instead (see ``finishSketches()``).
  package init(graph: AssetGraph, file: String, sketchPrecision: Int? = nil) {
    self.init(assets: .nodes(of: graph), file: file, sketchPrecision: sketchPrecision)
  }

  /// A careful reader whose rows' Assets are looked up as `assets` says.
  package init(assets: AudienceAssets, file: String, sketchPrecision: Int? = nil) {
    self.assets = assets
    sketches = sketchPrecision.map { ([:], HyperLogLog(precision: $0)) }
    self.report = RowReadReport(.audience, file: file)
    fileName = file
    tokenizer = CSVTokenizer(streaming: file)
    switch assets {
    case .nodes(let graph): assetIDs = graph.identifierIndex()
    case .named: assetIDs = ByteInterner(capacity: 1 << 10)
    }
  }

  /// Starts the next file of a multi-file read: a tokenizer and a header of its own.
  private mutating func startFile(_ name: String) {
    fileName = name
    tokenizer = CSVTokenizer(streaming: name)
    header = CSVHeader(known: Self.headerNames)
    columns = nil
    record = PendingRecord()
    inputEnded = false
  }

  /// Feeds a whole input: a file or a stream of any length, chunk by chunk,
  /// never held whole; or bytes in memory.
  mutating func consume(
    _ input: InputSource.Opened, progress: (@Sendable (String, Int) -> Void)? = nil
  ) throws(InputError) {
    guard case .file(let file) = input else {
      if case .bytes(let bytes, _) = input {
        try bytes.withUnsafeBufferPointer { (buffer) throws(InputError) in try consume(buffer) }
      }
      return
    }
    var bytesRead = 0
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 1)
    defer { chunk.deallocate() }
    while true {
      let got = try file.readFully(into: chunk)
      if got == 0 { break }
      bytesRead += got
      progress?(file.name, bytesRead)
      try consume(UnsafeBufferPointer(rebasing: chunk.bindMemory(to: UInt8.self)[..<got]))
    }
  }

  /// The located examples of rows left out in `prefix`, the start of a file,
  /// at most `limit` of them: what the careful reader says of them.
  static func examples(
    in prefix: UnsafeBufferPointer<UInt8>, file: String, assets: AudienceAssets, limit: Int
  ) -> [RowReadReport.SkippedRow] {
    var reader = AudienceReader(assets: assets, file: file)
    reader.examplesWanted = limit
    do {
      try reader.consume(prefix)
      try reader.endInput()
    } catch {
      // The fast reader read these bytes as valid; nothing to add if they are not.
    }
    return reader.report.skippedRows
  }

  /// Feeds the next bytes of the file, in pieces of at most ``chunkSize``
  /// (the tokenizer holds a copy of what it has not yet read).
  package mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
    var start = 0
    while start < bytes.count {
      let end = min(bytes.count, start + Self.chunkSize)
      tokenizer.feed(UnsafeBufferPointer(rebasing: bytes[start..<end]))
      try readFields()
      start = end
    }
  }

  /// Reads the fields the tokenizer has, until it asks for more or the input ends.
  private mutating func readFields() throws(InputError) {
    while true {
      switch try tokenizer.nextField() {
      case .field(let field, let endsRecord):
        try take(field)
        if endsRecord { try endRecord() }
      case .needsMore:
        saveRecord()
        return
      case .end:
        return
      }
    }
  }

  private mutating func take(_ field: CSVField) throws(InputError) {
    if record.fieldCount == 0 { record.line = field.line }
    if let columns {
      if record.fieldCount <= max(columns.asset, columns.account) {
        record.kept.append(.inTokenizer(field))
      } else if record.fieldCount == columns.fieldCount {
        record.firstExtra = .inTokenizer(field)
      }
    } else {
      try header.note(tokenizer.lossyString(field), at: tokenizer.location(of: field))
    }
    record.fieldCount += 1
  }

  /// Saves the kept fields of a record that goes on in the next chunk: the
  /// tokenizer may let go of their bytes.
  private mutating func saveRecord() {
    for index in record.kept.indices { record.kept[index] = saved(record.kept[index]) }
    record.firstExtra = record.firstExtra.map(saved)
  }

  private func saved(_ field: KeptField) -> KeptField {
    guard case .inTokenizer(let field) = field else { return field }
    let content = tokenizer.withContent(of: field) { Array($0) }
    return .saved(content: content, column: tokenizer.column(of: field))
  }

  /// Calls `body` with a kept field's bytes, doubled quotes undone.
  private static func withContent<Result>(
    of field: KeptField, in tokenizer: CSVTokenizer,
    _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    switch field {
    case .inTokenizer(let field): tokenizer.withContent(of: field, body)
    case .saved(let content, _): content.withUnsafeBufferPointer(body)
    }
  }

  private func column(of field: KeptField?) -> Int {
    switch field {
    case .inTokenizer(let field): tokenizer.column(of: field)
    case .saved(_, let column): column
    case nil: 1
    }
  }

  private func error(_ message: String, line: Int, column: Int) -> InputError {
    InputError(.badData, SourceLocation(file: fileName, line: line, column: column), message)
  }

  private mutating func endRecord() throws(InputError) {
    defer {
      record.fieldCount = 0
      record.kept.removeAll(keepingCapacity: true)
      record.firstExtra = nil
    }
    guard let columns else { return try readHeader() }
    report.rows += 1
    if record.fieldCount < columns.fieldCount { return skip(.missingFields, column: 1) }
    if record.fieldCount > columns.fieldCount {
      return skip(.extraFields, column: column(of: record.firstExtra))
    }
    let tokenizer = self.tokenizer
    let assetField = record.kept[columns.asset]
    let accountField = record.kept[columns.account]
    if Self.withContent(of: assetField, in: tokenizer, \.isEmpty) {
      return skip(.emptyAsset, column: column(of: assetField))
    }
    if Self.withContent(of: accountField, in: tokenizer, \.isEmpty) {
      return skip(.emptyAccount, column: column(of: accountField))
    }
    let asset: UInt32
    let kind: AssetKind
    switch assets {
    case .nodes(let graph):
      guard let node = Self.withContent(of: assetField, in: tokenizer, { assetIDs.find($0) }) else {
        return skip(.unknownAsset, column: column(of: assetField))
      }
      asset = node
      kind = graph.kinds[Int(asset)]
      guard kind.hasAudience else {
        return skip(.notAnAudienceAsset, column: column(of: assetField))
      }
    case .named(let namedKind):
      // The identifier is the asset's only name, shown as it is written: two
      // that differ only in bytes that are not UTF-8 would be shown alike.
      // (With a graph, such an Asset is simply no node's id.)
      let invalid = Self.withContent(of: assetField, in: tokenizer) {
        firstInvalidUTF8Offset($0, in: 0..<$0.count)
      }
      if invalid != nil {
        throw error(
          "invalid UTF-8 in an Asset, which names the asset when no nodes are given",
          line: record.line, column: column(of: assetField))
      }
      asset = Self.withContent(of: assetField, in: tokenizer) { assetIDs.intern($0).id }
      kind = namedKind
    }
    if let precision = sketches?.overall.precision {
      let hash = Self.withContent(of: accountField, in: tokenizer) { ByteInterner.hash($0) }
      sketches!.perKind[kind, default: HyperLogLog(precision: precision)].add(hash: hash)
      sketches!.overall.add(hash: hash)
      return
    }
    let account = Self.withContent(of: accountField, in: tokenizer) { accountIDs.intern($0).id }
    pairAssets.append(asset)
    pairAccounts.append(account)
    if pairAssets.count >= compactAt { removeDuplicatePairs() }
  }

  /// Removes repeated (asset, account) pairs read so far, as the lists would
  /// at the end, and counts them for the report.
  /// - Complexity: O(p log p) for the p pairs held.
  private mutating func removeDuplicatePairs() {
    var pairs = [(asset: UInt32, account: UInt32)]()
    pairs.reserveCapacity(pairAssets.count)
    for (asset, account) in zip(pairAssets, pairAccounts) { pairs.append((asset, account)) }
    pairs.sort { ($0.asset, $0.account) < ($1.asset, $1.account) }
    pairAssets.removeAll(keepingCapacity: true)
    pairAccounts.removeAll(keepingCapacity: true)
    var previous: (asset: UInt32, account: UInt32)? = nil
    for pair in pairs where previous.map({ $0 != pair }) ?? true {
      pairAssets.append(pair.asset)
      pairAccounts.append(pair.account)
      previous = pair
    }
    duplicatesRemoved += pairs.count - pairAssets.count
    compactAt = max(compactAt, pairAssets.count * 2)
  }

  private mutating func skip(_ reason: RowReadReport.Reason, column: Int) {
    let (tokenizer, record, columns, file) = (tokenizer, record, columns, fileName)
    report.leaveOut(reason, limit: examplesWanted) {
      var detail = ""
      if reason == .unknownAsset || reason == .notAnAudienceAsset, let columns {
        let asset = Self.withContent(of: record.kept[columns.asset], in: tokenizer) {
          String(decoding: $0, as: UTF8.self)
        }
        detail = " (\"\(VisibleText.safe(asset, limit: 60))\")"
      }
      return (SourceLocation(file: file, line: record.line, column: column), detail)
    }
  }

  /// The columns of an audience CSV's header, both read.
  static let headerNames = ["asset", "account"]

  private mutating func readHeader() throws(InputError) {
    guard let asset = header["asset"], let account = header["account"] else {
      throw error(
        "an audience CSV starts with the header Asset,Account (found: \(header.namesFound))",
        line: record.line, column: 1)
    }
    columns = (asset, account, record.fieldCount)
  }

  /// Ends an estimating read: the sketches per kind and overall, and the report.
  package mutating func finishSketches() throws(InputError) -> AudienceSketches {
    let lists = try finish()
    return AudienceSketches(
      perKind: sketches?.perKind ?? [:], overall: sketches?.overall ?? HyperLogLog(),
      report: lists.report)
  }

  /// Ends the current input: its last record; checks that it had a header.
  private mutating func endInput() throws(InputError) {
    inputEnded = true
    tokenizer.finish()
    try readFields()
    guard columns != nil else {
      throw InputError(
        .badData, SourceLocation(file: fileName), "empty file; expected the header Asset,Account")
    }
  }

  /// Ends the reading: the last record, the lists.
  package mutating func finish() throws(InputError) -> AudienceLists {
    if !inputEnded { try endInput() }
    report.duplicates += duplicatesRemoved
    duplicatesRemoved = 0
    return AudienceLists.build(
      assetCount: assetIDs.count, accountCount: accountIDs.count, assets: pairAssets,
      accounts: pairAccounts, report: &report)
  }

  /// The graph of the assets the input named, once it is read
  /// (``AudienceAssets/named(_:)``); the graph given otherwise.
  package func assetGraph() -> AssetGraph {
    switch assets {
    case .nodes(let graph): graph
    case .named(let kind): AssetGraph(namedBy: assetIDs, kind: kind)
    }
  }
}

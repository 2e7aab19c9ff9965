@_spi(Internal) import CIBGraphCore
@_spi(Internal) import CIBGraphSupport
import Foundation

/// Reads an audience CSV (header `Asset,Account`, one row per follow or
/// membership) against the assets of an ``AssetGraph``, streaming: the file
/// is consumed in chunks, accounts are interned to dense ids straight from
/// the bytes (`ByteInterner`), and memory grows with the rows kept (8
/// bytes each until de-duplication) and the distinct accounts, not with the
/// file's bytes. With sketches, nothing is kept per row.
///
/// Quoting follows RFC 4180; a byte-order mark and CRLF line ends are
/// accepted. Rows naming an asset that is not in the graph, or one that has
/// no audience (an account, an organisation), or with an empty field, or
/// with more or fewer fields than the header, are left out and counted by
/// reason in ``AudienceReadReport``; duplicate rows count once. Broken
/// quoting stops the reading with the line and column. Of a row's fields
/// only those up to its Asset and Account are kept, the others counted: a
/// row of a million fields costs no memory.
public struct AudienceReader {
  /// Size of the chunks a file is read in.
  public static let chunkSize = 1 << 22

  private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

  private let graph: AssetGraph
  private var assetIDs: ByteInterner
  private var accountIDs = ByteInterner(capacity: 1 << 16)
  private var pairAssets: [UInt32] = []
  private var pairAccounts: [UInt32] = []
  private var report: AudienceReadReport
  /// The file being read, for messages (several in a multi-file read).
  private var fileName: String
  /// When estimating: one sketch per audience kind, then one over all kinds.
  private var sketches: [HyperLogLog]?

  // Tokenizer state, kept across chunks.
  private var state = State.fieldStart
  private var field: [UInt8] = []
  /// The current row's fields up to its Asset and Account, and their columns.
  private var fields: [[UInt8]] = []
  private var fieldColumns: [Int] = []
  /// Fields of the current record ended so far, kept or not.
  private var fieldCount = 0
  /// The column of the current row's first field beyond the header's.
  private var extraFieldColumn = 1
  /// The header row as far as it has been read.
  private var headerScan = HeaderScan()
  private var fieldColumn = 1
  private var line = 1
  private var column = 1
  private var recordLine = 1
  private var quoteLine = 1
  private var quoteColumn = 1
  private var skipLineFeed = false
  private var bomBytesSeen = 0
  private var recordHasContent = false
  /// The header's Asset and Account columns, and its number of fields.
  private var columns: (asset: Int, account: Int, fieldCount: Int)?
  private var inputEnded = false
  private var examplesWanted = AudienceReader.exampleLimit

  /// A reader of the audience of `graph`'s assets; `file` names the input in
  /// messages. With `sketchPrecision`, accounts are not kept: each row goes
  /// into HyperLogLog sketches instead (see ``finishSketches()``).
  public init(graph: AssetGraph, file: String, sketchPrecision: Int? = nil) {
    self.graph = graph
    sketches = sketchPrecision.map {
      [HyperLogLog](repeating: HyperLogLog(precision: $0), count: 4)
    }
    self.report = AudienceReadReport(file: file)
    fileName = file
    assetIDs = graph.identifierIndex()
  }

  /// Reads a whole file in chunks (`-`: standard input).
  /// - Throws: ``InputError``: missing file (`.missingInput`), broken quoting
  ///   or a missing header (`.badData`).
  public static func read(path: String, graph: AssetGraph) throws(InputError) -> AudienceLists {
    try read(paths: [path], graph: graph)
  }

  /// Reads several files into one set of lists: an account id names the
  /// same account in every file; each file has its own header.
  /// - Parameter paths: The files to read (`-`: standard input).
  /// - Parameter graph: The graph whose assets the lists belong to.
  /// - Parameter progress: Called after each chunk with the file and the
  ///   bytes read of it so far (for a progress line; the library prints nothing).
  public static func read(
    paths: [String], graph: AssetGraph, progress: (@Sendable (String, Int) -> Void)? = nil
  ) throws(InputError) -> AudienceLists {
    var inputs: [InputFile] = []
    for path in paths { inputs.append(try InputFile(path: path)) }
    return try read(inputs: inputs, graph: graph, progress: progress)
  }

  /// Reads opened inputs (files or streams) into one set of lists, as
  /// ``read(paths:graph:progress:)`` does, in chunks of ``chunkSize`` bytes.
  /// - Complexity: O(bytes); memory grows with the rows kept, not the bytes.
  public static func read(
    inputs: [InputFile], graph: AssetGraph, progress: (@Sendable (String, Int) -> Void)? = nil
  ) throws(InputError) -> AudienceLists {
    var reader = AudienceReader(
      graph: graph, file: inputs.map(\.name).joined(separator: ", "))
    for input in inputs {
      reader.startFile(input.name)
      try reader.consume(input, progress: progress)
      try reader.endFile()
    }
    return try reader.finish()
  }

  /// Resets the tokenizer for the next file of a multi-file read.
  private mutating func startFile(_ path: String) {
    fileName = path
    state = .fieldStart
    field.removeAll()
    fields.removeAll()
    fieldColumns.removeAll()
    fieldCount = 0
    headerScan = HeaderScan()
    line = 1
    column = 1
    recordLine = 1
    skipLineFeed = false
    bomBytesSeen = 0
    recordHasContent = false
    columns = nil
    inputEnded = false
  }

  /// Ends one file of a multi-file read: its last record, and its header check.
  private mutating func endFile() throws(InputError) {
    try endInput()
  }

  /// Feeds a whole input, chunk by chunk: a file or a stream of any length,
  /// never held whole.
  mutating func consume(_ input: InputFile, progress: (@Sendable (String, Int) -> Void)? = nil)
    throws(InputError)
  {
    var bytesRead = 0
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 1)
    defer { chunk.deallocate() }
    while true {
      let got = try input.readFully(into: chunk)
      if got == 0 { break }
      bytesRead += got
      progress?(input.path, bytesRead)
      try consume(UnsafeBufferPointer(rebasing: chunk.bindMemory(to: UInt8.self)[..<got]))
    }
  }

  /// Estimates distinct audiences of a whole file with sketches, keeping no accounts.
  public static func sketch(path: String, graph: AssetGraph, precision: Int = 14) throws(InputError)
    -> AudienceSketches
  {
    let input = try InputFile(path: path)
    var reader = AudienceReader(graph: graph, file: input.name, sketchPrecision: precision)
    try reader.consume(input)
    return try reader.finishSketches()
  }

  /// The most rows left out that a read locates (the others are counted).
  static let exampleLimit = 20

  /// The located examples of rows left out in `prefix`, the start of a file,
  /// at most `limit` of them: what the careful reader says of them.
  static func examples(
    in prefix: UnsafeBufferPointer<UInt8>, file: String, graph: AssetGraph, limit: Int
  ) -> [Finding] {
    var reader = AudienceReader(graph: graph, file: file)
    reader.examplesWanted = limit
    do {
      try reader.consume(prefix)
      try reader.endInput()
    } catch {
      // The fast reader read these bytes as valid; nothing to add if they are not.
    }
    return reader.report.examples
  }

  /// Reads mapped files on all cores when they are clean (the parallel reader);
  /// `nil` when they must be read with ``read(paths:graph:progress:)``.
  /// - Parameter files: The mapped files, each with the name messages give it.
  /// - Parameter graph: The graph whose assets the lists belong to.
  /// - Parameter selection: Whose lists to build (every asset's by default).
  /// - Parameter progress: Called, from any core, with a file and the bytes
  ///   of it read so far (for a progress line; the library prints nothing).
  public static func readClean(
    files: [(file: MappedFile, name: String)], graph: AssetGraph,
    selection: AudienceSelection = .all, progress: (@Sendable (String, Int) -> Void)? = nil
  ) -> AudienceLists? {
    FastAudienceReader.read(
      files: files.map { input in
        FastAudienceReader.Input(
          bytes: input.file.bytes, name: input.name, release: { input.file.release($0) },
          progress: progress)
      }, graph: graph, selection: selection)
  }

  /// Reads bytes held in memory.
  public static func read(bytes: [UInt8], file: String, graph: AssetGraph) throws(InputError)
    -> AudienceLists
  {
    let fast = bytes.withUnsafeBufferPointer {
      FastAudienceReader.read(files: [.init(bytes: $0, name: file, release: nil)], graph: graph)
    }
    if let fast { return fast }
    var reader = AudienceReader(graph: graph, file: file)
    try bytes.withUnsafeBufferPointer { (buffer) throws(InputError) in try reader.consume(buffer) }
    return try reader.finish()
  }

  private func error(_ message: String, line: Int, column: Int) -> InputError {
    InputError(.badData, SourceLocation(file: fileName, line: line, column: column), message)
  }

  /// Feeds the next bytes of the file.
  public mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {
    var i = 0
    while bomBytesSeen < 3 && i < bytes.count {
      let expected: [UInt8] = [0xEF, 0xBB, 0xBF]
      if bytes[i] == expected[bomBytesSeen] && (bomBytesSeen > 0 || (line == 1 && column == 1)) {
        bomBytesSeen += 1
        i += 1
      } else {
        if bomBytesSeen > 0 {  // a partial mark was data after all
          field.append(contentsOf: expected[0..<bomBytesSeen])
          state = .unquoted
          recordHasContent = true
        }
        bomBytesSeen = 3
      }
    }
    while i < bytes.count {
      let byte = bytes[i]
      i += 1
      if skipLineFeed {
        skipLineFeed = false
        if byte == .lf { continue }
      }
      switch state {
      case .fieldStart, .unquoted:
        if state == .fieldStart { fieldColumn = column }
        switch byte {
        case .comma:
          endField()
          state = .fieldStart
          recordHasContent = true
        case .lf, .cr:
          try endLine(crlf: byte == .cr)
          continue
        case .quote:
          if state == .unquoted {
            throw error(
              "quote inside an unquoted field; quote the whole field and double the quote (RFC 4180)",
              line: line, column: column)
          }
          state = .quoted
          quoteLine = line
          quoteColumn = column
          recordHasContent = true
        default:
          field.append(byte)
          state = .unquoted
          recordHasContent = true
        }
      case .quoted:
        if byte == .quote {
          state = .quoteInQuoted
        } else {
          field.append(byte)
          if byte == .lf {
            line += 1
            column = 0
          }
        }
      case .quoteInQuoted:
        switch byte {
        case .quote:
          field.append(byte)
          state = .quoted
        case .comma:
          endField()
          state = .fieldStart
        case .lf, .cr:
          try endLine(crlf: byte == .cr)
          continue
        default:
          throw error(
            "unexpected text after a closing quote; a quote inside a quoted field is written \"\"",
            line: line, column: column)
        }
      }
      if field.count > CSVTokenizer.maxFieldBytes {
        throw error("field longer than 1 MiB", line: line, column: fieldColumn)
      }
      if byte & 0xC0 != 0x80 { column += 1 }
    }
  }

  /// A line break outside quotes: ends the field and the record.
  private mutating func endLine(crlf: Bool) throws(InputError) {
    endField()
    try endRecord()
    state = .fieldStart
    newLine(crlf: crlf)
  }

  private mutating func newLine(crlf: Bool) {
    line += 1
    column = 1
    skipLineFeed = crlf
  }

  private mutating func endField() {
    if let columns {
      if fieldCount <= max(columns.asset, columns.account) {
        fields.append(field)
        fieldColumns.append(fieldColumn)
      } else if fieldCount == columns.fieldCount {
        extraFieldColumn = fieldColumn
      }
    } else {
      headerScan.note(field, at: fieldCount)
    }
    fieldCount += 1
    field.removeAll(keepingCapacity: true)
  }

  private mutating func endRecord() throws(InputError) {
    defer {
      fields.removeAll(keepingCapacity: true)
      fieldColumns.removeAll(keepingCapacity: true)
      fieldCount = 0
      recordHasContent = false
      recordLine = line + 1
      if columns == nil { headerScan = HeaderScan() }  // a blank line before the header
    }
    // A blank line is one empty field and nothing else: any byte of a
    // record, a comma or a quote included, marks it as having content.
    guard recordHasContent || fieldCount > 1 else { return }
    guard let columns else { return try readHeader() }
    report.rows += 1
    if fieldCount < columns.fieldCount { return skip(.missingFields, column: 1) }
    if fieldCount > columns.fieldCount { return skip(.extraFields, column: extraFieldColumn) }
    let assetBytes = fields[columns.asset]
    let accountBytes = fields[columns.account]
    if assetBytes.isEmpty {
      return skip(.emptyAsset, column: fieldColumns[safe: columns.asset] ?? 1)
    }
    if accountBytes.isEmpty {
      return skip(.emptyAccount, column: fieldColumns[safe: columns.account] ?? 1)
    }
    let asset = assetBytes.withUnsafeBufferPointer { assetIDs.find($0) }
    guard let asset else {
      return skip(.unknownAsset, column: fieldColumns[safe: columns.asset] ?? 1)
    }
    guard AssetKind.audienceKinds.contains(graph.kinds[Int(asset)]) else {
      return skip(.notAnAudienceAsset, column: fieldColumns[safe: columns.asset] ?? 1)
    }
    if sketches != nil {
      let hash = accountBytes.withUnsafeBufferPointer { ByteInterner.hash($0) }
      let kind = AssetKind.audienceKinds.firstIndex(of: graph.kinds[Int(asset)])!
      sketches![kind].add(hash: hash)
      sketches![3].add(hash: hash)
      return
    }
    let account = accountBytes.withUnsafeBufferPointer { accountIDs.intern($0).id }
    pairAssets.append(asset)
    pairAccounts.append(account)
  }

  private mutating func skip(_ reason: AudienceReadReport.Skip, column: Int) {
    report.skipped[reason, default: 0] += 1
    guard report.examples.count < examplesWanted else { return }
    var message = "row left out: \(reason.explanation)"
    if reason == .unknownAsset || reason == .notAnAudienceAsset, let columns,
      columns.asset < fields.count
    {
      message +=
        " (\"\(VisibleText.safe(String(decoding: fields[columns.asset], as: UTF8.self), limit: 60))\")"
    }
    report.examples.append(
      Finding(
        .warning, "audience-row", message,
        location: SourceLocation(file: fileName, line: recordLine, column: column)))
  }

  /// What is known of a header row while it is read, a field at a time.
  private struct HeaderScan {
    var asset: Int?
    var account: Int?
    /// The first names, for a message.
    var found: [String] = []

    mutating func note(_ bytes: [UInt8], at index: Int) {
      let text = String(decoding: bytes, as: UTF8.self)
      let name = text.trimmingSpaces.lowercased()
      if name == "asset" && asset == nil { asset = index }
      if name == "account" && account == nil { account = index }
      if found.count < 10 { found.append(VisibleText.safe(text, limit: 40)) }
    }
  }

  private mutating func readHeader() throws(InputError) {
    guard let asset = headerScan.asset, let account = headerScan.account else {
      var found = headerScan.found
      if fieldCount > found.count { found.append("… \(groupedDigits(fieldCount)) columns in all") }
      throw error(
        "an audience CSV starts with the header Asset,Account (found: \(found.joined(separator: ", ")))",
        line: recordLine, column: 1)
    }
    columns = (asset, account, fieldCount)
  }

  /// Ends an estimating read: the sketches per kind and overall, and the report.
  public mutating func finishSketches() throws(InputError) -> AudienceSketches {
    let lists = try finish()
    let sketches = sketches ?? []
    return AudienceSketches(
      perKind: Dictionary(uniqueKeysWithValues: zip(AssetKind.audienceKinds, sketches.prefix(3))),
      overall: sketches.last ?? HyperLogLog(), report: lists.report)
  }

  /// Ends the current input: its last record; checks that it had a header.
  private mutating func endInput() throws(InputError) {
    inputEnded = true
    if state == .quoted {
      throw error(
        "quoted field is not closed before the end of the file", line: quoteLine,
        column: quoteColumn)
    }
    if recordHasContent || !field.isEmpty || fieldCount > 0 {
      endField()
      try endRecord()
    }
    guard columns != nil else {
      throw InputError(
        .badData, SourceLocation(file: fileName), "empty file; expected the header Asset,Account")
    }
  }

  /// Ends the reading: the last record, the lists.
  public mutating func finish() throws(InputError) -> AudienceLists {
    if !inputEnded { try endInput() }
    return AudienceLists.build(
      assetCount: graph.nodeCount, accountCount: accountIDs.count, assets: pairAssets,
      accounts: pairAccounts, report: &report)
  }
}

extension Array {
  fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

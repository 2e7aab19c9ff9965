import ArgumentParser
import CIBGraph

/// Audience lists, for the commands that can use them.
struct AudienceOptions: ParsableArguments {
  @Option(
    name: .customLong("audience"),
    help: ArgumentHelp(
      "An audience CSV (Asset,Account: one row per follow or membership; '-' reads standard input); repeat for several files.",
      valueName: "audience.csv"))
  var files: [String] = []

  @Flag(
    help:
      "Estimate distinct audiences with HyperLogLog sketches instead of counting them exactly (for inputs too large to hold)."
  )
  var estimate = false

  @Option(help: "Sketch precision: 2^p registers, relative standard error 1.04/√(2^p). 4 to 18.")
  var precision = 14

  @Flag(help: "No progress line on stderr while reading large audience files.")
  var quiet = false

  func validate() throws {
    if !(4...18).contains(precision) { throw ValidationError("--precision must be 4 to 18") }
    if estimate && files.isEmpty { throw ValidationError("--estimate needs --audience files") }
    try StandardInputUse.validate(files)
  }

  /// Exact lists of every file together, or nil without files.
  /// - Parameter selection: Whose lists are needed; the others may be left
  ///   empty when that is faster (clean files), or built all the same.
  func lists(for graph: AssetGraph, selection: AudienceSelection = .all) throws(CommandFailure)
    -> AudienceLists?
  {
    guard !files.isEmpty, !estimate else { return nil }
    let progress = ProgressLine.make(files: files, quiet: quiet)
    defer { progress?.finish() }
    var report: (@Sendable (String, Int) -> Void)?
    if let progress {
      report = { file, bytes in progress.update(file: file, bytes: bytes) }
    }
    do throws(InputError) {
      return try AudienceReader.read(
        files.map(InputSource.init(argument:)), graph: graph, selection: selection,
        progress: report)
    } catch {
      throw CommandFailure(error)
    }
  }

  /// Merged sketches of every file, when estimating.
  func sketches(for graph: AssetGraph) throws(CommandFailure) -> AudienceSketches? {
    guard estimate else { return nil }
    do throws(InputError) {
      return try AudienceReader.estimate(
        files.map(InputSource.init(argument:)), graph: graph, precision: precision)
    } catch {
      throw CommandFailure(error)
    }
  }
}

/// What the audience files held and what was left out, for stderr and JSON.
enum AudienceReportOutput {
  static func notes(_ report: AudienceReadReport) -> [String] {
    var notes: [String] = []
    for finding in report.examples.prefix(5) {
      notes.append(Diagnostics.line(finding, fallbackFile: report.file, severity: "warning"))
    }
    if report.skippedTotal > 0 {
      notes.append(
        Diagnostics.rowsLeftOut(
          file: report.file, rows: report.rows, what: "audience rows", skipped: report.skipped,
          explanation: \.explanation))
    }
    if report.duplicates > 0 {
      let rows = report.listsCoverAll ? "duplicate rows" : "duplicate rows of the assets compared"
      notes.append(
        TerminalText.safe(
          "\(report.file): \(groupedDigits(report.duplicates)) \(rows) counted once"))
    }
    return notes
  }

  static func json(_ report: AudienceReadReport) -> JSONValue {
    .object([
      ("files", .string(report.file)),
      ("rows", .int(report.rows)),
      ("used", .int(report.used)),
      ("duplicates", .int(report.duplicates)),
      (
        "skipped",
        .object(
          AudienceReadReport.Skip.allCases.map { ($0.rawValue, .int(report.skipped[$0] ?? 0)) })
      ),
    ])
  }
}

/// Finds graph nodes by identifier.
struct NodeLookup {
  private let index: [ByteExactID: NodeIndex]

  init(_ graph: AssetGraph) {
    index = graph.nodeIndexByID()
  }

  subscript(id: String) -> NodeIndex? { index[ByteExactID(id)] }

  /// The distinct nodes of a network's itemized assets.
  func nodes(of network: Network) -> [NodeIndex] {
    var seen = Set<NodeIndex>()
    return network.assets.compactMap { index[ByteExactID($0.id)] }.filter {
      seen.insert($0).inserted
    }
  }
}

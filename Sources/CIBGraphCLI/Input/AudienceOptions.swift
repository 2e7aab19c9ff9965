import ArgumentParser
import CIBGraph

/// `--audience`: the audience list files, read by the option groups below.
struct AudienceFiles: ParsableArguments {
  @Option(
    name: .customLong("audience"),
    help: ArgumentHelp(
      "An audience CSV (Asset,Account: one row per follow or membership; '-' reads standard input); repeat for several files.",
      valueName: "audience.csv"))
  var files: [String] = []

  /// Exact lists of every file together, or nil without files.
  /// - Parameter selection: Whose lists are needed; the others may be left
  ///   empty when that is faster (clean files), or built all the same.
  /// - Parameter quiet: No progress line, even for large files on a terminal.
  func lists(for graph: AssetGraph, selection: AudienceSelection, quiet: Bool)
    throws(CommandFailure) -> AudienceLists?
  {
    try reading(quiet: quiet) { (sources, progress) throws(InputError) in
      try AudienceReader.read(sources, graph: graph, selection: selection, progress: progress)
    }
  }

  /// Lists of every file together, read without a graph: the assets the
  /// rows name, each of `kind`, make the graph (see
  /// `AudienceReader.read(_:namingAssetsOf:largest:progress:)`); nil without files.
  func namedAudience(kind: AssetKind, largest: Int?, quiet: Bool) throws(CommandFailure)
    -> NamedAudience?
  {
    try reading(quiet: quiet) { (sources, progress) throws(InputError) in
      try AudienceReader.read(
        sources, namingAssetsOf: kind, largest: largest, progress: progress)
    }
  }

  /// The exact reach over every asset of every file together, without
  /// lists; nil without files.
  func totals(for graph: AssetGraph, quiet: Bool) throws(CommandFailure) -> AudienceTotals? {
    try reading(quiet: quiet) { (sources, progress) throws(InputError) in
      try AudienceReader.totals(sources, graph: graph, progress: progress)
    }
  }

  /// What `read` makes of the files, with a progress line unless `quiet`;
  /// nil without files.
  private func reading<Answer>(
    quiet: Bool,
    _ read: ([InputSource], (@Sendable (String, Int) -> Void)?) throws(InputError) -> Answer
  ) throws(CommandFailure) -> Answer? {
    guard !files.isEmpty else { return nil }
    let progress = ProgressLine.make(files: files, quiet: quiet)
    defer { progress?.finish() }
    var report: (@Sendable (String, Int) -> Void)?
    if let progress {
      report = { file, bytes in progress.update(file: file, bytes: bytes) }
    }
    do throws(InputError) {
      return try read(files.map(InputSource.init(argument:)), report)
    } catch {
      throw CommandFailure(error)
    }
  }

  /// Merged sketches of every file at `precision`; nil without files.
  func sketches(for graph: AssetGraph, precision: Int) throws(CommandFailure)
    -> AudienceSketches?
  {
    guard !files.isEmpty else { return nil }
    do throws(InputError) {
      return try AudienceReader.estimate(
        files.map(InputSource.init(argument:)), graph: graph, precision: precision)
    } catch {
      throw CommandFailure(error)
    }
  }
}

/// `--quiet`, for commands that may show a progress line.
struct ProgressOption: ParsableArguments {
  @Flag(help: "No progress line on stderr while reading large audience files.")
  var quiet = false
}

/// Audience lists counted exactly, for the commands that only count so.
struct ExactAudienceOptions: ParsableArguments {
  @OptionGroup var audience: AudienceFiles
  @OptionGroup var progress: ProgressOption

  var files: [String] { audience.files }

  func validate() throws {
    try StandardInputUse.validate(files)
  }

  /// Exact lists of every file together, or nil without files.
  /// - Parameter selection: Whose lists are needed; the others may be left
  ///   empty when that is faster (clean files), or built all the same.
  func lists(for graph: AssetGraph, selection: AudienceSelection = .all) throws(CommandFailure)
    -> AudienceLists?
  {
    try audience.lists(for: graph, selection: selection, quiet: progress.quiet)
  }

  /// Exact lists of every file together, read without a graph (see
  /// ``AudienceFiles/namedAudience(kind:largest:quiet:)``); nil without files.
  func namedAudience(kind: AssetKind, largest: Int?) throws(CommandFailure) -> NamedAudience? {
    try audience.namedAudience(kind: kind, largest: largest, quiet: progress.quiet)
  }
}

/// Audience lists counted exactly, or estimated with `--estimate`.
struct EstimatingAudienceOptions: ParsableArguments {
  @OptionGroup var audience: AudienceFiles

  @Flag(
    help:
      "Estimate distinct audiences with HyperLogLog sketches instead of counting them exactly (for inputs too large to hold)."
  )
  var estimate = false

  @Option(help: "Sketch precision: 2^p registers, relative standard error 1.04/√(2^p). 4 to 18.")
  var precision = 14

  @OptionGroup var progress: ProgressOption

  var files: [String] { audience.files }

  func validate() throws {
    if !(4...18).contains(precision) { throw ValidationError("--precision must be 4 to 18") }
    if estimate && files.isEmpty { throw ValidationError("--estimate needs --audience files") }
    try StandardInputUse.validate(files)
  }

  /// Exact lists of every file together; nil without files or when estimating.
  func lists(for graph: AssetGraph) throws(CommandFailure) -> AudienceLists? {
    estimate ? nil : try audience.lists(for: graph, selection: .all, quiet: progress.quiet)
  }

  /// The exact reach over every asset of every file together; nil without
  /// files or when estimating.
  func totals(for graph: AssetGraph) throws(CommandFailure) -> AudienceTotals? {
    estimate ? nil : try audience.totals(for: graph, quiet: progress.quiet)
  }

  /// Merged sketches of every file, when estimating.
  func sketches(for graph: AssetGraph) throws(CommandFailure) -> AudienceSketches? {
    estimate ? try audience.sketches(for: graph, precision: precision) : nil
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

import ArgumentParser
import CIBGraph
import Foundation

extension SummaryGrouping: ExpressibleByArgument {}

/// `cibgraph summary`: what many takedowns add up to, without double counting.
struct SummaryCommand: AnalysisCommand {
  static let configuration = CommandConfiguration(
    commandName: "summary",
    abstract: "Totals over many documents: networks, removed assets, audience bounds, ad spend.",
    discussion: """
      Removed assets are summed per kind: an asset is removed once, so removals do not overlap. \
      Audiences overlap (one person follows Pages of two networks) and are never summed: the \
      people reached are at least the largest network's lower bound and at most the sum of the \
      upper bounds, open when a network gives none. Ad spend is summed per currency and never \
      converted. A network two documents describe (same id) is counted once, from the first \
      platform's own report that describes it. A folder reads every .json document in it. A \
      file that is not a valid document stops the summary with status 65 and nothing on stdout; with \
      --skip-bad-documents it is named with its error on stderr and left out, and the summary \
      says how many were. Filters match without regard to case; an organisation includes its \
      parts; --from and --to compare the report's date, and keep a network only when its \
      whole date is in the range (a report dated 2019 is not in --from 2019-06).
      """)

  @Argument(
    help: ArgumentHelp(
      "JSON network documents, or folders of them ('-' reads standard input).",
      valueName: "doc"))
  var documents: [String] = []

  @Option(
    help: ArgumentHelp(
      "Group networks by \(SummaryGrouping.allCases.map(\.rawValue).joined(separator: ", ")).",
      valueName: "key"))
  var by: SummaryGrouping?

  @OptionGroup var filter: NetworkFilterOptions

  @Flag(
    help: ArgumentHelp(
      "Leave out a file that is not a valid document, naming it and its error on stderr, instead of stopping with status 65."
    ))
  var skipBadDocuments = false

  @OptionGroup var format: OutputFormatOption

  func validate() throws {
    if documents.isEmpty { throw ValidationError("give at least one JSON document or folder") }
    _ = try filter.networkFilter()
    try StandardInputUse.validate(documents)
    try InputLimit.validate()
  }

  func execute() throws(CommandFailure) -> CommandAnswer {
    let files = try DocumentFolders.files(documents)
    var read: [NetworkDocument] = []
    var leftOut: [String] = []
    let results = NetworkDocument.read(
      files.map(InputSource.init(argument:)), limit: InputLimit.size)
    for result in results {
      switch result {
      case .success(let loaded): read.append(loaded.document)
      case .failure(let error):
        guard skipBadDocuments else { throw CommandFailure(error) }
        leftOut.append(Diagnostics.line(error) + " (left out)")
      }
    }
    let (networks, repeated) = DescribedNetwork.unique(in: read)
    let networkFilter: NetworkFilter
    do {
      networkFilter = try filter.networkFilter()
    } catch {
      throw CommandFailure(.usage, ["cibgraph: error: \(error)"])
    }
    let output = SummaryOutput(
      summary: GroupedSummary(networks, by: by, filter: networkFilter), filter: networkFilter,
      documents: read.count, documentsLeftOut: leftOut.count, repeated: repeated)
    return CommandAnswer(output: format.render(output), notes: leftOut)
  }
}

/// The options that choose which networks a summary takes.
struct NetworkFilterOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Networks run from this country (code or name) or region.", valueName: "place"))
  var origin: [String] = []

  @Option(
    help: ArgumentHelp(
      "Networks aimed at this country (code or name) or region.", valueName: "place"))
  var target: [String] = []

  @Option(
    help: ArgumentHelp(
      "Networks attributed to this organisation, person or movement (id, name or alias), or to a part of it.",
      valueName: "name"))
  var organization: [String] = []

  @Option(
    help: ArgumentHelp(
      "Networks with assets on this platform (Facebook, Instagram, X, …).", valueName: "name"))
  var platform: [String] = []

  @Option(
    help: ArgumentHelp(
      "Reports published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).", valueName: "date"))
  var from: String?

  @Option(
    help: ArgumentHelp(
      "Reports published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).", valueName: "date"))
  var to: String?

  @Option(
    help: ArgumentHelp(
      "Networks whose id, name, topics, notes, attribution or actors' names contain this text.",
      valueName: "text"))
  var text: String?

  /// The filter the options describe.
  /// - Throws: `ValidationError` naming the accepted forms for a date that is not one.
  func networkFilter() throws -> NetworkFilter {
    let earliest = try Self.date(from, option: "--from")
    let latest = try Self.date(to, option: "--to")
    if let from = earliest, let to = latest,
      (to.year, to.month ?? 12, to.day ?? 31) < (from.year, from.month ?? 1, from.day ?? 1)
    {
      throw ValidationError("--to \(to) is before --from \(from)")
    }
    return NetworkFilter(
      origins: origin, targets: target, organizations: organization, platforms: platform,
      from: earliest, to: latest, text: text)
  }

  private static func date(_ text: String?, option: String) throws -> PartialDate? {
    guard let text else { return nil }
    guard let date = PartialDate(text) else {
      throw ValidationError(
        "\(option) \(TerminalText.safe(text, limit: 40)) is not a date; give YYYY, YYYY-MM or YYYY-MM-DD (2019, 2019-04, 2019-04-01)"
      )
    }
    return date
  }
}

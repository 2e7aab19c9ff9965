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
      file that is not a valid document stops the summary with status 65 and nothing on stdout.
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

  @OptionGroup var format: OutputFormatOption

  func validate() throws {
    if documents.isEmpty { throw ValidationError("give at least one JSON document or folder") }
    try StandardInputUse.validate(documents)
    try InputLimit.validate()
  }

  /// The files named, a folder replaced by its `.json` files in name order.
  /// - Throws: ``CommandFailure`` with status 66 for a folder that cannot be listed.
  static func files(_ arguments: [String]) throws(CommandFailure) -> [String] {
    var files: [String] = []
    for argument in arguments {
      var isFolder: ObjCBool = false
      guard argument != "-",
        FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder),
        isFolder.boolValue
      else {
        files.append(argument)
        continue
      }
      let names: [String]
      do {
        names = try FileManager.default.contentsOfDirectory(atPath: argument)
      } catch {
        throw CommandFailure(
          .noInput, ["cibgraph: error: \(TerminalText.safe(argument)): cannot list the folder"])
      }
      let folder = argument.hasSuffix("/") ? argument : argument + "/"
      files += names.filter { $0.lowercased().hasSuffix(".json") }.sorted().map { folder + $0 }
    }
    return files
  }

  func execute() throws(CommandFailure) -> CommandAnswer {
    let files = try Self.files(documents)
    var read: [NetworkDocument] = []
    do throws(InputError) {
      for file in files {
        read.append(
          try NetworkDocument.read(InputSource(argument: file), limit: InputLimit.size).document)
      }
    } catch {
      throw CommandFailure(error)
    }
    let (networks, repeated) = DescribedNetwork.unique(in: read)
    let output = SummaryOutput(
      summary: GroupedSummary(networks, by: by), documents: files.count, repeated: repeated)
    return CommandAnswer(output: format.render(output), notes: [])
  }
}

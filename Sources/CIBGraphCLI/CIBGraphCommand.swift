import ArgumentParser
import CIBGraph
import Foundation

/// The `cibgraph` command: analysis of coordinated-inauthentic-behaviour networks.
public struct CIBGraphCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "cibgraph",
    abstract: "Analyse coordinated-inauthentic-behaviour (CIB) takedown networks.",
    discussion: """
      Reads JSON network documents (one report, its networks and the organisations they are \
      attributed to) or itemized data as Gephi spreadsheets (--nodes N.csv --edges E.csv).

      Any input may be '-' (standard input, for one input at most), a pipe or a FIFO. \
      Documents, spreadsheets and activity files may be at most 4 GiB each; set \
      CIBGRAPH_MAX_INPUT (bytes, or 512M, 16G) to change that.

      Exit status: 0 fine, 1 validation found errors, 64 usage, 65 bad data, 66 missing input, \
      69 Graphviz plugins missing, 70 Graphviz failed, 73 output not writable.
      """,
    version: "0.1.0",
    subcommands: [
      ReachCommand.self, ComponentsCommand.self, ValidateCommand.self, OverlapCommand.self,
      CoordinateCommand.self,
      RenderCommand.self, ConvertCommand.self,
      DotCommand.self, RenderWorker.self,
    ]
  )

  public init() {}
}

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  /// Aligned tables for people.
  case text
  /// Stable keys, for jq and scripts.
  case json
  /// One row per item, for spreadsheets.
  case csv
}

/// A subcommand that computes its whole output before printing any of it,
/// so a failure never leaves a partial answer on stdout.
protocol AnalysisCommand: ParsableCommand {
  /// The complete output, the exit status, and notes for stderr.
  func execute() throws(CommandFailure) -> (output: String, status: ExitStatus, notes: [String])
}

extension AnalysisCommand {
  func run() throws {
    let result: (output: String, status: ExitStatus, notes: [String])
    do {
      result = try execute()
    } catch {
      printToStandardError(error.messages)
      throw ExitCode(error.status.rawValue)
    }
    printToStandardError(result.notes)
    FileHandle.standardOutput.write(Data(result.output.utf8))
    if result.status != .ok { throw ExitCode(result.status.rawValue) }
  }
}

func printToStandardError(_ lines: [String]) {
  guard !lines.isEmpty else { return }
  FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
}

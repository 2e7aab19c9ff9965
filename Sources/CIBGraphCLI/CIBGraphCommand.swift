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
      CIBGRAPH_MAX_INPUT (bytes, or 512M, 16G) to change that. With CIBGRAPH_TIMINGS=1, \
      reach, summary, diff, components, validate, overlap, coordinate and dot print on stderr, \
      once they have answered, how long each phase took.

      Exit status: 0 fine, 1 validation found errors or diff found changes, 64 usage, \
      65 bad data, 66 missing input, 69 Graphviz plugins missing, 70 Graphviz failed, 73 output \
      not writable.
      """,
    version: "0.1.0",
    subcommands: [
      ReachCommand.self, SummaryCommand.self, DiffCommand.self, ComponentsCommand.self,
      ValidateCommand.self,
      OverlapCommand.self,
      CoordinateCommand.self,
      RenderCommand.self, ReportCommand.self, ConvertCommand.self,
      DotCommand.self, RenderWorker.self,
    ]
  )

  public init() {}

  /// Without a subcommand there is nothing to do: a usage error (64), the
  /// usage on stderr, so that a script that forgot its subcommand fails.
  public func run() throws {
    printToStandardError([
      "usage: " + Self.usageString(), "", "See 'cibgraph --help' for the subcommands.",
    ])
    throw ExitCode(ExitStatus.usage.rawValue)
  }
}

/// What a command answers: its whole standard output, its exit status, and
/// notes for stderr.
struct CommandAnswer {
  var output: String
  var status = ExitStatus.ok
  var notes: [String] = []
}

/// A subcommand that computes its whole output before printing any of it,
/// so a failure never leaves a partial answer on stdout. (`dot` writes its
/// drawing as it is made, through ``StreamedOutput``, once nothing can fail.)
protocol AnalysisCommand: ParsableCommand {
  func execute() throws(CommandFailure) -> CommandAnswer
}

extension AnalysisCommand {
  func run() throws {
    PhaseTimings.start()
    let answer: CommandAnswer
    do {
      answer = try execute()
    } catch {
      printToStandardError(error.messages)
      throw ExitCode(error.status.rawValue)
    }
    printToStandardError(answer.notes)
    do {
      // Written from the text's own bytes: a copy of a gigabyte of text
      // costs time and as much memory again.
      if !answer.output.isEmpty {
        PhaseTimings.begin(.writing)
        PhaseTimings.output(bytes: answer.output.utf8.count)
      }
      try StandardOutput.write(answer.output)
    } catch {
      printToStandardError(error.messages)
      throw ExitCode(error.status.rawValue)
    }
    printToStandardError(PhaseTimings.finish())
    if answer.status != .ok { throw ExitCode(answer.status.rawValue) }
  }
}

func printToStandardError(_ lines: [String]) {
  guard !lines.isEmpty else { return }
  FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
}

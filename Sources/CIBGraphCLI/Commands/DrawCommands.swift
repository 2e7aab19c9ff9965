import ArgumentParser
import CIBGraph
import CIBGraphviz
import Foundation

extension LayoutEngine: ExpressibleByArgument {}
extension RenderFormat: ExpressibleByArgument {}

/// The drawing options both `render` and `dot` take.
struct DrawingArguments: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Layout engine: dot, neato, fdp, sfdp, circo or twopi. Default: dot up to \(LayoutEngine.dotLimit) nodes, sfdp beyond."
    ))
  var layout: LayoutEngine?

  @Flag(help: "Leave out the legend.")
  var noLegend = false

  @Option(help: "In large drawings, label only this many assets, those with the largest audiences.")
  var maxLabels = 300

  @Option(help: "The figure's title. Default: the reports' titles.")
  var title: String?

  @Option(help: "The line under the title. Default: the reports' publishers, dates and addresses.")
  var subtitle: String?

  @Option(help: "Text at the foot of the figure: a credit, a note on the method.")
  var caption: String?

  func validate() throws {
    if maxLabels < 0 { throw ValidationError("--max-labels must be 0 or more") }
  }

  var options: DrawingOptions {
    DrawingOptions(
      layout: layout, legend: !noLegend, maxLabelledAssets: maxLabels, title: title,
      subtitle: subtitle, caption: caption)
  }
}

/// `cibgraph dot`: the drawing as DOT text on stdout.
struct DotCommand: AnalysisCommand {
  static let configuration = CommandConfiguration(
    commandName: "dot",
    abstract: "Write the drawing of the inputs as DOT, for Graphviz or any tool that reads it.")

  @OptionGroup var input: InputOptions
  @OptionGroup var drawing: DrawingArguments
  @OptionGroup var selection: SelectionArguments
  @OptionGroup var badRows: BadRowsOption

  func validate() throws {
    try input.requireGraph()
  }

  func execute() throws(CommandFailure) -> CommandAnswer {
    let checked = try input.loadCheckedForDrawing(badRows: badRows)
    // Written as it is drawn: once the selection is checked nothing fails,
    // and the text of a large graph is gigabytes.
    let output = StreamedOutput()
    PhaseTimings.begin(.drawing)
    let drawn = try selection.drawing(
      of: checked.documents, distinctAssets: checked.distinctAssets, options: drawing.options,
      to: output)
    PhaseTimings.output(bytes: try output.finish())
    PhaseTimings.begin(.releasing)
    return CommandAnswer(
      output: "", notes: checked.notes + (checked.leftOut?.notes ?? []) + drawn.notes
    )
  }

}

/// `cibgraph render`: lay out and render with Graphviz's libraries.
struct RenderCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Draw the inputs to SVG, PNG, PDF or laid-out DOT through Graphviz's libraries.",
    discussion: """
      The format comes from the output file's extension unless --format is given. Layout runs \
      in a child process, so that a Graphviz failure, even a crash, ends with a message rather \
      than taking the tool down; the output file is written only when rendering succeeded. \
      Layout that takes longer than --timeout is stopped, with a message and status 70: dot \
      can take hours on a dense graph of a few hundred nodes, where sfdp takes seconds.
      """)

  @OptionGroup var input: InputOptions
  @OptionGroup var drawing: DrawingArguments
  @OptionGroup var selection: SelectionArguments
  @OptionGroup var badRows: BadRowsOption

  @Option(
    name: .shortAndLong,
    help: ArgumentHelp("The file to write ('-' writes standard output).", valueName: "out.svg"))
  var output: String

  @Option(help: "Output format: svg, png, pdf or dot. Default: from the output file's extension.")
  var format: RenderFormat?

  @Option(
    help: ArgumentHelp(
      "Stop layout and rendering after this many seconds (0: no limit).", valueName: "seconds"))
  var timeout: Int = Self.defaultTimeout

  /// A minute: sfdp draws 10,000 nodes in about 5 s, while dot on a tangled
  /// graph of a hundred nodes can run for hours.
  static let defaultTimeout = 60
  /// A million seconds, eleven days: more is surely a mistake.
  static let longestTimeout = 1_000_000

  func validate() throws {
    try input.requireGraph()
    guard timeout >= 0 && timeout <= Self.longestTimeout else {
      throw ValidationError(
        "--timeout must be a whole number of seconds from 0 (no limit) to \(Self.longestTimeout)")
    }
    if format == nil && output == "-" {
      throw ValidationError(
        "-o - writes standard output, whose format cannot be told: give --format")
    }
    if format == nil && RenderFormat(fileName: output) == nil {
      throw ValidationError(
        "cannot tell the format from \"\(output)\"; name it .svg, .png, .pdf or .dot, or give --format"
      )
    }
  }

  func run() throws {
    do {
      let checked = try input.loadCheckedForDrawing(badRows: badRows)
      printToStandardError(checked.notes + (checked.leftOut?.notes ?? []))
      let drawn = try selection.drawing(
        of: checked.documents, distinctAssets: checked.distinctAssets, options: drawing.options)
      printToStandardError(drawn.notes)
      let bytes = try RenderWorker.renderInChild(
        drawn.dot, layout: drawn.layout, format: format ?? RenderFormat(fileName: output)!,
        timeLimit: timeout == 0 ? nil : .seconds(timeout))
      if output == "-" {
        try StandardOutput.write(bytes)
      } else {
        try OutputFiles.write(bytes, to: output)
      }
    } catch {
      printToStandardError(error.messages)
      throw ExitCode(error.status.rawValue)
    }
  }
}

/// `cibgraph render-worker`: the child process `render` lays out in. Reads
/// DOT on stdin, writes the rendered bytes on stdout, Graphviz's message on
/// stderr. Not for people.
struct RenderWorker: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render-worker", abstract: "Internal: lay out DOT from stdin.",
    shouldDisplay: false)

  @Option var layout: LayoutEngine
  @Option var format: RenderFormat

  func run() throws {
    // Die with the parent: a `render` stopped by Ctrl-C must not leave a
    // layout running on. Graphviz cannot be interrupted, so a watchdog
    // thread ends the process once the parent is gone (re-parented).
    let parent = getppid()
    Thread.detachNewThread {
      while getppid() == parent { usleep(200_000) }
      _exit(Int32(ExitStatus.software.rawValue))
    }
    let dot = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    let bytes: [UInt8]
    do {
      bytes = try Graphviz.render(dot: dot, layout: layout, format: format)
    } catch {
      FileHandle.standardError.write(Data(error.message.utf8))
      throw ExitCode(
        error.stage == .plugins ? ExitStatus.unavailable.rawValue : ExitStatus.software.rawValue)
    }
    do {
      try StandardOutput.write(bytes)
    } catch {
      FileHandle.standardError.write(Data(error.messages.joined(separator: "\n").utf8))
      throw ExitCode(error.status.rawValue)
    }
  }

  /// Runs a worker on `dot` and returns what it rendered.
  /// - Parameter timeLimit: How long the worker may take; `nil` for as long as it takes.
  static func renderInChild(
    _ dot: String, layout: LayoutEngine, format: RenderFormat, timeLimit: Duration?
  ) throws(CommandFailure) -> [UInt8] {
    let executable =
      FileManager.default.fileExists(atPath: "/proc/self/exe")
      ? "/proc/self/exe" : Bundle.main.executablePath ?? CommandLine.arguments[0]
    let outcome: ChildProcess.Outcome
    do {
      outcome = try ChildProcess.run(
        executable,
        arguments: ["render-worker", "--layout", layout.rawValue, "--format", format.rawValue],
        input: Array(dot.utf8), timeLimit: timeLimit)
    } catch {
      throw CommandFailure(
        .software, ["cibgraph: error: cannot start the layout process: \(error)"])
    }
    var message = TerminalText.safe(String(decoding: outcome.errors, as: UTF8.self))
    if outcome.errors.count == ChildProcess.errorLimit { message += "…" }
    switch outcome.ending {
    case .exited(0):
      return outcome.output
    case .exited(ExitStatus.unavailable.rawValue):
      throw CommandFailure(.unavailable, ["cibgraph: error: \(message)"])
    case .exited:
      throw CommandFailure(
        .software,
        ["cibgraph: error: Graphviz could not draw this graph with \(layout.rawValue): \(message)"])
    case .signalled(let signal):
      throw CommandFailure(
        .software,
        [
          "cibgraph: error: Graphviz crashed (signal \(signal)) laying this graph out with \(layout.rawValue)"
            + (message.isEmpty ? "" : ": \(message)")
            + "; try another --layout (sfdp copes with most graphs)"
        ])
    case .timedOut:
      throw CommandFailure(
        .software,
        [
          "cibgraph: error: the \(layout.rawValue) layout took longer than \(Self.seconds(timeLimit ?? .zero)) "
            + "and was stopped; nothing was written. Try --layout sfdp (it copes with large, dense "
            + "graphs), draw a part (--largest K, --component N, --only-network ID, --around ID "
            + "--depth D), or allow more time with --timeout SECONDS"
        ])
    }
  }

  /// `60 s`, `0.5 s`.
  private static func seconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    guard attoseconds != 0 else { return "\(seconds) s" }
    return "\(Double(seconds) + Double(attoseconds) / 1e18) s"
  }
}

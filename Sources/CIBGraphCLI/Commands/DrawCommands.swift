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

  func validate() throws {
    if maxLabels < 0 { throw ValidationError("--max-labels must be 0 or more") }
  }

  var options: DrawingOptions {
    DrawingOptions(layout: layout, legend: !noLegend, maxLabelledAssets: maxLabels)
  }
}

/// `cibgraph dot`: the drawing as DOT text on stdout.
struct DotCommand: AnalysisCommand {
  static let configuration = CommandConfiguration(
    commandName: "dot",
    abstract: "Write the drawing of the inputs as DOT, for Graphviz or any tool that reads it.")

  @OptionGroup var input: InputOptions
  @OptionGroup var drawing: DrawingArguments

  func execute() throws(CommandFailure) -> (output: String, status: ExitStatus, notes: [String]) {
    let inputs = try input.load()
    let notes = try inputs.checkedForAnalysis()
    return (
      NetworkDrawing(documents: inputs.map(\.document), options: drawing.options).dot, .ok, notes
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
      than taking the tool down; the output file is written only when rendering succeeded.
      """)

  @OptionGroup var input: InputOptions
  @OptionGroup var drawing: DrawingArguments

  @Option(name: .shortAndLong, help: ArgumentHelp("The file to write.", valueName: "out.svg"))
  var output: String

  @Option(help: "Output format: svg, png, pdf or dot. Default: from the output file's extension.")
  var format: RenderFormat?

  func validate() throws {
    if format == nil && RenderFormat(fileName: output) == nil {
      throw ValidationError(
        "cannot tell the format from \"\(output)\"; name it .svg, .png, .pdf or .dot, or give --format"
      )
    }
  }

  func run() throws {
    do {
      let inputs = try input.load()
      printToStandardError(try inputs.checkedForAnalysis())
      let drawing = NetworkDrawing(documents: inputs.map(\.document), options: drawing.options)
      let bytes = try RenderWorker.renderInChild(
        drawing.dot, layout: drawing.layout, format: format ?? RenderFormat(fileName: output)!)
      try OutputFiles.write(bytes, to: output)
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
    do {
      let bytes = try Graphviz.render(dot: dot, layout: layout, format: format)
      FileHandle.standardOutput.write(Data(bytes))
    } catch {
      FileHandle.standardError.write(Data(error.message.utf8))
      throw ExitCode(
        error.stage == .plugins ? ExitStatus.unavailable.rawValue : ExitStatus.software.rawValue)
    }
  }

  /// Runs a worker on `dot` and returns what it rendered.
  static func renderInChild(_ dot: String, layout: LayoutEngine, format: RenderFormat)
    throws(CommandFailure) -> [UInt8]
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    if !FileManager.default.fileExists(atPath: "/proc/self/exe") {
      process.executableURL = Bundle.main.executableURL
    }
    process.arguments = ["render-worker", "--layout", layout.rawValue, "--format", format.rawValue]
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    do {
      try process.run()
    } catch {
      throw CommandFailure(
        .software, ["cibgraph: error: cannot start the layout process: \(error)"])
    }
    // Feed stdin and drain stderr on their own threads; read stdout here.
    let dotData = Data(dot.utf8)
    let writer = Thread {
      input.fileHandleForWriting.write(dotData)
      try? input.fileHandleForWriting.close()
    }
    writer.start()
    let errorBox = DataBox()
    let errorReader = Thread { errorBox.data = errors.fileHandleForReading.readDataToEndOfFile() }
    errorReader.start()
    let rendered = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorReader.isFinished || !writer.isFinished { usleep(1_000) }
    let message = TerminalText.safe(String(decoding: errorBox.data, as: UTF8.self))
    switch (process.terminationReason, process.terminationStatus) {
    case (.exit, 0):
      return Array(rendered)
    case (.exit, ExitStatus.unavailable.rawValue):
      throw CommandFailure(.unavailable, ["cibgraph: error: \(message)"])
    case (.exit, _):
      throw CommandFailure(
        .software,
        ["cibgraph: error: Graphviz could not draw this graph with \(layout.rawValue): \(message)"])
    case (.uncaughtSignal, let signal):
      throw CommandFailure(
        .software,
        [
          "cibgraph: error: Graphviz crashed (signal \(signal)) laying this graph out with \(layout.rawValue)"
            + (message.isEmpty ? "" : ": \(message)")
            + "; try another --layout (sfdp copes with most graphs)"
        ])
    @unknown default:
      throw CommandFailure(.software, ["cibgraph: error: the layout process ended unexpectedly"])
    }
  }
}

/// Bytes handed from a reader thread back to the caller.
final class DataBox: @unchecked Sendable {
  var data = Data()
}

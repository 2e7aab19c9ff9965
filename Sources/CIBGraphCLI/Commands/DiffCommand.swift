import ArgumentParser
import CIBGraph

/// `cibgraph diff`: what changed between two documents about the same networks.
struct DiffCommand: AnalysisCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "What changed between two documents: figures, hedges, attributions, actors, assets.",
    discussion: """
      Networks, organisations, sources and itemized assets are matched by id. Prints one line \
      per change, as path: value in A (where in A) → value in B (where in B), a value absent \
      on one side as 'none'. Exits with 0 and prints nothing (in text) when the documents say \
      the same, 1 when they differ, as diff does; a document that cannot be read stops it \
      with 65 and nothing on stdout.
      """)

  @Argument(help: ArgumentHelp("The first JSON network document ('-' reads standard input)."))
  var a: String

  @Argument(help: ArgumentHelp("The second JSON network document."))
  var b: String

  @OptionGroup var format: OutputFormatOption

  func validate() throws {
    try StandardInputUse.validate([a, b])
    try InputLimit.validate()
  }

  func execute() throws(CommandFailure) -> CommandAnswer {
    let (sourceA, sourceB) = (InputSource(argument: a), InputSource(argument: b))
    let first: LoadedDocument
    let second: LoadedDocument
    do throws(InputError) {
      first = try NetworkDocument.read(sourceA, limit: InputLimit.size)
      second = try NetworkDocument.read(sourceB, limit: InputLimit.size)
    } catch {
      throw CommandFailure(error)
    }
    let output = DiffOutput(a: first, fileA: sourceA.name, b: second, fileB: sourceB.name)
    return CommandAnswer(
      output: format.render(output), status: output.diff.changes.isEmpty ? .ok : .findings)
  }
}

import ArgumentParser
import CIBGraph

/// `cibgraph validate`: what does not add up in the inputs.
struct ValidateCommand: AnalysisCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract:
      "Check inputs: totals against their parts, itemized against reported counts, references, identifiers.",
    discussion: """
      Prints each finding as file:line:column: severity: message [code]. Documents describing \
      the same network (the same network id) are compared figure by figure. Exits with 1 when \
      any finding is an error.
      """)

  @OptionGroup var input: InputOptions

  @OptionGroup var format: OutputFormatOption

  func validate() throws {
    try input.requireGraph()
  }

  func execute() throws(CommandFailure) -> CommandAnswer {
    let inputs = try input.load()
    var findings: [LocatedFinding] = []
    for input in inputs {
      findings += input.findings().map { LocatedFinding(input: input.name, finding: $0) }
    }
    for (index, finding) in Validator.compare(inputs.map(\.document)) {
      findings.append(
        LocatedFinding(
          input: inputs[index].name, finding: finding.resolved(by: inputs[index].locations)))
    }
    let output = ValidationOutput(inputs: inputs.map(\.name), findings: findings)
    return CommandAnswer(output: format.render(output), status: output.status)
  }
}

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

  @Option(help: "Output format: text, json or csv.")
  var format: OutputFormat = .text

  func execute() throws(CommandFailure) -> (output: String, status: ExitStatus, notes: [String]) {
    let inputs = try input.load()
    var located: [(input: String, finding: Finding)] = []
    for input in inputs {
      located += input.findings().map { (input.name, $0) }
    }
    for (index, finding) in Validator.compare(inputs.map(\.document)) {
      located.append((inputs[index].name, finding.resolved(by: inputs[index].locations)))
    }
    let errors = located.count { $0.finding.severity == .error }
    let warnings = located.count { $0.finding.severity == .warning }
    let notes = located.count { $0.finding.severity == .info }
    let output: String
    switch format {
    case .text:
      var out = located.map { Diagnostics.line($0.finding, fallbackFile: $0.input) + "\n" }.joined()
      out +=
        "\(errors) error(s), \(warnings) warning(s), \(notes) note(s) in \(inputs.count) input(s)\n"
      output = out
    case .json:
      output =
        JSONValue.object([
          ("inputs", .array(inputs.map { .string($0.name) })),
          ("errors", .int(errors)),
          ("warnings", .int(warnings)),
          ("notes", .int(notes)),
          ("findings", .array(located.map { Self.json($0.finding, input: $0.input) })),
        ]).serialized() + "\n"
    case .csv:
      var writer = CSVWriter(header: [
        "file", "line", "column", "path", "severity", "code", "message",
      ])
      for (input, finding) in located {
        let location = finding.location
        writer.addRow([
          .text(location?.file ?? input), location?.line.map(CSVWriter.Cell.number) ?? .empty,
          location?.column.map(CSVWriter.Cell.number) ?? .empty,
          finding.path.map { .text($0.description) } ?? .empty, .text(finding.severity.rawValue),
          .text(finding.code), .text(finding.message),
        ])
      }
      output = writer.text
    }
    return (output, errors > 0 ? .findings : .ok, [])
  }

  static func json(_ finding: Finding, input: String) -> JSONValue {
    let location = finding.location
    return .object([
      ("file", .string(location?.file ?? input)),
      ("line", location?.line.map(JSONValue.int) ?? .null),
      ("column", location?.column.map(JSONValue.int) ?? .null),
      ("path", finding.path.map { .string($0.description) } ?? .null),
      ("severity", .string(finding.severity.rawValue)),
      ("code", .string(finding.code)),
      ("message", .string(finding.message)),
    ])
  }
}

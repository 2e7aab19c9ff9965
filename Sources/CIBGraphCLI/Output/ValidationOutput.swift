import CIBGraph

/// A finding and the input it was found in.
struct LocatedFinding {
  /// The input as the user named it, for findings without a location.
  var input: String
  var finding: Finding
}

/// What `validate` prints: every finding of every input.
struct ValidationOutput: CommandOutput {
  /// The inputs as the user named them.
  var inputs: [String]
  var findings: [LocatedFinding]

  func count(_ severity: Finding.Severity) -> Int {
    findings.count { $0.finding.severity == severity }
  }

  /// 1 when any finding is an error.
  var status: ExitStatus { count(.error) > 0 ? .findings : .ok }

  func text() -> String {
    var out = findings.map { Diagnostics.line($0.finding, fallbackFile: $0.input) + "\n" }.joined()
    out +=
      "\(count(.error)) error(s), \(count(.warning)) warning(s), \(count(.info)) note(s) in \(inputs.count) input(s)\n"
    return out
  }

  struct JSON: Encodable {
    var inputs: [String]
    var errors: Int
    var warnings: Int
    var notes: Int
    var findings: [FindingJSON]
  }

  struct FindingJSON: Encodable {
    var file: String
    var line: Int?
    var column: Int?
    var path: String?
    var severity: String
    var code: String
    var message: String
  }

  func json() -> JSON {
    JSON(
      inputs: inputs, errors: count(.error), warnings: count(.warning), notes: count(.info),
      findings: findings.map { located in
        let finding = located.finding
        let location = finding.location
        return FindingJSON(
          file: location?.file ?? located.input, line: location?.line, column: location?.column,
          path: finding.path?.description, severity: finding.severity.rawValue,
          code: finding.code, message: finding.message)
      })
  }

  func csv() -> String {
    var writer = CSVWriter(header: [
      "file", "line", "column", "path", "severity", "code", "message",
    ])
    for located in findings {
      let finding = located.finding
      let location = finding.location
      writer.addRow([
        .text(location?.file ?? located.input), location?.line.map(CSVWriter.Cell.number) ?? .empty,
        location?.column.map(CSVWriter.Cell.number) ?? .empty,
        finding.path.map { .text($0.description) } ?? .empty, .text(finding.severity.rawValue),
        .text(finding.code), .text(finding.message),
      ])
    }
    return writer.text
  }
}

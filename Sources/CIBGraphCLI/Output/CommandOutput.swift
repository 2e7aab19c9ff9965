import ArgumentParser

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  /// Aligned tables for people.
  case text
  /// Stable keys, for jq and scripts.
  case json
  /// One row per item, for spreadsheets.
  case csv
}

/// What a command prints on stdout: one value, with its three renderings.
protocol CommandOutput {
  /// The JSON output's type: its declaration is the output's schema, the
  /// keys in the order declared (see ``JSONTextEncoder``).
  associatedtype JSON: Encodable

  /// Aligned tables for people.
  func text() -> String
  /// The value for JSON.
  func json() -> JSON
  /// One row per item, for spreadsheets.
  func csv() -> String
}

/// `--format`, for the commands that print text, JSON or CSV.
struct OutputFormatOption: ParsableArguments {
  @Option(help: "Output format: text, json or csv.")
  var format: OutputFormat = .text

  /// How many rows of a long list to show, `nil` for all: `limit` when
  /// given (0 for all), else 20 in text and all otherwise.
  func rows(limit: Int?) -> Int? {
    let rows = limit ?? (format == .text ? 20 : 0)
    return rows == 0 ? nil : rows
  }

  /// `output` in the chosen format, marked as computed without the rows
  /// `leftOut` holds when `--skip-bad-rows` is given (even if none were).
  func render(_ output: some CommandOutput, leftOut: RowsLeftOut?) -> String {
    guard let leftOut else { return render(output) }
    return render(OutputWithoutBadRows(inner: output, leftOut: leftOut))
  }

  /// `output` in the chosen format, ending with a newline.
  func render(_ output: some CommandOutput) -> String {
    PhaseTimings.begin(.rendering)
    // What the output was made from is freed once the command returns it.
    defer { PhaseTimings.begin(.releasing) }
    return switch format {
    case .text: output.text()
    case .json: JSONTextEncoder.line(of: output.json())
    case .csv: output.csv()
    }
  }
}

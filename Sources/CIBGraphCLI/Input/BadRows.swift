import ArgumentParser
import CIBGraph

/// `--skip-bad-rows`: the one rule for rows that cannot be used, in every
/// command that reads rows (spreadsheets, audience lists, activity files).
///
/// Strict by default: a bad row ends the command with status 65, its place
/// and why, and nothing on stdout, since an answer that quietly lacks rows
/// gets published as whole. With the flag, bad rows are left out, counted by
/// reason, the first located on stderr, and every output format says the
/// answer was computed without them (``RowsLeftOut``).
struct BadRowsOption: ParsableArguments {
  @Flag(
    help:
      "Leave out rows that cannot be used (counted by reason, the first located on stderr) instead of refusing the input; the output says it was computed without them."
  )
  var skipBadRows = false
}

/// The rows left out of an answer, per file and reason, with the first few
/// located: what `--skip-bad-rows` reports in every output format.
struct RowsLeftOut {
  /// One reason rows of one file were left out for.
  struct Count {
    var file: String
    /// The reader's word for it: a finding's code (`bad-row`,
    /// `dangling-reference`) or a row reader's reason (`emptyAccount`).
    var reason: String
    var rows: Int
  }

  /// The counts, in the order files and reasons were met.
  private(set) var counts: [Count] = []
  /// The first rows left out, located, as lines for stderr.
  private(set) var examples: [(location: SourceLocation, message: String)] = []

  /// How many rows are located, of every file together.
  static let exampleLimit = 20

  /// Rows left out, all files and reasons together.
  /// - Complexity: O(counts).
  var total: Int { counts.reduce(0) { $0 + $1.rows } }

  /// Counts `rows` more rows of `file` left out for `reason`.
  mutating func add(file: String, reason: String, rows: Int) {
    guard rows > 0 else { return }
    if let i = counts.firstIndex(where: { $0.file == file && $0.reason == reason }) {
      counts[i].rows += rows
    } else {
      counts.append(Count(file: file, reason: reason, rows: rows))
    }
  }

  /// Adds the errors a spreadsheet reader found, each a row it left out
  /// (the graph holds the others): counted by code, the first located.
  /// - Parameter omitted: Errors counted past the reader's limit, unlocated.
  /// A row with two findings (both ends of an edge dangling) counts once.
  mutating func add(findings: [Finding], omitted: Int, fallbackFile: String) {
    var rows: Set<[String]> = []
    for finding in findings where finding.severity == .error {
      let location = finding.location ?? SourceLocation(file: fallbackFile)
      if let line = location.line, !rows.insert([location.file, String(line)]).inserted {
        continue
      }
      add(file: location.file, reason: finding.code, rows: 1)
      if examples.count < Self.exampleLimit {
        examples.append((location, "row left out: \(finding.message) [\(finding.code)]"))
      }
    }
    add(file: fallbackFile, reason: "unlocated", rows: omitted)
  }

  /// Adds what a row reader (audience lists, an activity file) left out.
  mutating func add(_ report: RowReadReport) {
    for reason in report.kind.reasons {
      add(file: report.file, reason: reason.rawValue, rows: report.skipped[reason] ?? 0)
    }
    for row in report.skippedRows where examples.count < Self.exampleLimit {
      examples.append((row.location, row.message + " [\(row.reason.rawValue)]"))
    }
  }

  /// The lines for stderr: each located row, then the counts.
  var notes: [String] {
    guard total > 0 else { return [] }
    return examples.map {
      Diagnostics.line(location: $0.location, severity: "warning", message: $0.message)
    } + [TerminalText.safe("cibgraph: " + sentence)]
  }

  /// "computed without 3 bad rows (--skip-bad-rows): nodes.csv: 2 bad-row;
  /// edges.csv: 1 dangling-reference".
  var sentence: String {
    "computed without \(counted(total, "bad row")) (--skip-bad-rows): \(byFile)"
  }

  /// The counts, each file named once: "audience.csv: 1 unknownAsset,
  /// 2 emptyAccount; nodes.csv: 1 bad-row".
  /// - Complexity: O(counts²), a handful of files and reasons.
  var byFile: String {
    var files: [String] = []
    for count in counts where !files.contains(count.file) { files.append(count.file) }
    return files.map { file in
      file + ": "
        + counts.filter { $0.file == file }.map { "\(groupedDigits($0.rows)) \($0.reason)" }
        .joined(separator: ", ")
    }.joined(separator: "; ")
  }

  /// The line text output ends with: that the answer lacks rows, and why.
  var textLine: String {
    total == 0
      ? "All rows read (--skip-bad-rows left none out).\n"
      : TerminalText.safe("Note: " + sentence) + "\n"
  }
}

/// `rowsLeftOut` in JSON: the total, the counts by file and reason, and the
/// located rows.
struct RowsLeftOutJSON: Encodable {
  struct Count: Encodable {
    var file: String
    var reason: String
    var rows: Int
  }
  struct Example: Encodable {
    var file: String
    var line: Int?
    var column: Int?
    var message: String
  }
  var total: Int
  var counts: [Count]
  var examples: [Example]

  init(_ left: RowsLeftOut) {
    total = left.total
    counts = left.counts.map { Count(file: $0.file, reason: $0.reason, rows: $0.rows) }
    examples = left.examples.map {
      Example(
        file: $0.location.file, line: $0.location.line, column: $0.location.column,
        message: $0.message)
    }
  }
}

/// A command's output with the rows left out of it: text ends with a line
/// that says so, JSON has a `rowsLeftOut` member, and CSV a `rows_left_out`
/// column (the total, on every row, so that a sheet opened on its own still
/// says it), a CSV having no room for a note.
struct OutputWithoutBadRows<Inner: CommandOutput>: CommandOutput {
  var inner: Inner
  var leftOut: RowsLeftOut

  func text() -> String { inner.text() + "\n" + leftOut.textLine }

  func json() -> Marked { Marked(inner: inner.json(), rowsLeftOut: RowsLeftOutJSON(leftOut)) }

  func csv() -> String {
    CSVWriter.appendingColumn(
      to: inner.csv(), name: "rows_left_out", value: .number(leftOut.total))
  }

  /// The inner output's members, then `rowsLeftOut`.
  struct Marked: Encodable {
    var inner: Inner.JSON
    var rowsLeftOut: RowsLeftOutJSON

    private enum Key: String, CodingKey { case rowsLeftOut }

    func encode(to encoder: any Encoder) throws {
      try inner.encode(to: encoder)
      var container = encoder.container(keyedBy: Key.self)
      try container.encode(rowsLeftOut, forKey: .rowsLeftOut)
    }
  }
}

extension RowsLeftOut {
  /// Takes what a row reader left out into `leftOut` with
  /// `--skip-bad-rows`; without it (`leftOut` nil), refuses the input.
  /// - Throws: ``CommandFailure`` with status 65, the first rows located,
  ///   when rows were left out and `leftOut` is nil.
  static func account(for report: RowReadReport, in leftOut: inout RowsLeftOut?)
    throws(CommandFailure)
  {
    guard report.skippedTotal > 0 else { return }
    if leftOut != nil {
      leftOut!.add(report)
      return
    }
    var refused = RowsLeftOut()
    refused.add(report)
    throw CommandFailure(refusingBadRows: refused)
  }
}

extension CommandFailure {
  /// Status 65 for rows that cannot be used: each located (the first
  /// twenty), the counts by reason, that nothing was computed, and how to
  /// compute without them.
  init(refusingBadRows rows: RowsLeftOut) {
    var messages = rows.examples.map {
      let message =
        $0.message.hasPrefix("row left out: ")
        ? "bad row: " + $0.message.dropFirst("row left out: ".count) : $0.message
      return Diagnostics.line(location: $0.location, severity: "error", message: message)
    }
    messages.append(
      TerminalText.safe(
        "cibgraph: \(counted(rows.total, "bad row")) (\(rows.byFile)); "
          + "nothing computed. --skip-bad-rows leaves them out and says so in the output."))
    self.init(.dataError, messages)
  }
}

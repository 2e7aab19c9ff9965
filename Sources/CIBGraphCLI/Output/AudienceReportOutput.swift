import CIBGraph

/// What the audience files held and what was left out, for stderr.
enum AudienceReportOutput {
  static func notes(_ report: RowReadReport) -> [String] {
    var notes: [String] = []
    for finding in report.examples.prefix(5) {
      notes.append(Diagnostics.line(finding, fallbackFile: report.file, severity: "warning"))
    }
    if report.skippedTotal > 0 {
      notes.append(Diagnostics.rowsLeftOut(report, what: "audience rows"))
    }
    if report.duplicates > 0 {
      let rows =
        report.duplicatesCoverAll ? "duplicate rows" : "duplicate rows of the assets compared"
      notes.append(
        TerminalText.safe(
          "\(report.file): \(groupedDigits(report.duplicates)) \(rows) counted once"))
    }
    return notes
  }
}

/// What the audience files held and what was left out, in JSON.
struct AudienceReportJSON: Encodable {
  /// The files' names, joined.
  var files: String
  var rows: Int
  var used: Int
  var duplicates: Int
  /// Rows left out, per reason.
  var skipped: JSONMembers<Int>

  init(_ report: RowReadReport) {
    files = report.file
    rows = report.rows
    used = report.used
    duplicates = report.duplicates
    skipped = JSONMembers(report.kind.reasons) { report.skipped[$0] ?? 0 }
  }
}

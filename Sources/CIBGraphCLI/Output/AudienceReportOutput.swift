import CIBGraph

/// What the audience files held, for stderr: the duplicate rows (rows left
/// out are ``RowsLeftOut``'s to say).
enum AudienceReportOutput {
  static func notes(_ report: RowReadReport) -> [String] {
    var notes: [String] = []
    if report.duplicates > 0 {
      let rows = counted(report.duplicates, "duplicate row")
      let compared = report.duplicatesCoverAll ? "" : " of the assets compared"
      notes.append(TerminalText.safe("\(report.file): \(rows)\(compared) counted once"))
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

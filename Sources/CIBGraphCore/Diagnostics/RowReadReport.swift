/// What a reader of rows (audience lists, an activity file) read and left
/// out: whether its answer covers every row, and where the rows it could not
/// use are.
///
/// Such a reader does not stop at a bad row: one row with an empty field
/// among millions should not cost the others. It leaves the row out and
/// counts it; the first few are located, as warnings:
///
/// ```swift
/// let lists = try AudienceReader.read([.path("audience.csv")], graph: graph)
/// if lists.report.used < lists.report.rows {
///   print("\(lists.report.used) of \(lists.report.rows) rows used")
///   lists.report.examples.forEach { print($0) }
///   // audience.csv:7:1: warning: row left out: the Asset is not in the nodes ("nope") [audience-row]
/// }
/// ```
public struct RowReadReport: Sendable, Hashable {
  /// Why a row was left out.
  package enum Reason: String, Sendable, Hashable, BitwiseCopyable {
    /// The row has fewer fields than the header.
    case missingFields
    /// The row has more fields than the header.
    case extraFields
    /// The account field is empty.
    case emptyAccount
    /// An audience row's Asset is empty.
    case emptyAsset
    /// An audience row's Asset is no node of the graph.
    case unknownAsset
    /// An audience row's Asset is of a kind with no audience (a Facebook
    /// account, an actor), which has no audience list.
    case notAnAudienceAsset
    /// An activity row's object is empty. (A row of a Twitter archive
    /// without the action chosen, a tweet that is no retweet, is not left
    /// out: it is read, and has nothing to add.)
    case emptyObject
    /// An activity row's time is neither Unix seconds nor ISO 8601, or is
    /// past the year 9999.
    case badTime
  }

  /// The kind of rows read, which decides the reasons a reader gives, the
  /// order messages list them in, their words and how many rows are located.
  package enum Rows: Sendable, Hashable {
    /// An audience file's `Asset,Account` rows.
    case audience
    /// An activity file's or a Twitter archive's rows.
    case activity

    /// The reasons these rows are left out for, in the order messages list them.
    package var reasons: [Reason] {
      switch self {
      case .audience:
        [
          .unknownAsset, .notAnAudienceAsset, .emptyAsset, .emptyAccount, .missingFields,
          .extraFields,
        ]
      case .activity: [.missingFields, .extraFields, .emptyAccount, .emptyObject, .badTime]
      }
    }

    /// The most rows left out that are located (the others are counted).
    package var exampleLimit: Int {
      switch self {
      case .audience: 20
      case .activity: 5
      }
    }

    /// The code of the warnings that locate rows left out.
    var code: String {
      switch self {
      case .audience: "audience-row"
      case .activity: "activity-row"
      }
    }

    /// Why a row was left out, in words for people: "the Asset is empty"
    /// (an audience file's columns are named so), "the account is empty".
    package func explanation(_ reason: Reason) -> String {
      switch (reason, self) {
      case (.missingFields, _): "the row has fewer fields than the header"
      case (.extraFields, _): "the row has more fields than the header"
      case (.emptyAccount, .audience): "the Account is empty"
      case (.emptyAccount, .activity): "the account is empty"
      case (.emptyAsset, _): "the Asset is empty"
      case (.unknownAsset, _): "the Asset is not in the nodes"
      case (.notAnAudienceAsset, _):
        "the Asset is of a kind with no audience (a Facebook account, an actor)"
      case (.emptyObject, _): "the object is empty"
      case (.badTime, _):
        "the time is neither Unix seconds nor ISO 8601 between the years 1 and 9999 (milliseconds are not seconds)"
      }
    }
  }

  /// A row left out and located.
  package struct SkippedRow: Sendable, Hashable {
    /// The file, line and column of the field at fault.
    package var location: SourceLocation
    /// Why the row was left out.
    package var reason: Reason
    /// The sentence that says so, with the field's text where it helps.
    package var message: String

    package init(location: SourceLocation, reason: Reason, message: String) {
      self.location = location
      self.reason = reason
      self.message = message
    }
  }

  /// The kind of rows read.
  package let kind: Rows
  /// The file or files read, as messages name them; `(memory)` for rows
  /// given as values.
  package var file: String
  /// Data rows read (the header and blank lines not counted).
  public package(set) var rows = 0
  /// Rows left out, by reason; empty when every row was used.
  package var skipped: [Reason: Int] = [:]
  /// Rows that repeat one already read (an audience file's Asset and
  /// Account both again): used, and counted once.
  package var duplicates = 0
  /// Whether `duplicates` counts the duplicates of every asset's rows, not
  /// only of those whose lists were built.
  package var duplicatesCoverAll = true
  /// The first rows left out, located, in the order they were read.
  package var skippedRows: [SkippedRow] = []

  package init(_ kind: Rows, file: String) {
    self.kind = kind
    self.file = file
  }

  /// Rows left out, all reasons together.
  /// - Complexity: O(reasons).
  package var skippedTotal: Int { skipped.values.reduce(0, +) }

  /// Rows that went into the answer: those read and not left out
  /// (duplicates included, counted once there).
  /// - Complexity: O(reasons).
  public var used: Int { rows - skippedTotal }

  /// The first rows left out (20 of audience lists, 5 of an activity file),
  /// each a warning located at the field at fault, in the order they were
  /// read; ``used`` and ``rows`` say how many there were in all.
  /// - Complexity: O(rows located).
  public var examples: [Finding] {
    skippedRows.map { Finding(.warning, kind.code, $0.message, location: $0.location) }
  }

  /// Counts a row left out for `reason`, and locates it while fewer than
  /// `limit` rows are: `example` gives the field's place and what to add to
  /// the reason's words (the field's text).
  package mutating func leaveOut(
    _ reason: Reason, limit: Int, example: () -> (location: SourceLocation, detail: String)
  ) {
    skipped[reason, default: 0] += 1
    guard skippedRows.count < limit else { return }
    let (location, detail) = example()
    skippedRows.append(
      SkippedRow(
        location: location, reason: reason,
        message: "row left out: \(kind.explanation(reason))\(detail)"))
  }

  /// Adds the rows of another read of the same kind: its counts, and its
  /// located rows while there is room. The file keeps this report's name.
  package mutating func add(_ other: RowReadReport) {
    rows += other.rows
    duplicates += other.duplicates
    for (reason, count) in other.skipped { skipped[reason, default: 0] += count }
    skippedRows += other.skippedRows.prefix(max(0, kind.exampleLimit - skippedRows.count))
  }
}

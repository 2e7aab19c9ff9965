import CIBGraphCore
@_spi(Internal) import CIBGraphSupport
import Synchronization

/// Which action of a Twitter/X archive two accounts must share to be linked.
public enum CoordinationAction: String, CaseIterable, Sendable {
  /// Co-link: the same URL (an item of the `urls` list).
  case link
  /// Co-retweet: a retweet of the same tweet (`retweet_tweetid`).
  case retweet
  /// Co-hashtag: the same hashtag (an item of `hashtags`, compared without ASCII case).
  case hashtag
}

/// The layout of an activity file, told from its header.
package enum ActivityFormat: String, Sendable {
  /// CooRTweet's four columns: `object_id` (what is shared: a URL, a hashtag,
  /// a retweeted post), `account_id`, `content_id` (the post that shares it),
  /// `timestamp` (or `timestamp_share`).
  case activity
  /// The Twitter/X information-operations archive's tweets file: `tweetid`,
  /// `userid`, `tweet_time` and the action's column (`urls`, `hashtags`,
  /// `retweet_tweetid`).
  case twitterArchive = "twitter-archive"

  /// The kind of the accounts the layout's rows name, when the layout tells
  /// it: a Twitter/X archive's are X accounts; an activity file does not
  /// say its platform (`nil`).
  package var accountKind: AssetKind? {
    switch self {
    case .activity: nil
    case .twitterArchive: .xAccount
    }
  }
}

/// Reads activity files (CooRTweet's four columns, or a Twitter/X archive's
/// tweets) into an `ActivityTable`, with the project's RFC 4180 tokenizer.
///
/// The format is told from the header, whose names are matched without case
/// and surrounding spaces; other columns are ignored, and a column the
/// format reads may not appear twice. Identifiers are
/// interned from the file's bytes; spaces and tabs around them are not part
/// of them. Rows with an empty account or object, an unreadable time or
/// more or fewer fields than the header are left out and counted by reason
/// (`RowReadReport`); of a row too wide, only the fields the header
/// has are kept.
/// A missing column or broken quoting stops the reading with an
/// `InputError` giving the file, line and column.
///
/// Twitter list fields (`urls`, `hashtags`) are read as `[a, b]`, `['a', 'b']`,
/// `["a", "b"]` or a bare `a, b`: split on commas, each item without
/// surrounding spaces and quotes; empty items are dropped. An item repeated
/// within one tweet counts once. Hashtags are compared ASCII-case-insensitively
/// (lowercased), without a leading `#`; URLs as written.
public struct ActivityReader: Sendable {
  /// The file's tokenizer (it holds the bytes), kept to read a post's id again.
  package var tokenizer: CSVTokenizer { bytes.tokenizer }
  /// The file's bytes, held or mapped.
  private let bytes: ActivityBytes
  /// The actions read: who shared what, when.
  public let table: ActivityTable
  /// What the reading found: the rows read, and those left out by reason,
  /// the first few located. (A row of a Twitter archive without the action
  /// chosen, a tweet that is no retweet, is read and not left out: it has
  /// nothing to add.)
  public let report: RowReadReport
  /// The layout the header showed.
  package let format: ActivityFormat
  /// The kind of the accounts, when the file tells it: a Twitter/X archive's
  /// are `AssetKind.xAccount`; an activity file does not say its platform
  /// (`nil`: whoever reads it names it, or its accounts are
  /// `AssetKind.unnamedAccount`).
  public var accountKind: AssetKind? { format.accountKind }
  /// The action read from a Twitter archive; `nil` for activity files
  /// and for an archive read with several actions (``actions``).
  package let action: CoordinationAction?
  /// The actions read from a Twitter archive, in the order asked; empty
  /// for activity files. With two or more, each is an object type.
  package let actions: [CoordinationAction]
  /// The normalisation applied to objects as they were read.
  package let normalization: ObjectNormalization
  /// Rows of a Twitter archive without the action (not a retweet, no URL,
  /// no hashtag): read, with nothing to add; not errors.
  package let withoutAction: Int
  /// Column of the post id (`content_id`, `tweetid`).
  let postColumn: Int
  /// Whether ``FastActivityReader`` read the rows (rather than the careful loop).
  package let readFast: Bool
  /// Whether the rows were read where the file lies, mapped, rather than
  /// from a copy in memory.
  package var readInPlace: Bool { bytes.isMapped }

  /// Reads an activity file or a Twitter archive, whole (at most `limit`),
  /// optionally with several kinds of object and objects normalised.
  ///
  /// An activity file with an `object_type` column has a type per row
  /// (its ASCII letters lower-cased; at most 256 types, each at most 64
  /// bytes long); an archive read with two or more `actions` has the
  /// actions as types (`link`, `retweet`, `hashtag`). The same string under
  /// two types is two objects. A row with an empty `object_type` is left
  /// out as an empty object.
  /// - Parameter source: The input.
  /// - Parameter actions: Required for a Twitter archive (one or more;
  ///   repeats count once), refused for an activity file (whose `object_id`
  ///   already says what is shared).
  /// - Parameter limit: The most bytes the input may hold.
  /// - Parameter posts: Whether to keep each row's post id in the table, as
  ///   CooRTweet's definition needs; the default definition does not, and
  ///   reads faster without.
  /// - Parameter texts: Whether to read each post's text instead of an
  ///   object, for coordination by near-duplicate text: an activity file's
  ///   `text` column (`object_id` is then not needed), a Twitter archive's
  ///   `tweet_text` (`actions` empty); types and normalisation do not apply
  ///   to texts.
  /// - Parameter normalization: The rules applied to each object before it
  ///   is interned (``ObjectNormalization``).
  /// - Throws: `InputError`: `.missingInput` for an input that cannot be
  ///   read; `.badData` for an empty input or one over the limit, a missing
  ///   or repeated column, a missing or refused action, broken quoting, or
  ///   an `object_type` over the limits above.
  /// - Complexity: O(bytes), plus O(1) amortized per action for interning;
  ///   a hashtag outside ASCII under `.hashtagCase` costs a `String`.
  public init(
    _ source: InputSource, actions: [CoordinationAction] = [], limit: InputSizeLimit = .standard,
    posts: Bool = false, texts: Bool = false, normalization: ObjectNormalization = []
  ) throws(InputError) {
    let input = try source.open()
    // A clean file is read where it lies: held in memory as well, a file of
    // 10^8 rows took twice the memory, and copying it was a tenth of the time.
    var fast: WorkSplit? = .standard
    if !texts, let held = try input.inPlace(limit: limit), case .mapped(let file) = held {
      switch Self.readInPlace(
        file, name: input.name, actions: actions, posts: posts, normalization: normalization)
      {
      case .read(let read):
        self = read
        return
      // The fast reader gave up on the rows: on a copy it would again.
      case .carefulLoopNeeded: fast = nil
      case .headerNotRead: break
      }
    }
    try self.init(
      bytes: try input.readWhole(limit: limit), file: input.name, actions: actions, posts: posts,
      texts: texts, normalization: normalization, fast: fast)
  }

  /// What reading a mapped file where it lies came to.
  private enum InPlaceReading {
    case read(ActivityReader)
    /// The header is not within the first 64 KiB, or is one to report.
    case headerNotRead
    /// ``FastActivityReader`` gave up on the rows.
    case carefulLoopNeeded
  }

  /// A mapped file read by ``FastActivityReader`` where it lies, its header
  /// read (like every header) by the careful tokenizer from a copy of the
  /// first 64 KiB.
  private static func readInPlace(
    _ file: MappedFile, name: String, actions: [CoordinationAction], posts: Bool,
    normalization: ObjectNormalization
  ) -> InPlaceReading {
    let start = Array(file.bytes.prefix(1 << 16))
    var tokenizer = CSVTokenizer(bytes: start, file: name)
    // Any problem with the header is the careful reading's to report.
    guard
      let (layout, actions) = try? readHeader(
        &tokenizer, file: name, actions: actions, posts: posts, texts: false,
        normalization: normalization),
      tokenizer.offset < start.count
    else { return .headerNotRead }
    guard
      let read = FastActivityReader.read(
        file.bytes, bodyStart: tokenizer.offset, layout: layout, split: .standard)
    else { return .carefulLoopNeeded }
    var report = RowReadReport(.activity, file: name)
    report.rows = read.rows
    return .read(
      ActivityReader(
        layout: layout, actions: actions, table: read.table, report: report, withoutAction: 0,
        readFast: true, bytes: ActivityBytes(mapped: file, name: name)))
  }

  /// Reads an activity file or a Twitter archive held in memory.
  /// - Parameter bytes: The file's bytes.
  /// - Parameter file: The name messages give the input.
  /// - Parameter action: Required for a Twitter archive, refused for an
  ///   activity file (whose `object_id` already says what is shared).
  /// - Parameter posts: Whether to keep each row's post id in the table.
  /// - Parameter fast: How ``FastActivityReader`` splits the rows over the
  ///   cores; `nil` reads every row with the careful loop (which a file with
  ///   a row to leave out gets anyway), for tests that compare the two.
  /// - Parameter texts: Whether to read each post's text instead of an object.
  /// - Throws: ``InputError`` (`.badData`) for a missing column, a missing or
  ///   refused `action`, or broken quoting.
  /// - Complexity: O(bytes), plus O(1) amortized per action for interning.
  package init(
    bytes: [UInt8], file: String, action: CoordinationAction? = nil, posts: Bool = false,
    texts: Bool = false, fast: WorkSplit? = .standard
  )
    throws(InputError)
  {
    try self.init(
      bytes: bytes, file: file, actions: action.map { [$0] } ?? [], posts: posts, texts: texts,
      fast: fast)
  }

  /// Reads an activity file or a Twitter archive held in memory, with
  /// several kinds of object and normalisation, as
  /// ``init(_:actions:limit:posts:texts:normalization:)``; `fast` as
  /// ``init(bytes:file:action:posts:texts:fast:)``.
  package init(
    bytes: [UInt8], file: String, actions: [CoordinationAction], posts: Bool = false,
    texts: Bool = false, normalization: ObjectNormalization = [], fast: WorkSplit? = .standard
  )
    throws(InputError)
  {
    var tokenizer = CSVTokenizer(bytes: bytes, file: file)
    var report = RowReadReport(.activity, file: file)
    let (layout, actions) = try Self.readHeader(
      &tokenizer, file: file, actions: actions, posts: posts, texts: texts,
      normalization: normalization)
    var table = ActivityTable()
    if layout.objectColumns.count > 1 {
      table.types.names = layout.objectColumns.map { $0.action?.rawValue ?? "" }
    }
    let bodyStart = tokenizer.offset
    var withoutAction = 0
    var readFast = false
    // Texts are spans of the file, which only the careful loop keeps.
    if let fast, !layout.readsTexts,
      let read = tokenizer.bytes.withUnsafeBufferPointer({
        FastActivityReader.read($0, bodyStart: bodyStart, layout: layout, split: fast)
      })
    {
      table = read.table
      report.rows = read.rows
      readFast = true
    } else {
      withoutAction = try Self.readRows(
        tokenizer: &tokenizer, layout: layout, table: &table, report: &report)
    }
    self.init(
      layout: layout, actions: actions, table: table, report: report,
      withoutAction: withoutAction, readFast: readFast, bytes: ActivityBytes(tokenizer))
  }

  private init(
    layout: Layout, actions: [CoordinationAction], table: ActivityTable, report: RowReadReport,
    withoutAction: Int, readFast: Bool, bytes: ActivityBytes
  ) {
    format = layout.format
    let kept = layout.format == .twitterArchive ? actions : []
    self.actions = kept
    action = kept.count == 1 ? kept[0] : nil
    normalization = layout.normalization
    postColumn = layout.post
    self.table = table
    self.report = report
    self.withoutAction = withoutAction
    self.readFast = readFast
    self.bytes = bytes
  }

  /// Reads the header and tells the layout from it; the actions asked for,
  /// each once.
  private static func readHeader(
    _ tokenizer: inout CSVTokenizer, file: String, actions: [CoordinationAction], posts: Bool,
    texts: Bool, normalization: ObjectNormalization
  ) throws(InputError) -> (Layout, [CoordinationAction]) {
    // Only the names a layout looks for are kept: a header may be of any width.
    guard
      let header = try CSVHeader.read(
        &tokenizer, known: Self.headerNames, everyKnownColumnIsRead: false, requireText: false)
    else {
      throw InputError(.badData, SourceLocation(file: file, line: 1, column: 1), "no header row")
    }
    var actions = actions
    // A repeated action counts once: its objects would be the same.
    actions = actions.enumerated().filter { !actions[..<$0.offset].contains($0.element) }
      .map(\.element)
    let headerLocation = SourceLocation(file: file, line: header.line, column: 1)
    var layout =
      texts
      ? try Self.textLayout(names: header.columns, action: actions.first, location: headerLocation)
      : try Self.layout(names: header.columns, actions: actions, location: headerLocation)
    try header.requireOnce(layout.columnNames)
    layout.width = header.fieldCount
    layout.readsPosts = posts
    layout.normalization = normalization
    return (layout, actions)
  }

  /// The post id (`content_id`, `tweetid`) of row `row` of ``table``.
  /// - Complexity: O(length of the row's record).
  package func postID(row: Int) -> String {
    var reader = tokenizer
    reader.reposition(offset: table.recordOffset[row], line: 1, lineStart: 0)
    var fields: [CSVField] = []
    guard (try? reader.nextRecord(into: &fields)) != nil, postColumn < fields.count,
      let text = try? reader.string(fields[postColumn])
    else { return "" }
    return text.withoutSpacesAround
  }

  struct Layout {
    var format: ActivityFormat
    var object: Int
    var account: Int
    var post: Int
    var time: Int
    var action: CoordinationAction?
    /// Every column holding objects, with its type when the archive's
    /// actions are the types.
    var objectColumns: [ObjectColumn]
    /// The `object_type` column of an activity file that has one.
    var typeColumn: Int?
    /// The rules applied to each object before it is interned.
    var normalization: ObjectNormalization = []
    /// The header's fields: every row has as many.
    var width = 0
    /// Whether each row's post id is interned into the table.
    var readsPosts = false
    /// Whether ``object`` is the column of the post's text, kept as a span
    /// (`ActivityTable.texts`) rather than interned.
    var readsTexts = false
    /// The names of the columns read, which the header must not repeat.
    var columnNames: [String]
  }

  static let activityColumns = ["object_id", "account_id", "content_id", "timestamp"]
  static let twitterColumns = ["tweetid", "userid", "tweet_time"]
  /// Every column name ``layout(names:action:location:)`` looks for.
  static let headerNames =
    activityColumns + twitterColumns + [
      "timestamp_share", "urls", "hashtags", "retweet_tweetid", "object_type", "text",
      "tweet_text",
    ]

  /// The layout of a file read for its texts: an activity file's
  /// `account_id`, `content_id`, `timestamp` and `text`, or a Twitter
  /// archive's `tweetid`, `userid`, `tweet_time` and `tweet_text`.
  static func textLayout(
    names: [String: Int], action: CoordinationAction?, location: SourceLocation
  )
    throws(InputError) -> Layout
  {
    if let action {
      throw InputError(
        .badData, location, argument: "action",
        "`action:` \(action.rawValue) does not apply to texts: the post's text is what accounts share"
      )
    }
    if names["tweet_text"] != nil || (names["text"] == nil && names["userid"] != nil) {
      let columns = twitterColumns + ["tweet_text"]
      let missing = columns.filter { names[$0] == nil }
      guard missing.isEmpty else {
        throw InputError(
          .badData, location,
          "a Twitter archive read for its texts needs tweetid, userid, tweet_time and tweet_text; the header lacks \(missing.joined(separator: ", "))"
        )
      }
      return Layout(
        format: .twitterArchive, object: names["tweet_text"]!, account: names["userid"]!,
        post: names["tweetid"]!, time: names["tweet_time"]!, action: nil,
        objectColumns: [
          ObjectColumn(column: names["tweet_text"]!, action: nil, type: nil, kind: .any)
        ], readsTexts: true, columnNames: columns)
    }
    let timestampName = names["timestamp"] == nil ? "timestamp_share" : "timestamp"
    var missing = ["account_id", "content_id"].filter { names[$0] == nil }
    if names[timestampName] == nil { missing.append("timestamp") }
    if names["text"] == nil { missing.append("text") }
    guard missing.isEmpty else {
      throw InputError(
        .badData, location,
        "the header lacks \(missing.joined(separator: ", ")); an activity file read for its texts has account_id, content_id, timestamp, text (or a Twitter archive: tweetid, userid, tweet_time, tweet_text)"
      )
    }
    return Layout(
      format: .activity, object: names["text"]!, account: names["account_id"]!,
      post: names["content_id"]!, time: names[timestampName]!, action: nil,
      objectColumns: [ObjectColumn(column: names["text"]!, action: nil, type: nil, kind: .any)],
      readsTexts: true, columnNames: ["account_id", "content_id", timestampName, "text"])
  }

  /// The column of an archive holding `action`'s objects.
  static func column(of action: CoordinationAction) -> String {
    switch action {
    case .link: "urls"
    case .retweet: "retweet_tweetid"
    case .hashtag: "hashtags"
    }
  }

  static func layout(
    names: [String: Int], actions: [CoordinationAction], location: SourceLocation
  )
    throws(InputError) -> Layout
  {
    let timestampName = names["timestamp"] == nil ? "timestamp_share" : "timestamp"
    let timestamp = names[timestampName]
    let activityHits = ["object_id", "account_id", "content_id"].filter { names[$0] != nil }.count
    let twitterHits = twitterColumns.filter { names[$0] != nil }.count
    if twitterHits > activityHits + (timestamp == nil ? 0 : 1) {
      let missing = twitterColumns.filter { names[$0] == nil }
      guard missing.isEmpty else {
        throw InputError(
          .badData, location,
          "a Twitter archive's header lacks \(missing.joined(separator: ", ")) (needs tweetid, userid, tweet_time and the action's column)"
        )
      }
      guard let action = actions.first else {
        throw InputError(
          .badData, location, argument: "action",
          "this is a Twitter archive: choose what accounts share with `action:` link, retweet or hashtag"
        )
      }
      var objectColumns: [ObjectColumn] = []
      for (number, action) in actions.enumerated() {
        let column = Self.column(of: action)
        guard let object = names[column] else {
          throw InputError(
            .badData, location, argument: "action",
            "`action:` \(action.rawValue) needs a \(column) column, which is missing")
        }
        objectColumns.append(
          ObjectColumn(
            column: object, action: action, type: actions.count > 1 ? UInt8(number) : nil,
            kind: ObjectKind(typeName: action == .link ? "link" : action.rawValue)))
      }
      return Layout(
        format: .twitterArchive, object: objectColumns[0].column, account: names["userid"]!,
        post: names["tweetid"]!, time: names["tweet_time"]!, action: action,
        objectColumns: objectColumns,
        columnNames: twitterColumns + actions.map(Self.column(of:)))
    }
    var missing = ["object_id", "account_id", "content_id"].filter { names[$0] == nil }
    if timestamp == nil { missing.append("timestamp") }
    guard missing.isEmpty, let timestamp else {
      throw InputError(
        .badData, location,
        "the header lacks \(missing.joined(separator: ", ")); an activity file has object_id, account_id, content_id, timestamp (or a Twitter archive: tweetid, userid, tweet_time, urls, hashtags, retweet_tweetid)"
      )
    }
    if let action = actions.first {
      throw InputError(
        .badData, location, argument: "action",
        "`action:` \(action.rawValue) is for Twitter archives; in an activity file, object_id is what accounts share"
      )
    }
    let typeColumn = names["object_type"]
    return Layout(
      format: .activity, object: names["object_id"]!, account: names["account_id"]!,
      post: names["content_id"]!, time: timestamp, action: nil,
      objectColumns: [
        ObjectColumn(
          column: names["object_id"]!, action: nil, type: nil,
          kind: typeColumn == nil ? .any : .other)
      ],
      typeColumn: typeColumn,
      columnNames: ["object_id", "account_id", "content_id", timestampName]
        + (typeColumn == nil ? [] : ["object_type"]))
  }

  /// Reads the rows after the header into `table`, counting in `report`
  /// those left out; returns the number of Twitter rows without the action.
  private static func readRows(
    tokenizer: inout CSVTokenizer, layout: Layout, table: inout ActivityTable,
    report: inout RowReadReport
  ) throws(InputError) -> Int {
    var withoutAction = 0
    var fields: [CSVField] = []
    var accounts = ByteInterner(capacity: 1 << 16)
    var objects = ByteInterner(capacity: 1 << 16)
    var posts = ByteInterner(capacity: layout.readsPosts ? 1 << 16 : 16)
    // A table of texts acts on one placeholder object until the texts are grouped.
    if layout.readsTexts { _ = objects.intern("") }
    var scratch: [UInt8] = []
    var listItems: [UInt32] = []
    /// For each object, the last row (counted from 1) whose list named it.
    var listedInRow: [Int] = []
    let bytes = tokenizer.bytes
    // Types and normalisation take their own path; the plain one stays as it was.
    var keys =
      layout.objectColumns.count > 1 || layout.typeColumn != nil || !layout.normalization.isEmpty
      ? ObjectKeys(layout.normalization) : nil
    func skip(_ reason: RowReadReport.Reason, _ field: CSVField, _ detail: String) {
      report.leaveOut(reason, limit: report.kind.exampleLimit) {
        (tokenizer.location(of: field), detail)
      }
    }
    while let (_, fieldCount) = try tokenizer.nextRecord(
      into: &fields, keepingAtMost: layout.width + 1)
    {
      report.rows += 1
      let recordOffset = fields[0].offset
      guard fieldCount == layout.width else {
        let detail = " (\(groupedDigits(fieldCount)) of \(groupedDigits(layout.width)))"
        if fieldCount < layout.width {
          skip(.missingFields, fields[fieldCount - 1], detail)
        } else {
          skip(.extraFields, fields[layout.width], detail)
        }
        continue
      }
      let accountField = fields[layout.account]
      let objectField = fields[layout.object]
      let timeField = fields[layout.time]
      let time: Int64? = bytes.withUnsafeBufferPointer {
        ActivityTime.parse(UnsafeBufferPointer(rebasing: $0[timeField.start..<timeField.end]))
      }
      var blank = true
      withField(bytes, accountField, &scratch) { blank = $0.isEmpty }
      if blank {
        skip(.emptyAccount, accountField, "")
        continue
      }
      guard let time else {
        let text = (try? tokenizer.string(timeField)) ?? ""
        skip(.badTime, timeField, " (\"\(text.prefix(40))\")")
        continue
      }
      if layout.readsTexts {
        var blankText = true
        withField(bytes, objectField, &scratch) { blankText = $0.isEmpty }
        if blankText {
          skip(.emptyObject, objectField, "")
          continue
        }
        var accountID: UInt32 = 0
        withField(bytes, accountField, &scratch) { accountID = accounts.intern($0).id }
        table.append(object: 0, account: accountID, time: time, recordOffset: recordOffset)
        table.texts.append(
          start: objectField.start, count: objectField.end - objectField.start,
          escapedQuotes: objectField.hasEscapedQuotes)
        if layout.readsPosts {
          withField(bytes, fields[layout.post], &scratch) {
            table.content.append(posts.intern($0).id)
          }
        }
        continue
      }
      listItems.removeAll(keepingCapacity: true)
      if keys != nil {
        let typeField = layout.typeColumn.map { fields[$0] }
        guard
          try keys!.readObjects(
            of: fields, layout: layout, bytes: bytes, row: report.rows, into: &listItems,
            listedInRow: &listedInRow, objects: &objects, types: &table.types,
            location: { tokenizer.location(of: $0) })
        else {
          skip(.emptyObject, typeField!, " (object_type is empty)")
          continue
        }
      }
      withField(bytes, objectField, &scratch) { text in
        guard keys == nil else { return }  // read above
        if layout.format == .activity || layout.action == .retweet {
          if !text.isEmpty { listItems.append(objects.intern(text).id) }
          return
        }
        forEachListItem(text, lowercased: layout.action == .hashtag) { item in
          let id = objects.intern(item).id
          // An item repeated within the row counts once; a row may list
          // hundreds of thousands, so repeats are told by the row that last
          // listed each object, not by searching the row's list.
          if Int(id) == listedInRow.count { listedInRow.append(0) }
          if listedInRow[Int(id)] != report.rows {
            listedInRow[Int(id)] = report.rows
            listItems.append(id)
          }
        }
      }
      if listItems.isEmpty {
        if layout.format == .activity {
          skip(.emptyObject, objectField, "")
        } else {
          withoutAction += 1
        }
        continue
      }
      var accountID: UInt32 = 0
      withField(bytes, accountField, &scratch) { accountID = accounts.intern($0).id }
      for object in listItems {
        table.append(object: object, account: accountID, time: time, recordOffset: recordOffset)
      }
      if layout.readsPosts {
        var postID: UInt32 = 0
        withField(bytes, fields[layout.post], &scratch) { postID = posts.intern($0).id }
        table.content.append(contentsOf: repeatElement(postID, count: listItems.count))
      }
    }
    table.accounts = accounts
    table.objects = objects
    if layout.readsTexts { table.texts.bytes = bytes }
    if layout.readsPosts { table.contents = posts }
    return withoutAction
  }

  /// Calls `body` with a field's bytes, quotes undone, spaces and tabs around it removed.
  static func withField(
    _ bytes: [UInt8], _ field: CSVField, _ scratch: inout [UInt8],
    _ body: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    if field.hasEscapedQuotes {
      scratch.removeAll(keepingCapacity: true)
      bytes.withUnsafeBufferPointer {
        DoubledQuotes.undo(
          UnsafeBufferPointer(rebasing: $0[field.start..<field.end]), into: &scratch)
      }
      scratch.withUnsafeBufferPointer { body(trimmed($0)) }
    } else {
      bytes.withUnsafeBufferPointer {
        body(trimmed(UnsafeBufferPointer(rebasing: $0[field.start..<field.end])))
      }
    }
  }

  private static func trimmed(_ text: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var start = 0
    var end = text.count
    while start < end, text[start] == 0x20 || text[start] == 0x09 { start += 1 }
    while end > start, text[end - 1] == 0x20 || text[end - 1] == 0x09 { end -= 1 }
    return UnsafeBufferPointer(rebasing: text[start..<end])
  }

  /// Calls `body` with each item of a list field: `[a, b]`, `['a', 'b']`, `a, b`.
  static func forEachListItem(
    _ text: UnsafeBufferPointer<UInt8>, lowercased: Bool,
    _ body: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    var start = 0
    var end = text.count
    if end > start, text[start] == UInt8(ascii: "[") { start += 1 }
    if end > start, text[end - 1] == UInt8(ascii: "]") { end -= 1 }
    var lowered: [UInt8] = []
    var itemStart = start
    var i = start
    while i <= end {
      if i == end || text[i] == .comma {
        var item = trimmed(UnsafeBufferPointer(rebasing: text[itemStart..<i]))
        if item.count >= 2, let first = item.first, first == item.last,
          first == UInt8(ascii: "'") || first == .quote
        {
          item = trimmed(UnsafeBufferPointer(rebasing: item[1..<item.count - 1]))
        }
        if lowercased, item.first == UInt8(ascii: "#") {
          item = UnsafeBufferPointer(rebasing: item[1...])
        }
        if !item.isEmpty {
          if lowercased {
            lowered.removeAll(keepingCapacity: true)
            for byte in item {
              lowered.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
            }
            lowered.withUnsafeBufferPointer { body($0) }
          } else {
            body(item)
          }
        }
        itemStart = i + 1
      }
      i += 1
    }
  }
}

extension String {
  /// The text without spaces and tabs at either end.
  fileprivate var withoutSpacesAround: String {
    var scalars = Substring(self).unicodeScalars[...]
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }
}

/// The bytes an ``ActivityReader`` read, kept to read a post's id again:
/// held in memory, or a mapped file, copied into memory the first time a
/// post's id is asked for (only the evidence table asks), so that a clean
/// file is not copied only to be counted.
final class ActivityBytes: Sendable {
  private let held: Mutex<CSVTokenizer?>
  private let mapped: MappedFile?
  private let name: String

  init(_ tokenizer: CSVTokenizer) {
    held = Mutex(tokenizer)
    mapped = nil
    name = tokenizer.file
  }

  init(mapped: MappedFile, name: String) {
    held = Mutex(nil)
    self.mapped = mapped
    self.name = name
  }

  /// Whether the bytes are a mapped file's.
  var isMapped: Bool { mapped != nil }

  /// A tokenizer over the whole file.
  /// - Complexity: O(bytes) the first time for a mapped file, O(1) after.
  var tokenizer: CSVTokenizer {
    held.withLock { held in
      if let tokenizer = held { return tokenizer }
      let tokenizer = CSVTokenizer(bytes: Array(mapped!.bytes), file: name)
      held = tokenizer
      return tokenizer
    }
  }
}

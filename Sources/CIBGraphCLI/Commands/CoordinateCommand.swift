import ArgumentParser
import CIBGraph
import Foundation

/// Which definition of coordination `coordinate` applies (`--definition`).
enum CoordinationDefinitionName: String, CaseIterable, ExpressibleByArgument {
  /// cibgraph's: distinct objects per pair (`--min-repeat`).
  case distinctObjects = "distinct-objects"
  /// CooRTweet 2.1.3's: participation per account, weight in share pairs.
  case coortweet
}

/// What accounts must share to coincide (`--by`).
enum CoordinationEvidence: String, CaseIterable, ExpressibleByArgument {
  /// The same object: a URL, a hashtag, a retweeted post.
  case object
  /// Near-identical text (copy-pasta).
  case text
}

/// The platform an activity file's accounts are on (`--platform`), which the
/// file's four columns do not say.
enum ActivityPlatform: String, CaseIterable, ExpressibleByArgument {
  case facebook, instagram, x, youtube, tiktok, telegram, threads

  /// A platform's name, in any case; `twitter` is X.
  init?(argument: String) {
    let name = argument.lowercased()
    guard let platform = name == "twitter" ? .x : Self(rawValue: name) else { return nil }
    self = platform
  }

  static var allValueStrings: [String] {
    ["facebook", "instagram", "x", "twitter", "youtube", "tiktok", "telegram", "threads"]
  }

  /// The kind of the accounts that act on the platform: a Facebook account,
  /// a YouTube or Telegram channel, an X account.
  var accountKind: AssetKind {
    switch self {
    case .facebook: .account
    case .instagram: .instagram
    case .x: .xAccount
    case .youtube: .youtubeChannel
    case .tiktok: .tiktokAccount
    case .telegram: .telegramChannel
    case .threads: .threadsAccount
    }
  }
}

/// `cibgraph coordinate`: the coordination network found in activity data.
struct CoordinateCommand: AnalysisCommand {
  static let configuration = CommandConfiguration(
    commandName: "coordinate",
    abstract: "Find coordinated accounts in activity data: who shared the same thing at once.",
    discussion: """
      Two accounts are linked when they act on the same object (a URL, a hashtag, a retweeted \
      post) within --window seconds of each other (inclusive), and kept when that happens on at \
      least --min-repeat distinct objects; the weight is the number of distinct objects. The \
      connected components are the candidate networks.

      Input: an activity CSV with object_id, account_id, content_id, timestamp (CooRTweet's \
      columns: object_id is what is shared, content_id the post sharing it; timestamp_share is \
      read too; Unix seconds or ISO 8601), or a Twitter/X archive's tweets CSV (tweetid, userid, \
      tweet_time and urls, hashtags or retweet_tweetid) with --action link|retweet|hashtag.

      Several kinds of object: an activity file with an object_type column (link, hashtag, \
      image, …), or an archive read with several actions (--action link,hashtag,retweet), has \
      object types; the same string under two types is two objects. Each type may have a \
      window of its own: --window 60 --window hashtag=600 gives hashtags 600 s and every other \
      type 60 s. The summary counts each type's actions, objects and coincidences. Under \
      --definition coortweet each type is filtered apart, as CooRTweet's multimodal analysis \
      runs detect_groups per type and binds the results.

      --normalize url-domain,strip-tracking,hashtag-case rewrites objects as they are read: a \
      URL to its host (lower-cased, without www., port or user; the host, not the registrable \
      domain), a URL without its fragment and tracking parameters (utm_*, fbclid, gclid, \
      igshid, si and others: see the README), a hashtag without its # and case-folded \
      (Unicode). The URL rules apply to types link/url, the hashtag rule to type hashtag; in a \
      file without types, every rule asked for applies to every object.

      The document -o writes names the accounts' platform: a Twitter/X archive's are X \
      accounts; an activity file's are those of --platform (facebook, instagram, x or \
      twitter, youtube, tiktok, telegram, threads), and without it accounts of an unnamed \
      platform, which reach and render call so.

      --definition coortweet applies CooRTweet 2.1.3's definitions instead: rows whose object_id \
      equals their content_id (original posts) are left out and counted; accounts with fewer \
      than --min-participation rows are dropped first; a pair is kept when either account has \
      --min-participation rows whose post coincides with another account's; the weight counts \
      coinciding pairs of shares (an account sharing an object twice near another's share \
      counts twice); --percentile keeps weights strictly above the cut. --min-repeat is not \
      min_participation: --min-repeat counts distinct objects per pair of accounts, \
      --min-participation counts one account's shares, and only the latter applies to \
      --definition coortweet.

      --fast-window gives each edge a second, narrower window, as CooRTweet's flag_speed_share \
      and fast_net do: its fast weight counts only the coincidences within --fast-window seconds \
      (distinct objects, or pairs of shares under --definition coortweet, whose participation \
      is counted again in the narrower window), and it is fast when that weight passes the same \
      thresholds. --keep-all keeps every pair that coincided, each marked as passing the \
      thresholds or not; the candidate networks stay those of the passing edges. --measures \
      adds, per edge, its coinciding pairs of shares, each account's coinciding shares, \
      CooRTweet's symmetry score, the mean and shortest time between coinciding shares; per \
      account its actions, objects, coordinated actions, degree and strength; per candidate \
      network its density, time span, objects and top objects and domains. Text shows a \
      summary, JSON every figure, and --format csv --table edges|accounts|networks one table.

      --by text links accounts that post near-identical text (copy-pasta) within the window, \
      read from a text column (account_id, content_id, timestamp, text; or a Twitter/X \
      archive's tweet_text). Texts are lowercased (Unicode), white space collapsed, URLs left \
      out (--keep-urls keeps them; --ignore-mentions leaves out @names too), and cut into \
      shingles of 5 characters. Two texts are near-duplicates when the Jaccard similarity of \
      their shingle sets is at least --similarity (default 0.8); identical texts are one text. \
      Candidates come from MinHash (120 permutations) in bands of rows chosen for the \
      threshold (20 bands of 6 at 0.8), and each is checked exactly, so no pair below the \
      threshold is taken; the hashing misses a pair of similarity s with probability \
      (1 - s^rows)^bands: 0.23 % at s = 0.8, 0.008 % at 0.85, under 10^-6 at 0.9. A group is \
      the texts joined by such pairs (A like B and B like C put A and C in one group); the \
      weight is the number of distinct groups, and --min-repeat counts groups.

      --window auto estimates the window as CooRnet does: of the objects shared at least twice, \
      the quickest tenth by time to their second share; for each, the time from its first share \
      to the first share past half of its shares; the median of those (0 becomes 1 s).

      Memory grows with the distinct pairs of accounts per object, so an input that would \
      form more than --max-pairs-per-object pairs on one object, --max-pairs-total in all, \
      --max-meetings meetings, or write more than --max-written relations or evidence rows, \
      is refused (exit 65) with the object and the option that allows it.
      """)

  @Argument(help: ArgumentHelp("The activity CSV ('-' reads standard input).", valueName: "file"))
  var file: String

  @Option(
    help: ArgumentHelp(
      "Seconds within which two actions coincide (inclusive), or 'auto'; type=seconds gives an object type its own (repeat the option).",
      valueName: "seconds"))
  var window: [String] = ["60"]

  @Option(
    help: ArgumentHelp(
      "Rewrite objects as they are read: url-domain, strip-tracking, hashtag-case (comma-separated).",
      valueName: "rules"))
  var normalize: NormalizationList?

  @Option(
    help: ArgumentHelp(
      "Which definition links accounts: distinct-objects (cibgraph's) or coortweet (CooRTweet 2.1.3's).",
      valueName: "name"))
  var definition = CoordinationDefinitionName.distinctObjects

  @Option(
    help:
      "Keep pairs that coincide on at least this many distinct objects (not CooRTweet's min_participation)."
  )
  var minRepeat = 2

  @Option(
    help: ArgumentHelp(
      "With --definition coortweet: CooRTweet's min_participation, per account (not --min-repeat).",
      valueName: "shares"))
  var minParticipation: Int?

  @Option(
    help: ArgumentHelp(
      "What accounts must share to coincide: object (the object_id, or the archive's --action) or text (near-identical text).",
      valueName: "kind"))
  var by = CoordinationEvidence.object

  @Option(
    help: ArgumentHelp(
      "With --by text: the Jaccard similarity (0-1] of 5-character shingles at which two texts are near-duplicates (default 0.8; a pair at 0.8 is missed with probability 0.23 %).",
      valueName: "s"))
  var similarity: Double?

  @Flag(help: "With --by text: compare URLs too (by default they are left out of the texts).")
  var keepUrls = false

  @Flag(help: "With --by text: leave @mentions out of the texts.")
  var ignoreMentions = false

  @Option(
    help: ArgumentHelp(
      "With --by text: refuse an input whose candidate pairs of texts need more exact comparisons.",
      valueName: "count"))
  var maxComparisons = TextSimilarity().maxComparisons

  @Option(help: "Keep only edges whose weight is at or above this percentile (0-100) of weights.")
  var percentile: Double?

  @Option(
    help: ArgumentHelp(
      "A narrower window (at most --window): each edge's fast weight counts only coincidences within it.",
      valueName: "seconds"))
  var fastWindow: Double?

  @Flag(
    help:
      "Keep every pair that coincided, marked as passing the thresholds or not (candidate networks stay those that pass)."
  )
  var keepAll = false

  @Flag(
    help:
      "Measure each edge (share pairs, symmetry, time gaps), account (coordinated actions, degree) and candidate network (density, top objects and domains)."
  )
  var measures = false

  @Option(
    help: ArgumentHelp(
      "With --format csv: write this table of measures (edges, accounts or networks).",
      valueName: "name"))
  var table: MeasureTable?

  @Option(
    help: ArgumentHelp(
      "Refuse an object on which more pairs of accounts coincide.",
      valueName: "pairs"))
  var maxPairsPerObject = CoordinationBudget().pairsPerObject

  @Option(
    help: ArgumentHelp(
      "Refuse an input with more coincidences (pairs of accounts on one object) in all.",
      valueName: "pairs"))
  var maxPairsTotal = CoordinationBudget().pairsTotal

  @Option(
    help: ArgumentHelp(
      "Refuse an input whose accounts meet more often than this in all (each time one enters a window where another is).",
      valueName: "meetings"))
  var maxMeetings = CoordinationBudget().meetings

  @Option(
    help: ArgumentHelp(
      "Refuse to write more relations (-o) or evidence rows (--evidence) than this.",
      valueName: "count"))
  var maxWritten = Self.defaultMaxWritten

  /// Writing costs far more memory than detecting: about 820 bytes a relation
  /// of the JSON document and 170 an evidence row (measured; see
  /// docs/coordination-benchmark.md), so a million of either stays under a gigabyte.
  static let defaultMaxWritten = 1_000_000

  @Option(
    help: ArgumentHelp(
      "For a Twitter archive: what accounts share (link, retweet or hashtag; several, comma-separated, are object types).",
      valueName: "action"))
  var action: ActionList?

  @Option(
    help: ArgumentHelp(
      "For an activity file: the platform its accounts are on (a Twitter/X archive's are X accounts).",
      valueName: "name"))
  var platform: ActivityPlatform?

  @Option(
    name: [.customShort("o"), .long],
    help: ArgumentHelp("Write the coordination network as a JSON document.", valueName: "out.json"))
  var output: String?

  @Option(
    help: ArgumentHelp(
      "Write one CSV row per pair, object and times behind every edge.", valueName: "out.csv"))
  var evidence: String?

  @OptionGroup var format: OutputFormatOption
  @OptionGroup var badRows: BadRowsOption

  @Option(help: "Show at most this many components (0: all). Default: 20 in text, all otherwise.")
  var limit: Int?

  @Flag(help: "List the account ids of each component.")
  var listAccounts = false

  func validate() throws {
    if minRepeat < 1 { throw ValidationError("--min-repeat must be 1 or more") }
    if definition == .coortweet, minRepeat != 2 {
      throw ValidationError(
        "--min-repeat (distinct objects per pair) does not apply to --definition coortweet; "
          + "CooRTweet's min_participation is --min-participation (shares per account)")
    }
    if let minParticipation {
      guard definition == .coortweet else {
        throw ValidationError("--min-participation applies to --definition coortweet only")
      }
      if minParticipation < 1 { throw ValidationError("--min-participation must be 1 or more") }
    }
    if by == .text {
      if definition == .coortweet {
        throw ValidationError("--by text applies to --definition distinct-objects only")
      }
      if action != nil {
        throw ValidationError(
          "--action does not apply to --by text: the post's text is what is shared")
      }
      if normalize != nil {
        throw ValidationError(
          "--normalize rewrites shared objects (links, hashtags) and does not apply to --by text, "
            + "whose texts are compared in a normal form of their own")
      }
      if try !WindowChoice(window).byType.isEmpty {
        throw ValidationError(
          "--window type=seconds gives an object type its own window; --by text has no object "
            + "types (an object_type column is not read with texts): give one --window")
      }
      if let similarity, !(similarity > 0 && similarity <= 1) {
        throw ValidationError("--similarity must be above 0 and at most 1")
      }
      if maxComparisons < 1 { throw ValidationError("--max-comparisons must be 1 or more") }
    } else if similarity != nil || keepUrls || ignoreMentions {
      throw ValidationError(
        "--similarity, --keep-urls and --ignore-mentions apply to --by text only")
    }
    if let percentile, !(0...100).contains(percentile) {
      throw ValidationError("--percentile must be between 0 and 100")
    }
    if let limit, limit < 0 { throw ValidationError("--limit must be 0 (all) or more") }
    if let fastWindow {
      guard fastWindow.isFinite, fastWindow >= 0, fastWindow < 1e12 else {
        throw ValidationError("--fast-window must be a number of seconds (0 or more)")
      }
      // One fast window for every type: at most each window, the types' own included.
      let windows = try WindowChoice(window)
      if let seconds = windows.standard, fastWindow > seconds {
        throw ValidationError(
          "--fast-window (\(fastWindow) s) must be at most --window "
            + "(\(window.last { !$0.contains("=") } ?? "\(seconds)") s)")
      }
      if let narrow = windows.byType.first(where: { fastWindow > $0.seconds }) {
        throw ValidationError(
          "--fast-window (\(fastWindow) s) is one for every object type and must be at most "
            + "each type's window (--window \(narrow.type)=\(narrow.seconds) s)")
      }
    }
    if table != nil, format.format != .csv {
      throw ValidationError("--table chooses a CSV table: give it with --format csv")
    }
    try InputLimit.validate()
    if maxPairsPerObject < 1 { throw ValidationError("--max-pairs-per-object must be 1 or more") }
    if maxPairsTotal < 1 { throw ValidationError("--max-pairs-total must be 1 or more") }
    if maxMeetings < 1 { throw ValidationError("--max-meetings must be 1 or more") }
    if maxWritten < 1 { throw ValidationError("--max-written must be 1 or more") }
    _ = try WindowChoice(window)
  }

  func execute() throws(CommandFailure) -> CommandAnswer {
    let source = InputSource(argument: file)
    let name = source.name
    let reader: ActivityReader
    do throws(InputError) {
      reader = try ActivityReader(
        source, actions: action?.actions ?? [], limit: InputLimit.size,
        posts: definition == .coortweet, texts: by == .text,
        normalization: normalize?.rules ?? [])
    } catch {
      throw CommandFailure(error, options: ["action": "--action"])
    }
    PhaseTimings.begin(.analysing)
    var texts: NearDuplicateTexts?
    if by == .text {
      do throws(BudgetExceeded) {
        texts = try NearDuplicateTexts(
          reader.table,
          similarity: TextSimilarity(
            threshold: similarity ?? 0.8, ignoresURLs: !keepUrls, ignoresMentions: ignoreMentions,
            maxComparisons: maxComparisons))
      } catch {
        throw CommandFailure(
          .dataError,
          [
            error.textComparisons.map { Self.refusal($0, file: name) }
              ?? TerminalText.safe("\(name): error: \(error)")
          ])
      }
    }
    let activity = texts?.table ?? reader.table
    let accounts = try accountKind(of: reader, file: name)
    var leftOut: RowsLeftOut? = badRows.skipBadRows ? RowsLeftOut() : nil
    try RowsLeftOut.account(for: reader.report, in: &leftOut)
    var notes = leftOut?.notes ?? []
    let windowMilliseconds: Int64
    var estimate: CoordinationWindowEstimate?
    let windows: WindowChoice
    do throws(ValidationError) {
      windows = try WindowChoice(window)
    } catch {
      throw CommandFailure(.usage, ["cibgraph: error: \(error.message)"])
    }
    if windows.standard == nil {
      let estimated = CoordinationWindowEstimate(activity)
      guard let value = estimated.window else {
        throw CommandFailure(
          .dataError,
          [
            TerminalText.safe(
              "\(name): error: no object was acted on twice, so there is no window to estimate")
          ])
      }
      windowMilliseconds = value
      estimate = estimated
      notes.append(
        "window estimated: \(CoordinationNetwork.seconds(value)) s (CooRnet's estimate over the "
          + "\(groupedDigits(estimated.quickestObjects)) quickest of \(groupedDigits(estimated.objectsSharedTwice)) objects shared twice or more)"
      )
    } else {
      windowMilliseconds = ActivityTime.milliseconds(seconds: windows.standard ?? 0)
    }
    let typeWindows = try Self.typeWindows(
      windows, table: activity, file: name, default: windowMilliseconds)
    let fastMilliseconds = fastWindow.map { ActivityTime.milliseconds(seconds: $0) }
    if let fastMilliseconds, fastMilliseconds > windowMilliseconds {
      throw CommandFailure(
        .usage,
        [
          TerminalText.safe(
            "\(name): error: --fast-window (\(CoordinationNetwork.seconds(fastMilliseconds)) s) "
              + "must be at most the window (\(CoordinationNetwork.seconds(windowMilliseconds)) s)")
        ])
    }
    var coordinationDefinition = CoordinationDefinition.distinctObjects
    if definition == .coortweet {
      if let shared = CoordinationNetwork.postSharedByTwoAccounts(reader.table) {
        throw CommandFailure(
          .dataError, [Self.sharedPost(shared, file: name, reader: reader)])
      }
      coordinationDefinition = .coortweet(minParticipation: minParticipation ?? 2)
    }
    let network: CoordinationNetwork
    let parameters = CoordinationParameters(
      window: windowMilliseconds, minRepeat: minRepeat, percentile: percentile,
      budget: CoordinationBudget(
        pairsPerObject: maxPairsPerObject, pairsTotal: maxPairsTotal, meetings: maxMeetings),
      definition: coordinationDefinition, typeWindows: typeWindows, fastWindow: fastMilliseconds,
      keepAll: keepAll, measures: measures || table != nil)
    do throws(BudgetExceeded) {
      network = try CoordinationNetwork(activity, parameters: parameters)
    } catch {
      guard let error = error.coordination else {
        throw CommandFailure(.dataError, [TerminalText.safe("\(name): error: \(error)")])
      }
      throw CommandFailure(
        .dataError,
        [
          Self.refusal(
            error, file: name, table: activity,
            window: activity.types.isEmpty || typeWindows.isEmpty
              ? windowMilliseconds : typeWindows[activity.types.type(of: error.object)])
        ])
    }
    // Refused before anything is written, so that no output is left half made.
    if output != nil, network.edges.count > maxWritten {
      throw CommandFailure(
        .dataError,
        [
          Self.tooLargeToWrite(
            file: name, count: network.edges.count, limit: maxWritten, what: "relations (-o)")
        ])
    }
    if evidence != nil, network.coincidences.count > maxWritten {
      throw CommandFailure(
        .dataError,
        [
          Self.tooLargeToWrite(
            file: name, count: network.coincidences.count, limit: maxWritten,
            what: "evidence rows (--evidence)")
        ])
    }
    // Every edge is listed in JSON and in CSV's edges table: held to the same limit.
    if let measured = network.measures,
      format.format == .json || table == .edges, measured.edges.count > maxWritten
    {
      throw CommandFailure(
        .dataError,
        [
          Self.tooLargeToWrite(
            file: name, count: measured.edges.count, limit: maxWritten, what: "measured edges")
        ])
    }
    // Both files or neither: one written without the other would be a partial answer.
    let outputs = OutputFiles()
    if let output {
      var document = network.document(table: activity, source: name, accounts: accounts)
      if !reader.normalization.isEmpty {
        document.report.notes.append(
          "Objects normalised as they were read (--normalize): "
            + ObjectNormalization.named.filter { reader.normalization.contains($0.rule) }
            .map(\.name).joined(separator: ", ") + ".")
      }
      try outputs.add(document.encoded(), to: output)
      if accounts == .unnamedAccount {
        notes.append(
          TerminalText.safe(
            "\(name): note: the activity file does not name its platform, so \(output) holds "
              + "accounts of an unnamed platform; --platform names it"))
      }
    }
    if let evidence {
      try outputs.add(Self.evidenceCSV(network, reader: reader, texts: texts), to: evidence)
    }
    try outputs.commit()
    var output = CoordinationOutput(
      reader: reader, network: network, estimate: estimate, listAccounts: listAccounts,
      limit: format.rows(limit: limit), texts: texts)
    if let measured = network.measures {
      output.measures = CoordinationMeasuresOutput(
        table: output.table, network: network, measures: measured, shown: output.shown.count)
      output.measureTable = table
    }
    return CommandAnswer(output: format.render(output, leftOut: leftOut), notes: notes)
  }

  /// The kind of the input's accounts: the archive's, or `--platform`'s, or
  /// accounts of an unnamed platform.
  /// - Throws: `CommandFailure` (usage) when `--platform` contradicts the
  ///   input: a Twitter/X archive's accounts are X accounts.
  func accountKind(of reader: ActivityReader, file: String) throws(CommandFailure) -> AssetKind {
    guard let archiveKind = reader.accountKind else {
      return platform?.accountKind ?? .unnamedAccount
    }
    if let platform, platform.accountKind != archiveKind {
      throw CommandFailure(
        .usage,
        [
          TerminalText.safe(
            "\(file): error: --platform \(platform.rawValue) does not apply: the input is a "
              + "Twitter/X archive, whose accounts are X accounts")
        ])
    }
    return archiveKind
  }

  /// The window of each object type of `table` (by number) that `windows`
  /// gives, in milliseconds; empty when no type has one of its own.
  /// - Throws: `CommandFailure` (usage) for a type the input does not have,
  ///   naming the types it has.
  static func typeWindows(
    _ windows: WindowChoice, table: ActivityTable, file: String, default standard: Int64
  ) throws(CommandFailure) -> [Int64] {
    switch windows.typeWindows(types: table.types.names, standard: standard) {
    case .success(let byType): return byType
    case .failure(let unknown):
      let has =
        table.types.isEmpty
        ? "has no object types (an object_type column, or several --action)"
        : "has the object types " + table.types.names.joined(separator: ", ")
      throw CommandFailure(
        .usage,
        [
          TerminalText.safe(
            "\(file): error: --window names the type \(unknown.names.joined(separator: ", ")), "
              + "but the input \(has)")
        ])
    }
  }

  /// Why the input was refused: the object, the pairs it would form, and the
  /// option that allows them.
  static func refusal(
    _ error: CoordinationRefusal, file: String, table: ActivityTable, window: Int64
  ) -> String {
    let object = "\"" + TerminalText.safe(table.objectID(error.object), limit: 160) + "\""
    var crowd = ""
    if error.accountsInOneWindow >= 2 {
      crowd =
        "\(groupedDigits(error.accountsInOneWindow)) accounts acted on it within "
        + "\(CoordinationNetwork.seconds(window)) s of each other, from "
        + "\(ActivityTime.iso(error.windowStart))"
    }
    let within = crowd.isEmpty ? "" : " (\(crowd))"
    let memory = "if memory allows (about \(CoordinationBudget.bytesPerPair) bytes a pair)"
    let message =
      switch error.kind {
      case .pairsPerObject:
        "object \(object) would form at least \(groupedDigits(error.atLeast)) pairs of "
          + "accounts\(within), more than the \(groupedDigits(error.budget)) allowed per object; "
          + "rerun with --max-pairs-per-object \(error.atLeast) or more to analyse it, \(memory)"
      case .pairsTotal:
        "the input forms more than the \(groupedDigits(error.budget)) coincidences (pairs of "
          + "accounts on one object) --max-pairs-total allows in all; the most on one object: at "
          + "least \(groupedDigits(error.objectAtLeast)) pairs on \(object)\(within); rerun with "
          + "a larger --max-pairs-total to analyse it, \(memory)"
      case .meetings:
        "the accounts of the input meet again and again: more than "
          + "\(groupedDigits(error.budget)) times one entered a window where another was on the "
          + "same object (--max-meetings), pairs that met before counted again; the most on one "
          + "object: at least \(groupedDigits(error.objectAtLeast)) on \(object)\(within); rerun "
          + "with a larger --max-meetings to analyse it, if time allows (about "
          + "\(CoordinationBudget.nanosecondsPerMeeting) ns a meeting)"
      case .sharePairSteps:
        "counting the pairs of shares (--definition coortweet) would take more than the "
          + "\(groupedDigits(error.budget)) steps --max-meetings allows, on accounts that share "
          + "objects again and again near each other (the first pair over it: \(object) among its "
          + "objects); rerun with a larger --max-meetings to analyse it, if time allows"
      }
    return TerminalText.safe("\(file): error: \(message)")
  }

  /// Why CooRTweet's definition was refused: a post id under two accounts,
  /// whose rows CooRTweet would compare by post rather than by account.
  static func sharedPost(
    _ shared: (post: String, rows: (Int, Int)), file: String, reader: ActivityReader
  ) -> String {
    let table = reader.table
    func quoted(_ text: String) -> String { "\"" + TerminalText.safe(text, limit: 160) + "\"" }
    let post = shared.post.isEmpty ? "an empty content_id" : "content_id " + quoted(shared.post)
    return TerminalText.safe(file) + ": error: \(post) belongs to two accounts, "
      + quoted(table.accountID(table.account[shared.rows.0])) + " and "
      + quoted(table.accountID(table.account[shared.rows.1]))
      + "; --definition coortweet needs each post to be one account's (CooRTweet would compare "
      + "their rows by post, not by account)"
  }

  /// Why an output was not written: it is larger than --max-written allows.
  static func tooLargeToWrite(file: String, count: Int, limit: Int, what: String) -> String {
    TerminalText.safe(
      "\(file): error: the network has \(groupedDigits(count)) \(what), more than the "
        + "\(groupedDigits(limit)) --max-written allows; keep fewer edges with a "
        + "higher --min-repeat or --percentile, or rerun with --max-written \(count) if memory "
        + "allows (about 820 bytes a relation, 170 an evidence row)")
  }

  /// Why `--by text` was refused: the candidate pairs of texts would need
  /// more comparisons than --max-comparisons allows.
  static func refusal(_ error: TextComparisonsRefusal, file: String) -> String {
    TerminalText.safe(
      "\(file): error: checking the candidate pairs of near-duplicate texts would take more than "
        + "the \(groupedDigits(error.budget)) comparisons --max-comparisons allows; the largest "
        + "bucket of candidates held \(groupedDigits(error.largestBucket)) texts alike but not "
        + "near-duplicates of each other, such as \""
        + TerminalText.safe(error.example, limit: 160) + "\"; rerun with a larger "
        + "--max-comparisons to analyse it, if time allows (a few microseconds a comparison)")
  }

  /// One row per coincidence behind every kept edge; with `--by text`, the
  /// object is the normal form of the group's first text.
  static func evidenceCSV(
    _ network: CoordinationNetwork, reader: ActivityReader, texts: NearDuplicateTexts? = nil
  ) -> String {
    let table = texts?.table ?? reader.table
    let typed = !table.types.isEmpty
    func postID(_ row: Int) -> String {
      reader.postID(row: texts.map { Int($0.sourceRow[row]) } ?? row)
    }
    var writer = CSVWriter(
      header: ["source", "target", "weight", "object"] + (typed ? ["object_type"] : []) + [
        "source_post", "target_post", "source_time", "target_time", "delta_seconds",
      ])
    for edge in network.edges {
      let source = table.accountID(edge.a)
      let target = table.accountID(edge.b)
      for coincidence in network.coincidences[edge.evidence] {
        let rowA = Int(coincidence.rowA)
        let rowB = Int(coincidence.rowB)
        writer.addRow(
          [
            .text(source), .text(target), .number(edge.weight),
            .text(table.objectID(coincidence.object)),
          ]
            + (typed ? [.text(table.types.name(of: coincidence.object))] : []) + [
              .text(postID(rowA)), .text(postID(rowB)),
              .text(ActivityTime.iso(table.time[rowA])),
              .text(ActivityTime.iso(table.time[rowB])),
              .text(CoordinationNetwork.seconds(abs(table.time[rowB] - table.time[rowA]))),
            ])
      }
    }
    return writer.text
  }
}

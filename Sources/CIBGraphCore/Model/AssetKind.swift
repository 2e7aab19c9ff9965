import CIBGraphSupport
import Synchronization

/// What an asset or actor in a takedown network is: a kind of a platform
/// (a Facebook Page, an X account, a YouTube channel) or a kind of actor (an
/// organisation, a person, a movement).
///
/// The built-in kinds cover the platforms takedown reports name. Any other is
/// declared in the document that uses it (``KindDeclaration``), with its
/// platform and labels, so a new platform needs no new release.
///
/// In files a kind is written by its name (its ``description``): `account`, `page`, `group`,
/// `event`, `instagram`, `x-account`, `youtube-channel`, `tiktok-account`,
/// `telegram-channel`, `threads-account`, `unnamed-account`, `organization`,
/// `person`, `movement`, or a declared name. Names are read
/// case-insensitively, with a space or `_` read as `-` (`Facebook Page` is
/// `facebook-page`), and these spellings exports use are accepted besides:
/// `facebook-account`, `facebook-profile`, `facebook-user`, `fb-account`,
/// `fb-profile`; `facebook-page`, `fb-page`; `facebook-group`, `fb-group`;
/// `facebook-event`, `fb-event`; `instagram-account`, `instagram-profile`,
/// `ig`, `ig-account`, `ig-profile`; `x`, `x-profile`, `twitter`,
/// `twitter-account`, `twitter-profile`, `twitter-user`; `youtube`,
/// `youtube-account`, `yt-channel`; `tiktok`, `tiktok-profile`; `telegram`;
/// `threads`, `threads-profile`; `organisation`, `org`.
///
/// Kinds compare by a fixed order: the platforms' kinds, Facebook's first,
/// then declared ones by name, then the actors.
public struct AssetKind: Sendable, Hashable, Comparable, CustomStringConvertible, BitwiseCopyable {
  /// The kind's index in the process's table of kinds: built-in kinds have
  /// fixed codes, declared ones are added as documents declare them.
  @usableFromInline package let code: UInt16

  @usableFromInline package init(code: UInt16) { self.code = code }

  // The built-in kinds are constants the compiler sees (computed and
  // inlinable), not globals read through an accessor: a tally per node of
  // millions asks for several of them per node.

  /// A Facebook account (a profile, usually fake in a CIB network).
  @inlinable public static var account: AssetKind { AssetKind(code: 0) }
  /// A Facebook Page.
  @inlinable public static var page: AssetKind { AssetKind(code: 1) }
  /// A Facebook Group.
  @inlinable public static var group: AssetKind { AssetKind(code: 2) }
  /// An Instagram account.
  @inlinable public static var instagram: AssetKind { AssetKind(code: 3) }
  /// An organisation a network is attributed to: a firm, a party's IT cell,
  /// a military media wing. Organisations nest (``RelationType/partOf``).
  @inlinable public static var organization: AssetKind { AssetKind(code: 4) }
  /// A Facebook Event.
  @inlinable public static var event: AssetKind { AssetKind(code: 5) }
  /// An X (formerly Twitter) account.
  @inlinable public static var xAccount: AssetKind { AssetKind(code: 6) }
  /// A YouTube channel.
  @inlinable public static var youtubeChannel: AssetKind { AssetKind(code: 7) }
  /// A TikTok account.
  @inlinable public static var tiktokAccount: AssetKind { AssetKind(code: 8) }
  /// A Telegram channel.
  @inlinable public static var telegramChannel: AssetKind { AssetKind(code: 9) }
  /// A Threads account.
  @inlinable public static var threadsAccount: AssetKind { AssetKind(code: 10) }
  /// An account on a platform the data does not name (a generic activity
  /// file read without `--platform`).
  @inlinable public static var unnamedAccount: AssetKind { AssetKind(code: 11) }
  /// A person a network is attributed to.
  @inlinable public static var person: AssetKind { AssetKind(code: 12) }
  /// A movement a network is attributed to (QAnon).
  @inlinable public static var movement: AssetKind { AssetKind(code: 13) }

  /// Every built-in kind, in order.
  package static let builtIn: [AssetKind] = (0..<UInt16(KindTable.builtIn.count)).map(
    AssetKind.init)

  /// The five kinds of the first document format, which every table of kinds
  /// shows even when a figure holds none of them: Facebook accounts, Pages,
  /// Groups, Instagram accounts, organisations.
  package static let original: [AssetKind] = [.account, .page, .group, .instagram, .organization]

  /// The name written in files: `page`, `x-account`, or a declared name.
  package var name: String { description_.name }
  /// The platform the kind belongs to (`Facebook`, `X`); `nil` for actors and
  /// for accounts of an unnamed platform.
  public var platform: String? { description_.platform }
  /// Whether this is a kind of actor (organisation, person, movement) rather
  /// than an asset a platform removes.
  package var isActor: Bool { description_.isActor }
  /// What the kind's audience is called: `followers`, `members`,
  /// `subscribers`, `attendees`; `nil` when the kind has none (actors).
  package var audienceNoun: String? { description_.audience?.noun }
  /// Whether an asset of this kind keeps its audience in ``Asset/members``
  /// (Groups, Events) rather than ``Asset/followers``.
  package var audienceIsMembers: Bool {
    Int(code) < KindTable.builtIn.count
      ? KindTable.builtInIsMembership[Int(code)] : description_.audience?.isMembership ?? false
  }

  /// The name, as written in files.
  public var description: String { name }

  /// One asset of this kind: "Facebook account", "Page", "X account".
  package var singularLabel: String { description_.singular }
  /// How a report names several: "Facebook accounts", "Pages", "X accounts".
  package var pluralLabel: String { description_.plural }
  /// The audience noun for prose, `followers` for kinds without one.
  package var audienceWord: String { audienceNoun ?? "followers" }
  /// Whether a platform reports a de-duplicated "followed (or joined) at
  /// least one" audience for the kind, and audience lists may name it.
  package var hasAudience: Bool {
    Int(code) < KindTable.builtIn.count
      ? KindTable.builtInHasAudience[Int(code)] : description_.audience != nil
  }

  private var description_: KindTable.Entry { KindTable.entry(code) }

  /// The platforms' kinds a report counts and a platform takes down: every
  /// built-in kind but the actors.
  package static let platformAssets: [AssetKind] = builtIn.filter { !$0.isActor }
  /// The built-in kinds with a reported audience.
  package static let audienceKinds: [AssetKind] = builtIn.filter(\.hasAudience)

  /// The kinds with an audience among `kinds`, each once, in kind order: the
  /// kinds a count of distinct audiences keeps apart.
  /// - Complexity: O(n + k log k) for n kinds given, k of them distinct.
  package static func withAudience(among kinds: some Sequence<AssetKind>) -> [AssetKind] {
    var present = [Bool](repeating: false, count: codeLimit)
    for kind in kinds { present[Int(kind.code)] = true }
    return present.indices.filter { present[$0] }.map { AssetKind(code: UInt16($0)) }
      .filter(\.hasAudience).sorted()
  }
  /// The built-in actor kinds: organisation, person, movement.
  package static let actors: [AssetKind] = builtIn.filter(\.isActor)

  /// Reads a built-in kind as written in a file: its name or one of its
  /// other spellings, compared as ``spellingKey(_:)`` makes them. Returns
  /// `nil` for anything else (a document's reader looks up the kinds it
  /// declares itself).
  package init?(name: some StringProtocol) {
    guard let code = KindTable.builtInNames[Self.spellingKey(name)] else { return nil }
    self.init(code: code)
  }

  /// A kind's name as names are compared: lower-cased, with each space and
  /// `_` read as `-`, so that `Facebook Page`, `facebook_page` and
  /// `facebook-page` are one spelling. Spaces around are the caller's to trim.
  /// - Complexity: O(length of `name`).
  package static func spellingKey(_ name: some StringProtocol) -> String {
    String(name.lowercased().map { $0 == " " || $0 == "_" ? "-" : $0 })
  }

  /// Every spelling of a built-in kind a file may use, as ``spellingKey(_:)``
  /// makes it, with its kind.
  package static let builtInSpellings: [(name: String, kind: AssetKind)] =
    KindTable.builtInNames.map { ($0.key, AssetKind(code: $0.value)) }.sorted { $0.name < $1.name }

  /// One more than the largest code a kind can have, for tables indexed by code.
  package static let codeLimit = KindTable.builtIn.count + KindTable.declaredLimit

  /// The built-in names, for error messages.
  package static let validNames = builtIn.map(\.name).joined(separator: ", ")

  /// Platforms' kinds first (built-in, then declared by name), actors last.
  public static func < (lhs: AssetKind, rhs: AssetKind) -> Bool {
    lhs.sortKey < rhs.sortKey
  }

  private var sortKey: (Int, Int, String) {
    let builtInCount = UInt16(KindTable.builtIn.count)
    let group = isActor ? 2 : code < builtInCount ? 0 : 1
    let order = code < builtInCount ? KindTable.builtInOrder[Int(code)] : 0
    return (group, order, code < builtInCount ? "" : name)
  }
}

extension AssetKind {
  /// "unknown kind "threds"; expected one of account, page, …, or a kind
  /// the document declares".
  package static func unknownNameMessage(_ name: some StringProtocol) -> String {
    let message =
      "unknown kind \"\(name)\"; expected one of \(validNames), or a kind the document declares"
    // A kind is declared for one document; saying so beats a bare "unknown"
    // when another document read by the same command declares it.
    return KindTable.isDeclared(name.lowercased())
      ? message + " (another document declares \"\(name)\"; declare it in this one too)"
      : message
  }
}

/// A kind a document adds for a platform the built-in kinds do not cover:
/// in a version 2 document,
/// `{"name": "vk-community", "platform": "VK", "singular": "VK community",
/// "plural": "VK communities", "audience": "members"}`.
public struct KindDeclaration: Sendable, Hashable {
  /// The name assets use for the kind: lower-case letters, digits and `-`.
  package var name: String
  /// The platform: `VK`, `Odnoklassniki`.
  package var platform: String
  /// One asset of the kind: `VK community`.
  package var singular: String
  /// Several: `VK communities`.
  package var plural: String
  /// What its audience is called (`followers`, `members`, `subscribers`,
  /// `attendees`, or another word); `nil` when the platform reports none.
  package var audience: String?

  /// A declaration of a kind named `name` on `platform`.
  public init(
    name: String, platform: String, singular: String, plural: String, audience: String? = nil
  ) {
    self.name = name
    self.platform = platform
    self.singular = singular
    self.plural = plural
    self.audience = audience
  }

  /// The kind this declaration stands for, adding it to the process's table
  /// of kinds the first time.
  /// - Throws: `KindDeclaration.Refusal` when the name is built in, is not
  ///   written with lower-case letters, digits and `-`, a label is empty, or
  ///   the table is full (at most 4,096 declared kinds in a process).
  package func kind() throws(Refusal) -> AssetKind {
    guard KindTable.builtInNames[name.lowercased()] == nil else {
      throw Refusal(
        "\"\(name)\" is a built-in kind; declare only kinds the built-in ones do not cover",
        key: "name")
    }
    guard !name.isEmpty, name.utf8.count <= 64,
      name.utf8.allSatisfy({
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
          || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-")
      })
    else {
      throw Refusal(
        "a declared kind's name is 1 to 64 lower-case letters, digits and \"-\", not \"\(name)\"",
        key: "name")
    }
    // Labels are printed in every table, legend and drawing: control
    // characters and bidirectional overrides are refused here, once, rather
    // than trusted to each output's escaping.
    let invisible = { (text: String) in text.unicodeScalars.contains(where: VisibleText.needsEscape)
    }
    for (label, text) in [("platform", platform), ("singular", singular), ("plural", plural)]
    where text.allSatisfy(\.isWhitespace) || text.utf8.count > 200 || invisible(text) {
      throw Refusal(
        "a declared kind's \(label) is 1 to 200 bytes of visible text (no control characters or direction overrides)",
        key: label)
    }
    if let audience,
      audience.allSatisfy(\.isWhitespace) || audience.utf8.count > 60 || invisible(audience)
    {
      throw Refusal("a declared kind's audience is a word such as \"followers\"", key: "audience")
    }
    guard let kind = KindTable.declare(self) else {
      throw Refusal("more than \(KindTable.declaredLimit) kinds declared in one process")
    }
    return kind
  }

  /// Why a declaration is refused.
  package struct Refusal: Error, Sendable {
    /// The reason, for a located message.
    package let message: String
    /// The declaration's key at fault (`name`, `plural`), `nil` for the whole declaration.
    package let key: String?
    package init(_ message: String, key: String? = nil) {
      self.message = message
      self.key = key
    }
  }

}

/// The table of kinds: the built-in ones, then those documents declared.
enum KindTable {
  struct Audience: Sendable, Hashable {
    var noun: String
    var isMembership: Bool
  }

  struct Entry: Sendable, Hashable {
    var name: String
    var platform: String?
    var singular: String
    var plural: String
    var audience: Audience?
    var isActor: Bool = false
  }

  static let builtInHasAudience = builtIn.map { $0.audience != nil && !$0.isActor }

  /// ``AssetKind/audienceIsMembers`` of each built-in kind, read per asset
  /// by the validator: looked up without copying the kind's entry.
  static let builtInIsMembership = builtIn.map { $0.audience?.isMembership ?? false }

  static let followers = Audience(noun: "followers", isMembership: false)

  /// In code order; the codes are `AssetKind`'s static members.
  static let builtIn: [Entry] = [
    Entry(
      name: "account", platform: "Facebook", singular: "Facebook account",
      plural: "Facebook accounts", audience: nil),
    Entry(
      name: "page", platform: "Facebook", singular: "Page", plural: "Pages", audience: followers),
    Entry(
      name: "group", platform: "Facebook", singular: "Group", plural: "Groups",
      audience: Audience(noun: "members", isMembership: true)),
    Entry(
      name: "instagram", platform: "Instagram", singular: "Instagram account",
      plural: "Instagram accounts", audience: followers),
    Entry(
      name: "organization", singular: "organisation", plural: "organisations", isActor: true),
    Entry(
      name: "event", platform: "Facebook", singular: "Event", plural: "Events",
      audience: Audience(noun: "attendees", isMembership: true)),
    Entry(
      name: "x-account", platform: "X", singular: "X account", plural: "X accounts",
      audience: followers),
    Entry(
      name: "youtube-channel", platform: "YouTube", singular: "YouTube channel",
      plural: "YouTube channels", audience: Audience(noun: "subscribers", isMembership: false)),
    Entry(
      name: "tiktok-account", platform: "TikTok", singular: "TikTok account",
      plural: "TikTok accounts", audience: followers),
    Entry(
      name: "telegram-channel", platform: "Telegram", singular: "Telegram channel",
      plural: "Telegram channels", audience: Audience(noun: "subscribers", isMembership: false)),
    Entry(
      name: "threads-account", platform: "Threads", singular: "Threads account",
      plural: "Threads accounts", audience: followers),
    Entry(
      name: "unnamed-account", singular: "account of an unnamed platform",
      plural: "accounts of an unnamed platform", audience: nil),
    Entry(name: "person", singular: "person", plural: "people", isActor: true),
    Entry(name: "movement", singular: "movement", plural: "movements", isActor: true),
  ]

  /// Display order of the built-in kinds by code: Facebook's kinds, then the
  /// other platforms', then the actors (the first format's five keep their
  /// relative order).
  static let builtInOrder: [Int] = [0, 1, 2, 4, 20, 3, 5, 6, 7, 8, 9, 10, 21, 22]

  /// Every accepted spelling of a built-in kind (as `AssetKind.spellingKey`
  /// makes it: lower-cased, spaces and `_` as `-`) to its code: the names,
  /// and the words exports and spreadsheets use for them, so that
  /// `Facebook Page`, `fb_page`, `IG account` or `YouTube channel` in a
  /// Gephi or NetworkX export need no map. Only unambiguous words: `profile`
  /// or `channel` alone could be several platforms' and are not here.
  static let builtInNames: [String: UInt16] = {
    var names: [String: UInt16] = [:]
    for (code, entry) in builtIn.enumerated() { names[entry.name] = UInt16(code) }
    let others: [(String, AssetKind)] = [
      ("facebook-account", .account), ("facebook-profile", .account), ("fb-account", .account),
      ("fb-profile", .account), ("facebook-user", .account),
      ("facebook-page", .page), ("fb-page", .page),
      ("facebook-group", .group), ("fb-group", .group),
      ("facebook-event", .event), ("fb-event", .event),
      ("instagram-account", .instagram), ("instagram-profile", .instagram), ("ig", .instagram),
      ("ig-account", .instagram), ("ig-profile", .instagram),
      ("x", .xAccount), ("x-profile", .xAccount), ("twitter", .xAccount),
      ("twitter-account", .xAccount), ("twitter-profile", .xAccount), ("twitter-user", .xAccount),
      ("youtube", .youtubeChannel), ("youtube-account", .youtubeChannel),
      ("yt-channel", .youtubeChannel),
      ("tiktok", .tiktokAccount), ("tiktok-profile", .tiktokAccount),
      ("telegram", .telegramChannel),
      ("threads", .threadsAccount), ("threads-profile", .threadsAccount),
      ("organisation", .organization), ("org", .organization),
    ]
    for (name, kind) in others {
      precondition(names.updateValue(kind.code, forKey: name) == nil, "\(name) spelled twice")
    }
    return names
  }()

  static let declaredLimit = 4096

  private static let declared = Mutex<[Entry]>([])

  static func entry(_ code: UInt16) -> Entry {
    if Int(code) < builtIn.count { return builtIn[Int(code)] }
    return declared.withLock { $0[Int(code) - builtIn.count] }
  }

  /// The kind for `declaration`: the same kind for the same declaration,
  /// however many documents make it; `nil` when the table is full.
  static func declare(_ declaration: KindDeclaration) -> AssetKind? {
    let audience = declaration.audience.map {
      Audience(noun: $0, isMembership: $0 == "members" || $0 == "attendees")
    }
    let entry = Entry(
      name: declaration.name, platform: declaration.platform, singular: declaration.singular,
      plural: declaration.plural, audience: audience)
    return declared.withLock { table -> AssetKind? in
      if let index = table.firstIndex(of: entry) {
        return AssetKind(code: UInt16(builtIn.count + index))
      }
      guard table.count < declaredLimit else { return nil }
      table.append(entry)
      return AssetKind(code: UInt16(builtIn.count + table.count - 1))
    }
  }

  /// Whether a document read by this process declared a kind of this name.
  static func isDeclared(_ name: String) -> Bool {
    declared.withLock { $0.contains { $0.name == name } }
  }

  /// The declaration a declared kind came from, for writing it back.
  static func declaration(of kind: AssetKind) -> KindDeclaration? {
    guard Int(kind.code) >= builtIn.count else { return nil }
    let entry = self.entry(kind.code)
    return KindDeclaration(
      name: entry.name, platform: entry.platform ?? "", singular: entry.singular,
      plural: entry.plural, audience: entry.audience?.noun)
  }
}

extension AssetKind {
  /// One asset of this kind with its indefinite article, for sentences:
  /// "a Page", "an Event", "an X account", "an account of an unnamed platform".
  package var singularWithArticle: String {
    let label = singularLabel
    // "X" is read "ex"; other capitals (a VK community) are read as consonants.
    let vowelSound = label.first.map { "aeiouAEIOU".contains($0) } == true || label.hasPrefix("X ")
    return (vowelSound ? "an " : "a ") + label
  }

  /// Whether the kind was declared by a document rather than built in.
  package var isDeclared: Bool { Int(code) >= KindTable.builtIn.count }
  /// The declaration of a declared kind; `nil` for a built-in one.
  package var declaration: KindDeclaration? { KindTable.declaration(of: self) }
}

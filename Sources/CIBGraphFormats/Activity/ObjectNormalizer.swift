import Foundation

/// Rewrites of shared objects, asked for by name (`--normalize`), so that
/// two spellings of one thing count as one object: the same article with
/// different tracking parameters, a domain rather than its many URLs,
/// `#Vote` and `#vote`.
///
/// Each rule applies to the objects it is about: the URL rules to objects
/// of a URL type (an archive's `urls`, or an `object_type` of `link`,
/// `links`, `url` or `urls`), the hashtag rule to objects of a hashtag type
/// (`hashtag`, `hashtags`); other types are left as written. In a file
/// without object types, a value starting with `#` (or `＃`) is a hashtag,
/// which only the hashtag rule rewrites, and every rule asked for applies to
/// any other value (a URL, or a hashtag written without its `#`). A
/// value that a rule leaves empty is an empty object, and its row is left
/// out as one.
public struct ObjectNormalization: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  /// Creates a set of rules from its bits.
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// A URL becomes its host, lower-cased (ASCII letters only), without
  /// `www.` (when a dotted name is left: `www.com` stays), a port, user
  /// information (up to the last `@`) or a trailing dot:
  /// `https://user@WWW.Example.com:8080/a?b` is `example.com`. It is the
  /// host, not the registrable domain (`news.bbc.co.uk` stays
  /// `news.bbc.co.uk`: no public-suffix list is consulted). A value without
  /// `scheme://` is read as starting with its host (`example.com/a` is
  /// `example.com`); a value whose host is empty (`https:///a`) is left as
  /// written. The host ends at the first `/`, `?`, `#` or `\`, as browsers
  /// read it (`https://evil.test\@good.test` is `evil.test`); an IPv6
  /// literal keeps its brackets. Internationalised hosts are compared as written (no Punycode
  /// conversion: `münchen.de` and `xn--mnchen-3ya.de` stay two), and
  /// percent-escapes in a host are not undone.
  public static let urlDomain = ObjectNormalization(rawValue: 1 << 0)
  /// A URL loses its fragment (`#…`) and its tracking parameters (click
  /// identifiers `fbclid`, `gclid`, `dclid`, `gbraid`, `wbraid`, `msclkid`,
  /// `yclid`, `twclid`, `ttclid`, `mc_cid`, `mc_eid`; share ids `igshid`,
  /// `igsh`, `si`; Google Analytics' `_ga`, `_gl`; X's `ref_src`; and every
  /// name starting `utm_`, compared without ASCII case); the other parameters keep their order and
  /// spelling, and a query left empty, or with only empty pieces between
  /// `&`s (`?utm_source=x&`), loses its `?`. Only those names are tracking
  /// ones: `s` (a site's search) is not `si`, and a parameter with an empty
  /// name, or an empty piece between two `&`, is kept as written beside a
  /// parameter that stays.
  /// Nothing else changes.
  public static let stripTracking = ObjectNormalization(rawValue: 1 << 1)
  /// A hashtag loses one leading `#` (or fullwidth `＃`) and is case-folded
  /// with Unicode's full case folding (`Straße` and `STRASSE` are one),
  /// then put in canonical composition (NFC), so that precomposed and
  /// combining spellings of an accent are one. Bytes that are not UTF-8 are
  /// kept, with ASCII letters lower-cased.
  public static let hashtagCase = ObjectNormalization(rawValue: 1 << 2)

  /// The rules by the names `--normalize` takes, in the order they are listed.
  package static let named: [(name: String, rule: ObjectNormalization)] = [
    ("url-domain", .urlDomain), ("strip-tracking", .stripTracking), ("hashtag-case", .hashtagCase),
  ]

  /// Query parameters ``stripTracking`` removes (besides every `utm_…`):
  /// click identifiers of Facebook, Google, Microsoft, Yandex, X, TikTok and
  /// Mailchimp, Instagram's and YouTube's or Spotify's share ids, Google
  /// Analytics' linkers, and X's embed source.
  package static let trackingParameters = [
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "igsh", "si", "mc_cid", "mc_eid", "_ga", "_gl", "ref_src",
  ]
}

/// What an object type is about, for ``ObjectNormalization``'s rules.
package enum ObjectKind: Sendable {
  /// URLs: the URL rules apply.
  case url
  /// Hashtags: the hashtag rule applies.
  case hashtag
  /// Anything else: no rule applies.
  case other
  /// A file without object types: every rule asked for applies.
  case any

  /// The kind of objects of a type named `name` (already lower-cased).
  package init(typeName name: String) {
    switch name {
    case "link", "links", "url", "urls": self = .url
    case "hashtag", "hashtags": self = .hashtag
    default: self = .other
    }
  }
}

/// Applies ``ObjectNormalization`` to objects as they are read, before they
/// are interned, working on bytes: no `String` is made except for a hashtag
/// with bytes outside ASCII.
///
/// Every rule runs in time linear in the value, on any bytes (invalid
/// UTF-8, a megabyte of `@`, no scheme): none can fail.
package struct ObjectNormalizer: Sendable {
  package let rules: ObjectNormalization
  private var output: [UInt8] = []
  private var step: [UInt8] = []

  package init(_ rules: ObjectNormalization) { self.rules = rules }

  /// Whether any rule applies to objects of `kind`.
  package func applies(to kind: ObjectKind) -> Bool {
    switch kind {
    case .url: !rules.isDisjoint(with: [.urlDomain, .stripTracking])
    case .hashtag: rules.contains(.hashtagCase)
    case .other: false
    case .any: !rules.isEmpty
    }
  }

  /// Calls `body` with `value` rewritten by the rules that apply to `kind`
  /// (or with `value` itself when none does).
  /// - Complexity: O(length of `value`).
  package mutating func withNormalized<R>(
    _ value: UnsafeBufferPointer<UInt8>, kind: ObjectKind, _ body: (UnsafeBufferPointer<UInt8>) -> R
  ) -> R {
    guard applies(to: kind) else { return body(value) }
    output.removeAll(keepingCapacity: true)
    output.append(contentsOf: value)
    // Without types, a value that starts with # is a hashtag, and any other
    // may be a URL or a hashtag written without its #.
    let hashtag = kind == .any && Self.startsWithNumberSign(value)
    let urls = kind == .url || (kind == .any && !hashtag)
    if urls, rules.contains(.stripTracking) {
      step.removeAll(keepingCapacity: true)
      output.withUnsafeBufferPointer { Self.stripTracking($0, into: &step) }
      swap(&output, &step)
    }
    if urls, rules.contains(.urlDomain) {
      step.removeAll(keepingCapacity: true)
      output.withUnsafeBufferPointer { Self.domain($0, into: &step) }
      swap(&output, &step)
    }
    if kind == .hashtag || kind == .any, rules.contains(.hashtagCase) {
      step.removeAll(keepingCapacity: true)
      output.withUnsafeBufferPointer { Self.foldHashtag($0, into: &step) }
      swap(&output, &step)
    }
    return output.withUnsafeBufferPointer(body)
  }

  /// A copy of `value` normalised as objects of `kind` are.
  package mutating func normalized(_ value: String, kind: ObjectKind) -> String {
    var bytes = Array(value.utf8)
    return bytes.withUnsafeMutableBufferPointer { buffer in
      withNormalized(UnsafeBufferPointer(buffer), kind: kind) {
        String(decoding: $0, as: UTF8.self)
      }
    }
  }

  // MARK: URLs

  private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
  private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

  /// Where the authority (`user@host:port`) of a URL starts: after
  /// `scheme://`, after a leading `//`, or at 0 for a value without either.
  static func authorityStart(_ url: UnsafeBufferPointer<UInt8>) -> Int {
    if url.count >= 2, url[0] == UInt8(ascii: "/"), url[1] == UInt8(ascii: "/") { return 2 }
    guard let first = url.first, isLetter(first) else { return 0 }
    var i = 1
    while i < url.count {
      let byte = url[i]
      if isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        || byte == UInt8(ascii: ".")
      {
        i += 1
        continue
      }
      break
    }
    if i + 2 < url.count, url[i] == UInt8(ascii: ":"), url[i + 1] == UInt8(ascii: "/"),
      url[i + 2] == UInt8(ascii: "/")
    {
      return i + 3
    }
    return 0
  }

  /// The host of `url` as ``ObjectNormalization/urlDomain`` gives it, into
  /// `out`; `url` itself when its host is empty.
  static func domain(_ url: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    let start = authorityStart(url)
    var end = start
    while end < url.count {
      let byte = url[end]
      if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
        || byte == UInt8(ascii: "\\")
      {
        break
      }
      end += 1
    }
    var hostStart = start
    for i in start..<end where url[i] == UInt8(ascii: "@") { hostStart = i + 1 }
    var hostEnd = end
    if hostStart < end, url[hostStart] == UInt8(ascii: "[") {
      // An IPv6 literal keeps its brackets; what follows `]` is the port.
      var close = hostStart
      while close < end, url[close] != UInt8(ascii: "]") { close += 1 }
      hostEnd = min(close + 1, end)
    } else {
      // Ports and trailing dots go until neither is left (`a.b:1.:2` is
      // `a.b`), so that the host of a host is itself. Each step moves left.
      while true {
        var colon = hostEnd
        while colon > hostStart, isDigit(url[colon - 1]) { colon -= 1 }
        if colon > hostStart, url[colon - 1] == UInt8(ascii: ":") {
          hostEnd = colon - 1
        } else if hostEnd > hostStart, url[hostEnd - 1] == UInt8(ascii: ".") {
          hostEnd -= 1
        } else {
          break
        }
      }
    }
    while hostEnd > hostStart, url[hostEnd - 1] == UInt8(ascii: ".") { hostEnd -= 1 }
    // `www.` goes (every leading one) while a dotted name is left: `www.com` stays.
    // The last dot stays where it is as `www.`s go: found once, in linear time.
    var lastDot = hostEnd - 1
    while lastDot >= hostStart, url[lastDot] != UInt8(ascii: ".") { lastDot -= 1 }
    while hostEnd - hostStart > 4, Self.hasWWW(url, at: hostStart), lastDot >= hostStart + 4 {
      hostStart += 4
    }
    guard hostEnd > hostStart else {
      out.append(contentsOf: url)
      return
    }
    for i in hostStart..<hostEnd {
      let byte = url[i]
      out.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
    }
  }

  private static func hasWWW(_ url: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
    url[i] | 0x20 == UInt8(ascii: "w") && url[i + 1] | 0x20 == UInt8(ascii: "w")
      && url[i + 2] | 0x20 == UInt8(ascii: "w") && url[i + 3] == UInt8(ascii: ".")
  }

  /// `url` without its fragment and tracking parameters, into `out`.
  static func stripTracking(_ url: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    var fragment = url.count
    var query = -1
    for i in 0..<url.count {
      if url[i] == UInt8(ascii: "#") {
        fragment = i
        break
      }
      if query < 0, url[i] == UInt8(ascii: "?") { query = i }
    }
    guard query >= 0 else {
      out.append(contentsOf: url[0..<fragment])
      return
    }
    out.append(contentsOf: url[0..<query])
    let queryStart = out.count
    var kept = 0
    var keptNonEmpty = false
    var removed = false
    var pieceStart = query + 1
    var i = pieceStart
    while i <= fragment {
      if i == fragment || url[i] == UInt8(ascii: "&") {
        let piece = UnsafeBufferPointer(rebasing: url[pieceStart..<i])
        if isTracking(piece) {
          removed = true
        } else {
          out.append(kept == 0 ? UInt8(ascii: "?") : UInt8(ascii: "&"))
          out.append(contentsOf: piece)
          kept += 1
          keptNonEmpty = keptNonEmpty || !piece.isEmpty
        }
        pieceStart = i + 1
      }
      i += 1
    }
    // What stripping leaves of `?utm_source=x&` is only the empty piece after
    // the `&`: that query is empty too. A query with nothing removed stays as
    // written, empty pieces and all.
    if removed && !keptNonEmpty { out.removeSubrange(queryStart...) }
  }

  private static let trackingNames: [[UInt8]] = ObjectNormalization.trackingParameters.map {
    Array($0.utf8)
  }

  /// Whether a query parameter (`name=value` or `name`) is a tracking one.
  private static func isTracking(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
    var nameEnd = 0
    while nameEnd < piece.count, piece[nameEnd] != UInt8(ascii: "=") { nameEnd += 1 }
    let name = UnsafeBufferPointer(rebasing: piece[0..<nameEnd])
    func lowered(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }
    if name.count > 4, lowered(name[0]) == UInt8(ascii: "u"), lowered(name[1]) == UInt8(ascii: "t"),
      lowered(name[2]) == UInt8(ascii: "m"), name[3] == UInt8(ascii: "_")
    {
      return true
    }
    return trackingNames.contains { known in
      known.count == name.count && zip(known, name).allSatisfy { $0 == lowered($1) }
    }
  }

  // MARK: Hashtags

  /// Whether `value` starts with `#` or `＃`.
  static func startsWithNumberSign(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
    value.first == UInt8(ascii: "#")
      || (value.count >= 3 && value[0] == 0xEF && value[1] == 0xBC && value[2] == 0x83)
  }

  /// `tag` without one leading `#` or `＃`, case-folded and in NFC, into `out`.
  static func foldHashtag(_ tag: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    // U+FF03 FULLWIDTH NUMBER SIGN is 3 bytes.
    let start = startsWithNumberSign(tag) ? (tag.first == UInt8(ascii: "#") ? 1 : 3) : 0
    let body = UnsafeBufferPointer(rebasing: tag[start...])
    if body.allSatisfy({ $0 < 0x80 }) {
      for byte in body { out.append(byte &- 0x41 < 26 ? byte | 0x20 : byte) }
      return
    }
    guard let text = String(validating: body, as: UTF8.self) else {
      for byte in body { out.append(byte &- 0x41 < 26 ? byte | 0x20 : byte) }
      return
    }
    out.append(
      contentsOf: text.folding(options: [.caseInsensitive], locale: nil)
        .precomposedStringWithCanonicalMapping.utf8)
  }
}

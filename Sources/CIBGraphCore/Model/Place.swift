/// Where a network comes from or what it aims at: a country, written as its
/// ISO 3166-1 alpha-2 code (`PK`, `IN`), or a named region (`Middle East`,
/// `Francophone Africa`).
///
/// Documents hold places as text. Two capital letters are a country code and
/// must be one ISO 3166-1 assigns, or `EU`, `UK` or `XK`, which reports use
/// too: `XX` is refused, so a typo is not read as a region. Any other text is
/// a region's name, kept as written; version 1 documents name countries
/// (`Pakistan`) and read as they are, by the same rule.
package enum Place {
  /// Codes that ISO 3166-1 does not assign to a country but that reports and
  /// other tools write: `EU` and `UK`, which ISO reserves at the European
  /// Union's and the United Kingdom's request (the United Kingdom's assigned
  /// code is `GB`), and `XK`, the user-assigned code the European Commission
  /// and the IMF give Kosovo.
  package static let otherCodes: [(code: String, name: String)] = [
    ("EU", "European Union"), ("UK", "United Kingdom"), ("XK", "Kosovo"),
  ]

  /// Every code a place may be, sorted: ISO 3166-1's and the ``otherCodes``.
  package static let codes: [String] = (countries.map(\.code) + otherCodes.map(\.code)).sorted()

  /// The English name of the country with ISO 3166-1 alpha-2 `code` (or of
  /// the European Union for `EU`, the United Kingdom for `UK`, Kosovo for
  /// `XK`), or `nil` when `code` is none of them.
  /// - Complexity: O(log c) for the c = 249 countries.
  package static func countryName(_ code: String) -> String? {
    var low = 0
    var high = countries.count
    while low < high {
      let middle = (low + high) / 2
      if countries[middle].code < code { low = middle + 1 } else { high = middle }
    }
    if low < countries.count && countries[low].code == code { return countries[low].name }
    return otherCodes.first { $0.code == code }?.name
  }

  /// The ISO 3166-1 alpha-2 code (or ``otherCodes`` code) of the country
  /// `text` names or codes, in any case: `pk`, `Pakistan`, `PAK`, `Russia`,
  /// `USA`; `nil` for a region or unknown text.
  /// - Complexity: O(n) for text of n characters (a hash lookup).
  package static func code(of text: String) -> String? {
    let upper = text.uppercased()
    if looksLikeCountryCode(upper), countryName(upper) != nil { return upper }
    return codeByName[text.lowercased()]
  }

  private static let codeByName: [String: String] = Dictionary(
    countryNames.map { ($0.name, $0.code) }, uniquingKeysWith: { first, _ in first })

  /// Whether `text` has the form of a country code: exactly two ASCII capital letters.
  package static func looksLikeCountryCode(_ text: String) -> Bool {
    text.utf8.count == 2
      && text.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
  }

  /// Why `text` is refused as a place, or `nil` when it is accepted: a code
  /// ISO 3166-1 does not assign, or empty text.
  package static func refusal(_ text: String) -> String? {
    if text.allSatisfy(\.isWhitespace) { return "a place is empty" }
    if looksLikeCountryCode(text), countryName(text) == nil {
      return
        "unknown country code \"\(text)\"; a country is its ISO 3166-1 alpha-2 code (\"PK\", \"US\")"
    }
    return nil
  }

  /// How a place reads in prose: the country's name for a code (`Pakistan`),
  /// the text itself for a region.
  package static func display(_ text: String) -> String {
    looksLikeCountryCode(text) ? countryName(text) ?? text : text
  }
}

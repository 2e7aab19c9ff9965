/// Where a network comes from or what it aims at: a country, written as its
/// ISO 3166-1 alpha-2 code (`PK`, `IN`), or a named region (`Middle East`,
/// `Francophone Africa`).
///
/// Documents hold places as text. Two capital letters are a country code and
/// must be one ISO 3166-1 assigns: `XX` is refused, so a typo is not read as
/// a region. Any other text is a region's name, kept as written; version 1
/// documents name countries (`Pakistan`) and read as they are.
public enum Place {
  /// The English name of the country with ISO 3166-1 alpha-2 `code`, or `nil`
  /// when `code` is not one.
  /// - Complexity: O(log c) for the c = 249 countries.
  public static func countryName(_ code: String) -> String? {
    var low = 0
    var high = countries.count
    while low < high {
      let middle = (low + high) / 2
      if countries[middle].code < code { low = middle + 1 } else { high = middle }
    }
    return low < countries.count && countries[low].code == code ? countries[low].name : nil
  }

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

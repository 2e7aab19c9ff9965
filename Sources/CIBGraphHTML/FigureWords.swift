import CIBGraphAnalysis
import CIBGraphCore

/// Reported figures and audience bounds in the words of a news story.
///
/// A million or more is written in millions when that loses nothing
/// (1,100,000 is "1.1 million"; 1,181,500 stays as it is): the page repeats
/// what sources said, so it rounds nothing the source did not.
package enum FigureWords {
  /// "about 1.1 million", "less than 11,000", "100 to 200", "not given",
  /// "2,100 (hedge unknown)".
  /// - Complexity: O(digits).
  package static func words(_ figure: ReportedFigure) -> String {
    guard let value = figure.value else { return "not given" }
    let number = self.number(value)
    switch figure.qualifier {
    case .exactly: return number
    case .range: return "\(number) to \(figure.upTo.map(self.number) ?? "?")"
    case .notGiven: return "not given"
    case .hedgeUnknown: return "\(number) (hedge unknown)"
    default: return "\(figure.qualifier.prose) \(number)"
    }
  }

  /// 1,100,000 as "1.1 million", 2,000,000 as "2 million"; any number with
  /// digits below the thousands, or under a million, with its digits grouped.
  /// - Complexity: O(digits).
  package static func number(_ value: Int) -> String {
    guard value >= 1_000_000, value % 1_000 == 0 else { return groupedDigits(value) }
    let thousands = value / 1_000
    var fraction = String(thousands % 1_000)
    fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
    while fraction.hasSuffix("0") { fraction.removeLast() }
    let millions = groupedDigits(thousands / 1_000)
    return fraction.isEmpty ? "\(millions) million" : "\(millions).\(fraction) million"
  }

  /// The unique audience in a sentence: "Between about 1.1 million and about
  /// 1.181 million accounts followed or joined at least one of its Pages,
  /// Groups or Instagram accounts."; "At least about 170,000 accounts … Its
  /// Groups' audience is not given, so there is no upper bound."
  /// - Complexity: O(k) in the kinds.
  package static func sentence(_ bounds: AudienceBounds) -> String {
    let nouns = bounds.kinds.map { $0.audienceNoun ?? "followers" }
    let joining = nouns.map { $0 == "members" || $0 == "attendees" }
    let verb =
      joining.allSatisfy { $0 }
      ? "joined" : joining.contains(true) ? "followed or joined" : "followed"
    let kinds = list(bounds.kinds.map(\.pluralLabel), conjunction: "or")
    let rest = " accounts \(verb) at least one of its \(kinds)."
    switch (bounds.lower, bounds.upper) {
    case (let lower?, let upper?) where lower == upper:
      return capitalized(words(lower)) + rest
    case (let lower?, let upper?):
      return "Between \(words(lower)) and \(words(upper))" + rest
    case (let lower?, nil):
      let least =
        [.moreThan, .atLeast].contains(lower.qualifier)
        ? capitalized(words(lower)) : "At least \(words(lower))"
      let why =
        bounds.openBecause.map { " \(capitalized($0)), so there is no upper bound." }
        ?? " A figure has no upper bound (it is \"more than\" or \"at least\")."
      return least + rest + why
    case (nil, let upper?):
      let most =
        upper.qualifier == .lessThan ? capitalized(words(upper)) : "At most \(words(upper))"
      return most + rest
    case (nil, nil):
      return "How many accounts followed or joined its \(kinds) is not known"
        + (bounds.openBecause.map { ": \($0)." } ?? ".")
    }
  }

  /// "Pages", "Pages or Groups", "Pages, Groups or Instagram accounts".
  package static func list(_ items: [String], conjunction: String) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
  }

  private static func capitalized(_ text: String) -> String {
    text.prefix(1).uppercased() + text.dropFirst()
  }
}

import CIBGraphAnalysis
import CIBGraphCore
import CIBGraphSupport

/// Reported figures in the words a newspaper prints: "about 2.8 million",
/// "between 1.1 and 1.18 million accounts followed at least one of its Pages,
/// Groups or Instagram accounts".
///
/// A figure whose hedge a compilation dropped is marked compactly, "211?",
/// rather than spelt out on every node; the legend says what the mark means
/// (the same mark `summary` uses).
package enum FigureWords {
  /// The mark after a figure whose hedge is unknown.
  package static let hedgeUnknownMark = "?"

  /// A whole number a reader takes in at a glance: "70,000", "2.8 million",
  /// "1.181 million". Millions and billions are shortened only when nothing
  /// is lost, or, when the figure is approximate anyway (`rounding`), to
  /// three significant digits ("1.18 million").
  /// - Complexity: O(digits).
  package static func number(_ value: Int, rounding: Bool) -> String {
    let magnitude = value.magnitude
    guard magnitude >= 1_000_000 else { return groupedDigits(value) }
    let (unit, word): (UInt, String) =
      magnitude >= 1_000_000_000 ? (1_000_000_000, "billion") : (1_000_000, "million")
    let sign = value < 0 ? "-" : ""
    guard rounding else {
      // Exact: shortened only when no digit is lost (1,181,000 is 1.181 million).
      let step = unit / 1_000
      guard magnitude % step == 0 else { return groupedDigits(value) }
      return sign + Self.decimal(magnitude / step, places: 3) + " " + word
    }
    // Three significant digits for 1.00 to 999.
    let digits = String(magnitude / unit).count
    let places = max(0, 3 - digits)
    var scale: UInt = 1
    for _ in 0..<places { scale *= 10 }
    let step = unit / scale
    return sign + Self.decimal((magnitude + step / 2) / step, places: places) + " " + word
  }

  /// `scaled` with its last `places` digits after a point, trailing zeros dropped.
  private static func decimal(_ scaled: UInt, places: Int) -> String {
    var scale: UInt = 1
    for _ in 0..<places { scale *= 10 }
    var text = groupedDigits(Int(scaled / scale))
    var fraction = String(scaled % scale)
    fraction = String(repeating: "0", count: max(0, places - fraction.count)) + fraction
    while fraction.hasSuffix("0") { fraction.removeLast() }
    if !fraction.isEmpty { text += "." + fraction }
    return text
  }

  /// `figure` in words: "about 2.8 million", "less than 11,000", "211?",
  /// "100 to 200"; `nil` for a figure not given. `exact` keeps every digit
  /// the source gave and spells out an unknown hedge, for a table of figures
  /// ("about 1,181,500", "211 (hedge unknown)") rather than a drawing's label.
  package static func figure(_ figure: ReportedFigure, exact: Bool = false) -> String? {
    guard let value = figure.value else { return nil }
    let rounding = figure.isApproximate && !exact
    let number = Self.number(value, rounding: rounding)
    switch figure.qualifier {
    case .exactly: return number
    case .hedgeUnknown: return number + (exact ? " (hedge unknown)" : hedgeUnknownMark)
    case .range:
      return "\(number) to \(figure.upTo.map { Self.number($0, rounding: false) } ?? "?")"
    case .notGiven: return nil
    default: return "\(figure.qualifier.prose) \(number)"
    }
  }

  /// "between about 1.1 and 1.18 million": a range in words.
  ///
  /// When either end is approximate both are rounded to three significant
  /// digits (unless `exact`), so that "80,000? and 80,010?" does not claim a
  /// precision the source never had; a range whose ends then print the same
  /// is one figure ("about 12 million"). The hedge is shared when both ends
  /// are "about"; the unit ("million") is shared only when the lower end
  /// carries no mark, which would otherwise sit between number and unit
  /// ("12? and 12.5 million?" reads as twelve).
  /// - Complexity: O(digits).
  package static func between(
    _ lower: ReportedFigure, _ upper: ReportedFigure, exact: Bool = false
  ) -> String {
    guard var low = lower.value, var high = upper.value else { return "unknown" }
    let approximate = (lower.isApproximate || upper.isApproximate) && !exact
    if approximate {
      low = significant(low, digits: 3)
      high = significant(high, digits: 3)
    }
    let lowText = number(low, rounding: approximate)
    let highText = number(high, rounding: approximate)
    let mark = exact ? " (hedge unknown)" : hedgeUnknownMark
    let lowMark = lower.qualifier == .hedgeUnknown ? mark : ""
    let highMark = upper.qualifier == .hedgeUnknown ? mark : ""
    if lowText == highText {
      // One figure: the shared hedge, or "about" when the two ends differ.
      if lower.qualifier == upper.qualifier {
        let hedge = lower.qualifier.prose.isEmpty ? "" : lower.qualifier.prose + " "
        return hedge + lowText + lowMark
      }
      let qualifiers: Set = [lower.qualifier, upper.qualifier]
      return qualifiers == [.hedgeUnknown, .exactly] ? lowText + mark : "about \(lowText)"
    }
    let sameHedge = lower.qualifier == upper.qualifier && lower.qualifier == .about
    var lowWords = lowText
    if lowMark.isEmpty {
      for unit in [" million", " billion"]
      where lowText.hasSuffix(unit) && highText.hasSuffix(unit) {
        lowWords = String(lowText.dropLast(unit.count))
      }
    }
    let lowHedge = sameHedge || lower.qualifier.prose.isEmpty ? "" : lower.qualifier.prose + " "
    let highHedge = upper.qualifier.prose.isEmpty ? "" : upper.qualifier.prose + " "
    return "between \(sameHedge ? "about " : lowHedge)\(lowWords)\(lowMark) and "
      + "\(sameHedge ? "" : highHedge)\(highText)\(highMark)"
  }

  /// `value` rounded to `digits` significant digits: 241,301 → 241,000.
  /// - Complexity: O(digits).
  package static func significant(_ value: Int, digits: Int) -> Int {
    guard value != Int.min else { return value }
    let magnitude = value.magnitude
    var scale: UInt = 1
    var shifted = magnitude
    while shifted >= pow10(digits) {
      shifted /= 10
      scale *= 10
    }
    guard scale > 1 else { return value }
    // Rounds half up without overflowing near the top of Int.
    let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: scale)
    var rounded = quotient + (remainder >= scale / 2 ? 1 : 0)
    let (product, overflow) = rounded.multipliedReportingOverflow(by: scale)
    rounded = overflow || product > UInt(Int.max) ? quotient * scale : product
    return value < 0 ? -Int(rounded) : Int(rounded)
  }

  private static func pow10(_ exponent: Int) -> UInt {
    var result: UInt = 1
    for _ in 0..<exponent { result *= 10 }
    return result
  }

  /// "Pages", "Pages or Groups", "Pages, Groups or Instagram accounts".
  package static func list(_ words: [String], conjunction: String = "or") -> String {
    guard let last = words.last else { return "" }
    guard words.count > 1 else { return last }
    return words.dropLast().joined(separator: ", ") + " \(conjunction) " + last
  }

  /// The verb for accounts that followed or joined assets of `kinds`.
  package static func audienceVerb(_ kinds: [AssetKind]) -> String {
    let joins = kinds.filter(\.audienceIsMembers).count
    return joins == 0 ? "followed" : joins == kinds.count ? "joined" : "followed or joined"
  }

  /// A network's unique audience as a sentence: "Between about 1.1 and 1.18
  /// million accounts followed or joined at least one of its Pages, Groups or
  /// Instagram accounts."; `nil` when it reports no audience it can bound.
  package static func uniqueAudience(_ bounds: AudienceBounds, exact: Bool = false) -> String? {
    let kinds = bounds.kinds.filter { !bounds.notGiven.contains($0) }
    guard !kinds.isEmpty else { return nil }
    let amount: String
    switch (bounds.lower, bounds.upper) {
    case (let lower?, let upper?) where lower == upper:
      guard let text = figure(lower, exact: exact) else { return nil }
      amount = text
    case (let lower?, let upper?): amount = between(lower, upper, exact: exact)
    case (let lower?, nil):
      guard let text = figure(lower, exact: exact) else { return nil }
      amount =
        [.moreThan, .atLeast].contains(lower.qualifier) ? text : "at least \(text)"
    case (nil, let upper?):
      guard let text = figure(upper, exact: exact) else { return nil }
      amount = text
    case (nil, nil): return nil
    }
    let who = bounds.kinds.count == 1 ? "its" : "at least one of its"
    var sentence =
      "\(amount) accounts \(audienceVerb(bounds.kinds)) \(who) "
      + list(bounds.kinds.map(\.pluralLabel))
    if let open = bounds.openBecause { sentence += " (no upper bound: \(open))" }
    return sentence.prefix(1).uppercased() + sentence.dropFirst() + "."
  }

  /// What a cohort's audience figure says, under its count: "followed by
  /// about 2.8 million accounts", "joined by 4,700? accounts", "18,000
  /// subscribers", "audience not given".
  package static func cohortAudience(_ audience: ReportedFigure, kind: AssetKind) -> String {
    guard let text = figure(audience) else { return "audience not given" }
    // Subscribers and attendees are called so; followers and members are
    // said as what they did, so that no one reads a sum of followers.
    if let noun = kind.audienceNoun, !["followers", "members"].contains(noun) {
      return "\(text) \(noun)"
    }
    let verb = kind.audienceIsMembers ? "joined by" : "followed by"
    // A Group has at least the member who made it: zero is a figure not
    // given, as validate's zero-members warning says.
    let notGiven = audience.value == 0 && kind.audienceIsMembers ? " (most likely not given)" : ""
    return "\(verb) \(text) \(noun(for: audience, "account", "accounts"))\(notGiven)"
  }

  /// Whether `figure` is one, so that its noun is singular: "1 Group",
  /// "1? Group", "about 1 Group"; "more than 1 Groups" stays plural.
  package static func isOne(_ figure: ReportedFigure) -> Bool {
    figure.value == 1 && [.exactly, .about, .hedgeUnknown].contains(figure.qualifier)
  }

  /// `singular` for a figure of one (``isOne(_:)``), else `plural`.
  package static func noun(for figure: ReportedFigure, _ singular: String, _ plural: String)
    -> String
  { isOne(figure) ? singular : plural }

  /// Whether `figure` reports none at all: "0", "0?", "about 0".
  package static func isZero(_ figure: ReportedFigure) -> Bool {
    figure.value == 0 && [.exactly, .about, .hedgeUnknown].contains(figure.qualifier)
  }
}

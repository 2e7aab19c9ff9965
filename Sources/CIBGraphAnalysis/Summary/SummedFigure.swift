import CIBGraphCore
import CIBGraphSupport

/// Reported figures of several networks added up, with the hedges they carry.
///
/// Only figures that do not overlap may be added: assets removed (an asset
/// is removed once, by one takedown) and money spent. Audiences overlap and
/// are never summed: see ``TakedownSummary/audience``.
///
/// The sum is kept as bounds: ``lower`` adds every figure's lower bound
/// ("less than" and "not given" add nothing), ``upper`` every figure's upper
/// bound, and is `nil` (no upper bound) once one figure has none ("more
/// than", "at least", "not given").
///
/// `print(sum)` writes it as a sentence would: `57`, `about 2,600`,
/// `between 1,000 and about 1,200`, `at least 600; 1 figure not given`.
///
/// It is not an ``AudienceBounds``, though both are a lower and an upper
/// bound: audiences overlap, so theirs are the largest figure and the sum,
/// each a figure with its own hedge; figures that do not overlap add up at
/// both ends, to `CountSum`s that no sum of counts overflows, under one hedge.
public struct SummedFigure: Sendable, Hashable, CustomStringConvertible {
  /// The sum of the figures' lower bounds.
  public private(set) var lower: CountSum = 0
  /// The sum of the figures' upper bounds; `nil` when one figure has none.
  public private(set) var upper: CountSum? = 0
  /// The hedge the sum carries: `Qualifier.hedgeUnknown` when a figure's
  /// hedge was dropped, else `Qualifier.about` when one is approximate,
  /// else `Qualifier.exactly` (the bounds say the rest).
  public private(set) var hedge: Qualifier = .exactly
  /// How many figures went in, those not given included.
  package private(set) var figures = 0
  /// How many of them the source names but gives no number for.
  package private(set) var notGiven = 0

  /// An empty sum: zero, from no figures.
  package init() {}

  /// Adds `figure` to the sum.
  /// - Complexity: O(1).
  package mutating func add(_ figure: ReportedFigure) {
    figures += 1
    if figure.qualifier == .notGiven { notGiven += 1 }
    lower += CountSum(figure.lowerBound ?? 0)
    if let bound = figure.upperBound, let sum = upper {
      upper = sum + CountSum(bound)
    } else {
      upper = nil
    }
    if figure.qualifier == .hedgeUnknown {
      hedge = .hedgeUnknown
    } else if figure.isApproximate && hedge == .exactly {
      hedge = .about
    }
  }

  /// Adds another sum to this one: the sum of both sums' figures.
  /// - Complexity: O(1).
  package mutating func add(_ other: SummedFigure) {
    figures += other.figures
    notGiven += other.notGiven
    lower += other.lower
    if let sum = upper, let more = other.upper { upper = sum + more } else { upper = nil }
    hedge = Qualifier.ofSum([hedge, other.hedge])
  }

  /// `57`, `about 2,600`, `2,100 (hedge unknown)`; `between L and U` when the
  /// bounds differ; `at least L` when there is no upper bound, with how many
  /// figures are not given.
  public var description: String {
    let text: String
    switch upper {
    case let upper? where upper == lower: text = Self.hedged(lower, hedge)
    case let upper?: text = "between \(Self.hedged(lower, hedge)) and \(Self.hedged(upper, hedge))"
    case nil: text = "at least \(Self.hedged(lower, hedge))"
    }
    guard notGiven > 0 else { return text }
    return text + "; \(counted(notGiven, "figure")) not given"
  }

  /// The sum marked rather than spelt out, for tables and drawings that show
  /// many: `1,234`, `~1,234` (about), `1,234?` (hedge unknown), `1,000–1,200`,
  /// `≥ 600` (no upper bound). The same marks everywhere a reader meets them.
  package var marked: String {
    let mark = hedge == .hedgeUnknown ? "?" : ""
    let about = hedge == .about ? "~" : ""
    let low = about + groupedDigits(lower) + mark
    guard let upper else { return "≥ " + low }
    return upper == lower ? low : low + "–" + about + groupedDigits(upper) + mark
  }

  private static func hedged(_ value: CountSum, _ hedge: Qualifier) -> String {
    switch hedge {
    case .about: "about \(groupedDigits(value))"
    case .hedgeUnknown: "\(groupedDigits(value)) (hedge unknown)"
    default: groupedDigits(value)
    }
  }
}

extension Qualifier {
  /// The hedge a sum of figures so qualified carries: "hedge unknown" when
  /// any is, else "about" when any is, else "less than" when any is (a sum
  /// of upper bounds), else exact.
  /// - Complexity: O(n).
  package static func ofSum(_ qualifiers: some Sequence<Qualifier>) -> Qualifier {
    let all = Set(qualifiers)
    return all.contains(.hedgeUnknown)
      ? .hedgeUnknown
      : all.contains(.about) ? .about : all.contains(.lessThan) ? .lessThan : .exactly
  }
}

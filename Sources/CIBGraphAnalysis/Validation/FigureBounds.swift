import CIBGraphCore

/// One end of what a figure allows, read as a careful reader reads hedges:
/// "less than 1,000" allows at most 1,000 and not 1,000 itself (strict);
/// "about 90,000" is 90,000 give or take 10 %, 81,000 to 99,000, as reports
/// round (approximate), and so is a figure whose hedge a compilation dropped.
struct Bound {
  /// The number the bound is at (wide, so that bounds of several figures add up).
  var value: CountSum
  /// Whether the true value cannot equal ``value`` ("less than", "more than").
  var strict: Bool
  /// Whether the figure is "about" or its hedge unknown.
  var approximate: Bool

  /// A number known exactly: an itemized count.
  static func exactly(_ value: Int) -> Bound {
    Bound(value: CountSum(value), strict: false, approximate: false)
  }

  /// The most `figure` allows; `nil` when it has no upper bound ("more
  /// than", "at least", not given).
  static func most(of figure: ReportedFigure) -> Bound? {
    guard let value = figure.upperBound else { return nil }
    return Bound(
      value: CountSum(value), strict: figure.qualifier == .lessThan,
      approximate: figure.isApproximate)
  }

  /// The least `figure` allows; `nil` when it has no lower bound ("less
  /// than", not given).
  static func least(of figure: ReportedFigure) -> Bound? {
    guard let value = figure.lowerBound else { return nil }
    return Bound(
      value: CountSum(value), strict: figure.qualifier == .moreThan,
      approximate: figure.isApproximate)
  }

  /// What the sum of `figures` can be: its least (a "less than" figure adds
  /// nothing) and its most (`nil` when a figure has no upper bound), each
  /// strict or approximate when one of the figures is.
  static func sum(of figures: [ReportedFigure]) -> (least: Bound, most: Bound?) {
    var least = Bound(value: 0, strict: false, approximate: false)
    var most: Bound? = least
    for figure in figures {
      if let low = Bound.least(of: figure) {
        least.value += low.value
        least.strict = least.strict || low.strict
        least.approximate = least.approximate || low.approximate
      }
      if let high = Bound.most(of: figure), var total = most {
        total.value += high.value
        total.strict = total.strict || high.strict
        total.approximate = total.approximate || high.approximate
        most = total
      } else {
        most = nil
      }
    }
    return (least, most)
  }

  /// How surely "`least` ≤ `most`" fails: `.error` when the two contradict
  /// each other outright, `.warning` when one is approximate and they are
  /// further apart than 10 % of an approximate figure allows, `nil` when they agree.
  static func violation(least: Bound, most: Bound) -> Finding.Severity? {
    if least.approximate || most.approximate {
      // In tenths, so that no count is rounded: 0.9 × least > 1.1 × most.
      let low = least.value * (least.approximate ? 9 : 10)
      let high = most.value * (most.approximate ? 11 : 10)
      return low > high ? .warning : nil
    }
    if least.value > most.value { return .error }
    return least.value == most.value && (least.strict || most.strict) ? .error : nil
  }

  /// What an approximate upper bound allows at most, for a message: " (read
  /// as up to 99,000)"; for a figure whose hedge is unknown, that the lost
  /// hedge could still have been "more than".
  static func allowance(of figure: ReportedFigure) -> String {
    guard let most = Bound.most(of: figure), most.approximate else { return "" }
    let allowed = groupedDigits(most.value * 11 / 10)
    return figure.qualifier == .hedgeUnknown
      ? " (read as up to \(allowed); consistent only if the lost hedge was \"more than\")"
      : " (\"about\" read as up to \(allowed))"
  }
}

import CIBGraphCore
import CIBGraphSupport

/// Bounds on the people several networks reached together, from each
/// network's ``AudienceBounds``.
///
/// One person may follow Pages of two networks, so audiences are never
/// summed into one number: the people reached are at least as many as the
/// largest network's lower bound, and at most the sum of the networks'
/// upper bounds. A network with no upper bound (an audience not given, or
/// given only from below), or with no audience reported at all, leaves the
/// sum open; the description says why.
package struct AudienceBoundsAcrossNetworks: Sendable, Hashable {
  /// The largest network's lower bound; `nil` when no network has one.
  package private(set) var lower: ReportedFigure?
  /// The sum of the networks' upper bounds, hedged as
  /// ``AudienceBounds/upper`` is; `nil` when one network has none.
  package private(set) var upper: ReportedFigure?
  /// How many networks went in.
  package private(set) var networks = 0
  /// How many networks report no audience at all.
  package private(set) var withoutAudience = 0
  /// How many networks report an audience with no upper bound.
  package private(set) var withoutUpperBound = 0

  private var upperSum: CountSum = 0
  private var upperHedges: Set<Qualifier> = []

  /// Bounds over no network: nothing known.
  package init() {}

  /// Adds a network whose unique audience is `bounds` (`nil` when it reports none).
  /// - Complexity: O(1).
  package mutating func add(_ bounds: AudienceBounds?) {
    networks += 1
    guard let bounds else {
      withoutAudience += 1
      upper = nil
      return
    }
    if let candidate = bounds.lower, (lower?.value ?? -1) < (candidate.value ?? 0) {
      lower = candidate
    }
    if let bound = bounds.upper, let value = bound.value {
      upperSum += CountSum(value)
      upperHedges.insert(bound.qualifier)
    } else {
      withoutUpperBound += 1
    }
    upper =
      withoutAudience == 0 && withoutUpperBound == 0 && upperSum <= CountSum(Int.max)
      ? ReportedFigure(Int(upperSum), Qualifier.ofSum(upperHedges)) : nil
  }

  /// Why there is no upper bound: "2 networks report no audience; 1 gives
  /// none from above"; `nil` when there is one (or there are no networks).
  package var openBecause: String? {
    guard upper == nil, networks > 0 else { return nil }
    var reasons: [String] = []
    if withoutAudience > 0 {
      reasons.append(
        "\(counted(withoutAudience, "network")) report\(withoutAudience == 1 ? "s" : "") no audience"
      )
    }
    if withoutUpperBound > 0 {
      reasons.append(
        "\(counted(withoutUpperBound, "network")) give\(withoutUpperBound == 1 ? "s" : "") "
          + "no upper bound on \(withoutUpperBound == 1 ? "its" : "their") audience")
    }
    if reasons.isEmpty { reasons.append("the sum of upper bounds is too large to state") }
    return reasons.joined(separator: "; ")
  }

  /// The bounds as a user reads them: printed, `between about 2,600,000 and
  /// about 3,100,000`; `at least about 2,800,000; no upper bound: 1 network
  /// reports no audience`; `unknown` when no network reports one.
  package var bounds: AudienceBounds {
    AudienceBounds(acrossNetworks: lower, upper: upper, openBecause: openBecause)
  }
}

import CIBGraphCore
import CIBGraphSupport

/// Whether a network's reported total agrees with the counts of the kinds it
/// says it covers: the seed article's "103 Pages, Groups and accounts" whose
/// parts add up to 53.
///
/// The validator reports a disagreement as `total-mismatch`; a drawing flags
/// the total so that a reader sees it does not add up.
package struct TotalReconciliation: Sendable {
  /// The covered kinds and their reported counts, in kind order.
  package let parts: [(kind: AssetKind, figure: ReportedFigure)]
  /// What the parts add up to, as a message shows it: `53`, `about 53`,
  /// `50 to 60`, `at least 50`.
  package let partsSum: String
  /// How surely the total and its parts disagree: `.error` when they
  /// contradict each other outright, `.warning` when an approximate figure
  /// is further off than its hedge allows.
  package let severity: Finding.Severity
  /// Whether a part or the total is hedged (not an exact figure).
  package let hedged: Bool

  /// The disagreement of `network`'s total with its parts; `nil` when they
  /// agree, or when there is no total, no covered kind, or a covered kind
  /// with no count to add.
  /// - Complexity: O(k) for k covered kinds.
  package init?(_ network: Network) {
    guard let total = network.reported.total, total.figure.value != nil, !total.covers.isEmpty,
      total.covers.allSatisfy({ network.reported.counts[$0]?.value != nil })
    else { return nil }
    let parts = total.covers.sorted().map { ($0, network.reported.counts[$0]!) }
    let sum = Bound.sum(of: parts.map(\.1))
    var severity: Finding.Severity?
    if let most = Bound.most(of: total.figure) {
      severity = Bound.violation(least: sum.least, most: most)
    }
    if let least = Bound.least(of: total.figure), let most = sum.most,
      let found = Bound.violation(least: least, most: most)
    {
      severity = max(severity ?? found, found)
    }
    guard let severity else { return nil }
    self.parts = parts
    self.severity = severity
    partsSum = DocumentCheck.describe(sum)
    hedged = parts.contains { $0.1.qualifier != .exactly } || total.figure.qualifier != .exactly
  }
}

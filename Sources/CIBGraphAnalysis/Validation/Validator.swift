import CIBGraphCore
import CIBGraphSupport

/// Checks a document for what a careful reader of a takedown report would
/// catch: totals that do not add up, itemized data that exceeds what was
/// reported, references to nothing, identifiers used twice, figures without
/// a source.
///
/// ```swift
/// let findings = Validator.validate(document)
/// let failed = findings.contains { $0.severity == .error }
/// ```
public enum Validator {
  /// Every finding about one document, in document order.
  /// - Parameters:
  ///   - document: The document to check.
  ///   - locations: Where to find paths in the document's file, so findings
  ///     and their messages can point at lines. Without it, findings carry
  ///     paths only.
  /// - Complexity: O(n + m) hash lookups over assets and relations, plus
  ///   O(o²) over o organisations for nesting cycles.
  public static func validate(_ document: NetworkDocument, locations: DocumentLocations? = nil)
    -> [Finding]
  {
    var check = DocumentCheck(document: document, locations: locations)
    check.run()
    guard let locations else { return check.findings }
    return check.findings.map { $0.resolved(by: locations) }
  }

  /// Findings from comparing documents: each count or audience that
  /// documents describing the same network (the same `id`) give
  /// differently, and each actor (the same organisation `id`) they define
  /// differently.
  ///
  /// The platform's own report outranks a retelling: a disagreement between
  /// a primary and a secondary document is reported on the secondary one,
  /// naming the primary source. Two primary documents that disagree are each
  /// reported, as primary sources, and so are two secondary ones when no
  /// primary document gives the figure. The findings are the same whatever
  /// the order of `documents`; only their document indices follow it.
  /// - Returns: Pairs of the index of the document a finding is about and
  ///   the finding, ordered by document.
  /// - Complexity: O(k²) comparisons for each network or actor that k
  ///   documents describe, O(total networks and actors) hash lookups besides.
  public static func compare(_ documents: [NetworkDocument]) -> [(document: Int, finding: Finding)]
  {
    DocumentComparison(documents: documents).findings()
  }
}

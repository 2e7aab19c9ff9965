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
  public static func validate(_ document: NetworkDocument, locations: (any LocationResolver)? = nil)
    -> [Finding]
  {
    var check = DocumentCheck(document: document, locations: locations)
    check.run()
    guard let locations else { return check.findings }
    return check.findings.map { $0.resolved(by: locations) }
  }

  /// Findings from comparing documents that describe the same network (the
  /// same `id`): each count or audience one gives differently from
  /// another, reported on the secondary account (a news article) rather than
  /// on the platform's own report.
  /// - Returns: Pairs of the index of the document a finding is about and the finding.
  /// - Complexity: O(total networks) hash lookups.
  public static func compare(_ documents: [NetworkDocument]) -> [(document: Int, finding: Finding)]
  {
    typealias Place = (document: Int, network: Int)
    var firstSeen: [ByteExactID: Place] = [:]
    var results: [(document: Int, finding: Finding)] = []
    for (d, document) in documents.enumerated() {
      for (n, network) in document.networks.enumerated() {
        guard let earlier = firstSeen[ByteExactID(network.id)] else {
          firstSeen[ByteExactID(network.id)] = (d, n)
          continue
        }
        var subject: Place = (d, n)
        var reference = earlier
        if document.report.kind == .primary && documents[earlier.document].report.kind == .secondary
        {
          swap(&subject, &reference)
        }
        for finding in disagreements(documents, subject: subject, reference: reference) {
          results.append((subject.document, finding))
        }
      }
    }
    return results
  }

  private static func disagreements(
    _ documents: [NetworkDocument], subject: (document: Int, network: Int),
    reference: (document: Int, network: Int)
  ) -> [Finding] {
    let subjectReport = documents[subject.document].report
    let subjectNetwork = documents[subject.document].networks[subject.network]
    let referenceReport = documents[reference.document].report
    let referenceNetwork = documents[reference.document].networks[reference.network]
    let referenceName =
      referenceReport.kind == .primary
      ? "the primary source (\(referenceReport.publisher))" : referenceReport.publisher
    let base = ModelPath([.key("networks"), .index(subject.network), .key("reported")])
    var findings: [Finding] = []
    let tables = [
      ("counts", subjectNetwork.reported.counts, referenceNetwork.reported.counts),
      ("audiences", subjectNetwork.reported.audiences, referenceNetwork.reported.audiences),
    ]
    for (table, mine, theirs) in tables {
      for (kind, figure) in mine.entries {
        guard let other = theirs[kind],
          other.value != figure.value || other.qualifier != figure.qualifier
        else { continue }
        let what =
          table == "counts"
          ? "\(kind.pluralLabel)" : "as the \(kind.pluralLabel) ≥1 audience"
        findings.append(
          Finding(
            .warning, "sources-disagree",
            "\(subjectReport.publisher) gives \(figure.text) \(what) of \"\(subjectNetwork.name)\"; "
              + "\(referenceName) gives \(other.text)",
            path: base.key(table).key(kind.name)))
      }
    }
    return findings
  }

}

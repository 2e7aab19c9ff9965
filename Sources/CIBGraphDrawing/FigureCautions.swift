import CIBGraphAnalysis
import CIBGraphCore

/// The warnings of `validate` a reader of a figure should see beside the
/// figures they concern, each one short line: a report date its address
/// contradicts (under the title), a zero that is most likely not given, an
/// audience most likely lost in transcription, an ad budget that is most
/// likely an upper bound (on the network's card).
struct FigureCautions {
  /// Per network of the document, in order.
  private(set) var networks: [[String]]
  /// About the report itself.
  private(set) var report: [String] = []

  /// - Complexity: that of ``Validator/validate(_:locations:)``, O(n + m).
  init(document: NetworkDocument) {
    networks = Array(repeating: [], count: document.networks.count)
    var seen = Set<String>()
    for finding in Validator.validate(document) where finding.severity == .warning {
      guard let components = finding.path?.components else { continue }
      if finding.code == "url-date-mismatch" {
        // A source dated as the report with the report's address says the same again.
        let text = "⚠ " + finding.message
        if seen.insert(Self.withoutSubject(finding.message)).inserted { report.append(text) }
        continue
      }
      guard components.count >= 2, case .key("networks") = components[0],
        case .index(let index) = components[1], networks.indices.contains(index)
      else { continue }
      let network = document.networks[index]
      let kind: AssetKind? = components.last.flatMap { last in
        guard case .key(let name) = last else { return nil }
        return
          (network.reported.counts.entries.map(\.kind)
          + network.reported.audiences.entries.map(\.kind)).first { $0.name == name }
      }
      if let text = Self.caution(finding.code, kind: kind, network: network) {
        networks[index].append(text)
      }
    }
  }

  /// The line for a warning about a network, or `nil` for one not shown.
  private static func caution(_ code: String, kind: AssetKind?, network: Network) -> String? {
    switch code {
    case "zero-members":
      guard let kind, let audience = network.reported.audiences[kind],
        let text = FigureWords.figure(audience)
      else { return nil }
      return "⚠ \(kind.pluralLabel) joined by \(text) accounts: most likely a figure not given"
    case "audience-missing":
      guard let kind else { return nil }
      return
        "⚠ No figure for the \(kind.pluralLabel)' \(kind.audienceWord): most likely lost in transcription"
    case "tiny-ad-budget":
      guard let ads = network.adSpend, let text = FigureWords.figure(ads.amount),
        let value = ads.amount.value
      else { return nil }
      return
        "⚠ Ad spend \(text) \(ads.currency): most likely “less than \(value) \(ads.currency)”, an upper bound"
    default: return nil
    }
  }

  /// "is dated …, but its address is from …" without who is dated.
  private static func withoutSubject(_ message: String) -> String {
    guard let range = message.range(of: " is dated ") else { return message }
    return String(message[range.lowerBound...])
  }
}

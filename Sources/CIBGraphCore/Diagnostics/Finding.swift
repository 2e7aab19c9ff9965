import CIBGraphSupport

/// Something `Validator` or a reader noticed about an input.
///
/// `print(finding)` writes it as compilers write a diagnostic, so that
/// editors can jump to the place:
/// `report.json:42:21: error: the reported total 103 does not match its parts: … [total-mismatch]`.
public struct Finding: Sendable, Hashable, CustomStringConvertible {
  /// How much a finding matters.
  public enum Severity: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// Worth knowing; nothing is wrong (an itemized subset of a larger network).
    case info
    /// Suspicious, or inconsistent within the hedges of the figures.
    case warning
    /// Wrong: the data contradicts itself or cannot be used as it is.
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
      allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
  }

  /// How much the finding matters.
  public var severity: Severity
  /// A stable identifier of the check, for scripts: `total-mismatch`, `dangling-reference`.
  public var code: String
  /// One sentence for people.
  public var message: String
  /// Where in the document, as a path; `nil` for the document as a whole.
  package var path: ModelPath?
  /// Where in the file, once resolved (see ``DocumentLocations``).
  public var location: SourceLocation?
  /// Whether the finding makes the data unfit to compute on (a dangling
  /// reference, a duplicate identifier, a bad row), as opposed to an
  /// inconsistency between the figures a source reports.
  public var isStructural: Bool

  package init(
    _ severity: Severity, _ code: String, _ message: String, path: ModelPath? = nil,
    location: SourceLocation? = nil, structural: Bool = false
  ) {
    self.severity = severity
    self.code = code
    self.message = message
    self.path = path
    self.location = location
    self.isStructural = structural
  }
}

/// Turns paths into a document into places in its file: each format's
/// readers know their own files.
package protocol LocationResolver: Sendable {
  /// The location of the value at `path`.
  func location(of path: ModelPath) -> SourceLocation
}

/// Where a document's values are in the file (or files) it was read from, as
/// a reader gives them (`LoadedDocument.locations`): given to `Validator`,
/// each finding points at a line and column of the file.
///
/// What it holds depends on the format read; a library user passes it on.
public struct DocumentLocations: Sendable, LocationResolver {
  /// The format's own resolver.
  package let resolver: any LocationResolver

  /// The locations `resolver` gives.
  package init(_ resolver: any LocationResolver) { self.resolver = resolver }

  /// The location of the value at `path`.
  /// - Complexity: That of the format's resolver.
  package func location(of path: ModelPath) -> SourceLocation { resolver.location(of: path) }
}

extension Finding {
  /// `file:line:column: severity: path: message [code]`, the form compilers
  /// use (an informational finding is a `note`), with what the input knows
  /// of the place; control characters and bidirectional overrides in names
  /// are shown as escapes (`\e`, `\u{202E}`), so printing a finding about
  /// hostile data is safe.
  public var description: String {
    var text = ""
    if let location { text += "\(location): " }
    text += (severity == .info ? "note" : severity.rawValue) + ": "
    if let path = location.map(\.path) ?? path, !path.components.isEmpty { text += "\(path): " }
    return VisibleText.safe(text + message + " [\(code)]")
  }

  /// This finding with its ``location`` filled in, unless it already has one.
  package func resolved(by resolver: any LocationResolver) -> Finding {
    guard location == nil else { return self }
    var copy = self
    copy.location = resolver.location(of: path ?? ModelPath())
    return copy
  }
}

/// The words of findings that both ``Validator`` and a reader make (the
/// spreadsheet graph reader finds what the validator finds in a document),
/// written once so that the two say the same thing.
package enum FindingMessage {
  /// An asset identifier defined twice in one network; `place` says where
  /// the first definition is (`line 3`, or a path).
  package static func idDefinedTwice(_ id: String, network: String, firstAt place: String)
    -> String
  {
    "id \"\(id)\" is defined twice in network \"\(network)\" (first at \(place))"
  }

  /// An end of a relation that names no asset or organisation; `hint` may
  /// add why (a spelling that differs only by Unicode normalisation).
  package static func danglingEnd(
    _ end: String, _ id: String, of type: RelationType, hint: String = ""
  ) -> String {
    let article = "aeiou".contains(type.rawValue.prefix(1)) ? "an" : "a"
    return
      "\(end) \"\(id)\" of \(article) \(type.rawValue) relation is neither an asset nor an organisation of this document\(hint)"
  }
}

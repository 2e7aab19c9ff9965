import CIBGraphCore
import CIBGraphSupport

/// What changed between two documents describing the same networks: two
/// versions of a report, or a report and a news article about it.
///
/// Networks, organisations, sources, declared kinds, itemized assets and
/// subsets are matched by id (subsets by label), the first use of an id in
/// one document with the first in the other, the second with the second;
/// relations by their two ends and type. Every value the model holds is
/// compared, strings byte for byte: a document compared with itself has no
/// changes, and neither has one compared with its re-encoding (`convert
/// --to json`), whose places stay as written. Places compare by what they
/// name, so a version 1 `Pakistan` is a version 2 `PK`.
///
/// ```swift
/// let diff = DocumentDiff(from: article, to: report)
/// for change in diff.changes { print(change) }
/// // networks[pk-ispr-2019-04].reported.counts.account: 7 from seed-000 → 57 from meta-2019-04
/// ```
public struct DocumentDiff: Sendable, Hashable {
  /// Every change, in the order of the first document (its report, declared
  /// kinds, organisations, then networks, each item's values in the
  /// format's order), with what only the second document has after what
  /// both have, in the second document's order.
  public let changes: [Change]
  /// How many networks both documents describe (the same id). None, when
  /// both describe some, probably means they are not about the same networks.
  public let networksInBoth: Int

  /// The changes from `a` to `b`.
  /// - Complexity: O(n) hash lookups in the size of the two documents, plus
  ///   O(k log k) to order the k kinds each figure table gives.
  public init(from a: NetworkDocument, to b: NetworkDocument) {
    var builder = DiffBuilder()
    builder.compareDocuments(a, b)
    changes = builder.changes
    networksInBoth = builder.networksInBoth
  }

  /// One value that differs, or an item only one document has.
  ///
  /// `print(change)` writes `networks[pk].reported.counts.account: 57 → 7`;
  /// a side without the value reads `none`.
  public struct Change: Sendable, Hashable, CustomStringConvertible {
    /// What a change is about: the report, or an item of the document by id.
    package enum Item: Sendable, Hashable {
      /// The report's own metadata (title, publisher, dates, notes).
      case report
      /// A kind the document declares, by name.
      case kind(String)
      /// A source of the report, by id.
      case source(String)
      /// An organisation (or person, or movement), by id.
      case organization(String)
      /// A network, by id.
      case network(String)
    }

    /// A value as a document holds it.
    package enum Value: Sendable, Hashable {
      /// A reported figure, with its hedge, source and note.
      case figure(ReportedFigure)
      /// Free text: a name, a statement, a note.
      case text(String)
      /// Several texts, in order: aliases, places, notes.
      case list([String])
      /// A count of one asset's followers or members.
      case number(Int)
      /// A word of the format or an id: a kind, a qualifier, a date, a source id;
      /// for an item one document lacks, what the item is (`network "Pakistan, ISPR"`).
      case word(String)
    }

    /// The item the change is in.
    package let item: Item
    /// The value within the item, as a path (`reported.counts.account`,
    /// `assets[p1].followers`); empty when the item itself is in one
    /// document only.
    package let field: String
    /// The value in the first document; `nil` when it has none.
    package let a: Value?
    /// The value in the second document; `nil` when it has none.
    package let b: Value?
    /// Where the value is in the first document; `nil` when it has none.
    package let pathInA: ModelPath?
    /// Where the value is in the second document; `nil` when it has none.
    package let pathInB: ModelPath?

    /// The item and field: `networks[pk-ispr-2019-04].reported.counts.account`.
    /// - Complexity: O(length of the id and field).
    package var label: String {
      let prefix =
        switch item {
        case .report: "report"
        case .kind(let name): "kinds[\(name)]"
        case .source(let id): "report.sources[\(id)]"
        case .organization(let id): "organizations[\(id)]"
        case .network(let id): "networks[\(id)]"
        }
      if field.isEmpty { return prefix }
      return prefix + (field.hasPrefix("[") ? "" : ".") + field
    }

    /// `label: a → b`, each side written as a reviewer reads it (a figure
    /// with its hedge, `about 2,800,000`; text quoted) and `none` for a side
    /// without the value; control characters and bidirectional overrides
    /// are shown as escapes.
    /// - Complexity: O(length of the values).
    public var description: String {
      VisibleText.safe("\(label): \(text(ofA: true) ?? "none") → \(text(ofA: false) ?? "none")")
    }

    /// One side's value as a reviewer reads it, `nil` when that side has
    /// none: a figure as a report writes it ("about 2,800,000"), followed by
    /// its source and note where they differ from the other side's
    /// (`57 from meta-2019-04`); text in quotation marks, with `"` and `\`
    /// escaped; a list as its items, quoted, separated by commas.
    /// - Parameter ofA: Whether to write the first document's side.
    /// - Complexity: O(length of the values).
    package func text(ofA: Bool) -> String? {
      guard let value = ofA ? a : b else { return nil }
      let other = ofA ? b : a
      switch value {
      case .figure(let figure):
        var text = figure.text
        let otherFigure: ReportedFigure? =
          if case .figure(let figure) = other { figure } else { nil }
        if !sameText(figure.source, otherFigure?.source) {
          text += figure.source.map { " from \($0)" } ?? " from no source"
        }
        if !sameText(figure.note, otherFigure?.note) {
          text += figure.note.map { ", note \(quotedText($0))" } ?? ", no note"
        }
        return text
      case .text(let text): return quotedText(text)
      case .list(let items): return items.map(quotedText).joined(separator: ", ")
      case .number(let number): return groupedDigits(number)
      case .word(let word): return word
      }
    }

  }
}

/// Whether two optional texts have the same bytes.
func sameText(_ a: String?, _ b: String?) -> Bool {
  switch (a, b) {
  case (nil, nil): true
  case (let x?, let y?): x.hasSameBytes(as: y)
  default: false
  }
}

/// `text` in quotation marks, its `"` and `\` escaped with `\`, so that
/// where it ends is never in doubt.
/// - Complexity: O(length).
func quotedText(_ text: String) -> String {
  var escaped = "\""
  // Scalar by scalar: `"` followed by a combining mark is one character
  // that is not equal to `"`.
  for scalar in text.unicodeScalars {
    if scalar == "\"" || scalar == "\\" { escaped.append("\\") }
    escaped.unicodeScalars.append(scalar)
  }
  return escaped + "\""
}

import CIBGraphSupport

/// How a report hedges a number: "about 2.8 million", "less than 11,000".
public enum Qualifier: String, CaseIterable, Codable, Sendable, Hashable {
  /// The number as given, with no hedge.
  case exactly
  /// "about N": an approximation, true value near N.
  case about
  /// "less than N": an upper bound only.
  case lessThan
  /// "more than N": a lower bound only.
  case moreThan

  /// The words put before a number in prose ("about", "less than"); empty for ``exactly``.
  package var prose: String {
    switch self {
    case .exactly: ""
    case .about: "about"
    case .lessThan: "less than"
    case .moreThan: "more than"
    }
  }
}

/// A number as a report states it, with its hedge and where it comes from.
///
/// In a JSON document: `{"value": 2800000, "qualifier": "about", "source": "meta-2019-04"}`.
/// `qualifier` defaults to `exactly` when omitted; `source` names one of the
/// report's ``Source``s; `note` holds anything worth keeping about the figure.
///
/// `print(figure)` writes it as a report would: `about 2,800,000`.
public struct ReportedFigure: Sendable, Hashable, CustomStringConvertible {
  /// The number. Negative values are representable so that `Validator`
  /// can report them; a decoded document never holds one.
  public var value: Int
  /// The hedge: exactly, about, less than or more than ``value``.
  public var qualifier: Qualifier
  /// The ``Source/id`` of the document this figure was taken from.
  public var source: String?
  /// Free text: the exact wording, a caveat.
  public var note: String?

  /// A figure of `value`, hedged by `qualifier`, taken from the ``Source``
  /// whose id is `source`.
  public init(
    _ value: Int, _ qualifier: Qualifier = .exactly, source: String? = nil, note: String? = nil
  ) {
    self.value = value
    self.qualifier = qualifier
    self.source = source
    self.note = note
  }

  /// Whether this figure says the true value is at least ``value`` (exact, about or more than).
  package var boundsFromBelow: Bool { qualifier != .lessThan }
  /// Whether this figure says the true value is at most ``value`` (exact, about or less than).
  package var boundsFromAbove: Bool { qualifier != .moreThan }
}

extension ReportedFigure: Codable {
  enum CodingKeys: String, CodingKey { case value, qualifier, source, note }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let value = try container.decodeRequiredCount(forKey: .value)
    self.value = value
    qualifier = try container.decodeIfPresent(Qualifier.self, forKey: .qualifier) ?? .exactly
    source = try container.decodeIfPresent(String.self, forKey: .source)
    note = try container.decodeIfPresent(String.self, forKey: .note)
  }
}

extension ReportedFigure {
  /// The figure as a report would write it: "about 2,800,000", "less than 11,000", "57".
  public var description: String {
    let number = groupedDigits(value)
    return qualifier == .exactly ? number : "\(qualifier.prose) \(number)"
  }

  /// The figure as a report would write it (``description``), for the tool's outputs.
  package var text: String { description }
}

/// A whole number with commas between groups of three digits: 2,800,000.
/// Independent of the locale, so output is the same on every machine.
package func groupedDigits(_ value: some BinaryInteger) -> String {
  let digits = String(value.magnitude)
  var text = ""
  for (i, digit) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { text.append(",") }
    text.append(digit)
  }
  return value < 0 ? "-" + text : text
}

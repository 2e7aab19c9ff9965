import CIBGraphSupport

/// How a report hedges a number: "about 2.8 million", "less than 11,000",
/// or that it gives no number at all.
public enum Qualifier: String, CaseIterable, Sendable, Hashable {
  /// The number as given, with no hedge. Exactly zero is a true zero.
  case exactly
  /// "about N": an approximation, true value near N.
  case about
  /// "less than N": an upper bound only.
  case lessThan
  /// "more than N": a lower bound only.
  case moreThan
  /// "at least N": a lower bound that N itself meets.
  case atLeast
  /// "N to M": both ends given (``ReportedFigure/upTo`` holds M).
  case range
  /// The source names the kind but gives no figure ("546 Groups", with no
  /// member count): unknown, which is not zero. A figure so qualified has no
  /// value.
  case notGiven
  /// The number comes from a compilation that dropped the source's hedges:
  /// it may have been "about", "less than" or "more than". Used like
  /// ``about`` and marked as such wherever it is shown.
  case hedgeUnknown

  /// The words put before a number in prose ("about", "less than"); empty
  /// for the qualifiers written otherwise.
  package var prose: String {
    switch self {
    case .exactly, .range, .notGiven, .hedgeUnknown: ""
    case .about: "about"
    case .lessThan: "less than"
    case .moreThan: "more than"
    case .atLeast: "at least"
    }
  }
}

/// A number as a report states it, with its hedge and where it comes from.
///
/// In a JSON document: `{"value": 2800000, "qualifier": "about", "source": "meta-2019-04"}`.
/// `qualifier` defaults to `exactly` when omitted; a range gives its high end
/// in `upTo` (`{"value": 100, "qualifier": "range", "upTo": 200}`); a figure
/// the source does not give is `{"qualifier": "notGiven"}`, with no value.
/// `source` names one of the report's ``Source``s; `note` holds anything
/// worth keeping about the figure.
///
/// `print(figure)` writes it as a report would: `about 2,800,000`, `100 to
/// 200`, `not given`, `2,100 (hedge unknown)`.
public struct ReportedFigure: Sendable, Hashable, CustomStringConvertible {
  /// The number (the low end of a range); `nil` exactly when the figure is
  /// ``Qualifier/notGiven``. Negative values are representable so that
  /// `Validator` can report them; a decoded document never holds one.
  public var value: Int?
  /// The hedge: exactly, about, less than, more than, at least, a range, not
  /// given, or a hedge the compilation dropped.
  public var qualifier: Qualifier
  /// The high end of a ``Qualifier/range``; `nil` otherwise.
  public var upTo: Int?
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

  /// A range from `low` to `high`.
  public static func range(
    _ low: Int, _ high: Int, source: String? = nil, note: String? = nil
  ) -> ReportedFigure {
    var figure = ReportedFigure(low, .range, source: source, note: note)
    figure.upTo = high
    return figure
  }

  /// A figure the source does not give.
  public static func notGiven(source: String? = nil, note: String? = nil) -> ReportedFigure {
    var figure = ReportedFigure(0, .notGiven, source: source, note: note)
    figure.value = nil
    return figure
  }

  /// The least the true value can be, by this figure: the value of an exact,
  /// "about", "more than", "at least" or hedge-unknown figure, the low end of
  /// a range; `nil` for "less than" and "not given".
  package var lowerBound: Int? {
    switch qualifier {
    case .lessThan, .notGiven: nil
    default: value
    }
  }

  /// The most the true value can be, by this figure: the value of an exact,
  /// "about", "less than" or hedge-unknown figure, the high end of a range;
  /// `nil` (no upper bound) for "more than", "at least" and "not given".
  package var upperBound: Int? {
    switch qualifier {
    case .moreThan, .atLeast, .notGiven: nil
    case .range: upTo
    default: value
    }
  }

  /// Whether this figure says the true value is at least some number.
  package var boundsFromBelow: Bool { lowerBound != nil }
  /// Whether this figure says the true value is at most some number.
  package var boundsFromAbove: Bool { upperBound != nil }
  /// Whether the figure is approximate ("about" or with its hedge unknown),
  /// so that what is built from it is approximate too.
  package var isApproximate: Bool { qualifier == .about || qualifier == .hedgeUnknown }
}

extension ReportedFigure {
  /// The figure as a report would write it: "about 2,800,000", "less than
  /// 11,000", "57", "100 to 200", "not given", "2,100 (hedge unknown)".
  public var description: String {
    guard let value else { return "not given" }
    let number = groupedDigits(value)
    switch qualifier {
    case .exactly: return number
    case .range: return "\(number) to \(upTo.map(groupedDigits) ?? "?")"
    case .notGiven: return "not given"
    case .hedgeUnknown: return "\(number) (hedge unknown)"
    default: return "\(qualifier.prose) \(number)"
    }
  }

  /// The figure as a report would write it (``description``), for the tool's outputs.
  package var text: String { description }
}

/// A count and its noun, in the singular for one: "1 pair", "2,800 pairs".
/// - Parameters:
///   - value: The count, written with ``groupedDigits(_:)``.
///   - singular: The noun for one ("distinct object").
///   - plural: The noun for any other count; `singular` + "s" when not given.
/// - Complexity: O(digits).
package func counted(_ value: some BinaryInteger, _ singular: String, _ plural: String? = nil)
  -> String
{
  "\(groupedDigits(value)) \(value == 1 ? singular : plural ?? singular + "s")"
}

/// A whole number with commas between groups of three digits: 2,800,000.
/// Independent of the locale, so output is the same on every machine.
/// - Complexity: O(digits), byte by byte: drawings write it for millions of assets.
package func groupedDigits(_ value: some BinaryInteger) -> String {
  var digits = String(value.magnitude)
  let count = digits.utf8.count
  let sign = value < 0 ? 1 : 0
  return digits.withUTF8 { digits in
    String(unsafeUninitializedCapacity: sign + count + (count - 1) / 3) { text in
      var end = 0
      if sign == 1 {
        text[end] = UInt8(ascii: "-")
        end += 1
      }
      for (i, digit) in digits.enumerated() {
        if i > 0 && (count - i) % 3 == 0 {
          text[end] = UInt8(ascii: ",")
          end += 1
        }
        text[end] = digit
        end += 1
      }
      return end
    }
  }
}

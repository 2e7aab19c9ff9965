import CIBGraph

/// How reported figures are written in every output format.
enum FigureText {
  /// "about 2,800,000", "less than 11,000", "57".
  static func text(_ figure: ReportedFigure) -> String { figure.text }

  /// The value and qualifier cells of a CSV row (empty when there is no figure).
  static func csv(_ figure: ReportedFigure?) -> [CSVWriter.Cell] {
    guard let figure else { return [.empty, .empty] }
    return [figure.value.map { .number($0) } ?? .empty, .text(figure.qualifier.rawValue)]
  }
}

/// A reported figure in JSON: `{"value": 2800000, "qualifier": "about",
/// "text": "about 2,800,000", "source": "…"}`; `value` is `null` for a
/// figure not given, and a range has its high end in `upTo`.
struct FigureJSON: Encodable {
  var value: Int?
  var qualifier: String
  @OmittedWhenNil var upTo: Int?
  var text: String
  var source: String?

  init(_ figure: ReportedFigure) {
    value = figure.value
    upTo = figure.upTo
    qualifier = figure.qualifier.rawValue
    text = FigureText.text(figure)
    source = figure.source
  }
}

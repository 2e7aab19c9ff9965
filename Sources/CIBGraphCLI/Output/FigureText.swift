import CIBGraph

/// How reported figures are written in every output format.
enum FigureText {
  /// "about 2,800,000", "less than 11,000", "57".
  static func text(_ figure: ReportedFigure) -> String { figure.text }

  /// `{"value": 2800000, "qualifier": "about", "text": "about 2,800,000", "source": "…"}`, or null.
  static func json(_ figure: ReportedFigure?) -> JSONValue {
    guard let figure else { return .null }
    return .object([
      ("value", .int(figure.value)),
      ("qualifier", .string(figure.qualifier.rawValue)),
      ("text", .string(text(figure))),
      ("source", figure.source.map(JSONValue.string) ?? .null),
    ])
  }

  /// The value and qualifier cells of a CSV row (empty when there is no figure).
  static func csv(_ figure: ReportedFigure?) -> [CSVWriter.Cell] {
    guard let figure else { return [.empty, .empty] }
    return [.number(figure.value), .text(figure.qualifier.rawValue)]
  }
}

import CIBGraphSupport

/// A label of several lines in Graphviz's HTML-like markup, each line with
/// its own size, weight and colour: a network's card, a figure's title.
///
/// Every line is text, escaped (``DOTText/htmlText(_:limit:)``), so a name
/// from the data is shown and never read as markup; the label stops, with a
/// "…", before Graphviz's limit on the length of a string.
struct HTMLLabel {
  /// How the lines are aligned.
  enum Alignment { case center, left }

  let alignment: Alignment
  private var body = ""
  private var full = false

  /// The longest markup kept, in bytes: under Graphviz's 16 KB per string.
  static let maxBytes = 12_000

  init(alignment: Alignment = .center) { self.alignment = alignment }

  /// Adds a line of text (cut with "…" past 200 characters).
  /// - Complexity: O(n) in the text.
  mutating func line(
    _ text: String, size: Double? = nil, bold: Bool = false, italic: Bool = false,
    color: String? = nil
  ) {
    guard !full else { return }
    var markup = DOTText.htmlText(text)
    if markup.isEmpty { markup = " " }
    if bold { markup = "<B>\(markup)</B>" }
    if italic { markup = "<I>\(markup)</I>" }
    var font: [String] = []
    if let size { font.append("POINT-SIZE=\"\(DrawingNumber.decimal(size))\"") }
    if let color { font.append("COLOR=\"\(color)\"") }
    if !font.isEmpty { markup = "<FONT \(font.joined(separator: " "))>\(markup)</FONT>" }
    if !body.isEmpty { markup = "<BR/>" + markup }
    guard body.utf8.count + markup.utf8.count <= Self.maxBytes else {
      body += "<BR/>…"
      full = true
      return
    }
    body += markup
  }

  /// Adds lines that share a style.
  mutating func lines(
    _ texts: [String], size: Double? = nil, bold: Bool = false, italic: Bool = false,
    color: String? = nil
  ) {
    for text in texts { line(text, size: size, bold: bold, italic: italic, color: color) }
  }

  /// The markup, to write between `<` and `>`.
  var markup: String {
    let align = alignment == .left ? "LEFT" : "CENTER"
    return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">"
      + "<TR><TD ALIGN=\"\(align)\" BALIGN=\"\(align)\">\(body.isEmpty ? " " : body)</TD></TR></TABLE>"
  }
}

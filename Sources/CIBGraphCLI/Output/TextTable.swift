/// An aligned plain-text table for people: a header row, then rows, columns
/// padded to their widest cell, numbers right-aligned.
public struct TextTable {
  /// How a column is aligned.
  public enum Alignment { case left, right }

  public struct Column {
    public var title: String
    public var alignment: Alignment
    public init(_ title: String, _ alignment: Alignment = .left) {
      self.title = title
      self.alignment = alignment
    }
  }

  public var columns: [Column]
  public private(set) var rows: [[String]] = []

  public init(_ columns: [Column]) { self.columns = columns }

  /// Adds a row; cells must already be terminal-safe (see ``TerminalText``).
  public mutating func add(_ cells: [String]) {
    rows.append(cells + Array(repeating: "", count: max(0, columns.count - cells.count)))
  }

  /// The table, each line indented by `indent` and ending with a newline.
  public func render(indent: String = "") -> String {
    var widths = columns.map { TerminalText.width($0.title) }
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count {
        widths[i] = max(widths[i], TerminalText.width(cell))
      }
    }
    func line(_ cells: [String]) -> String {
      var parts: [String] = []
      for (i, column) in columns.enumerated() {
        let cell = i < cells.count ? cells[i] : ""
        let padding = String(repeating: " ", count: widths[i] - TerminalText.width(cell))
        let isLast = i == columns.count - 1
        parts.append(column.alignment == .right ? padding + cell : (isLast ? cell : cell + padding))
      }
      return indent + parts.joined(separator: "  ") + "\n"
    }
    return line(columns.map(\.title)) + rows.map(line).joined()
  }
}

/// What a drawing is rendered to.
public enum RenderFormat: String, CaseIterable, Sendable, Hashable {
  /// Scalable vector graphics, for the web and for reports.
  case svg
  /// A bitmap.
  case png
  /// A vector document for print.
  case pdf
  /// DOT with the layout's coordinates added (Graphviz's own "dot" output).
  case dot

  /// The format a file name's extension asks for: `x.svg` is SVG. `nil` for anything else.
  package init?(fileName: String) {
    guard let dot = fileName.lastIndex(of: "."), !fileName[dot...].contains("/") else { return nil }
    self.init(rawValue: fileName[fileName.index(after: dot)...].lowercased())
  }
}

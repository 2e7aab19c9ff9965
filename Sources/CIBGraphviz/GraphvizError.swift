/// A failure of Graphviz, with Graphviz's own message.
public struct GraphvizError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Which step failed.
  package enum Stage: String, Sendable, Hashable {
    /// Reading the DOT text.
    case parse
    /// Laying the graph out.
    case layout
    /// Writing the laid-out graph in the requested format.
    case render
    /// Graphviz's plugins (layout engines, output formats) are missing.
    case plugins
  }

  /// The step that failed.
  package let stage: Stage
  /// What Graphviz said, and what to do about it where that is known.
  package let message: String

  package init(_ stage: Stage, _ message: String) {
    self.stage = stage
    self.message = message
  }

  /// "Graphviz layout failed: …", as the tool prints it.
  public var description: String { "Graphviz \(stage.rawValue) failed: \(message)" }
}

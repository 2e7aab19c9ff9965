/// Graphviz's layout engines.
public enum LayoutEngine: String, CaseIterable, Sendable, Hashable {
  /// Layered, for hierarchies: who runs what, what is attributed to whom.
  case dot
  /// Spring model (stress majorization), for small undirected graphs.
  case neato
  /// Force-directed, honours clusters.
  case fdp
  /// Multiscale force-directed: the one for large graphs.
  case sfdp
  /// Circular.
  case circo
  /// Radial, around a centre node.
  case twopi

  /// Above this many nodes, `dot` is replaced by `sfdp`: measured here, dot
  /// lays out 200 nodes in 0.06 s but 500 nodes with random links in minutes.
  public static let dotLimit = 150
  /// Up to this many nodes, force-directed layouts also remove overlaps
  /// between labels (`overlap=prism`): 2,000 nodes take about 3 s; 10,000
  /// take ten times longer than without it.
  public static let overlapRemovalLimit = 2_000

  /// The engine a drawing of `nodeCount` nodes gets by default: `dot` while it
  /// is fast and readable, `sfdp` beyond.
  public static func suggested(nodeCount: Int) -> LayoutEngine {
    nodeCount <= dotLimit ? .dot : .sfdp
  }
}

import CIBGraphCore
import CIBGraphSupport

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

  /// Above this many nodes, `dot` is replaced by `sfdp`. Measured here on
  /// generated CIB graphs (whole `cibgraph render`, release build): dot takes
  /// 0.25 s for 203 nodes but 13.6 s for 415 (sfdp: 0.4 s), and minutes for
  /// 500 nodes with random links.
  package static let dotLimit = 200
  /// Up to this many nodes, force-directed layouts also remove overlaps
  /// between labels (`overlap=prism`): 2,000 nodes take about 3 s. Measured
  /// here with sfdp on 10,000 nodes and 25,000 edges: 11.1 s with prism,
  /// 3.9 s without (whole render to SVG).
  package static let overlapRemovalLimit = 2_000

  /// Above this many edges `dot` is replaced by `sfdp` too: crossing
  /// minimisation grows with edges, and 100 nodes with 3,000 edges (an
  /// audience-overlap network) ran for minutes.
  package static let dotEdgeLimit = 400

  /// The engine a drawing gets by default: `dot` while it is fast and
  /// readable (up to 200 nodes and 400 edges), `sfdp` beyond.
  package static func suggested(nodeCount: Int, edgeCount: Int = 0) -> LayoutEngine {
    nodeCount <= dotLimit && edgeCount <= dotEdgeLimit ? .dot : .sfdp
  }
}

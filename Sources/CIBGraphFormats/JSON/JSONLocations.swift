import CIBGraphCore
import CIBGraphSupport
import Synchronization

/// Resolves paths into a JSON document to lines and columns of its text.
///
/// The first lookup scans the text once and keeps where every value starts;
/// the text itself is let go then. Copies share
/// that index, and lookups from several threads are safe.
package struct JSONLocations: LocationResolver {
  package let file: String
  private let index: LazyIndex

  package init(file: String, text: [UInt8]) {
    self.file = file
    index = LazyIndex(text: text)
  }

  /// Where the value at `path` starts (or the deepest value on the way there
  /// that exists).
  /// - Complexity: O(n) in the text for the first call, then O(d) in the
  ///   path's depth: N lookups cost O(n + N·d), not N scans.
  package func location(of path: ModelPath) -> SourceLocation {
    let position = index.position(of: path)
    return SourceLocation(file: file, line: position?.line, column: position?.column, path: path)
  }

  /// The text until it is first needed, then the positions of its values.
  private final class LazyIndex: Sendable {
    private enum State {
      case text([UInt8])
      case indexed(JSONValuePositions)
    }

    private let state: Mutex<State>

    init(text: [UInt8]) { state = Mutex(.text(text)) }

    func position(of path: ModelPath) -> (line: Int, column: Int)? {
      state.withLock { state in
        switch state {
        case .indexed(let positions):
          return positions.position(of: path)
        case .text(let text):
          let positions = text.withUnsafeBufferPointer { JSONScanner.positions(in: $0) }
          state = .indexed(positions)
          return positions.position(of: path)
        }
      }
    }
  }
}

/// Where every value of a JSON text starts, found in one scan: a tree of the
/// values, each under its parent by key or array index, with its line and
/// column.
///
/// Storing each value's step from its parent rather than its whole path
/// keeps the index proportional to the number of values, however deep the
/// text nests.
struct JSONValuePositions: Sendable {
  /// One value of the text.
  typealias Node = Int

  private struct Edge: Hashable {
    var parent: Node
    var step: ModelPath.Component
  }

  private var lines: [Int] = []
  private var columns: [Int] = []
  private var children: [Edge: Node] = [:]

  /// Records a value starting at `position`, at `step` under `parent` (both
  /// `nil` for the document itself).
  /// - Complexity: O(1) amortized, plus hashing the step.
  mutating func add(
    _ step: ModelPath.Component?, under parent: Node?, at position: (line: Int, column: Int)
  ) -> Node {
    let node = lines.count
    lines.append(position.line)
    columns.append(position.column)
    if let parent, let step { children[Edge(parent: parent, step: step)] = node }
    return node
  }

  /// The line and column of the value at `path`, or of the deepest value on
  /// the way there that exists; `nil` when the text has no value at all.
  /// - Complexity: O(d) hash lookups for a path `d` steps deep.
  func position(of path: ModelPath) -> (line: Int, column: Int)? {
    guard !lines.isEmpty else { return nil }
    var node: Node = 0
    for step in path.components {
      guard let child = children[Edge(parent: node, step: step)] else { break }
      node = child
    }
    return (lines[node], columns[node])
  }
}

import CIBGraphCore

/// One object type of a detection on a table with types: its window, what
/// the input holds of it, and what it contributed to the kept edges.
package struct ObjectTypeSummary: Sendable, Hashable {
  /// The type's name (`link`, `hashtag`, …).
  package var name: String
  /// Its window, in milliseconds.
  package var window: Int64
  /// Actions on objects of this type.
  package var actions: Int
  /// Distinct objects of this type.
  package var objects: Int
  /// Coincidences (pair of accounts, object) of this type behind the kept edges.
  package var coincidences: Int
  /// Kept edges with at least one coincidence of this type.
  package var edges: Int

  package init(
    name: String, window: Int64, actions: Int, objects: Int, coincidences: Int, edges: Int
  ) {
    self.name = name
    self.window = window
    self.actions = actions
    self.objects = objects
    self.coincidences = coincidences
    self.edges = edges
  }
}

extension CoordinationNetwork {
  /// Each object type of `table`, in type order; empty when it has none.
  /// - Complexity: O(actions + objects + coincidences of the kept edges).
  package func typeSummaries(_ table: ActivityTable) -> [ObjectTypeSummary] {
    let types = table.types
    guard !types.isEmpty else { return [] }
    var summaries = types.names.enumerated().map { number, name in
      ObjectTypeSummary(
        name: name,
        window: parameters.typeWindows.isEmpty ? parameters.window : parameters.typeWindows[number],
        actions: 0, objects: 0, coincidences: 0, edges: 0)
    }
    for type in types.ofObject { summaries[Int(type)].objects += 1 }
    for object in table.object { summaries[types.type(of: object)].actions += 1 }
    var lastEdge = [Int](repeating: -1, count: types.count)
    for (index, edge) in edges.enumerated() {
      for coincidence in coincidences[edge.evidence] {
        let type = types.type(of: coincidence.object)
        summaries[type].coincidences += 1
        if lastEdge[type] != index {
          lastEdge[type] = index
          summaries[type].edges += 1
        }
      }
    }
    return summaries
  }

  /// The objects behind `edge` by type, as `2 link, 1 hashtag` (types in
  /// type order, those without any left out); empty for a table without types.
  /// - Complexity: O(types + coincidences of `edge`).
  package func objectsByType(_ edge: CoordinationEdge, table: ActivityTable) -> String {
    let types = table.types
    guard !types.isEmpty else { return "" }
    var counts = [Int](repeating: 0, count: types.count)
    for coincidence in coincidences[edge.evidence] {
      counts[types.type(of: coincidence.object)] += 1
    }
    return counts.enumerated().filter { $0.element > 0 }
      .map { "\($0.element) \(types.names[$0.offset])" }.joined(separator: ", ")
  }
}

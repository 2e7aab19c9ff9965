import CIBGraphCore
import CIBGraphSupport

/// A part of some documents' itemized assets, for drawing less than the whole:
/// the largest components, one component, one network, or the neighbourhood
/// of one asset.
///
/// ```swift
/// let part = try AssetSelection.component(rank: 1).select(from: documents)
/// let drawing = NetworkDrawing(documents: part.documents)
/// ```
package enum AssetSelection: Sendable, Hashable {
  /// The `count` largest connected components, ranked as ``ComponentAnalysis`` ranks them.
  case largestComponents(Int)
  /// The component of this rank (1 is the largest), as `cibgraph components` numbers them.
  case component(rank: Int)
  /// The network with this identifier, in every document that describes it.
  case network(id: String)
  /// The assets at most `depth` relations away from the asset or
  /// organisation `id`, relations taken as undirected.
  case neighbourhood(of: String, depth: Int)

  /// The documents cut down to the selected assets: each network keeps its
  /// description and reported figures, the selected assets and the
  /// relations between them; networks left with no selected asset are left
  /// out (except the network selected by ``network(id:)``, kept whole).
  ///
  /// - Throws: ``AssetSelectionError`` when the selection names nothing that
  ///   exists (a rank past the last component, an unknown network or
  ///   asset), with what does exist.
  /// - Complexity: O(n + m) in assets and relations, plus O(c log c) to rank
  ///   c components.
  package func select(from documents: [NetworkDocument]) throws(AssetSelectionError)
    -> SelectedAssets
  {
    switch self {
    case .largestComponents(let count):
      let graph = AssetGraph(documents: documents)
      let components = ComponentAnalysis(graph).components
      guard count >= 1, !components.isEmpty else {
        throw AssetSelectionError(
          components.isEmpty
            ? "there are no itemized assets to select components from"
            : "--largest takes 1 or more components")
      }
      let chosen = components.prefix(count)
      let ids = Self.identifiers(chosen.flatMap(\.nodes), in: graph)
      let size = chosen.reduce(0) { $0 + $1.size }
      let what =
        chosen.count == 1
        ? "the largest component (\(counted(size, "asset")))"
        : "the \(chosen.count) largest of \(groupedDigits(components.count)) components (\(counted(size, "asset")))"
      return SelectedAssets(
        documents: Self.restrict(documents, to: ids, keepingNetwork: nil), description: what)

    case .component(let rank):
      let graph = AssetGraph(documents: documents)
      let components = ComponentAnalysis(graph).components
      guard rank >= 1, components.indices.contains(rank - 1) else {
        throw AssetSelectionError(
          components.isEmpty
            ? "there are no itemized assets, so no component \(rank)"
            : "there is no component \(rank): there are \(groupedDigits(components.count)), "
              + "numbered 1 (the largest, \(counted(components[0].size, "asset"))) to "
              + "\(groupedDigits(components.count)) as `cibgraph components` lists them")
      }
      let component = components[rank - 1]
      return SelectedAssets(
        documents: Self.restrict(
          documents, to: Self.identifiers(component.nodes, in: graph), keepingNetwork: nil),
        description:
          "component \(rank) of \(groupedDigits(components.count)) (\(counted(component.size, "asset")))"
      )

    case .network(let id):
      return try Self.network(id, in: documents)

    case .neighbourhood(let id, let depth):
      let graph = AssetGraph(documents: documents)
      guard let start = graph.node(for: id) else {
        throw AssetSelectionError(
          "no asset or organisation has the identifier \"\(VisibleText.safe(id, limit: 80))\""
            + Self.mostLinked(in: graph))
      }
      let reached = Self.neighbourhood(of: start, depth: max(0, depth), in: graph)
      return SelectedAssets(
        documents: Self.restrict(
          documents, to: Self.identifiers(reached, in: graph), keepingNetwork: nil),
        description:
          "\(counted(reached.count, "asset")) within \(counted(max(0, depth), "relation")) of \"\(VisibleText.safe(id, limit: 80))\""
      )
    }
  }

  // MARK: - Parts

  private static func identifiers(_ nodes: some Sequence<NodeIndex>, in graph: AssetGraph) -> Set<
    ByteExactID
  > {
    Set(nodes.map { ByteExactID(graph.id(of: $0)) })
  }

  /// Breadth-first from `start`, up to `depth` relations away; `start` first.
  /// - Complexity: O(nodes reached + their relations).
  static func neighbourhood(of start: NodeIndex, depth: Int, in graph: AssetGraph) -> [NodeIndex] {
    var seen: Set<NodeIndex> = [start]
    var reached = [start]
    var frontier = [start]
    var depthLeft = depth
    while depthLeft > 0 && !frontier.isEmpty {
      depthLeft -= 1
      var next: [NodeIndex] = []
      for node in frontier {
        for neighbour in graph.neighbours(of: node) where seen.insert(neighbour).inserted {
          next.append(neighbour)
        }
      }
      reached += next
      frontier = next
    }
    return reached
  }

  /// "; the most linked are …": a few identifiers a user could ask for instead.
  private static func mostLinked(in graph: AssetGraph) -> String {
    guard graph.nodeCount > 0 else { return "; there are no itemized assets" }
    var best: [(degree: Int, node: NodeIndex)] = []
    for node in graph.nodes {
      let degree = graph.degree(of: node)
      if best.count < 5 || degree > best[best.count - 1].degree {
        best.append((degree, node))
        best.sort { ($0.degree, -$0.node) > ($1.degree, -$1.node) }
        if best.count > 5 { best.removeLast() }
      }
    }
    let names = best.map {
      "\"\(VisibleText.safe(graph.id(of: $0.node), limit: 40))\" (\(counted($0.degree, "relation")))"
    }
    return "; the most linked are \(names.joined(separator: ", "))"
  }

  /// The network `id` of every document that describes it, with the
  /// organisations its relations and attribution name.
  private static func network(_ id: String, in documents: [NetworkDocument])
    throws(AssetSelectionError) -> SelectedAssets
  {
    let wanted = ByteExactID(id)
    var ids = Set<ByteExactID>()
    var found = false
    for document in documents {
      for network in document.networks where ByteExactID(network.id) == wanted {
        found = true
        ids.formUnion(network.assets.map { ByteExactID($0.id) })
        for relation in network.relations {
          ids.insert(ByteExactID(relation.source))
          ids.insert(ByteExactID(relation.target))
        }
        ids.formUnion((network.attribution?.organizations ?? []).map(ByteExactID.init))
      }
    }
    guard found else {
      var known: [String] = []
      var seen = Set<ByteExactID>()
      for network in documents.flatMap(\.networks)
      where seen.insert(ByteExactID(network.id)).inserted {
        known.append("\"\(VisibleText.safe(network.id, limit: 60))\"")
      }
      let listed =
        known.isEmpty
        ? "the inputs describe no network"
        : "the networks are "
          + (known.count > 20
            ? known.prefix(20).joined(separator: ", ") + " and \(known.count - 20) more"
            : known.joined(separator: ", "))
      throw AssetSelectionError(
        "no network has the identifier \"\(VisibleText.safe(id, limit: 80))\"; \(listed)")
    }
    // The organisations an attribution names nest: their parents come too.
    var parentOf: [ByteExactID: ByteExactID] = [:]
    for document in documents {
      for organization in document.organizations {
        if let parent = organization.partOf {
          parentOf[ByteExactID(organization.id)] = ByteExactID(parent)
        }
      }
    }
    for start in Array(ids) {
      var current = start
      while let parent = parentOf[current], ids.insert(parent).inserted { current = parent }
    }
    let restricted = restrict(documents, to: ids, keepingNetwork: wanted)
    let assets = restricted.reduce(0) {
      $0 + $1.networks.reduce(0) { $0 + (ByteExactID($1.id) == wanted ? $1.assets.count : 0) }
    }
    return SelectedAssets(
      documents: restricted,
      description:
        "the network \"\(VisibleText.safe(id, limit: 80))\" (\(counted(assets, "asset")))")
  }

  /// `documents` with only the assets and organisations in `ids`, the
  /// relations between them, and the networks that keep an asset (and
  /// `keepingNetwork` whatever it keeps).
  /// - Complexity: O(n + m) hash lookups.
  package static func restrict(
    _ documents: [NetworkDocument], to ids: Set<ByteExactID>, keepingNetwork: ByteExactID?
  ) -> [NetworkDocument] {
    var kept: [NetworkDocument] = []
    for var document in documents {
      document.organizations = document.organizations.filter { ids.contains(ByteExactID($0.id)) }
      document.networks = document.networks.compactMap { network in
        let isKept = keepingNetwork.map { ByteExactID(network.id) == $0 } ?? false
        if keepingNetwork != nil && !isKept { return nil }
        var network = network
        if !isKept {
          network.assets = network.assets.filter { ids.contains(ByteExactID($0.id)) }
          guard !network.assets.isEmpty else { return nil }
        }
        network.relations = network.relations.filter {
          ids.contains(ByteExactID($0.source)) && ids.contains(ByteExactID($0.target))
        }
        return network
      }
      if !document.networks.isEmpty || !document.organizations.isEmpty { kept.append(document) }
    }
    return kept
  }
}

/// What an ``AssetSelection`` kept, and a line saying so.
package struct SelectedAssets: Sendable {
  /// The documents, cut down to the selection.
  package var documents: [NetworkDocument]
  /// What was selected, for a note: "component 2 of 1,204 (35 assets)".
  package var description: String
}

/// A selection that names nothing that exists; the message says what does.
package struct AssetSelectionError: Error, Sendable, Hashable {
  /// The message, without a prefix: "there is no component 9: there are 4, …".
  package let message: String

  /// An error with `message`.
  package init(_ message: String) { self.message = message }
}

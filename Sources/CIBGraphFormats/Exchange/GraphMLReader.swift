import CIBGraphCore
import CIBGraphSupport

/// Reads GraphML as NetworkX, igraph, Gephi, yEd and cibgraph write it
/// (``XMLGraphFile`` is the way in).
///
/// Every `<node>` of every `<graph>`, nested graphs included, is a node;
/// every `<edge>` an edge from its `source` to its `target`. A node's or
/// edge's `<data>` are read through their `<key>`'s `attr.name` (its `id`
/// when it has none), as ``XMLAttributeNames`` maps them, and a key's
/// `<default>` stands for a missing value. A key must be declared before a
/// `<data>` uses it, as GraphML orders them. Hyperedges and ports are not in
/// the model: a hyperedge is an error (a graph without it would not be the
/// graph), a port is ignored. Text inside a `<data>` is read, markup in it
/// (yEd's graphics) skipped; `edgedefault` and an edge's `directed` are not
/// kept, since relation types carry their direction.
struct GraphMLReader {
  /// A declared key: what its data are to the model, and its default.
  private struct Key {
    var name: String
    /// Whether its `for` includes nodes.
    var forNodes: Bool
    var nodeFields: [XMLAttributeNames.NodeField]
    var edgeField: XMLAttributeNames.EdgeField?
    /// The measure its data are of a node's asset, or of an edge's relation.
    var nodeMeasure: Measure?
    var edgeMeasure: Measure?
    var defaultValue: XMLValue?

    /// Whether its data give the model nothing.
    var isUnread: Bool {
      nodeFields.isEmpty && edgeField == nil && nodeMeasure == nil && edgeMeasure == nil
    }
  }

  private var keys: [Key] = []
  private var positionOfKey: [String: Int] = [:]
  /// Keys with a default for a field, applied to elements without a value for it.
  private var nodeDefaults: [(field: XMLAttributeNames.NodeField, value: XMLValue, name: String)] =
    []
  private var edgeDefaults: [(field: XMLAttributeNames.EdgeField, value: XMLValue, name: String)] =
    []
  private var nodeMeasureDefaults: [(measure: Measure, value: XMLValue)] = []
  private var edgeMeasureDefaults: [(measure: Measure, value: XMLValue)] = []
  /// Whether some key gives nodes their kind, checked at the first node.
  private var checkedKindKey = false
  private var builder: XMLGraphBuilder

  init(builder: XMLGraphBuilder) { self.builder = builder }

  /// Reads the document whose root `<graphml>` has just started.
  /// - Throws: ``InputError`` for XML that is not well-formed, and for nodes
  ///   without kinds when the ``KindMapping`` gives no default.
  /// - Complexity: O(bytes).
  static func read(_ scanner: inout XMLScanner, builder: XMLGraphBuilder) throws(InputError)
    -> LoadedDocument
  {
    var reader = GraphMLReader(builder: builder)
    try reader.readChildren(&scanner, of: .graphml)
    // After the root, only the end of the document (anything else throws).
    _ = try scanner.next()
    return reader.builder.document(scanner, format: "GraphML")
  }

  private enum Parent { case graphml, graph }

  /// Reads the children of `<graphml>` or of a `<graph>`, through its end tag.
  private mutating func readChildren(_ scanner: inout XMLScanner, of parent: Parent)
    throws(InputError)
  {
    while true {
      switch try scanner.next() {
      case .end, .endOfDocument: return
      case .text: continue
      case .start(let name, let offset, _):
        if parent == .graphml, scanner.name(name, is: "key") {
          try readKey(&scanner, at: offset)
        } else if scanner.name(name, is: "graph") {
          try readChildren(&scanner, of: .graph)
        } else if parent == .graph, scanner.name(name, is: "node") {
          try readNode(&scanner, at: offset)
        } else if parent == .graph, scanner.name(name, is: "edge") {
          try readEdge(&scanner, at: offset)
        } else if parent == .graph, scanner.name(name, is: "hyperedge") {
          builder.error(
            "a hyperedge: GraphML hyperedges are not read (a relation joins two assets)",
            at: offset, scanner)
          try scanner.skipElement()
        } else {
          try scanner.skipElement()
        }
      }
    }
  }

  private mutating func readKey(_ scanner: inout XMLScanner, at offset: Int) throws(InputError) {
    guard let idAttribute = scanner.attribute("id") else {
      throw scanner.error(at: offset, "a <key> without an id")
    }
    let id = scanner.value(idAttribute)
    let name = scanner.attribute("attr.name").map(scanner.value) ?? id
    let scope = scanner.attribute("for").map(scanner.value) ?? "all"
    let names = builder.names
    let forNodes = scope == "node" || scope == "all"
    let forEdges = scope == "edge" || scope == "all"
    let type = scanner.attribute("attr.type").map(scanner.value)
    var key = Key(
      name: name, forNodes: forNodes, nodeFields: forNodes ? names.nodeFields(name) : [],
      edgeField: forEdges ? names.edgeField(name) : nil,
      nodeMeasure: forNodes ? names.measure(name, type: type, for: .asset) : nil,
      edgeMeasure: forEdges ? names.measure(name, type: type, for: .relation) : nil)
    while true {
      switch try scanner.next() {
      case .end, .endOfDocument:
        if let value = key.defaultValue {
          for field in key.nodeFields { nodeDefaults.append((field, value, name)) }
          if let field = key.edgeField { edgeDefaults.append((field, value, name)) }
          if let measure = key.nodeMeasure { nodeMeasureDefaults.append((measure, value)) }
          if let measure = key.edgeMeasure { edgeMeasureDefaults.append((measure, value)) }
        }
        if let position = positionOfKey[id] {
          keys[position] = key
        } else {
          positionOfKey[id] = keys.count
          keys.append(key)
        }
        return
      case .text: continue
      case .start(let child, let offset, _):
        if scanner.name(child, is: "default") {
          key.defaultValue = XMLValue(text: try Self.text(&scanner), offset: offset)
        } else {
          try scanner.skipElement()
        }
      }
    }
  }

  private mutating func readNode(_ scanner: inout XMLScanner, at offset: Int) throws(InputError) {
    if !checkedKindKey {
      checkedKindKey = true
      try requireKinds(scanner, at: offset)
    }
    var node = XMLGraphBuilder.Node(
      xmlID: scanner.attribute("id").map { XMLValue(text: scanner.value($0), offset: offset) },
      offset: offset)
    while true {
      switch try scanner.next() {
      case .end, .endOfDocument:
        for (field, value, name) in nodeDefaults where node.values[field] == nil {
          node.set(field, value, name: name)
        }
        for (measure, value) in nodeMeasureDefaults where !node.measures.contains(measure) {
          node.set(measure, value)
        }
        builder.add(node, scanner)
        return
      case .text: continue
      case .start(let child, let childOffset, _):
        if scanner.name(child, is: "data") {
          guard let (key, value) = try data(&scanner, at: childOffset) else { continue }
          for field in keys[key].nodeFields { node.set(field, value, name: keys[key].name) }
          if let measure = keys[key].nodeMeasure { node.set(measure, value) }
        } else if scanner.name(child, is: "graph") {
          try readChildren(&scanner, of: .graph)
        } else {
          try scanner.skipElement()
        }
      }
    }
  }

  private mutating func readEdge(_ scanner: inout XMLScanner, at offset: Int) throws(InputError) {
    var edge = XMLGraphBuilder.Edge(
      source: scanner.attribute("source").map { XMLValue(text: scanner.value($0), offset: offset) },
      target: scanner.attribute("target").map { XMLValue(text: scanner.value($0), offset: offset) },
      offset: offset)
    while true {
      switch try scanner.next() {
      case .end, .endOfDocument:
        for (field, value, name) in edgeDefaults where edge.values[field] == nil {
          edge.set(field, value, name: name)
        }
        for (measure, value) in edgeMeasureDefaults where !edge.measures.contains(measure) {
          edge.set(measure, value)
        }
        builder.add(edge, scanner)
        return
      case .text: continue
      case .start(let child, let childOffset, _):
        if scanner.name(child, is: "data") {
          guard let (key, value) = try data(&scanner, at: childOffset) else { continue }
          if let field = keys[key].edgeField { edge.set(field, value, name: keys[key].name) }
          if let measure = keys[key].edgeMeasure { edge.set(measure, value) }
        } else {
          try scanner.skipElement()
        }
      }
    }
  }

  /// A `<data>` that has just started, read through its end: its key's
  /// position in ``keys`` and its value, or `nil` (the element skipped) when
  /// its key gives the model nothing.
  private func data(_ scanner: inout XMLScanner, at offset: Int) throws(InputError)
    -> (key: Int, value: XMLValue)?
  {
    guard let keyAttribute = scanner.attribute("key") else {
      throw scanner.error(at: offset, "a <data> without a key")
    }
    let id = scanner.value(keyAttribute)
    guard let position = positionOfKey[id] else {
      throw scanner.error(
        at: offset,
        "<data key=\"\(VisibleText.safe(id, limit: 40))\">: no <key> before it declares \"\(VisibleText.safe(id, limit: 40))\""
      )
    }
    if keys[position].isUnread {
      try scanner.skipElement()
      return nil
    }
    return (position, XMLValue(text: try Self.text(&scanner), offset: offset))
  }

  /// The text of the element that has just started, through its end;
  /// markup inside it is skipped.
  static func text(_ scanner: inout XMLScanner) throws(InputError) -> String {
    var text = ""
    while true {
      switch try scanner.next() {
      case .end, .endOfDocument: return text
      case .text(let range, let cdata): text += scanner.characterData(range, cdata: cdata)
      case .start: try scanner.skipElement()
      }
    }
  }

  /// Refuses a file whose nodes cannot have kinds: no key gives them, and
  /// the ``KindMapping`` has no default.
  private func requireKinds(_ scanner: XMLScanner, at offset: Int) throws(InputError) {
    guard builder.kinds.defaultKind == nil,
      !keys.contains(where: { $0.nodeFields.contains(.kind) })
    else { return }
    let found = keys.filter(\.forNodes).map(\.name).prefix(10).map {
      VisibleText.safe($0, limit: 40)
    }
    var error = scanner.error(
      at: offset,
      "the nodes have no \"\(builder.kinds.column)\" attribute (keys: \(found.isEmpty ? "none" : found.joined(separator: ", "))); give the attribute that holds kinds, or one kind for every node, with `kinds:`"
    )
    error.argument = "kinds"
    throw error
  }
}

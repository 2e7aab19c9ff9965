import CIBGraphCore
import CIBGraphSupport

/// Reads GEXF (1.1 to 1.3) as Gephi, NetworkX and cibgraph write it
/// (``XMLGraphFile`` is the way in).
///
/// Every `<node>` of `<nodes>`, nested ones included, is a node, its `label`
/// the display name; every `<edge>` an edge from its `source` to its
/// `target`, with its `weight`, and a relation type in its `type` (where
/// NetworkX writes the `type` it read; GEXF's `directed`, `undirected` and
/// `mutual` say only the direction) or `kind` (GEXF 1.3's, where Gephi keeps
/// cibgraph's). `<attvalue>`s are read through their `<attribute>`'s
/// `title` (its `id` when it has none), as ``XMLAttributeNames`` maps them,
/// and an attribute's `<default>` stands for a missing value. An attribute
/// must be declared before an `<attvalue>` uses it, as GEXF orders them.
/// Several values of one attribute for a node (a dynamic graph's spells)
/// are an error when they differ: the model holds one. Visualisation
/// (`viz:…`), spells and parents are not read.
struct GEXFReader {
  private struct Attribute {
    var name: String
    var nodeFields: [XMLAttributeNames.NodeField]
    var edgeField: XMLAttributeNames.EdgeField?
    /// The measure its values are of a node's asset or an edge's relation, by its class.
    var measure: Measure?
    var defaultValue: XMLValue?
  }

  /// Declared attributes of a class (`node`, `edge`), in order, and by id.
  private struct Declared {
    var attributes: [Attribute] = []
    var positionOfID: [String: Int] = [:]

    subscript(id: String) -> Attribute? { positionOfID[id].map { attributes[$0] } }

    mutating func declare(_ id: String, _ attribute: Attribute) {
      if let position = positionOfID[id] {
        attributes[position] = attribute
      } else {
        positionOfID[id] = attributes.count
        attributes.append(attribute)
      }
    }
  }

  private var nodeAttributes = Declared()
  private var edgeAttributes = Declared()
  private var checkedKindAttribute = false
  private var builder: XMLGraphBuilder

  init(builder: XMLGraphBuilder) { self.builder = builder }

  /// Reads the document whose root `<gexf>` has just started.
  /// - Throws: ``InputError`` for XML that is not well-formed, and for nodes
  ///   without kinds when the ``KindMapping`` gives no default.
  /// - Complexity: O(bytes).
  static func read(_ scanner: inout XMLScanner, builder: XMLGraphBuilder) throws(InputError)
    -> LoadedDocument
  {
    var reader = GEXFReader(builder: builder)
    while true {
      switch try scanner.next() {
      case .end, .endOfDocument:
        // After the root, only the end of the document (anything else throws).
        _ = try scanner.next()
        return reader.builder.document(scanner, format: "GEXF")
      case .text: continue
      case .start(let name, _, _):
        if scanner.name(name, is: "graph") {
          try reader.readGraph(&scanner)
        } else {
          try scanner.skipElement()
        }
      }
    }
  }

  private mutating func readGraph(_ scanner: inout XMLScanner) throws(InputError) {
    while true {
      switch try scanner.next() {
      case .end, .endOfDocument: return
      case .text: continue
      case .start(let name, _, _):
        if scanner.name(name, is: "attributes") {
          try readAttributes(&scanner)
        } else if scanner.name(name, is: "nodes") {
          try readNodes(&scanner)
        } else if scanner.name(name, is: "edges") {
          try readEdges(&scanner)
        } else {
          try scanner.skipElement()
        }
      }
    }
  }

  private mutating func readAttributes(_ scanner: inout XMLScanner) throws(InputError) {
    let forNodes = scanner.attribute("class").map(scanner.value) == "node"
    let forEdges = scanner.attribute("class").map(scanner.value) == "edge"
    while true {
      switch try scanner.next() {
      case .end, .endOfDocument: return
      case .text: continue
      case .start(let name, let offset, _):
        guard scanner.name(name, is: "attribute"), forNodes || forEdges else {
          try scanner.skipElement()
          continue
        }
        guard let idAttribute = scanner.attribute("id") else {
          throw scanner.error(at: offset, "an <attribute> without an id")
        }
        let id = scanner.value(idAttribute)
        let title = scanner.attribute("title").map(scanner.value) ?? id
        var attribute = Attribute(
          name: title, nodeFields: forNodes ? builder.names.nodeFields(title) : [],
          edgeField: forEdges ? builder.names.edgeField(title) : nil,
          measure: builder.names.measure(
            title, type: scanner.attribute("type").map(scanner.value),
            for: forNodes ? .asset : .relation))
        children: while true {
          switch try scanner.next() {
          case .end, .endOfDocument: break children
          case .text: continue
          case .start(let child, let childOffset, _):
            if scanner.name(child, is: "default") {
              attribute.defaultValue = XMLValue(
                text: try GraphMLReader.text(&scanner), offset: childOffset)
            } else {
              try scanner.skipElement()
            }
          }
        }
        if forNodes {
          nodeAttributes.declare(id, attribute)
        } else {
          edgeAttributes.declare(id, attribute)
        }
      }
    }
  }

  private mutating func readNodes(_ scanner: inout XMLScanner) throws(InputError) {
    while true {
      switch try scanner.next() {
      case .end, .endOfDocument: return
      case .text: continue
      case .start(let name, let offset, _):
        if scanner.name(name, is: "node") {
          try readNode(&scanner, at: offset)
        } else {
          try scanner.skipElement()
        }
      }
    }
  }

  private mutating func readNode(_ scanner: inout XMLScanner, at offset: Int) throws(InputError) {
    if !checkedKindAttribute {
      checkedKindAttribute = true
      try requireKinds(scanner, at: offset)
    }
    var node = XMLGraphBuilder.Node(
      xmlID: scanner.attribute("id").map { XMLValue(text: scanner.value($0), offset: offset) },
      offset: offset)
    if let label = scanner.attribute("label") {
      node.set(.label, XMLValue(text: scanner.value(label), offset: offset), name: "label")
    }
    while true {
      switch try scanner.next() {
      case .end, .endOfDocument:
        for attribute in nodeAttributes.attributes {
          guard let value = attribute.defaultValue else { continue }
          for field in attribute.nodeFields where node.values[field] == nil {
            node.set(field, value, name: attribute.name)
          }
          if let measure = attribute.measure, !node.measures.contains(measure) {
            node.set(measure, value)
          }
        }
        builder.add(node, scanner)
        return
      case .text: continue
      case .start(let child, _, _):
        if scanner.name(child, is: "attvalues") {
          try readValues(&scanner, of: nodeAttributes) { attribute, value in
            for field in attribute.nodeFields { node.set(field, value, name: attribute.name) }
            if let measure = attribute.measure { node.set(measure, value) }
          }
        } else if scanner.name(child, is: "nodes") {
          try readNodes(&scanner)
        } else if scanner.name(child, is: "edges") {
          try readEdges(&scanner)
        } else {
          try scanner.skipElement()
        }
      }
    }
  }

  private mutating func readEdges(_ scanner: inout XMLScanner) throws(InputError) {
    while true {
      switch try scanner.next() {
      case .end, .endOfDocument: return
      case .text: continue
      case .start(let name, let offset, _):
        if scanner.name(name, is: "edge") {
          try readEdge(&scanner, at: offset)
        } else {
          try scanner.skipElement()
        }
      }
    }
  }

  private mutating func readEdge(_ scanner: inout XMLScanner, at offset: Int) throws(InputError) {
    func value(_ name: StaticString) -> XMLValue? {
      scanner.attribute(name).map { XMLValue(text: scanner.value($0), offset: offset) }
    }
    var edge = XMLGraphBuilder.Edge(
      source: value("source"), target: value("target"), offset: offset)
    if let type = value("type") { edge.set(.type, type, name: "type") }
    if let kind = value("kind") { edge.set(.kind, kind, name: "kind") }
    if let weight = value("weight") { edge.set(.weight, weight, name: "weight") }
    while true {
      switch try scanner.next() {
      case .end, .endOfDocument:
        for attribute in edgeAttributes.attributes {
          guard let value = attribute.defaultValue else { continue }
          if let field = attribute.edgeField, edge.values[field] == nil {
            edge.set(field, value, name: attribute.name)
          }
          if let measure = attribute.measure, !edge.measures.contains(measure) {
            edge.set(measure, value)
          }
        }
        builder.add(edge, scanner)
        return
      case .text: continue
      case .start(let child, _, _):
        if scanner.name(child, is: "attvalues") {
          try readValues(&scanner, of: edgeAttributes) { attribute, value in
            if let field = attribute.edgeField { edge.set(field, value, name: attribute.name) }
            if let measure = attribute.measure { edge.set(measure, value) }
          }
        } else {
          try scanner.skipElement()
        }
      }
    }
  }

  /// Reads the `<attvalue>`s of an `<attvalues>` that has just started,
  /// giving each one whose attribute the model reads to `take`.
  private func readValues(
    _ scanner: inout XMLScanner, of declared: Declared,
    _ take: (Attribute, XMLValue) -> Void
  ) throws(InputError) {
    while true {
      switch try scanner.next() {
      case .end, .endOfDocument: return
      case .text: continue
      case .start(let name, let offset, _):
        guard scanner.name(name, is: "attvalue") else {
          try scanner.skipElement()
          continue
        }
        // GEXF 1.2 and 1.3 name the attribute in `for`, 1.1 in `id`.
        guard let reference = scanner.attribute("for") ?? scanner.attribute("id") else {
          throw scanner.error(at: offset, "an <attvalue> without a for")
        }
        let id = scanner.value(reference)
        guard let attribute = declared[id] else {
          throw scanner.error(
            at: offset,
            "<attvalue for=\"\(VisibleText.safe(id, limit: 40))\">: no <attribute> before it declares \"\(VisibleText.safe(id, limit: 40))\" for this class"
          )
        }
        if !attribute.nodeFields.isEmpty || attribute.edgeField != nil || attribute.measure != nil {
          let text = scanner.attribute("value").map(scanner.value) ?? ""
          take(attribute, XMLValue(text: text, offset: offset))
        }
        try scanner.skipElement()
      }
    }
  }

  /// Refuses a file whose nodes cannot have kinds: no attribute gives them,
  /// and the ``KindMapping`` has no default.
  private func requireKinds(_ scanner: XMLScanner, at offset: Int) throws(InputError) {
    guard builder.kinds.defaultKind == nil,
      !nodeAttributes.attributes.contains(where: { $0.nodeFields.contains(.kind) })
    else { return }
    let found = nodeAttributes.attributes.map(\.name).prefix(10).map {
      VisibleText.safe($0, limit: 40)
    }
    var error = scanner.error(
      at: offset,
      "the nodes have no \"\(builder.kinds.column)\" attribute (attributes: \(found.isEmpty ? "none" : found.joined(separator: ", "))); give the attribute that holds kinds, or one kind for every node, with `kinds:`"
    )
    error.argument = "kinds"
    throw error
  }
}

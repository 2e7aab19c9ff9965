@_spi(Internal) import CIBGraphCore
import CIBGraphSupport

/// The itemized graph of some documents in the formats other tools read:
/// GraphML (NetworkX, Gephi, yEd, igraph), GEXF (Gephi's own) and Gephi's
/// spreadsheet pair.
///
/// Nodes carry their kind, label, follower and member counts, their summed
/// audience and the first network that itemizes them; edges their relation
/// type, evidence and weight. Measured values (`Asset.measures` of the
/// first network itemizing a node, `Relation.measures`) are typed
/// attributes named after their `Measure`, declared only when some node or
/// edge has one: `long` for a count, `double` for a number, `boolean` for a
/// flag, and ISO 8601 text for a time. Reported figures (counts, ≥1
/// audiences) and a network's measures have no place in these formats; the
/// JSON document keeps them.
public struct GraphExport {
  let graph: AssetGraph
  /// The first network itemizing each node, by node index.
  let networkOfNode: [String?]
  let evidence: [String?]
  let weights: [Double?]
  /// Measured values by node index, and by edge in the order of `graph.edges`.
  let nodeMeasures: [Measurements]
  let edgeMeasures: [Measurements]
  /// Distinct audience per node from audience lists, when given.
  let distinctAudience: [Int]?

  /// - Complexity: O(n + m).
  public init(documents: [NetworkDocument], audience: AudienceLists? = nil) {
    let graph = AssetGraph(documents: documents)
    self.graph = graph
    var network = [String?](repeating: nil, count: graph.nodeCount)
    let index = graph.nodeIndexByID()
    var evidence: [String?] = []
    var weights: [Double?] = []
    var nodeMeasures = [Measurements](repeating: Measurements(), count: graph.nodeCount)
    var edgeMeasures: [Measurements] = []
    // Edges of the graph come in the order AssetGraph(documents:) adds them:
    // organisations' partOf first, then each network's relations that resolve.
    for document in documents {
      for organization in document.organizations
      where organization.partOf.map({ index[ByteExactID($0)] != nil }) == true {
        if index[ByteExactID(organization.id)] != nil {
          evidence.append(nil)
          weights.append(nil)
          edgeMeasures.append(Measurements())
        }
      }
    }
    for document in documents {
      for item in document.networks {
        for asset in item.assets {
          if let node = index[ByteExactID(asset.id)].map(Int.init), network[node] == nil {
            network[node] = item.id
            nodeMeasures[node] = asset.measures
          }
        }
        for relation in item.relations
        where index[ByteExactID(relation.source)] != nil
          && index[ByteExactID(relation.target)] != nil
        {
          evidence.append(relation.evidence)
          weights.append(relation.weight)
          edgeMeasures.append(relation.measures)
        }
      }
    }
    networkOfNode = network
    self.evidence = evidence
    self.weights = weights
    self.nodeMeasures = nodeMeasures
    self.edgeMeasures = edgeMeasures
    distinctAudience = audience.map { lists in graph.nodes.map { lists.size(of: $0) } }
  }

  private func audience(_ node: NodeIndex) -> Int? {
    let followers = graph.followers(of: node)
    let members = graph.members(of: node)
    guard followers != nil || members != nil else { return nil }
    return (followers ?? 0) + (members ?? 0)
  }

  /// GraphML, directed, with typed attribute keys.
  /// - Complexity: O(n + m) in output size.
  public func graphML() -> String {
    var out = """
      <?xml version="1.0" encoding="UTF-8"?>
      <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
        <key id="label" for="node" attr.name="label" attr.type="string"/>
        <key id="kind" for="node" attr.name="kind" attr.type="string"/>
        <key id="followers" for="node" attr.name="followers" attr.type="long"/>
        <key id="members" for="node" attr.name="members" attr.type="long"/>
        <key id="audience" for="node" attr.name="audience" attr.type="long"/>
        <key id="distinctAudience" for="node" attr.name="distinctAudience" attr.type="long"/>
        <key id="network" for="node" attr.name="network" attr.type="string"/>
        <key id="type" for="edge" attr.name="type" attr.type="string"/>
        <key id="evidence" for="edge" attr.name="evidence" attr.type="string"/>
        <key id="weight" for="edge" attr.name="weight" attr.type="double"/>

      """
    let (nodeDeclared, edgeDeclared) = (Self.declared(nodeMeasures), Self.declared(edgeMeasures))
    for (measures, scope) in [(nodeDeclared, "node"), (edgeDeclared, "edge")] {
      for measure in measures {
        out +=
          "  <key id=\"\(measure.rawValue)\" for=\"\(scope)\" attr.name=\"\(measure.rawValue)\" attr.type=\"\(Self.attributeType(measure.type))\"/>\n"
      }
    }
    out += "  <graph id=\"cibgraph\" edgedefault=\"directed\">\n"
    func data(_ key: String, _ value: String?) -> String {
      guard let value else { return "" }
      return "<data key=\"\(key)\">\(XMLText.escaped(value))</data>"
    }
    // A measure's name and text (digits, a point, an exponent, an ISO time,
    // true or false) hold nothing XML escapes: written as they are.
    func data(_ measures: Measurements) -> String {
      var text = ""
      for entry in measures.writable {
        text += "<data key=\"\(entry.measure.rawValue)\">\(entry.value.text)</data>"
      }
      return text
    }
    for node in graph.nodes {
      let v = Int(node)
      out += "    <node id=\"\(XMLText.escaped(graph.ids[v]))\">"
      out += data("label", graph.names[v] ?? graph.ids[v])
      out += data("kind", graph.kinds[v].name)
      out += data("followers", graph.followers(of: node).map(String.init))
      out += data("members", graph.members(of: node).map(String.init))
      out += data("audience", audience(node).map(String.init))
      out += data("distinctAudience", distinctAudience.map { String($0[v]) })
      out += data("network", networkOfNode[v])
      out += data(nodeMeasures[v])
      out += "</node>\n"
    }
    for (i, edge) in graph.edges.enumerated() {
      out +=
        "    <edge id=\"e\(i)\" source=\"\(XMLText.escaped(graph.ids[Int(edge.source)]))\" target=\"\(XMLText.escaped(graph.ids[Int(edge.target)]))\">"
      out += data("type", edge.type.rawValue)
      out += data("evidence", i < evidence.count ? evidence[i] : nil)
      out += data("weight", i < weights.count ? weights[i].map { "\($0)" } : nil)
      if i < edgeMeasures.count { out += data(edgeMeasures[i]) }
      out += "</edge>\n"
    }
    out += "  </graph>\n</graphml>\n"
    return out
  }

  /// GEXF 1.2, Gephi's format, directed, with typed attributes.
  /// - Complexity: O(n + m) in output size.
  public func gexf(description: String) -> String {
    var out = """
      <?xml version="1.0" encoding="UTF-8"?>
      <gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">
        <meta><creator>cibgraph</creator><description>\(XMLText.escaped(description))</description></meta>
        <graph defaultedgetype="directed" mode="static">
          <attributes class="node">
            <attribute id="kind" title="kind" type="string"/>
            <attribute id="followers" title="followers" type="long"/>
            <attribute id="members" title="members" type="long"/>
            <attribute id="audience" title="audience" type="long"/>
            <attribute id="distinctAudience" title="distinctAudience" type="long"/>
            <attribute id="network" title="network" type="string"/>

      """
    func declare(_ measures: [Measure]) {
      for measure in measures {
        out +=
          "      <attribute id=\"\(measure.rawValue)\" title=\"\(measure.rawValue)\" type=\"\(Self.attributeType(measure.type))\"/>\n"
      }
    }
    declare(Self.declared(nodeMeasures))
    out += """
          </attributes>
          <attributes class="edge">
            <attribute id="type" title="type" type="string"/>
            <attribute id="evidence" title="evidence" type="string"/>

      """
    declare(Self.declared(edgeMeasures))
    out += "    </attributes>\n    <nodes>\n"
    func value(_ key: String, _ value: String?) -> String {
      guard let value else { return "" }
      return "<attvalue for=\"\(key)\" value=\"\(XMLText.escaped(value))\"/>"
    }
    func values(_ measures: Measurements) -> String {
      var text = ""
      for entry in measures.writable {
        text += "<attvalue for=\"\(entry.measure.rawValue)\" value=\"\(entry.value.text)\"/>"
      }
      return text
    }
    for node in graph.nodes {
      let v = Int(node)
      out +=
        "      <node id=\"\(XMLText.escaped(graph.ids[v]))\" label=\"\(XMLText.escaped(graph.names[v] ?? graph.ids[v]))\"><attvalues>"
      out += value("kind", graph.kinds[v].name)
      out += value("followers", graph.followers(of: node).map(String.init))
      out += value("members", graph.members(of: node).map(String.init))
      out += value("audience", audience(node).map(String.init))
      out += value("distinctAudience", distinctAudience.map { String($0[v]) })
      out += value("network", networkOfNode[v])
      out += values(nodeMeasures[v])
      out += "</attvalues></node>\n"
    }
    out += "    </nodes>\n    <edges>\n"
    for (i, edge) in graph.edges.enumerated() {
      let weight = i < weights.count ? weights[i] : nil
      out +=
        "      <edge id=\"\(i)\" source=\"\(XMLText.escaped(graph.ids[Int(edge.source)]))\" target=\"\(XMLText.escaped(graph.ids[Int(edge.target)]))\""
      if let weight { out += " weight=\"\(weight)\"" }
      out += "><attvalues>"
      out += value("type", edge.type.rawValue)
      out += value("evidence", i < evidence.count ? evidence[i] : nil)
      if i < edgeMeasures.count { out += values(edgeMeasures[i]) }
      out += "</attvalues></edge>\n"
    }
    out += "    </edges>\n  </graph>\n</gexf>\n"
    return out
  }

  /// The measures some of `measures` hold, in the order of ``Measure``'s cases.
  private static func declared(_ measures: [Measurements]) -> [Measure] {
    var present = Set<Measure>()
    for values in measures where !values.isEmpty {
      for entry in values.writable { present.insert(entry.measure) }
    }
    return Measure.allCases.filter(present.contains)
  }

  /// GraphML's `attr.type` and GEXF's attribute `type` (the two name these alike) for values of `type`.
  private static func attributeType(_ type: MeasureType) -> String {
    switch type {
    case .count: "long"
    case .number: "double"
    case .time: "string"
    case .flag: "boolean"
    }
  }

  /// Gephi's spreadsheet pair, RFC 4180, read back by ``GephiSpreadsheet``
  /// without loss, and by Gephi's Data Laboratory as it reads its own:
  /// `Id,Label,Kind,Followers,Members,Network` and
  /// `Source,Target,Type,Kind,Weight,Evidence`, where `Type` is the direction
  /// Gephi reads there (`Directed`; `Undirected` for `RelationType.coordinatedWith`)
  /// and `Kind` the relation type, which Gephi keeps as the edge's kind and
  /// writes back. Each node's `Network` is the first network that itemizes
  /// it (empty for an organisation no network itemizes), so reading the
  /// pair back puts each asset, and each relation with its source, in its
  /// network again. Text that a spreadsheet would run as a formula (`=…`,
  /// `+…`, `-…`, `@…`, after spaces) is defused with a leading `'`, which
  /// the readers take away again.
  /// - Complexity: O(n + m) in output size.
  public func spreadsheets() -> (nodes: String, edges: String) {
    var nodes = "Id,Label,Kind,Followers,Members,Network\r\n"
    for node in graph.nodes {
      let v = Int(node)
      let row = [
        CSVText.cell(graph.ids[v]), CSVText.cell(graph.names[v] ?? ""), graph.kinds[v].name,
        graph.followers(of: node).map(String.init) ?? "",
        graph.members(of: node).map(String.init) ?? "", CSVText.cell(networkOfNode[v] ?? ""),
      ]
      nodes += row.joined(separator: ",") + "\r\n"
    }
    var edges = "Source,Target,Type,Kind,Weight,Evidence\r\n"
    for (i, edge) in graph.edges.enumerated() {
      let row = [
        CSVText.cell(graph.ids[Int(edge.source)]), CSVText.cell(graph.ids[Int(edge.target)]),
        edge.type == .coordinatedWith ? "Undirected" : "Directed", edge.type.rawValue,
        (i < weights.count ? weights[i] : nil).map { "\($0)" } ?? "",
        CSVText.cell(i < evidence.count ? evidence[i] ?? "" : ""),
      ]
      edges += row.joined(separator: ",") + "\r\n"
    }
    return (nodes, edges)
  }
}

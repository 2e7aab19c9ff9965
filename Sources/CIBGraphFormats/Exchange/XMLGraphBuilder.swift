import CIBGraphCore
import CIBGraphSupport

/// What an attribute of a GraphML or GEXF node or edge is to cibgraph, by
/// its name (GraphML's `attr.name`, GEXF's `title`), compared without case:
/// the one mapping of other tools' attributes onto the model, shared by the
/// two readers.
///
/// Nodes: `id` (the identifier, where igraph keeps the ids it read and
/// numbers its nodes `n0`, `n1`, …), the kind column of the ``KindMapping``
/// (`kind`), `label` and then `name` (the display name), `followers`,
/// `members`. Edges: `type` and `kind` (the relation type, `kind` being
/// where Gephi keeps cibgraph's), `weight`, `evidence`. An attribute named
/// exactly as a ``Measure`` of an asset (on nodes) or of a relation (on
/// edges), of a type that holds its values, is read into its measures, as
/// cibgraph writes them. Every other
/// attribute (cibgraph's own `audience`, `distinctAudience` and `network`,
/// which it derives, Gephi's `timeset`, a `modularity_class`, colours and
/// positions) has no place in the model and is not read.
struct XMLAttributeNames: Sendable {
  enum NodeField: Int, Sendable, CaseIterable {
    case identifier, kind, label, name, followers, members
  }
  enum EdgeField: Int, Sendable, CaseIterable { case type, kind, weight, evidence }

  let kinds: KindMapping

  /// The node fields an attribute named `name` gives.
  func nodeFields(_ name: String) -> [NodeField] {
    var fields: [NodeField] = []
    let key = name.trimmingSpaces.lowercased()
    if key == kinds.columnKey { fields.append(.kind) }
    switch key {
    case "id": fields.append(.identifier)
    case "label": fields.append(.label)
    case "name": fields.append(.name)
    case "followers": fields.append(.followers)
    case "members": fields.append(.members)
    default: break
    }
    return fields
  }

  /// The measure an attribute named `name` and declared of type `type`
  /// (GraphML's `attr.type`, GEXF's `type`; `string` when not given) gives a
  /// `holder`, if any: its name exactly, and a type that can hold the
  /// measure's values, as cibgraph declares them. Another tool's attribute
  /// that only shares a name (a `strength` of type `double` from a weighted
  /// degree) is not a measure, and is not read, as before measures existed.
  func measure(_ name: String, type: String?, for holder: MeasureHolder) -> Measure? {
    guard let measure = Measure(name: name), measure.holders.contains(holder) else { return nil }
    let declared = (type ?? "string").trimmingSpaces.lowercased()
    let integers = ["long", "int", "integer", "short", "byte"]
    let accepted: Bool =
      switch measure.type {
      case .count: integers.contains(declared)
      case .number: integers.contains(declared) || ["double", "float"].contains(declared)
      case .flag: declared == "boolean"
      case .time: declared == "string"
      }
    return accepted ? measure : nil
  }

  /// The edge field an attribute named `name` gives, if any.
  func edgeField(_ name: String) -> EdgeField? {
    switch name.trimmingSpaces.lowercased() {
    case "type": .type
    case "kind": .kind
    case "weight": .weight
    case "evidence": .evidence
    default: nil
    }
  }
}

/// A value of a node or edge as the file gives it, and where it starts.
struct XMLValue: Sendable {
  var text: String
  var offset: Int
}

/// The values of a node's or an edge's fields, without a dictionary per element.
struct XMLFieldValues<Field: RawRepresentable<Int> & CaseIterable>: Sendable {
  private var values: (XMLValue?, XMLValue?, XMLValue?, XMLValue?, XMLValue?, XMLValue?)

  init() { values = (nil, nil, nil, nil, nil, nil) }

  subscript(field: Field) -> XMLValue? {
    get {
      switch field.rawValue {
      case 0: values.0
      case 1: values.1
      case 2: values.2
      case 3: values.3
      case 4: values.4
      default: values.5
      }
    }
    set {
      switch field.rawValue {
      case 0: values.0 = newValue
      case 1: values.1 = newValue
      case 2: values.2 = newValue
      case 3: values.3 = newValue
      case 4: values.4 = newValue
      default: values.5 = newValue
      }
    }
  }
}

/// The measured values of a node or an edge as the file gives them.
struct XMLMeasureValues: Sendable {
  private var values: [(measure: Measure, value: XMLValue)] = []

  /// Sets a measure's value; a second, different value of it is a problem.
  mutating func set(_ measure: Measure, _ value: XMLValue, problem: inout XMLItemProblem?) {
    if let earlier = values.first(where: { $0.measure == measure }) {
      if earlier.value.text != value.text, problem == nil {
        problem = XMLItemProblem(
          "a second value for \(measure.rawValue), after \"\(earlier.value.text.prefix(40))\"",
          at: value.offset)
      }
      return
    }
    values.append((measure, value))
  }

  /// Whether `measure` has a value.
  func contains(_ measure: Measure) -> Bool { values.contains { $0.measure == measure } }

  /// The values read, or the first that is not one of its measure's type.
  func measurements() throws(XMLItemProblem) -> Measurements {
    var measurements = Measurements()
    for (measure, value) in values {
      do throws(ExchangeNumber.Refusal) {
        measurements[measure] = try ExchangeNumber.measure(value.text, measure)
      } catch {
        throw XMLItemProblem(error.message, at: value.offset)
      }
    }
    return measurements
  }
}

/// A node or edge that cannot be read, and where.
struct XMLItemProblem: Error, Sendable {
  var message: String
  var offset: Int

  init(_ message: String, at offset: Int) {
    self.message = message
    self.offset = offset
  }
}

/// Turns the nodes and edges a GraphML or GEXF reader finds into one
/// network of assets and relations, with the same rules and words as the
/// spreadsheets': a node or edge that cannot be read is an error
/// (`bad-row`) and is left out, and so are relations to a node left out
/// (counted in a note); an identifier defined twice or a relation to
/// nothing is left for `Validator`, located through ``XMLLocations``.
struct XMLGraphBuilder {
  /// A node as read: its XML id, where its element starts, and its values.
  struct Node {
    var xmlID: XMLValue?
    var offset: Int
    var values = XMLFieldValues<XMLAttributeNames.NodeField>()
    var measures = XMLMeasureValues()
    /// The first problem found while reading it (a value given twice).
    var problem: XMLItemProblem?

    init(xmlID: XMLValue?, offset: Int) {
      self.xmlID = xmlID
      self.offset = offset
    }

    /// Sets a field's value; a second, different value of a field is a
    /// problem, but for a name, where the first is kept (a label written
    /// both as GEXF's attribute and as an attribute value).
    mutating func set(_ field: XMLAttributeNames.NodeField, _ value: XMLValue, name: String) {
      if let earlier = values[field] {
        if earlier.text != value.text, problem == nil, field != .label, field != .name {
          problem = XMLItemProblem(
            "a second value for \(name), after \"\(earlier.text)\"", at: value.offset)
        }
        return
      }
      values[field] = value
    }

    /// Sets a measure's value; a second, different value of it is a problem.
    mutating func set(_ measure: Measure, _ value: XMLValue) {
      measures.set(measure, value, problem: &problem)
    }
  }

  /// An edge as read: its ends' XML ids, where its element starts, and its values.
  struct Edge {
    var source: XMLValue?
    var target: XMLValue?
    var offset: Int
    var values = XMLFieldValues<XMLAttributeNames.EdgeField>()
    var measures = XMLMeasureValues()
    var problem: XMLItemProblem?

    init(source: XMLValue?, target: XMLValue?, offset: Int) {
      self.source = source
      self.target = target
      self.offset = offset
    }

    mutating func set(_ field: XMLAttributeNames.EdgeField, _ value: XMLValue, name: String) {
      if let earlier = values[field] {
        if earlier.text != value.text, problem == nil {
          problem = XMLItemProblem(
            "a second value for \(name), after \"\(earlier.text)\"", at: value.offset)
        }
        return
      }
      values[field] = value
    }

    /// Sets a measure's value; a second, different value of it is a problem.
    mutating func set(_ measure: Measure, _ value: XMLValue) {
      measures.set(measure, value, problem: &problem)
    }
  }

  let file: String
  let kinds: KindMapping
  let names: XMLAttributeNames
  /// The nodes and edges left out, and where: located at the end, in one pass.
  private var errors: [XMLItemProblem] = []
  private var assets: [Asset] = []
  private var assetOffsets: [Int] = []
  /// Each XML id's identifier (igraph's `id` attribute may differ from it); the first node wins.
  private var identifierOfXMLID: [String: String] = [:]
  /// XML ids of nodes left out, unless a good node has the same one.
  private var rejected = Set<String>()
  private var pendingRelations:
    [(relation: Relation, source: String, target: String, offset: Int)] = []
  /// The kinds and type words read so far, by their text as written: a
  /// file names a few kinds and types a million times.
  private var kindOfText: [String: AssetKind] = [:]
  private var typeWordOfText: [String: EdgeTypeWord] = [:]
  private var relationOfText: [String: RelationType] = [:]

  init(file: String, kinds: KindMapping) {
    self.file = file
    self.kinds = kinds
    names = XMLAttributeNames(kinds: kinds)
  }

  /// A node or edge left out for a problem at `offset`.
  mutating func error(_ message: String, at offset: Int, _ scanner: XMLScanner) {
    errors.append(XMLItemProblem(message, at: offset))
  }

  /// Adds a node whose element has ended: its asset, or an error that leaves it out.
  /// - Complexity: O(length of its values).
  mutating func add(_ node: Node, _ scanner: XMLScanner) {
    guard let xmlID = node.xmlID, !xmlID.text.isEmpty else {
      error("a node without an id", at: node.offset, scanner)
      return
    }
    let identifier =
      node.values[.identifier].flatMap { $0.text.isEmpty ? nil : $0.text } ?? xmlID.text
    do throws(XMLItemProblem) {
      if let problem = node.problem {
        throw problem
      }
      let kind = try kind(of: node)
      let followers = try count(node.values[.followers], "followers")
      let members = try count(node.values[.members], "members")
      var name = (node.values[.label] ?? node.values[.name])?.text
      // Writers fill a missing label with the id (NetworkX, Gephi, cibgraph): no name.
      if name == identifier || name == xmlID.text { name = nil }
      assets.append(
        Asset(
          id: identifier, kind: kind, name: name, followers: followers, members: members,
          measures: try node.measures.measurements()))
      assetOffsets.append(node.offset)
      if identifierOfXMLID[xmlID.text] == nil { identifierOfXMLID[xmlID.text] = identifier }
      rejected.remove(xmlID.text)
    } catch {
      self.error(error.message, at: error.offset, scanner)
      if identifierOfXMLID[xmlID.text] == nil { rejected.insert(xmlID.text) }
    }
  }

  private mutating func kind(of node: Node) throws(XMLItemProblem) -> AssetKind {
    if let value = node.values[.kind], let kind = kindOfText[value.text] { return kind }
    guard let value = node.values[.kind], !value.text.trimmingSpaces.isEmpty else {
      if let kind = kinds.defaultKind { return kind }
      throw XMLItemProblem(
        "the node has no \(kinds.column); give the attribute that holds kinds, or one kind for every node",
        at: node.offset)
    }
    guard let kind = kinds.kind(named: value.text) else {
      throw XMLItemProblem(kinds.unknownValueMessage(value.text), at: value.offset)
    }
    if kindOfText.count < 1024 { kindOfText[value.text] = kind }
    return kind
  }

  private func count(_ value: XMLValue?, _ name: String) throws(XMLItemProblem) -> Int? {
    guard let value else { return nil }
    do throws(ExchangeNumber.Refusal) {
      return try ExchangeNumber.count(value.text, name)
    } catch {
      throw XMLItemProblem(error.message, at: value.offset)
    }
  }

  /// Adds an edge whose element has ended: its relation, resolved once every
  /// node is known, or an error that leaves it out.
  mutating func add(_ edge: Edge, _ scanner: XMLScanner) {
    do throws(XMLItemProblem) {
      if let problem = edge.problem {
        throw problem
      }
      guard let source = edge.source, !source.text.isEmpty else {
        throw XMLItemProblem("an edge without a source", at: edge.offset)
      }
      guard let target = edge.target, !target.text.isEmpty else {
        throw XMLItemProblem("an edge without a target", at: edge.offset)
      }
      var type: EdgeTypeWord?
      if let value = edge.values[.type], let known = typeWordOfText[value.text] {
        type = known
      } else if let value = edge.values[.type], !value.text.trimmingSpaces.isEmpty {
        type = EdgeTypeWord(value.text.trimmingSpaces)
        if let type, typeWordOfText.count < 1024 { typeWordOfText[value.text] = type }
        guard type != nil else {
          throw XMLItemProblem(
            "unknown relation type \"\(value.text)\"; expected one of \(RelationType.validNames), or a direction (directed, undirected)",
            at: value.offset)
        }
      }
      var kind: RelationType?
      if let value = edge.values[.kind], let known = relationOfText[value.text] {
        kind = known
      } else if let value = edge.values[.kind], !value.text.trimmingSpaces.isEmpty {
        kind = RelationType(name: value.text.trimmingSpaces)
        if let kind, relationOfText.count < 1024 { relationOfText[value.text] = kind }
        guard kind != nil else {
          throw XMLItemProblem(
            "unknown relation type \"\(value.text)\" in kind; expected one of \(RelationType.validNames)",
            at: value.offset)
        }
      }
      guard let relation = EdgeTypeWord.relation(type: type, kind: kind) else {
        throw XMLItemProblem(
          "kind says \(kind!.rawValue) but type says \(type!.relation!.rawValue); give one relation type",
          at: edge.values[.kind]!.offset)
      }
      var weight: Double?
      if let value = edge.values[.weight] {
        switch ExchangeNumber.parse(value.text) {
        case .empty: break
        case .number(let number): weight = number
        case .invalid:
          throw XMLItemProblem(
            "weight is not a finite number: \"\(value.text.prefix(40))\"", at: value.offset)
        }
      }
      pendingRelations.append(
        (
          Relation(
            source: source.text, target: target.text, type: relation,
            evidence: edge.values[.evidence]?.text, weight: weight,
            measures: try edge.measures.measurements()),
          source.text, target.text, edge.offset
        ))
    } catch {
      self.error(error.message, at: error.offset, scanner)
    }
  }

  /// The network read, as a document of one network named after the file.
  /// - Complexity: O(bytes + (nodes + edges) log (nodes + edges)).
  mutating func document(_ scanner: XMLScanner, format: String) -> LoadedDocument {
    var network = Network(
      id: GephiSpreadsheet.baseName(file), name: GephiSpreadsheet.baseName(file))
    network.assets = assets
    var relationOffsets: [Int] = []
    var skipped = 0
    for pending in pendingRelations {
      if rejected.contains(pending.source) || rejected.contains(pending.target) {
        skipped += 1
        continue
      }
      var relation = pending.relation
      // An end no node declares stays as written, for Validator to report where it is.
      relation.source = identifierOfXMLID[pending.source] ?? pending.source
      relation.target = identifierOfXMLID[pending.target] ?? pending.target
      network.relations.append(relation)
      relationOffsets.append(pending.offset)
    }
    let places = OffsetPlaces(
      scanner.bytes, offsets: errors.map(\.offset) + assetOffsets + relationOffsets)
    var findings = errors.indices.map { index in
      Finding(
        .error, "bad-row", errors[index].message,
        location: places.location(index, file: file), structural: true)
    }
    if skipped > 0 {
      findings.append(GephiSpreadsheet.skippedRelationsFinding(skipped, file: file))
    }
    let report = Report(
      title: fileName(file), publisher: "itemized data", kind: .secondary,
      notes: ["read from \(file) (\(format))"])
    return LoadedDocument(
      document: NetworkDocument(report: report, networks: [network]), findings: findings,
      locations: DocumentLocations(
        XMLLocations(
          file: file, places: places, firstAsset: errors.count,
          firstRelation: errors.count + assetOffsets.count, relations: relationOffsets.count)))
  }
}

/// The lines and columns of byte offsets of a file, found in one pass over
/// it, however the offsets are ordered and however long its lines are: a
/// table of every line's start would take 8 bytes a line (gigabytes for a
/// file of line ends), and counting from a line's start for each offset
/// would be quadratic on a file of one line.
struct OffsetPlaces: Sendable {
  /// Line and column (in Unicode scalars, from 1) of each offset, in the order given.
  private let places: [(line: Int, column: Int)]

  /// - Complexity: O(bytes + offsets log offsets).
  init(_ bytes: [UInt8], offsets: [Int]) {
    var places = [(line: Int, column: Int)](repeating: (1, 1), count: offsets.count)
    let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
    var line = 1
    var column = 1
    var position = 0
    for index in order {
      let target = min(offsets[index], bytes.count)
      while position < target {
        let byte = bytes[position]
        if byte == .lf
          || (byte == .cr && (position + 1 == bytes.count || bytes[position + 1] != .lf))
        {
          line += 1
          column = 1
        } else if byte & 0xC0 != 0x80 {
          column += 1
        }
        position += 1
      }
      places[index] = (line, column)
    }
    self.places = places
  }

  /// The location of the offset at `index` of those given.
  func location(_ index: Int, file: String) -> SourceLocation {
    SourceLocation(file: file, line: places[index].line, column: places[index].column)
  }
}

/// Maps paths into a document read from GraphML or GEXF back to the file:
/// an asset or relation to the start of its element.
struct XMLLocations: LocationResolver {
  let file: String
  let places: OffsetPlaces
  /// Where the assets' and the relations' places begin among ``places``.
  let firstAsset: Int
  let firstRelation: Int
  let relations: Int

  func location(of path: ModelPath) -> SourceLocation {
    let steps = path.components
    guard steps.count >= 4, case .key(let list) = steps[2], case .index(let item) = steps[3]
    else { return SourceLocation(file: file) }
    switch list {
    case "assets" where item < firstRelation - firstAsset:
      return places.location(firstAsset + item, file: file)
    case "relations" where item < relations:
      return places.location(firstRelation + item, file: file)
    default:
      return SourceLocation(file: file)
    }
  }
}

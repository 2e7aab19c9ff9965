import CIBGraphSupport

/// What a measured value is: a count, a number, an instant or a yes/no.
package enum MeasureType: String, Sendable, Hashable, CaseIterable {
  /// A whole number from 0 to ``Count/largest``.
  case count
  /// A finite number.
  case number
  /// An instant, in whole milliseconds since 1970-01-01T00:00:00Z.
  case time
  /// True or false.
  case flag
}

/// What holds a measure: an asset, a relation or a network.
package enum MeasureHolder: String, Sendable, Hashable, CaseIterable {
  /// An ``Asset`` (a node of an export).
  case asset
  /// A ``Relation`` (an edge of an export).
  case relation
  /// A ``Network``.
  case network
}

/// The name of a measured value, with its type and what may hold it: the one
/// list of the measures a document, a GraphML or a GEXF file carries.
///
/// `cibgraph coordinate --measures` gives them. Times between shares are in
/// seconds, instants in milliseconds since 1970 (written as ISO 8601 text).
/// A relation's weight is ``Relation/weight`` and not repeated here.
///
/// The package's: the readers, writers and the detector set values by case, a
/// library user reads them by the names docs/document-format.md lists
/// (``Measurements/subscript(_:)``), as every file spells them.
package enum Measure: String, Sendable, Hashable, CaseIterable {
  // Relations: an edge of a coordination network.
  /// Distinct objects the two accounts coincided on.
  case distinctObjects
  /// Coinciding pairs of shares (CooRTweet's weight).
  case sharePairs
  /// Shares of the relation's source that coincide with one of its target's.
  case sourceShares
  /// Shares of the relation's target that coincide with one of its source's.
  case targetShares
  /// The shares of both accounts behind the edge.
  case posts
  /// The smaller account's coinciding shares over the larger's (CooRTweet's
  /// `edge_symmetry_score`): 1 when both contribute alike.
  case symmetry
  /// The mean time between the two shares of a coinciding pair, in seconds.
  case meanGapSeconds
  /// The shortest time between two coinciding shares, in seconds.
  case minGapSeconds
  /// The weight counting only coincidences within the fast window.
  case fastWeight
  /// Whether the fast weight passes the thresholds the weight is held to.
  case fast

  // Assets: an account of a coordination network.
  /// The account's actions (rows) in the input.
  case actions
  /// Distinct objects an account acted on; for a network, distinct objects its edges coincided on.
  case objects
  /// The account's actions that coincide with an action of an account it is linked to.
  case coordinatedActions
  /// The account's edges.
  case degree
  /// The sum of the weights of the account's edges.
  case strength
  /// The account's first action in the input.
  case firstAction
  /// The account's last action in the input.
  case lastAction

  // Networks: a candidate network (a connected component).
  /// Its accounts.
  case accounts
  /// Its edges.
  case edges
  /// The sum of its edges' weights.
  case totalWeight
  /// Its edges over the pairs of its accounts, 2E / (V(V − 1)).
  case density
  /// Its edges that are fast.
  case fastEdges
  /// The first coordinated action of its accounts.
  case firstCoordinatedAction
  /// The last coordinated action of its accounts.
  case lastCoordinatedAction
  /// The seconds from its first coordinated action to its last.
  case timeSpanSeconds

  /// The type of the measure's values.
  package var type: MeasureType {
    switch self {
    case .symmetry, .meanGapSeconds, .minGapSeconds, .density, .timeSpanSeconds: .number
    case .fast: .flag
    case .firstAction, .lastAction, .firstCoordinatedAction, .lastCoordinatedAction: .time
    default: .count
    }
  }

  /// What may hold the measure.
  package var holders: [MeasureHolder] {
    switch self {
    case .distinctObjects, .sharePairs, .sourceShares, .targetShares, .posts, .symmetry,
      .meanGapSeconds, .minGapSeconds, .fastWeight, .fast:
      [.relation]
    case .objects: [.asset, .network]
    case .actions, .coordinatedActions, .degree, .strength, .firstAction, .lastAction: [.asset]
    case .accounts, .edges, .totalWeight, .density, .fastEdges, .firstCoordinatedAction,
      .lastCoordinatedAction, .timeSpanSeconds:
      [.network]
    }
  }

  /// The measure's place among the cases, for the order of ``Measurements``.
  var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

  /// The measure whose name is `name`, exactly as written.
  package init?(name: some StringProtocol) { self.init(rawValue: String(name)) }
}

/// A measured value: a count, a number, an instant or a yes/no.
public enum MeasureValue: Sendable, Hashable {
  /// A whole number, from 0 to ``Count/largest``.
  case count(Int)
  /// A finite number.
  case number(Double)
  /// An instant, in whole milliseconds since 1970-01-01T00:00:00Z.
  case time(Int64)
  /// True or false.
  case flag(Bool)

  /// The type of the value.
  package var type: MeasureType {
    switch self {
    case .count: .count
    case .number: .number
    case .time: .time
    case .flag: .flag
    }
  }

  /// The value as text, as GraphML and GEXF attributes and a diff show it:
  /// digits, a decimal number as NetworkX and Gephi read it
  /// (`0.6666666666666666`, `1e-05`), `true` or `false`, or an ISO 8601
  /// time in UTC.
  package var text: String {
    switch self {
    case .count(let count): String(count)
    case .number(let number): "\(number)"
    case .time(let milliseconds): ActivityTime.iso(milliseconds)
    case .flag(let flag): flag ? "true" : "false"
    }
  }

  /// The instant an ISO 8601 text gives (`2019-05-01T12:34:56.789Z`, as
  /// files write a `MeasureType.time`), or `nil` for any other text,
  /// Unix seconds included.
  /// - Complexity: O(length of `text`).
  package static func time(iso text: String) -> Int64? {
    let start = Array(text.utf8.prefix(5))
    guard start.count == 5, start[4] == UInt8(ascii: "-"), start[0] >= UInt8(ascii: "0"),
      start[0] <= UInt8(ascii: "9")
    else { return nil }
    return ActivityTime.parse(text)
  }

  /// Why the value cannot be measure `measure`'s, or `nil` when it can: a
  /// value of another type, a count ``Count`` refuses, a number that is not
  /// finite, an instant before the year 0 or after 9999.
  package func refusal(as measure: Measure) -> String? {
    guard type == measure.type else {
      return "\(measure.rawValue) is a \(measure.type.rawValue), not a \(type.rawValue)"
    }
    switch self {
    case .count(let value): return Count.refusal(value).map { "\(measure.rawValue) \($0)" }
    case .number(let value):
      return value.isFinite ? nil : "\(measure.rawValue) is not a finite number"
    case .time(let value):
      return ActivityTime.representable.contains(value)
        ? nil : "\(measure.rawValue) is not a time from the year 0 to 9999"
    case .flag: return nil
    }
  }
}

/// The measured values of an asset, a relation or a network, each under a
/// measure's name (`degree`, `fastWeight`, `density`: docs/document-format.md
/// lists them, with their types and holders): typed and named, so that a
/// GraphML or GEXF export declares each as an attribute a researcher can size,
/// filter or colour by.
///
/// Values are kept in the order of that list, whatever the order they were set
/// in, so that two equal sets of values are equal and are written alike.
public struct Measurements: Sendable, Hashable {
  /// A measure and its value.
  package struct Entry: Sendable, Hashable {
    /// The measure.
    package var measure: Measure
    /// Its value.
    package var value: MeasureValue
  }

  /// The values, in the order of ``Measure``'s cases.
  package private(set) var entries: [Entry] = []

  /// No values.
  public init() {}

  /// Whether no value is set.
  package var isEmpty: Bool { entries.isEmpty }

  /// The values with their measures' names, in the documented order.
  /// - Complexity: O(number of values).
  public var values: [(name: String, value: MeasureValue)] {
    entries.map { (name: $0.measure.rawValue, value: $0.value) }
  }

  /// The value of the measure named `name` exactly as files write it
  /// (`"fastWeight"`), or `nil` when it was not measured or no measure has
  /// that name.
  /// - Complexity: O(number of values), at most the number of measures.
  public subscript(name: String) -> MeasureValue? {
    Measure(rawValue: name).flatMap { self[$0] }
  }

  /// The values a file can hold and a reader accepts: those whose
  /// ``MeasureValue/refusal(as:)`` is `nil`. Writers write these only.
  package var writable: [Entry] { entries.filter { $0.value.refusal(as: $0.measure) == nil } }

  /// The value of `measure`, or `nil` when not measured; setting `nil` removes it.
  /// - Complexity: O(number of values), at most ``Measure``'s cases.
  package subscript(measure: Measure) -> MeasureValue? {
    get { entries.first { $0.measure == measure }?.value }
    set {
      let index = entries.firstIndex { $0.measure == measure }
      switch (index, newValue) {
      case (let index?, let value?): entries[index].value = value
      case (let index?, nil): entries.remove(at: index)
      case (nil, let value?):
        let order = measure.order
        let place = entries.firstIndex { $0.measure.order > order } ?? entries.endIndex
        entries.insert(Entry(measure: measure, value: value), at: place)
      case (nil, nil): break
      }
    }
  }
}

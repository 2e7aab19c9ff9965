import CIBGraphCore
import CIBGraphSupport

/// A word of an edge's type as other tools write it: a relation type, or
/// only the edge's direction (Gephi's `Type` column, GEXF's and NetworkX's
/// `type`: `Directed`, `Undirected`, `Mixed`, `mutual`).
///
/// A direction says nothing of what the relation is, and is not kept:
/// analysis takes every relation as undirected, and a relation type implies
/// its own direction (``RelationType/coordinatedWith`` is the undirected one).
enum EdgeTypeWord: Sendable, Hashable {
  case relation(RelationType)
  case direction

  /// The words of directions, as ``FieldNames`` compares them.
  static let directions = ["directed", "undirected", "mixed", "mutual"]

  /// Reads a relation type's name or a direction, case ignored; `nil` for anything else.
  init?(_ text: some StringProtocol) {
    if let relation = RelationType(name: text) {
      self = .relation(relation)
    } else if Self.directions.contains(text.lowercased()) {
      self = .direction
    } else {
      return nil
    }
  }

  /// The relation type, when the word is one.
  var relation: RelationType? {
    if case .relation(let type) = self { type } else { nil }
  }

  /// The relation of an edge whose type word is `type` and whose kind
  /// (Gephi's name for the relation of a parallel edge, where a Gephi export
  /// keeps cibgraph's relation type) is `kind`: the one they name,
  /// ``RelationType/linkedTo`` when neither names one, `nil` when they name two.
  static func relation(type: EdgeTypeWord?, kind: RelationType?) -> RelationType? {
    switch (type?.relation, kind) {
    case (let a?, let b?): a == b ? a : nil
    case (let a?, nil): a
    case (nil, let b?): b
    case (nil, nil): .linkedTo
    }
  }
}

extension FieldNames<EdgeTypeWord> {
  /// Relation types and directions, for an edge's `Type`.
  static let edgeTypes = FieldNames(
    RelationType.allCases.map { ($0.rawValue, EdgeTypeWord.relation($0)) }
      + EdgeTypeWord.directions.map { ($0, EdgeTypeWord.direction) })
}

/// A number in a field that other tools wrote: an edge's weight, a count.
enum ExchangeNumber: Sendable, Hashable {
  /// Nothing but spaces: no value.
  case empty
  case number(Double)
  /// Not a finite decimal number.
  case invalid

  /// Reads a decimal number as Gephi, NetworkX and igraph write them
  /// (`2`, `0.25`, `-1.5`, `1e-05`, `1.2E+07`), with spaces and tabs around
  /// allowed, and a comma as the decimal mark when there is no point (Gephi
  /// in a locale that writes `1,33`; it never groups thousands). Hexadecimal,
  /// `NaN` and `Infinity` are not finite decimal numbers.
  /// - Complexity: O(length of `text`).
  static func parse(_ text: some StringProtocol) -> ExchangeNumber {
    var bytes = Array(text.utf8)
    while let last = bytes.last, last == .space || last == .tab { bytes.removeLast() }
    let start = bytes.firstIndex { $0 != .space && $0 != .tab } ?? bytes.count
    if start == bytes.count { return .empty }
    bytes.removeFirst(start)
    var digits = 0
    var points = 0
    var commas = 0
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
      case UInt8(ascii: "."): points += 1
      case UInt8(ascii: ","): commas += 1
      case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): break
      default: return .invalid
      }
    }
    guard bytes.count <= 64, digits > 0, commas == 0 || (commas == 1 && points == 0) else {
      return .invalid
    }
    if commas == 1 { bytes = bytes.map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 } }
    guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else {
      return .invalid
    }
    return .number(value)
  }

  /// A count written as a number: a whole number no larger than
  /// ``Count/largest``, possibly written with a point or an exponent
  /// (`1500.0`, `1.5e+06`, as igraph and NetworkX write counts they hold as
  /// floating point). Returns the count, `nil` for an empty text, or throws
  /// the reason it is no count.
  static func count(_ text: some StringProtocol, _ name: String) throws(Refusal) -> Int? {
    let trimmed = text.trimmingSpaces
    if trimmed.isEmpty { return nil }
    if trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
      let value = Int(trimmed)
    {
      if let refusal = Count.refusal(value) { throw Refusal("\(name) \(refusal)") }
      return value
    }
    guard case .number(let value) = parse(trimmed), !trimmed.utf8.contains(UInt8(ascii: ",")) else {
      throw Refusal("\(name) is not a number: \"\(trimmed.prefix(40))\"")
    }
    guard value >= 0 else {
      throw Refusal("\(name) is negative (\(trimmed.prefix(40))); counts are never negative")
    }
    guard value.rounded() == value else {
      throw Refusal("\(name) is not a whole number: \"\(trimmed.prefix(40))\"")
    }
    guard value <= Double(Count.largest) else {
      throw Refusal(
        "\(name) is too large (\(trimmed.prefix(40))); the largest count accepted is \(groupedDigits(Count.largest))"
      )
    }
    return Int(value)
  }

  /// A measured value written as text (``GraphExport`` writes them): a count
  /// as ``count(_:_:)`` reads one, a finite number as ``parse(_:)``, `true`
  /// or `false` (`1` or `0`, as some tools write booleans), an ISO 8601
  /// time. Returns `nil` for an empty text, or throws the reason the text
  /// is not a value of `measure`'s type.
  /// - Complexity: O(length of `text`).
  static func measure(_ text: String, _ measure: Measure) throws(Refusal) -> MeasureValue? {
    let trimmed = text.trimmingSpaces
    if trimmed.isEmpty { return nil }
    let name = measure.rawValue
    let value: MeasureValue
    switch measure.type {
    case .count:
      guard let count = try count(trimmed, name) else { return nil }
      value = .count(count)
    case .number:
      guard case .number(let number) = parse(trimmed) else {
        throw Refusal("\(name) is not a finite number: \"\(trimmed.prefix(40))\"")
      }
      value = .number(number)
    case .flag:
      switch trimmed.lowercased() {
      case "true", "1": value = .flag(true)
      case "false", "0": value = .flag(false)
      default: throw Refusal("\(name) is not true or false: \"\(trimmed.prefix(40))\"")
      }
    case .time:
      guard let milliseconds = MeasureValue.time(iso: String(trimmed)) else {
        throw Refusal(
          "\(name) is not a time of the form 2019-05-01T12:34:56.789Z: \"\(trimmed.prefix(40))\"")
      }
      value = .time(milliseconds)
    }
    if let refusal = value.refusal(as: measure) { throw Refusal(refusal) }
    return value
  }

  /// Why a text is not the number it should be, for the message of its element.
  struct Refusal: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
  }
}

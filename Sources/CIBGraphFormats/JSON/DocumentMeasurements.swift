import CIBGraphCore
import CIBGraphSupport
import Foundation

// An asset's, a relation's or a network's `measures`: an object from measure
// names to values, each of the type its `Measure` has (a count, a number, an
// ISO 8601 time, true or false). A version 2 key, written only when a value
// is measured, so that a document without measures is written as before.

extension KeyedDecodingContainer {
  /// Reads the `measures` of a `holder` at `key`, refusing a measure name
  /// this version does not know, one another holder has, and a value not of
  /// its measure's type or not acceptable as one (a count above
  /// ``Count/largest``, a number no `Double` holds, a time that is not
  /// one); every refusal at the value at fault. Duplicate names are the
  /// scanner's to refuse, as every duplicate key is.
  func decodeMeasures(forKey key: Key, holder: MeasureHolder) throws -> Measurements {
    guard contains(key), try !decodeNil(forKey: key) else { return Measurements() }
    if DocumentScope.version == 1 {
      try refuseKey(key, "\"measures\" is a version 2 key; this document is version 1")
    }
    let values = try nestedContainer(keyedBy: DocumentKey.self, forKey: key)
    var measures = Measurements()
    // In a fixed order, so that the first refusal is the same on every run.
    for name in values.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
      guard let measure = Measure(name: name.stringValue) else {
        let known = Measure.allCases.filter { $0.holders.contains(holder) }
        throw DecodingError.dataCorruptedError(
          forKey: name, in: values,
          debugDescription:
            "unknown measure \"\(name.stringValue)\"; \(holder.article) \(holder.rawValue) has "
            + known.map(\.rawValue).joined(separator: ", "))
      }
      guard measure.holders.contains(holder) else {
        throw DecodingError.dataCorruptedError(
          forKey: name, in: values,
          debugDescription:
            "\(measure.rawValue) is measured of "
            + measure.holders.map { "\($0.article) \($0.rawValue)" }.joined(separator: " or ")
            + ", not of \(holder.article) \(holder.rawValue)")
      }
      measures[measure] = try values.decodeMeasureValue(measure, forKey: name)
    }
    return measures
  }

  fileprivate func decodeMeasureValue(_ measure: Measure, forKey key: Key) throws -> MeasureValue {
    let value: MeasureValue
    switch measure.type {
    case .count:
      value = .count(try decodeRequiredCount(forKey: key))
    case .number:
      do {
        value = .number(try decode(Double.self, forKey: key))
      } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
        // The tree refuses a number no Double holds at no path: point at it.
        throw DecodingError.dataCorruptedError(
          forKey: key, in: self,
          debugDescription: "\(measure.rawValue) is beyond the numbers a measure holds")
      }
    case .time:
      let text = try decode(String.self, forKey: key)
      guard let milliseconds = MeasureValue.time(iso: text) else {
        throw DecodingError.dataCorruptedError(
          forKey: key, in: self,
          debugDescription:
            "\(measure.rawValue) is not a time of the form 2019-05-01T12:34:56.789Z: "
            + "\"\(text.prefix(40))\"")
      }
      value = .time(milliseconds)
    case .flag:
      value = .flag(try decode(Bool.self, forKey: key))
    }
    if let refusal = value.refusal(as: measure) {
      throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: refusal)
    }
    return value
  }
}

extension KeyedEncodingContainer {
  /// Writes `measures` at `key` when any is measured; a value the format
  /// cannot hold or would refuse on reading (a number that is not finite, a
  /// count beyond ``Count/largest``) is left out rather than written.
  mutating func encodeMeasures(_ measures: Measurements, forKey key: Key) throws {
    let writable = measures.writable
    guard !writable.isEmpty else { return }
    var values = nestedContainer(keyedBy: DocumentKey.self, forKey: key)
    for entry in writable {
      let name = DocumentKey(stringValue: entry.measure.rawValue)
      switch entry.value {
      case .count(let count): try values.encode(count, forKey: name)
      case .number(let number): try values.encode(number, forKey: name)
      case .time(let milliseconds): try values.encode(ActivityTime.iso(milliseconds), forKey: name)
      case .flag(let flag): try values.encode(flag, forKey: name)
      }
    }
  }
}

extension MeasureHolder {
  /// "an" or "a", for messages.
  fileprivate var article: String { self == .asset ? "an" : "a" }
}

import CIBGraphCore
import CIBGraphSupport
import Foundation

// Helpers the model's decoders share, so that every refusal names what it
// expected and points at the value at fault.

extension Decoder {
  /// Decodes one of the names of `T`'s cases, refusing any other with the
  /// names it takes: `unknown qualifier "roughly"; expected one of exactly, about, …`.
  func decodeName<T: RawRepresentable & CaseIterable>(_: T.Type, what: String) throws -> T
  where T.RawValue == String {
    let container = try singleValueContainer()
    let name = try container.decode(String.self)
    guard let value = T(rawValue: name) else {
      let names = T.allCases.map(\.rawValue).joined(separator: ", ")
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "unknown \(what) \"\(name)\"; expected one of \(names)")
    }
    return value
  }
}

extension KeyedDecodingContainer {
  /// Refuses `key` when present (even as `null`): the key of another
  /// version, which this version would otherwise ignore.
  func refuseKey(_ key: Key, _ message: String) throws {
    if contains(key) {
      throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: message)
    }
  }
}

/// A key of a path into a document, for errors thrown at a place no
/// container points to (an element already decoded, a member of one).
struct DocumentKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { self.init(index: intValue) }
  init(index: Int) {
    stringValue = String(index)
    intValue = index
  }
}

extension KeyedDecodingContainer {
  /// Decodes an optional audience or asset count, refusing what `Count` refuses.
  func decodeCount(forKey key: Key) throws -> Int? {
    guard contains(key), try !decodeNil(forKey: key) else { return nil }
    return try decodeRequiredCount(forKey: key)
  }

  /// Decodes a count, refusing what `Count` refuses.
  ///
  /// Read as a `Double` and then checked: Foundation's decoder reports a
  /// number that does not fit an `Int` (1.5, 1e300) as invalid JSON with no
  /// path, so the message could not point at it. Every accepted count is
  /// below 2^53, where a `Double` is exact.
  /// "about 9.2e18": two significant digits and a power of ten, for a
  /// number too large to show exactly.
  static func approximately(_ number: Double) -> String {
    let exponent = Int(log10(number.magnitude).rounded(.down))
    var mantissa = (number.magnitude / pow(10, Double(exponent)) * 10).rounded() / 10
    var power = exponent
    if mantissa >= 10 {
      mantissa /= 10
      power += 1
    }
    let digits = mantissa == mantissa.rounded() ? "\(Int(mantissa))" : "\(mantissa)"
    return "about \(number < 0 ? "-" : "")\(digits)e\(power)"
  }

  func decodeRequiredCount(forKey key: Key) throws -> Int {
    let number: Double
    do {
      number = try decode(Double.self, forKey: key)
    } catch DecodingError.typeMismatch(_, let context) {
      throw DecodingError.typeMismatch(Int.self, context)
    }
    guard number.isFinite, number.rounded() == number else {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self, debugDescription: "the count is not a whole number (\(number))")
    }
    guard number.magnitude <= Double(Count.largest) else {
      // Beyond 2^53 a Double is no longer the number written, only near it:
      // say so, in the powers of ten a reader counts in, not Swift's
      // shortest round-trip text ("9.223372036854776e+18").
      let shown =
        number.magnitude < 0x1p53 ? groupedDigits(Int(number)) : Self.approximately(number)
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self,
        debugDescription: number < 0
          ? "the count is negative (\(shown)); counts are never negative"
          : "the count is too large (\(shown)); the largest count accepted is \(groupedDigits(Count.largest))"
      )
    }
    let value = Int(number)
    if let refusal = Count.refusal(value) {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self, debugDescription: "the count \(refusal)")
    }
    return value
  }

}

extension KeyedDecodingContainer {
  /// Decodes a list of places, refusing what `Place` refuses (an unknown
  /// country code, an empty name) at the place itself.
  func decodePlaces(forKey key: Key) throws -> [String] {
    guard contains(key), try !decodeNil(forKey: key) else { return [] }
    var list = try nestedUnkeyedContainer(forKey: key)
    var places: [String] = []
    while !list.isAtEnd {
      // The container has moved past an element once it is decoded.
      let index = list.currentIndex
      let place = try list.decode(String.self)
      if let refusal = Place.refusal(place) {
        throw DecodingError.dataCorrupted(
          .init(
            codingPath: list.codingPath + [DocumentKey(index: index)], debugDescription: refusal))
      }
      places.append(place)
    }
    return places
  }

  /// Decodes one optional place, refusing what `Place` refuses.
  func decodePlace(forKey key: Key) throws -> String? {
    guard let place = try decodeIfPresent(String.self, forKey: key) else { return nil }
    if let refusal = Place.refusal(place) {
      throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: refusal)
    }
    return place
  }
}

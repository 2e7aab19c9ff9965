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

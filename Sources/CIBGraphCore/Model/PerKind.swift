import CIBGraphSupport

/// A value for some of the asset kinds, such as a report's count of each kind.
///
/// Encodes as a JSON object keyed by kind name (`{"page": …, "group": …}`) and
/// refuses unknown keys when decoding, so a misspelt kind is an error rather
/// than a figure silently dropped.
public struct PerKind<Value> {
  private var storage: [AssetKind: Value]

  /// An empty table.
  public init() { storage = [:] }

  /// A table with the given entries.
  public init(_ entries: [AssetKind: Value]) { storage = entries }

  /// The value for `kind`, or `nil` when the table has none.
  public subscript(kind: AssetKind) -> Value? {
    get { storage[kind] }
    set { storage[kind] = newValue }
  }

  /// The kinds that have a value, in ``AssetKind`` order, with their values.
  public var entries: [(kind: AssetKind, value: Value)] {
    storage.keys.sorted().map { ($0, storage[$0]!) }
  }

  /// Whether no kind has a value.
  public var isEmpty: Bool { storage.isEmpty }
}

extension PerKind: Sendable where Value: Sendable {}
extension PerKind: Equatable where Value: Equatable {}
extension PerKind: Hashable where Value: Hashable {}

extension PerKind: Codable where Value: Codable {
  struct KindKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: KindKey.self)
    storage = [:]
    // The decoder's keys come in its dictionary's order, which changes from
    // process to process; in a fixed order, the first error reported for a
    // document is the same on every run.
    let keys = container.allKeys.map { ($0, AssetKind(name: $0.stringValue)) }.sorted {
      lhs, rhs in
      switch (lhs.1, rhs.1) {
      case (let a?, let b?): a < b || (a == b && lhs.0.stringValue < rhs.0.stringValue)
      case (.some, nil): true
      case (nil, .some): false
      case (nil, nil): lhs.0.stringValue < rhs.0.stringValue
      }
    }
    for (key, kind) in keys {
      guard let kind else {
        throw DecodingError.dataCorruptedError(
          forKey: key, in: container,
          debugDescription: AssetKind.unknownNameMessage(key.stringValue))
      }
      guard storage[kind] == nil else {
        throw DecodingError.dataCorruptedError(
          forKey: key, in: container,
          debugDescription:
            "the kind \(kind.name) is given twice (as \"\(key.stringValue)\" and another spelling)")
      }
      storage[kind] = try container.decode(Value.self, forKey: key)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: KindKey.self)
    for (kind, value) in entries {
      try container.encode(value, forKey: KindKey(stringValue: kind.name))
    }
  }
}

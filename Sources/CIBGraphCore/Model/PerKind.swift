import CIBGraphSupport

/// A value for some of the asset kinds, such as a report's count of each kind.
///
/// Encodes as a JSON object keyed by kind name (`{"page": …, "group": …}`) and
/// refuses unknown keys when decoding, so a misspelt kind is an error rather
/// than a figure silently dropped.
public struct PerKind<Value> {
  // Inlinable storage, subscript and entries: called from another module
  // (a summary adds up the tables of every network) they were generic
  // calls, sorting and mapping through unspecialized code.
  @usableFromInline var storage: [AssetKind: Value]

  /// An empty table.
  @inlinable public init() { storage = [:] }

  /// A table with the given entries.
  @inlinable public init(_ entries: [AssetKind: Value]) { storage = entries }

  /// The value for `kind`, or `nil` when the table has none.
  /// - Complexity: O(1).
  @inlinable public subscript(kind: AssetKind) -> Value? {
    get { storage[kind] }
    set { storage[kind] = newValue }
  }

  /// The kinds that have a value, in ``AssetKind`` order, with their values.
  /// - Complexity: O(k log k) for k kinds.
  @inlinable public var entries: [(kind: AssetKind, value: Value)] {
    storage.keys.sorted().map { ($0, storage[$0]!) }
  }

  /// Whether no kind has a value.
  @inlinable public var isEmpty: Bool { storage.isEmpty }
}

extension PerKind: Sendable where Value: Sendable {}
extension PerKind: Equatable where Value: Equatable {}
extension PerKind: Hashable where Value: Hashable {}

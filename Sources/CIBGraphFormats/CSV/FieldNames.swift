import CIBGraphCore
import CIBGraphSupport

/// Known names (kinds, relation types) to match fields' bytes against
/// without making a `String`: ASCII case-insensitive, spaces and tabs around
/// ignored. Fields with escaped quotes never match (the caller falls back to
/// the text). Shared by the careful and the fast readers.
struct FieldNames<Value: Sendable>: Sendable {
  /// Each name lower-cased, as bytes.
  private let names: [([UInt8], Value)]

  init(_ names: [(String, Value)]) {
    self.names = names.map { (Array($0.0.lowercased().utf8), $0.1) }
  }

  /// The value whose name is `bytes[range]`.
  /// - Complexity: O(length of the field + names of that length).
  func match(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Value? {
    var start = range.lowerBound
    var end = range.upperBound
    while start < end, bytes[start] == .space || bytes[start] == .tab { start += 1 }
    while end > start, bytes[end - 1] == .space || bytes[end - 1] == .tab { end -= 1 }
    candidates: for (name, value) in names where name.count == end - start {
      for (offset, wanted) in name.enumerated() {
        let actual = bytes[start + offset]
        let lowered = actual >= 0x41 && actual <= 0x5A ? actual | 0x20 : actual
        if lowered != wanted { continue candidates }
      }
      return value
    }
    return nil
  }

  /// The value named by a field of the careful reader's.
  func match(_ bytes: [UInt8], _ field: CSVField) -> Value? {
    guard !field.hasEscapedQuotes else { return nil }
    return bytes.withUnsafeBufferPointer { match($0, field.start..<field.end) }
  }
}

extension FieldNames<AssetKind> {
  /// The built-in kinds, by every spelling a file may use.
  static let kinds = FieldNames(AssetKind.builtInSpellings.map { ($0.name, $0.kind) })
}

extension FieldNames<RelationType> {
  static let relationTypes = FieldNames(RelationType.allCases.map { ($0.rawValue, $0) })
}

import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// Where the objects of an activity row are, beyond the plain one-column
/// case: each column read (several for an archive read with several
/// actions), and the type every object in it has.
struct ObjectColumn {
  /// The column's index in the header.
  var column: Int
  /// The archive action it holds (`nil` for an activity file's `object_id`):
  /// `urls` and `hashtags` are lists.
  var action: CoordinationAction?
  /// Its objects' type number, when the archive's actions are the types.
  var type: UInt8?
  /// What its objects are, for ``ObjectNormalizer``.
  var kind: ObjectKind
}

/// Turns an activity row's objects into interned keys when the input has
/// object types or normalisation was asked for: the rule applied, the
/// type's byte put first (``ObjectTypes``). The plain case never comes here:
/// it interns the field's bytes as they are.
struct ObjectKeys {
  private var normalizer: ObjectNormalizer
  private var key: [UInt8] = []
  private var scratch: [UInt8] = []
  /// The types named by an `object_type` column, by name.
  private var typeNumbers = ByteInterner(capacity: 64)
  /// Each type's kind, by number.
  private(set) var kinds: [ObjectKind] = []

  /// The longest `object_type` name read.
  static let longestTypeName = 64

  init(_ rules: ObjectNormalization) { normalizer = ObjectNormalizer(rules) }

  /// The number of the type named `name` (ASCII letters lower-cased),
  /// added to `types` when new; `nil` when it would be one more than
  /// ``ObjectTypes/most`` or is longer than ``longestTypeName``.
  mutating func type(named name: UnsafeBufferPointer<UInt8>, in types: inout ObjectTypes) -> UInt8?
  {
    guard name.count <= Self.longestTypeName else { return nil }
    var lowered = [UInt8](name)
    for i in lowered.indices where lowered[i] &- 0x41 < 26 { lowered[i] |= 0x20 }
    return lowered.withUnsafeBufferPointer { lowered in
      if let known = typeNumbers.find(lowered) { return UInt8(known) }
      guard typeNumbers.count < ObjectTypes.most else { return nil }
      let number = typeNumbers.intern(lowered).id
      let text = String(decoding: lowered, as: UTF8.self)
      types.names.append(text)
      kinds.append(ObjectKind(typeName: text))
      return UInt8(number)
    }
  }

  /// Interns `value`, normalised as objects of `kind` are and under type
  /// `type` (when the input has types), into `objects`; `nil` when the rules
  /// leave it empty. A new object's type is noted in `types`.
  /// - Complexity: O(length of `value`) on average.
  mutating func intern(
    _ value: UnsafeBufferPointer<UInt8>, type: UInt8?, kind: ObjectKind,
    into objects: inout ByteInterner, types: inout ObjectTypes
  ) -> UInt32? {
    normalizer.withNormalized(value, kind: kind) { normalized -> UInt32? in
      guard !normalized.isEmpty else { return nil }
      guard let type else { return objects.intern(normalized).id }
      key.removeAll(keepingCapacity: true)
      key.append(type)
      key.append(contentsOf: normalized)
      let (id, inserted) = key.withUnsafeBufferPointer { objects.intern($0) }
      if inserted { types.ofObject.append(type) }
      return id
    }
  }
}

extension ObjectKeys {
  /// Reads the objects of one row (`fields`, row number `row` counted from
  /// 1) into `listItems`, each object once: its type from the row's
  /// `object_type` or from its column, normalised, interned into `objects`.
  /// - Returns: `false` when the row's `object_type` is empty (the row is
  ///   left out); `true` otherwise, `listItems` empty when it has no object.
  /// - Throws: `InputError` (`.badData`) at the `object_type` field when it
  ///   names one type more than ``ObjectTypes/most`` or a name longer than
  ///   ``longestTypeName``.
  /// - Complexity: O(length of the object fields) on average.
  mutating func readObjects(
    of fields: [CSVField], layout: ActivityReader.Layout, bytes: [UInt8], row: Int,
    into listItems: inout [UInt32], listedInRow: inout [Int], objects: inout ByteInterner,
    types: inout ObjectTypes, location: (CSVField) -> SourceLocation
  ) throws(InputError) -> Bool {
    var rowType: UInt8?
    // The field's unescaped bytes, held apart from `self` while it interns.
    var scratch: [UInt8] = []
    swap(&scratch, &self.scratch)
    defer { swap(&scratch, &self.scratch) }
    if let typeColumn = layout.typeColumn {
      var empty = false
      ActivityReader.withField(bytes, fields[typeColumn], &scratch) {
        empty = $0.isEmpty
        if !empty { rowType = type(named: $0, in: &types) }
      }
      if empty { return false }
      guard rowType != nil else {
        throw InputError(
          .badData, location(fields[typeColumn]),
          "object_type: more than \(ObjectTypes.most) types, or a type name longer than "
            + "\(Self.longestTypeName) bytes")
      }
    }
    for source in layout.objectColumns {
      let type = rowType ?? source.type
      let kind = rowType.map { kinds[Int($0)] } ?? source.kind
      ActivityReader.withField(bytes, fields[source.column], &scratch) { text in
        guard source.action == .link || source.action == .hashtag else {
          if let id = intern(text, type: type, kind: kind, into: &objects, types: &types) {
            listItems.append(id)
          }
          return
        }
        ActivityReader.forEachListItem(text, lowercased: source.action == .hashtag) { item in
          guard let id = intern(item, type: type, kind: kind, into: &objects, types: &types)
          else { return }
          // Once per row, as the plain path counts a repeated item.
          // Objects of a single-value column (retweets) are not counted here.
          while listedInRow.count <= Int(id) { listedInRow.append(0) }
          if listedInRow[Int(id)] != row {
            listedInRow[Int(id)] = row
            listItems.append(id)
          }
        }
      }
    }
    return true
  }
}

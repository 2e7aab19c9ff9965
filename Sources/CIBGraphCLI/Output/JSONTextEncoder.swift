import CIBGraph

/// Writes ``Encodable`` values as the tool's JSON text, so that an output's
/// JSON schema is the declaration of a type.
///
/// Object members come in the order they are encoded: for a synthesized
/// conformance, the order the properties are declared. An optional that is
/// nil is written as `null` and keeps its key, so every key of the schema is
/// always there; a property wrapped in ``OmittedWhenNil`` leaves its key out
/// instead. Whole numbers of every width are written exactly; a double that
/// is not finite is `null`.
///
/// The text is indented by two spaces per level, one member or item a line
/// (`{}` and `[]` when empty). Strings are escaped per RFC 8259, and U+2028
/// and U+2029 as well, so the output is safe to embed in JavaScript; any
/// string round-trips.
///
/// Values are written as they are encoded, with no tree in between: a
/// container is closed when its value's `encode(to:)` returns, or, for a
/// nested container or super-encoder, when its parent writes its next
/// member. Writing to a container after that is a programming error.
/// Coding paths are not kept (`codingPath` is empty): building one per value
/// would cost an allocation each, and the outputs' types never read them.
enum JSONTextEncoder {
  /// `value` as JSON text, without a final newline.
  /// - Complexity: O(length of the text).
  static func text(of value: some Encodable) -> String {
    text(of: value, directly: true, newline: false)
  }

  /// `value` as JSON text and a newline: the newline added before the
  /// bytes become text (a 50 MB output copied again to add one byte
  /// otherwise).
  /// - Complexity: O(length of the text).
  static func line(of value: some Encodable) -> String {
    text(of: value, directly: true, newline: true)
  }

  /// `value` as JSON text written through `Encodable` alone, every
  /// ``JSONDirectValue`` ignored but the standard library's scalars: the
  /// careful way, which the direct ones are held to.
  /// - Complexity: O(length of the text).
  static func textThroughEncodable(of value: some Encodable) -> String {
    text(of: value, directly: false, newline: false)
  }

  private static func text(of value: some Encodable, directly: Bool, newline: Bool) -> String {
    let writer = JSONWriter(directly: directly)
    do {
      try writer.write(value, depth: 0)
    } catch {
      // Nothing here throws: every container accepts every value.
      preconditionFailure("JSON encoding failed: \(error)")
    }
    if newline { writer.append(byte: 0x0A) }
    return writer.text
  }
}

/// A value that writes its JSON itself, member by member, for the outputs
/// of many thousands of objects: `Encodable`'s way costs a dynamic cast, a
/// boxed container and allocations per value, which made a component list's
/// JSON slower to write than its components were to find.
///
/// The `Encodable` conformance stays the schema: a conforming type writes
/// exactly the text that ``JSONTextEncoder`` makes of it through
/// `Encodable` (the tests hold each one to it), the same members in the
/// same order, nil as `null`.
protocol JSONDirectValue: Encodable {
  /// Writes the value's JSON text at `json`.
  func writeJSON(to json: JSONValueWriter)
  /// True for the scalars, which are written directly even when the
  /// composite values are not (``JSONTextEncoder/textThroughEncodable(of:)``).
  static var isScalar: Bool { get }
}

extension JSONDirectValue {
  static var isScalar: Bool { false }
}

/// Where a ``JSONDirectValue`` writes itself: one value, at one depth.
struct JSONValueWriter {
  fileprivate let writer: JSONWriter
  /// The indentation of the value's closing bracket.
  fileprivate let depth: Int

  /// Writes an object: `members` adds its members in order.
  /// - Complexity: O(length of the text written).
  func object(_ members: (inout JSONObjectWriter) -> Void) {
    writer.append(byte: UInt8(ascii: "{"))
    var object = JSONObjectWriter(writer: writer, depth: depth)
    members(&object)
    writer.close(.object, count: object.count, depth: depth)
  }

  /// Writes an array of `items`.
  /// - Complexity: O(length of the text written).
  func array<Items: Sequence>(_ items: Items) where Items.Element: JSONDirectValue {
    writer.append(byte: UInt8(ascii: "["))
    var count = 0
    for item in items {
      writer.start(item: count, depth: depth, key: nil)
      item.writeJSON(to: JSONValueWriter(writer: writer, depth: depth + 1))
      count += 1
    }
    writer.close(.array, count: count, depth: depth)
  }

  fileprivate func integer(_ value: some BinaryInteger) { writer.writeInteger(value) }
  fileprivate func string(_ value: String) { writer.writeString(value) }
  fileprivate func literal(_ text: String) { writer.append(text) }
}

/// The members of an object being written by a ``JSONDirectValue``.
struct JSONObjectWriter {
  fileprivate let writer: JSONWriter
  fileprivate let depth: Int
  fileprivate private(set) var count = 0

  fileprivate init(writer: JSONWriter, depth: Int) {
    self.writer = writer
    self.depth = depth
  }

  /// Adds the member `key`: `value`, `null` when it is nil.
  /// - Complexity: O(length of the text written).
  mutating func add<Value: JSONDirectValue>(_ key: String, _ value: Value) {
    writer.start(item: count, depth: depth, key: key)
    count += 1
    value.writeJSON(to: JSONValueWriter(writer: writer, depth: depth + 1))
  }

  /// Adds the member `key` when `value` is not nil (``OmittedWhenNil``).
  mutating func add<Value: JSONDirectValue>(_ key: String, omittedWhenNil value: Value?) {
    if let value { add(key, value) }
  }
}

extension Optional: JSONDirectValue where Wrapped: JSONDirectValue {
  func writeJSON(to json: JSONValueWriter) {
    if let self { self.writeJSON(to: json) } else { json.literal("null") }
  }
}

extension Array: JSONDirectValue where Element: JSONDirectValue {
  func writeJSON(to json: JSONValueWriter) { json.array(self) }
}

extension OmittedWhenNil: JSONDirectValue where Value: JSONDirectValue {
  func writeJSON(to json: JSONValueWriter) { wrappedValue.writeJSON(to: json) }
}

/// A member written only when it has a value: the key is left out rather
/// than given `null` (`assets` without `--list-assets`).
@propertyWrapper
struct OmittedWhenNil<Value: Encodable>: Encodable {
  var wrappedValue: Value?

  init(wrappedValue: Value?) {
    self.wrappedValue = wrappedValue
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
  }
}

extension KeyedEncodingContainer {
  /// Leaves the key out when the value is nil (found before the generic
  /// `encode` by the conformances the compiler writes).
  mutating func encode<Value>(_ value: OmittedWhenNil<Value>, forKey key: Key) throws {
    if let wrapped = value.wrappedValue { try encode(wrapped, forKey: key) }
  }
}

/// An object whose keys are data, such as kinds or reasons, in the order given.
struct JSONMembers<Value: Encodable>: Encodable {
  var members: [(key: String, value: Value)]

  /// One member per key, named by its raw value.
  init<Key: RawRepresentable<String>>(_ keys: some Sequence<Key>, _ value: (Key) -> Value) {
    members = keys.map { ($0.rawValue, value($0)) }
  }

  /// One member per kind, named as files name it.
  init(_ kinds: [AssetKind], _ value: (AssetKind) -> Value) {
    self.init(kinds, named: kinds.map(\.name), value)
  }

  /// One member per kind, named by `names` (the kinds' names, looked up
  /// once for many objects with the same keys).
  init(_ kinds: [AssetKind], named names: [String], _ value: (AssetKind) -> Value) {
    members = zip(names, kinds).map { ($0, value($1)) }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: MemberKey.self)
    for member in members { try container.encode(member.value, forKey: MemberKey(member.key)) }
  }
}

extension JSONMembers: JSONDirectValue where Value: JSONDirectValue {
  func writeJSON(to json: JSONValueWriter) {
    json.object { object in
      for member in members { object.add(member.key, member.value) }
    }
  }
}

/// A key named at run time.
private struct MemberKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }

  init(_ name: String) { stringValue = name }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

/// The text being written, and the writing of values, keys and brackets.
private final class JSONWriter {
  /// The text so far.
  let output = OutputBuffer()
  /// Whether ``JSONDirectValue``s other than scalars write themselves.
  let directly: Bool

  init(directly: Bool) { self.directly = directly }

  /// The text written.
  /// - Complexity: O(length).
  var text: String { output.text }

  @inline(__always) func append(byte: UInt8) { output.append(byte: byte) }

  @inline(__always) func append(_ bytes: UnsafeBufferPointer<UInt8>) { output.append(bytes) }

  /// Writes `value` at `depth` (the indentation of its closing bracket).
  func write(_ value: some Encodable, depth: Int) throws {
    // One cast to the protocol, not one per type: a component list asks
    // this of millions of values.
    if let direct = value as? any JSONDirectValue, directly || type(of: direct).isScalar {
      direct.writeJSON(to: JSONValueWriter(writer: self, depth: depth))
      return
    }
    let slot = Slot(depth: depth)
    try value.encode(to: SlotEncoder(writer: self, slot: slot))
    finish(slot)
  }

  /// Writes a whole number's decimal digits, without making a `String`.
  func writeInteger(_ value: some BinaryInteger) {
    output.appendDecimal(value)
  }

  /// Opens an object or array in `slot`, or goes on with the one open there.
  func open(_ kind: Container.Kind, in slot: Slot) -> Container {
    if let container = slot.container {
      precondition(container.kind == kind && !container.closed, "one value, two containers")
      return container
    }
    precondition(!slot.wroteValue, "one value, a container after a value")
    append(byte: kind == .object ? UInt8(ascii: "{") : UInt8(ascii: "["))
    let container = Container(kind: kind, depth: slot.depth)
    slot.container = container
    return container
  }

  /// Starts the next member or item of `container`: the one before it
  /// closed, then as ``start(item:depth:key:)``.
  func next(in container: Container, key: String?) {
    precondition(!container.closed, "a container written after its parent moved on")
    if let child = container.child {
      finish(child)
      container.child = nil
    }
    start(item: container.count, depth: container.depth, key: key)
    container.count += 1
  }

  /// Starts item number `index` of a container whose closing bracket is at
  /// `depth`: the separator, the indentation and, in an object, the key.
  func start(item index: Int, depth: Int, key: String?) {
    if index > 0 { append(byte: UInt8(ascii: ",")) }
    append(byte: 0x0A)
    indent(depth + 1)
    if let key {
      writeString(key)
      append(byte: UInt8(ascii: ":"))
      append(byte: 0x20)
    }
  }

  /// Closes what `slot` holds; `null` when nothing was written into it.
  func finish(_ slot: Slot) {
    guard let container = slot.container else {
      if !slot.wroteValue { append("null") }
      return
    }
    guard !container.closed else { return }
    if let child = container.child {
      finish(child)
      container.child = nil
    }
    close(container.kind, count: container.count, depth: container.depth)
    container.closed = true
  }

  /// Ends a container of `count` items whose closing bracket is at `depth`.
  func close(_ kind: Container.Kind, count: Int, depth: Int) {
    if count > 0 {
      append(byte: 0x0A)
      indent(depth)
    }
    append(byte: kind == .object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
  }

  func indent(_ depth: Int) {
    output.append(repeating: 0x20, count: 2 * depth)
  }

  func append(_ text: String) { output.append(text) }

  /// `text` quoted and escaped.
  func writeString(_ text: String) {
    append(byte: UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { utf8 in
      // Most strings need no escape: one pass finds that, one append copies them.
      if !utf8.contains(where: Self.mayNeedEscape) {
        append(utf8)
        return
      }
      var start = 0
      var index = 0
      while index < utf8.count {
        let byte = utf8[index]
        var escape: String?
        var length = 1
        switch byte {
        case UInt8(ascii: "\""): escape = "\\\""
        case UInt8(ascii: "\\"): escape = "\\\\"
        case 0x0A: escape = "\\n"
        case 0x0D: escape = "\\r"
        case 0x09: escape = "\\t"
        case 0..<0x20, 0x7F:
          let hex = String(byte, radix: 16)
          escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        case 0xE2
        where index + 2 < utf8.count && utf8[index + 1] == 0x80
          && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
          // U+2028 and U+2029 end a line in JavaScript.
          escape = utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
          length = 3
        default: break
        }
        if let escape {
          append(UnsafeBufferPointer(rebasing: utf8[start..<index]))
          append(escape)
          start = index + length
        }
        index += length
      }
      append(UnsafeBufferPointer(rebasing: utf8[start...]))
    }
    append(byte: UInt8(ascii: "\""))
  }

  /// The bytes that may start an escape: quote, backslash, controls, and
  /// the first byte of U+2028 and U+2029.
  private static func mayNeedEscape(_ byte: UInt8) -> Bool {
    byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F
      || byte == 0xE2
  }
}

extension String: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.string(self) }
}
extension Bool: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.literal(self ? "true" : "false") }
}
extension Double: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.literal(isFinite ? description : "null") }
}
extension Float: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.literal(isFinite ? description : "null") }
}
extension Int: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.integer(self) }
}
extension Int8: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.integer(self) }
}
extension Int16: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.integer(self) }
}
extension Int32: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.integer(self) }
}
extension Int64: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.integer(self) }
}
extension Int128: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.integer(self) }
}
extension UInt: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.integer(self) }
}
extension UInt8: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.integer(self) }
}
extension UInt16: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.integer(self) }
}
extension UInt32: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.integer(self) }
}
extension UInt64: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.integer(self) }
}
extension UInt128: JSONDirectValue {
  static var isScalar: Bool { true }
  func writeJSON(to json: JSONValueWriter) { json.integer(self) }
}

/// Where one value goes: the container it opens, or whether it wrote a
/// scalar.
private final class Slot {
  let depth: Int
  @exclusivity(unchecked) var container: Container?
  @exclusivity(unchecked) var wroteValue = false

  init(depth: Int) { self.depth = depth }
}

/// An object or array being written.
private final class Container {
  enum Kind { case object, array }

  let kind: Kind
  /// The indentation of its closing bracket; members are one deeper.
  let depth: Int
  @exclusivity(unchecked) var count = 0
  @exclusivity(unchecked) var closed = false
  /// A nested container or super-encoder still open, closed before the next member.
  @exclusivity(unchecked) var child: Slot?

  init(kind: Kind, depth: Int) {
    self.kind = kind
    self.depth = depth
  }
}

private struct SlotEncoder: Encoder {
  let writer: JSONWriter
  let slot: Slot
  var codingPath: [any CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    KeyedEncodingContainer(
      KeyedContainer<Key>(writer: writer, container: writer.open(.object, in: slot)))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    UnkeyedContainer(writer: writer, container: writer.open(.array, in: slot))
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleValueContainer(writer: writer, slot: slot)
  }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let writer: JSONWriter
  let container: Container
  var codingPath: [any CodingKey] { [] }

  mutating func encodeNil(forKey key: Key) throws {
    writer.next(in: container, key: key.stringValue)
    writer.append("null")
  }

  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    writer.next(in: container, key: key.stringValue)
    try writer.write(value, depth: container.depth + 1)
  }

  // The commonest members, written without the generic way's casts.
  mutating func encode(_ value: Int, forKey key: Key) throws {
    writer.next(in: container, key: key.stringValue)
    writer.writeInteger(value)
  }
  mutating func encode(_ value: String, forKey key: Key) throws {
    writer.next(in: container, key: key.stringValue)
    writer.writeString(value)
  }

  // The standard library's defaults for the 128-bit widths refuse them.
  mutating func encode(_ value: Int128, forKey key: Key) throws {
    writer.next(in: container, key: key.stringValue)
    writer.writeInteger(value)
  }
  mutating func encode(_ value: UInt128, forKey key: Key) throws {
    writer.next(in: container, key: key.stringValue)
    writer.writeInteger(value)
  }

  // The standard library's defaults for these leave the key out when the
  // value is nil; the tool's schema writes null.
  mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: Int128?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws {
    try write(value, forKey: key)
  }
  mutating func encodeIfPresent(_ value: UInt128?, forKey key: Key) throws {
    try write(value, forKey: key)
  }

  private mutating func write<T: Encodable>(_ value: T?, forKey key: Key) throws {
    if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    KeyedEncodingContainer(
      KeyedContainer<NestedKey>(
        writer: writer, container: writer.open(.object, in: child(key.stringValue))))
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    UnkeyedContainer(writer: writer, container: writer.open(.array, in: child(key.stringValue)))
  }

  mutating func superEncoder() -> any Encoder {
    SlotEncoder(writer: writer, slot: child("super"))
  }

  mutating func superEncoder(forKey key: Key) -> any Encoder {
    SlotEncoder(writer: writer, slot: child(key.stringValue))
  }

  /// The slot of a member whose value is written later.
  private func child(_ key: String) -> Slot {
    writer.next(in: container, key: key)
    let slot = Slot(depth: container.depth + 1)
    container.child = slot
    return slot
  }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
  let writer: JSONWriter
  let container: Container
  var codingPath: [any CodingKey] { [] }
  var count: Int { container.count }

  mutating func encodeNil() throws {
    writer.next(in: container, key: nil)
    writer.append("null")
  }

  mutating func encode<T: Encodable>(_ value: T) throws {
    writer.next(in: container, key: nil)
    try writer.write(value, depth: container.depth + 1)
  }
  mutating func encode(_ value: Int128) throws {
    writer.next(in: container, key: nil)
    writer.writeInteger(value)
  }
  mutating func encode(_ value: UInt128) throws {
    writer.next(in: container, key: nil)
    writer.writeInteger(value)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    KeyedEncodingContainer(
      KeyedContainer<NestedKey>(writer: writer, container: writer.open(.object, in: child())))
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    UnkeyedContainer(writer: writer, container: writer.open(.array, in: child()))
  }

  mutating func superEncoder() -> any Encoder {
    SlotEncoder(writer: writer, slot: child())
  }

  /// The slot of an item whose value is written later.
  private func child() -> Slot {
    writer.next(in: container, key: nil)
    let slot = Slot(depth: container.depth + 1)
    container.child = slot
    return slot
  }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
  let writer: JSONWriter
  let slot: Slot
  var codingPath: [any CodingKey] { [] }

  mutating func encodeNil() throws {
    claim()
    writer.append("null")
  }

  mutating func encode<T: Encodable>(_ value: T) throws {
    claim()
    try writer.write(value, depth: slot.depth)
  }
  mutating func encode(_ value: Int128) throws {
    claim()
    writer.writeInteger(value)
  }
  mutating func encode(_ value: UInt128) throws {
    claim()
    writer.writeInteger(value)
  }

  /// One value per slot.
  private func claim() {
    precondition(!slot.wroteValue && slot.container == nil, "one value, written twice")
    slot.wroteValue = true
  }
}

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
    let writer = JSONWriter()
    do {
      try writer.write(value, depth: 0)
    } catch {
      // Nothing here throws: every container accepts every value.
      preconditionFailure("JSON encoding failed: \(error)")
    }
    return String(decoding: writer.bytes, as: UTF8.self)
  }
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
  // Unchecked: the writer is used on one thread, and no access to its
  // state overlaps another; the run-time checks of every append and
  // container's count were a fifth of the time of a long output.
  @exclusivity(unchecked) var bytes: [UInt8] = []

  /// Writes `value` at `depth` (the indentation of its closing bracket).
  func write(_ value: some Encodable, depth: Int) throws {
    if writePrimitive(value) { return }
    let slot = Slot(depth: depth)
    try value.encode(to: SlotEncoder(writer: self, slot: slot))
    finish(slot)
  }

  /// Writes the standard library's numbers, text and truth values, which
  /// would otherwise encode themselves into a single-value container that
  /// hands them straight back; false for any other value. One cast to the
  /// protocol they share, not one per type: a component list asks this of
  /// millions of values.
  func writePrimitive(_ value: some Encodable) -> Bool {
    guard let primitive = value as? any JSONPrimitive else { return false }
    primitive.write(to: self)
    return true
  }

  /// Writes a whole number's decimal digits, without making a `String`.
  func writeInteger(_ value: some BinaryInteger) {
    bytes.appendDecimal(value)
  }

  /// Opens an object or array in `slot`, or goes on with the one open there.
  func open(_ kind: Container.Kind, in slot: Slot) -> Container {
    if let container = slot.container {
      precondition(container.kind == kind && !container.closed, "one value, two containers")
      return container
    }
    precondition(!slot.wroteValue, "one value, a container after a value")
    bytes.append(kind == .object ? UInt8(ascii: "{") : UInt8(ascii: "["))
    let container = Container(kind: kind, depth: slot.depth)
    slot.container = container
    return container
  }

  /// Starts the next member or item of `container`: the one before it
  /// closed, the separator, the indentation and, in an object, the key.
  func next(in container: Container, key: String?) {
    precondition(!container.closed, "a container written after its parent moved on")
    if let child = container.child {
      finish(child)
      container.child = nil
    }
    if container.count > 0 { bytes.append(UInt8(ascii: ",")) }
    bytes.append(0x0A)
    indent(container.depth + 1)
    if let key {
      writeString(key)
      bytes.append(UInt8(ascii: ":"))
      bytes.append(0x20)
    }
    container.count += 1
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
    if container.count > 0 {
      bytes.append(0x0A)
      indent(container.depth)
    }
    bytes.append(container.kind == .object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
    container.closed = true
  }

  func indent(_ depth: Int) {
    bytes.append(contentsOf: repeatElement(0x20, count: 2 * depth))
  }

  func append(_ text: String) {
    bytes.append(contentsOf: text.utf8)
  }

  /// `text` quoted and escaped.
  func writeString(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { utf8 in
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
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
          append(escape)
          start = index + length
        }
        index += length
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
    }
    bytes.append(UInt8(ascii: "\""))
  }
}

/// The values ``JSONWriter/writePrimitive(_:)`` writes itself.
private protocol JSONPrimitive {
  func write(to writer: JSONWriter)
}

extension String: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.writeString(self) }
}
extension Bool: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.append(self ? "true" : "false") }
}
extension Double: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) {
    writer.append(isFinite ? description : "null")
  }
}
extension Float: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) {
    writer.append(isFinite ? description : "null")
  }
}
extension Int: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.writeInteger(self) }
}
extension Int8: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.writeInteger(self) }
}
extension Int16: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.writeInteger(self) }
}
extension Int32: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.writeInteger(self) }
}
extension Int64: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.writeInteger(self) }
}
extension Int128: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.writeInteger(self) }
}
extension UInt: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.writeInteger(self) }
}
extension UInt8: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.writeInteger(self) }
}
extension UInt16: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.writeInteger(self) }
}
extension UInt32: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.writeInteger(self) }
}
extension UInt64: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.writeInteger(self) }
}
extension UInt128: JSONPrimitive {
  fileprivate func write(to writer: JSONWriter) { writer.writeInteger(self) }
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

// Swift's `Decoder` over the tree the strict scanner builds, in place of
// Foundation's JSONDecoder: that one scanned the text a second time, built a
// dictionary of every object (hashing every key), and checked every value's
// type against the types it treats apart (dates, URLs, dictionaries), which
// made it most of the time of reading many documents. This decoder looks a
// key up among an object's few keys in order, and builds a coding path only
// for an error.
//
// What it accepts and the errors it throws are Foundation's, so that every
// message stays the same: the same `DecodingError` cases, types, coding paths
// and descriptions; numbers converted as Foundation converts them; a string
// holding a lone surrogate escape, or a number no `Double` holds, refused as
// "The given data was not valid JSON." at the top, as Foundation does.

/// Decodes a value of a ``JSONTree`` with Swift's `Decodable`.
struct JSONTreeDecoder: Decoder {
  let tree: JSONTree
  /// The value decoded.
  let node: Int

  /// Decodes the whole text of `tree` as a `T`.
  static func decode<T: Decodable>(_: T.Type, from tree: JSONTree) throws -> T {
    try T(from: JSONTreeDecoder(tree: tree, node: 0))
  }

  var codingPath: [any CodingKey] { tree.codingPath(to: node) }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy _: Key.Type) throws -> KeyedDecodingContainer<Key> {
    switch tree.kind(node) {
    case .object:
      return KeyedDecodingContainer(try JSONTreeKeyedContainer<Key>(tree: tree, node: node))
    case .null:
      throw DecodingError.valueNotFound(
        [String: Any].self,
        .init(
          codingPath: codingPath,
          debugDescription: "Cannot get keyed decoding container -- found null value instead"))
    default:
      throw tree.typeMismatch([String: Any].self, at: node, codingPath: codingPath)
    }
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    switch tree.kind(node) {
    case .array:
      return JSONTreeUnkeyedContainer(tree: tree, node: node)
    case .null:
      throw DecodingError.valueNotFound(
        [Any].self,
        .init(
          codingPath: codingPath,
          debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
    default:
      throw tree.typeMismatch([Any].self, at: node, codingPath: codingPath)
    }
  }

  func singleValueContainer() -> any SingleValueDecodingContainer { self }
}

extension JSONTreeDecoder: SingleValueDecodingContainer {
  func decodeNil() -> Bool { tree.kind(node) == .null }
  func decode(_: Bool.Type) throws -> Bool { try tree.bool(node, { codingPath }) }
  func decode(_: String.Type) throws -> String { try tree.string(node, { codingPath }) }
  func decode(_: Double.Type) throws -> Double { try tree.floatingPoint(node, { codingPath }) }
  func decode(_: Float.Type) throws -> Float { try tree.floatingPoint(node, { codingPath }) }
  func decode(_: Int.Type) throws -> Int { try tree.integer(node, { codingPath }) }
  func decode(_: Int8.Type) throws -> Int8 { try tree.integer(node, { codingPath }) }
  func decode(_: Int16.Type) throws -> Int16 { try tree.integer(node, { codingPath }) }
  func decode(_: Int32.Type) throws -> Int32 { try tree.integer(node, { codingPath }) }
  func decode(_: Int64.Type) throws -> Int64 { try tree.integer(node, { codingPath }) }
  func decode(_: UInt.Type) throws -> UInt { try tree.integer(node, { codingPath }) }
  func decode(_: UInt8.Type) throws -> UInt8 { try tree.integer(node, { codingPath }) }
  func decode(_: UInt16.Type) throws -> UInt16 { try tree.integer(node, { codingPath }) }
  func decode(_: UInt32.Type) throws -> UInt32 { try tree.integer(node, { codingPath }) }
  func decode(_: UInt64.Type) throws -> UInt64 { try tree.integer(node, { codingPath }) }
  func decode<T: Decodable>(_: T.Type) throws -> T { try T(from: self) }
}

/// An object's members by key.
struct JSONTreeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let tree: JSONTree
  /// The object.
  let node: Int

  /// Refuses an object with a key no Swift string can hold, as Foundation
  /// does on making the dictionary of its keys.
  init(tree: JSONTree, node: Int) throws {
    self.tree = tree
    self.node = node
    var key = node + 1
    let end = tree.next(node)
    while key < end {
      if tree.kind(key) == .string, tree.string(key) == nil { throw JSONTree.invalidJSON }
      key = tree.next(key + 1)
    }
  }

  var codingPath: [any CodingKey] { tree.codingPath(to: node) }

  var allKeys: [Key] {
    var keys: [Key] = []
    keys.reserveCapacity(tree.count(node))
    var key = node + 1
    let end = tree.next(node)
    while key < end {
      if let found = Key(stringValue: tree.string(key)!) { keys.append(found) }
      key = tree.next(key + 1)
    }
    return keys
  }

  /// The value of `key`, if the object has it.
  /// - Complexity: O(k) in the object's keys.
  private func value(_ key: some CodingKey) -> Int? {
    var wanted = key.stringValue
    return wanted.withUTF8 { wanted in
      var isASCII = true
      for byte in wanted where byte >= 0x80 { isASCII = false }
      var member = node + 1
      let end = tree.next(node)
      while member < end {
        if tree.string(member, equals: wanted, keyIsASCII: isASCII) { return member + 1 }
        member = tree.next(member + 1)
      }
      return nil
    }
  }

  private func required(_ key: some CodingKey) throws -> Int {
    guard let value = value(key) else {
      throw DecodingError.keyNotFound(
        key,
        .init(
          codingPath: codingPath,
          debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
    }
    return value
  }

  private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

  func contains(_ key: Key) -> Bool { value(key) != nil }
  func decodeNil(forKey key: Key) throws -> Bool { tree.kind(try required(key)) == .null }

  func decode(_: Bool.Type, forKey key: Key) throws -> Bool {
    try tree.bool(try required(key), { path(key) })
  }
  func decode(_: String.Type, forKey key: Key) throws -> String {
    try tree.string(try required(key), { path(key) })
  }
  func decode(_: Double.Type, forKey key: Key) throws -> Double {
    try tree.floatingPoint(try required(key), { path(key) })
  }
  func decode(_: Float.Type, forKey key: Key) throws -> Float {
    try tree.floatingPoint(try required(key), { path(key) })
  }
  func decode(_: Int.Type, forKey key: Key) throws -> Int {
    try tree.integer(try required(key), { path(key) })
  }
  func decode(_: Int8.Type, forKey key: Key) throws -> Int8 {
    try tree.integer(try required(key), { path(key) })
  }
  func decode(_: Int16.Type, forKey key: Key) throws -> Int16 {
    try tree.integer(try required(key), { path(key) })
  }
  func decode(_: Int32.Type, forKey key: Key) throws -> Int32 {
    try tree.integer(try required(key), { path(key) })
  }
  func decode(_: Int64.Type, forKey key: Key) throws -> Int64 {
    try tree.integer(try required(key), { path(key) })
  }
  func decode(_: UInt.Type, forKey key: Key) throws -> UInt {
    try tree.integer(try required(key), { path(key) })
  }
  func decode(_: UInt8.Type, forKey key: Key) throws -> UInt8 {
    try tree.integer(try required(key), { path(key) })
  }
  func decode(_: UInt16.Type, forKey key: Key) throws -> UInt16 {
    try tree.integer(try required(key), { path(key) })
  }
  func decode(_: UInt32.Type, forKey key: Key) throws -> UInt32 {
    try tree.integer(try required(key), { path(key) })
  }
  func decode(_: UInt64.Type, forKey key: Key) throws -> UInt64 {
    try tree.integer(try required(key), { path(key) })
  }
  func decode<T: Decodable>(_: T.Type, forKey key: Key) throws -> T {
    try T(from: JSONTreeDecoder(tree: tree, node: try required(key)))
  }

  // Absent and null alike are nil, as the protocol's defaults have it, with
  // one lookup instead of three.
  func decodeIfPresent(_: String.Type, forKey key: Key) throws -> String? {
    guard let value = value(key), tree.kind(value) != .null else { return nil }
    return try tree.string(value, { path(key) })
  }
  func decodeIfPresent(_: Double.Type, forKey key: Key) throws -> Double? {
    guard let value = value(key), tree.kind(value) != .null else { return nil }
    return try tree.floatingPoint(value, { path(key) })
  }
  func decodeIfPresent<T: Decodable>(_: T.Type, forKey key: Key) throws -> T? {
    guard let value = value(key), tree.kind(value) != .null else { return nil }
    return try T(from: JSONTreeDecoder(tree: tree, node: value))
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key)
    throws -> KeyedDecodingContainer<NestedKey>
  {
    try JSONTreeDecoder(tree: tree, node: try required(key)).container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    try JSONTreeDecoder(tree: tree, node: try required(key)).unkeyedContainer()
  }

  /// The decoder of the value of the key `super` (which `Key` may not have).
  func superDecoder() throws -> any Decoder {
    JSONTreeDecoder(tree: tree, node: try required(DocumentKey(stringValue: "super")))
  }

  func superDecoder(forKey key: Key) throws -> any Decoder {
    JSONTreeDecoder(tree: tree, node: try required(key))
  }
}

/// An array's values in order.
struct JSONTreeUnkeyedContainer: UnkeyedDecodingContainer {
  let tree: JSONTree
  /// The array.
  let node: Int
  private(set) var currentIndex = 0
  /// The node of the value at `currentIndex`.
  private var current: Int

  init(tree: JSONTree, node: Int) {
    self.tree = tree
    self.node = node
    current = node + 1
  }

  var codingPath: [any CodingKey] { tree.codingPath(to: node) }
  var count: Int? { tree.count(node) }
  var isAtEnd: Bool { currentIndex >= tree.count(node) }

  /// The path of the current value, made only when asked for.
  private var currentPath: () -> [any CodingKey] {
    { [tree, node, currentIndex] in tree.codingPath(to: node) + [DocumentKey(index: currentIndex)] }
  }

  /// The current value, the container moved past it.
  private mutating func next(_ type: Any.Type) throws -> Int {
    guard !isAtEnd else {
      throw DecodingError.valueNotFound(
        type, .init(codingPath: currentPath(), debugDescription: "Unkeyed container is at end."))
    }
    return current
  }

  private mutating func advance() {
    current = tree.next(current)
    currentIndex += 1
  }

  /// Decodes the current value with `read`, moving past it when that succeeds.
  private mutating func decode<T>(_ read: (Int, () -> [any CodingKey]) throws -> T) throws -> T {
    let value = try next(T.self)
    let path = currentPath
    let decoded = try read(value, path)
    advance()
    return decoded
  }

  mutating func decodeNil() throws -> Bool {
    guard tree.kind(try next(Never.self)) == .null else { return false }
    advance()
    return true
  }

  mutating func decode(_: Bool.Type) throws -> Bool { try decode(tree.bool) }
  mutating func decode(_: String.Type) throws -> String { try decode(tree.string) }
  mutating func decode(_: Double.Type) throws -> Double { try decode(tree.floatingPoint) }
  mutating func decode(_: Float.Type) throws -> Float { try decode(tree.floatingPoint) }
  mutating func decode(_: Int.Type) throws -> Int { try decode(tree.integer) }
  mutating func decode(_: Int8.Type) throws -> Int8 { try decode(tree.integer) }
  mutating func decode(_: Int16.Type) throws -> Int16 { try decode(tree.integer) }
  mutating func decode(_: Int32.Type) throws -> Int32 { try decode(tree.integer) }
  mutating func decode(_: Int64.Type) throws -> Int64 { try decode(tree.integer) }
  mutating func decode(_: UInt.Type) throws -> UInt { try decode(tree.integer) }
  mutating func decode(_: UInt8.Type) throws -> UInt8 { try decode(tree.integer) }
  mutating func decode(_: UInt16.Type) throws -> UInt16 { try decode(tree.integer) }
  mutating func decode(_: UInt32.Type) throws -> UInt32 { try decode(tree.integer) }
  mutating func decode(_: UInt64.Type) throws -> UInt64 { try decode(tree.integer) }

  mutating func decode<T: Decodable>(_: T.Type) throws -> T {
    let value = try next(T.self)
    let decoded = try T(from: JSONTreeDecoder(tree: tree, node: value))
    advance()
    return decoded
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    let value = try next(KeyedDecodingContainer<NestedKey>.self)
    let container = try JSONTreeDecoder(tree: tree, node: value).container(keyedBy: type)
    advance()
    return container
  }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
    let value = try next((any UnkeyedDecodingContainer).self)
    let container = try JSONTreeDecoder(tree: tree, node: value).unkeyedContainer()
    advance()
    return container
  }

  mutating func superDecoder() throws -> any Decoder {
    let value = try next((any Decoder).self)
    advance()
    return JSONTreeDecoder(tree: tree, node: value)
  }
}

// MARK: - Values, converted as Foundation converts them

extension JSONTree {
  /// What Foundation's decoder throws for a value it finds no Swift value
  /// for (a lone surrogate, a number beyond the type): the text as a whole
  /// is invalid, at no path.
  static var invalidJSON: DecodingError {
    .dataCorrupted(.init(codingPath: [], debugDescription: "The given data was not valid JSON."))
  }

  /// The value's type as Foundation's messages name it.
  private func foundDescription(_ node: Int) -> String {
    switch kind(node) {
    case .object: "a dictionary"
    case .array: "an array"
    case .asciiString, .string: "a string"
    case .number: "number"
    case .true, .false: "bool"
    case .null: "null"
    }
  }

  func typeMismatch(_ type: Any.Type, at node: Int, codingPath: [any CodingKey])
    -> DecodingError
  {
    .typeMismatch(
      type,
      .init(
        codingPath: codingPath,
        debugDescription:
          "Expected to decode \(type) but found \(foundDescription(node)) instead."))
  }

  private func checkNotNull(_ type: Any.Type, _ node: Int, _ codingPath: () -> [any CodingKey])
    throws
  {
    guard kind(node) == .null else { return }
    throw DecodingError.valueNotFound(
      type,
      .init(
        codingPath: codingPath(),
        debugDescription: "Cannot get value of type \(type) -- found null value instead"))
  }

  func bool(_ node: Int, _ codingPath: () -> [any CodingKey]) throws -> Bool {
    switch kind(node) {
    case .true: return true
    case .false: return false
    default: throw typeMismatch(Bool.self, at: node, codingPath: codingPath())
    }
  }

  func string(_ node: Int, _ codingPath: () -> [any CodingKey]) throws -> String {
    switch kind(node) {
    case .asciiString, .string:
      guard let text = string(node) else { throw Self.invalidJSON }
      return text
    default:
      try checkNotNull(String.self, node, codingPath)
      throw typeMismatch(String.self, at: node, codingPath: codingPath())
    }
  }

  func floatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(
    _ node: Int, _ codingPath: () -> [any CodingKey]
  ) throws -> T {
    try checkNotNull(T.self, node, codingPath)
    guard kind(node) == .number else {
      throw typeMismatch(T.self, at: node, codingPath: codingPath())
    }
    let text = bytes(node)
    if let small = Self.smallInteger(text) { return T(small) }
    guard let value = T(String(decoding: text, as: UTF8.self)), value.isFinite,
      value != 0 || Self.isZero(text)
    else {
      // Beyond the type's range, or rounded to zero from a number that is not.
      throw Self.invalidJSON
    }
    return value
  }

  func integer<T: FixedWidthInteger>(_ node: Int, _ codingPath: () -> [any CodingKey])
    throws -> T
  {
    try checkNotNull(T.self, node, codingPath)
    guard kind(node) == .number else {
      throw typeMismatch(T.self, at: node, codingPath: codingPath())
    }
    let text = bytes(node)
    if let small = Self.smallInteger(text), let value = T(exactly: small) { return value }
    if let value = T(String(decoding: text, as: UTF8.self)) { return value }
    // Foundation's slow path: through a Double when below 2^53, where it is
    // exact; else through its decimal, the digits with their trailing zeros
    // taken off, truncated toward zero.
    if let double = Double(String(decoding: text, as: UTF8.self)) {
      guard let value = T(exactly: double) else { throw Self.invalidJSON }
      if double.magnitude < 0x1p53 { return value }
    }
    guard let value: T = Self.truncatedDecimal(text) else { throw Self.invalidJSON }
    return value
  }

  /// An integer of at most 15 digits, without fraction or exponent: exact in
  /// a `Double`, and the text of nearly every number of a document. A
  /// negative zero is left to the general path, which keeps its sign.
  private static func smallInteger(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = 0
    let negative = text.first == UInt8(ascii: "-")
    if negative { index = 1 }
    guard text.count - index <= 15 else { return nil }
    var value = 0
    while index < text.count {
      let digit = text[index] &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      value = value * 10 + Int(digit)
      index += 1
    }
    if negative {
      guard value != 0 else { return nil }
      return -value
    }
    return value
  }

  /// Whether a number's text is zero (only zeros before any exponent).
  private static func isZero(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    for byte in text {
      switch byte {
      case UInt8(ascii: "1")...UInt8(ascii: "9"): return false
      case UInt8(ascii: "e"), UInt8(ascii: "E"): return true
      default: continue
      }
    }
    return true
  }

  /// A number's value truncated toward zero as Foundation's `Decimal` makes
  /// it an integer: its significant digits (trailing zeros moved into the
  /// exponent) must fit a `UInt64`, and the result `T`.
  private static func truncatedDecimal<T: FixedWidthInteger>(_ text: UnsafeBufferPointer<UInt8>)
    -> T?
  {
    var digits: [UInt8] = []
    var exponent = 0
    var index = 0
    let negative = text.first == UInt8(ascii: "-")
    if negative { index = 1 }
    var inFraction = false
    while index < text.count {
      let byte = text[index]
      if byte == UInt8(ascii: ".") {
        inFraction = true
      } else if byte | 0x20 == UInt8(ascii: "e") {
        guard let written = Int(String(decoding: text[(index + 1)...], as: UTF8.self)) else {
          return nil
        }
        exponent += written
        break
      } else {
        if !(digits.isEmpty && byte == UInt8(ascii: "0")) { digits.append(byte - 48) }
        if inFraction { exponent -= 1 }
      }
      index += 1
    }
    while digits.last == 0 {
      digits.removeLast()
      exponent += 1
    }
    var magnitude: UInt64 = 0
    for digit in digits {
      let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, carry) = times.addingReportingOverflow(UInt64(digit))
      guard !overflow, !carry else { return nil }
      magnitude = sum
    }
    if digits.isEmpty { exponent = 0 }
    if exponent < 0 {
      for _ in 0..<min(-exponent, 20) { magnitude /= 10 }
    } else {
      for _ in 0..<exponent {
        let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
        guard !overflow else { return nil }
        magnitude = times
        if magnitude == 0 { break }
      }
    }
    if negative {
      guard T.isSigned, let value = T(exactly: magnitude) else { return nil }
      return 0 - value
    }
    return T(exactly: magnitude)
  }
}

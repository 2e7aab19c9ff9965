import Foundation

/// Text being written by one of the output writers (JSON, CSV): bytes
/// appended in place into memory grown by `realloc`.
///
/// An array's appends each check that the array is unique and has room,
/// and copy it whole to grow; for outputs of tens of megabytes, written a
/// few bytes at a time, that was most of the writing. `realloc` moves a
/// large block by remapping its pages.
final class OutputBuffer {
  // Unchecked: a buffer is written on one thread, and no access to its
  // state overlaps another; the run-time checks of every append were a
  // fifth of the time of a long output.
  @exclusivity(unchecked) private var storage: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private(set) var count = 0
  @exclusivity(unchecked) private var capacity: Int

  /// An empty buffer with room for `capacity` bytes before it grows.
  init(capacity: Int = 1 << 16) {
    self.capacity = Swift.max(capacity, 16)
    guard let memory = malloc(self.capacity) else { fatalError("out of memory") }
    storage = memory.assumingMemoryBound(to: UInt8.self)
  }

  deinit { free(storage) }

  /// A buffer holding the same bytes.
  /// - Complexity: O(count).
  func copy() -> OutputBuffer {
    let other = OutputBuffer(capacity: count)
    other.append(bytes)
    return other
  }

  /// The bytes written.
  var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

  /// The bytes written, as text: they came from strings and digits, so they
  /// decode unchanged.
  /// - Complexity: O(count).
  var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Makes room for `extra` more bytes.
  @inline(__always) private func reserve(_ extra: Int) {
    if capacity - count < extra { grow(toHold: count + extra) }
  }

  @inline(never) private func grow(toHold needed: Int) {
    let (doubled, overflow) = capacity.multipliedReportingOverflow(by: 2)
    let room = overflow ? needed : Swift.max(needed, doubled)
    guard let memory = realloc(storage, room) else { fatalError("out of memory") }
    storage = memory.assumingMemoryBound(to: UInt8.self)
    capacity = room
  }

  @inline(__always) func append(byte: UInt8) {
    reserve(1)
    storage[count] = byte
    count += 1
  }

  @inline(__always) func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    reserve(bytes.count)
    (storage + count).update(from: base, count: bytes.count)
    count += bytes.count
  }

  func append(_ text: String) {
    var text = text
    text.withUTF8 { append($0) }
  }

  /// Appends `count` copies of `byte` (an indentation).
  func append(repeating byte: UInt8, count: Int) {
    reserve(count)
    (storage + self.count).update(repeating: byte, count: count)
    self.count += count
  }

  /// Appends a whole number's decimal digits (``DecimalDigits``).
  /// Written in place, for the millions of numbers of a long output.
  func appendDecimal(_ value: some BinaryInteger) {
    guard let (magnitude, negative) = DecimalDigits.word(of: value) else {
      append(String(value))
      return
    }
    reserve(DecimalDigits.longest)
    count += DecimalDigits.write(magnitude, negative: negative, to: storage + count)
  }
}

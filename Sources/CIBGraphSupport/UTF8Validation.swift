/// The length of the valid UTF-8 sequence starting at `offset` (RFC 3629: no
/// overlongs, no surrogates, nothing above U+10FFFF), or `nil` when the bytes
/// there, up to `end`, are not one.
@inline(__always)
package func utf8SequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, end: Int)
  -> Int?
{
  let lead = bytes[offset]
  if lead < 0x80 { return 1 }
  let length: Int
  var low: UInt8 = 0x80
  var high: UInt8 = 0xBF
  switch lead {
  case 0xC2...0xDF: length = 2
  case 0xE0: (length, low) = (3, 0xA0)
  case 0xE1...0xEC, 0xEE...0xEF: length = 3
  case 0xED: (length, high) = (3, 0x9F)
  case 0xF0: (length, low) = (4, 0x90)
  case 0xF1...0xF3: length = 4
  case 0xF4: (length, high) = (4, 0x8F)
  default: return nil
  }
  guard offset + length <= end, (low...high).contains(bytes[offset + 1]) else { return nil }
  for k in 2..<max(2, length) where bytes[offset + k] & 0xC0 != 0x80 { return nil }
  return length
}

/// The offset of the first byte in `bytes[range]` that is not part of valid
/// UTF-8, or `nil` when the whole range is valid.
/// - Complexity: O(n).
package func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>)
  -> Int?
{
  var i = range.lowerBound
  while i < range.upperBound {
    if bytes[i] < 0x80 {
      i += 1
      continue
    }
    guard let length = utf8SequenceLength(bytes, at: i, end: range.upperBound) else { return i }
    i += length
  }
  return nil
}

/// The 1-based column of byte `offset` on a line starting at byte `lineStart`,
/// counted in Unicode scalars (UTF-8 continuation bytes do not count).
package func scalarColumn(_ bytes: UnsafeBufferPointer<UInt8>, lineStart: Int, offset: Int) -> Int {
  var column = 1
  var i = lineStart
  while i < offset {
    if bytes[i] & 0xC0 != 0x80 { column += 1 }
    i += 1
  }
  return column
}

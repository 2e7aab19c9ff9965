import Testing

@testable import CIBGraphCLI

/// The digits the JSON and CSV writers give numbers, written in place.
@Suite struct DecimalDigitsTests {
  /// Every digit count's edges, both signs, the ends of each width, and
  /// sums past 64 bits: the same text `String(value)` gives.
  @Test func digitsAreWhatStringGives() {
    var values: [Int128] = [0, Int128(Int64.min), Int128(Int64.max), Int128(UInt64.max)]
    values += [Int128(UInt64.max) + 1, Int128.max, Int128.min, -Int128(UInt64.max)]
    var power: Int128 = 1
    for _ in 0..<20 {
      values += [power - 1, power, power + 1, -(power - 1), -power, -(power + 1)]
      power *= 10
    }
    values += (0..<200).map { Int128($0) * 37 - 3000 }
    let buffer = OutputBuffer(capacity: 16)
    for value in values {
      buffer.append(byte: UInt8(ascii: ","))
      buffer.appendDecimal(value)
    }
    #expect(buffer.text == values.map { "," + String($0) }.joined())
    let narrow = OutputBuffer()
    narrow.appendDecimal(Int8.min)
    narrow.appendDecimal(UInt32.max)
    #expect(narrow.text == "-128" + "4294967295")
  }
}

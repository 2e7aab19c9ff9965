import CIBGraph
import CIBGraphTestSupport
import Testing

@testable import CIBGraphDrawing

/// The drawing's numbering of identifiers must number them as a dictionary
/// keyed by their bytes would, one at a time or in batches, whatever the
/// identifiers: empty, long, differing only by normalisation.
@Suite struct IdentifierNumbersTests {
  @Test(arguments: 0..<20)
  func numbersAreThoseOfADictionaryOfBytes(seed: Int) {
    var random = SeededGenerator(seed: UInt64(seed))
    let pool =
      (0..<200).map { "a\($0)" } + [
        "", "é", "e\u{301}", "a long identifier of more than eight bytes", "😀", "a1 ", "\u{0}",
      ]
    var numbers = IdentifierNumbers(capacity: random.below(300))
    var expected: [ByteExactID: Int] = [:]
    for _ in 0..<1_000 {
      let id = random.element(of: pool)!
      let (number, inserted) = numbers.insert(id)
      if let known = expected[ByteExactID(id)] {
        #expect(!inserted && number == known, "\(id)")
      } else {
        #expect(inserted && number == expected.count, "\(id)")
        expected[ByteExactID(id)] = number
      }
    }
    #expect(numbers.count == expected.count)
    let asked = (0..<100).map { _ in random.bool() ? random.element(of: pool)! : "absent" }
    var batch: [Int] = []
    numbers.numbers(of: asked, into: &batch)
    #expect(batch == asked.map { expected[ByteExactID($0)] ?? -1 })
    #expect(asked.map { numbers.number(of: $0) } == asked.map { expected[ByteExactID($0)] })
  }

  /// A number and whether it was new, as two numbers.
  static func pair(_ result: (number: Int, inserted: Bool)) -> [Int] {
    [result.number, result.inserted ? 1 : 0]
  }

  @Test func identifiersLongerThanAnInternerHoldsAreNumberedInTurn() {
    let long = String(repeating: "x", count: 0x100_0000)
    let longer = long + "y"
    var numbers = IdentifierNumbers()
    #expect(numbers.insert("a").number == 0)
    #expect(Self.pair(numbers.insert(long)) == [1, 1])
    #expect(numbers.insert("b").number == 2)
    #expect(Self.pair(numbers.insert(longer)) == [3, 1])
    #expect(Self.pair(numbers.insert(long)) == [1, 0])
    #expect(Self.pair(numbers.insert("b")) == [2, 0])
    var batch: [Int] = []
    numbers.numbers(of: ["b", longer, "a", long, "c", ""], into: &batch)
    #expect(batch == [2, 3, 0, 1, -1, -1])
    #expect(numbers.count == 4)
  }
}

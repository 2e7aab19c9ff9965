import CIBGraph
@_spi(Internal) import CIBGraphSupport
import CIBGraphTestSupport
import Testing

@testable import CIBGraphAnalysis

/// Grouping actions by object and sorting them by time on several cores
/// must give what one core gives: the order the sweep's evidence depends on.
@Suite struct SortedActivityTests {
  /// A random table: few or many objects, runs of equal times (ties keep
  /// file order), objects of one action and objects of hundreds.
  func randomTable(seed: UInt64) -> ActivityTable {
    var random = SeededGenerator(seed: seed)
    let objects = random.int(in: 1...40)
    let times = random.int(in: 1...500)
    let hot = random.int(in: 0..<objects)
    return ActivityTable(
      actions: (0..<random.int(in: 0...600)).map { _ in
        (
          account: "a\(random.int(in: 0..<30))",
          object: "o\(random.bool() ? hot : random.int(in: 0..<objects))",
          time: Int64(random.int(in: 0..<times)) * 1000
        )
      })
  }

  @Test(arguments: 0..<100)
  func severalCoresSortAsOneDoes(seed: Int) {
    let table = randomTable(seed: UInt64(seed))
    var oneCore = WorkSplit.standard
    oneCore.rowsPerChunk = .max
    let one = SortedActivity(table, split: oneCore)
    let several = SortedActivity(table, split: .tiny)
    #expect(several.offsets == one.offsets)
    #expect(several.time == one.time)
    #expect(several.account == one.account)
    #expect(several.row == one.row)
    // One core's order is by object, then time, then row.
    for object in 0..<one.objectCount {
      let range = Int(one.offsets[object])..<Int(one.offsets[object + 1])
      for k in range {
        let row = Int(one.row[k])
        #expect(table.object[row] == UInt32(object))
        #expect(one.time[k] == table.time[row])
        #expect(one.account[k] == table.account[row])
        if k > range.lowerBound {
          #expect((one.time[k - 1], one.row[k - 1]) < (one.time[k], one.row[k]))
        }
      }
    }
  }
}

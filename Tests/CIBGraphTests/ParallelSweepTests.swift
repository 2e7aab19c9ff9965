import CIBGraph
@_spi(Internal) import CIBGraphSupport
import CIBGraphTestSupport
import Testing

@testable import CIBGraphAnalysis

/// Sweeping objects on several cores must find what one core finds, in the
/// same order, and refuse as one core refuses: the same limit, the same
/// counts, and the same object (for a limit on the whole input, the one with
/// the most pairs or meetings *so far*, which depends on the order).
@Suite struct ParallelSweepTests {
  /// A random table whose objects range from quiet to crowded, so that
  /// budgets bite on different objects.
  func randomTable(seed: UInt64) -> ActivityTable {
    var random = SeededGenerator(seed: seed)
    let objects = random.int(in: 1...50)
    let accounts = random.int(in: 2...40)
    let times = random.int(in: 1...300)
    return ActivityTable(
      actions: (0..<random.int(in: 0...700)).map { _ in
        (
          account: "a\(random.int(in: 0..<accounts))",
          object: "o\(random.int(in: 0..<random.int(in: 1...objects)))",
          time: Int64(random.int(in: 0..<times)) * 1000
        )
      })
  }

  /// The coincidences as comparable values, or the refusal.
  func sweep(
    _ sorted: SortedActivity, accounts: Int, windows: ObjectWindows, budget: CoordinationBudget,
    split: WorkSplit
  ) -> Result<[[UInt64]], CoordinationRefusal> {
    do throws(CoordinationRefusal) {
      let found = try CoincidenceSweep.coincidences(
        sorted, accountCount: accounts, windows: windows, budget: budget, split: split)
      return .success(
        found.map {
          [
            UInt64($0.pair.low), UInt64($0.pair.high), UInt64($0.coincidence.object),
            UInt64($0.coincidence.rowA), UInt64($0.coincidence.rowB),
          ]
        })
    } catch {
      return .failure(error)
    }
  }

  @Test(arguments: 0..<300)
  func severalCoresSweepAndRefuseAsOneDoes(seed: Int) throws {
    var random = SeededGenerator(seed: UInt64(seed) &+ 1_000)
    let table = randomTable(seed: UInt64(seed))
    let sorted = SortedActivity(table)
    let windows = ObjectWindows(all: Int64(random.int(in: 0...5)) * 1000)
    var oneCore = WorkSplit.standard
    oneCore.rowsPerChunk = .max
    let accounts = table.accounts.count
    let unbounded = sweep(
      sorted, accounts: accounts, windows: windows, budget: CoordinationBudget(), split: oneCore)
    let pairs = try unbounded.get().count
    // Budgets that pass nothing, that the whole passes at a random point, and
    // that one object passes.
    var budgets = [CoordinationBudget()]
    budgets.append(CoordinationBudget(pairsTotal: random.int(in: 0...pairs + 1)))
    budgets.append(CoordinationBudget(meetings: random.int(in: 0...pairs * 3 + 1)))
    budgets.append(CoordinationBudget(pairsPerObject: random.int(in: 0...40)))
    budgets.append(
      CoordinationBudget(
        pairsPerObject: random.int(in: 10...200), pairsTotal: random.int(in: 0...pairs + 1),
        meetings: random.int(in: 0...pairs * 3 + 1)))
    for budget in budgets {
      let one = sweep(sorted, accounts: accounts, windows: windows, budget: budget, split: oneCore)
      let several = sweep(
        sorted, accounts: accounts, windows: windows, budget: budget, split: .tiny)
      #expect(several == one, "budget \(budget), \(table.count) actions")
    }
  }

  /// A random file of links and hashtags, the same strings under both types.
  func randomTypedTable(seed: UInt64) throws -> ActivityTable {
    var random = SeededGenerator(seed: seed)
    let objects = random.int(in: 1...30)
    let accounts = random.int(in: 2...30)
    let times = random.int(in: 1...300)
    var csv = "object_id,account_id,content_id,timestamp,object_type\n"
    for row in 0..<random.int(in: 0...600) {
      let type = random.int(in: 0...1) == 0 ? "link" : "hashtag"
      csv +=
        "o\(random.int(in: 0..<objects)),a\(random.int(in: 0..<accounts)),p\(row),"
        + "\(random.int(in: 0..<times)),\(type)\n"
    }
    return try ActivityReader(bytes: Array(csv.utf8), file: "typed.csv").table
  }

  /// Each type's window holds on every core: two types with a window each
  /// are swept and refused on several cores as on one, and what is found is
  /// what each type's objects give at that type's window alone.
  @Test(arguments: 0..<100)
  func typeWindowsHoldOnSeveralCores(seed: Int) throws {
    var random = SeededGenerator(seed: UInt64(seed) &+ 5_000)
    let table = try randomTypedTable(seed: UInt64(seed))
    let sorted = SortedActivity(table)
    var parameters = CoordinationParameters(
      window: Int64(random.int(in: 0...3)) * 1000, minRepeat: 1)
    parameters.typeWindows = table.types.names.map { _ in Int64(random.int(in: 0...20)) * 1000 }
    let windows = ObjectWindows(table, parameters)
    var oneCore = WorkSplit.standard
    oneCore.rowsPerChunk = .max
    let accounts = table.accounts.count
    let unbounded = try sweep(
      sorted, accounts: accounts, windows: windows, budget: CoordinationBudget(), split: oneCore
    ).get()
    // Each type alone, at its own window for every object.
    var byType: [[UInt64]] = []
    for (type, window) in parameters.typeWindows.enumerated() {
      byType += try sweep(
        sorted, accounts: accounts, windows: ObjectWindows(all: window),
        budget: CoordinationBudget(), split: oneCore
      ).get().filter { table.types.type(of: UInt32($0[2])) == type }
    }
    #expect(
      unbounded.sorted { $0.lexicographicallyPrecedes($1) }
        == byType.sorted {
          $0.lexicographicallyPrecedes($1)
        })
    let pairs = unbounded.count
    let budgets = [
      CoordinationBudget(), CoordinationBudget(pairsTotal: random.int(in: 0...pairs + 1)),
      CoordinationBudget(meetings: random.int(in: 0...pairs * 3 + 1)),
      CoordinationBudget(pairsPerObject: random.int(in: 0...40)),
    ]
    for budget in budgets {
      let one = sweep(sorted, accounts: accounts, windows: windows, budget: budget, split: oneCore)
      let several = sweep(
        sorted, accounts: accounts, windows: windows, budget: budget, split: .tiny)
      #expect(several == one, "budget \(budget), \(table.count) actions")
    }
  }
}

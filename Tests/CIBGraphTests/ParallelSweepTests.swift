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
    _ sorted: SortedActivity, accounts: Int, window: Int64, budget: CoordinationBudget,
    split: WorkSplit
  ) -> Result<[[UInt64]], CoordinationBudgetExceeded> {
    do throws(CoordinationBudgetExceeded) {
      let found = try CoincidenceSweep.coincidences(
        sorted, accountCount: accounts, window: window, budget: budget, split: split)
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
    let window = Int64(random.int(in: 0...5)) * 1000
    var oneCore = WorkSplit.standard
    oneCore.rowsPerChunk = .max
    let accounts = table.accounts.count
    let unbounded = sweep(
      sorted, accounts: accounts, window: window, budget: CoordinationBudget(), split: oneCore)
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
      let one = sweep(sorted, accounts: accounts, window: window, budget: budget, split: oneCore)
      let several = sweep(sorted, accounts: accounts, window: window, budget: budget, split: .tiny)
      #expect(several == one, "budget \(budget), \(table.count) actions")
    }
  }
}

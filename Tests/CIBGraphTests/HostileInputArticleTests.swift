import CIBGraph
import Testing

/// The code of the DocC article "Hostile input and limits"
/// (Sources/CIBGraph/CIBGraph.docc/HostileInputAndLimits.md).
@Suite struct HostileInputArticleTests {
  @Test func readingWithALimitOfYourOwn() throws {
    let path = GettingStartedTests.reportPath
    let limit = InputSizeLimit(bytes: 1024, advice: "split the export by month")
    var refusal: InputError?
    do {
      _ = try NetworkDocument.read(.path(path), limit: limit)
    } catch {
      refusal = error
    }
    #expect(refusal?.kind == .badData)
    #expect(refusal?.message.hasPrefix("is ") == true)
    #expect(
      refusal?.message.hasSuffix(
        "more than the input limit of 1 KiB (1,024 bytes); not read; split the export by month")
        == true)
  }

  @Test func theDefaultBudgetIsTheArticlesTable() {
    let budget = CoordinationBudget()
    #expect(budget.pairsPerObject == 10_000_000)
    #expect(budget.pairsTotal == 20_000_000)
    #expect(budget.meetings == 1_000_000_000)
  }

  @Test func coordinationBudget() throws {
    // Five accounts share one hashtag within a minute: 10 pairs on one object.
    var csv = "object_id,account_id,content_id,timestamp\n"
    for account in 1...5 {
      csv += "#everyone,u\(account),post\(account),\(1_556_713_440 + account)\n"
    }
    let bytes = Array(csv.utf8)
    let activity = try ActivityReader(.bytes(bytes, name: "activity.csv"))
    let parameters = CoordinationParameters(
      window: 60_000, minRepeat: 1, budget: CoordinationBudget(pairsPerObject: 6))
    var lines: [String] = []
    do {
      let network = try CoordinationNetwork(activity.table, parameters: parameters)
      lines.append("\(network)")
    } catch {
      #expect(error.coordination?.limit == \CoordinationBudget.pairsPerObject)
      lines.append("\(error)")
    }
    #expect(
      lines == [
        "object \"#everyone\" would form at least 10 pairs of accounts (5 accounts acted on it "
          + "within one window, from 2019-05-01T12:24:01Z), more than the 6 "
          + "CoordinationBudget.pairsPerObject allows"
      ])

    let generous = CoordinationParameters(window: 60_000, minRepeat: 1)
    let network = try CoordinationNetwork(activity.table, parameters: generous)
    #expect(network.components.count == 1)
    #expect(network.edges.count == 10)
  }
}

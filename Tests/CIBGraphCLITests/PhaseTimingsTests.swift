import CIBGraphTestSupport
import Foundation
import Testing

/// `CIBGRAPH_TIMINGS=1`: the phases of a run on standard error, which the
/// benchmark reads to rate the outputs.
@Suite struct PhaseTimingsTests {
  /// The `timing:` lines of a run's stderr, as (phase, value) in order.
  private func timings(_ stderr: String) -> [(phase: String, value: String)] {
    stderr.split(separator: "\n").compactMap { line in
      guard line.hasPrefix("timing: "), let colon = line.lastIndex(of: ":") else { return nil }
      let phase = line[line.index(line.startIndex, offsetBy: 8)..<colon]
      return (String(phase), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
  }

  private func seconds(_ value: String) -> Double? {
    guard value.hasSuffix(" s") else { return nil }
    return Double(value.dropLast(2))
  }

  @Test(arguments: ["json", "csv", "text"])
  func componentsSayWhatTheirOutputCost(format: String) throws {
    let arguments = ["components", "Graphs/meta-2020-08-cib-report.json", "--format", format]
    let plain = try cibgraph(arguments)
    let timed = try cibgraph(arguments, environment: ["CIBGRAPH_TIMINGS": "1"])
    #expect(plain.status == 0 && timed.status == 0, "\(timed.stderr)")
    // The answer is the same; only stderr says more.
    #expect(timed.stdoutBytes == plain.stdoutBytes)
    #expect(!plain.stderr.contains("timing:"))
    let lines = timings(timed.stderr)
    #expect(
      lines.map(\.phase) == [
        "reading", "analysing", "rendering the output", "letting go of the inputs",
        "writing the output", "output bytes", "in all",
      ], "\(timed.stderr)")
    #expect(lines.first { $0.phase == "output bytes" }?.value == "\(timed.stdoutBytes.count)")
    let phases = lines.filter { $0.phase != "output bytes" && $0.phase != "in all" }
    let each = phases.compactMap { seconds($0.value) }
    #expect(each.count == phases.count && each.allSatisfy { $0 >= 0 })
    let total = try #require(lines.last.flatMap { seconds($0.value) })
    // The phases follow one another within the whole (printed to the microsecond).
    #expect(each.reduce(0, +) <= total + 1e-5 * Double(each.count))
  }

  /// With audience lists, their reading is a phase of its own.
  @Test func reachTellsTheAudienceListsApart() throws {
    let nodes = try temporaryFile(
      "nodes.csv", "Id,Label,Kind,Followers,Members\np1,Page,page,3,\ng1,Group,group,,2\n")
    let audience = try temporaryFile("audience.csv", "Asset,Account\np1,u1\np1,u2\ng1,u1\n")
    let timed = try cibgraph(
      ["reach", "--nodes", nodes, "--audience", audience], environment: ["CIBGRAPH_TIMINGS": "1"])
    #expect(timed.status == 0, "\(timed.stderr)")
    #expect(
      timings(timed.stderr).map(\.phase).prefix(3) == [
        "reading", "reading the audience lists", "analysing",
      ], "\(timed.stderr)")
  }

  @Test func dotTimesTheDrawingItWritesAsItGoes() throws {
    let timed = try cibgraph(
      ["dot", "Graphs/meta-2020-08-cib-report.json"], environment: ["CIBGRAPH_TIMINGS": "1"])
    #expect(timed.status == 0, "\(timed.stderr)")
    let lines = timings(timed.stderr)
    #expect(
      lines.map(\.phase) == [
        "reading", "drawing and writing the output", "letting go of the inputs",
        "output bytes", "in all",
      ], "\(timed.stderr)")
    #expect(lines.first { $0.phase == "output bytes" }?.value == "\(timed.stdoutBytes.count)")
  }

  /// A failed run prints its error, and no timings as if it had an answer.
  @Test func aFailedRunHasNoTimings() throws {
    let failed = try cibgraph(
      ["components", "no/such/file.json"], environment: ["CIBGRAPH_TIMINGS": "1"])
    #expect(failed.status == 66)
    #expect(failed.stdout.isEmpty)
    #expect(!failed.stderr.contains("timing:"))
  }
}

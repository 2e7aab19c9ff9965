import CIBGraphTestSupport
import Foundation
import Testing

/// Standard output that cannot be written, for every way the tool writes it.
@Suite struct StandardOutputTests {
  /// Standard output on a full disk (`/dev/full`): each way the tool writes
  /// it says so and exits with status 74, rather than trapping in Foundation.
  @Test(arguments: [
    ["reach", "Graphs/meta-2020-08-cib-report.json"],
    ["components", "Graphs/meta-2020-08-cib-report.json", "--format", "json"],
    ["dot", "Graphs/meta-2020-08-cib-report.json"],
    ["convert", "Graphs/meta-2020-08-cib-report.json", "--to", "json"],
    ["report", "Graphs/meta-2020-08-cib-report.json", "-o", "-"],
  ])
  func aFullDiskIsReported(arguments: [String]) throws {
    let (status, stderr) = try runInRepository(
      "/bin/sh", ["-c", "exec \"$0\" \"$@\" > /dev/full", cibgraphExecutable.path] + arguments)
    #expect(status == 74, "\(arguments): \(stderr)")
    #expect(
      stderr.hasSuffix("cibgraph: error: cannot write standard output: No space left on device\n"))
  }
}

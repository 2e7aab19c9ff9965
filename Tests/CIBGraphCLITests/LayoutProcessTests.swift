import CIBGraphTestSupport
import Foundation
import Testing

@testable import CIBGraphCLI

/// The child process `render` lays out in: fed and drained without blocking,
/// stopped at its time limit, always reaped.
@Suite struct ChildProcessTests {
  func shell(_ script: String, input: [UInt8] = [], limit: Duration? = .seconds(60)) throws
    -> ChildProcess.Outcome
  {
    try ChildProcess.run("/bin/sh", arguments: ["-c", script], input: input, timeLimit: limit)
  }

  @Test func outputAndStatusComeBack() throws {
    let outcome = try shell("tr a-z A-Z; echo oops >&2; exit 3", input: Array("hello\n".utf8))
    #expect(outcome.ending == .exited(3))
    #expect(outcome.output == Array("HELLO\n".utf8))
    #expect(outcome.errors == Array("oops\n".utf8))
  }

  @Test func aChildPastItsLimitIsKilledAndReaped() throws {
    let clock = ContinuousClock()
    let start = clock.now
    // It never reads its input: a blocking writer would wait for it forever.
    let outcome = try shell(
      "sleep 30", input: [UInt8](repeating: 0x41, count: 4_000_000), limit: .milliseconds(300))
    #expect(outcome.ending == .timedOut)
    #expect(clock.now - start < .seconds(10))
    #expect(kill(outcome.processIdentifier, 0) == -1 && errno == ESRCH, "reaped, not a zombie")
  }

  @Test func muchOnStandardErrorBeforeReadingInputCannotBlock() throws {
    // The child fills its stderr pipe many times over before it reads a byte.
    let input = [UInt8](repeating: 0x41, count: 3_000_000)
    let outcome = try shell("head -c 5000000 /dev/zero >&2; wc -c", input: input)
    #expect(outcome.ending == .exited(0))
    #expect(String(decoding: outcome.output, as: UTF8.self).contains("3000000"))
    #expect(
      outcome.errors.count == ChildProcess.errorLimit, "kept up to the limit, the rest drained")
  }

  @Test func aChildThatStopsReadingEndsNormally() throws {
    // Writing on after it has gone raises SIGPIPE, which would end this process.
    let outcome = try shell(
      "head -c 10 >/dev/null; exit 4", input: [UInt8](repeating: 0x41, count: 8_000_000))
    #expect(outcome.ending == .exited(4))
  }

  @Test func aCrashIsReportedAsTheSignal() throws {
    #expect(try shell("kill -SEGV $$").ending == .signalled(SIGSEGV))
  }

  @Test func aMissingProgramIsALaunchError() {
    #expect(throws: ChildProcess.LaunchError.self) {
      try ChildProcess.run("/no/such/program", arguments: [], input: [], timeLimit: nil)
    }
  }
}

/// `render --timeout` as a user runs it.
@Suite struct RenderTimeLimitTests {
  /// 90 accounts with crossing relations: dot takes seconds (8.9 s here).
  static func tangledGraph() throws -> (nodes: String, edges: String) {
    var nodes = "Id,Label,Kind\n"
    var edges = "Source,Target,Type\n"
    var seen = Set<[Int]>()
    for i in 0..<90 {
      nodes += "a\(i),Account \(i),account\n"
      for k in [7, 11, 13, 17, 19, 23] {
        let j = (i * k + 1) % 90
        if j != i && seen.insert([i, j]).inserted { edges += "a\(i),a\(j),linkedTo\n" }
      }
    }
    return (
      try temporaryFile("tangled-nodes.csv", nodes), try temporaryFile("tangled-edges.csv", edges)
    )
  }

  @Test func aLayoutPastTheLimitIsStoppedWithAMessage() throws {
    let graph = try Self.tangledGraph()
    let folder = try temporaryFolder()
    let target = folder.appendingPathComponent("kept.svg").path
    try Data("previous".utf8).write(to: URL(fileURLWithPath: target))
    let clock = ContinuousClock()
    let start = clock.now
    let result = try cibgraph(
      "render", "--nodes", graph.nodes, "--edges", graph.edges, "--layout", "dot", "--timeout", "1",
      "-o", target)
    let elapsed = clock.now - start
    #expect(result.status == 70, "\(result.stderr)")
    #expect(result.stderr.contains("the dot layout took longer than 1 s"), "\(result.stderr)")
    #expect(result.stderr.contains("--layout sfdp") && result.stderr.contains("--timeout"))
    #expect(elapsed < .seconds(6), "stopped at the limit, not when dot finished: \(elapsed)")
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "previous")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["kept.svg"])

  }

  @Test func theLimitMustBeSensible() throws {
    for bad in ["-1", "soon", "1000001", "1e9"] {
      let result = try cibgraph(
        "render", "Graphs/meta-2020-08-cib-report.json", "-o", "/tmp/never.svg", "--timeout", bad)
      #expect(result.status == 64, "\(bad): \(result.stderr)")
    }
  }
}

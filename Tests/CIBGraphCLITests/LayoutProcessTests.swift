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

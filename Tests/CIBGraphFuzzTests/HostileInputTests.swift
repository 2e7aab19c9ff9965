import CIBGraph
import CIBGraphFuzzTargets
import CIBGraphTestSupport
import Foundation
import Testing

/// The fuzz targets on their committed seeds (issue 10's findings among
/// them), then on hostile inputs made from the seeds for a few seconds each.
///
/// `CIBGRAPH_FUZZ_SECONDS` sets the seconds per target (default 2),
/// `CIBGRAPH_FUZZ_SEED` the generator's seed (default: a new one, printed).
/// A failing input is saved to a file the failure names; copied into
/// `Tests/Fuzzing/Seeds/<target>/`, it is run by every later test run.
@Suite struct HostileInputTests {
  static let environment = ProcessInfo.processInfo.environment
  static let secondsPerTarget = environment["CIBGRAPH_FUZZ_SECONDS"].flatMap(Double.init) ?? 2
  /// A run longer than this is a failure: inputs are at most 64 KiB, and
  /// even a debug build reads them in well under a second.
  static let slowRun = environment["CIBGRAPH_FUZZ_SLOW_RUN"].flatMap(Double.init) ?? 10
  static let failures = FileManager.default.temporaryDirectory
    .appendingPathComponent("cibgraph-fuzz")

  @Test(arguments: FuzzTarget.allCases)
  func seedsPass(target: FuzzTarget) throws {
    let seeds = try target.seeds()
    #expect(seeds.count >= 8, "\(target): \(seeds.count) seeds")
    var outcomes: [FuzzTarget.Outcome: Int] = [:]
    for seed in seeds {
      let began = ContinuousClock.now
      do throws(OracleFailure) {
        outcomes[try target.run(seed.bytes), default: 0] += 1
      } catch {
        Issue.record("seed \(target.seedDirectory.path)/\(seed.name): \(error)")
      }
      let took = ContinuousClock.now - began
      #expect(took < .seconds(Self.slowRun), "seed \(seed.name) took \(took)")
    }
    // Seeds that are read and seeds that are refused, or half the readers go untried.
    #expect(outcomes[.accepted, default: 0] > 0, "\(target): \(outcomes)")
    #expect(outcomes[.refused, default: 0] > 0, "\(target): \(outcomes)")
  }

  @Test(arguments: FuzzTarget.allCases)
  func hostileInputs(target: FuzzTarget) throws {
    let seeds = try target.seeds().map(\.bytes)
    let seed =
      Self.environment["CIBGRAPH_FUZZ_SEED"].flatMap { UInt64($0) }
      ?? UInt64.random(in: 0...9_999_999)
    try FileManager.default.createDirectory(at: Self.failures, withIntermediateDirectories: true)
    let inFlight = Self.failures.appendingPathComponent("\(target.rawValue)-in-flight")
    print(
      "fuzz \(target.rawValue): CIBGRAPH_FUZZ_SEED=\(seed), \(Self.secondsPerTarget) s; if the process dies, its input is \(inFlight.path)"
    )
    var random = SeededGenerator(seed: seed)
    var outcomes: [FuzzTarget.Outcome: Int] = [:]
    var failed = 0
    let start = ContinuousClock.now
    var runs = 0
    while ContinuousClock.now - start < .seconds(Self.secondsPerTarget), failed < 5 {
      runs += 1
      let input = HostileMutator.mutate(
        random.element(of: seeds)!, other: random.element(of: seeds)!,
        limit: target.maxInputBytes, using: &random)
      try Data(input).write(to: inFlight)
      let began = ContinuousClock.now
      var problem: String?
      do throws(OracleFailure) {
        outcomes[try target.run(input), default: 0] += 1
      } catch {
        problem = error.description
      }
      let took = ContinuousClock.now - began
      if problem == nil, took > .seconds(Self.slowRun) {
        problem = "\(target.rawValue): took \(took) on \(input.count) bytes"
      }
      guard let problem else { continue }
      failed += 1
      let saved = Self.failures.appendingPathComponent("\(target.rawValue)-\(seed)-\(runs)")
      try Data(input).write(to: saved)
      Issue.record(
        "\(problem)\n  input saved to \(saved.path) (CIBGRAPH_FUZZ_SEED=\(seed), input \(runs))")
    }
    try? FileManager.default.removeItem(at: inFlight)
    print("fuzz \(target.rawValue): \(runs) inputs, \(outcomes), \(failed) failed")
    #expect(runs > 0)
  }

  /// Mutations that every reader refuses would test only the refusals: of
  /// a fixed series of mutated seeds (the same every run), some are read.
  @Test(arguments: FuzzTarget.allCases)
  func someMutatedInputsAreRead(target: FuzzTarget) throws {
    let seeds = try target.seeds().map(\.bytes)
    var random = SeededGenerator(seed: 1)
    var accepted = 0
    for _ in 0..<100 {
      let input = HostileMutator.mutate(
        random.element(of: seeds)!, other: random.element(of: seeds)!,
        limit: target.maxInputBytes, using: &random)
      if (try? target.run(input)) == .accepted { accepted += 1 }
    }
    #expect(accepted >= 5, "\(target): \(accepted) of 100 read")
  }
}

/// The DOT check must catch what it is there for, or the targets' drawings
/// would pass whatever they held.
@Suite struct DOTCheckTests {
  static let safe = "digraph \"cibgraph\" {\n  \"a\\\"b\" [label=\"x\\\\n\\ny &amp; z\"]\n}\n"

  @Test func safeDOTPasses() {
    #expect(DOTCheck.problem(in: Self.safe) == nil)
    let drawing = NetworkDrawing(
      documents: [
        NetworkDocument(
          report: Report(title: "say \"hi\" \\ \u{202E}\n", publisher: "P"),
          networks: [
            Network(
              id: "n\"", name: "\\N",
              assets: [Asset(id: "a\"1", kind: .page, name: "&#60;b\u{1B}[2J\r")])
          ])
      ])
    #expect(DOTCheck.problem(in: drawing.dot) == nil)
  }

  @Test(arguments: [
    ("digraph \"g\" {\n  \"a\"b\" [label=\"x\"]\n}\n", "control byte"),  // a quote not escaped
    ("digraph \"g\" {\n  \"a\" b=\"c\" [label=\"x\"]\n}\n", "not a node"),  // two of them
    ("digraph \"g\" {\n  \"a\" [label=\"x\" b=\"c\"]\n}\n", "not a node"),
    ("digraph \"g\" {\n  \"a\nb\"\n}\n", "control byte"),  // a line break in a string
    ("digraph \"g\" {\n  \"\u{202E}x\" [label=\"\"]\n}\n", "U+202E"),
    ("digraph \"g\" {\n  \"\\N\" [label=\"\"]\n}\n", "escape"),  // Graphviz's node-name escape
    ("digraph \"g\" {\n  \"&#60;\" [label=\"\"]\n}\n", "HTML entity"),
    ("digraph \"g\" {\n  \"a\" -> \"b\" [label=\"\"]\n", "never closed"),
    ("digraph \"g\" {\n  \"a\" -- x\n}\n", "outside any quoted string"),
  ])
  func unsafeDOTIsCaught(dot: String, problem: String) {
    let found = DOTCheck.problem(in: dot)
    #expect(found?.contains(problem) == true, "\(found ?? "nothing found")")
  }
}

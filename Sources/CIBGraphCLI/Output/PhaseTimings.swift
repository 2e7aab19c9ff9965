import Foundation
import Synchronization

/// How long a command spent reading, analysing and on its output, printed
/// on standard error when `CIBGRAPH_TIMINGS=1` is set.
///
/// The whole run's time, which `time` gives, cannot say what the output
/// costs: printing every component of ten million edges adds a few tenths
/// of a second to a run that varies by more from one go to the next. So the
/// command says it itself, phase by phase, from a monotonic clock; the
/// benchmark reads these lines to rate the outputs.
///
/// Phases follow one another: each ``begin(_:)`` ends the phase before it,
/// and the first starts when the command does (``start()``).
enum PhaseTimings {
  /// What a command spends its time on, in the words printed.
  enum Phase: String, Sendable {
    /// Until a command says otherwise: reading its inputs, and anything
    /// it does not tell apart from the reading.
    case reading = "reading"
    /// Audience lists, read after the graph their assets belong to.
    case audience = "reading the audience lists"
    case analysing = "analysing"
    case rendering = "rendering the output"
    case writing = "writing the output"
    /// `dot`: the drawing is written while it is made.
    case drawing = "drawing and writing the output"
    /// The inputs and results held until the output was made are freed
    /// (a large graph's arrays, each component's list of assets).
    case releasing = "letting go of the inputs"
  }

  /// Whether `CIBGRAPH_TIMINGS` asks for the timings.
  static let enabled = ProcessInfo.processInfo.environment["CIBGRAPH_TIMINGS"] == "1"

  private struct Record {
    var started: ContinuousClock.Instant?
    var current: (phase: Phase, since: ContinuousClock.Instant)?
    var ended: [(phase: Phase, seconds: Double)] = []
    var outputBytes: Int?
  }

  private static let record = Mutex(Record())

  /// The command starts: its first phase is reading.
  static func start() {
    guard enabled else { return }
    let now = ContinuousClock.now
    record.withLock { record in
      record = Record(started: now, current: (.reading, now))
    }
  }

  /// `phase` starts now, ending the one before it; nothing when `phase` is
  /// already under way (a command may begin it before a shared step does).
  static func begin(_ phase: Phase) {
    guard enabled else { return }
    let now = ContinuousClock.now
    record.withLock { record in
      if let current = record.current {
        if current.phase == phase { return }
        record.ended.append((current.phase, seconds(from: current.since, to: now)))
      }
      record.current = (phase, now)
    }
  }

  /// How many bytes the output came to, printed with its phases.
  static func output(bytes: Int) {
    guard enabled else { return }
    record.withLock { $0.outputBytes = bytes }
  }

  /// Ends the last phase, and returns a line per phase (the same phase
  /// twice is summed) and one for the whole; none unless `enabled`.
  static func finish() -> [String] {
    guard enabled else { return [] }
    let now = ContinuousClock.now
    return record.withLock { record in
      guard let started = record.started else { return [] }
      if let current = record.current {
        record.ended.append((current.phase, seconds(from: current.since, to: now)))
        record.current = nil
      }
      var order: [Phase] = []
      var total: [Phase: Double] = [:]
      for (phase, seconds) in record.ended {
        if total[phase] == nil { order.append(phase) }
        total[phase, default: 0] += seconds
      }
      var lines = order.map { "timing: \($0.rawValue): \(format(total[$0]!)) s" }
      if let bytes = record.outputBytes { lines.append("timing: output bytes: \(bytes)") }
      lines.append("timing: in all: \(format(seconds(from: started, to: now))) s")
      return lines
    }
  }

  private static func seconds(
    from start: ContinuousClock.Instant, to end: ContinuousClock.Instant
  ) -> Double {
    let elapsed = (end - start).components
    return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
  }

  private static func format(_ seconds: Double) -> String {
    String(format: "%.6f", seconds)
  }
}

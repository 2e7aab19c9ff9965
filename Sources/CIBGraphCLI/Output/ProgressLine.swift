import Foundation

/// A progress line on stderr for long reads: bytes read, rate and time left,
/// redrawn in place at most four times a second. Shown only when stderr is a
/// terminal and the input is large; silent when piped or with `--quiet`.
final class ProgressLine: @unchecked Sendable {
  /// Inputs smaller than this finish too fast to need a progress line.
  static let threshold = 64 << 20

  private let lock = NSLock()
  private let totals: [String: Int]
  private let start = Date()
  private var lastDraw = Date.distantPast
  private var shown = false

  /// A progress line for `files`, or `nil` when none should be shown.
  static func make(files: [String], quiet: Bool) -> ProgressLine? {
    guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
    var totals: [String: Int] = [:]
    for file in files {
      let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
      totals[file] = size ?? 0
    }
    guard totals.values.reduce(0, +) >= threshold else { return nil }
    return ProgressLine(totals: totals)
  }

  private init(totals: [String: Int]) { self.totals = totals }

  /// Reports that `bytes` of `file` have been read.
  func update(file: String, bytes: Int) {
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
    lastDraw = now
    let total = max(1, totals[file] ?? 1)
    let elapsed = max(0.001, now.timeIntervalSince(start))
    let rate = Double(bytes) / elapsed
    let left = rate > 0 ? Double(total - bytes) / rate : 0
    let percent = min(100, bytes * 100 / total)
    let line =
      "\r\u{1B}[K" + TerminalText.safe((file as NSString).lastPathComponent, limit: 40)
      + ": \(percent) % · \(bytes >> 20) of \(total >> 20) MB · \(Int(rate) >> 20) MB/s · \(Int(left.rounded())) s left"
    FileHandle.standardError.write(Data(line.utf8))
    shown = true
  }

  /// Clears the line.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}

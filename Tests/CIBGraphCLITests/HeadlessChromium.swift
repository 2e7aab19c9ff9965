import CIBGraphTestSupport
import Foundation
import Testing

/// A real browser for the report page's tests: Debian's `chromium`, run
/// headless. `scripts/setup.sh` installs it; without it the tests that need
/// it are skipped, saying so.
enum HeadlessChromium {
  /// The browser's path: `CIBGRAPH_CHROMIUM`, or the first of Chromium's
  /// and Chrome's usual names on `PATH`; `nil` when there is none.
  static let executable: String? = {
    if let path = ProcessInfo.processInfo.environment["CIBGRAPH_CHROMIUM"] { return path }
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
    for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
      for folder in folders {
        let path = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
      }
    }
    return nil
  }()

  static let isAbsent = executable == nil
  static let absence: Comment =
    "no Chromium on PATH: the report page is not checked in a browser (scripts/setup.sh installs Debian's chromium; CIBGRAPH_CHROMIUM names another)"

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// The page's DOM once loaded (scripts run, if any could), serialized.
  static func dom(of page: String) throws -> String {
    String(
      decoding: try run(["--dump-dom", URL(fileURLWithPath: page).absoluteString]), as: UTF8.self)
  }

  /// A PNG of the page's top `height` pixels, `width` wide.
  static func screenshot(of page: String, to png: String, width: Int = 1280, height: Int = 2400)
    throws
  {
    _ = try run([
      "--screenshot=\(png)", "--window-size=\(width),\(height)", "--hide-scrollbars",
      URL(fileURLWithPath: page).absoluteString,
    ])
  }

  /// Runs the browser headless, with a profile of its own (so that runs in
  /// parallel do not share one) and, as root, without its sandbox (which
  /// refuses root); stopped after two minutes.
  private static func run(_ arguments: [String]) throws -> Data {
    guard let executable else { throw Failure(description: "\(absence)") }
    let profile = try temporaryFolder()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments =
      [
        "--headless", "--disable-gpu", "--no-first-run", "--disable-extensions",
        "--user-data-dir=\(profile.path)",
      ] + (geteuid() == 0 ? ["--no-sandbox"] : []) + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let ended = DispatchSemaphore(value: 0)
    let output = OutputBytes()
    Thread {
      output.data = out.fileHandleForReading.readDataToEndOfFile()
      ended.signal()
    }.start()
    guard ended.wait(timeout: .now() + 120) == .success else {
      process.terminate()
      throw Failure(description: "Chromium took over two minutes: \(arguments)")
    }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw Failure(description: "Chromium exited with \(process.terminationStatus): \(arguments)")
    }
    return output.data
  }
}

/// The bytes the reader thread hands back, once it has signalled.
private final class OutputBytes: @unchecked Sendable {
  var data = Data()
}

extension String {
  /// How many times `needle` occurs.
  func occurrences(of needle: String) -> Int { ranges(of: needle).count }
}

import CIBGraphTestSupport
import Foundation
import Testing

/// What one run of the command-line tool gave.
struct CLIResult {
  var status: Int32
  var stdout: String
  var stderr: String
  var stdoutBytes: Data
}

/// The built `cibgraph`, next to the test bundle (`swift test` builds every product).
let cibgraphExecutable: URL = {
  if let path = ProcessInfo.processInfo.environment["CIBGRAPH_EXECUTABLE"] {
    return URL(fileURLWithPath: path)
  }
  var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  while directory.path != "/" {
    let candidate = directory.appendingPathComponent("cibgraph")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    directory.deleteLastPathComponent()
  }
  return repositoryRoot.appendingPathComponent(".build/debug/cibgraph")
}()

/// Runs `cibgraph` with `arguments` from the repository's root.
func cibgraph(_ arguments: String..., stdin: Data? = nil, environment: [String: String] = [:])
  throws -> CLIResult
{
  try cibgraph(arguments, stdin: stdin, environment: environment)
}

/// Runs `cibgraph` with an array of arguments.
/// - Parameters:
///   - stdin: Bytes written to the tool's standard input, a pipe.
///   - stdinFile: A file to give as standard input instead (such as `/dev/zero`).
///   - directory: Where to run it: a path relative to the repository's root,
///     or an absolute one (the root by default).
func cibgraph(
  _ arguments: [String], stdin: Data? = nil, stdinFile: String? = nil,
  environment: [String: String] = [:], directory: String? = nil
)
  throws -> CLIResult
{
  let process = Process()
  process.executableURL = cibgraphExecutable
  process.arguments = arguments
  if !environment.isEmpty {
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  }
  process.currentDirectoryURL =
    directory.map {
      $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : repositoryRoot.appendingPathComponent($0)
    } ?? repositoryRoot
  let out = Pipe()
  let err = Pipe()
  let input = Pipe()
  process.standardOutput = out
  process.standardError = err
  _ = brokenPipesIgnored
  let file = try stdinFile.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) }
  process.standardInput = file ?? input
  try process.run()
  try file?.close()
  // Write from a thread of its own: the tool may stop reading early (a limit)
  // or read only after it has written, and must not block the test either way.
  let writer = Thread {
    if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
    try? input.fileHandleForWriting.close()
  }
  writer.start()
  // Read both pipes concurrently so a large output cannot block the child;
  // the semaphore orders the reader's write of `errors` before our read of it.
  let errors = ErrorBytes()
  let errorsRead = DispatchSemaphore(value: 0)
  Thread {
    errors.data = err.fileHandleForReading.readDataToEndOfFile()
    errorsRead.signal()
  }.start()
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  errorsRead.wait()
  let errData = errors.data
  return CLIResult(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: outData)
}

/// The bytes a reader thread hands back, once it has signalled.
private final class ErrorBytes: @unchecked Sendable {
  var data = Data()
}

/// A tool that stops reading its input early must not kill the tests with
/// SIGPIPE when they write more: the write fails instead.
let brokenPipesIgnored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

func jsonObject(_ text: String) throws -> [String: Any] {
  try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// Runs `cibgraph` with at most `kibibytes` of address space (`ulimit -v`), as
/// a machine with that much memory would: past it, an allocation fails and the
/// process dies instead of answering.
func cibgraph(addressSpace kibibytes: Int, _ arguments: [String]) throws -> CLIResult {
  let directory = try temporaryFolder()
  defer { try? FileManager.default.removeItem(at: directory) }
  let out = directory.appendingPathComponent("stdout")
  let err = directory.appendingPathComponent("stderr")
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments =
    [
      "-c", "ulimit -v \(kibibytes) && exec \"$0\" \"$@\" > \"$OUT\" 2> \"$ERR\"",
      cibgraphExecutable.path,
    ] + arguments
  process.environment = ProcessInfo.processInfo.environment.merging([
    "OUT": out.path, "ERR": err.path,
  ]) { $1 }
  process.currentDirectoryURL = repositoryRoot
  try process.run()
  process.waitUntilExit()
  let stdout = (try? Data(contentsOf: out)) ?? Data()
  let stderr = (try? Data(contentsOf: err)) ?? Data()
  return CLIResult(
    status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
    stderr: String(decoding: stderr, as: UTF8.self), stdoutBytes: stdout)
}

/// 2 GiB of address space, the first issue's bound for its memory tests.
let twoGiB = 2 * 1024 * 1024

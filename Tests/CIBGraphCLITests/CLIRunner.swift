import Foundation
import Testing

/// What one run of the command-line tool gave.
struct CLIResult {
  var status: Int32
  var stdout: String
  var stderr: String
  var stdoutBytes: Data
}

/// The repository's root, found from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

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
func cibgraph(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:])
  throws -> CLIResult
{
  let process = Process()
  process.executableURL = cibgraphExecutable
  process.arguments = arguments
  if !environment.isEmpty {
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  }
  process.currentDirectoryURL = repositoryRoot
  let out = Pipe()
  let err = Pipe()
  let input = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = input
  try process.run()
  if let stdin { input.fileHandleForWriting.write(stdin) }
  try input.fileHandleForWriting.close()
  // Read both pipes concurrently so a large output cannot block the child.
  nonisolated(unsafe) var errData = Data()
  let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
  errReader.start()
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  while errReader.isExecuting || !errReader.isFinished { usleep(1_000) }
  return CLIResult(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: outData)
}

/// A file in a fresh temporary folder, deleted with the folder when the process ends.
func temporaryFile(_ name: String, _ contents: String) throws -> String {
  try temporaryFile(name, Data(contents.utf8))
}

func temporaryFile(_ name: String, _ contents: Data) throws -> String {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("cibgraph-tests-\(ProcessInfo.processInfo.processIdentifier)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  let url = directory.appendingPathComponent(UUID().uuidString + "-" + name)
  try contents.write(to: url)
  return url.path
}

func jsonObject(_ text: String) throws -> [String: Any] {
  try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

import CIBGraph
import Foundation

/// The repository's root, found from this file's location
/// (`Tests/Support/Repository.swift`), so tests find its sample documents
/// and seeds wherever the checkout is.
public let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// One of the published reports in the repository's `Graphs/` folder, read
/// as the tool reads it.
/// - Throws: when the file cannot be read, or ``InputError`` when it is not
///   a valid document.
public func graphsDocument(_ name: String) throws -> NetworkDocument {
  let url = repositoryRoot.appendingPathComponent("Graphs").appendingPathComponent(name)
  return try NetworkDocument.decode(Array(try Data(contentsOf: url)), file: name)
}

/// The path of a hand-made test document in the repository's
/// `Tests/Fixtures/` folder, relative to the repository's root (where the
/// command-line tests run the tool).
public func fixturePath(_ name: String) -> String { "Tests/Fixtures/" + name }

/// A hand-made test document of `Tests/Fixtures/`, read as the tool reads it.
/// - Throws: when the file cannot be read, or ``InputError`` when it is not
///   a valid document.
public func fixtureDocument(_ name: String) throws -> NetworkDocument {
  let url = repositoryRoot.appendingPathComponent(fixturePath(name))
  return try NetworkDocument.decode(Array(try Data(contentsOf: url)), file: name)
}

/// Runs a repository script's `--check` (`Examples/data/generate.py`,
/// `scripts/catalogue.py`): whether the committed files are what it writes.
/// - Returns: Its exit status and what it printed on stderr.
public func runScriptCheck(_ script: String) throws -> (status: Int32, message: String) {
  try runInRepository("/usr/bin/env", ["python3", script, "--check"])
}

/// Runs `executable` with `arguments` from the repository's root, its
/// standard output and input the test's own.
/// - Returns: Its exit status and what it printed on stderr.
public func runInRepository(
  _ executable: String, _ arguments: [String]
) throws -> (status: Int32, message: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  process.currentDirectoryURL = repositoryRoot
  let errors = Pipe()
  process.standardError = errors
  try process.run()
  let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return (process.terminationStatus, message)
}

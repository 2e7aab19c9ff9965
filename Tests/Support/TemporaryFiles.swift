import Foundation

/// This test process's own folder in the system's temporary directory:
/// the temporary files and folders below are all inside it. It is deleted
/// when the process exits; the test runner does not always run `atexit`
/// handlers (a run stopped early, or swift-testing's exit on Linux), so the
/// folders of test processes that are no longer running are deleted when
/// the next one starts.
public let temporaryRoot: URL = {
  let prefix = "cibgraph-tests-"
  let system = FileManager.default.temporaryDirectory
  removeFoldersOfEndedProcesses(in: system, prefix: prefix)
  atexit { try? FileManager.default.removeItem(at: temporaryRoot) }
  return system.appendingPathComponent(prefix + "\(ProcessInfo.processInfo.processIdentifier)")
}()

/// Deletes the folders `prefix` + process id in `folder` whose process has
/// ended: `kill(pid, 0)` says whether a process is there (ESRCH when not).
private func removeFoldersOfEndedProcesses(in folder: URL, prefix: String) {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
  for name in names where name.hasPrefix(prefix) {
    guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0,
      kill(pid, 0) != 0 && errno == ESRCH
    else { continue }
    try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
  }
}

/// A path inside ``temporaryRoot`` ending in `name`, where nothing is yet:
/// for a file a test expects the tool to write.
/// - Throws: when ``temporaryRoot`` cannot be made.
public func temporaryPath(_ name: String) throws -> String {
  try FileManager.default.createDirectory(at: temporaryRoot, withIntermediateDirectories: true)
  return temporaryRoot.appendingPathComponent(UUID().uuidString + "-" + name).path
}

/// A new, empty folder inside ``temporaryRoot``.
/// - Throws: when the folder cannot be made.
public func temporaryFolder() throws -> URL {
  let url = temporaryRoot.appendingPathComponent(UUID().uuidString)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// A file holding `contents` inside ``temporaryRoot``, its name ending in `name`.
/// - Returns: its path.
public func temporaryFile(_ name: String, _ contents: String) throws -> String {
  try temporaryFile(name, Data(contents.utf8))
}

/// A file holding `contents` inside ``temporaryRoot``, its name ending in `name`.
/// - Returns: its path.
public func temporaryFile(_ name: String, _ contents: Data) throws -> String {
  let path = try temporaryPath(name)
  try contents.write(to: URL(fileURLWithPath: path))
  return path
}

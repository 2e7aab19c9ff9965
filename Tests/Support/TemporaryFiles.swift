import Foundation

/// This test process's own folder in the system's temporary directory:
/// the temporary files and folders below are all inside it, and it is
/// deleted when the process exits.
public let temporaryRoot: URL = {
  atexit { try? FileManager.default.removeItem(at: temporaryRoot) }
  return FileManager.default.temporaryDirectory
    .appendingPathComponent("cibgraph-tests-\(ProcessInfo.processInfo.processIdentifier)")
}()

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

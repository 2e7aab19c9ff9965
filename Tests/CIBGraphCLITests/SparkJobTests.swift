import CIBGraphTestSupport
import Foundation
import Testing

/// The Spark jobs of `spark/` answer as `cibgraph` does: `spark/check.py` runs
/// both on the benchmark's S and M files (made by `bench/gen.py` when
/// `bench-data/` lacks them), on generated activity and on the hand-made
/// hostile files of `spark/testdata/`, in Spark's local mode, and compares
/// every key of their JSON. PySpark comes from `.venv-spark`, which
/// `scripts/setup.sh` installs when Java is there; without Java the test is
/// skipped, saying so.
@Suite struct SparkJobTests {
  /// A Java runtime: `JAVA_HOME`'s, or `java` on `PATH`.
  static let javaIsInstalled: Bool = {
    let environment = ProcessInfo.processInfo.environment
    if let home = environment["JAVA_HOME"],
      FileManager.default.isExecutableFile(atPath: home + "/bin/java")
    {
      return true
    }
    return (environment["PATH"] ?? "/usr/bin").split(separator: ":").contains {
      FileManager.default.isExecutableFile(atPath: "\($0)/java")
    }
  }()

  @Test(
    .enabled(
      if: javaIsInstalled,
      "no Java runtime (java on PATH or JAVA_HOME): spark/'s jobs are not checked against cibgraph (install a Java 17 or 21 runtime, then scripts/setup.sh)"
    ))
  func sparkJobsAnswerAsCibgraphDoes() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "spark/check.py", "--check", "--cibgraph", cibgraphExecutable.path,
    ]
    process.currentDirectoryURL = repositoryRoot
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "spark/check.py --check:\n\(message)")
  }
}

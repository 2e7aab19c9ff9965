import CIBGraphTestSupport
import Foundation
import Testing

@testable import CIBGraphCLI

/// Standard output written on a thread of its own, as `cibgraph dot` writes a large drawing.
@Suite struct StreamedOutputTests {
  /// More pieces than may wait, of sizes from none to past a pipe's buffer:
  /// the file holds them all, in the order given.
  @Test func piecesAreWrittenWholeAndInOrder() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("cibgraph-streamed-\(UUID().uuidString)").path
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    try #require(descriptor >= 0)
    defer {
      close(descriptor)
      unlink(path)
    }
    var random = SeededGenerator(seed: 74)
    var expected: [UInt8] = []
    let output = StreamedOutput(descriptor: descriptor)
    for index in 0..<(StreamedOutput.piecesWaiting * 3) {
      let size = index % 7 == 0 ? 0 : random.int(in: 1..<200_000)
      let piece = (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      expected += piece
      output.write(piece)
    }
    try output.finish()
    #expect(FileManager.default.contents(atPath: path) == Data(expected))
  }

  /// A descriptor that cannot be written: the failure is reported with
  /// status 74 and the system's reason, and the pieces after it are dropped.
  @Test func aFailedWriteIsReported() {
    let output = StreamedOutput(descriptor: -1)
    output.write(Array("digraph {}".utf8))
    output.write(Array("more".utf8))
    #expect {
      try output.finish()
    } throws: { error in
      guard let failure = error as? CommandFailure else { return false }
      return failure.status == .ioError
        && failure.messages == [
          "cibgraph: error: cannot write standard output: Bad file descriptor"
        ]
    }
  }
}

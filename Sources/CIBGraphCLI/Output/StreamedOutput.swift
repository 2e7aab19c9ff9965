import CIBGraph
import Dispatch
import Foundation

/// Standard output written on a thread of its own while the answer is still
/// being made, for answers too large to hold whole: the DOT of every asset
/// of a large graph is gigabytes, and writing them took seconds after the
/// drawing was done.
///
/// Only an answer that cannot fail once it has started goes this way (a
/// drawing, once its documents are read and its selection checked), so that
/// a failure still leaves nothing on stdout. Pieces wait in order for the
/// writer, at most ``piecesWaiting`` of them: the maker waits rather than
/// the memory grows. A write that fails ends the writing; ``finish()``
/// reports it.
final class StreamedOutput: DOTTextSink, @unchecked Sendable {
  // Unchecked: `failure` and `written` are read and written only on `queue`.
  private let descriptor: Int32
  private let queue = DispatchQueue(label: "cibgraph.streamed-output")
  private let room: DispatchSemaphore
  private var failure: Int32 = 0
  private var written = 0

  /// Pieces handed on and not yet written, at most.
  static let piecesWaiting = 32

  /// Writes into `descriptor` (standard output unless given), left open.
  init(descriptor: Int32 = STDOUT_FILENO) {
    self.descriptor = descriptor
    room = DispatchSemaphore(value: Self.piecesWaiting)
  }

  /// Queues `piece` to be written after the pieces before it.
  /// - Complexity: O(1), once fewer than ``piecesWaiting`` pieces wait.
  func write(_ piece: [UInt8]) {
    room.wait()
    queue.async { [self] in
      if failure == 0 {
        failure = piece.withUnsafeBytes { StandardOutput.writeAll($0, to: descriptor) }
        if failure == 0 { written += piece.count }
      }
      room.signal()
    }
  }

  /// Waits until every piece is written, and returns how many bytes they were.
  /// - Throws: ``CommandFailure`` with status 74 when a write failed.
  @discardableResult
  func finish() throws(CommandFailure) -> Int {
    let (failure, written) = queue.sync { (self.failure, self.written) }
    guard failure == 0 else { throw StandardOutput.failure(failure) }
    return written
  }
}

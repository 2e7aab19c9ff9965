import CIBGraph
import Foundation

/// Writing standard output whole, or saying why not.
enum StandardOutput {
  /// Writes `text` to standard output.
  /// - Throws: ``CommandFailure`` with status 74 when it cannot be written
  ///   to the end (a full disk, a closed descriptor), rather than stopping
  ///   on Foundation's trap.
  static func write(_ text: String) throws(CommandFailure) {
    var text = text
    let failure = text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: STDOUT_FILENO) }
    guard failure == 0 else { throw Self.failure(failure) }
  }

  /// Writes `bytes` to standard output, as ``write(_:)-(String)`` writes text.
  static func write(_ bytes: [UInt8]) throws(CommandFailure) {
    let failure = bytes.withUnsafeBytes { writeAll($0, to: STDOUT_FILENO) }
    guard failure == 0 else { throw Self.failure(failure) }
  }

  /// Writes every byte of `bytes`; the `errno` of a failed write, or 0.
  static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
    var offset = 0
    while offset < bytes.count {
      let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return errno
      }
      offset += written
    }
    return 0
  }

  static func failure(_ code: Int32) -> CommandFailure {
    CommandFailure(
      .ioError,
      ["cibgraph: error: cannot write standard output: \(String(cString: strerror(code)))"])
  }
}

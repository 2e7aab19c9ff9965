import CIBGraphCore
import CIBGraphSupport
import Foundation

/// An input opened once for reading: a file or standard input (the readers'
/// way in for an ``InputSource`` that is not bytes in memory).
///
/// A regular file's size is known before it is read, and it can be mapped
/// (``MappedFile``). Anything else (a pipe, a FIFO, `/dev/stdin`,
/// `/proc/self/fd/N`, `<(…)`, a terminal, a character device such as
/// `/dev/zero`) is a stream: its `stat` size says nothing (0 for a pipe),
/// it can be read once, in chunks, until it ends, and it may never end,
/// so a reader that holds it whole bounds it (``readAll(limit:)``).
/// Opening is the only step that waits on a FIFO with no writer yet, as
/// `cat` would; the input is opened once so that a FIFO's writer is never
/// cut off by a second open.
package final class InputFile: @unchecked Sendable {
  /// The size in bytes of a regular file; `nil` for a stream.
  package let regularSize: Int?
  /// The open descriptor (standard input's own, for standard input).
  let descriptor: Int32
  private let ownsDescriptor: Bool
  /// Where the next ``read(into:)`` of a regular file starts.
  private var offset = 0

  /// How messages name this input: `<stdin>` for standard input, else the path.
  package let name: String

  /// Opens standard input for reading.
  /// - Throws: See ``init(_:)``.
  package static func standardInput() throws(InputError) -> InputFile {
    try InputFile(nil)
  }

  /// Opens the file at `file` for reading, or standard input for `nil`.
  /// - Throws: ``InputError`` with kind `.missingInput`: no such file, a
  ///   folder, no permission, or standard input closed.
  /// - Complexity: O(1); waits for a writer when `file` is a FIFO.
  package init(_ file: String?) throws(InputError) {
    name = file ?? "<stdin>"
    let location = SourceLocation(file: name)
    if let file {
      var opened: Int32
      repeat {
        opened = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY)
      } while opened < 0 && errno == EINTR
      guard opened >= 0 else { throw Self.openError(errno, location: location) }
      descriptor = opened
      ownsDescriptor = true
    } else {
      descriptor = STDIN_FILENO
      ownsDescriptor = false
    }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      let message = file == nil ? "standard input is closed" : "cannot be read"
      if ownsDescriptor { close(descriptor) }
      throw InputError(.missingInput, location, message)
    }
    switch status.st_mode & S_IFMT {
    case S_IFDIR:
      if ownsDescriptor { close(descriptor) }
      throw InputError(.missingInput, location, "is a directory, not a file")
    case S_IFREG where lseek(descriptor, 0, SEEK_CUR) == 0:
      regularSize = Int(status.st_size)
    default:
      // A stream, or standard input redirected from a file that something
      // before us has partly read: read on from where it is.
      regularSize = nil
    }
  }

  deinit {
    if ownsDescriptor { close(descriptor) }
  }

  private static func openError(_ code: Int32, location: SourceLocation) -> InputError {
    switch code {
    case ENOENT, ENOTDIR: InputError(.missingInput, location, "no such file")
    case EACCES, EPERM:
      InputError(.missingInput, location, "cannot be read (check its permissions)")
    default:
      InputError(.missingInput, location, "cannot be read: \(String(cString: strerror(code)))")
    }
  }

  /// Reads the next bytes into `buffer`, as many as are ready (at most its
  /// size); 0 at the end of the input.
  /// - Throws: ``InputError`` (`.missingInput`) when the system cannot read.
  /// - Complexity: O(n) in the bytes read; waits for a stream's writer.
  package func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    while true {
      // Regular files are read at an offset of their own, so that mapping
      // the same descriptor or reading it whole never moves this position.
      let got =
        regularSize == nil
        ? Foundation.read(descriptor, base, buffer.count)
        : pread(descriptor, base, buffer.count, off_t(offset))
      if got >= 0 {
        if regularSize != nil { offset += got }
        return got
      }
      if errno == EINTR { continue }
      throw InputError(
        .missingInput, SourceLocation(file: name),
        "cannot be read: \(String(cString: strerror(errno)))")
    }
  }

  /// Fills `buffer` unless the input ends first; the bytes read.
  /// - Complexity: O(n) in the bytes read.
  package func readFully(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    var filled = 0
    while filled < buffer.count {
      let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
      if got == 0 { break }
      filled += got
    }
    return filled
  }

  /// Fills `buffer` from the start of a regular file; the bytes read, fewer
  /// when the file ended first. A large file is read in parts, one per core,
  /// each at its own offset: reading a cached file is the kernel copying it
  /// and the pages' first touch, which one core does at a few gigabytes a second.
  /// - Complexity: O(n) in the bytes read, spread over the cores.
  private func readFromStart(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    let parts = WorkSplit.standard.parts(of: buffer.count, per: Self.bytesPerPart)
    guard parts > 1 else {
      offset = 0
      return try readFully(into: buffer)
    }
    nonisolated(unsafe) let buffer = buffer
    let bounds = (0...parts).map { WorkSplit.boundary($0, of: parts, in: buffer.count) }
    let results = WorkSplit.inParallel(parts) { part -> Result<Int, InputError> in
      let range = bounds[part]..<bounds[part + 1]
      do throws(InputError) {
        return .success(
          try self.readFully(
            into: UnsafeMutableRawBufferPointer(rebasing: buffer[range]), at: range.lowerBound))
      } catch {
        return .failure(error)
      }
    }
    var filled = 0
    for (part, result) in results.enumerated() {
      let got = try result.get()
      filled += got
      // A short part means the file shrank: what follows it is not the file's.
      if got < bounds[part + 1] - bounds[part] { break }
    }
    offset = filled
    return filled
  }

  /// Bytes of a regular file below which one core reads it.
  private static let bytesPerPart = 1 << 24

  /// Fills `buffer` with a regular file's bytes from `start`, unless it ends
  /// first; the bytes read. Moves no offset, so several parts may be read at once.
  private func readFully(into buffer: UnsafeMutableRawBufferPointer, at start: Int)
    throws(InputError) -> Int
  {
    guard let base = buffer.baseAddress else { return 0 }
    var filled = 0
    while filled < buffer.count {
      let got = pread(descriptor, base + filled, buffer.count - filled, off_t(start + filled))
      if got == 0 { break }
      if got > 0 {
        filled += got
        continue
      }
      if errno == EINTR { continue }
      throw InputError(
        .missingInput, SourceLocation(file: name),
        "cannot be read: \(String(cString: strerror(errno)))")
    }
    return filled
  }

  /// The whole input in memory, refused when it holds more than the limit.
  ///
  /// A regular file is read from its start, and refused from its size before
  /// a byte is read; a stream is read from where it is, and reading stops
  /// as soon as it passes the limit, so at most `limit` + 1 bytes are ever held.
  /// - Throws: ``InputError``: `.badData` over the limit, `.missingInput`
  ///   when the system cannot read or a regular file shrank while being read.
  /// - Complexity: O(n) in the bytes read.
  package func readAll(limit: InputSizeLimit) throws(InputError) -> [UInt8] {
    if let size = regularSize {
      guard size <= limit.bytes else { throw limit.refusal(of: name, size: size) }
      var failure: InputError?
      let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        do throws(InputError) {
          count = try readFromStart(into: UnsafeMutableRawBufferPointer(buffer))
        } catch {
          count = 0
          failure = error
        }
      }
      if let failure { throw failure }
      guard bytes.count == size else {
        throw InputError(
          .missingInput, SourceLocation(file: name), "cannot be read to its end (did it shrink?)")
      }
      return bytes
    }
    var bytes: [UInt8] = []
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 1)
    defer { chunk.deallocate() }
    while true {
      // Never ask for more than one byte past the limit.
      let wanted = min(chunk.count, limit.bytes - bytes.count + 1)
      let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: chunk[..<wanted]))
      if got == 0 { return bytes }
      guard bytes.count + got <= limit.bytes else {
        throw limit.refusal(
          of: name,
          "holds more than the input limit of \(InputSizeLimit.describe(bytes: limit.bytes)); "
            + "reading stopped there")
      }
      bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[..<got]))
    }
  }
}

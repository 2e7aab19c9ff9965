import CIBGraphCore
import CIBGraphSupport
import Foundation

/// An input the user named, opened once for reading: a path, or `-` for
/// standard input.
///
/// A regular file's size is known before it is read, and it can be mapped
/// (``MappedFile``). Anything else (a pipe, a FIFO, `/dev/stdin`,
/// `/proc/self/fd/N`, `<(…)`, a terminal, a character device such as
/// `/dev/zero`) is a stream: its `stat` size says nothing (0 for a pipe),
/// it can be read once, in chunks, until it ends, and it may never end,
/// so a reader that holds it whole bounds it (``readAll(limit:advice:)``).
/// Opening is the only step that waits on a FIFO with no writer yet, as
/// `cat` would; the input is opened once so that a FIFO's writer is never
/// cut off by a second open.
public final class InputFile: @unchecked Sendable {
  /// The path that names standard input.
  public static let standardInputPath = "-"

  /// How messages name the input at `path`: `<stdin>` for `-`, else the path.
  public static func displayName(of path: String) -> String {
    path == standardInputPath ? "<stdin>" : path
  }

  /// The path as the user gave it.
  public let path: String
  /// The size in bytes of a regular file; `nil` for a stream.
  public let regularSize: Int?
  /// The open descriptor (standard input's own for `-`).
  let descriptor: Int32
  private let ownsDescriptor: Bool
  /// Where the next ``read(into:)`` of a regular file starts.
  private var offset = 0

  /// How messages name this input: `<stdin>` for `-`, else the path.
  public var name: String { Self.displayName(of: path) }

  /// Opens `path` (`-`: standard input) for reading.
  /// - Throws: ``InputError`` with kind `.missingInput`: no such file, a
  ///   folder, no permission, or standard input closed.
  /// - Complexity: O(1); waits for a writer when `path` is a FIFO.
  public init(path: String) throws(InputError) {
    self.path = path
    let location = SourceLocation(file: Self.displayName(of: path))
    if path == Self.standardInputPath {
      descriptor = STDIN_FILENO
      ownsDescriptor = false
    } else {
      var opened: Int32
      repeat {
        opened = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
      } while opened < 0 && errno == EINTR
      guard opened >= 0 else { throw Self.openError(errno, location: location) }
      descriptor = opened
      ownsDescriptor = true
    }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      let message = path == Self.standardInputPath ? "standard input is closed" : "cannot be read"
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
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
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
  public func readFully(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
    var filled = 0
    while filled < buffer.count {
      let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
      if got == 0 { break }
      filled += got
    }
    return filled
  }

  /// The whole input in memory, refused when it holds more than `limit` bytes.
  ///
  /// A regular file is read from its start, and refused from its size before
  /// a byte is read; a stream is read from where it is, and reading stops
  /// as soon as it passes the limit, so at most `limit` + 1 bytes are ever held.
  /// - Parameter limit: The most bytes accepted.
  /// - Parameter advice: Appended to the message when the input is over the
  ///   limit: how to raise it.
  /// - Throws: ``InputError``: `.badData` over the limit, `.missingInput`
  ///   when the system cannot read or a regular file shrank while being read.
  /// - Complexity: O(n) in the bytes read.
  public func readAll(limit: Int, advice: String = "") throws(InputError) -> [UInt8] {
    if let size = regularSize {
      guard size <= limit else {
        throw overLimit(
          "is \(Self.describe(bytes: size)), more than the input limit of "
            + "\(Self.describe(bytes: limit)); not read", advice: advice)
      }
      var failure: InputError?
      let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        offset = 0
        do throws(InputError) {
          count = try readFully(into: UnsafeMutableRawBufferPointer(buffer))
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
      let wanted = min(chunk.count, limit - bytes.count + 1)
      let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: chunk[..<wanted]))
      if got == 0 { return bytes }
      guard bytes.count + got <= limit else {
        throw overLimit(
          "holds more than the input limit of \(Self.describe(bytes: limit)); "
            + "reading stopped there", advice: advice)
      }
      bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[..<got]))
    }
  }

  private func overLimit(_ message: String, advice: String) -> InputError {
    InputError(
      .badData, SourceLocation(file: name), message + (advice.isEmpty ? "" : "; \(advice)"))
  }

  /// A size for people: `4 GiB (4,294,967,296 bytes)` when it is a whole
  /// number of a binary unit, else `1,500 bytes`.
  public static func describe(bytes: Int) -> String {
    let units = [(1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
    for (size, unit) in units where bytes >= size && bytes % size == 0 {
      return "\(bytes / size) \(unit) (\(groupedDigits(bytes)) bytes)"
    }
    return bytes == 1 ? "1 byte" : "\(groupedDigits(bytes)) bytes"
  }
}

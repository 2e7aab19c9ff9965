import CIBGraphCore
import CIBGraphSupport
import Foundation

/// Where an input comes from: a file, bytes already in memory, or standard
/// input. Every reader takes one.
///
/// A reader decides how to read it: a regular file is mapped when the
/// reader can work on it in place, and read in chunks or whole otherwise;
/// a stream (standard input, a pipe, a FIFO) is read once, in chunks or
/// whole. Opening waits for a FIFO's writer, as `cat` would.
public enum InputSource: Sendable, Hashable {
  /// The file at a path.
  case path(String)
  /// The file a `file:` URL names (other URLs are refused: nothing is downloaded).
  case url(URL)
  /// Bytes in memory, and the name messages give them.
  case bytes([UInt8], name: String)
  /// The process's standard input.
  case standardInput

  /// The input a command-line argument names: standard input for `-`, the
  /// file at that path otherwise.
  /// - Complexity: O(1).
  package init(argument: String) {
    self = argument == "-" ? .standardInput : .path(argument)
  }

  /// How messages name the input: its path, `<stdin>`, or the name given
  /// with its bytes.
  /// - Complexity: O(1).
  package var name: String {
    switch self {
    case .path(let path): path
    case .url(let url): url.isFileURL ? url.path : url.absoluteString
    case .bytes(_, let name): name
    case .standardInput: "<stdin>"
    }
  }
}

/// The most bytes an input read whole may hold, so that a stream with no
/// end (`/dev/zero`) or a file too large for memory is refused with a
/// message rather than read until memory runs out.
///
/// A regular file over the limit is refused from its size before a byte is
/// read; a stream is read until it passes the limit and no further, so at
/// most `bytes` + 1 bytes are ever held. Audience lists are streamed and
/// never held whole, so they have no limit.
public struct InputSizeLimit: Sendable, Hashable {
  /// The most bytes accepted.
  public var bytes: Int
  /// Appended to the refusal: how to raise the limit, or what to do instead.
  package var advice: String

  /// A limit of `bytes`, with `advice` for the message that enforces it.
  /// - Complexity: O(1).
  public init(bytes: Int, advice: String = "") {
    self.bytes = bytes
    self.advice = advice
  }

  /// 4 GiB, the command-line tool's default.
  public static let standard = InputSizeLimit(bytes: 4 << 30)

  /// The refusal of the input `name` of `size` bytes, over the limit.
  package func refusal(of name: String, size: Int) -> InputError {
    refusal(
      of: name,
      "is \(Self.describe(bytes: size)), more than the input limit of "
        + "\(Self.describe(bytes: bytes)); not read")
  }

  /// The refusal of the input `name`, with `message` and the advice.
  package func refusal(of name: String, _ message: String) -> InputError {
    InputError(
      .badData, SourceLocation(file: name), message + (advice.isEmpty ? "" : "; \(advice)"))
  }

  /// A size for people: `4 GiB (4,294,967,296 bytes)` when it is a whole
  /// number of a binary unit, else `1,500 bytes`.
  package static func describe(bytes: Int) -> String {
    let units = [(1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
    for (size, unit) in units where bytes >= size && bytes % size == 0 {
      return "\(bytes / size) \(unit) (\(groupedDigits(bytes)) bytes)"
    }
    return bytes == 1 ? "1 byte" : "\(groupedDigits(bytes)) bytes"
  }
}

extension InputSource {
  /// An input opened for reading: a file or stream, or bytes in memory.
  package enum Opened {
    case file(InputFile)
    case bytes([UInt8], name: String)

    /// How messages name the input.
    package var name: String {
      switch self {
      case .file(let file): file.name
      case .bytes(_, let name): name
      }
    }
  }

  /// Opens the input once, for whichever way it will be read.
  /// - Throws: ``InputError`` (`.missingInput`): no such file, a folder, no
  ///   permission, a URL that is not a file's, standard input closed.
  /// - Complexity: O(1); waits for a writer when the path is a FIFO.
  package func open() throws(InputError) -> Opened {
    switch self {
    case .path(let path): return .file(try InputFile(path))
    case .url(let url):
      guard url.isFileURL else {
        throw InputError(
          .missingInput, SourceLocation(file: name),
          "only file URLs are read, not \(url.scheme ?? "")")
      }
      return .file(try InputFile(url.path))
    case .bytes(let bytes, let name): return .bytes(bytes, name: name)
    case .standardInput: return .file(try InputFile.standardInput())
    }
  }
}

extension InputSource.Opened {
  /// The whole input in memory.
  /// - Throws: ``InputError``: `.badData` when it holds more than `limit`
  ///   or nothing at all, `.missingInput` when the system cannot read it.
  /// - Complexity: O(bytes).
  package func readWhole(limit: InputSizeLimit) throws(InputError) -> [UInt8] {
    let bytes: [UInt8]
    switch self {
    case .file(let file): bytes = try file.readAll(limit: limit)
    case .bytes(let held, let name):
      guard held.count <= limit.bytes else { throw limit.refusal(of: name, size: held.count) }
      bytes = held
    }
    guard !bytes.isEmpty else {
      throw InputError(.badData, SourceLocation(file: name), "empty file")
    }
    return bytes
  }

  /// The input's bytes where they are, for a reader that works in place: a
  /// regular file mapped, or bytes in memory; `nil` for a stream or an empty
  /// file, which are read another way (one that says what is wrong).
  /// - Parameter limit: Refuses a larger input, as reading it whole would.
  /// - Complexity: O(1): a mapping's pages are read when touched.
  package func inPlace(limit: InputSizeLimit? = nil) throws(InputError) -> InPlaceBytes? {
    switch self {
    case .file(let file):
      if let limit, let size = file.regularSize, size > limit.bytes {
        throw limit.refusal(of: file.name, size: size)
      }
      return MappedFile(file).map(InPlaceBytes.mapped)
    case .bytes(let bytes, let name):
      if let limit, bytes.count > limit.bytes { throw limit.refusal(of: name, size: bytes.count) }
      return bytes.isEmpty ? nil : .array(bytes)
    }
  }
}

/// An input's bytes where they are: a mapped file (whose pages a reader
/// gives back as it goes) or an array.
package enum InPlaceBytes: @unchecked Sendable {
  case mapped(MappedFile)
  case array([UInt8])

  /// The bytes, when they are an array.
  package var array: [UInt8]? {
    if case .array(let bytes) = self { bytes } else { nil }
  }

  /// Calls `body` with the bytes and, for a mapped file, how to give pages back.
  package func withBytes<Result>(
    _ body: (UnsafeBufferPointer<UInt8>, FastSpreadsheetReader.Release?) -> Result
  ) -> Result {
    switch self {
    case .mapped(let file): body(file.bytes, { file.release($0) })
    case .array(let bytes): bytes.withUnsafeBufferPointer { body($0, nil) }
    }
  }

  /// Calls `body` with the bytes of each of `inputs`, in order.
  package static func withBytes<Result>(
    of inputs: [InPlaceBytes],
    _ body: ([(bytes: UnsafeBufferPointer<UInt8>, release: FastSpreadsheetReader.Release?)]) ->
      Result
  ) -> Result {
    func nest(
      _ rest: ArraySlice<InPlaceBytes>,
      _ held: [(bytes: UnsafeBufferPointer<UInt8>, release: FastSpreadsheetReader.Release?)]
    ) -> Result {
      guard let first = rest.first else { return body(held) }
      return first.withBytes { bytes, release in
        nest(rest.dropFirst(), held + [(bytes, release)])
      }
    }
    return nest(inputs[...], [])
  }
}

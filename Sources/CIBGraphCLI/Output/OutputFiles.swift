import CIBGraph
import Foundation
import Synchronization

/// The files one command writes: all of them or none, each whole or not at all.
///
/// Every file is first written beside its destination to a temporary
/// created exclusively (`O_CREAT | O_EXCL | O_NOFOLLOW`, permissions from
/// the umask, or the replaced file's) under a name with 64 random bits, so
/// that nothing planted in the folder, such as a symbolic link at a name
/// the tool would use, is ever written through; then flushed to disk.
/// Only once every file of the command is written are the temporaries
/// renamed into place (`rename(2)` replaces a destination, or a symbolic
/// link standing there, atomically). A failure before that removes every
/// temporary and leaves the old files as they were; a failed rename puts
/// back the files already renamed. SIGINT, SIGTERM or SIGHUP while
/// temporaries exist removes them before the process ends.
///
/// ```swift
/// let outputs = OutputFiles()
/// try outputs.add(document, to: "net.json")
/// try outputs.add(evidence, to: "ev.csv")
/// try outputs.commit()  // both, or neither
/// ```
final class OutputFiles {
  /// A file written to its temporary, waiting to be renamed into place.
  private struct Staged {
    var destination: String
    var temporary: String
    var signalSlot: Int?
  }

  /// A destination that is no file (`/dev/stdout`, a FIFO, `/dev/null`):
  /// written straight into at commit, as standard output would be, since
  /// renaming over it would replace the device or the link with a file.
  private struct Stream {
    var destination: String
    var bytes: [UInt8]
    /// The process's own descriptor the destination names (`/dev/stdout`
    /// is `/proc/self/fd/1`), written into as it stands: opening the path
    /// again would truncate a file the shell opened for appending.
    var descriptor: Int32?
  }

  private var staged: [Staged] = []
  private var streams: [Stream] = []

  init() {}

  /// Writes one file whole, or leaves the old one as it was.
  /// - Throws: ``CommandFailure`` with status 73, naming the file and the reason.
  static func write(_ bytes: [UInt8], to path: String) throws(CommandFailure) {
    let outputs = OutputFiles()
    try outputs.add(bytes, to: path)
    try outputs.commit()
  }

  /// Writes `bytes` to a temporary for `path`; nothing is in place until ``commit()``.
  /// - Throws: ``CommandFailure`` (status 73) after removing every temporary
  ///   of this set, or status 64 when `path` is already an output of the set.
  func add(_ bytes: [UInt8], to path: String) throws(CommandFailure) {
    try bytes.withUnsafeBytes { buffer in
      Result { () throws(CommandFailure) in
        try add(buffer, to: path)
      }
    }.get()
  }

  /// Writes `text` as UTF-8, without copying it first.
  func add(_ text: String, to path: String) throws(CommandFailure) {
    var text = text
    try text.withUTF8 { buffer in
      Result { () throws(CommandFailure) in
        try add(UnsafeRawBufferPointer(buffer), to: path)
      }
    }.get()
  }

  private func add(_ bytes: UnsafeRawBufferPointer, to path: String) throws(CommandFailure) {
    let destinations = staged.map(\.destination) + streams.map(\.destination)
    guard !destinations.contains(where: { Self.samePath($0, path) }) else {
      discard()
      throw CommandFailure(
        .usage, ["cibgraph: error: \(TerminalText.safe(path)) is named for two outputs"])
    }
    do throws(OutputError) {
      let folder = Self.folder(of: path)
      var status = stat()
      guard stat(folder, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
        throw OutputError("no folder \(folder)")
      }
      var mode: mode_t = 0o666
      var replaced = false
      if lstat(path, &status) == 0 {
        switch status.st_mode & S_IFMT {
        case S_IFDIR: throw OutputError("it is a folder")
        case S_IFREG:
          // Keep the permissions of the file replaced: a private file stays private.
          mode = status.st_mode & 0o777
          replaced = true
        default:
          // One of this process's descriptors (`/dev/stdout` redirected to a
          // file too): renaming over the link would replace `/dev/stdout`
          // itself, for every process on the machine.
          if let descriptor = Self.ownDescriptor(named: path) {
            streams.append(Stream(destination: path, bytes: Array(bytes), descriptor: descriptor))
            return
          }
          // A device or pipe, or a link to one.
          if stat(path, &status) == 0,
            [S_IFIFO, S_IFCHR, S_IFSOCK].contains(status.st_mode & S_IFMT)
          {
            streams.append(Stream(destination: path, bytes: Array(bytes), descriptor: nil))
            return
          }
        }
      }
      let file = try Self.createTemporary(for: path)
      staged.append(Staged(destination: path, temporary: file.path, signalSlot: file.slot))
      try Self.fill(file.descriptor, with: bytes, mode: replaced ? mode : nil, flush: true)
    } catch {
      discard()
      throw Self.failure(path, error.reason)
    }
  }

  /// Writes the streams, then renames every temporary into place, or none:
  /// a rename that fails puts back what the ones before it replaced.
  /// - Throws: ``CommandFailure`` with status 73.
  func commit() throws(CommandFailure) {
    for stream in streams {
      do throws(OutputError) {
        if let descriptor = stream.descriptor {
          try Self.write(stream.bytes, intoDescriptor: descriptor)
        } else {
          try Self.write(stream.bytes, into: stream.destination)
        }
      } catch {
        discard()
        throw Self.failure(stream.destination, error.reason)
      }
    }
    streams = []
    let files = staged
    staged = []
    var failure: CommandFailure?
    SignalCleanup.whileCommitting {
      var renamed: [(destination: String, backup: String?)] = []
      for (index, file) in files.enumerated() {
        // Keep the old file under a second name while a later rename may still fail.
        var backup: String?
        if index < files.count - 1, let name = Self.backup(of: file.destination) {
          backup = name
        }
        if rename(file.temporary, file.destination) != 0 {
          let reason = String(cString: strerror(errno))
          if let backup { unlink(backup) }
          for done in renamed.reversed() {
            if let old = done.backup {
              rename(old, done.destination)
            } else {
              unlink(done.destination)
            }
          }
          for rest in files[index...] { unlink(rest.temporary) }
          failure = Self.failure(file.destination, reason)
          break
        }
        renamed.append((file.destination, backup))
      }
      if failure == nil {
        for done in renamed { if let backup = done.backup { unlink(backup) } }
        Set(files.map { Self.folder(of: $0.destination) }).forEach(Self.flushFolder)
      }
      for file in files { SignalCleanup.forget(file.signalSlot) }
    }
    if let failure { throw failure }
  }

  /// Removes every temporary of the set.
  func discard() {
    for file in staged {
      unlink(file.temporary)
      SignalCleanup.forget(file.signalSlot)
    }
    staged = []
    streams = []
  }

  deinit { discard() }

  // MARK: - Files

  /// Status 73 with the file and the reason, both as the user may safely see them.
  private static func failure(_ path: String, _ reason: String) -> CommandFailure {
    CommandFailure(.cannotCreate, [TerminalText.safe("\(path): error: cannot write: \(reason)")])
  }

  private struct OutputError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
    static func system(_ code: Int32 = errno) -> OutputError {
      OutputError(String(cString: strerror(code)))
    }
  }

  private static func folder(of path: String) -> String {
    let folder = (path as NSString).deletingLastPathComponent
    return folder.isEmpty ? "." : folder
  }

  private static func samePath(_ a: String, _ b: String) -> Bool {
    (a as NSString).standardizingPath == (b as NSString).standardizingPath
  }

  /// `.NAME.RANDOM.tmp` beside `path`: 64 random bits nobody can guess,
  /// the name cut short enough for the 255-byte limit on file names.
  private static func temporaryName(for path: String, kind: String) -> String {
    var base = (path as NSString).lastPathComponent
    while base.utf8.count > 200 { base.unicodeScalars.removeLast() }
    let random = String(UInt64.random(in: .min ... .max), radix: 16)
    let name = ".\(base).\(random).\(kind)"
    let folder = (path as NSString).deletingLastPathComponent
    return folder.isEmpty ? name : folder + "/" + name
  }

  /// A new file no one else has: created exclusively, never through a link.
  private static func createTemporary(for path: String) throws(OutputError) -> (
    path: String, descriptor: Int32, slot: Int?
  ) {
    for _ in 0..<8 {
      let name = temporaryName(for: path, kind: "tmp")
      // Registered before it exists, so that a signal never leaves it behind.
      let slot = SignalCleanup.remember(name)
      var descriptor: Int32
      repeat {
        descriptor = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
      } while descriptor < 0 && errno == EINTR
      if descriptor >= 0 { return (name, descriptor, slot) }
      let code = errno
      SignalCleanup.forget(slot)
      if code != EEXIST { throw .system(code) }
    }
    throw OutputError("no unused temporary name beside it")
  }

  /// Writes into a device or pipe that is already there.
  private static func write(_ bytes: [UInt8], into path: String) throws(OutputError) {
    var descriptor: Int32
    repeat {
      descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
    } while descriptor < 0 && errno == EINTR
    guard descriptor >= 0 else { throw .system() }
    try bytes.withUnsafeBytes { buffer in
      Result { () throws(OutputError) in try fill(descriptor, with: buffer, mode: nil, flush: false)
      }
    }.get()
  }

  /// Writes into a descriptor the process already has, leaving it open.
  private static func write(_ bytes: [UInt8], intoDescriptor descriptor: Int32) throws(OutputError)
  {
    let copy = dup(descriptor)
    guard copy >= 0 else { throw .system() }
    try bytes.withUnsafeBytes { buffer in
      Result { () throws(OutputError) in try fill(copy, with: buffer, mode: nil, flush: false) }
    }.get()
  }

  /// The descriptor `path` names when it is, or links to, one of this
  /// process's own (`/proc/self/fd/N`, `/dev/fd/N`, `/proc/PID/fd/N`).
  /// - Complexity: At most 16 links followed.
  static func ownDescriptor(named path: String) -> Int32? {
    var current = path
    for _ in 0..<16 {
      if let descriptor = descriptorNumber(in: current) { return descriptor }
      var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let length = readlink(current, &target, target.count - 1)
      guard length > 0 else { return nil }
      let link = String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current = link.hasPrefix("/") ? link : folder(of: current) + "/" + link
    }
    return nil
  }

  private static func descriptorNumber(in path: String) -> Int32? {
    let prefixes = ["/proc/self/fd/", "/dev/fd/", "/proc/\(getpid())/fd/"]
    for prefix in prefixes where path.hasPrefix(prefix) {
      let number = path.dropFirst(prefix.count)
      guard !number.isEmpty, number.utf8.count <= 9,
        number.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
        let value = Int32(number), value >= 0
      else { return nil }
      return value
    }
    return nil
  }

  /// Writes every byte, then flushes the file to disk if asked, and closes it.
  private static func fill(
    _ descriptor: Int32, with bytes: UnsafeRawBufferPointer, mode: mode_t?, flush: Bool
  ) throws(OutputError) {
    var failure: OutputError?
    if let mode, fchmod(descriptor, mode) != 0 { failure = .system() }
    var written = 0
    while failure == nil && written < bytes.count {
      let count = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
      if count < 0 {
        if errno != EINTR { failure = .system() }
      } else {
        written += count
      }
    }
    if failure == nil && flush && fsync(descriptor) != 0 { failure = .system() }
    if close(descriptor) != 0 && failure == nil && errno != EINTR { failure = .system() }
    if let failure { throw failure }
  }

  /// A second name for the file at `path` (a hard link), so that it can be
  /// put back; `nil` when there is no file or no link can be made.
  private static func backup(of path: String) -> String? {
    var status = stat()
    guard lstat(path, &status) == 0 else { return nil }
    for _ in 0..<8 {
      let name = temporaryName(for: path, kind: "old")
      if link(path, name) == 0 { return name }
      if errno != EEXIST { return nil }
    }
    return nil
  }

  /// Makes the renames durable; a folder that cannot be flushed is no failure.
  private static func flushFolder(_ folder: String) {
    let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    close(descriptor)
  }
}

/// Removes temporaries when SIGINT, SIGTERM or SIGHUP ends the process.
///
/// A signal handler may only do what is async-signal-safe, so the paths
/// wait for it as C strings in fixed slots that it reads atomically, and
/// they are never freed (a handler may be reading one; a command writes a
/// handful of files). During a commit the handler only notes the signal,
/// which ends the process once the renames are done or undone: a command's
/// files are never left half replaced.
enum SignalCleanup {
  private static let capacity = 16
  /// Each slot: the address of a C string, or 0.
  private static let slots = Slots()
  private static let committing = Atomic<Bool>(false)
  private static let pendingSignal = Atomic<Int32>(0)
  private static let installed = Mutex(false)

  private final class Slots: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Atomic<Int>>
    init() {
      pointer = .allocate(capacity: SignalCleanup.capacity)
      for index in 0..<SignalCleanup.capacity { (pointer + index).initialize(to: Atomic(0)) }
    }
  }

  private static let signals = [SIGINT, SIGTERM, SIGHUP]

  /// Keeps `path` for removal by a signal; the slot to forget it by, or
  /// `nil` when all are taken (the path then goes unprotected).
  static func remember(_ path: String) -> Int? {
    installOnce()
    let address = Int(bitPattern: strdup(path))
    for index in 0..<capacity {
      if slots.pointer[index].compareExchange(
        expected: 0, desired: address, ordering: .sequentiallyConsistent
      ).exchanged {
        return index
      }
    }
    return nil
  }

  /// The path in `slot` is no longer the tool's to remove.
  static func forget(_ slot: Int?) {
    guard let slot else { return }
    slots.pointer[slot].store(0, ordering: .sequentiallyConsistent)
  }

  /// Runs `body` with signals held back until it returns.
  static func whileCommitting(_ body: () -> Void) {
    committing.store(true, ordering: .sequentiallyConsistent)
    body()
    committing.store(false, ordering: .sequentiallyConsistent)
    let signal = pendingSignal.exchange(0, ordering: .sequentiallyConsistent)
    if signal != 0 { end(by: signal) }
  }

  private static func installOnce() {
    installed.withLock { installed in
      guard !installed else { return }
      installed = true
      _ = slots
      _ = committing.load(ordering: .relaxed)
      _ = pendingSignal.load(ordering: .relaxed)
      for signal in signals {
        // A signal the tool was started ignoring (nohup) stays ignored.
        var current = sigaction()
        guard sigaction(signal, nil, &current) == 0,
          current.__sigaction_handler.sa_handler == nil  // SIG_DFL
        else { continue }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
          if SignalCleanup.committing.load(ordering: .sequentiallyConsistent) {
            SignalCleanup.pendingSignal.store(signal, ordering: .sequentiallyConsistent)
          } else {
            SignalCleanup.end(by: signal)
          }
        }
        sigemptyset(&action.sa_mask)
        sigaction(signal, &action, nil)
      }
    }
  }

  /// Removes every remembered path, then ends the process as `signal` would have.
  private static func end(by signal: Int32) {
    for index in 0..<capacity {
      let address = slots.pointer[index].exchange(0, ordering: .sequentiallyConsistent)
      if let path = UnsafePointer<CChar>(bitPattern: address) { unlink(path) }
    }
    var action = sigaction()
    action.__sigaction_handler.sa_handler = nil  // SIG_DFL
    sigemptyset(&action.sa_mask)
    sigaction(signal, &action, nil)
    raise(signal)
  }
}

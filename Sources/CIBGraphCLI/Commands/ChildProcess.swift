import Foundation

/// A program run to its end as a child process: bytes fed to its standard
/// input, its standard output and error collected, within a time limit.
///
/// One thread does all three through `poll(2)`, so nothing is shared between
/// threads, and no child can block the parent: neither one that writes much
/// to stderr before reading its input, nor one that stops reading it. A child
/// past its time limit is killed (SIGKILL). Every child is reaped before
/// ``run(_:arguments:input:timeLimit:)`` returns, and only then: its process
/// id cannot have been given to another process when it is killed.
struct ChildProcess {
  /// How a child ended.
  enum Ending: Equatable, Sendable {
    /// It exited with this status.
    case exited(Int32)
    /// A signal it did not get from us ended it.
    case signalled(Int32)
    /// It ran past the time limit and was killed.
    case timedOut
  }

  /// What a child did.
  struct Outcome {
    var ending: Ending
    /// Everything it wrote on its standard output.
    var output: [UInt8]
    /// The first ``errorLimit`` bytes it wrote on its standard error (the
    /// rest is read, so that the child never blocks, and dropped).
    var errors: [UInt8]
    /// Its process id, which no longer names it: it has been reaped.
    var processIdentifier: pid_t
  }

  /// The child could not be started.
  struct LaunchError: Error, CustomStringConvertible {
    var description: String
  }

  /// Standard error kept: room for any message, bounded whatever the child writes.
  static let errorLimit = 64 * 1024

  /// Runs `executable` with `arguments` to its end, or until `timeLimit`.
  /// - Parameters:
  ///   - executable: An absolute path.
  ///   - input: What to write on the child's standard input, which is closed after.
  ///   - timeLimit: How long the child may run; `nil` for as long as it takes.
  /// - Complexity: O(input + output) time and memory, plus what the child takes.
  static func run(
    _ executable: String, arguments: [String], input: [UInt8], timeLimit: Duration?
  ) throws(LaunchError) -> Outcome {
    let clock = ContinuousClock()
    let deadline = timeLimit.map { clock.now + $0 }
    var pipes: [(read: Int32, write: Int32)] = []
    defer {
      for pipe in pipes {
        close(pipe.read)
        close(pipe.write)
      }
    }
    for _ in 0..<3 {
      guard let pipe = cloexecPipe() else {
        throw LaunchError(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
      }
      pipes.append(pipe)
    }
    let pid = try spawn(
      executable, arguments: arguments,
      standardStreams: [pipes[0].read, pipes[1].write, pipes[2].write])
    // The child has its ends; the parent keeps the other ones, owned by `streams` from here.
    close(pipes[0].read)
    close(pipes[1].write)
    close(pipes[2].write)
    var streams = Streams(input: pipes[0].write, output: pipes[1].read, errors: pipes[2].read)
    pipes = []
    defer { streams.closeAll() }

    var inTime = streams.exchange(input, until: deadline, clock: clock)
    streams.closeInput()
    var status: Int32 = 0
    while inTime {
      // Both outputs are closed: the child is ending, or lingers on without them.
      let reaped = waitpid(pid, &status, WNOHANG)
      if reaped == pid { break }
      if reaped == -1 && errno != EINTR {
        throw LaunchError(
          description: "cannot wait for the child: \(String(cString: strerror(errno)))")
      }
      if let deadline, clock.now >= deadline { inTime = false }
      usleep(2_000)
    }
    if !inTime {
      kill(pid, SIGKILL)
      streams.closeAll()
      while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }
    // The wait status as <sys/wait.h> lays it out: the signal in the low
    // seven bits, else the exit status in the next byte.
    let signal = status & 0x7F
    let ending: Ending =
      if !inTime { .timedOut } else if signal == 0 { .exited((status >> 8) & 0xFF) } else {
        .signalled(signal)
      }
    return Outcome(
      ending: ending, output: streams.output.bytes, errors: streams.errors.bytes,
      processIdentifier: pid)
  }

  /// A pipe whose ends are numbered above the standard streams (so `dup2`
  /// onto 0, 1 and 2 never meets itself) and closed on exec (so the child
  /// gets only the ends it is given).
  private static func cloexecPipe() -> (read: Int32, write: Int32)? {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return nil }
    defer {
      close(ends[0])
      close(ends[1])
    }
    let read = fcntl(ends[0], F_DUPFD_CLOEXEC, 3)
    let write = fcntl(ends[1], F_DUPFD_CLOEXEC, 3)
    guard read >= 0, write >= 0 else {
      if read >= 0 { close(read) }
      if write >= 0 { close(write) }
      return nil
    }
    return (read, write)
  }

  /// Starts the child with `standardStreams` as its 0, 1 and 2, no signal
  /// blocked and SIGPIPE at its default, whatever this process does with them.
  private static func spawn(
    _ executable: String, arguments: [String], standardStreams: [Int32]
  ) throws(LaunchError) -> pid_t {
    #if canImport(Darwin)
      var actions: posix_spawn_file_actions_t? = nil
      var attributes: posix_spawnattr_t? = nil
      let environment = _NSGetEnviron().pointee
    #else
      var actions = posix_spawn_file_actions_t()
      var attributes = posix_spawnattr_t()
      let environment = environ
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for (target, descriptor) in standardStreams.enumerated() {
      posix_spawn_file_actions_adddup2(&actions, descriptor, Int32(target))
    }
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    var pipeSignal = sigset_t()
    sigemptyset(&pipeSignal)
    sigaddset(&pipeSignal, SIGPIPE)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &pipeSignal)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    var pid: pid_t = 0
    let failure = posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
    guard failure == 0 else {
      throw LaunchError(
        description: "cannot start \(executable): \(String(cString: strerror(failure)))")
    }
    return pid
  }
}

/// The parent's ends of a child's three standard streams, and what came
/// through them.
private struct Streams {
  /// A pipe the parent reads to its end.
  struct Incoming {
    var descriptor: Int32?
    var bytes: [UInt8] = []
    let limit: Int

    /// Reads what is there now; closes the pipe at its end.
    mutating func drain(into buffer: inout [UInt8]) {
      guard let descriptor else { return }
      while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
          bytes += buffer[..<min(count, limit - bytes.count)]
          continue
        }
        if count < 0 && errno == EINTR { continue }
        if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
        close(descriptor)  // the end, or an error that means the same here
        self.descriptor = nil
        return
      }
    }
  }

  var input: Int32?
  var output: Incoming
  var errors: Incoming

  init(input: Int32, output: Int32, errors: Int32) {
    self.input = input
    self.output = Incoming(descriptor: output, limit: .max)
    self.errors = Incoming(descriptor: errors, limit: ChildProcess.errorLimit)
    for descriptor in [input, output, errors] {
      _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }
  }

  /// Writes `bytes` to the child while reading its output and errors, until
  /// it has closed both or `deadline` passes.
  /// - Returns: `false` when the deadline came first.
  mutating func exchange(
    _ bytes: [UInt8], until deadline: ContinuousClock.Instant?, clock: ContinuousClock
  ) -> Bool {
    let brokenPipe = BrokenPipeGuard(input)
    defer { brokenPipe.release() }
    var written = 0
    if bytes.isEmpty { closeInput() }
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while output.descriptor != nil || errors.descriptor != nil {
      var timeout: Int32 = -1
      if let deadline {
        let left = clock.now.duration(to: deadline)
        guard left > .zero else { return false }
        let (seconds, attoseconds) = left.components
        timeout = Int32(clamping: seconds * 1_000 + attoseconds / 1_000_000_000_000_000 + 1)
      }
      var watched: [pollfd] = []
      if let input { watched.append(pollfd(fd: input, events: Int16(POLLOUT), revents: 0)) }
      for descriptor in [output.descriptor, errors.descriptor].compactMap({ $0 }) {
        watched.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0))
      }
      guard poll(&watched, nfds_t(watched.count), timeout) > 0 else { continue }
      for entry in watched where entry.revents != 0 {
        switch entry.fd {
        case input:
          let count = bytes.withUnsafeBytes {
            write(entry.fd, $0.baseAddress! + written, bytes.count - written)
          }
          if count > 0 { written += count }
          // EPIPE: the child stopped reading; its status and errors say why.
          let failed = count < 0 && errno != EAGAIN && errno != EINTR
          if written == bytes.count || failed { closeInput() }
        case output.descriptor: output.drain(into: &buffer)
        default: errors.drain(into: &buffer)
        }
      }
    }
    return true
  }

  mutating func closeInput() {
    if let input { close(input) }
    input = nil
  }

  mutating func closeAll() {
    closeInput()
    for descriptor in [output.descriptor, errors.descriptor].compactMap({ $0 }) {
      close(descriptor)
    }
    output.descriptor = nil
    errors.descriptor = nil
  }
}

/// Keeps a write to a pipe whose reader is gone from raising SIGPIPE, which
/// would end this process: the write fails with EPIPE instead.
private struct BrokenPipeGuard {
  #if os(Linux)
    private var previous = sigset_t()

    /// Holds SIGPIPE back in this thread (a write's SIGPIPE goes to the
    /// thread that wrote).
    init(_ descriptor: Int32?) {
      var pipeSignal = Self.pipeSignal
      pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
    }

    /// Drops any SIGPIPE held back, then lets it through again, unless this
    /// thread held it back already.
    func release() {
      var previous = previous
      guard sigismember(&previous, SIGPIPE) == 0 else { return }
      var pipeSignal = Self.pipeSignal
      var now = timespec(tv_sec: 0, tv_nsec: 0)
      while sigtimedwait(&pipeSignal, nil, &now) == SIGPIPE {}
      pthread_sigmask(SIG_SETMASK, &previous, nil)
    }

    private static var pipeSignal: sigset_t {
      var set = sigset_t()
      sigemptyset(&set)
      sigaddset(&set, SIGPIPE)
      return set
    }
  #else
    init(_ descriptor: Int32?) {
      if let descriptor { _ = fcntl(descriptor, F_SETNOSIGPIPE, 1) }
    }

    func release() {}
  #endif
}

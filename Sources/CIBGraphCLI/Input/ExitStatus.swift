import CIBGraph

/// The tool's exit statuses, after BSD's sysexits.h.
public enum ExitStatus: Int32, Sendable {
  /// Success.
  case ok = 0
  /// `validate` found at least one error, or `diff` a change.
  case findings = 1
  /// The command line was wrong (EX_USAGE).
  case usage = 64
  /// An input's content is not valid (EX_DATAERR).
  case dataError = 65
  /// An input is missing or unreadable (EX_NOINPUT).
  case noInput = 66
  /// A service the command needs is missing: Graphviz's plugins (EX_UNAVAILABLE).
  case unavailable = 69
  /// An internal failure: Graphviz could not lay the graph out (EX_SOFTWARE).
  case software = 70
  /// The output file cannot be written (EX_CANTCREAT).
  case cannotCreate = 73
  /// Standard output could not be written to the end (EX_IOERR).
  case ioError = 74
}

/// A failure that ends the command: messages for stderr and an exit status.
public struct CommandFailure: Error {
  public var status: ExitStatus
  public var messages: [String]

  public init(_ status: ExitStatus, _ messages: [String]) {
    self.status = status
    self.messages = messages
  }

  /// - Parameter options: The option that sets each argument of the library's call.
  init(_ error: InputError, options: [String: String] = [:]) {
    self.init(
      error.kind == .missingInput ? .noInput : .dataError,
      [Diagnostics.line(error, options: options)])
  }
}

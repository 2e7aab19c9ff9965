import CIBGraph

/// How the tool words what it prints on stderr, in the form compilers use so
/// that editors can jump to the place: `file:line:column: error: message`.
enum Diagnostics {
  /// - Parameter options: The option that sets each argument of the
  ///   library's call (`["action": "--action"]`), so that a message about an
  ///   argument names what the user types.
  static func line(_ error: InputError, options: [String: String] = [:]) -> String {
    let option = error.argument.flatMap { options[$0] }
    return line(
      location: error.location, severity: "error",
      message: option.map { error.message(namingArgumentAs: $0) } ?? error.message)
  }

  /// A finding's line; `severity` overrides the finding's own word for it.
  static func line(_ finding: Finding, fallbackFile: String, severity: String? = nil) -> String {
    line(
      location: finding.location ?? SourceLocation(file: fallbackFile, path: finding.path),
      severity: severity ?? word(finding.severity),
      message: finding.message + " [\(finding.code)]")
  }

  static func word(_ severity: Finding.Severity) -> String {
    severity == .info ? "note" : severity.rawValue
  }

  static func line(location: SourceLocation, severity: String, message: String) -> String {
    var text = "\(location): \(severity): "
    if let path = location.path, !path.components.isEmpty { text += "\(path): " }
    return TerminalText.safe(text + message)
  }
}

import CIBGraphSupport

/// Where something is in an input: a file, and where the format has them, a
/// line and column (1-based, columns counted in Unicode scalars) and a path
/// into the document (`networks[0].reported.total`).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
  /// The file's name as the reader was given it: a path, `<stdin>` for standard
  /// input, or the name given with bytes in memory.
  package var file: String
  /// The line, from 1; `nil` for a problem with the file as a whole.
  package var line: Int?
  /// The column, from 1, counted in Unicode scalars; `nil` when only the line is known.
  package var column: Int?
  /// Where in the document the value is, for a JSON document.
  package var path: ModelPath?

  package init(file: String, line: Int? = nil, column: Int? = nil, path: ModelPath? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.path = path
  }

  /// `file:line:column`, the form editors and compilers use.
  public var description: String {
    var text = file
    if let line {
      text += ":\(line)"
      if let column { text += ":\(column)" }
    }
    return text
  }
}

/// A path into a document: keys and array indices from the root.
package struct ModelPath: Sendable, Hashable, CustomStringConvertible {
  /// One step of a path.
  package enum Component: Sendable, Hashable {
    /// A key of an object: `networks`, `reported`.
    case key(String)
    /// A position in an array, from 0.
    case index(Int)
  }

  /// The steps from the document's root, in order; none for the root itself.
  package var components: [Component]

  package init(_ components: [Component] = []) { self.components = components }

  /// The path one step further.
  package func appending(_ component: Component) -> ModelPath {
    ModelPath(components + [component])
  }

  /// The path one key further.
  package func key(_ name: String) -> ModelPath { appending(.key(name)) }
  /// The path one index further.
  package func index(_ position: Int) -> ModelPath { appending(.index(position)) }

  /// `networks[0].reported.counts.page`; `(document)` for the root.
  package var description: String {
    var text = ""
    for component in components {
      switch component {
      case .key(let name): text += text.isEmpty ? name : "." + name
      case .index(let position): text += "[\(position)]"
      }
    }
    return text.isEmpty ? "(document)" : text
  }
}

/// Why an input could not be read at all.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What kind of failure, which decides the exit status of the tool.
  public enum Kind: Sendable, Hashable {
    /// The file is missing or unreadable.
    case missingInput
    /// The file is there but its content is not valid input.
    case badData
  }

  /// Whether the input is missing or its content is wrong.
  public var kind: Kind
  /// Where: the file, and the line, column and path when the format has them.
  public var location: SourceLocation
  /// What is wrong, in one sentence for people, in the library's terms: an
  /// argument of the call it is about is quoted as Swift spells it, ` `action:` `.
  public var message: String
  /// The argument of the reading call the error is about, when changing
  /// that argument rather than the input is the fix (`"action"`); `nil` when
  /// the input itself is at fault.
  package var argument: String?

  package init(_ kind: Kind, _ location: SourceLocation, _ message: String) {
    self.kind = kind
    self.location = location
    self.message = message
  }

  /// An error about the call's `argument`, which `message` quotes as
  /// `` `argument:` ``.
  package init(_ kind: Kind, _ location: SourceLocation, argument: String, _ message: String) {
    self.init(kind, location, message)
    self.argument = argument
  }

  /// The message with ``argument`` named as the caller names it: a
  /// command-line tool gives the option that sets it (`--action`).
  /// - Complexity: O(message length).
  package func message(namingArgumentAs name: String) -> String {
    guard let argument else { return message }
    return message.replacing("`\(argument):`", with: name)
  }

  /// `file:line:column: path: message`, the path where the format has one;
  /// control characters and bidirectional overrides are shown as escapes
  /// (`\e`, `\u{202E}`), so printing an error about hostile data is safe.
  public var description: String {
    var text = "\(location): "
    if let path = location.path, !path.components.isEmpty { text += "\(path): " }
    return VisibleText.safe(text + message)
  }
}

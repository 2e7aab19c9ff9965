import CIBGraph
import CIBGraphSupport

/// Reads the DOT text of a ``NetworkDrawing`` and says what in it is
/// unsafe. Data can only be inside quoted strings, one statement a line, so
/// a quote, backslash or line break from the data that was not escaped shows
/// up as a line that is not one of the drawing's statements, or as a string
/// holding what ``DOTText`` never writes (a raw control character, a
/// bidirectional control, an escape other than `\"`, `\\`, `\n`, `\l`, an
/// HTML entity other than `&amp;`).
public enum DOTCheck {
  /// A token of a line of DOT.
  enum Token: Equatable {
    case quoted
    /// The legend's HTML-like label, `<…>`, made of constants.
    case html
    case word(String)
    case punctuation(String)
  }

  /// The first problem in `dot`, or `nil` when it is safe.
  /// - Complexity: O(n).
  public static func problem(in dot: String) -> String? {
    let bytes = Array(dot.utf8)
    var depth = 0
    var lineStart = 0
    var lineNumber = 0
    while lineStart < bytes.count {
      lineNumber += 1
      var tokens: [Token] = []
      var i = lineStart
      func at(_ offset: Int) -> String {
        "on line \(lineNumber): …\(excerpt(bytes, around: offset))…"
      }
      while i < bytes.count, bytes[i] != UInt8(ascii: "\n") {
        let byte = bytes[i]
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"):
          i += 1
        case UInt8(ascii: "\""):
          switch quotedEnd(bytes, from: i) {
          case .failure(let problem): return "\(problem.what) " + at(problem.offset)
          case .success(let end):
            tokens.append(.quoted)
            i = end
          }
        case UInt8(ascii: "<"):
          var nesting = 0
          repeat {
            if bytes[i] == UInt8(ascii: "<") { nesting += 1 }
            if bytes[i] == UInt8(ascii: ">") { nesting -= 1 }
            if bytes[i] < 0x20 { return "a control byte in an HTML label " + at(i) }
            i += 1
          } while nesting > 0 && i < bytes.count
          guard nesting == 0 else { return "an HTML label never closed " + at(i) }
          tokens.append(.html)
        case UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: ">"):
          tokens.append(.punctuation("->"))
          i += 2
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"),
          UInt8(ascii: "="), UInt8(ascii: ","):
          tokens.append(.punctuation(String(UnicodeScalar(byte))))
          i += 1
        case UInt8(ascii: "a")...UInt8(ascii: "z"):
          let start = i
          while i < bytes.count, bytes[i] &- UInt8(ascii: "a") < 26 { i += 1 }
          tokens.append(.word(String(decoding: bytes[start..<i], as: UTF8.self)))
        default:
          return "text outside any quoted string " + at(i)
        }
      }
      if let problem = statementProblem(tokens, depth: &depth) {
        return problem + " " + at(lineStart)
      }
      lineStart = i + 1
    }
    return depth == 0 ? nil : "\(depth) `{` never closed"
  }

  /// Fails with the problem of `dot`.
  static func require(_ dot: String, _ target: FuzzTarget) throws(OracleFailure) {
    if let problem = problem(in: dot) { throw OracleFailure(target, "unsafe DOT: \(problem)") }
  }

  /// What is wrong with a line that is not one of the drawing's statements:
  /// `digraph "…" {`, `subgraph "…" {`, `}`, `graph|node|edge [attributes]`,
  /// `"…" [attributes]`, `"…" -> "…" [attributes]`.
  static func statementProblem(_ tokens: [Token], depth: inout Int) -> String? {
    switch tokens.first {
    case nil:
      return nil
    case .word("digraph"), .word("subgraph"):
      guard tokens.count == 3, tokens[1] == .quoted, tokens[2] == .punctuation("{") else {
        return "not a `digraph` or `subgraph` opening"
      }
      guard (tokens[0] == .word("digraph")) == (depth == 0) else { return "a graph in a graph" }
      depth += 1
      return nil
    case .punctuation("}"):
      guard tokens.count == 1 else { return "text after `}`" }
      depth -= 1
      return depth < 0 ? "a `}` closing nothing" : nil
    case .word("graph"), .word("node"), .word("edge"):
      return depth > 0 && attributesAreWhole(tokens[1...]) ? nil : "not a default statement"
    case .quoted:
      if tokens.count > 3, tokens[1] == .punctuation("->"), tokens[2] == .quoted {
        return depth > 0 && attributesAreWhole(tokens[3...]) ? nil : "not an edge statement"
      }
      return depth > 0 && attributesAreWhole(tokens[1...]) ? nil : "not a node statement"
    default:
      return "not a statement"
    }
  }

  /// `[name="…", name="…"]`, the list a statement ends with.
  static func attributesAreWhole(_ tokens: ArraySlice<Token>) -> Bool {
    var rest = tokens
    guard rest.popFirst() == .punctuation("["), rest.popLast() == .punctuation("]") else {
      return false
    }
    while !rest.isEmpty {
      guard case .word = rest.popFirst(), rest.popFirst() == .punctuation("="),
        let value = rest.popFirst(), value == .quoted || value == .html
      else { return false }
      if !rest.isEmpty, rest.popFirst() != .punctuation(",") || rest.isEmpty { return false }
    }
    return true
  }

  struct StringProblem: Error {
    var what: String
    var offset: Int
  }

  /// The offset just past the quoted string opening at `start`, or what is
  /// wrong inside it.
  static func quotedEnd(_ bytes: [UInt8], from start: Int) -> Result<Int, StringProblem> {
    var i = start + 1
    while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
      let inner = bytes[i]
      if inner < 0x20 || inner == 0x7F {
        return .failure(StringProblem(what: "a control byte in a quoted string", offset: i))
      }
      if inner == UInt8(ascii: "\\") {
        guard i + 1 < bytes.count,
          [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "l")]
            .contains(bytes[i + 1])
        else { return .failure(StringProblem(what: "an escape DOTText never writes", offset: i)) }
        i += 2
        continue
      }
      if inner == UInt8(ascii: "&"), !bytes[i...].starts(with: Array("&amp;".utf8)) {
        return .failure(StringProblem(what: "an HTML entity from the data", offset: i))
      }
      i += 1
    }
    guard i < bytes.count else {
      return .failure(StringProblem(what: "a quoted string never closed", offset: start))
    }
    guard i + 1 - start <= DOTText.maxQuotedBytes else {
      return .failure(
        StringProblem(
          what: "a quoted string of \(i + 1 - start) bytes, over Graphviz's limit", offset: start))
    }
    let text = String(decoding: bytes[start...i], as: UTF8.self)
    if let scalar = text.unicodeScalars.first(where: VisibleText.needsEscape) {
      return .failure(
        StringProblem(
          what: "U+\(String(scalar.value, radix: 16, uppercase: true)) unescaped", offset: start))
    }
    return .success(i + 1)
  }

  private static func excerpt(_ bytes: [UInt8], around offset: Int) -> String {
    let slice = bytes[max(0, offset - 40)..<min(bytes.count, offset + 40)]
    return VisibleText.safe(String(decoding: slice, as: UTF8.self))
  }
}

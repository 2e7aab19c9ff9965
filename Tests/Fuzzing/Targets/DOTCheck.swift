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
          let start = i
          var nesting = 0
          repeat {
            if bytes[i] == UInt8(ascii: "<") { nesting += 1 }
            if bytes[i] == UInt8(ascii: ">") { nesting -= 1 }
            if bytes[i] < 0x20 { return "a control byte in an HTML label " + at(i) }
            i += 1
          } while nesting > 0 && i < bytes.count
          guard nesting == 0 else { return "an HTML label never closed " + at(i) }
          if let problem = htmlProblem(bytes[(start + 1)..<(i - 1)]) {
            return problem + " " + at(start)
          }
          tokens.append(.html)
        case UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: ">"):
          tokens.append(.punctuation("->"))
          i += 2
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"),
          UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: ";"):
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
    case .punctuation("{"):
      // `{ rank="same"; "a"; "b" }`: nodes that share a rank, on one line.
      guard tokens.count >= 6, tokens[1] == .word("rank"), tokens[2] == .punctuation("="),
        tokens[3] == .quoted, tokens.last == .punctuation("}"), depth > 0
      else { return "not a rank statement" }
      let names = tokens[4..<(tokens.count - 1)]
      for (index, token) in names.enumerated() {
        guard token == (index % 2 == 0 ? .punctuation(";") : .quoted) else {
          return "not a rank statement"
        }
      }
      return names.count % 2 == 0 ? nil : "not a rank statement"
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

  /// The tags the drawings' HTML-like labels are made of; text from the
  /// data can only be between them, its `<`, `>`, `&` and `"` as entities.
  static let htmlTags: Set<String> = ["TABLE", "TR", "TD", "FONT", "B", "I", "BR"]

  /// What is wrong inside an HTML-like label: a tag the drawings never
  /// write, an entity other than `&amp;`, `&lt;`, `&gt;`, `&quot;`, a
  /// control or bidirectional character.
  static func htmlProblem(_ body: ArraySlice<UInt8>) -> String? {
    var i = body.startIndex
    while i < body.endIndex {
      let byte = body[i]
      if byte == UInt8(ascii: "<") {
        var j = i + 1
        if j < body.endIndex, body[j] == UInt8(ascii: "/") { j += 1 }
        let start = j
        while j < body.endIndex, body[j] >= UInt8(ascii: "A"), body[j] <= UInt8(ascii: "Z") {
          j += 1
        }
        let name = String(decoding: body[start..<j], as: UTF8.self)
        guard htmlTags.contains(name) else { return "a tag the drawings never write (\(name))" }
        // Attribute values inside a tag are constants: no `<`, `&` or control bytes.
        while j < body.endIndex, body[j] != UInt8(ascii: ">") {
          if body[j] == UInt8(ascii: "<") || body[j] == UInt8(ascii: "&") {
            return "markup inside a tag"
          }
          j += 1
        }
        i = j + 1
        continue
      }
      if byte == UInt8(ascii: "&") {
        guard
          ["&amp;", "&lt;", "&gt;", "&quot;"].contains(where: {
            body[i...].starts(with: Array($0.utf8))
          })
        else { return "an HTML entity from the data" }
      }
      if byte == UInt8(ascii: ">") { return "a `>` from the data in an HTML label" }
      i += 1
    }
    let text = String(decoding: body, as: UTF8.self)
    if let scalar = text.unicodeScalars.first(where: VisibleText.needsEscape) {
      return "U+\(String(scalar.value, radix: 16, uppercase: true)) unescaped in an HTML label"
    }
    return nil
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

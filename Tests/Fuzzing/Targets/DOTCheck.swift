import CIBGraph

/// Reads DOT text as Graphviz's lexer would and says what in it is unsafe:
/// data can only be inside quoted strings, so a quote, backslash or line
/// break from the data that was not escaped shows up as a string ended
/// early, text outside strings that is not DOT, or an escape that
/// ``DOTText`` never writes.
public enum DOTCheck {
  /// The first problem in `dot`, or `nil` when it is safe.
  /// - Complexity: O(n).
  public static func problem(in dot: String) -> String? {
    let bytes = Array(dot.utf8)
    guard dot.hasPrefix("digraph ") else { return "does not start with `digraph `" }
    var depth = 0
    var i = 0
    func at(_ offset: Int) -> String { "at byte \(offset): …\(excerpt(bytes, around: offset))…" }
    while i < bytes.count {
      let byte = bytes[i]
      switch byte {
      case UInt8(ascii: "\""):
        let start = i
        i += 1
        var closed = false
        while i < bytes.count {
          let inner = bytes[i]
          if inner == UInt8(ascii: "\"") {
            closed = true
            break
          }
          if inner < 0x20 || inner == 0x7F { return "a control byte in a quoted string " + at(i) }
          if inner == UInt8(ascii: "\\") {
            guard i + 1 < bytes.count,
              [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "l")]
                .contains(bytes[i + 1])
            else { return "an escape DOTText never writes " + at(i) }
            i += 2
            continue
          }
          if inner == UInt8(ascii: "&"), !bytes[i...].starts(with: Array("&amp;".utf8)) {
            return "an HTML entity from the data " + at(i)
          }
          i += 1
        }
        guard closed else { return "a quoted string never closed " + at(start) }
        guard i + 1 - start <= DOTText.maxQuotedBytes else {
          return "a quoted string of \(i + 1 - start) bytes, over Graphviz's limit " + at(start)
        }
        if let scalar = String(decoding: bytes[start...i], as: UTF8.self).unicodeScalars.first(
          where: VisibleText.needsEscape)
        {
          return "U+\(String(scalar.value, radix: 16, uppercase: true)) unescaped " + at(start)
        }
        i += 1
      case UInt8(ascii: "<"):
        // The legend's HTML-like label, made of constants: balanced, one line.
        var nesting = 0
        repeat {
          if bytes[i] == UInt8(ascii: "<") { nesting += 1 }
          if bytes[i] == UInt8(ascii: ">") { nesting -= 1 }
          if bytes[i] < 0x20 { return "a control byte in an HTML label " + at(i) }
          i += 1
        } while nesting > 0 && i < bytes.count
        guard nesting == 0 else { return "an HTML label never closed " + at(i) }
      case UInt8(ascii: "{"):
        depth += 1
        i += 1
      case UInt8(ascii: "}"):
        depth -= 1
        guard depth >= 0 else { return "a `}` closing nothing " + at(i) }
        i += 1
      default:
        guard isStructural(byte) else { return "text outside any quoted string " + at(i) }
        if byte == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] != UInt8(ascii: ">"),
          !isDigit(bytes[i + 1])
        {
          return "a `-` that is neither an edge nor a number " + at(i)
        }
        i += 1
      }
    }
    return depth == 0 ? nil : "\(depth) `{` never closed"
  }

  /// Fails with the problem of `dot`, and the DOT text beside it.
  static func require(_ dot: String, _ target: FuzzTarget) throws(OracleFailure) {
    if let problem = problem(in: dot) { throw OracleFailure(target, "unsafe DOT: \(problem)") }
  }

  /// What DOT allows between quoted strings: keywords, attribute names,
  /// numbers, punctuation and spaces.
  private static func isStructural(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."):
      true
    case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "="), UInt8(ascii: ","),
      UInt8(ascii: ";"), UInt8(ascii: "-"), UInt8(ascii: ">"):
      true
    case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"):
      true
    default: false
    }
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

  private static func excerpt(_ bytes: [UInt8], around offset: Int) -> String {
    let slice = bytes[max(0, offset - 40)..<min(bytes.count, offset + 40)]
    return VisibleText.safe(String(decoding: slice, as: UTF8.self))
  }
}

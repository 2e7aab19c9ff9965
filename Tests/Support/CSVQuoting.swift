/// `text` as one quoted CSV field, as RFC 4180 writes it: in double quotes,
/// each double quote in it doubled, everything else (commas, line breaks)
/// kept as it is. Tests write their inputs with this rather than with the
/// library's own writer, which is among what they test.
public func csvQuoted(_ text: String) -> String {
  "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

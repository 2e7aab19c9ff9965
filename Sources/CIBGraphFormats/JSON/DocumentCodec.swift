import CIBGraphCore
import CIBGraphSupport
import Foundation

extension NetworkDocument {
  /// Reads a JSON network document (the format ``encoded()`` writes), with
  /// every failure located in the file.
  ///
  /// The input is read whole (at most `limit`). The text is first checked by
  /// a strict scanner, so that a syntax error comes with its line and
  /// column, then decoded; a decoding failure (a wrong type, a missing key,
  /// an unknown kind, a negative count) is reported with the path of the
  /// offending value and its line and column. What the document says (its
  /// figures adding up, its references) is `Validator`'s to check, with
  /// the ``LoadedDocument/locations`` this returns.
  /// - Throws: `InputError`: `.missingInput` for an input that cannot be
  ///   read, `.badData` for one that is empty, over the limit or not a valid
  ///   document.
  /// - Complexity: O(n) in the size of the text.
  public static func read(_ source: InputSource, limit: InputSizeLimit = .standard)
    throws(InputError) -> LoadedDocument
  {
    let input = try source.open()
    let bytes = try input.readWhole(limit: limit)
    return LoadedDocument(
      document: try decode(bytes, file: input.name), findings: [],
      locations: DocumentLocations(JSONLocations(file: input.name, text: bytes)))
  }

  /// Reads a JSON document held in memory: the decoding of ``read(_:limit:)``.
  ///
  /// The text is first checked by a strict scanner (so a syntax error comes
  /// with its line and column), which keeps its values, then decoded; a decoding failure (a wrong
  /// type, a missing key, an unknown kind, a negative count) is reported
  /// with the path of the offending value and its line and column.
  /// - Parameters:
  ///   - bytes: The file's content.
  ///   - file: The name to put in messages.
  /// - Complexity: O(n) in the size of the text.
  package static func decode(_ bytes: [UInt8], file: String) throws(InputError)
    -> NetworkDocument
  {
    try bytes.withUnsafeBufferPointer { (text) throws(InputError) -> NetworkDocument in
      let tree: JSONTree
      do throws(JSONScanner.SyntaxError) {
        tree = try JSONScanner.tree(of: text)
      } catch {
        throw InputError(
          .badData, SourceLocation(file: file, line: error.line, column: error.column),
          error.message)
      }
      do {
        // Not Foundation's JSONDecoder, which scanned the text again and
        // took most of the time of reading a document (see JSONTreeDecoder).
        return try JSONTreeDecoder.decode(InDocument<NetworkDocument>.self, from: tree).value
      } catch let error as DecodingError {
        let (path, message) = Self.explain(error)
        let position = JSONScanner.position(of: path, in: text)
        throw InputError(
          .badData,
          SourceLocation(file: file, line: position?.line, column: position?.column, path: path),
          message)
      } catch {
        throw InputError(.badData, SourceLocation(file: file), "\(error)")
      }
    }
  }

  /// The document as JSON: pretty-printed, keys sorted, so the same document
  /// always gives the same bytes; ``read(_:limit:)->LoadedDocument`` reads it back.
  /// - Complexity: O(size of the document).
  public func encoded() -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding plain structs of strings and integers cannot fail.
    return Array(try! encoder.encode(InDocument(self))) + [UInt8(ascii: "\n")]
  }

  private static func explain(_ error: DecodingError) -> (ModelPath, String) {
    func path(_ codingPath: [any CodingKey]) -> ModelPath {
      ModelPath(codingPath.map { key in key.intValue.map { .index($0) } ?? .key(key.stringValue) })
    }
    func sentence(_ text: String) -> String {
      var text = text
      if text.hasSuffix(".") { text.removeLast() }
      if text.hasSuffix(" instead") { text.removeLast(" instead".count) }
      guard let first = text.first else { return text }
      return first.lowercased() + text.dropFirst()
    }
    switch error {
    case .typeMismatch(let type, let context):
      let found = context.debugDescription.range(of: "but found ").map {
        sentence(String(context.debugDescription[$0.upperBound...]))
      }
      return (
        path(context.codingPath),
        "expected \(describe(type)), found \(found ?? sentence(context.debugDescription))"
      )
    case .valueNotFound(let type, let context):
      return (path(context.codingPath), "expected \(describe(type)), found null")
    case .keyNotFound(let key, let context):
      return (path(context.codingPath), "missing required key \"\(key.stringValue)\"")
    case .dataCorrupted(let context):
      return (path(context.codingPath), sentence(context.debugDescription))
    @unknown default:
      return (ModelPath(), "\(error)")
    }
  }

  private static func describe(_ type: Any.Type) -> String {
    switch type {
    case is Int.Type: "a whole number"
    case is Double.Type: "a number"
    case is String.Type: "a string"
    case is Bool.Type: "true or false"
    case is [Any].Type: "an array"
    default:
      String(describing: type).hasPrefix("Array") ? "an array" : "an object (\(type))"
    }
  }
}

extension NetworkDocument {
  /// Reads many documents, on every core at once: what ``read(_:limit:)->LoadedDocument``
  /// gives for each source, in the order of `sources`, a document or the
  /// error that stopped its reading.
  ///
  /// Documents are independent, so a catalogue of thousands reads in about
  /// the time of one core's share of it.
  /// - Complexity: O(n) in the total size of the texts, spread over the cores.
  public static func read(_ sources: [InputSource], limit: InputSizeLimit = .standard)
    -> [Result<LoadedDocument, InputError>]
  {
    read(sources, limit: limit, split: .standard)
  }

  package static func read(
    _ sources: [InputSource], limit: InputSizeLimit, split: WorkSplit
  ) -> [Result<LoadedDocument, InputError>] {
    // Standard input can be read once only, by one part.
    let parts = sources.count < 2 ? 1 : split.parts(of: sources.count, per: 1)
    let shares = WorkSplit.inParallel(parts) { part in
      stride(from: part, to: sources.count, by: parts).map { index in
        Result { () throws(InputError) -> LoadedDocument in try read(sources[index], limit: limit) }
      }
    }
    return sources.indices.map { shares[$0 % parts][$0 / parts] }
  }
}

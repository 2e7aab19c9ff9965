import CIBGraphCore
import CIBGraphSupport

/// GraphML and GEXF files, as NetworkX, igraph, Gephi, yEd and cibgraph
/// write them, read as itemized data: one network of assets and relations,
/// named after the file, as ``GephiSpreadsheet`` reads a pair of spreadsheets.
///
/// The root element says which format a file is (`<graphml>` or `<gexf>`).
/// A node's identifier is its `id` (or an `id` attribute, where igraph keeps
/// the ids it read); its kind comes through a ``KindMapping`` from an
/// attribute (`kind` unless the mapping names another), or is the mapping's
/// default; `label` (or `name`), `followers` and `members` give the rest.
/// An edge's relation type is its `type` or `kind` attribute, `linkedTo`
/// when neither names one, and its `weight` and `evidence` are kept. Other
/// attributes have no place in the model and are not read (see
/// `XMLAttributeNames` in the sources for the whole mapping).
///
/// A node or edge that cannot be read (an unknown kind, a count that is no
/// count, an edge without a source) is left out and reported as an error
/// among the ``LoadedDocument/findings``, with its line and column; so are
/// the relations of a node left out, counted in a note. An identifier
/// defined twice and an edge to a node no element declares are left for
/// `Validator`, located through ``LoadedDocument/locations``.
///
/// The file is hostile until read: it is refused with an `InputError`,
/// located, when it is not well-formed XML, is not UTF-8, declares a
/// document type (where entity expansion and external entities live),
/// nests elements more than 256 deep, or is over the size limit. Nothing in
/// it is expanded or fetched.
public enum XMLGraphFile {
  /// Reads a GraphML or GEXF file.
  /// - Parameters:
  ///   - source: The file.
  ///   - kinds: How nodes' kinds are read.
  ///   - limit: The largest input read.
  /// - Throws: `InputError`: `.missingInput` for a file that cannot be read;
  ///   `.badData` for a file that is empty, over the limit, not well-formed,
  ///   neither GraphML nor GEXF, or whose nodes have no kinds and `kinds`
  ///   no default.
  /// - Complexity: O(bytes), one hash lookup per identifier.
  public static func readDocument(
    _ source: InputSource, kinds: KindMapping = .standard, limit: InputSizeLimit = .standard
  ) throws(InputError) -> LoadedDocument {
    let input = try source.open()
    return try load(bytes: try input.readWhole(limit: limit), file: input.name, kinds: kinds)
  }

  /// Reads GraphML or GEXF held in memory: ``readDocument(_:kinds:limit:)``
  /// after the reading.
  /// - Complexity: O(bytes).
  package static func load(bytes: [UInt8], file: String, kinds: KindMapping = .standard)
    throws(InputError) -> LoadedDocument
  {
    var scanner = try XMLScanner(bytes: bytes, file: file)
    let builder = XMLGraphBuilder(file: file, kinds: kinds)
    while true {
      switch try scanner.next() {
      case .text: continue
      case .end, .endOfDocument:
        throw scanner.error(at: 0, "the file has no root element")  // next() throws first
      case .start(let name, let offset, _):
        if scanner.name(name, is: "graphml") {
          return try GraphMLReader.read(&scanner, builder: builder)
        }
        if scanner.name(name, is: "gexf") {
          return try GEXFReader.read(&scanner, builder: builder)
        }
        throw scanner.error(
          at: offset,
          "the root element is <\(VisibleText.safe(scanner.text(name), limit: 40))>; a GraphML file's is <graphml> and a GEXF file's <gexf>"
        )
      }
    }
  }

  /// Whether bytes look like XML rather than JSON: after a byte-order mark
  /// and spaces, the first byte is `<`.
  /// - Complexity: O(leading spaces).
  package static func looksLikeXML(_ bytes: [UInt8]) -> Bool {
    var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    return i < bytes.count && bytes[i] == UInt8(ascii: "<")
  }
}

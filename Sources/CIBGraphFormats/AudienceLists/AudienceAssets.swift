@_spi(Internal) import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// Audience lists read without a graph, and the graph of the assets they
/// name (``AudienceReader/read(_:namingAssetsOf:largest:progress:)``).
public struct NamedAudience: Sendable {
  /// One node per asset a row kept names, in the order the inputs first
  /// name them, of the kind asked for, with no label, no counts and no edges
  /// (when only the largest audiences were asked for, perhaps only the
  /// assets that could be among them).
  public let graph: AssetGraph
  /// The audience of each node of ``graph``.
  public let lists: AudienceLists
}

/// What an audience file's Assets are looked up among.
package enum AudienceAssets: Sendable {
  /// The nodes of a graph: a row naming any other asset, or one without an
  /// audience, is left out.
  case nodes(of: AssetGraph)
  /// The assets the rows name, each numbered when first met and of the kind
  /// given, which has an audience.
  case named(AssetKind)
}

extension AssetGraph {
  /// A graph of the identifiers `interner` holds, node `i` being its id `i`,
  /// each of `kind`, with no label, counts or edges; the interner is kept
  /// as the graph's identifier index.
  /// - Complexity: O(total length of the identifiers).
  init(namedBy interner: ByteInterner, kind: AssetKind) {
    let count = interner.count
    var bytes: [UInt8] = []
    var ends = [UInt64].uninitialized(count: count)
    for id in 0..<count {
      interner.withBytes(of: UInt32(id)) { bytes.append(contentsOf: $0) }
      ends[id] = TextColumn.end(at: bytes.count)
    }
    let absent = [UInt64](repeating: TextColumn.end(at: 0, absent: true), count: count)
    var none: [Int: Int] = [:]
    let unknown = [UInt32](
      repeating: CountColumn.stored(nil, at: 0, large: &none), count: count)
    self.init(
      ids: IdentifierColumn(TextColumn(bytes: [bytes], ends: ends, counts: [count])),
      kinds: [AssetKind](repeating: kind, count: count),
      names: TextColumn(bytes: [[]], ends: absent, counts: [count]),
      followerCounts: CountColumn(values: unknown, large: [[:]], counts: [count]),
      memberCounts: CountColumn(values: unknown, large: [[:]], counts: [count]), edges: [])
    keepIdentifierIndex(interner)
  }
}

import CIBGraphCore

/// The networks a spreadsheet's rows make: one per id of the nodes'
/// `Network` column, in the order they first appear, and one named after
/// the file for rows that name none. Each keeps the row offsets of its
/// assets and relations, for ``SpreadsheetLocations``.
struct SpreadsheetNetworks {
  /// The id of the network of rows without a `Network` cell.
  let defaultID: String
  private(set) var networks: [Network] = []
  /// Per network, where each asset's row starts in the nodes file.
  private(set) var assetRows: [[Int]] = []
  /// Per network, where each relation's row starts in the edges file.
  private(set) var relationRows: [[Int]] = []
  private var indexOfNetwork: [ByteExactID: Int] = [:]
  /// The network of each asset's first definition.
  private var networkOfAsset: [ByteExactID: Int] = [:]

  init(defaultID: String) { self.defaultID = defaultID }

  /// Adds an asset to the network `network` names, or to the default one.
  /// - Complexity: O(1) hash lookups.
  mutating func add(_ asset: Asset, row: Int, network: String?) {
    let n = index(of: network ?? defaultID)
    networks[n].assets.append(asset)
    assetRows[n].append(row)
    let id = ByteExactID(asset.id)
    if networkOfAsset[id] == nil { networkOfAsset[id] = n }
  }

  /// Adds a relation to the network of its source asset, else of its
  /// target, else to the default network.
  /// - Complexity: O(1) hash lookups.
  mutating func add(_ relation: Relation, row: Int) {
    let n =
      networkOfAsset[ByteExactID(relation.source)] ?? networkOfAsset[ByteExactID(relation.target)]
      ?? index(of: defaultID)
    networks[n].relations.append(relation)
    relationRows[n].append(row)
  }

  /// Makes the default network when the rows made none, so that a file of
  /// no rows is still read as one (empty) network.
  mutating func ensureOne() {
    if networks.isEmpty { _ = index(of: defaultID) }
  }

  private mutating func index(of id: String) -> Int {
    if let n = indexOfNetwork[ByteExactID(id)] { return n }
    indexOfNetwork[ByteExactID(id)] = networks.count
    networks.append(Network(id: id, name: id))
    assetRows.append([])
    relationRows.append([])
    return networks.count - 1
  }
}

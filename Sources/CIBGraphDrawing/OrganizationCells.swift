import CIBGraphCore
import CIBGraphSupport

/// Which organisations a report drawing places with which network: an
/// organisation that only one network is attributed to (directly, or
/// through an organisation part of it) goes in that network's cell, under
/// its card; one that several networks reach is shared, drawn beside the
/// first of them.
struct OrganizationCells {
  /// Per network, in drawing order, the organisations in its cell, each
  /// before those it is part of.
  private(set) var organizations: [[Organization]]
  /// The organisations several networks reach, in document order.
  private(set) var shared: [Organization] = []
  /// The first network (in drawing order) that reaches each organisation.
  private(set) var firstNetwork: [ByteExactID: Int] = [:]

  /// - Complexity: O(a · d) for a attributions and nesting depth d (a cycle
  ///   in the nesting, which validate reports, is followed once).
  init(documents: [NetworkDocument]) {
    var byID: [ByteExactID: Organization] = [:]
    var order: [ByteExactID] = []
    for document in documents {
      for organization in document.organizations where byID[ByteExactID(organization.id)] == nil {
        byID[ByteExactID(organization.id)] = organization
        order.append(ByteExactID(organization.id))
      }
    }
    let networks = documents.flatMap(\.networks)
    var reachedBy: [ByteExactID: Set<Int>] = [:]
    var chains: [[ByteExactID]] = []
    for (index, network) in networks.enumerated() {
      var chain: [ByteExactID] = []
      var seen = Set<ByteExactID>()
      for start in network.attribution?.organizations ?? [] {
        var next: ByteExactID? = ByteExactID(start)
        while let id = next, let organization = byID[id], seen.insert(id).inserted {
          chain.append(id)
          reachedBy[id, default: []].insert(index)
          if firstNetwork[id] == nil { firstNetwork[id] = index }
          next = organization.partOf.map { ByteExactID($0) }
        }
      }
      chains.append(chain)
    }
    organizations = chains.map { chain in
      chain.filter { reachedBy[$0]?.count == 1 }.compactMap { byID[$0] }
    }
    shared = order.filter { (reachedBy[$0]?.count ?? 0) > 1 }.compactMap { byID[$0] }
  }
}

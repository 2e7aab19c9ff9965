import CIBGraphCore
import CIBGraphSupport

/// What two groups of assets have in common: networks, reports or
/// organisations (through the networks attributed to them).
public struct GroupOverlap: Sendable, Hashable {
  /// Identifier of one group (network id, report title, organisation id).
  public var a: String
  /// Identifier of the other, later in input order.
  public var b: String
  /// Itemized assets in both (the same identifier).
  public var sharedAssets: [String]
  /// Organisations both are attributed to, directly or as the parent of one
  /// they are attributed to (ISPR's networks share the Pakistani military).
  public var sharedOrganizations: [String]
  /// Networks in both (for reports and organisations).
  public var sharedNetworks: [String]
  /// Distinct audience accounts in both, when audience lists were given.
  public var sharedAudience: Int?

  /// Whether the groups share anything at all.
  package var isEmpty: Bool {
    sharedAssets.isEmpty && sharedOrganizations.isEmpty && sharedNetworks.isEmpty
      && (sharedAudience ?? 0) == 0
  }
}

/// Overlap between networks, between reports and between organisations.
///
/// - Complexity: O(g² × s) for g groups of s assets and organisations, plus,
///   with audience lists, one pass over both groups' audiences per pair.
public struct StructuralOverlap {
  /// A group of assets, with the organisations and networks it stands for.
  struct Group {
    var id: String
    var assets: Set<ByteExactID>
    var organizations: Set<ByteExactID>
    var networks: Set<ByteExactID>
  }

  let documents: [NetworkDocument]
  let graph: AssetGraph
  private let parentOf: [ByteExactID: ByteExactID]
  /// Counts shared audiences, when audience lists were given.
  private let counter: DistinctCounter?

  /// The overlaps of `documents`, whose itemized graph is `graph`
  /// (`init(documents:)`); with `lists`, the audience lists of
  /// `graph`'s nodes, each overlap also counts the audience accounts shared.
  /// - Complexity: O(organisations).
  public init(documents: [NetworkDocument], graph: AssetGraph, lists: AudienceLists? = nil) {
    self.documents = documents
    self.graph = graph
    var parentOf: [ByteExactID: ByteExactID] = [:]
    for document in documents {
      for organization in document.organizations
      where parentOf[ByteExactID(organization.id)] == nil {
        if let parent = organization.partOf {
          parentOf[ByteExactID(organization.id)] = ByteExactID(parent)
        }
      }
    }
    self.parentOf = parentOf
    counter = lists.map { DistinctCounter(lists: $0, graph: graph) }
  }

  /// An organisation and every organisation it is part of.
  func withAncestors(_ id: ByteExactID) -> Set<ByteExactID> {
    var result: Set<ByteExactID> = [id]
    var current = id
    while let parent = parentOf[current], result.insert(parent).inserted { current = parent }
    return result
  }

  func organizations(of network: Network) -> Set<ByteExactID> {
    var direct = Set((network.attribution?.organizations ?? []).map(ByteExactID.init))
    let organizationIDs = Set(documents.flatMap { $0.organizations.map { ByteExactID($0.id) } })
    for relation in network.relations where relation.type == .attributedTo {
      let target = ByteExactID(relation.target)
      if organizationIDs.contains(target) { direct.insert(target) }
    }
    return direct.reduce(into: Set<ByteExactID>()) { $0.formUnion(withAncestors($1)) }
  }

  func group(of network: Network) -> Group {
    Group(
      id: network.id, assets: Set(network.assets.map { ByteExactID($0.id) }),
      organizations: organizations(of: network),
      networks: [ByteExactID(network.id)])
  }

  /// Every pair of networks that shares something, in input order. A
  /// network id that several documents describe is told apart by publisher:
  /// `pk-ispr-2019-04 (Facebook)`.
  public func networks() -> [GroupOverlap] {
    var documentsOfID: [ByteExactID: Int] = [:]
    for document in documents {
      for id in Set(document.networks.map { ByteExactID($0.id) }) {
        documentsOfID[id, default: 0] += 1
      }
    }
    return pairs(
      documents.flatMap { document in
        document.networks.map { network in
          var group = group(of: network)
          if documentsOfID[ByteExactID(network.id), default: 0] > 1 {
            group.id += " (\(document.report.publisher))"
          }
          return group
        }
      })
  }

  /// Every pair of reports (documents) that shares something; reports are
  /// named by their titles.
  public func reports() -> [GroupOverlap] {
    let groups = documents.map { document in
      document.networks.map(group(of:)).reduce(
        into: Group(
          id: document.report.title, assets: [],
          organizations: Set(document.organizations.map { ByteExactID($0.id) }), networks: [])
      ) {
        $0.assets.formUnion($1.assets)
        $0.organizations.formUnion($1.organizations)
        $0.networks.formUnion($1.networks)
      }
    }
    return pairs(groups)
  }

  /// Every pair of organisations whose attributed networks share something:
  /// assets, audience or the networks themselves.
  public func organizations() -> [GroupOverlap] {
    var byOrganization: [ByteExactID: Group] = [:]
    var order: [ByteExactID] = []
    for document in documents {
      for network in document.networks {
        let networkGroup = group(of: network)
        for organization in networkGroup.organizations {
          if byOrganization[organization] == nil {
            order.append(organization)
            byOrganization[organization] = Group(
              id: organization.text, assets: [], organizations: [], networks: [])
          }
          byOrganization[organization]!.assets.formUnion(networkGroup.assets)
          byOrganization[organization]!.networks.insert(ByteExactID(network.id))
        }
      }
    }
    // An organisation and its parent trivially share everything: compare only unrelated ones.
    let lineage = Dictionary(uniqueKeysWithValues: order.map { ($0, withAncestors($0)) })
    return pairs(order.map { byOrganization[$0]! }) { a, b in
      let (a, b) = (ByteExactID(a.id), ByteExactID(b.id))
      return !lineage[a]!.contains(b) && !lineage[b]!.contains(a)
    }
  }

  private func pairs(_ groups: [Group], include: (Group, Group) -> Bool = { _, _ in true })
    -> [GroupOverlap]
  {
    guard groups.count >= 2 else { return [] }
    var result: [GroupOverlap] = []
    for i in groups.indices {
      for j in groups.indices where j > i && include(groups[i], groups[j]) {
        let (x, y) = (groups[i], groups[j])
        var overlap = GroupOverlap(
          a: x.id, b: y.id, sharedAssets: x.assets.intersection(y.assets).sorted().map(\.text),
          sharedOrganizations: x.organizations.intersection(y.organizations).sorted().map(\.text),
          sharedNetworks: x.networks.count > 1 || y.networks.count > 1
            ? x.networks.intersection(y.networks).sorted().map(\.text) : [],
          sharedAudience: nil)
        if let counter {
          overlap.sharedAudience = counter.shared(
            x.assets.compactMap { graph.node(for: $0.text) },
            y.assets.compactMap { graph.node(for: $0.text) })
        }
        if !overlap.isEmpty { result.append(overlap) }
      }
    }
    return result
  }
}

import CIBGraphCore
@_spi(Internal) import CIBGraphSupport

/// One account of a candidate network, measured.
package struct AccountMeasures: Sendable, Hashable {
  /// The account's number (`ActivityTable.accountID(_:)` names it).
  package var account: UInt32
  /// Its candidate network, as an index into ``CoordinationNetwork/components``.
  package var network: Int
  /// Its actions (rows) in the input.
  package var actions: Int
  /// Distinct objects it acted on.
  package var objects: Int
  /// Its actions that coincide with an action of an account it is linked to
  /// by a kept edge (under CooRTweet's definition, among the rows it pairs:
  /// original posts are not).
  package var coordinatedActions: Int
  /// Kept edges it has.
  package var degree: Int
  /// The sum of their weights.
  package var strength: Int
  /// Its first action in the input, in milliseconds since 1970.
  package var firstAction: Int64
  /// Its last action in the input, likewise.
  package var lastAction: Int64
}

/// An object or a domain, with how many accounts of a network coincided on it.
package struct RankedObject: Sendable, Hashable {
  /// The object's identifier, or the domain.
  package var id: String
  /// The network's accounts with a coincidence on it.
  package var accounts: Int

  /// An object or domain `id` on which `accounts` accounts coincided.
  package init(id: String, accounts: Int) {
    self.id = id
    self.accounts = accounts
  }
}

/// One candidate network (a ``CoordinationComponent``), measured.
package struct NetworkMeasures: Sendable, Hashable {
  /// Kept edges over the pairs of its accounts, 2E / (V(V − 1)).
  package var density: Double
  /// Distinct objects its kept edges coincided on.
  package var objects: Int
  /// Its kept edges that are ``EdgeMeasures/fast``.
  package var fastEdges: Int
  /// Its five objects on which the most of its accounts coincided (ties: first seen in the input first).
  package var topObjects: [RankedObject]
  /// Likewise for the domains of the objects that are http(s) URLs; empty when none is.
  package var topDomains: [RankedObject]
}

/// Per-edge, per-account and per-network measures of a coordination
/// network (``CoordinationParameters/measures``).
package struct CoordinationMeasures: Sendable {
  /// By edge, in the order of ``CoordinationNetwork/edges``.
  package let edges: [EdgeMeasures]
  /// The accounts of the candidate networks, network by network, ascending within each.
  package let accounts: [AccountMeasures]
  /// By candidate network, in the order of ``CoordinationNetwork/components``.
  package let networks: [NetworkMeasures]
  /// The fast weight the percentile cut asked for (`nil` without a fast window or a cut).
  package let fastPercentileWeight: Double?

  /// How many objects and domains a network lists at most.
  static let topCount = 5

  /// - Complexity: O(n log n + c log c) for n rows and c coincidences of the
  ///   kept edges, plus the share look-ups of ``SharesByAccount/markCoinciding``.
  init(
    table: ActivityTable, shares: SharesByAccount, windows: ObjectWindows,
    edges: [CoordinationEdge],
    measures: [EdgeMeasures], evidence: [Coincidence], components: [CoordinationComponent],
    fastPercentileWeight: Double?
  ) {
    self.edges = measures
    self.fastPercentileWeight = fastPercentileWeight
    let accountCount = table.accounts.count
    var networkOf = [Int32](repeating: -1, count: accountCount)
    for (index, component) in components.enumerated() {
      for account in component.accounts { networkOf[Int(account)] = Int32(index) }
    }

    // Degree, strength and coordinated actions over the kept edges.
    var degree = [Int](repeating: 0, count: accountCount)
    var strength = [Int](repeating: 0, count: accountCount)
    var reach = [UInt32](repeating: 0, count: shares.account.count)
    for (edge, measured) in zip(edges, measures) where measured.kept {
      degree[Int(edge.a)] += 1
      degree[Int(edge.b)] += 1
      strength[Int(edge.a)] += edge.weight
      strength[Int(edge.b)] += edge.weight
      for coincidence in evidence[edge.evidence] {
        shares.markCoinciding(
          edge.a, edge.b, object: coincidence.object, window: windows[Int(coincidence.object)],
          reach: &reach)
      }
    }
    var coordinated = [Int](repeating: 0, count: accountCount)
    var furthest = 0
    for position in reach.indices {
      furthest = max(furthest, Int(reach[position]))
      if furthest > position { coordinated[Int(shares.account[position])] += 1 }
    }
    reach = []

    // Actions, distinct objects, first and last action of the networks' accounts.
    var actions = [Int](repeating: 0, count: accountCount)
    var first = [Int64](repeating: .max, count: accountCount)
    var last = [Int64](repeating: .min, count: accountCount)
    var accountObjects: [UInt64] = []
    for row in 0..<table.count where networkOf[Int(table.account[row])] >= 0 {
      let account = Int(table.account[row])
      actions[account] += 1
      first[account] = min(first[account], table.time[row])
      last[account] = max(last[account], table.time[row])
      accountObjects.append(UInt64(account) << 32 | UInt64(table.object[row]))
    }
    accountObjects.sort()
    var objects = [Int](repeating: 0, count: accountCount)
    for (index, key) in accountObjects.enumerated()
    where index == 0 || accountObjects[index - 1] != key {
      objects[Int(key >> 32)] += 1
    }
    accountObjects = []
    accounts = components.enumerated().flatMap { index, component in
      component.accounts.map { account in
        let a = Int(account)
        return AccountMeasures(
          account: account, network: index, actions: actions[a], objects: objects[a],
          coordinatedActions: coordinated[a], degree: degree[a], strength: strength[a],
          firstAction: first[a], lastAction: last[a])
      }
    }

    // Per network: (network, object, account) once each, from the evidence of its kept edges.
    var sightings: [Sighting] = []
    var fastEdges = [Int](repeating: 0, count: components.count)
    for (edge, measured) in zip(edges, measures) where measured.kept {
      let network = networkOf[Int(edge.a)]
      if measured.fast { fastEdges[Int(network)] += 1 }
      for coincidence in evidence[edge.evidence] {
        sightings.append(Sighting(network: network, item: coincidence.object, account: edge.a))
        sightings.append(Sighting(network: network, item: coincidence.object, account: edge.b))
      }
    }
    let objectCounts = Self.accountsPer(&sightings, networks: components.count)
    var domainOf: [UInt32: Int32] = [:]
    var domains: [String] = []
    var domainIndex: [String: Int32] = [:]
    for index in sightings.indices {
      let object = sightings[index].item
      let domain: Int32
      if let known = domainOf[object] {
        domain = known
      } else if let name = URLDomain.of(table.objectID(object)) {
        if let seen = domainIndex[name] {
          domain = seen
        } else {
          domain = Int32(domains.count)
          domainIndex[name] = domain
          domains.append(name)
        }
        domainOf[object] = domain
      } else {
        domain = -1
        domainOf[object] = -1
      }
      sightings[index].item = UInt32(bitPattern: domain)
    }
    sightings.removeAll { $0.item == UInt32.max }
    let domainCounts = Self.accountsPer(&sightings, networks: components.count)
    networks = components.enumerated().map { index, component in
      let size = Double(component.accounts.count)
      return NetworkMeasures(
        density: size < 2 ? 0 : 2 * Double(component.edges) / (size * (size - 1)),
        objects: objectCounts[index].count,
        fastEdges: fastEdges[index],
        topObjects: Self.top(objectCounts[index]).map {
          RankedObject(id: table.objectID($0.item), accounts: $0.accounts)
        },
        topDomains: Self.top(domainCounts[index]).map {
          RankedObject(id: domains[Int($0.item)], accounts: $0.accounts)
        })
    }
  }

  /// An account of a network seen on an object (or a domain).
  private struct Sighting: Comparable {
    var network: Int32
    var item: UInt32
    var account: UInt32

    static func < (a: Sighting, b: Sighting) -> Bool {
      (a.network, a.item, a.account) < (b.network, b.item, b.account)
    }
  }

  /// Per network, its items with their number of distinct accounts.
  private static func accountsPer(_ sightings: inout [Sighting], networks: Int)
    -> [[(item: UInt32, accounts: Int)]]
  {
    sightings.sort()
    var result = [[(item: UInt32, accounts: Int)]](repeating: [], count: networks)
    var index = 0
    while index < sightings.count {
      let (network, item) = (sightings[index].network, sightings[index].item)
      var accounts = 0
      var previous: UInt32?
      while index < sightings.count, sightings[index].network == network,
        sightings[index].item == item
      {
        if sightings[index].account != previous { accounts += 1 }
        previous = sightings[index].account
        index += 1
      }
      result[Int(network)].append((item, accounts))
    }
    return result
  }

  /// The ``topCount`` items with the most accounts, ties by item number.
  private static func top(_ counts: [(item: UInt32, accounts: Int)])
    -> [(item: UInt32, accounts: Int)]
  {
    Array(
      counts.sorted { $0.accounts != $1.accounts ? $0.accounts > $1.accounts : $0.item < $1.item }
        .prefix(topCount))
  }
}

/// The domain of an http(s) URL, as top domains count it: the host,
/// lowercased, without user information, port or a leading `www.`.
enum URLDomain {
  /// `nil` when `url` is not an http(s) URL with a host.
  /// - Complexity: O(length of `url`).
  static func of(_ url: String) -> String? {
    var rest = Substring(url)
    let lower = url.prefix(8).lowercased()
    if lower.hasPrefix("https://") {
      rest = rest.dropFirst(8)
    } else if lower.hasPrefix("http://") {
      rest = rest.dropFirst(7)
    } else {
      return nil
    }
    var host = rest.prefix { !"/?#".contains($0) }
    if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
    if !host.hasPrefix("["), let colon = host.lastIndex(of: ":") { host = host[..<colon] }
    var name = host.lowercased()
    if name.hasPrefix("www.") { name.removeFirst(4) }
    return name.isEmpty ? nil : name
  }
}

extension CoordinationNetwork {
  /// The edges of the candidate networks: every one of ``edges``, or with
  /// `keepAll` those that passed the thresholds.
  /// - Complexity: O(edges).
  public var keptEdges: [CoordinationEdge] {
    guard let measures, parameters.keepAll else { return edges }
    return zip(edges, measures.edges).filter { $0.1.kept }.map(\.0)
  }
}

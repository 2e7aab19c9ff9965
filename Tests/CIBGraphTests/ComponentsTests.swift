import CIBGraph
@_spi(Internal) import CIBGraphCore
@_spi(Internal) import CIBGraphSupport
import CIBGraphTestSupport
import Testing

@Suite struct ComponentsTests {
  @Test func aHandMadeNetworkSplitsAsDrawn() {
    // a1 → p1 ← a2 → g1      a3 → p2      o1 ⊂ o2      i1 alone
    var builder = AssetGraphBuilder()
    let ids: [(String, AssetKind, Int?, Int?)] = [
      ("a1", .account, nil, nil), ("p1", .page, 100, nil), ("a2", .account, nil, nil),
      ("g1", .group, nil, 40), ("a3", .account, nil, nil), ("p2", .page, 7, nil),
      ("o1", .organization, nil, nil), ("o2", .organization, nil, nil), ("i1", .instagram, 9, nil),
    ]
    for (id, kind, followers, members) in ids {
      builder.addAsset(Asset(id: id, kind: kind, followers: followers, members: members))
    }
    func link(_ a: String, _ b: String) {
      builder.addRelation(from: builder.node(for: a)!, to: builder.node(for: b)!, type: .linkedTo)
    }
    link("a1", "p1")
    link("a2", "p1")
    link("a2", "g1")
    link("a3", "p2")
    link("o1", "o2")
    link("a1", "p1")  // a repeated relation changes nothing
    let graph = builder.build()
    #expect(graph.degree(of: builder.node(for: "p1")!) == 3)
    #expect(graph.neighbours(of: builder.node(for: "g1")!).map { graph.ids[Int($0)] } == ["a2"])

    let analysis = ComponentAnalysis(graph)
    #expect(analysis.count == 4)
    #expect(analysis.largest == 4)
    #expect(analysis.singletons == 1)
    #expect(analysis.components.map(\.size) == [4, 2, 2, 1])
    let biggest = analysis.components[0]
    #expect(biggest.kinds.account == 2 && biggest.kinds.page == 1 && biggest.kinds.group == 1)
    #expect(biggest.followersSummed == 100 && biggest.membersSummed == 40)
    // Ties keep input order: a3's component comes before the organisations'.
    #expect(graph.ids[Int(analysis.components[1].nodes[0])] == "a3")
    #expect(analysis.components[1].audienceSummed == 7)
    #expect(graph.ids[Int(analysis.components[3].nodes[0])] == "i1")
  }

  /// Relations joined on several cores at once, each core a run of them in
  /// one shared forest, give the components one core gives, and those a
  /// breadth-first search finds.
  @Test(arguments: 0..<30)
  func relationsJoinedOnSeveralCoresGiveTheComponentsOneCoreGives(seed: Int) {
    var random = SeededGenerator(seed: UInt64(seed))
    let nodeCount = random.int(in: 1...300)
    var builder = AssetGraphBuilder()
    // Kinds, a kind beyond the first format's five, and counts, so that the
    // tallies each core keeps are summed as one core keeps them.
    let kinds: [AssetKind] = [.account, .page, .group, .instagram, .organization, .xAccount]
    for i in 0..<nodeCount {
      var asset = Asset(id: "n\(i)", kind: random.element(of: kinds)!)
      asset.followers = random.bool() ? random.int(in: 0...1_000) : nil
      asset.members = random.bool() ? random.int(in: 0...1_000) : nil
      builder.addAsset(asset)
    }
    // From a few relations (many components) to many (one or two).
    for _ in 0..<random.int(in: 0...(nodeCount * (seed % 3 + 1))) {
      let a = random.int(in: 0..<nodeCount)
      let b = random.int(in: 0..<nodeCount)
      builder.addRelation(from: NodeIndex(a), to: NodeIndex(b), type: .linkedTo)
    }
    let graph = builder.build()
    let inTurn = ComponentAnalysis(graph, split: .standard)
    let shared = ComponentAnalysis(graph, split: .tiny)
    #expect(shared.components == inTurn.components)
    // What the outputs read instead of each component's array.
    for analysis in [inTurn, shared] {
      #expect(analysis.firstNodes == analysis.components.map { $0.nodes[0] })
      #expect(analysis.singletons == analysis.components.filter { $0.nodes.count == 1 }.count)
    }
    // Read by index from an analysis whose array of components was never
    // made, each as the array gives it.
    let byIndex = ComponentAnalysis(graph, split: .tiny)
    #expect(byIndex.count == inTurn.components.count)
    #expect(byIndex.largest == inTurn.components.first?.size ?? 0)
    let together = byIndex.summaries(0..<byIndex.count)
    #expect(together.map(\.size) == inTurn.components.map(\.size))
    #expect(together.map(\.kinds) == inTurn.components.map(\.kinds))
    #expect(together.map(\.audienceSummed) == inTurn.components.map(\.audienceSummed))
    for (index, component) in inTurn.components.enumerated() {
      let summary = byIndex.summary(at: index)
      #expect(summary.size == component.size && summary.kinds == component.kinds)
      #expect(summary.followersSummed == component.followersSummed)
      #expect(summary.membersSummed == component.membersSummed)
      #expect(Array(byIndex.nodes(at: index)) == component.nodes)
      #expect(byIndex.component(at: index) == component)
    }

    var seen = [Bool](repeating: false, count: nodeCount)
    var searched: Set<[NodeIndex]> = []
    for start in 0..<nodeCount where !seen[start] {
      var members: [NodeIndex] = [NodeIndex(start)]
      seen[start] = true
      var next = 0
      while next < members.count {
        for neighbour in graph.neighbours(of: members[next]) where !seen[Int(neighbour)] {
          seen[Int(neighbour)] = true
          members.append(neighbour)
        }
        next += 1
      }
      searched.insert(members.sorted())
    }
    #expect(Set(shared.components.map(\.nodes)) == searched)
  }

  @Test func anEmptyGraphHasNoComponents() {
    let analysis = ComponentAnalysis(AssetGraphBuilder().build())
    #expect(analysis.count == 0 && analysis.largest == 0)
  }

  @Test func identifiersAreInternedAcrossDocuments() throws {
    let first = NetworkDocument(
      report: Report(title: "a", publisher: "a"),
      organizations: [
        Organization(id: "ispr", name: "ISPR", partOf: "mil"),
        Organization(id: "mil", name: "Military"),
      ],
      networks: [
        Network(
          id: "n1", name: "n1", assets: [Asset(id: "p1", kind: .page)],
          relations: [Relation(source: "p1", target: "ispr", type: .attributedTo)])
      ])
    let second = NetworkDocument(
      report: Report(title: "b", publisher: "b"),
      organizations: [Organization(id: "mil", name: "Military")],
      networks: [
        Network(
          id: "n2", name: "n2", assets: [Asset(id: "p2", kind: .page)],
          relations: [Relation(source: "p2", target: "mil", type: .attributedTo)])
      ])
    let graph = AssetGraph(documents: [first, second])
    #expect(graph.nodeCount == 4)
    let analysis = ComponentAnalysis(graph)
    #expect(analysis.count == 1 && analysis.largest == 4)
  }

  /// Components by breadth-first search over adjacency sets built straight
  /// from the edge list: slow, obviously right.
  func bruteForceComponents(nodeCount: Int, edges: [(Int, Int)]) -> [Set<Int>] {
    var adjacent = [Set<Int>](repeating: [], count: nodeCount)
    for (a, b) in edges {
      adjacent[a].insert(b)
      adjacent[b].insert(a)
    }
    var seen = Set<Int>()
    var result: [Set<Int>] = []
    for start in 0..<nodeCount where !seen.contains(start) {
      var component: Set<Int> = [start]
      var queue = [start]
      seen.insert(start)
      while let node = queue.popLast() {
        for next in adjacent[node] where seen.insert(next).inserted {
          component.insert(next)
          queue.append(next)
        }
      }
      result.append(component)
    }
    return result
  }

  @Test(arguments: 0..<40)
  func randomGraphsAgreeWithBreadthFirstSearch(seed: Int) {
    var random = SeededGenerator(seed: UInt64(seed))
    let nodeCount = random.int(in: 0...300)
    let edgeCount = nodeCount == 0 ? 0 : random.int(in: 0...(nodeCount * 2))
    var builder = AssetGraphBuilder()
    var followers: [Int] = []
    var members: [Int?] = []
    var kinds: [AssetKind] = []
    for i in 0..<nodeCount {
      let kind = random.element(of: AssetKind.builtIn)!
      let count = random.int(in: 0...1_000)
      let memberCount = random.int(in: 0...3) == 0 ? nil : random.int(in: 0...Int.max / 4)
      followers.append(count)
      members.append(memberCount)
      kinds.append(kind)
      builder.addAsset(Asset(id: "n\(i)", kind: kind, followers: count, members: memberCount))
    }
    var edges: [(Int, Int)] = []
    for _ in 0..<edgeCount {
      let a = random.int(in: 0..<nodeCount)
      let b = random.int(in: 0..<nodeCount)
      edges.append((a, b))
      builder.addRelation(from: NodeIndex(a), to: NodeIndex(b), type: .linkedTo)
    }
    let graph = builder.build()
    let analysis = ComponentAnalysis(graph)
    let expected = bruteForceComponents(nodeCount: nodeCount, edges: edges)

    #expect(analysis.count == expected.count)
    #expect(analysis.components.map(\.size) == expected.map(\.count).sorted(by: >))
    #expect(
      Set(analysis.components.map { Set($0.nodes.map(Int.init)) }) == Set(expected),
      "same partition of the nodes")
    // Largest first; equal sizes in the order of their first node.
    let ordered = expected.sorted { ($0.count, -$0.min()!) > ($1.count, -$1.min()!) }
    #expect(analysis.components.map { Set($0.nodes.map(Int.init)) } == ordered)
    for component in analysis.components {
      #expect(component.followersSummed == component.nodes.reduce(0) { $0 + followers[Int($1)] })
      #expect(
        component.membersSummed
          == component.nodes.reduce(CountSum(0)) { $0 + CountSum(members[Int($1)] ?? 0) })
      var expectedKinds = PerKindNumber<Int>()
      for node in component.nodes { expectedKinds[kinds[Int(node)]] += 1 }
      #expect(component.kinds == expectedKinds)
      #expect(component.kinds.total == component.size)
      #expect(component.nodes == component.nodes.sorted())
    }
    // The CSR holds each edge once from each end.
    #expect(graph.neighbourTargets.count == 2 * edges.count)
    for v in graph.nodes {
      let expectedNeighbours = edges.flatMap { (a, b) -> [Int] in
        (a == Int(v) ? [b] : []) + (b == Int(v) ? [a] : [])
      }
      #expect(graph.neighbours(of: v).map(Int.init).sorted() == expectedNeighbours.sorted())
    }
  }
}

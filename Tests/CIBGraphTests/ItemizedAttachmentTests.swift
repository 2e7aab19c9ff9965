import CIBGraph
@_spi(Internal) import CIBGraphCore
import CIBGraphTestSupport
import Foundation
import Testing

/// A spreadsheet's `Network` column, and itemized data attached to the
/// networks of a document.
@Suite struct ItemizedAttachmentTests {
  static let nodes = (
    Array(
      """
      Id,Kind,Followers,Network
      a1,account,,ira
      p1,page,100,ira
      x1,account,,
      c1,instagram,40,cls
      p2,page,7,ira

      """.utf8), "n.csv"
  )
  static let edges = (
    Array("Source,Target,Type\na1,p1,administers\nc1,p2,linkedTo\nghost,x1,linkedTo\n".utf8),
    "e.csv"
  )

  @Test func eachNetworkOfTheColumnIsANetworkAndRelationsGoWithTheirSource() throws {
    let loaded = try GephiSpreadsheet.load(nodes: Self.nodes, edges: Self.edges)
    let networks = loaded.document.networks
    #expect(networks.map(\.id) == ["ira", "n", "cls"])
    #expect(networks.map { $0.assets.map(\.id) } == [["a1", "p1", "p2"], ["x1"], ["c1"]])
    #expect(networks.map { $0.relations.map(\.source) } == [["a1"], ["ghost"], ["c1"]])
    // Validator's findings point at the rows, network by network.
    let dangling = Validator.validate(loaded.document, locations: loaded.locations).filter {
      $0.code == "dangling-reference"
    }
    #expect(dangling.map { "\($0.location!.file):\($0.location!.line ?? 0)" } == ["e.csv:4"])
    let p2 = loaded.locations.location(
      of: ModelPath([.key("networks"), .index(0), .key("assets"), .index(2), .key("followers")]))
    #expect((p2.file, p2.line, p2.column) == ("n.csv", 6, 9))

    let named = try GephiSpreadsheet.load(nodes: Self.nodes, edges: nil, network: "ira")
    #expect(named.document.networks.map(\.id) == ["ira", "cls"])
    #expect(named.document.networks[0].assets.map(\.id) == ["a1", "p1", "x1", "p2"])
  }

  @Test func theColumnChangesNothingInTheGraph() throws {
    let plain = Array("Id,Kind,Followers\na1,account,\np1,page,100\n".utf8)
    let withColumn = Array("Id,Kind,Followers,Network\na1,account,,ira\np1,page,100,\n".utf8)
    let fast = try #require(fastGraph(withColumn, nil))
    let reference = try #require(fastGraph(plain, nil))
    #expect(Array(fast.ids) == Array(reference.ids))
    #expect(
      fast.nodes.map { fast.followers(of: $0) }
        == reference.nodes.map { reference.followers(of: $0) })
    // Not UTF-8: a bad row for the careful readers, so the fast one leaves it to them.
    let broken = Array("Id,Kind,Network\na1,account,".utf8) + [0xFF] + Array("\n".utf8)
    #expect(fastGraph(broken, nil) == nil)
    let graph = try readGraph(nodes: (broken, "b.csv"), edges: nil)
    let document = try GephiSpreadsheet.load(nodes: (broken, "b.csv"), edges: nil)
    #expect(graph.findings.map(\.code) == ["bad-row"])
    #expect(document.findings.map(\.location) == graph.findings.map(\.location))
  }

  @Test func attachedAssetsJoinTheirNetworkAndKeepTheirLocations() throws {
    let report = try graphsDocument("meta-2020-08-cib-report.json")
    let json = Array(report.encoded())
    let base = try NetworkDocument.read(.bytes(json, name: "r.json"))
    let sheet = try GephiSpreadsheet.load(
      nodes: (
        Array("Id,Kind,Network\na1,account,ru-ira-2020-08\nq,page,elsewhere\n".utf8), "s.csv"
      ),
      edges: nil)
    let (attached, rest) = base.attaching(sheet)
    let ira = try #require(attached.document.networks.firstIndex { $0.id == "ru-ira-2020-08" })
    #expect(attached.document.networks[ira].assets.map(\.id) == ["a1"])
    #expect(attached.document.networks.count == report.networks.count)
    let a1 = attached.locations.location(
      of: ModelPath([.key("networks"), .index(ira), .key("assets"), .index(0), .key("kind")]))
    #expect((a1.file, a1.line, a1.column) == ("s.csv", 2, 4))
    let figure = attached.locations.location(
      of: ModelPath([.key("networks"), .index(ira), .key("reported")]))
    #expect(figure.file == "r.json")
    #expect(
      Validator.validate(attached.document, locations: attached.locations).contains {
        $0.code == "partial-itemization" && $0.location?.file == "r.json"
      })
    let unattached = try #require(rest)
    #expect(unattached.document.networks.map(\.id) == ["elsewhere"])
    let q = unattached.locations.location(
      of: ModelPath([.key("networks"), .index(0), .key("assets"), .index(0)]))
    #expect((q.file, q.line) == ("s.csv", 3))
  }
}

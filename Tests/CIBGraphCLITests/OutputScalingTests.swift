import CIBGraph
import Testing

@testable import CIBGraphCLI

/// Outputs that grow with the rows they write, and no faster.
@Suite struct OutputScalingTests {
  /// 2,000 components, each a row: the table's kind columns are found once,
  /// not once a row (a pass over every component per row took ten minutes
  /// for the 17,619 components of the benchmark's M graph, and half a minute here).
  @Test func componentsWriteThousandsOfRowsInLinearTime() {
    var builder = AssetGraphBuilder()
    for index in 0..<2_000 { builder.addAsset(Asset(id: "a\(index)", kind: .page)) }
    let graph = builder.build()
    let output = ComponentsOutput(
      graph: graph, analysis: ComponentAnalysis(graph), limit: nil, listAssets: true,
      distinctAudience: nil)
    let clock = ContinuousClock()
    let start = clock.now
    let csv = output.csv()
    let json = output.json()
    let text = output.text()
    #expect(clock.now - start < .seconds(5))
    #expect(csv.utf8.filter { $0 == UInt8(ascii: "\n") }.count == 2_001, "a header and a row each")
    #expect(json.components.count == 2_000)
    #expect(text.contains("2,000 component(s)"))
  }
}

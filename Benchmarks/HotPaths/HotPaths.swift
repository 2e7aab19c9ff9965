import Benchmark
import CIBGraph
@_spi(Internal) import CIBGraphSupport

/// The inner loops that decide how fast large inputs are read, measured in
/// process (`CIBGRAPH_BENCHMARKS=1 swift package benchmark --target HotPaths`).
/// Whole-command times beside the Python anchors are in docs/benchmarks.md.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
    maxDuration: .seconds(3), maxIterations: 50)

  let count = 1 << 20
  // Identifiers shaped like the benchmark files' ("a2227962", "u10000001"): 8 and 9 bytes.
  let identifiers = (0..<count).map { Array("u\(10_000_000 + $0 &* 7_919 % count)".utf8) }

  Benchmark("ByteInterner: intern 1 M identifiers one at a time") { benchmark in
    for _ in benchmark.scaledIterations {
      var interner = ByteInterner(capacity: count)
      for id in identifiers { _ = id.withUnsafeBufferPointer { interner.intern($0) } }
      blackHole(interner.count)
    }
  }

  Benchmark("ByteInterner: intern 1 M identifiers in batches of 16") { benchmark in
    let storage = identifiers.flatMap { $0 }
    storage.withUnsafeBufferPointer { bytes in
      var buffers: [UnsafeBufferPointer<UInt8>] = []
      var offset = 0
      for id in identifiers {
        buffers.append(UnsafeBufferPointer(rebasing: bytes[offset..<offset + id.count]))
        offset += id.count
      }
      for _ in benchmark.scaledIterations {
        var interner = ByteInterner(capacity: count)
        var start = 0
        while start < buffers.count {
          buffers[start..<min(start + 16, buffers.count)].withUnsafeBufferPointer {
            _ = interner.internAllNew($0)
          }
          start += 16
        }
        blackHole(interner.count)
      }
    }
  }

  Benchmark("UnionFind: 4 M random unions over 1 M nodes") { benchmark in
    var random = UInt64(42)
    let edges = (0..<(4 * count)).map { _ -> (NodeIndex, NodeIndex) in
      random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return (NodeIndex(random >> 44), NodeIndex((random >> 24) & 0xF_FFFF))
    }
    for _ in benchmark.scaledIterations {
      var sets = UnionFind(count: count)
      for (a, b) in edges { sets.union(a, b) }
      blackHole(sets.find(0))
    }
  }

  Benchmark("Spreadsheets: 100 k nodes and 250 k edges read into a graph") { benchmark in
    var nodes = "Id,Label,Kind,Followers,Members\n"
    var edges = "Source,Target,Type\n"
    for i in 0..<100_000 { nodes += "n\(i),\"Name, \(i)\",page,\(i),\n" }
    for i in 0..<250_000 { edges += "n\(i % 100_000),n\(i &* 31 % 100_000),follows\n" }
    let nodeBytes = Array(nodes.utf8)
    let edgeBytes = Array(edges.utf8)
    for _ in benchmark.scaledIterations {
      let result = try GephiSpreadsheet.readGraph(
        nodes: .bytes(nodeBytes, name: "nodes.csv"), edges: .bytes(edgeBytes, name: "edges.csv"))
      blackHole(ComponentAnalysis(result.graph).count)
    }
  }
}

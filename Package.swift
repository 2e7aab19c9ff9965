// swift-tools-version: 6.1
import Foundation
import PackageDescription

// Library targets build in Swift 6 language mode (the tools-version default)
// and treat warnings as defects in CI (`.ci/run` passes -warnings-as-errors).
let package = Package(
  name: "CIBGraph",
  products: [
    .library(name: "CIBGraph", targets: ["CIBGraph"]),
    .library(name: "CIBGraphviz", targets: ["CIBGraphviz"]),
    .executable(name: "cibgraph", targets: ["cibgraph"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // The library in layers, each a module so that the compiler holds their order:
    // a dependency that points the wrong way, or a cycle, does not build.
    //
    //   CIBGraphSupport   package-internal tools: interning, mapped files, parallel
    //                     slices, UTF-8 and visible text (no public API)
    //   CIBGraphCore      the model, the graph storage, audience lists, activity
    //                     tables, and diagnostics (locations, findings, input errors)
    //   CIBGraphFormats   reading and writing by format (CSV, Gephi spreadsheets,
    //                     audience lists, activity files, JSON documents, GraphML, GEXF)
    //   CIBGraphAnalysis  components, reach, audiences, overlap, coordination, validation
    //   CIBGraphDrawing   networks as Graphviz DOT text (no Graphviz needed)
    //   CIBGraph          the umbrella users import: re-exports the four above
    //   CIBGraphHTML      the report page: documents, analyses and a rendered drawing
    //                     as one self-contained HTML file (not re-exported)
    //
    // Formats and Analysis depend on Core and not on each other; Drawing puts Analysis's
    // bounds into words, and the report page puts Drawing's words and drawings on a page.
    .target(name: "CIBGraphSupport", dependencies: ["CIBGraphShims"]),
    // One C function Swift lacks: a cache prefetch, for batched hash-table probes.
    .target(name: "CIBGraphShims"),
    .target(name: "CIBGraphCore", dependencies: ["CIBGraphSupport", "CIBGraphShims"]),
    .target(
      name: "CIBGraphFormats", dependencies: ["CIBGraphCore", "CIBGraphSupport", "CIBGraphShims"]),
    .target(
      name: "CIBGraphAnalysis", dependencies: ["CIBGraphCore", "CIBGraphSupport", "CIBGraphShims"]),
    .target(
      name: "CIBGraphDrawing",
      dependencies: ["CIBGraphCore", "CIBGraphSupport", "CIBGraphAnalysis"]),
    .target(
      name: "CIBGraph",
      dependencies: ["CIBGraphCore", "CIBGraphFormats", "CIBGraphAnalysis", "CIBGraphDrawing"]),
    .target(
      name: "CIBGraphHTML",
      dependencies: ["CIBGraphCore", "CIBGraphAnalysis", "CIBGraphDrawing", "CIBGraphSupport"]),

    // Graphviz's C libraries, as installed on the system (no vendored headers).
    .systemLibrary(
      name: "CGraphviz",
      pkgConfig: "libgvc",
      providers: [.apt(["libgraphviz-dev"]), .brew(["graphviz"])]
    ),
    // Layout and rendering through libgvc, in-process; owns every Graphviz handle.
    .target(name: "CIBGraphviz", dependencies: ["CIBGraph", "CGraphviz"]),

    // The command-line tool's commands and output formatting, as a library so
    // tests can reach the formatters directly.
    .target(
      name: "CIBGraphCLI",
      dependencies: [
        "CIBGraph",
        "CIBGraphSupport",
        "CIBGraphHTML",
        "CIBGraphviz",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "cibgraph", dependencies: ["CIBGraphCLI"]),

    // The ten lines a library user copies first.
    .executableTarget(
      name: "ReachAndComponents",
      dependencies: ["CIBGraph", "CIBGraphviz"],
      path: "Examples/ReachAndComponents"
    ),

    // What the test targets share: the seeded generator, temporary files, the
    // repository's sample documents. A regular target, free of the testing
    // libraries, because the libFuzzer driver builds it too.
    .target(name: "CIBGraphTestSupport", dependencies: ["CIBGraph"], path: "Tests/Support"),
    .testTarget(
      name: "CIBGraphTests",
      dependencies: [
        "CIBGraph", "CIBGraphSupport", "CIBGraphCore", "CIBGraphFormats", "CIBGraphAnalysis",
        "CIBGraphTestSupport",
      ],
      exclude: ["Golden"]),
    // One fuzz target per reader of untrusted input, shared by the seeded
    // generator of hostile inputs the tests run and the libFuzzer driver below.
    .target(
      name: "CIBGraphFuzzTargets",
      // Every module whose declarations the targets use, not only the
      // umbrella they reach some through: an incremental build otherwise
      // keeps targets compiled against a layout or a signature that has moved.
      dependencies: [
        "CIBGraph", "CIBGraphAnalysis", "CIBGraphCore", "CIBGraphDrawing", "CIBGraphFormats",
        "CIBGraphSupport", "CIBGraphTestSupport",
      ],
      path: "Tests/Fuzzing/Targets"),
    .testTarget(
      name: "CIBGraphFuzzTests",
      dependencies: ["CIBGraphFuzzTargets", "CIBGraph", "CIBGraphTestSupport"]),
    .testTarget(
      name: "CIBGraphvizTests",
      dependencies: ["CIBGraphviz", "CIBGraph", "CIBGraphSupport", "CIBGraphTestSupport"]),
    // End-to-end tests run the built `cibgraph` as a user would.
    .testTarget(
      name: "CIBGraphCLITests",
      dependencies: ["CIBGraphCLI", "CIBGraph", "CIBGraphHTML", "CIBGraphTestSupport"]),
  ]
)

// In-process micro-benchmarks of the hot paths (ordo-one's Benchmark), built
// only when asked for, so that neither users nor CI build the harness:
//   CIBGRAPH_BENCHMARKS=1 swift package benchmark --target HotPaths
if ProcessInfo.processInfo.environment["CIBGRAPH_BENCHMARKS"] != nil {
  package.dependencies.append(
    .package(
      url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]))
  package.targets.append(
    .executableTarget(
      name: "HotPaths",
      dependencies: [
        "CIBGraph", "CIBGraphSupport", .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/HotPaths",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ))
}

// The fuzz targets under libFuzzer, built only when asked for: libFuzzer
// supplies `main`, so the driver is a library-style module, and every module
// needs the fuzzer's coverage instrumentation. `make fuzz TARGET=document`
// builds it with:
//   CIBGRAPH_FUZZER=1 swift build -c release --scratch-path .build-fuzz \
//     --product CIBGraphFuzzer --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address
if ProcessInfo.processInfo.environment["CIBGRAPH_FUZZER"] != nil {
  package.targets.append(
    .executableTarget(
      name: "CIBGraphFuzzer",
      dependencies: ["CIBGraphFuzzTargets", "CIBGraphTestSupport"],
      path: "Tests/Fuzzing/Driver",
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    ))
}

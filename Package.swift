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
    // The model, the graph core, the algorithms and the file formats.
    // Swift, with nothing about Graphviz or the command line.
    .target(name: "CIBGraph", dependencies: ["CIBGraphShims"]),
    // One C function Swift lacks: a cache prefetch, for batched hash-table probes.
    .target(name: "CIBGraphShims"),

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

    .testTarget(name: "CIBGraphTests", dependencies: ["CIBGraph"], exclude: ["Golden"]),
    // One fuzz target per reader of untrusted input, shared by the seeded
    // generator of hostile inputs the tests run and the libFuzzer driver below.
    .target(
      name: "CIBGraphFuzzTargets", dependencies: ["CIBGraph"], path: "Tests/Fuzzing/Targets"),
    .testTarget(name: "CIBGraphFuzzTests", dependencies: ["CIBGraphFuzzTargets", "CIBGraph"]),
    .testTarget(name: "CIBGraphvizTests", dependencies: ["CIBGraphviz", "CIBGraph"]),
    // End-to-end tests run the built `cibgraph` as a user would.
    .testTarget(name: "CIBGraphCLITests", dependencies: ["CIBGraphCLI", "CIBGraph"]),
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
      dependencies: ["CIBGraph", .product(name: "Benchmark", package: "benchmark")],
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
      dependencies: ["CIBGraphFuzzTargets"],
      path: "Tests/Fuzzing/Driver",
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    ))
}

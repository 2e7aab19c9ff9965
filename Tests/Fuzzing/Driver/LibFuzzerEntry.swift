import CIBGraphFuzzTargets
import CIBGraphTestSupport
import Foundation

// libFuzzer's entry points for the fuzz targets; libFuzzer supplies `main`.
// Build and run with `make fuzz TARGET=document SECONDS=600` (see the Makefile).

/// The target chosen by `--target=NAME` or CIBGRAPH_FUZZ_TARGET.
nonisolated(unsafe) var chosenTarget: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>
) -> CInt {
  // libFuzzer ignores arguments starting with `--`.
  var name = ProcessInfo.processInfo.environment["CIBGRAPH_FUZZ_TARGET"]
  for index in 0..<Int(argc.pointee) {
    guard let argument = argv.pointee[index].map({ String(cString: $0) }),
      argument.hasPrefix("--target=")
    else { continue }
    name = String(argument.dropFirst("--target=".count))
  }
  let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
  guard let name, let target = FuzzTarget(rawValue: name) else {
    FileHandle.standardError.write(
      Data("choose a target with --target=NAME or CIBGRAPH_FUZZ_TARGET=NAME: \(names)\n".utf8))
    exit(64)
  }
  chosenTarget = target
  return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  do throws(OracleFailure) {
    _ = try chosenTarget!.run(bytes)
  } catch {
    // libFuzzer saves the input of a crash; an oracle failure is one.
    FileHandle.standardError.write(Data("oracle failure: \(error)\n".utf8))
    abort()
  }
  return 0
}

/// libFuzzer's own mutation, for inputs the hostile mutator leaves alone.
@_silgen_name("LLVMFuzzerMutate")
func libFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

/// Half of the mutations are libFuzzer's (bit flips, dictionary words,
/// comparisons it saw), half the hostile mutator's: whole-line repeats,
/// deep nesting, a document joined onto one line, huge numbers in place of
/// counts, which byte-level mutation rarely makes.
@_cdecl("LLVMFuzzerCustomMutator")
public func customMutator(
  _ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt
) -> Int {
  guard seed & 1 == 0 else { return libFuzzerMutate(data, size, maxSize) }
  var random = SeededGenerator(seed: UInt64(seed))
  let input = Array(UnsafeBufferPointer(start: data, count: size))
  let mutated = HostileMutator.mutate(input, other: input, limit: maxSize, using: &random)
  for (offset, byte) in mutated.enumerated() { data[offset] = byte }
  return mutated.count
}

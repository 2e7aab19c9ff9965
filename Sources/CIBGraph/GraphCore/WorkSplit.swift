import Foundation

/// How the readers of large inputs split their work across cores: below
/// these amounts a thread costs more than it saves. Tests lower them, so
/// that small inputs are split as large ones are.
struct WorkSplit: Sendable {
  /// Bytes of a file below which it is not split into slices.
  var bytesPerSlice = 1 << 22
  /// Bytes of audience files below which accounts are interned on one core.
  var bytesPerShard = 1 << 24
  /// Rows whose accounts are interned between two releases of pages read.
  var rowsPerChunk = 1 << 20
  /// Pairs below which audience lists are sorted on one core.
  var pairsPerPart = 1 << 20
  /// Cores to use.
  var cores = ProcessInfo.processInfo.activeProcessorCount

  static let standard = WorkSplit()

  /// How many parts to cut `amount` into: one per core, none under `unit`.
  func parts(of amount: Int, per unit: Int, atMost limit: Int = .max) -> Int {
    max(1, min(cores, limit, amount / max(unit, 1)))
  }
}

/// Each worker writes only its own element; read after all have finished.
final class Results<Element>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<Element>
  let count: Int

  init(count: Int, initial: Element) {
    self.count = count
    pointer = .allocate(capacity: count)
    pointer.initialize(repeating: initial, count: count)
  }

  deinit {
    pointer.deinitialize(count: count)
    pointer.deallocate()
  }
}

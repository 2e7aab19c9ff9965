import Foundation

/// How the readers of large inputs split their work across cores: below
/// these amounts a thread costs more than it saves. Tests and the fuzz
/// targets lower them (``tiny``), so that small inputs are split as large
/// ones are.
package struct WorkSplit: Sendable {
  /// Bytes of a file below which it is not split into slices.
  package var bytesPerSlice = 1 << 22
  /// Bytes of audience files below which accounts are interned on one core.
  package var bytesPerShard = 1 << 24
  /// Rows whose accounts are interned between two releases of pages read.
  package var rowsPerChunk = 1 << 20
  /// Pairs below which audience lists are sorted on one core.
  package var pairsPerPart = 1 << 20
  /// Cores to use.
  var cores = ProcessInfo.processInfo.activeProcessorCount

  package static let standard = WorkSplit()

  /// Splits work as if small inputs were large: a slice per row or so, three
  /// cores even on a machine with two, chunks of a few rows.
  package static let tiny = WorkSplit(
    bytesPerSlice: 1, bytesPerShard: 1, rowsPerChunk: 3, pairsPerPart: 1, cores: 3)

  /// How many parts to cut `amount` into: one per core, none under `unit`.
  package func parts(of amount: Int, per unit: Int, atMost limit: Int = .max) -> Int {
    max(1, min(cores, limit, amount / max(unit, 1)))
  }
}

/// Each worker writes only its own element; read after all have finished.
package final class Results<Element>: @unchecked Sendable {
  package let pointer: UnsafeMutablePointer<Element>
  package let count: Int

  package init(count: Int, initial: Element) {
    self.count = count
    pointer = .allocate(capacity: count)
    pointer.initialize(repeating: initial, count: count)
  }

  deinit {
    pointer.deinitialize(count: count)
    pointer.deallocate()
  }
}

import Dispatch
import Foundation

/// How the readers of large inputs split their work across cores: below
/// these amounts a thread costs more than it saves. Tests and the fuzz
/// targets lower them (``tiny``), so that small inputs are split as large
/// ones are.
package struct WorkSplit: Sendable, Hashable {
  /// Bytes of a file below which it is not split into slices.
  package var bytesPerSlice = 1 << 22
  /// Activity rows below which coordination sorts and sweeps them on one core.
  package var rowsPerChunk = 1 << 20
  /// Pairs below which audience lists are sorted on one core.
  package var pairsPerPart = 1 << 20
  /// Distinct identifiers below which they are interned on one core.
  package var identifiersPerPart = 1 << 18
  /// Distinct audience accounts a partition of them is sized for: the table
  /// numbering them (16 bytes a slot, at most half full) stays in a core's
  /// L2 cache.
  package var accountsPerPartition = 1 << 14
  /// Assets or relations of a drawing below which one core writes them.
  package var drawnPerRun = 1 << 16
  /// Cores to use.
  var cores = ProcessInfo.processInfo.activeProcessorCount

  package static let standard = WorkSplit()

  /// Splits work as if small inputs were large: a slice per row or so, three
  /// cores even on a machine with two, chunks of a few rows.
  package static let tiny = WorkSplit(
    bytesPerSlice: 1, rowsPerChunk: 3, pairsPerPart: 1, identifiersPerPart: 1,
    accountsPerPartition: 1, drawnPerRun: 1, cores: 3)

  /// How many parts to cut `amount` into: one per core, none under `unit`.
  package func parts(of amount: Int, per unit: Int, atMost limit: Int = .max) -> Int {
    max(1, min(limit, parts(of: amount, per: unit, perCore: 1)))
  }

  /// How many parts to cut `amount` into: `perCore` per core, none under
  /// `unit`, for parts that cost the same to start and may take unequal
  /// time (a core interrupted, a part of slower rows): a core that is done
  /// takes the next part while the other finishes its own.
  package func parts(of amount: Int, per unit: Int, perCore: Int) -> Int {
    max(1, min(cores * max(perCore, 1), amount / max(unit, 1)))
  }
}

extension WorkSplit {
  /// Where run `part` of `parts` runs of `0 ..< count` starts: the runs are
  /// as equal as integers allow (their sizes differ by at most one), and
  /// run `parts` starts at `count`.
  /// - Precondition: `0 <= part <= parts`, and `count * parts` fits an `Int`.
  @inlinable
  package static func boundary(_ part: Int, of parts: Int, in count: Int) -> Int {
    count * part / parts
  }

  /// Run `part` of `parts` runs of `0 ..< count` (see ``boundary(_:of:in:)``):
  /// the share of `count` items a part of ``inParallel(_:_:)`` takes.
  @inlinable
  package static func run(_ part: Int, of parts: Int, in count: Int) -> Range<Int> {
    boundary(part, of: parts, in: count)..<boundary(part + 1, of: parts, in: count)
  }

  /// `body(0)`, `body(1)`, …, `body(parts - 1)`, run on every core at once,
  /// and what each returned, in order: the one place the readers and the
  /// audience lists go parallel.
  ///
  /// Each part's result is written to a slot of its own, so the parts share
  /// nothing through this call; what `body` itself shares (the input's
  /// bytes, a table every part only reads) is its caller's to keep safe.
  /// - Complexity: The parts' work, spread over the cores.
  @discardableResult
  package static func inParallel<Result: Sendable>(
    _ parts: Int, _ body: @Sendable (Int) -> Result
  ) -> [Result] {
    [Result](unsafeUninitializedCapacity: parts) { slots, initialized in
      nonisolated(unsafe) let slots = slots
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        slots.initializeElement(at: part, to: body(part))
      }
      initialized = parts
    }
  }
}

/// State that each of several parts run ``WorkSplit/inParallel(_:_:)`` keeps
/// across runs (an interner per shard), each part using only its own element.
@_spi(Internal) public final class PerPart<Element>: @unchecked Sendable {
  @usableFromInline let elements: UnsafeMutablePointer<Element>
  /// How many parts.
  public let count: Int

  /// `count` parts, each starting as `initial`.
  public init(count: Int, initial: Element) {
    self.count = count
    elements = .allocate(capacity: count)
    elements.initialize(repeating: initial, count: count)
  }

  /// Part `part`'s element, changed in place; only that part may use it while parts run.
  @inlinable public subscript(part: Int) -> Element {
    _read { yield elements[part] }
    _modify { yield &elements[part] }
  }

  deinit {
    elements.deinitialize(count: count)
    elements.deallocate()
  }
}

extension Array {
  /// `[element(0), element(1), …, element(count - 1)]`, the elements made on
  /// every core at once, each core a run of them written in place: for
  /// arrays of millions of values that hold strings, made one by one on one
  /// core while the other waited.
  /// - Complexity: `count` calls of `element`, spread over `parts` cores.
  package static func inParallel(
    count: Int, parts: Int, _ element: @Sendable (Int) -> Element
  ) -> [Element] {
    let parts = Swift.max(1, Swift.min(parts, count))
    return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
      nonisolated(unsafe) let buffer = buffer
      WorkSplit.inParallel(parts) { part in
        for index in WorkSplit.run(part, of: parts, in: count) {
          (buffer.baseAddress! + index).initialize(to: element(index))
        }
      }
      initialized = count
    }
  }
}

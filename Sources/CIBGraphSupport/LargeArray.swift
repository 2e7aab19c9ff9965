import Foundation

extension Array where Element: BitwiseCopyable {
  /// An array of `count` elements not written first, for an array whose
  /// every element the caller writes before reading any: writing millions
  /// of zeros that will be overwritten is a pass over memory for nothing.
  /// Its elements are whatever the memory held.
  ///
  /// The memory is not advised into transparent huge pages: on the machine
  /// measured, the compaction a huge page may need when first touched cost
  /// more system time than the address translations it saves (see
  /// docs/benchmarks.md); only the identifier tables, read at random across
  /// hundreds of megabytes, ask for them (`SlotTable`).
  /// - Complexity: O(1) beyond asking for the memory.
  @_spi(Internal) @inlinable public static func uninitialized(count: Int) -> [Element] {
    [Element](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
  }
}

extension Array where Element: BitwiseCopyable & Sendable {
  /// The arrays of `parts` end to end, each part copied by a core of its own
  /// into memory asked for once; then
  /// `adjust(part, copy)`, on the same core, may change that part's copy in
  /// place (shift the offsets it holds, say).
  ///
  /// For joining the columns that several cores read from slices of one
  /// file: appending them one after another on one core kept the other
  /// idle, and grew the first part's array, copying it again.
  /// - Complexity: O(total count), spread over the cores.
  @_spi(Internal) public static func concatenated(
    _ parts: [[Element]],
    adjusting adjust: (
      @Sendable (_ part: Int, _ copy: UnsafeMutableBufferPointer<Element>) -> Void
    )? =
      nil
  ) -> [Element] {
    if parts.count == 1, adjust == nil { return parts[0] }
    var ends = [0]
    for part in parts { ends.append(ends[ends.count - 1] + part.count) }
    let starts = ends
    return [Element](unsafeUninitializedCapacity: starts[parts.count]) { joined, initialized in
      nonisolated(unsafe) let joined = joined
      WorkSplit.inParallel(parts.count) { index in
        let copy = UnsafeMutableBufferPointer(
          rebasing: joined[starts[index]..<starts[index + 1]])
        parts[index].withUnsafeBufferPointer { source in
          guard let base = source.baseAddress else { return }
          copy.baseAddress!.update(from: base, count: source.count)
        }
        adjust?(index, copy)
      }
      initialized = starts[parts.count]
    }
  }
}

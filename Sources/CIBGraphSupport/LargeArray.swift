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

  /// ``uninitialized(count:)`` for an array read at random across hundreds
  /// of megabytes: its memory, when it spans at least `hugePagesFrom` bytes,
  /// is advised into transparent huge pages before anything touches it, so
  /// that each access does not also walk the page tables (with 4 KB pages the
  /// translations of such an array do not stay in the TLB). Only for arrays
  /// whose accesses are at random: elsewhere the slower first touch of a huge
  /// page costs more than it saves.
  /// - Complexity: O(1) beyond asking for the memory.
  @_spi(Internal) public static func uninitialized(
    count: Int, hugePagesFrom threshold: Int
  ) -> [Element] {
    var array = uninitialized(count: count)
    let byteCount = count * MemoryLayout<Element>.stride
    if byteCount >= threshold {
      array.withUnsafeMutableBytes { bytes in
        // The advice is by whole pages inside the array's own memory.
        let page = 4096
        let start = (Int(bitPattern: bytes.baseAddress!) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: bytes.baseAddress!) + byteCount) & ~(page - 1)
        if end > start {
          _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
        }
      }
    }
    return array
  }
}

extension Array where Element: BitwiseCopyable {
  /// Closes up runs written into room: run `i` has `counts[i]` elements from
  /// `firsts[i]`, and `firsts[i] + counts[i] <= firsts[i + 1]`. The runs are
  /// moved to lie end to end, in order, and what is left after them dropped.
  ///
  /// For readers whose cores write the rows of their slices straight into
  /// one array, each into room for as many rows as its slice can hold.
  /// - Complexity: O(elements moved): none when every run filled its room.
  @_spi(Internal) public mutating func closeUp(firsts: [Int], counts: [Int]) {
    var end = 0
    withUnsafeMutableBufferPointer { elements in
      for (first, count) in zip(firsts, counts) {
        precondition(first >= end && first + count <= elements.count)
        if first != end, count > 0 {
          (elements.baseAddress! + end).update(from: elements.baseAddress! + first, count: count)
        }
        end += count
      }
    }
    removeLast(count - end)
  }
}

/// The array `array` held, leaving it empty: the caller's is then its only
/// reference, so changing it copies nothing.
@_spi(Internal) public func taken<Element>(_ array: inout [Element]) -> [Element] {
  var taken: [Element] = []
  swap(&taken, &array)
  return taken
}

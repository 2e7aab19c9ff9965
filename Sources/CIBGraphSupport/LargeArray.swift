import Foundation

extension Array where Element: BitwiseCopyable {
  /// An array of `count` copies of `value` whose memory is asked for in
  /// transparent huge pages (2 MiB) when it is large.
  ///
  /// For arrays of millions of entries read in random order (union-find
  /// parents, stamps, counting-sort cursors), most of an access's cost is
  /// translating its address; with huge pages the translations fit the
  /// processor's cache of them. Linux only honours the advice for memory not
  /// yet touched, so it is given before the elements are written.
  /// - Complexity: O(count).
  @_spi(Internal) @inlinable public static func large(repeating value: Element, count: Int)
    -> [Element]
  {
    [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
      adviseHugePages(buffer)
      buffer.initialize(repeating: value)
      initialized = count
    }
  }

  /// ``large(repeating:count:)`` without writing the elements first, for
  /// an array whose every element the caller writes before reading any:
  /// writing millions of zeros that will be overwritten is a pass over
  /// memory for nothing. Its elements are whatever the memory held.
  /// - Complexity: O(1) beyond asking for the memory.
  @_spi(Internal) @inlinable public static func large(uninitializedCount count: Int) -> [Element] {
    [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
      adviseHugePages(buffer)
      initialized = count
    }
  }

  @inlinable static func adviseHugePages(_ buffer: UnsafeMutableBufferPointer<Element>) {
    guard let base = buffer.baseAddress, buffer.count * MemoryLayout<Element>.stride >= 1 << 22
    else { return }
    let huge = 1 << 21
    let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
    let end = (Int(bitPattern: base) + buffer.count * MemoryLayout<Element>.stride) & ~(huge - 1)
    if end > start {
      _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
    }
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
    // Written once in order, and so not asked for in huge pages: those are
    // for arrays read at random, and cost a compaction when first touched.
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

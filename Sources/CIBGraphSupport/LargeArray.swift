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
  @inlinable package static func large(repeating value: Element, count: Int) -> [Element] {
    [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
      if let base = buffer.baseAddress, count * MemoryLayout<Element>.stride >= 1 << 22 {
        let huge = 1 << 21
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + count * MemoryLayout<Element>.stride) & ~(huge - 1)
        if end > start {
          _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
        }
      }
      buffer.initialize(repeating: value)
      initialized = count
    }
  }
}

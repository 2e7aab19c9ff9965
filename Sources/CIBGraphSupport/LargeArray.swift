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

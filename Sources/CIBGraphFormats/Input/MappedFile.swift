import CIBGraphCore
import CIBGraphSupport
import Foundation

/// A regular file mapped read-only into memory, for the fast readers.
///
/// Mapping instead of reading saves a copy of every byte and lets a reader
/// give pages back once it has read them (``release(_:)``): the bytes of a
/// file of hundreds of megabytes then never sit in the process's memory all
/// at once. Released pages stay readable; touching them again reads them
/// back from the page cache.
package final class MappedFile: @unchecked Sendable {
  /// The file's bytes.
  package let bytes: UnsafeBufferPointer<UInt8>
  private let address: UnsafeMutableRawPointer?

  /// Maps an opened input; `nil` unless it is a regular, non-empty file.
  /// The input stays usable: mapping does not move its position.
  /// - Complexity: O(1): pages are read when touched.
  package init?(_ input: InputFile) {
    guard let size = input.regularSize, size > 0 else { return nil }
    guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, input.descriptor, 0),
      mapped != MAP_FAILED
    else { return nil }
    _ = madvise(mapped, size, MADV_SEQUENTIAL)
    address = mapped
    bytes = UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: size)
  }

  /// Gives back the pages wholly inside `range` (byte offsets); they remain readable.
  package func release(_ range: Range<Int>) {
    guard let address else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let start = (range.lowerBound + page - 1) / page * page
    let end = range.upperBound == bytes.count ? bytes.count : range.upperBound / page * page
    guard end > start else { return }
    _ = madvise(address + start, end - start, MADV_DONTNEED)
  }

  deinit {
    if let address { munmap(address, bytes.count) }
  }
}

/// Gives back the pages a reader has passed, in steps of ``step`` bytes, so
/// that a mapped file of hundreds of megabytes never sits in memory whole.
/// Without a `release` (bytes held in an array) it does nothing.
struct PagesBehind {
  /// Pages are given back in steps of this many bytes.
  static let step = 1 << 24

  private let release: ((Range<Int>) -> Void)?
  private var released: Int

  init(from start: Int, release: ((Range<Int>) -> Void)?) {
    self.release = release
    released = start
  }

  /// The reader has read everything before `position`.
  mutating func passed(_ position: Int) {
    guard let release, position - released > Self.step else { return }
    let upTo = position & ~4095
    release(released..<upTo)
    released = upTo
  }

  /// Gives back everything before `end` now (the reader is done with it).
  mutating func giveBack(upTo end: Int) {
    guard end > released else { return }
    release?(released..<end)
    released = end & ~4095  // the page holding `end` is given back next time
  }
}

/// A fixed number of plain values in memory of their own, given back when the
/// buffer goes out of scope: the small working arrays of the fast readers
/// (a record's fields, a batch of identifiers waiting to be looked up).
///
/// An `Array` checks every subscript and may copy on write; these buffers
/// are filled and read millions of times in the readers' inner loops, so
/// they are plain memory. The buffer cannot be copied, so no copy can
/// outlive the memory, and nothing needs to be freed by hand. Elements are
/// not initialised: an element is read only after it was written.
@_spi(Internal) public struct ScratchBuffer<Element: BitwiseCopyable>: ~Copyable {
  /// The first element; for the calls that take the buffer as a pointer.
  public let start: UnsafeMutablePointer<Element>
  /// How many elements the buffer holds.
  public let capacity: Int

  /// Room for `capacity` elements, not initialised.
  @inlinable
  public init(capacity: Int) {
    start = .allocate(capacity: capacity)
    self.capacity = capacity
  }

  /// The element at `index`, which must have been written.
  @inlinable
  public subscript(index: Int) -> Element {
    get { start[index] }
    nonmutating set { start[index] = newValue }
  }

  /// The first `count` elements, all written.
  @inlinable
  public func prefix(_ count: Int) -> UnsafeBufferPointer<Element> {
    UnsafeBufferPointer(start: start, count: count)
  }

  @inlinable
  deinit { start.deallocate() }
}

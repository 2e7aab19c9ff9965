/// Where a kept row's Account is in an audience file, in one word: the fast
/// reader keeps one per row it reads, until the row is kept or left out, and
/// one per Account too long to be carried in its row
/// (``FastAudienceReader/PartitionedAccount``).
///
/// The word holds the Account's offset after the header in its high bits
/// (up to 1 TiB) and its length in the low 12 (4 KiB); an Account that does
/// not fit (``fits(offset:length:)``) is left to the careful reader.
struct AccountReference: BitwiseCopyable {
  private var bits: UInt64

  private static let lengthBits: UInt64 = 12
  private static let offsetBits: UInt64 = 40

  /// Whether an Account at `offset` of `length` bytes can be referred to.
  static func fits(offset: Int, length: Int) -> Bool {
    length < 1 << lengthBits && offset < 1 << offsetBits
  }

  /// The Account at `offset` after the header, of `length` bytes.
  /// - Precondition: ``fits(offset:length:)``.
  init(offset: Int, length: Int) {
    bits = UInt64(offset) << Self.lengthBits | UInt64(length)
  }

  /// Nothing yet: a row left out has no Account.
  static let none = AccountReference(offset: 0, length: 0)

  /// The Account's offset after the header.
  var offset: Int {
    Int(truncatingIfNeeded: (bits >> Self.lengthBits) & (1 << Self.offsetBits - 1))
  }
  /// The Account's length in bytes.
  var length: Int { Int(truncatingIfNeeded: bits & (1 << Self.lengthBits - 1)) }
  /// The Account's bytes in `body`, the file after its header.
  func bytes(in body: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: body.baseAddress! + offset, count: length)
  }
}

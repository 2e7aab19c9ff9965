/// Where a kept row's Account is in an audience file, and which part of
/// the hash space it falls in, in one word: the fast reader keeps one per
/// row of tens of millions, between finding the rows and interning their
/// accounts.
///
/// The word holds the part in its top 12 bits (12 bits of the Account's
/// keyed hash, which choose its partition), the Account's offset after the
/// header in the next 40 (1 TiB) and its length in the low 12 (4 KiB); an
/// Account that does not fit (``fits(offset:length:)``) is left to the
/// careful reader.
struct AccountReference: BitwiseCopyable {
  private var bits: UInt64

  private static let lengthBits: UInt64 = 12
  private static let offsetBits: UInt64 = 40
  /// Bits of the part.
  static let partBits = 12
  private static let partShift = lengthBits + offsetBits

  /// Whether an Account at `offset` of `length` bytes can be referred to.
  static func fits(offset: Int, length: Int) -> Bool {
    length < 1 << lengthBits && offset < 1 << offsetBits
  }

  /// The Account at `offset` after the header, of `length` bytes, not yet given a part.
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
  /// The part (below 2^12): the hash bits that choose its partition.
  var part: Int { Int(truncatingIfNeeded: bits >> Self.partShift) }

  /// The same Account, given part `part` (below 2^12).
  func inPart(_ part: Int) -> AccountReference {
    var copy = self
    copy.bits = bits & (1 << Self.partShift - 1) | UInt64(part) << Self.partShift
    return copy
  }

  /// The Account's bytes in `body`, the file after its header.
  func bytes(in body: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: body.baseAddress! + offset, count: length)
  }
}

@_spi(Internal) import CIBGraphSupport
import Foundation

/// A HyperLogLog distinct-count sketch (Flajolet et al., 2007) over 64-bit
/// hashes: fixed memory (2^precision bytes), mergeable, with a relative
/// standard error of 1.04 / √(2^precision): 0.81 % at the default precision 14.
///
/// Sketches of different files merge into the sketch of their union
/// (``merge(_:)``), so audiences that arrive in pieces, or are too large to
/// hold, can still be counted. Users see the estimates through
/// ``AudienceSketches``; the sketch is public only to the package's SPI,
/// because the audience readers in another module inline ``add(hash:)``
/// into their per-row loop.
@_spi(Internal) public struct HyperLogLog: Sendable, Hashable {
  /// Bits of the hash that choose a register: 2^precision registers.
  @usableFromInline package let precision: Int
  @usableFromInline var registers: [UInt8]

  /// An empty sketch with `2^precision` registers (4 ≤ precision ≤ 18).
  package init(precision: Int = 14) {
    precondition((4...18).contains(precision), "HyperLogLog precision must be 4 to 18")
    self.precision = precision
    registers = [UInt8](repeating: 0, count: 1 << precision)
  }

  /// The relative standard error of an estimate: 1.04 / √m.
  package var standardError: Double { 1.04 / Double(registers.count).squareRoot() }

  /// Adds an element by its 64-bit hash (`ByteInterner.hash(_:)`, the same in every process).
  /// - Complexity: O(1).
  @inlinable
  @_spi(Internal) public mutating func add(hash: UInt64) {
    let index = Int(hash >> UInt64(64 - precision))
    let rest = (hash << UInt64(precision)) | (1 << UInt64(precision - 1))
    let rank = UInt8(rest.leadingZeroBitCount + 1)
    registers.withUnsafeMutableBufferPointer { registers in
      if rank > registers[index] { registers[index] = rank }
    }
  }

  /// Adds an element given as bytes.
  package mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
    add(hash: ByteInterner.hash(bytes))
  }

  /// Adds a string: strings with the same UTF-8 bytes are one element.
  /// - Complexity: O(length of `text`).
  package mutating func add(_ text: String) {
    var copy = text
    copy.withUTF8 { add($0) }
  }

  /// Makes this the sketch of the union of both inputs.
  /// - Precondition: both sketches have the same precision.
  package mutating func merge(_ other: HyperLogLog) {
    precondition(other.precision == precision, "cannot merge sketches of different precision")
    for i in registers.indices where other.registers[i] > registers[i] {
      registers[i] = other.registers[i]
    }
  }

  /// The estimated number of distinct elements added.
  ///
  /// The raw estimate α·m²/Σ2^(−M[j]), with linear counting while it is
  /// below 2.5·m and registers are still empty (the small-range correction
  /// of the original paper); 64-bit hashes need no large-range correction.
  /// - Complexity: O(m).
  package var estimate: Double {
    let m = Double(registers.count)
    var sum = 0.0
    var zeros = 0
    for register in registers {
      sum += 1 / Double(UInt64(1) << UInt64(register))
      if register == 0 { zeros += 1 }
    }
    let alpha = 0.7213 / (1 + 1.079 / m)
    let raw = alpha * m * m / sum
    if raw <= 2.5 * m && zeros > 0 {
      return m * log(m / Double(zeros))
    }
    return raw
  }
}

/// Estimated distinct audiences of one file (or the merge of several), from
/// HyperLogLog sketches (Flajolet et al., 2007) that keep no accounts: a
/// fixed 2^precision bytes per audience kind, whatever the number of rows.
///
/// Read with `AudienceReader.estimate(_:graph:precision:)`:
///
/// ```swift
/// let sketches = try AudienceReader.estimate([.path("audience.csv")], graph: graph)
/// sketches.estimate(.page)    // about how many accounts follow a Page
/// sketches.overallEstimate    // about how many accounts over all kinds
/// sketches.standardError      // 0.0081: the relative standard error of each
/// ```
public struct AudienceSketches: Sendable {
  /// The accounts following or in assets of each audience kind.
  package var perKind: [AssetKind: HyperLogLog]
  /// The accounts over all kinds.
  package var overall: HyperLogLog
  /// What reading found: rows read and left out.
  public package(set) var report: RowReadReport

  package init(
    perKind: [AssetKind: HyperLogLog], overall: HyperLogLog, report: RowReadReport
  ) {
    self.perKind = perKind
    self.overall = overall
    self.report = report
  }

  /// The kinds some row named an asset of, in ``AssetKind`` order: those
  /// ``estimate(_:)`` has a sketch for.
  /// - Complexity: O(k log k) for k kinds.
  public var kinds: [AssetKind] { perKind.keys.sorted() }

  /// The estimated number of distinct accounts following or in at least one
  /// asset of `kind`; 0 for a kind no row named (kinds without audience
  /// lists, such as accounts and organisations, never are).
  /// - Complexity: O(2^precision).
  public func estimate(_ kind: AssetKind) -> Double { perKind[kind]?.estimate ?? 0 }

  /// The estimated number of distinct accounts over all kinds: an account in
  /// the audience of a Page and of a Group counts once.
  /// - Complexity: O(2^precision).
  public var overallEstimate: Double { overall.estimate }

  /// The relative standard error of every estimate, 1.04 / √(2^precision):
  /// 0.81 % at the default precision 14. About 68 % of estimates fall within
  /// one standard error of the true count, and 95 % within two.
  public var standardError: Double { overall.standardError }

  /// Bits of the hash that choose a register: each sketch has 2^precision registers.
  package var precision: Int { overall.precision }

  /// Merges the sketches of another file: the estimate becomes that of the union.
  /// - Precondition: both were read with the same precision.
  /// - Complexity: O(2^precision) per kind.
  package mutating func merge(_ other: AudienceSketches) {
    for (kind, sketch) in other.perKind {
      perKind[kind, default: HyperLogLog(precision: sketch.precision)].merge(sketch)
    }
    overall.merge(other.overall)
    report.add(other.report)
  }
}

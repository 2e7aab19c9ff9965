@_spi(Internal) import CIBGraphSupport
import Foundation

/// A HyperLogLog distinct-count sketch (Flajolet et al., 2007) over 64-bit
/// hashes: fixed memory (2^precision bytes), mergeable, with a relative
/// standard error of 1.04 / √(2^precision): 0.81 % at the default precision 14.
///
/// Sketches of different files merge into the sketch of their union
/// (``merge(_:)``), so audiences that arrive in pieces, or are too large to
/// hold, can still be counted.
public struct HyperLogLog: Sendable, Hashable, Codable {
  /// Bits of the hash that choose a register: 2^precision registers.
  public let precision: Int
  @usableFromInline var registers: [UInt8]

  /// An empty sketch with `2^precision` registers (4 ≤ precision ≤ 18).
  public init(precision: Int = 14) {
    precondition((4...18).contains(precision), "HyperLogLog precision must be 4 to 18")
    self.precision = precision
    registers = [UInt8](repeating: 0, count: 1 << precision)
  }

  /// The relative standard error of an estimate: 1.04 / √m.
  public var standardError: Double { 1.04 / Double(registers.count).squareRoot() }

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
  public mutating func add(_ text: String) {
    var copy = text
    copy.withUTF8 { add($0) }
  }

  /// Makes this the sketch of the union of both inputs.
  /// - Precondition: both sketches have the same precision.
  public mutating func merge(_ other: HyperLogLog) {
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
  public var estimate: Double {
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

/// Estimated distinct audiences of one file (or the merge of several).
public struct AudienceSketches: Sendable {
  /// The accounts following or in assets of each audience kind.
  public package(set) var perKind: [AssetKind: HyperLogLog]
  /// The accounts over all kinds.
  public package(set) var overall: HyperLogLog
  /// What reading found: rows read and left out.
  public package(set) var report: RowReadReport

  package init(
    perKind: [AssetKind: HyperLogLog], overall: HyperLogLog, report: RowReadReport
  ) {
    self.perKind = perKind
    self.overall = overall
    self.report = report
  }

  /// Merges the sketches of another file: the estimate becomes that of the union.
  public mutating func merge(_ other: AudienceSketches) {
    for (kind, sketch) in other.perKind {
      perKind[kind, default: HyperLogLog(precision: sketch.precision)].merge(sketch)
    }
    overall.merge(other.overall)
    report.add(other.report)
  }
}

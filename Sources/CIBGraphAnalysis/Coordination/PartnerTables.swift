import CIBGraphCore
import CIBGraphSupport

/// The accounts each account has been paired with on the current object: one
/// small open-addressing table per account, all in one pool.
///
/// The sweep asks "has `a` met `b` here?" for every account `b` in the window
/// when `a` enters it; all those questions fall in `a`'s own table, a few
/// contiguous kilobytes at most, so they stay in cache even when the object
/// has millions of pairs and its accounts meet again window after window.
/// Slots are found by multiply-shift hashing with a multiplier drawn per
/// process, so no file can choose ids that collide.
struct PartnerTables {
  /// Every account's table, one after another; a grown table moves to the end.
  private var pool: [UInt32] = []
  /// Per account: where its table starts in `pool`, its size as a power of
  /// two (0: no table yet) and how many partners it holds.
  private var start: [Int]
  private var bits: [UInt8]
  private var count: [UInt32]
  private let multiplier = UInt32.random(in: 0...UInt32.max) | 1

  private static let empty = UInt32.max
  /// A pool larger than this is given back after its object rather than kept
  /// for the next (32 MiB of slots).
  private static let retainedSlots = 1 << 23

  init(accountCount: Int) {
    start = [Int](repeating: 0, count: accountCount)
    bits = [UInt8](repeating: 0, count: accountCount)
    count = [UInt32](repeating: 0, count: accountCount)
  }

  /// Forgets every table, for the next object.
  /// - Complexity: O(1), accounts' tables are emptied by ``begin(_:)``.
  mutating func reset() {
    if pool.capacity > Self.retainedSlots {
      pool = []
    } else {
      pool.removeAll(keepingCapacity: true)
    }
  }

  /// Starts `account` with no partner (its first action on the object).
  mutating func begin(_ account: Int) {
    bits[account] = 0
    count[account] = 0
  }

  /// Whether `account` has `partner` in its table.
  /// - Complexity: O(1) expected.
  func contains(_ account: Int, _ partner: UInt32) -> Bool {
    let size = bits[account]
    guard size > 0 else { return false }
    let base = start[account]
    let mask = (1 << Int(size)) - 1
    var slot = Int((partner &* multiplier) >> (32 - UInt32(size)))
    while true {
      let held = pool[base + slot]
      if held == partner { return true }
      if held == Self.empty { return false }
      slot = (slot + 1) & mask
    }
  }

  /// Adds `partner`, which `account` does not have yet.
  /// - Complexity: O(1) amortized: a table twice as large is made when one
  ///   would pass three quarters full.
  mutating func insert(_ account: Int, _ partner: UInt32) {
    if (Int(count[account]) + 1) * 4 > (bits[account] == 0 ? 0 : 3 << Int(bits[account])) {
      grow(account)
    }
    place(account, partner)
    count[account] += 1
  }

  private mutating func place(_ account: Int, _ partner: UInt32) {
    let size = bits[account]
    let base = start[account]
    let mask = (1 << Int(size)) - 1
    var slot = Int((partner &* multiplier) >> (32 - UInt32(size)))
    while pool[base + slot] != Self.empty { slot = (slot + 1) & mask }
    pool[base + slot] = partner
  }

  private mutating func grow(_ account: Int) {
    let oldBits = bits[account]
    let oldStart = start[account]
    let newBits = max(oldBits + 1, 2)
    start[account] = pool.count
    bits[account] = newBits
    pool.append(contentsOf: repeatElement(Self.empty, count: 1 << Int(newBits)))
    guard oldBits > 0 else { return }
    for index in oldStart..<oldStart + (1 << Int(oldBits)) where pool[index] != Self.empty {
      place(account, pool[index])
    }
  }
}

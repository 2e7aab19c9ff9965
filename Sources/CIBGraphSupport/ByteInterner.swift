import CIBGraphShims
import Foundation

/// Gives each distinct byte string a dense id, `0, 1, 2, …` in order of first
/// appearance, without making a `String` of it.
///
/// Identifiers read from large files (millions of assets and audience
/// accounts) are interned straight from the reader's buffer: the bytes are
/// kept end to end, and an open-addressing table finds them again.
/// Swift's `Dictionary<String, Int>` would allocate and hash a `String` per
/// row, and its buckets hold a pointer to each key; this table was written
/// because finding identifiers is most of the cost of reading large inputs
/// (measured with perf: more than half of `components` on a million edges).
///
/// Each slot is 16 bytes: the identifier's first 8 bytes, and its id, length
/// and 22 more bits of its hash. An identifier of up to 8 bytes (`a2227962`,
/// `p430073`), or of up to 19 digits held as a number (`100004567891234`,
/// `a22626199`; see ``Key``), is therefore found with one memory access; a
/// longer one's slot holds its id and where its bytes start, which are read
/// only when its length and hash bits match. The bytes are laid out as a
/// graph's identifier column lays them out (each id's bytes ending where
/// ``ends`` says), so that an index of a column shares its memory
/// (``init(distinct:ends:parts:)``) rather than copying it.
/// The slots live in their own anonymous mapping, asked for in transparent
/// huge pages: on a table of hundreds of megabytes most of a probe's cost is
/// the address translation, not the cache line (measured: 1.9× faster lookups
/// of 20 M identifiers in a 4 M table).
///
/// ``find(_:)`` only reads, so several threads may look identifiers up in one
/// interner at once, as long as none of them interns.
///
/// - Complexity: Interning and ``find(_:)`` are O(length) on average.
@_spi(Internal) public struct ByteInterner: @unchecked Sendable {
  /// Every identifier's bytes, end to end, in order of id.
  @usableFromInline var allBytes: [UInt8] = []
  /// Where each id's bytes end in ``allBytes``; each starts where the one
  /// before it ends, the first at 0.
  @usableFromInline var ends: [UInt64] = []
  @usableFromInline var table: SlotTable
  /// This process's hash key, held here so the hot loops read no global.
  @usableFromInline let hashKey: HashKey

  /// An empty interner with room for about `capacity` ids before growing.
  public init(capacity: Int = 1024) {
    self.init(capacity: capacity, hashKey: .perProcess)
  }

  /// An interner whose hash key is known: for tests of what a known key
  /// would let an adversary do.
  init(capacity: Int, hashKey: HashKey) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    self.init(slotCount: size, capacity: capacity, hashKey: hashKey)
  }

  private init(slotCount: Int, capacity: Int, hashKey: HashKey) {
    self.hashKey = hashKey
    table = SlotTable(slotCount: slotCount)
    ends.reserveCapacity(capacity)
  }

  /// An interner of the byte strings `bytes[ends[i - 1] ..< ends[i]]` (the
  /// first from 0), whose ids are their positions; `nil` when two are equal
  /// or `ends` do not cut `bytes` so (one past its end, or going back).
  ///
  /// For a graph's identifiers, all different and in node order: the arrays
  /// are kept as they are, so an identifier column and its index share
  /// them. The slots are filled on `parts` cores at once, each owning a run
  /// of the table. A part places the identifiers whose first slot is in its
  /// run; one whose probe would leave the run waits, and all that waited
  /// are placed last, on one core, as ``intern(_:)`` would. Two equal
  /// identifiers start from the same slot, so one part meets both, or both
  /// wait and meet at the end. Placing is most of the cost of interning
  /// millions of identifiers (each a wait for memory), which is why it is
  /// shared out.
  /// - Complexity: O(total length), the placing spread over `parts` cores.
  public init?(distinct bytes: [UInt8], ends: [UInt64], parts: Int) {
    self.init(distinct: bytes, ends: ends, parts: parts, hashKey: .perProcess)
  }

  /// ``init(distinct:ends:parts:)`` with a known hash key, for tests.
  init?(distinct bytes: [UInt8], ends: [UInt64], parts: Int, hashKey: HashKey) {
    // No more identifiers are expected, so the table is sized to end at most
    // 3/4 full, as growing would leave it, rather than at most half: the
    // slots for tens of millions of identifiers are most of the memory a
    // graph's index first touches.
    let count = ends.count
    var size = 16
    while size * 3 < count * 4 { size <<= 1 }
    self.init(slotCount: size, capacity: 0, hashKey: hashKey)
    guard (ends.last ?? 0) == UInt64(bytes.count) else { return nil }
    allBytes = bytes
    self.ends = ends
    let parts = max(1, min(parts, table.slotCount))
    let slotCount = table.slotCount
    let waiting = allBytes.withUnsafeBufferPointer { bytes in
      ends.withUnsafeBufferPointer { ends in
        nonisolated(unsafe) let bytes = bytes
        nonisolated(unsafe) let ends = ends
        let table = self.table
        let hashKey = self.hashKey
        return WorkSplit.inParallel(parts) { part in
          Self.place(
            bytes: bytes, ends: ends, table: table, hashKey: hashKey,
            slots: WorkSplit.run(part, of: parts, in: slotCount))
        }
      }
    }
    for list in waiting {
      guard let list else { return nil }
      for id in list {
        let start = start(of: Int(id))
        let key = withBytes(of: id) { Key($0, hashKey) }
        guard case .empty(let slot) = withBytes(of: id, { probe(key, $0) }) else { return nil }
        let (word, meta) = Self.slotWords(id, start: start, key)
        table.store(slot: slot, prefix: word, meta: meta)
      }
    }
  }

  /// The two words of the slot of id `id`, whose bytes start at `start` in
  /// ``allBytes``: the identifier and its id when the slot holds it whole
  /// (``Key/isHeldInSlot``), else its id and where its bytes start.
  @inlinable static func slotWords(_ id: UInt32, start: Int, _ key: Key) -> (UInt64, UInt64) {
    key.isHeldInSlot
      ? (key.prefix, key.meta(reference: Int(id))) : (UInt64(id), key.meta(reference: start))
  }

  /// Where the bytes of id `id` start in ``allBytes``.
  @inlinable func start(of id: Int) -> Int { id == 0 ? 0 : Int(ends[id &- 1]) }

  /// Places, in `table`'s slots `slots`, the ids whose first slot is among
  /// them; returns those whose probe would leave `slots`, or `nil` at an
  /// identifier met twice or `ends` that do not cut `bytes`.
  static func place(
    bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<UInt64>, table: SlotTable,
    hashKey: HashKey, slots: Range<Int>
  ) -> [UInt32]? {
    var waiting: [UInt32] = []
    let words = table.words
    let mask = table.slotCount - 1
    let batch = 16
    var cut = true
    /// Where id `id`'s bytes start; its end is `ends[id]`.
    func start(_ id: Int) -> Int { id == 0 ? 0 : Int(truncatingIfNeeded: ends[id &- 1]) }
    // Two batches' keys: the next batch's slots are asked of memory before
    // this one's are written, so that the waits overlap the work.
    let placed: Bool = withUnsafeTemporaryAllocation(of: Key.self, capacity: 2 * batch) { ahead in
      func prepare(_ first: Int) {
        let keys = ahead.baseAddress! + (first / batch & 1) * batch
        for i in 0..<min(batch, ends.count - first) {
          let from = start(first + i)
          let to = Int(truncatingIfNeeded: ends[first + i])
          guard 0 <= from, from <= to, to <= bytes.count, to - from <= 0xFF_FFFF else {
            cut = false
            keys[i] = Key(UnsafeBufferPointer(rebasing: bytes[0..<0]), hashKey)
            continue
          }
          let key = Key(UnsafeBufferPointer(rebasing: bytes[from..<to]), hashKey)
          keys[i] = key
          let home = key.home(mask)
          if slots.contains(home) { cibgraph_prefetch(words + 2 &* home) }
        }
      }
      var first = 0
      if !ends.isEmpty { prepare(0) }
      while first < ends.count {
        let size = min(batch, ends.count - first)
        if first + size < ends.count { prepare(first + size) }
        guard cut else { return false }
        let keys = ahead.baseAddress! + (first / batch & 1) * batch
        for i in 0..<size {
          let key = keys[i]
          var slot = key.home(mask)
          guard slots.contains(slot) else { continue }
          let id = first + i
          let from = start(id)
          let (wanted, matchMask) = key.wanted
          while true {
            let meta = words[2 &* slot &+ 1]
            if meta == 0 {
              let (word, meta) = slotWords(UInt32(id), start: from, key)
              table.store(slot: slot, prefix: word, meta: meta)
              break
            }
            if meta & matchMask == wanted {
              let word = words[2 &* slot]
              if key.isHeldInSlot {
                if word == key.prefix { return false }
              } else {
                let other = Int(truncatingIfNeeded: word)
                let otherFrom = Int(truncatingIfNeeded: meta & 0xFF_FFFF_FFFF) &- 1
                if Int(truncatingIfNeeded: ends[other]) &- otherFrom == key.length,
                  memcmp(bytes.baseAddress! + otherFrom, bytes.baseAddress! + from, key.length)
                    == 0
                {
                  return false
                }
              }
            }
            slot += 1
            if slot == slots.upperBound {
              waiting.append(UInt32(id))
              break
            }
          }
        }
        first += size
      }
      return cut
    }
    return placed ? waiting : nil
  }

  /// Number of distinct byte strings interned.
  @inlinable public var count: Int { ends.count }

  /// The id of `bytes`, adding it if new.
  /// - Returns: The id, and whether it was new.
  @inlinable
  public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: UInt32, inserted: Bool) {
    precondition(bytes.count <= 0xFF_FFFF, "an interned identifier is at most 16 MiB")
    return intern(bytes, key: Key(bytes, hashKey))
  }

  /// Interns `bytes` if they belong in shard `shard` of `count` (see
  /// ``shard(of:among:)``), hashing them once for both.
  /// - Returns: The id, or `nil` when the bytes belong in another shard.
  @inlinable
  public mutating func intern(
    _ bytes: UnsafeBufferPointer<UInt8>, ifInShard shard: Int, of count: Int
  ) -> UInt32? {
    precondition(bytes.count <= 0xFF_FFFF, "an interned identifier is at most 16 MiB")
    let key = Key(bytes, hashKey)
    guard key.shard(among: count) == shard else { return nil }
    return intern(bytes, key: key).id
  }

  @inlinable
  mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, key: Key) -> (
    id: UInt32, inserted: Bool
  ) {
    switch probe(key, bytes) {
    case .found(let id): return (id, false)
    case .empty(let slot):
      if !isKnownUniquelyReferenced(&table) { table = table.copy() }
      let id = ends.count
      let start = allBytes.count
      allBytes.append(contentsOf: bytes)
      ends.append(UInt64(allBytes.count))
      let (word, meta) = Self.slotWords(UInt32(id), start: start, key)
      table.store(slot: slot, prefix: word, meta: meta)
      if ends.count * 4 > table.slotCount * 3 { grow() }
      return (UInt32(id), true)
    }
  }

  /// The id of `bytes` if it was interned, else `nil`.
  @inlinable
  public func find(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
    guard bytes.count <= 0xFF_FFFF else { return nil }
    if case .found(let id) = probe(Key(bytes, hashKey), bytes) { return id }
    return nil
  }

  /// Finds several identifiers at once: their slots are asked of memory
  /// together before any is probed, so that the waits for memory overlap
  /// instead of following one another (a probe of a large table is mostly
  /// that wait). Writes each one's id, or `UInt32.max` when absent, to `ids`.
  /// - Complexity: O(total length) on average.
  @inlinable
  public func find(
    batch: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>, into ids: UnsafeMutablePointer<UInt32>
  ) {
    Self.withPrefetchedKeys(batch, in: (table.words, table.slotCount), hashKey) { keys in
      find(batch: batch, keys: UnsafeBufferPointer(keys), into: ids)
    }
  }

  /// Hashes `bytes` for a later ``find(batch:keys:into:)`` and asks memory
  /// for its slot now. A reader that calls this as it reads each row, and
  /// finds a batch of rows after reading the next batch, has each wait for
  /// memory overlap the reading; ``find(batch:into:)`` asks for a batch's
  /// slots just before probing them, so its first probes still wait.
  /// - Complexity: O(length).
  @inlinable
  public func key(prefetching bytes: UnsafeBufferPointer<UInt8>) -> Key {
    precondition(bytes.count <= 0xFF_FFFF, "an interned identifier is at most 16 MiB")
    let key = Key(bytes, hashKey)
    cibgraph_prefetch(
      table.words + 2 &* key.home(table.slotCount - 1))
    return key
  }

  /// Finds identifiers whose keys ``key(prefetching:)`` made (`keys[i]` of
  /// `batch[i]`); writes each one's id, or `UInt32.max` when absent, to `ids`.
  /// - Complexity: O(total length) on average.
  @inlinable
  public func find(
    batch: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>, keys: UnsafeBufferPointer<Key>,
    into ids: UnsafeMutablePointer<UInt32>
  ) {
    prefetchRecords(keys)
    for i in batch.indices {
      if case .found(let id) = probe(keys[i], batch[i]) { ids[i] = id } else { ids[i] = .max }
    }
  }

  /// Interns several identifiers at once, prefetching their slots (see
  /// ``find(batch:into:)``), in order.
  /// - Returns: Whether every one of them was new.
  @inlinable
  public mutating func internAllNew(_ batch: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>)
    -> Bool
  {
    var allNew = true
    Self.withPrefetchedKeys(batch, in: (table.words, table.slotCount), hashKey) { keys in
      prefetchRecords(UnsafeBufferPointer(keys))
      for i in batch.indices where !intern(batch[i], key: keys[i]).inserted { allNew = false }
    }
    return allNew
  }

  /// Interns those of several identifiers that belong in shard `shard` of
  /// `count` (see ``shard(of:among:)``), prefetching their slots; writes
  /// their ids to `ids`, and `UInt32.max` for the others.
  @inlinable
  public mutating func intern(
    batch: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>, ifInShard shard: Int, of count: Int,
    into ids: UnsafeMutablePointer<UInt32>
  ) {
    Self.withPrefetchedKeys(
      batch, in: (table.words, table.slotCount), hashKey, shard: shard, of: count
    ) {
      keys in
      prefetchRecords(UnsafeBufferPointer(keys), shard: shard, of: count)
      for i in batch.indices {
        ids[i] =
          keys[i].shard(among: count) == shard ? intern(batch[i], key: keys[i]).id : .max
      }
    }
  }

  /// Interns identifiers whose keys ``key(prefetching:)`` made (`keys[i]`
  /// of `batch[i]`), in order, and writes their ids to `ids`. The table may
  /// have grown since the keys were made: a key holds the whole hash, and
  /// only its prefetch was for the smaller table.
  /// - Complexity: O(total length) amortized.
  @inlinable
  public mutating func intern(
    batch: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>, keys: UnsafeBufferPointer<Key>,
    into ids: UnsafeMutablePointer<UInt32>
  ) {
    prefetchRecords(keys)
    for i in batch.indices { ids[i] = intern(batch[i], key: keys[i]).id }
  }

  /// Interns every identifier of `other`, in the order of its ids, a batch
  /// at a time with their slots prefetched (see ``find(batch:into:)``);
  /// writes the id each one gets here to `ids[0..<other.count]`. Joining
  /// tables built on several cores this way keeps the first appearance's
  /// order, and a hit no longer waits for memory alone.
  ///
  /// With `parts` above 1, every identifier is first looked up here on that
  /// many cores at once (slices of one file share most of theirs), and only
  /// those not found are then interned, in order, on one core: the ids are
  /// the same either way.
  /// - Complexity: O(total length of `other`'s identifiers) on average.
  public mutating func intern(
    allOf other: ByteInterner, into ids: UnsafeMutablePointer<UInt32>, parts: Int = 1
  ) {
    guard parts > 1, other.count > 1 else { return internInOrder(allOf: other, into: ids) }
    do {
      // A copy for the cores to read, gone before this one changes: held
      // while interning, it would make the first insertion copy the table.
      let reader = self
      nonisolated(unsafe) let ids = ids
      WorkSplit.inParallel(parts) { part in
        let run = WorkSplit.run(part, of: parts, in: other.count)
        other.withBatches(of: run) { first, batch in reader.find(batch: batch, into: ids + first) }
      }
    }
    for id in 0..<other.count where ids[id] == .max {
      ids[id] = other.withBytes(of: UInt32(id)) { intern($0).id }
    }
  }

  /// Calls `body` with each batch of up to 16 of the identifiers of `ids`,
  /// in order, and the first id of the batch.
  func withBatches(
    of ids: Range<Int>, _ body: (Int, UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>) -> Void
  ) {
    let batchSize = 16
    allBytes.withUnsafeBufferPointer { bytes in
      ends.withUnsafeBufferPointer { ends in
        withUnsafeTemporaryAllocation(of: UnsafeBufferPointer<UInt8>.self, capacity: batchSize) {
          batch in
          var first = ids.lowerBound
          while first < ids.upperBound {
            let count = min(batchSize, ids.upperBound - first)
            for k in 0..<count {
              let id = first + k
              let start = id == 0 ? 0 : Int(ends[id - 1])
              batch.initializeElement(
                at: k, to: UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[id])]))
            }
            body(first, UnsafeBufferPointer(rebasing: batch[..<count]))
            first += count
          }
        }
      }
    }
  }

  /// ``intern(allOf:into:parts:)`` on one core, a batch at a time.
  private mutating func internInOrder(
    allOf other: ByteInterner, into ids: UnsafeMutablePointer<UInt32>
  ) {
    other.withBatches(of: 0..<other.count) { first, batch in
      intern(batch: batch, ifInShard: 0, of: 1, into: ids + first)
    }
  }

  /// The keys of a batch, their first slots already asked of memory.
  /// Static, and given the slots rather than the table, so that `body` may
  /// change the interner while it runs (a reference held here would make
  /// every insertion copy the table).
  @inlinable
  static func withPrefetchedKeys<R>(
    _ batch: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>,
    in table: (words: UnsafeMutablePointer<UInt64>, slotCount: Int), _ hashKey: HashKey,
    shard: Int = 0, of count: Int = 1, _ body: (UnsafeMutableBufferPointer<Key>) -> R
  ) -> R {
    withUnsafeTemporaryAllocation(of: Key.self, capacity: batch.count) { keys in
      let mask = table.slotCount - 1
      for i in batch.indices {
        precondition(batch[i].count <= 0xFF_FFFF, "an interned identifier is at most 16 MiB")
        let key = Key(batch[i], hashKey)
        keys.initializeElement(at: i, to: key)
        if count == 1 || key.shard(among: count) == shard {
          cibgraph_prefetch(table.words + 2 &* key.home(mask))
        }
      }
      return body(keys)
    }
  }

  /// The second wait of a batch's lookups, overlapped as the first is: for
  /// each longer identifier (over 8 bytes) whose first slot, already asked
  /// of memory, holds a record that may be it, asks for that record, which
  /// the probe reads to confirm the match. Without it every hit on a long
  /// identifier (a URL) in a large table waits twice in turn.
  /// - Complexity: O(batch), no probing beyond the first slot.
  @inlinable
  func prefetchRecords(_ keys: UnsafeBufferPointer<Key>, shard: Int = 0, of count: Int = 1) {
    // Most identifiers are short: then the bytes are not touched at all (taking
    // them retains them, and the cores looking up at once would contend
    // for their reference count).
    guard keys.contains(where: { !$0.isHeldInSlot }) else { return }
    let mask = table.slotCount - 1
    let words = table.words
    allBytes.withUnsafeBytes { bytes in
      guard let base = bytes.baseAddress else { return }
      for key in keys where !key.isHeldInSlot && (count == 1 || key.shard(among: count) == shard) {
        // The home line's slots, all in the line already asked for.
        let home = key.home(mask)
        let (wanted, matchMask) = key.wanted
        // A table has at least 16 slots, so the line is whole.
        for slot in home..<home &+ Key.slotsPerLine {
          let meta = words[2 &* slot &+ 1]
          if meta == 0 { break }
          if meta & matchMask == wanted {
            cibgraph_prefetch(base + (Int(truncatingIfNeeded: meta & 0xFF_FFFF_FFFF) &- 1))
            break
          }
        }
      }
    }
  }

  /// Which of `count` (at most 256) interners `bytes` belongs in, for
  /// interning on several threads: each interns the identifiers of its own
  /// share. Uses hash bits that place no slot and are no fingerprint.
  public static func shard(of bytes: UnsafeBufferPointer<UInt8>, among count: Int) -> Int {
    Key(bytes, .perProcess).shard(among: count)
  }

  /// Interns a `String`'s UTF-8 bytes.
  @discardableResult
  public mutating func intern(_ text: String) -> UInt32 {
    var copy = text
    return copy.withUTF8 { intern($0).id }
  }

  /// The bytes of an id, as a `String` (invalid UTF-8 repaired).
  @inlinable
  public func string(_ id: UInt32) -> String {
    withBytes(of: id) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the bytes of an id, without making a `String`.
  @inlinable
  public func withBytes<R>(of id: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let start = start(of: Int(id))
    return allBytes.withUnsafeBufferPointer {
      body(UnsafeBufferPointer(rebasing: $0[start..<Int(ends[Int(id)])]))
    }
  }

  @usableFromInline enum Probe {
    case found(UInt32)
    case empty(slot: Int)
  }

  @inlinable @inline(__always)
  func probe(_ key: Key, _ bytes: UnsafeBufferPointer<UInt8>) -> Probe {
    let mask = table.slotCount - 1
    var slot = key.home(mask)
    let words = table.words
    let (wanted, matchMask) = key.wanted
    while true {
      let meta = words[2 &* slot &+ 1]
      if meta == 0 { return .empty(slot: slot) }
      if meta & matchMask == wanted {
        let word = words[2 &* slot]
        if key.isHeldInSlot {
          if word == key.prefix {
            return .found(UInt32(truncatingIfNeeded: meta & 0xFFFF_FFFF) &- 1)
          }
        } else if longMatch(id: word, start: Int(meta & 0xFF_FFFF_FFFF) &- 1, bytes) {
          return .found(UInt32(truncatingIfNeeded: word))
        }
      }
      slot = (slot &+ 1) & mask
    }
  }

  /// Whether the longer identifier of id `id`, whose bytes start at
  /// `start`, is `bytes`; their lengths are known to agree up to 255 (the
  /// slot holds them so), so only longer ones read where the id ends.
  @inlinable
  func longMatch(id: UInt64, start: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    if bytes.count >= 255, Int(ends[Int(truncatingIfNeeded: id)]) &- start != bytes.count {
      return false
    }
    return allBytes.withUnsafeBytes { all in
      memcmp(all.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0
    }
  }

  /// Doubles the table; hashes are recomputed from the bytes (keeping them
  /// would cost 8 bytes a slot).
  ///
  /// The ids are placed a batch at a time, each batch's slots asked of
  /// memory before any is written, as lookups are: a table that grows to
  /// millions of slots is rebuilt several times while a file is read, and
  /// one slot after another, each placement waited for memory alone.
  /// - Complexity: O(total length of the identifiers).
  @usableFromInline mutating func grow() {
    let bigger = SlotTable(slotCount: table.slotCount * 2)
    let mask = bigger.slotCount - 1
    let words = bigger.words
    withBatches(of: 0..<count) { first, batch in
      Self.withPrefetchedKeys(batch, in: (words, bigger.slotCount), hashKey) { keys in
        for i in batch.indices {
          let key = keys[i]
          var slot = key.home(mask)
          while words[2 &* slot &+ 1] != 0 { slot = (slot &+ 1) & mask }
          let (word, meta) = Self.slotWords(
            UInt32(first + i), start: start(of: first + i), key)
          bigger.store(slot: slot, prefix: word, meta: meta)
        }
      }
    }
    table = bigger
  }

  /// An identifier's first 8 bytes, length and hash, computed in one pass:
  /// hashed for one table's lookups (``key(prefetching:)``).
  ///
  /// An identifier of up to 8 bytes is its slot's first word. So is a
  /// longer one of 9 to 19 decimal digits, as its value, or of one ASCII
  /// byte that is not a digit followed by 8 to 17 digits, as the byte times
  /// 10^17 plus the digits' value (``packedDigits(_:)``): with the length
  /// and which of the two it is, the word is the identifier, so that it too
  /// is found with one memory access. Platforms number their accounts and
  /// Pages in 15 to 19 digits, and reading the bytes of each meant a
  /// second wait on every lookup of a large table.
  public struct Key: BitwiseCopyable {
    @usableFromInline var prefix: UInt64
    @usableFromInline var hash: UInt64
    @usableFromInline var length: Int
    /// How the slot's first word holds the identifier (see ``Form``).
    @usableFromInline var form: Form

    /// How an identifier is held in its slot.
    @usableFromInline enum Form: UInt8, BitwiseCopyable {
      /// Its bytes (up to 8).
      case bytes
      /// The value of its 9 to 19 decimal digits.
      case digits
      /// Its first byte (ASCII, not a digit) times 10^17, plus the value of
      /// the 8 to 17 digits after it.
      case letterAndDigits
      /// Its first 8 bytes; the slot holds its id and where its bytes are.
      case record
    }

    @inlinable @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>, _ hashKey: HashKey) {
      length = bytes.count
      if length <= 8 {
        let word = HashKey.word(bytes)
        prefix = word
        form = .bytes
        hash = hashKey.short(word, length: length)
      } else if let (value, form) = Self.packedDigits(bytes) {
        prefix = value
        self.form = form
        // The form is in the hashed length, so the two forms of one value hash apart.
        hash = hashKey.short(value, length: length | Int(form.rawValue) << 8)
      } else {
        prefix = UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(as: UInt64.self)
        form = .record
        hash = hashKey.long(bytes)
      }
    }

    /// Whether the slot holds the whole identifier, and its id.
    @inlinable var isHeldInSlot: Bool { form != .record }

    /// The word of an identifier of 9 to 19 bytes that are all decimal
    /// digits, or one ASCII byte that is not a digit and then digits (at
    /// most 17), and which of the two it is; `nil` for any other. For one
    /// length and form, different identifiers give different words: 19
    /// digits are below 10^19 < 2^64, and a byte below 128 times 10^17 plus
    /// 17 digits is below 1.28 · 10^19.
    /// - Complexity: O(length).
    @inlinable @inline(__always)
    static func packedDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, Form)? {
      let count = bytes.count
      guard count >= 9, count <= 19 else { return nil }
      let first = bytes[0]
      let lead = first &- UInt8(ascii: "0") < 10
      guard lead || (first < 0x80 && count <= 18) else { return nil }
      var value: UInt64 = lead ? UInt64(first &- UInt8(ascii: "0")) : 0
      for index in 1..<count {
        let digit = bytes[index] &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        value = value &* 10 &+ UInt64(digit)
      }
      return lead
        ? (value, .digits) : (UInt64(first) &* 100_000_000_000_000_000 &+ value, .letterAndDigits)
    }

    @inlinable func shard(among count: Int) -> Int { Int((hash >> 32) & 0xFF) % count }

    /// Slots of a cache line (16 bytes each in 64). Computed, not stored: a
    /// stored static would be a global read on every probe.
    @inlinable static var slotsPerLine: Int { 4 }

    /// Where a probe for this key starts in a table of `mask + 1` slots:
    /// the first slot of a line, so that a probe that goes on past its
    /// first slot, as about a third of those in a table half full do, stays
    /// in the line that was asked of memory rather than waiting for the next.
    @inlinable @inline(__always) func home(_ mask: Int) -> Int {
      Int(truncatingIfNeeded: hash) & mask & ~(Self.slotsPerLine &- 1)
    }

    /// The slot's second word, in one of two forms (0 marks an empty slot):
    /// - held in the slot (``isHeldInSlot``): 22 hash bits (not those that
    ///   place the slot), whether it is ``Form/letterAndDigits``, the length,
    ///   and `id + 1`;
    /// - longer, the top bit, 15 hash bits, the length up to 255, and 1 +
    ///   where its bytes start in ``ByteInterner/allBytes`` (the slot's first
    ///   word holds its id), so that confirming a match reads one place.
    @inlinable func meta(reference: Int) -> UInt64 {
      wanted.value | UInt64(reference &+ 1)
    }

    /// What a slot's second word must hold in the bits of `mask` to match.
    @inlinable var wanted: (value: UInt64, mask: UInt64) {
      if isHeldInSlot {
        let lettered: UInt64 = form == .letterAndDigits ? 1 : 0
        return (
          (hash >> 42) << 41 | lettered << 40 | UInt64(length) << 32,
          0x7FFF_FFFF_0000_0000 | 1 << 63
        )
      }
      return (1 << 63 | (hash >> 49) << 48 | UInt64(min(length, 255)) << 40, 0xFFFF_FF00_0000_0000)
    }
  }

  /// A 64-bit hash of bytes that is the same in every process, for
  /// HyperLogLog sketches (whose estimates should not change from run to
  /// run); tables that input fills use a key drawn per process instead.
  public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    HashKey.fixed.hash(bytes)
  }
}

/// The interner's slots: two 64-bit words each, zero when empty, in an
/// anonymous mapping (zeroed by the kernel as pages are first touched, so a
/// large table costs nothing until used) advised into transparent huge pages.
@usableFromInline final class SlotTable: @unchecked Sendable {
  @usableFromInline let slotCount: Int
  @usableFromInline let words: UnsafeMutablePointer<UInt64>
  private let byteCount: Int
  private let mapped: Bool

  @usableFromInline init(slotCount: Int) {
    self.slotCount = slotCount
    byteCount = slotCount * 16
    if byteCount >= 1 << 21,
      let address = mmap(
        nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
      address != MAP_FAILED
    {
      _ = madvise(address, byteCount, MADV_HUGEPAGE)
      words = address.bindMemory(to: UInt64.self, capacity: slotCount * 2)
      mapped = true
    } else {
      // Aligned to a line, as probes assume (``ByteInterner/Key/home(_:)``).
      words = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 64)
        .bindMemory(to: UInt64.self, capacity: slotCount * 2)
      words.initialize(repeating: 0, count: slotCount * 2)
      mapped = false
    }
  }

  @inlinable func store(slot: Int, prefix: UInt64, meta: UInt64) {
    words[2 * slot] = prefix
    words[2 * slot + 1] = meta
  }

  /// A table with the same slots, for copy-on-write.
  @usableFromInline func copy() -> SlotTable {
    let other = SlotTable(slotCount: slotCount)
    other.words.update(from: words, count: slotCount * 2)
    return other
  }

  deinit {
    if mapped {
      munmap(words, byteCount)
    } else {
      UnsafeMutableRawPointer(words).deallocate()
    }
  }
}

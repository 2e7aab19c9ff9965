/// Who follows or belongs to each asset: for every node of an
/// ``AssetGraph``, the sorted, de-duplicated dense ids of its audience
/// accounts, in compressed (CSR) form.
///
/// Read with ``AudienceReader`` from an audience CSV (`Asset,Account`).
public struct AudienceLists: Sendable {
  /// Nodes of the graph the lists belong to.
  public let assetCount: Int
  /// Distinct audience accounts read.
  public let accountCount: Int
  /// `accounts[offsets[v] ..< offsets[v + 1]]` is node `v`'s audience, ascending.
  let offsets: [Int]
  let accounts: [UInt32]
  /// What reading found: rows read, used, duplicated and skipped.
  public let report: AudienceReadReport

  init(
    assetCount: Int, accountCount: Int, offsets: [Int], accounts: [UInt32],
    report: AudienceReadReport
  ) {
    self.assetCount = assetCount
    self.accountCount = accountCount
    self.offsets = offsets
    self.accounts = accounts
    self.report = report
  }

  /// The audience of `node`: distinct account ids, ascending.
  /// - Complexity: O(1).
  public func audience(of node: NodeIndex) -> ArraySlice<UInt32> {
    accounts[offsets[Int(node)]..<offsets[Int(node) + 1]]
  }

  /// The number of distinct accounts in `node`'s audience.
  public func size(of node: NodeIndex) -> Int { offsets[Int(node) + 1] - offsets[Int(node)] }

  /// Follow or membership pairs kept, duplicates removed.
  public var pairCount: Int { accounts.count }

  /// Builds lists from (asset node, account id) pairs, removing duplicates.
  /// - Complexity: O(p + n) counting sort by asset, then O(d log d) per
  ///   asset of d pairs.
  static func build(
    assetCount: Int, accountCount: Int, assets pairAssets: [UInt32],
    accounts pairAccounts: [UInt32],
    report: inout AudienceReadReport
  ) -> AudienceLists {
    var offsets = [Int](repeating: 0, count: assetCount + 1)
    for asset in pairAssets { offsets[Int(asset) + 1] += 1 }
    for v in 0..<assetCount { offsets[v + 1] += offsets[v] }
    var cursor = offsets
    var sorted = [UInt32](repeating: 0, count: pairAccounts.count)
    for (asset, account) in zip(pairAssets, pairAccounts) {
      sorted[cursor[Int(asset)]] = account
      cursor[Int(asset)] += 1
    }
    // Sort each asset's slice and squeeze out duplicates, compacting in place.
    var write = 0
    var compactOffsets = [Int](repeating: 0, count: assetCount + 1)
    sorted.withUnsafeMutableBufferPointer { buffer in
      for v in 0..<assetCount {
        let start = offsets[v]
        let end = offsets[v + 1]
        compactOffsets[v] = write
        guard start < end else { continue }
        buffer[start..<end].sort()
        var previous: UInt32? = nil
        for i in start..<end where buffer[i] != previous {
          buffer[write] = buffer[i]
          previous = buffer[i]
          write += 1
        }
      }
    }
    compactOffsets[assetCount] = write
    report.duplicates = pairAccounts.count - write
    sorted.removeLast(sorted.count - write)
    return AudienceLists(
      assetCount: assetCount, accountCount: accountCount, offsets: compactOffsets, accounts: sorted,
      report: report)
  }
}

/// What reading an audience file found.
public struct AudienceReadReport: Sendable, Hashable {
  /// Why a row was left out.
  public enum Skip: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The Asset is not an Id of the nodes file.
    case unknownAsset
    /// The Asset is an account or organisation, which have no audience lists here.
    case notAnAudienceAsset
    /// The Asset field is empty.
    case emptyAsset
    /// The Account field is empty.
    case emptyAccount
    /// The row has fewer fields than the header needs.
    case missingFields

    public static func < (lhs: Skip, rhs: Skip) -> Bool {
      allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Words for people.
    public var explanation: String {
      switch self {
      case .unknownAsset: "the Asset is not in the nodes"
      case .notAnAudienceAsset: "the Asset is not a Page, Group or Instagram account"
      case .emptyAsset: "the Asset is empty"
      case .emptyAccount: "the Account is empty"
      case .missingFields: "the row has too few fields"
      }
    }
  }

  public var file: String
  /// Data rows read (the header and blank lines not counted).
  public var rows = 0
  /// Rows that repeat an (Asset, Account) pair already read: counted once.
  public var duplicates = 0
  /// Rows left out, by reason.
  public var skipped: [Skip: Int] = [:]
  /// The first problems, located, for messages.
  public var examples: [Finding] = []

  public init(file: String) { self.file = file }

  /// Rows left out, all reasons together.
  public var skippedTotal: Int { skipped.values.reduce(0, +) }
  /// Rows that went into the lists (duplicates included, counted once there).
  public var used: Int { rows - skippedTotal }
}

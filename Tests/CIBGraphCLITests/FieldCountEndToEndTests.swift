import CIBGraphTestSupport
import Foundation
import Testing

/// A row of twenty million fields, in each kind of CSV the tool reads, is one
/// bad row: reported or counted, and read within a 1 GB address space (the
/// readers kept every field of a row: 1.6 GB to 2.8 GB for these files).
@Suite struct FieldCountEndToEndTests {
  static let fields = 20_000_000
  /// The address space each run may use, in KiB (`ulimit -v`).
  static let addressSpace = 1 << 20

  /// `prefix`, then a row of `first` followed by ``fields`` fields (`,a` each), then `suffix`.
  func wideFile(_ name: String, _ prefix: String, _ first: String, _ suffix: String) throws
    -> String
  {
    var data = Data((prefix + first).utf8)
    data.append(Data(repeating: UInt8(ascii: ","), count: Self.fields))
    data.append(Data(suffix.utf8))
    return try temporaryFile(name, data)
  }

  /// Runs `cibgraph` in an address space of ``addressSpace`` KiB, through
  /// `sh` for its `ulimit`; standard error is small here, so it is read
  /// after standard output.
  func limitedRun(_ arguments: [String]) throws -> CLIResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments =
      ["-c", "ulimit -v \(Self.addressSpace) && exec \"$0\" \"$@\"", cibgraphExecutable.path]
      + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: outData)
  }

  @Test func aWideSpreadsheetRowIsOneBadRow() throws {
    let nodes = try wideFile("nodes.csv", "Id,Kind\np1,page\n", "p2,page", "\np3,page\n")
    let result = try limitedRun(["components", "--nodes", nodes])
    #expect(result.status == 65, "\(result.stderr)")
    #expect(
      result.stderr.contains("\(nodes):3:9: error: row has 20,000,002 field(s); the header has 2"))
    #expect(result.stdout.isEmpty)
  }

  @Test func aWideAudienceRowIsRefusedOrCountedAndLeftOut() throws {
    let nodes = try temporaryFile("nodes.csv", "Id,Kind\np1,page\n")
    let audience = try wideFile("audience.csv", "Asset,Account\np1,u1\n", "p1,u2", "\np1,u3\n")
    let refused = try limitedRun(["reach", "--nodes", nodes, "--audience", audience])
    #expect(refused.status == 65)
    #expect(refused.stdout.isEmpty)
    #expect(
      refused.stderr.contains("\(audience):3:7: error: bad row: the row has more fields"),
      "\(refused.stderr)")
    let result = try limitedRun(
      ["reach", "--nodes", nodes, "--audience", audience, "--format", "json", "--skip-bad-rows"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stderr.contains("\(audience):3:7: warning: row left out: the row has more fields"))
    let report = try #require(try jsonObject(result.stdout)["audience"] as? [String: Any])
    #expect((report["skipped"] as? [String: Int])?["extraFields"] == 1)
    #expect(report["used"] as? Int == 2)
  }

  @Test func aWideActivityRowIsRefusedOrCountedAndLeftOut() throws {
    let activity = try wideFile(
      "activity.csv", "object_id,account_id,content_id,timestamp\nu1,a,p1,0\nu1,b,p2,1\n",
      "u1,c,p3,0", "\nu1,d,p4,0\n")
    let refused = try limitedRun(["coordinate", activity])
    #expect(refused.status == 65)
    #expect(refused.stdout.isEmpty)
    #expect(
      refused.stderr.contains(
        "\(activity):4:11: error: bad row: the row has more fields than the header"),
      "\(refused.stderr)")
    let result = try limitedRun(["coordinate", activity, "--skip-bad-rows"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("(--skip-bad-rows): \(activity): 1 extraFields\n"))
    #expect(result.stdout.contains("4 rows, 3 actions by 3 accounts on 1 object\n"))
  }
}

import CIBGraph
import CIBGraphTestSupport
import Foundation

/// One reader of untrusted input, as a function of bytes that either returns
/// or throws an ``OracleFailure``; a trap (an overflow, an index out of
/// range) is a crash, which libFuzzer and the fuzz tests report.
///
/// The same targets run under libFuzzer (`make fuzz TARGET=document`) and in
/// the test suite's seeded generator of hostile inputs (`CIBGraphFuzzTests`).
/// Each has a committed corpus of seeds in `Tests/Fuzzing/Seeds/<target>/`,
/// among them the inputs of issue 10's findings.
public enum FuzzTarget: String, CaseIterable, Sendable {
  /// A JSON network document: decoded, validated, reached, split into
  /// components and drawn as DOT.
  case document
  /// A Gephi nodes spreadsheet and, after a line `--- edges ---`, an edges
  /// spreadsheet: the careful and the fast reader must agree, and agree with
  /// the document path that `validate` and `convert` take.
  case spreadsheet
  /// Audience lists against a small fixed graph (``AudienceFixture``): the
  /// careful reader, whole and in small chunks, and the fast reader on
  /// several cores must agree.
  case audience
  /// An activity file or Twitter archive: read, then searched for
  /// coordination with a one-minute window, checked against a brute-force
  /// search on small tables.
  case activity
  /// A GraphML or GEXF file: refused where it is not well-formed, or read
  /// into a document whose GraphML and GEXF read back the same.
  case exchange
  /// Two JSON documents, the second after a line `--- b ---`, compared as
  /// `diff` does: the changes mirror when they are swapped, and a document
  /// has none against itself.
  case diff

  /// What a run made of an input.
  public enum Outcome: Sendable, Hashable {
    /// The input was refused with a located error: the answer to bad input.
    case refused
    /// The input was read and analysed, and every check passed.
    case accepted
  }

  /// The largest input a run reads (longer inputs are cut), so that each
  /// run takes milliseconds. Activity files are smaller: one object shared
  /// by every row of n rows makes n²/2 coincidences, the method's cost.
  public var maxInputBytes: Int {
    switch self {
    case .document, .spreadsheet, .audience, .exchange, .diff: 64 << 10
    case .activity: 8 << 10
    }
  }

  /// Runs the target on `bytes` (cut to ``maxInputBytes``).
  /// - Throws: ``OracleFailure`` when a check fails.
  /// - Complexity: what the readers and analyses cost on the input, about
  ///   linear; the activity target also compares every two actions of tables
  ///   of at most 300.
  public func run(_ bytes: [UInt8]) throws(OracleFailure) -> Outcome {
    let input = bytes.count > maxInputBytes ? Array(bytes.prefix(maxInputBytes)) : bytes
    switch self {
    case .document: return try DocumentTarget.run(input)
    case .spreadsheet: return try SpreadsheetTarget.run(input)
    case .audience: return try AudienceTarget.run(input)
    case .activity: return try ActivityTarget.run(input)
    case .exchange: return try ExchangeTarget.run(input)
    case .diff: return try DiffTarget.run(input)
    }
  }

  /// `Tests/Fuzzing/Seeds/<target>/` of the checkout these sources are in.
  public var seedDirectory: URL {
    repositoryRoot.appendingPathComponent("Tests/Fuzzing/Seeds").appendingPathComponent(rawValue)
  }

  /// The committed seeds, by file name, in name order.
  /// - Throws: when the directory or a file cannot be read.
  public func seeds() throws -> [(name: String, bytes: [UInt8])] {
    let names = try FileManager.default.contentsOfDirectory(atPath: seedDirectory.path)
      .filter { !$0.hasPrefix(".") }.sorted()
    return try names.map { name in
      (name, Array(try Data(contentsOf: seedDirectory.appendingPathComponent(name))))
    }
  }
}

/// A check a target makes failed: readers disagree, an error has no
/// location, a drawing is not safe DOT, an answer is impossible.
public struct OracleFailure: Error, Sendable, CustomStringConvertible {
  public var target: FuzzTarget
  public var message: String

  public init(_ target: FuzzTarget, _ message: String) {
    self.target = target
    self.message = message
  }

  public var description: String { "\(target.rawValue): \(message)" }
}

/// The checks every target shares.
enum Oracle {
  /// Fails unless `condition` holds.
  static func require(
    _ condition: Bool, _ target: FuzzTarget, _ message: @autoclosure () -> String
  ) throws(OracleFailure) {
    if !condition { throw OracleFailure(target, message()) }
  }

  /// A refusal must say where: the file, and a line and column, except for
  /// an input with nothing in it (spaces, line ends, a byte-order mark).
  static func requireLocated(_ error: InputError, _ target: FuzzTarget, input: [UInt8])
    throws(OracleFailure)
  {
    try require(
      error.kind == .badData, target, "bytes in memory refused as a missing input: \(error)")
    try require(!error.message.isEmpty, target, "an error without a message at \(error.location)")
    guard error.location.line == nil || error.location.column == nil else { return }
    let blank = input.allSatisfy { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
    try require(blank, target, "an error without a line and column: \(error)")
  }

  /// A finding about a file must say where in it.
  static func requireLocated(_ finding: Finding, _ target: FuzzTarget) throws(OracleFailure) {
    try require(
      finding.location?.line != nil, target,
      "a finding without a line: \(finding.code) \(finding.message) at \(finding.path.map(String.init(describing:)) ?? "-")"
    )
  }
}

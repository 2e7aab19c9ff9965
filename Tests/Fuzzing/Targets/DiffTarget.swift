import CIBGraph
import CIBGraphSupport

/// Two JSON network documents in one input, compared as `diff` compares
/// them: the changes must mirror when the documents are swapped, each side
/// must be located in its file, and a document must have no change against
/// itself or against its encoding.
enum DiffTarget {
  /// The line that ends the first document and starts the second; without
  /// it, the input is one document, compared with itself.
  static let separator = Array("--- b ---".utf8)
  static let fileA = "a.json"
  static let fileB = "b.json"

  static func run(_ bytes: [UInt8]) throws(OracleFailure) -> FuzzTarget.Outcome {
    let (first, second) = split(bytes, at: separator)
    let a: NetworkDocument
    let b: NetworkDocument
    do throws(InputError) {
      a = try NetworkDocument.decode(first, file: fileA)
      b =
        try second.map { (bytes) throws(InputError) in
          try NetworkDocument.decode(bytes, file: fileB)
        } ?? a
    } catch {
      try Oracle.requireLocated(
        error, .diff, input: error.location.file == fileB ? second ?? [] : first)
      return .refused
    }
    for document in [a, b] {
      let itself = DocumentDiff(from: document, to: document)
      try Oracle.require(
        itself.changes.isEmpty, .diff, "a document differs from itself: \(itself.changes[0])")
      try Oracle.require(
        itself.networksInBoth == document.networks.count, .diff,
        "\(itself.networksInBoth) of a document's \(document.networks.count) networks matched with themselves"
      )
      let encoded = DocumentDiff(
        from: document, to: try decodeEncoding(of: document))
      try Oracle.require(
        encoded.changes.isEmpty, .diff,
        "a document differs from its encoding: \(encoded.changes.first.map(String.init(describing:)) ?? "")"
      )
    }

    let forward = DocumentDiff(from: a, to: b)
    let backward = DocumentDiff(from: b, to: a)
    try Oracle.require(
      forward.networksInBoth == backward.networksInBoth, .diff,
      "\(forward.networksInBoth) networks in both one way, \(backward.networksInBoth) the other")
    try Oracle.require(
      sides(of: forward, swapped: false) == sides(of: backward, swapped: true), .diff,
      "the changes from a to b are not those from b to a, swapped")

    let locationsA = JSONLocations(file: fileA, text: first)
    let locationsB = JSONLocations(file: fileB, text: second ?? first)
    for change in forward.changes {
      try Oracle.require(
        (change.a == nil) == (change.pathInA == nil)
          && (change.b == nil) == (change.pathInB == nil),
        .diff, "\(change.label): a side with a value and no path, or a path and no value")
      for (path, locations) in [(change.pathInA, locationsA), (change.pathInB, locationsB)] {
        guard let path else { continue }
        try Oracle.require(
          locations.location(of: path).line != nil, .diff, "\(change.label): \(path) has no line")
      }
      try Oracle.require(
        !change.description.unicodeScalars.contains(where: VisibleText.needsEscape), .diff,
        "\(change.label): a control character printed as it is")
    }
    return .accepted
  }

  /// Each change as `label`, its first side and its second, counted; with
  /// `swapped`, its sides the other way round.
  private static func sides(of diff: DocumentDiff, swapped: Bool) -> [[String?]: Int] {
    var counts: [[String?]: Int] = [:]
    for change in diff.changes {
      let (a, b) = (change.text(ofA: true), change.text(ofA: false))
      counts[[change.label] + (swapped ? [b, a] : [a, b]), default: 0] += 1
    }
    return counts
  }

  private static func decodeEncoding(of document: NetworkDocument) throws(OracleFailure)
    -> NetworkDocument
  {
    do throws(InputError) {
      return try NetworkDocument.decode(document.encoded(), file: "encoded.json")
    } catch {
      throw OracleFailure(.diff, "the document written by encoded() is refused: \(error)")
    }
  }
}

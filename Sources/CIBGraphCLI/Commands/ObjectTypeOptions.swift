import ArgumentParser
import CIBGraph

/// `--action link,hashtag`: one action of a Twitter/X archive, or several
/// read at once, each an object type.
struct ActionList: ExpressibleByArgument {
  var actions: [CoordinationAction]

  init?(argument: String) {
    var actions: [CoordinationAction] = []
    for name in argument.split(separator: ",", omittingEmptySubsequences: false) {
      guard let action = CoordinationAction(rawValue: name.trimmingSpaces.lowercased()) else {
        return nil
      }
      if !actions.contains(action) { actions.append(action) }
    }
    guard !actions.isEmpty else { return nil }
    self.actions = actions
  }

  static var allValueStrings: [String] { CoordinationAction.allCases.map(\.rawValue) }
}

/// `--normalize url-domain,strip-tracking,hashtag-case`: the rules applied
/// to objects as they are read.
struct NormalizationList: ExpressibleByArgument {
  var rules: ObjectNormalization

  init?(argument: String) {
    var rules: ObjectNormalization = []
    for name in argument.split(separator: ",", omittingEmptySubsequences: false) {
      guard let rule = ObjectNormalization.named.first(where: { $0.name == name.trimmingSpaces })
      else { return nil }
      rules.insert(rule.rule)
    }
    self.rules = rules
  }

  static var allValueStrings: [String] { ObjectNormalization.named.map(\.name) }
}

/// The windows `--window` gives: a default for every object (seconds or
/// `auto`), and windows of their own for object types (`hashtag=600`).
struct WindowChoice: Equatable {
  /// Seconds, or `nil` for `auto`.
  var standard: Double?
  /// Per type name (lower-cased), in the order given.
  var byType: [(type: String, seconds: Double)] = []

  static func == (a: WindowChoice, b: WindowChoice) -> Bool {
    a.standard == b.standard && a.byType.elementsEqual(b.byType) { $0 == $1 }
  }

  /// The windows of `--window`'s values.
  /// - Throws: `ValidationError` for a value that is no number of seconds
  ///   (0 or more), two defaults, a type given twice, or `auto` beside a
  ///   type's window.
  init(_ values: [String]) throws(ValidationError) {
    var standard: Double?? = nil
    for value in values {
      let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let secondsText = String(parts.last!).trimmingSpaces
      if parts.count == 1, secondsText == "auto" {
        guard standard == nil else { throw Self.twoDefaults }
        standard = .some(nil)
        continue
      }
      guard let seconds = Double(secondsText), seconds.isFinite, seconds >= 0, seconds < 1e12
      else {
        throw ValidationError(
          "--window must be a number of seconds (0 or more), 'auto', or a type and its seconds "
            + "(hashtag=600); got '\(value)'")
      }
      if parts.count == 1 {
        guard standard == nil else { throw Self.twoDefaults }
        standard = .some(seconds)
        continue
      }
      let type = String(parts[0]).trimmingSpaces.lowercased()
      guard !type.isEmpty else { throw ValidationError("--window \(value): the type is empty") }
      guard !byType.contains(where: { $0.type == type }) else {
        throw ValidationError("--window gives the type '\(type)' twice")
      }
      byType.append((type, seconds))
    }
    self.standard = standard ?? 60
    if self.standard == nil, !byType.isEmpty {
      throw ValidationError(
        "--window auto estimates one window for every object; give the types' windows with a "
          + "number of seconds as the default (--window 60 --window hashtag=600)")
    }
  }

  private static let twoDefaults = ValidationError(
    "--window gives two default windows; give one, and a type's own as type=seconds")

  /// The window of each of `types` (by number), in milliseconds: its own,
  /// or `standard`; empty when no type has one of its own.
  /// - Throws: the type names `--window` gives that the input does not have.
  func typeWindows(types: [String], standard: Int64) -> Result<[Int64], UnknownTypes> {
    guard !byType.isEmpty else { return .success([]) }
    let unknown = byType.map(\.type).filter { !types.contains($0) }
    guard unknown.isEmpty else { return .failure(UnknownTypes(names: unknown)) }
    return .success(
      types.map { type in
        byType.first { $0.type == type }.map { ActivityTime.milliseconds(seconds: $0.seconds) }
          ?? standard
      })
  }

  /// Type names `--window` gives that the input does not have.
  struct UnknownTypes: Error { var names: [String] }
}

extension StringProtocol {
  /// The text without spaces and tabs at either end.
  fileprivate var trimmingSpaces: String {
    var scalars = Substring(self).unicodeScalars[...]
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }
}

import ArgumentParser
import CIBGraph
import Foundation

/// The most bytes one input read whole may hold (a JSON document, a node or
/// edge spreadsheet, an activity file), whether it is a regular file (mapped
/// or read) or a stream, so that one input gives one answer whichever way it
/// is read: 4 GiB unless the environment variable `CIBGRAPH_MAX_INPUT` says
/// otherwise. It bounds the memory an endless stream (`- < /dev/zero`) can
/// take before the command stops with status 65 and says how to raise it.
/// Audience lists are read in chunks and never held whole, so they have no limit.
enum InputLimit {
  static let variable = "CIBGRAPH_MAX_INPUT"
  static let defaultBytes = 4 << 30

  /// The limit in force. An unreadable setting has been refused as a usage
  /// error by ``validate()`` before anything is read.
  static let bytes: Int = {
    guard let text = ProcessInfo.processInfo.environment[variable] else { return defaultBytes }
    return parse(text) ?? defaultBytes
  }()

  /// The limit in force, with the advice its refusal gives.
  static var size: InputSizeLimit { InputSizeLimit(bytes: bytes, advice: advice) }

  /// How a message says to raise the limit.
  static var advice: String {
    "set \(variable) to allow more (bytes, or with K, M, G or T: \(variable)=16G)"
  }

  /// A size in bytes, with an optional binary unit: `1048576`, `512K`,
  /// `64M`, `8G`, `1T` (`KiB`, `MB` and such read the same); `nil` when it
  /// is not one or is 0.
  static func parse(_ text: String) -> Int? {
    var digits = Substring(text.trimmingCharacters(in: .whitespaces)).uppercased()[...]
    for suffix in ["IB", "B"] where digits.hasSuffix(suffix) {
      digits = digits.dropLast(suffix.count)
      break
    }
    var shift = 0
    if let unit = digits.last, let power = "KMGT".firstIndex(of: unit) {
      shift = 10 * ("KMGT".distance(from: "KMGT".startIndex, to: power) + 1)
      digits = digits.dropLast()
    }
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
      let value = Int(digits), value > 0,
      value <= Int.max >> shift
    else { return nil }
    return value << shift
  }

  /// Refuses an unreadable `CIBGRAPH_MAX_INPUT` before anything is read.
  static func validate() throws {
    if let text = ProcessInfo.processInfo.environment[variable], parse(text) == nil {
      throw ValidationError(
        "\(variable)=\(text) is not a size; give bytes, or a number with K, M, G or T (\(variable)=16G)"
      )
    }
  }
}

/// Standard input can be read once: at most one input may be `-`.
enum StandardInputUse {
  static func validate(_ paths: [String?]) throws {
    let named = paths.filter { $0.map(InputSource.init(argument:)) == .standardInput }.count
    if named > 1 {
      throw ValidationError(
        "standard input ('-') can be read once, but \(named) inputs name it; give the others as files"
      )
    }
  }
}

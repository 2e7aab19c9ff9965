import CIBGraphSupport

/// A calendar date known to the year, the month or the day, as reports give
/// them ("first ad May 2015"). Written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
public struct PartialDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The year: 2019.
  public let year: Int
  /// The month, 1 to 12, when known.
  public let month: Int?
  /// The day of the month, when known.
  public let day: Int?

  /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `nil` when the text is not such a date.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard (1...3).contains(parts.count),
      parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let year = Int(parts[0])
    else { return nil }
    let month = parts.count > 1 ? Int(parts[1]) : nil
    let day = parts.count > 2 ? Int(parts[2]) : nil
    if let month, !(1...12).contains(month) { return nil }
    if let day, let month, !(1...PartialDate.daysIn(month: month, year: year)).contains(day) {
      return nil
    }
    self.year = year
    self.month = month
    self.day = day
  }

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as far as the date is known.
  public var description: String {
    // Four digits, as read: year 140 is written 0140, which reads back.
    let digits = String(year)
    var text = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    if let month { text += "-" + (month < 10 ? "0" : "") + String(month) }
    if let day { text += "-" + (day < 10 ? "0" : "") + String(day) }
    return text
  }

  /// Orders by the earliest day each date could be.
  public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
    (lhs.year, lhs.month ?? 0, lhs.day ?? 0) < (rhs.year, rhs.month ?? 0, rhs.day ?? 0)
  }
}

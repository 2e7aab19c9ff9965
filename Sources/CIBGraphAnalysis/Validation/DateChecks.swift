import CIBGraphCore

extension PartialDate {
  /// The first day the date can be, as a count of days since 1970-01-01
  /// (proleptic Gregorian): 2019-04 starts on the day of 2019-04-01.
  var firstDay: Int { Self.dayNumber(year: year, month: month ?? 1, day: day ?? 1) }

  /// The last day the date can be: 2019-04 ends on the day of 2019-04-30.
  var lastDay: Int {
    if let day, let month { return Self.dayNumber(year: year, month: month, day: day) }
    if let month {
      return month == 12
        ? Self.dayNumber(year: year + 1, month: 1, day: 1) - 1
        : Self.dayNumber(year: year, month: month + 1, day: 1) - 1
    }
    return Self.dayNumber(year: year + 1, month: 1, day: 1) - 1
  }

  /// Whether this date is certainly before `other`: its last possible day
  /// comes before the other's first. 2019 is not certainly before 2019-05.
  func isCertainlyBefore(_ other: PartialDate) -> Bool { lastDay < other.firstDay }

  /// Whether the two dates cannot be within a day of each other: a day of
  /// slack, as a post dated in one time zone carries the next day's date in
  /// another.
  func isMoreThanADayApart(from other: PartialDate) -> Bool {
    lastDay + 1 < other.firstDay || other.lastDay + 1 < firstDay
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
  /// days_from_civil); exact for every year a `PartialDate` can hold.
  private static func dayNumber(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}

/// The date a web address carries in its path, as news sites and blogs write
/// them: `https://about.fb.com/news/2019/12/removing-…` is December 2019,
/// `…/Top_News/US/2020/09/01/…` is 2020-09-01.
enum URLDate {
  /// The first `/YYYY/MM/` (or `/YYYY/MM/DD/`) of the address's path, with a
  /// year from 1990 to 2099 and a real month and day; `nil` when there is none.
  /// The host, query and fragment are not read.
  /// - Complexity: O(n) in the address's length.
  static func date(in url: String) -> PartialDate? {
    var rest = Substring(url)
    if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
    guard let slash = rest.firstIndex(of: "/") else { return nil }
    let path = rest[slash...].prefix { $0 != "?" && $0 != "#" }
    let segments = path.split(separator: "/", omittingEmptySubsequences: false)
    func digits(_ segment: Substring, _ count: Int) -> Bool {
      segment.utf8.count == count
        && segment.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
    var i = 0
    while i + 1 < segments.count {
      defer { i += 1 }
      guard digits(segments[i], 4), digits(segments[i + 1], 2),
        let year = Int(segments[i]), (1990...2099).contains(year),
        let month = PartialDate("\(segments[i])-\(segments[i + 1])")
      else { continue }
      if i + 2 < segments.count, digits(segments[i + 2], 2),
        let day = PartialDate("\(month)-\(segments[i + 2])")
      {
        return day
      }
      return month
    }
    return nil
  }
}

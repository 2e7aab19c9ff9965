import CIBGraphSupport

/// Times of actions, as whole milliseconds since 1970-01-01T00:00:00Z.
///
/// Read from the bytes of a field, without a `Date` or a `String` per row:
///
/// - Unix seconds: `1556713440`, `1556713440.25`, `-5` (digits, an optional
///   fraction, of which the first three digits are kept: milliseconds,
///   truncated);
/// - ISO 8601 / RFC 3339 and the Twitter archive's form: `2019-05-01T12:34:56Z`,
///   `2019-05-01 12:34:56.789+02:00`, `2019-05-01 12:34` (seconds optional,
///   a space or `T` between date and time, a zone `Z`, `±HH:MM`, `±HHMM` or
///   `±HH`; a time without a zone is UTC).
///
/// Spaces and tabs around the text are ignored; anything else is refused.
package enum ActivityTime {
  /// Every time a reader can give: from the start of the year 0 to the end
  /// of 9999, a day either side for time zones. Differences of such times
  /// are far from overflowing.
  package static let representable: ClosedRange<Int64> =
    (-62_167_219_200_000 - 86_400_000)...(253_402_300_799_999 + 86_400_000)

  /// The time `text` gives, or `nil` when it is neither form.
  /// - Complexity: O(length of `text`).
  package static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
    var start = 0
    var end = text.count
    while start < end, text[start] == 0x20 || text[start] == 0x09 { start += 1 }
    while end > start, text[end - 1] == 0x20 || text[end - 1] == 0x09 { end -= 1 }
    guard start < end else { return nil }
    // A date starts with four digits and a dash; anything else is a number.
    if end - start >= 5, text[start + 4] == UInt8(ascii: "-"), isDigit(text[start]) {
      return parseISO(text, start, end)
    }
    return parseUnix(text, start, end)
  }

  /// Parses a `String` (for tests and options).
  package static func parse(_ text: String) -> Int64? {
    var copy = text
    return copy.withUTF8 { parse($0) }
  }

  /// `milliseconds` as ISO 8601 in UTC: `2019-05-01T12:34:56Z`, with `.123`
  /// when the milliseconds are not zero.
  package static func iso(_ milliseconds: Int64) -> String {
    let (seconds, millis) = milliseconds.quotientAndRemainder(dividingBy: 1000)
    var wholeSeconds = seconds
    var fraction = millis
    if fraction < 0 {
      fraction += 1000
      wholeSeconds -= 1
    }
    var (days, secondOfDay) = wholeSeconds.quotientAndRemainder(dividingBy: 86_400)
    if secondOfDay < 0 {
      secondOfDay += 86_400
      days -= 1
    }
    let (year, month, day) = civil(fromDays: days)
    var text = padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    text += "T" + padded(secondOfDay / 3600, 2) + ":" + padded(secondOfDay / 60 % 60, 2)
    text += ":" + padded(secondOfDay % 60, 2)
    if fraction != 0 { text += "." + padded(fraction, 3) }
    return text + "Z"
  }

  /// Seconds (possibly fractional) as whole milliseconds, rounded to the nearest.
  package static func milliseconds(seconds: Double) -> Int64 {
    Int64((seconds * 1000).rounded())
  }

  private static func padded(_ value: Int64, _ width: Int) -> String {
    let digits = String(value.magnitude)
    let zeros = String(repeating: "0", count: max(0, width - digits.count))
    return (value < 0 ? "-" : "") + zeros + digits
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

  /// The digits after a decimal point at `i`, as milliseconds (digits past
  /// the third are read and dropped); `nil` when there is no digit.
  private static func milliseconds(
    fraction text: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int
  )
    -> Int64?
  {
    var millis: Int64 = 0
    var digits = 0
    while i < end, isDigit(text[i]) {
      if digits < 3 { millis = millis * 10 + Int64(text[i] &- 0x30) }
      digits += 1
      i += 1
    }
    guard digits > 0 else { return nil }
    for _ in min(digits, 3)..<3 { millis *= 10 }
    return millis
  }

  private static func parseUnix(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Int64?
  {
    var i = start
    var negative = false
    if text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
      negative = text[i] == UInt8(ascii: "-")
      i += 1
    }
    var seconds: Int64 = 0
    var digits = 0
    while i < end, isDigit(text[i]) {
      guard digits < 15 else { return nil }  // beyond any plausible time
      seconds = seconds * 10 + Int64(text[i] &- 0x30)
      digits += 1
      i += 1
    }
    var millis: Int64 = 0
    if i < end, text[i] == UInt8(ascii: ".") {
      i += 1
      guard let fraction = milliseconds(fraction: text, &i, end) else { return nil }
      millis = fraction
    }
    guard i == end, digits > 0 else { return nil }
    // Past the year 9999 (or before the year 1) is no time an action was
    // taken: most often milliseconds since 1970 read as seconds, which would
    // make every window a thousand times too narrow and find nothing, silently.
    guard seconds <= (negative ? 62_135_596_800 : 253_402_300_799) else { return nil }
    let value = seconds * 1000 + millis
    return negative ? -value : value
  }

  private static func parseISO(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Int64?
  {
    var i = start
    func number(_ count: Int) -> Int64? {
      guard i + count <= end else { return nil }
      var value: Int64 = 0
      for k in i..<i + count {
        guard isDigit(text[k]) else { return nil }
        value = value * 10 + Int64(text[k] &- 0x30)
      }
      i += count
      return value
    }
    func expect(_ byte: UInt8) -> Bool {
      guard i < end, text[i] == byte else { return false }
      i += 1
      return true
    }
    guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2),
      expect(UInt8(ascii: "-")), let day = number(2)
    else { return nil }
    guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
      return nil
    }
    guard i < end, text[i] == UInt8(ascii: "T") || text[i] == UInt8(ascii: " ") else {
      return nil
    }
    i += 1
    guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2),
      hour < 24, minute < 60
    else { return nil }
    var second: Int64 = 0
    var millis: Int64 = 0
    if expect(UInt8(ascii: ":")) {
      guard let value = number(2), value <= 60 else { return nil }
      second = value
      if i < end, text[i] == UInt8(ascii: ".") || text[i] == UInt8(ascii: ",") {
        i += 1
        guard let fraction = milliseconds(fraction: text, &i, end) else { return nil }
        millis = fraction
      }
    }
    var offsetSeconds: Int64 = 0
    if i < end {
      // Spaces between the time and the zone (`12:34:56 +0000`) are tolerated.
      while i < end, text[i] == 0x20 { i += 1 }
      guard i < end else { return nil }
      if text[i] == UInt8(ascii: "Z") || text[i] == UInt8(ascii: "z") {
        i += 1
      } else if text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") {
        let sign: Int64 = text[i] == UInt8(ascii: "-") ? -1 : 1
        i += 1
        guard let hours = number(2), hours <= 23 else { return nil }
        var minutes: Int64 = 0
        if i < end {
          _ = expect(UInt8(ascii: ":"))
          guard let value = number(2), value < 60 else { return nil }
          minutes = value
        }
        offsetSeconds = sign * (hours * 3600 + minutes * 60)
      } else {
        return nil
      }
      guard i == end else { return nil }
    }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
    return seconds * 1000 + millis
  }

  private static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The date of a day count since 1970-01-01.
  static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}

internal import ArgumentParser
internal import Foundation
internal import SuanliConfig

/// The moments `usage --since/--until` accept: `now`, a duration back from now (`7d`, `12h`, `1d12h`), Unix
/// seconds (`1764000000`), a date (`2026-11-01`, its midnight) or a date-time (`2026-11-01T08:00`,
/// `2026-11-01 08:00:30`, optionally ending in `Z` or `+08:00`). Dates without a zone are read in `zone`.
enum ReportTime {
  static let hint =
    "write a date (2026-11-01), a date-time (2026-11-01T08:00, with Z or +08:00 if not UTC), or a duration back "
    + "from now (7d, 12h)"

  static func parse(_ text: String, now: Int64, zone: TimeZone) throws(ValidationError) -> Int64 {
    let text = text.trimmingCharacters(in: .whitespaces)
    if text == "now" { return now }
    if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let seconds = Int64(text) { return seconds }
    if let first = text.first, first.isNumber, text.last?.isLetter == true, !text.contains("-"),
      let back = try? Units.seconds(in: text)
    {
      return now - back
    }
    guard let moment = dateTime(text, zone: zone) else {
      throw ValidationError("\"\(text)\" is not a time: \(hint)")
    }
    return moment
  }

  /// `YYYY-MM-DD[(T| )HH:MM[:SS]][Z|±HH:MM|±HHMM]` in `zone` unless a zone is written; nil otherwise.
  static func dateTime(_ text: String, zone: TimeZone) -> Int64? {
    var rest = Substring(text)
    var zone = zone
    if rest.hasSuffix("Z") {
      zone = TimeZone(identifier: "UTC")!
      rest = rest.dropLast()
    } else if let offset = offsetSuffix(of: rest) {
      guard let offsetZone = TimeZone(secondsFromGMT: offset.seconds) else { return nil }
      zone = offsetZone
      rest = rest.dropLast(offset.length)
    }
    let halves = rest.split(maxSplits: 1, whereSeparator: { $0 == "T" || $0 == " " })
    guard let datePart = halves.first, let date = numbers(datePart, separator: "-"), date.count == 3 else {
      return nil
    }
    var time = [0, 0, 0]
    if halves.count == 2 {
      guard let parts = numbers(halves[1], separator: ":"), (2...3).contains(parts.count) else { return nil }
      time = parts + (parts.count == 2 ? [0] : [])
    }
    guard (1...12).contains(date[1]), (1...31).contains(date[2]), (0...23).contains(time[0]),
      (0...59).contains(time[1]), (0...59).contains(time[2])
    else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let components = DateComponents(
      year: date[0], month: date[1], day: date[2], hour: time[0], minute: time[1], second: time[2])
    guard let moment = calendar.date(from: components),
      calendar.component(.day, from: moment) == date[2]  // 2026-02-30 is not a day
    else { return nil }
    return Int64(moment.timeIntervalSince1970)
  }

  /// Digit groups separated by `separator` (each one or more ASCII digits), or nil.
  private static func numbers(_ text: Substring, separator: Character) -> [Int]? {
    let parts = text.split(separator: separator, omittingEmptySubsequences: false)
    guard parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
      return nil
    }
    return parts.compactMap { Int($0) }
  }

  /// A trailing `+08:00`, `-0530` after a time of day: its offset in seconds and its length in characters.
  private static func offsetSuffix(of text: Substring) -> (seconds: Int, length: Int)? {
    guard text.contains("T") || text.contains(" ") || text.filter({ $0 == ":" }).count >= 2 else { return nil }
    for length in [6, 5] where text.count > length {
      let suffix = text.suffix(length)
      guard let sign = suffix.first, sign == "+" || sign == "-" else { continue }
      let digits = suffix.dropFirst().filter { $0 != ":" }
      guard digits.count == 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
        length == 5 || suffix.dropFirst(3).first == ":",
        let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)), hours <= 14, minutes < 60
      else { continue }
      return ((hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1), length)
    }
    return nil
  }
}

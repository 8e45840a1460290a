internal import Foundation

/// Times as the daemon writes them for people: in UTC, so that reports and reasons read the same everywhere.
enum UTCTime {
  /// `2026-11-29 16:45:22 UTC`.
  static func timestamp(of time: Int64) -> String {
    let date = Date(timeIntervalSince1970: TimeInterval(time))
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    return String(
      format: "%04d-%02d-%02d %02d:%02d:%02d UTC", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
      parts.minute ?? 0, parts.second ?? 0)
  }

  /// YYYY-MM-DD in UTC.
  static func day(of time: Int64) -> String { String(timestamp(of: time).prefix(10)) }
}

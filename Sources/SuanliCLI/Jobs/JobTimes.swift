internal import Foundation

/// Unix seconds as ISO local time (`2026-11-29T14:03:00`) in a given zone, so that rendering is a pure function.
struct JobTimes {
  private let formatter: DateFormatter

  init(timeZone: TimeZone = .current) {
    formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = timeZone
    formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
  }

  func format(_ seconds: Int64) -> String { formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))) }
}

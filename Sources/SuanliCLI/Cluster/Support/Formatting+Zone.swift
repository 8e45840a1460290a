internal import Foundation

extension Formatting {
  /// Unix seconds as ISO time in `zone` (`2026-11-29T14:03:00`), like `time(_:)` but with the zone given, so
  /// that output can be rendered the same anywhere (tests, reports in UTC).
  static func time(_ seconds: Int64, in zone: TimeZone) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone
    formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }

  /// How long ago a moment was: `3s ago`, `2h5m ago`; `never` without one.
  static func ago(_ seconds: Int64?, now: Int64) -> String {
    guard let seconds else { return "never" }
    return duration(max(0, now - seconds)) + " ago"
  }

  /// Memory in MiB, `0` for none (rather than `0M`).
  static func memoryOrZero(mib: Int) -> String { mib == 0 ? "0" : memory(mib: mib) }
}

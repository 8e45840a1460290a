internal import Foundation

/// Formats the cluster commands add to `Formatting`: times in a given zone, "how long ago", memory that may be
/// zero, and tables without trailing blanks.
enum ClusterFormat {
  /// Unix seconds as ISO time in `zone` (`2026-11-29T14:03:00`), like `Formatting.time(_:)` but with the zone
  /// given, so that output can be rendered the same anywhere (tests, reports in UTC).
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
    return Formatting.duration(max(0, now - seconds)) + " ago"
  }

  /// Memory in MiB, `0` for none (rather than `0M`).
  static func memory(mib: Int) -> String { mib == 0 ? "0" : Formatting.memory(mib: mib) }

  /// The table rendered without the spaces a row ends with when its last cell is empty (a ledger entry without
  /// a note), so that copied output and golden files hold no trailing blanks.
  static func render(_ table: Table, width: Int?) -> String {
    table.render(width: width).split(separator: "\n", omittingEmptySubsequences: false)
      .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
      .joined(separator: "\n")
  }
}

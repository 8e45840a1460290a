public import Foundation
internal import SuanliConfig

/// How numbers, sizes, durations and times read on the command line.
public enum Formatting {
  /// `2h30m`, `45s`, `3d4h` (the notation `--time` accepts).
  public static func duration(_ seconds: Int64) -> String { Units.describe(seconds: max(0, seconds)) }

  /// Short elapsed time like squeue's: `5:03`, `1:02:03`, `2-01:02:03`.
  public static func elapsed(_ seconds: Int64) -> String {
    let s = max(0, seconds)
    let days = s / 86_400
    let hours = s % 86_400 / 3_600
    let minutes = s % 3_600 / 60
    let secs = s % 60
    let clock =
      hours > 0 || days > 0
      ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%d:%02d", minutes, secs)
    return days > 0 ? "\(days)-" + String(format: "%02d:%02d:%02d", hours, minutes, secs) : clock
  }

  /// MiB as people write memory: `512M`, `64G`, `1.5T`.
  public static func memory(mib: Int) -> String {
    if mib >= 1 << 20, mib % (1 << 20) == 0 { return "\(mib >> 20)T" }
    if mib >= 1 << 10 {
      let gib = Double(mib) / 1024
      return gib == gib.rounded() ? "\(Int(gib))G" : String(format: "%.1fG", gib)
    }
    return "\(mib)M"
  }

  /// Millicores as cores: `8`, `0.5`.
  public static func cpus(millis: Int) -> String {
    millis % 1000 == 0 ? "\(millis / 1000)" : String(format: "%g", Double(millis) / 1000)
  }

  /// Unix seconds as ISO time in `zone` (local by default; tests and reports pass one): `2026-11-29T14:03:00`.
  public static func time(_ seconds: Int64, in zone: TimeZone = .current) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone
    formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }

  public static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}

internal import Foundation

/// Formats the cluster commands add to `Formatting`: "how long ago", memory that may be
/// zero.
enum ClusterFormat {

  /// How long ago a moment was: `3s ago`, `2h5m ago`; `never` without one.
  static func ago(_ seconds: Int64?, now: Int64) -> String {
    guard let seconds else { return "never" }
    return Formatting.duration(max(0, now - seconds)) + " ago"
  }

  /// Memory in MiB, `0` for none (rather than `0M`).
  static func memory(mib: Int) -> String { mib == 0 ? "0" : Formatting.memory(mib: mib) }
}

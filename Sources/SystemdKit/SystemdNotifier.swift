internal import CSystemd
internal import Glibc

/// The daemon's side of systemd's `Type=notify` protocol (`sd_notify(3)`) and of the service watchdog.
///
/// Every call is a no-op returning ``NotifyResult/notUnderSystemd`` when `NOTIFY_SOCKET` is unset, so the daemon can
/// call it unconditionally. The environment is never unset, so repeated calls keep working.
///
/// ```swift
/// let notifier = SystemdNotifier()
/// notifier.ready(status: "0 jobs pending")
/// if let every = notifier.recommendedPingInterval { /* call notifier.watchdog() every `every` */ }
/// ```
public struct SystemdNotifier: Sendable {
  /// Whether `NOTIFY_SOCKET` was set when this value was made, that is whether messages go anywhere.
  public let isEnabled: Bool

  /// The service's `WatchdogSec=` as systemd passed it (`WATCHDOG_USEC`, for this pid), or nil when the watchdog is
  /// off. systemd kills the service when no ``watchdog()`` arrives within this interval.
  public let watchdogInterval: Duration?

  /// How often to call ``watchdog()``: half of ``watchdogInterval``, as `sd_watchdog_enabled(3)` recommends.
  public var recommendedPingInterval: Duration? {
    watchdogInterval.map { $0 / 2 }
  }

  /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from the environment (without unsetting them).
  public init() {
    isEnabled = getenv("NOTIFY_SOCKET") != nil
    var microseconds: UInt64 = 0
    if sd_watchdog_enabled(0, &microseconds) > 0 {
      watchdogInterval = .microseconds(Int64(clamping: microseconds))
    } else {
      watchdogInterval = nil
    }
  }

  /// Start-up is complete: `READY=1`, with an optional one-line `STATUS=`. Also send it when a reload has finished.
  @discardableResult
  public func ready(status: String? = nil) -> NotifyResult {
    send(["READY=1"], status: status)
  }

  /// A one-line human-readable status that `systemctl status` shows: `STATUS=…`.
  @discardableResult
  public func status(_ text: String) -> NotifyResult {
    send([], status: text)
  }

  /// A configuration reload began: `RELOADING=1` and `MONOTONIC_USEC=` (which systemd 253 and later require).
  /// Send ``ready(status:)`` when it is over.
  @discardableResult
  public func reloading(status: String? = nil) -> NotifyResult {
    send(["RELOADING=1", "MONOTONIC_USEC=\(SystemClock.monotonicMicroseconds())"], status: status)
  }

  /// Shutdown began: `STOPPING=1`.
  @discardableResult
  public func stopping(status: String? = nil) -> NotifyResult {
    send(["STOPPING=1"], status: status)
  }

  /// Keep-alive for the service watchdog: `WATCHDOG=1`.
  @discardableResult
  public func watchdog() -> NotifyResult {
    send(["WATCHDOG=1"], status: nil)
  }

  private func send(_ assignments: [String], status: String?) -> NotifyResult {
    guard isEnabled else { return .notUnderSystemd }
    var lines = assignments
    if let status {
      lines.append("STATUS=" + Self.singleLine(status))
    }
    let result = sd_notify(0, lines.joined(separator: "\n"))
    if result > 0 { return .sent }
    if result == 0 { return .notUnderSystemd }
    return .failed(errno: -result)
  }

  /// The protocol is newline-separated `KEY=value` lines: a status must not contain a newline.
  private static func singleLine(_ text: String) -> String {
    String(text.map { $0.isNewline ? " " : $0 })
  }
}

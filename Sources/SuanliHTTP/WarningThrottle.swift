public import Logging
import Synchronization

/// Keeps a warning that others can provoke (a refused token, a refused connection) from flooding the journal:
/// per key (a peer's address), the first in each interval is logged, the others only counted, and the next one
/// logged tells how many were left out.
///
/// At most `maxKeys` keys are remembered; when more are needed, keys quiet for an interval are forgotten (with any
/// count not yet told; looked for at most once per sixtieth of the interval, so that a flood from many addresses
/// does not walk the whole table at each refusal), and if that is not enough the new keys share one count,
/// ``overflowKey``.
public final class WarningThrottle: Sendable {
  /// The key of the count shared by keys beyond `maxKeys`.
  public static let overflowKey = "(other addresses)"

  /// How often a key's warning is logged at most.
  public let interval: Duration
  /// The most keys remembered.
  public let maxKeys: Int
  private let state: Mutex<State>

  private struct State {
    var windows: [String: Window] = [:]
    /// When quiet keys were last looked for.
    var lastForgetting: ContinuousClock.Instant?
  }

  private struct Window {
    /// When the last warning logged for the key was.
    var start: ContinuousClock.Instant
    /// The warnings left out since.
    var suppressed: Int
  }

  /// A throttle logging each key's warning at most once per `interval`.
  public init(interval: Duration = .seconds(60), maxKeys: Int = 4096) {
    self.interval = interval
    self.maxKeys = max(1, maxKeys)
    self.state = Mutex(State())
  }

  /// Whether to log a warning about `key` now: `nil` to leave it out (it is counted), else the number of its
  /// warnings left out since the last one logged (0 for the first).
  public func admit(_ key: String, at now: ContinuousClock.Instant = .now) -> Int? {
    self.state.withLock { state in
      var key = key
      if state.windows[key] == nil && state.windows.count >= self.maxKeys {
        if state.lastForgetting.map({ now - $0 >= self.interval / 60 }) ?? true {
          state.windows = state.windows.filter { now - $0.value.start < self.interval }
          state.lastForgetting = now
        }
        if state.windows.count >= self.maxKeys { key = Self.overflowKey }
      }
      guard let window = state.windows[key] else {
        state.windows[key] = Window(start: now, suppressed: 0)
        return 0
      }
      guard now - window.start >= self.interval else {
        state.windows[key]?.suppressed += 1
        return nil
      }
      state.windows[key] = Window(start: now, suppressed: 0)
      return window.suppressed
    }
  }
}

extension Logger {
  /// Logs a warning about `origin` unless `throttle` leaves it out; one logged after some were left out says how
  /// many (`… (12 more from 192.0.2.7 not logged since the last)`, and `suppressed` in the metadata).
  public func warning(
    _ message: String, throttledBy throttle: WarningThrottle, origin: String, metadata: Metadata = [:]
  ) {
    guard let suppressed = throttle.admit(origin) else { return }
    guard suppressed > 0 else {
      self.warning("\(message)", metadata: metadata)
      return
    }
    self.warning(
      "\(message) (\(suppressed) more from \(origin) not logged since the last)",
      metadata: metadata.merging(["suppressed": "\(suppressed)"]) { $1 })
  }
}

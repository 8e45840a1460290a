import SuanliJobWrapper

#if canImport(Glibc)
  import Glibc
#endif

/// Signals to a job's process group, and whether a process still exists.
public enum ProcessGroup {
  /// Sends `signal` to the whole group `pgid`; to `pid` alone when the group is gone or not formed yet
  /// (the child calls `setsid()` right after the fork). Returns false when nothing received it.
  @discardableResult
  public static func signal(_ signal: Int32, group pgid: Int32, leader pid: Int32) -> Bool {
    if pgid > 1, kill(-pgid, signal) == 0 { return true }
    return pid > 1 && kill(pid, signal) == 0
  }

  /// Whether process `pid` exists and is the one that started at `startTicks` (field 22 of `/proc/PID/stat`),
  /// so that a recycled pid is not mistaken for the job. A zombie counts as gone.
  public static func isAlive(pid: Int32, startTicks: UInt64?) -> Bool {
    guard pid > 1, let stat = TextReader.contents("/proc/\(pid)/stat"), let fields = statFields(stat) else {
      return false
    }
    if fields.state == "Z" || fields.state == "X" { return false }
    if let startTicks, fields.startTicks != startTicks { return false }
    return true
  }

  /// Returns once process `pid` (the one started at `startTicks`) has ended; for a process that is not the
  /// agent's child, watched through `/proc` every `interval`.
  public static func waitForExit(pid: Int32, startTicks: UInt64?, every interval: Duration) async {
    while isAlive(pid: pid, startTicks: startTicks) {
      try? await Task.sleep(for: interval)
    }
  }

  /// The start time of `pid` in clock ticks since boot.
  public static func startTicks(pid: Int32) -> UInt64? {
    TextReader.contents("/proc/\(pid)/stat").flatMap(statFields)?.startTicks
  }

  /// The state letter and start time of a `/proc/PID/stat` line (the command may contain spaces and parentheses,
  /// so fields are counted after the last `)`).
  public static func statFields(_ stat: String) -> (state: Character, startTicks: UInt64)? {
    guard let close = stat.lastIndex(of: ")") else { return nil }
    let rest = stat[stat.index(after: close)...].split(separator: " ")
    // rest[0] is field 3 (state); field 22 (starttime) is rest[19].
    guard rest.count > 19, let state = rest[0].first, let start = UInt64(rest[19]) else { return nil }
    return (state, start)
  }
}

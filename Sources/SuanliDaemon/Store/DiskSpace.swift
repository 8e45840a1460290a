internal import Glibc
internal import Synchronization

/// Free space where the state database lives, checked before accepting new work: a full disk must refuse
/// submissions with a clear error, not fail a commit. Checked at most once a second.
final class DiskSpace: Sendable {
  let directory: String
  /// Below this many free bytes, new work is refused.
  let minimumFree: UInt64
  private let last = Mutex<(checked: ContinuousClock.Instant, free: UInt64)?>(nil)

  init(directory: String, minimumFree: UInt64 = 64 << 20) {
    self.directory = directory
    self.minimumFree = minimumFree
  }

  /// Free bytes available to the daemon (nil if the file system cannot be asked).
  func freeBytes() -> UInt64? {
    let now = ContinuousClock.now
    if let known = last.withLock({ $0 }), now - known.checked < .seconds(1) { return known.free }
    var stats = statvfs()
    guard statvfs(directory, &stats) == 0 else { return nil }
    let free = UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
    last.withLock { $0 = (now, free) }
    return free
  }

  var isLow: Bool { freeBytes().map { $0 < minimumFree } ?? false }
}

internal import Glibc

/// The clocks the systemd protocols speak in.
enum SystemClock {
  /// `CLOCK_MONOTONIC` in microseconds, the unit of systemd's `MONOTONIC_USEC=`.
  static func monotonicMicroseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
  }

  /// `CLOCK_REALTIME`, for log timestamps.
  static func realtime() -> timespec {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return now
  }
}

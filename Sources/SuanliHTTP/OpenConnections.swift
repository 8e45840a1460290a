import Synchronization

/// Counts open connections against a limit, so that a flood of connections cannot exhaust file descriptors.
final class OpenConnections: Sendable {
  let limit: Int
  private let count = Mutex(0)

  init(limit: Int) {
    self.limit = limit
  }

  /// Counts one more connection, unless the limit is reached.
  func tryOpen() -> Bool {
    self.count.withLock { count in
      guard count < self.limit else { return false }
      count += 1
      return true
    }
  }

  /// Counts one connection less.
  func close() {
    self.count.withLock { $0 -= 1 }
  }
}

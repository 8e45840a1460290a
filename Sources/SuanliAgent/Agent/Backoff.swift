import Logging
import SystemdKit

/// Waiting between attempts while the daemon is unreachable: 0.5 s, doubling up to 10 s. The first failure and
/// the recovery are logged as warnings, the retries in between at debug level.
struct Backoff {
  private(set) var delayMilliseconds: Int64 = 500
  private(set) var failures = 0
  static let maximumMilliseconds: Int64 = 10_000

  mutating func reset() {
    delayMilliseconds = 500
    failures = 0
  }

  mutating func succeeded(logger: Logger, what: String) {
    if failures > 0 { logger.notice("\(what) reachable again after \(failures) failed attempts") }
    reset()
  }

  mutating func failed(logger: Logger, socket: String, error: any Error) async {
    failures += 1
    let message: Logger.Message =
      "suanlid unreachable at \(socket): \(error); retrying in \(Double(delayMilliseconds) / 1000) s"
    if failures == 1 {
      logger.warning(message, metadata: [LogKey.event: "daemon.unreachable"])
    } else {
      logger.debug(message)
    }
    try? await Task.sleep(for: .milliseconds(delayMilliseconds))
    delayMilliseconds = min(delayMilliseconds * 2, Self.maximumMilliseconds)
  }
}

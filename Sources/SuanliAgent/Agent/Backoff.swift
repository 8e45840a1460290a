import Logging
import SuanliClient
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
    let retry = "retrying in \(Double(delayMilliseconds) / 1000) s"
    let message: Logger.Message
    if case ClientError.api(let status, let refusal)? = error as? ClientError, status == 401 || status == 403 {
      // Reachable, but this node is not let in (a wrong or revoked token): say so, the operator must act.
      message =
        "suanlid at \(socket) refuses this node: \(refusal.message)\(refusal.hint.map { "; \($0)" } ?? ""); \(retry)"
    } else {
      message = "suanlid unreachable at \(socket): \(error); \(retry)"
    }
    if failures == 1 {
      logger.warning(message, metadata: [LogKey.event: "daemon.unreachable"])
    } else {
      logger.debug(message)
    }
    try? await Task.sleep(for: .milliseconds(delayMilliseconds))
    delayMilliseconds = min(delayMilliseconds * 2, Self.maximumMilliseconds)
  }
}

import Dispatch
public import SuanliClient
import Synchronization

/// A blocking ``SuanliClient`` on its own serial queue, called from async code. Each channel is one keep-alive
/// connection (Unix socket or TLS, the same calls either way): the agent uses one for the long poll and one for
/// registration, heartbeats and reports, so a waiting poll never delays a heartbeat. A cancelled call returns at
/// once; its request finishes unseen.
public final class DaemonChannel: @unchecked Sendable {
  /// Where the daemon is, for messages: its socket path, or `https://host:port`.
  public let socketPath: String
  private let queue: DispatchQueue
  /// Touched only on `queue`.
  private let client: SuanliClient

  public convenience init(socketPath: String, label: String, timeoutSeconds: Int) {
    self.init(endpoint: .socket(socketPath), label: label, timeoutSeconds: timeoutSeconds)
  }

  public init(endpoint: DaemonEndpoint, label: String, timeoutSeconds: Int) {
    socketPath = endpoint.address
    queue = DispatchQueue(label: "suanli-agent.\(label)")
    client = endpoint.client(timeoutSeconds: timeoutSeconds)
  }

  /// Runs `body` with the client on the channel's queue.
  public func call<T: Sendable>(_ body: @escaping @Sendable (SuanliClient) throws(ClientError) -> T) async throws -> T {
    let once = ResumeOnce<T>()
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        once.install(continuation)
        queue.async {
          let result: Result<T, any Error>
          do { result = .success(try body(self.client)) } catch { result = .failure(error) }
          once.resume(result)
        }
      }
    } onCancel: {
      once.resume(.failure(CancellationError()))
    }
  }
}

/// A continuation resumed by whichever comes first: the answer or the cancellation.
private final class ResumeOnce<T: Sendable>: Sendable {
  private struct State {
    var continuation: CheckedContinuation<T, any Error>?
    var early: Result<T, any Error>?
    var done = false
  }
  private let state = Mutex(State())

  func install(_ continuation: CheckedContinuation<T, any Error>) {
    let early: Result<T, any Error>? = state.withLock { state in
      if let early = state.early {
        state.done = true
        return early
      }
      state.continuation = continuation
      return nil
    }
    if let early { continuation.resume(with: early) }
  }

  func resume(_ result: Result<T, any Error>) {
    let continuation: CheckedContinuation<T, any Error>? = state.withLock { state in
      guard !state.done else { return nil }
      guard let continuation = state.continuation else {
        if state.early == nil { state.early = result }
        return nil
      }
      state.done = true
      state.continuation = nil
      return continuation
    }
    continuation?.resume(with: result)
  }
}

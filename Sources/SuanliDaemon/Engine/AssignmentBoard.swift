internal import Synchronization

/// What each node should run changes version by version; agents long-poll for a version other than the one
/// they have. Versions start from the daemon's start time, so an agent's version from before a restart never
/// matches a new one.
final class AssignmentBoard: Sendable {
  private struct State {
    var base: UInt64
    var versions: [String: UInt64] = [:]
    var waiters: [String: [UInt64: CheckedContinuation<Void, Never>]] = [:]
    var nextWaiter: UInt64 = 0
    /// The daemon is stopping: no long poll waits any more.
    var closed = false
  }
  private let state: Mutex<State>

  init(startedAt: Int64) { state = Mutex(State(base: UInt64(max(0, startedAt)) << 20)) }

  func version(of node: String) -> UInt64 { state.withLock { $0.versions[node] ?? $0.base } }

  /// The node's assignments changed: wake its agent.
  func bump(_ node: String) {
    let waiters = state.withLock { state in
      state.versions[node] = (state.versions[node] ?? state.base) + 1
      return state.waiters.removeValue(forKey: node).map { Array($0.values) } ?? []
    }
    for waiter in waiters { waiter.resume() }
  }

  /// Ends every long poll now and any later one at once, so that a stopping daemon does not wait for them.
  func close() {
    let waiters = state.withLock { state in
      state.closed = true
      defer { state.waiters = [:] }
      return state.waiters.values.flatMap(\.values)
    }
    for waiter in waiters { waiter.resume() }
  }

  /// Returns once the node's version differs from `seen`, or after `timeout`.
  func wait(node: String, seen: UInt64, timeout: Duration) async {
    await withTaskGroup(of: Void.self) { group in
      group.addTask { await self.waitForChange(node: node, seen: seen) }
      group.addTask { try? await Task.sleep(for: timeout) }
      await group.next()
      group.cancelAll()
    }
  }

  private func waitForChange(node: String, seen: UInt64) async {
    let id = state.withLock { state in
      state.nextWaiter += 1
      return state.nextWaiter
    }
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let resumeNow = state.withLock { state in
          if (state.versions[node] ?? state.base) != seen || state.closed || Task.isCancelled { return true }
          state.waiters[node, default: [:]][id] = continuation
          return false
        }
        if resumeNow { continuation.resume() }
      }
    } onCancel: {
      let continuation = state.withLock { state in state.waiters[node]?.removeValue(forKey: id) }
      continuation?.resume()
    }
  }
}

import Synchronization

/// Counts open connections against their limits, so that a flood of connections cannot exhaust file descriptors.
///
/// With ``FirstRequestLimits``, a connection is counted as *waiting* (for its first request) until that request
/// has arrived in full, then as *served*; each kind has its own limit. Without, every connection is served from
/// the start.
final class OpenConnections: Sendable {
  /// The most served connections.
  let limit: Int
  /// The most connections waiting for their first request, when they are counted apart.
  let waitingLimit: Int?
  private let counts = Mutex(Counts())

  private struct Counts {
    var waiting = 0
    var served = 0
  }

  init(limit: Int, waitingLimit: Int? = nil) {
    self.limit = limit
    self.waitingLimit = waitingLimit
  }

  /// The place of one more connection (waiting when those are counted apart), or `nil` when its kind is full.
  func tryOpen() -> Slot? {
    self.counts.withLock { counts in
      if let waitingLimit = self.waitingLimit {
        guard counts.waiting < waitingLimit else { return nil }
        counts.waiting += 1
        return Slot(of: self, waiting: true)
      }
      guard counts.served < self.limit else { return nil }
      counts.served += 1
      return Slot(of: self, waiting: false)
    }
  }

  fileprivate func promote() -> Bool {
    self.counts.withLock { counts in
      guard counts.served < self.limit else { return false }
      counts.waiting -= 1
      counts.served += 1
      return true
    }
  }

  fileprivate func close(waiting: Bool) {
    self.counts.withLock { counts in
      if waiting { counts.waiting -= 1 } else { counts.served -= 1 }
    }
  }

  /// One connection's place: waiting for its first request, then served, until it closes.
  final class Slot: Sendable {
    private let connections: OpenConnections
    private let state: Mutex<State>

    private enum State {
      case waiting
      case served
      case closed
    }

    fileprivate init(of connections: OpenConnections, waiting: Bool) {
      self.connections = connections
      self.state = Mutex(waiting ? .waiting : .served)
    }

    /// Whether the connection still waits for its first request.
    var isWaiting: Bool { self.state.withLock { $0 == .waiting } }

    /// Moves a waiting connection, whose first request has arrived, among the served ones; `false` when they are
    /// full (the connection keeps its waiting place until it closes). `true` for a connection already served.
    func promote() -> Bool {
      self.state.withLock { state in
        guard state == .waiting else { return state == .served }
        guard self.connections.promote() else { return false }
        state = .served
        return true
      }
    }

    /// Gives the place back; once only.
    func close() {
      self.state.withLock { state in
        switch state {
        case .waiting: self.connections.close(waiting: true)
        case .served: self.connections.close(waiting: false)
        case .closed: break
        }
        state = .closed
      }
    }
  }
}

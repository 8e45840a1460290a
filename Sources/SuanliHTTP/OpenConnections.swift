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
  /// The most of those from one origin group (``Peer/originGroup``).
  let waitingLimitPerOrigin: Int
  private let counts = Mutex(Counts())

  private struct Counts {
    var waiting = 0
    var served = 0
    /// Waiting connections per origin group (only those with some).
    var waitingByOrigin: [String: Int] = [:]
  }

  init(limit: Int, waitingLimit: Int? = nil, waitingLimitPerOrigin: Int? = nil) {
    self.limit = limit
    self.waitingLimit = waitingLimit
    self.waitingLimitPerOrigin = waitingLimitPerOrigin ?? waitingLimit ?? limit
  }

  /// Why a connection got no place.
  enum Refusal: Error {
    case full
    case fullForOrigin
  }

  /// The place of one more connection from `origin` (waiting when those are counted apart), or why not: its kind
  /// is full, or (waiting) its origin has its share.
  func tryOpen(origin: String) -> Result<Slot, Refusal> {
    self.counts.withLock { counts in
      if let waitingLimit = self.waitingLimit {
        guard counts.waiting < waitingLimit else { return .failure(.full) }
        guard counts.waitingByOrigin[origin, default: 0] < self.waitingLimitPerOrigin else {
          return .failure(.fullForOrigin)
        }
        counts.waiting += 1
        counts.waitingByOrigin[origin, default: 0] += 1
        return .success(Slot(of: self, waiting: true, origin: origin))
      }
      guard counts.served < self.limit else { return .failure(.full) }
      counts.served += 1
      return .success(Slot(of: self, waiting: false, origin: origin))
    }
  }

  fileprivate func promote(origin: String) -> Bool {
    self.counts.withLock { counts in
      guard counts.served < self.limit else { return false }
      counts.waiting -= 1
      Self.release(origin, from: &counts)
      counts.served += 1
      return true
    }
  }

  fileprivate func close(waiting: Bool, origin: String) {
    self.counts.withLock { counts in
      if waiting {
        counts.waiting -= 1
        Self.release(origin, from: &counts)
      } else {
        counts.served -= 1
      }
    }
  }

  private static func release(_ origin: String, from counts: inout Counts) {
    let left = counts.waitingByOrigin[origin, default: 1] - 1
    counts.waitingByOrigin[origin] = left > 0 ? left : nil
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

    private let origin: String

    fileprivate init(of connections: OpenConnections, waiting: Bool, origin: String) {
      self.connections = connections
      self.origin = origin
      self.state = Mutex(waiting ? .waiting : .served)
    }

    /// Whether the connection still waits for its first request.
    var isWaiting: Bool { self.state.withLock { $0 == .waiting } }

    /// Moves a waiting connection, whose first request has arrived, among the served ones; `false` when they are
    /// full (the connection keeps its waiting place until it closes). `true` for a connection already served.
    func promote() -> Bool {
      self.state.withLock { state in
        guard state == .waiting else { return state == .served }
        guard self.connections.promote(origin: self.origin) else { return false }
        state = .served
        return true
      }
    }

    /// Gives the place back; once only.
    func close() {
      self.state.withLock { state in
        switch state {
        case .waiting: self.connections.close(waiting: true, origin: self.origin)
        case .served: self.connections.close(waiting: false, origin: self.origin)
        case .closed: break
        }
        state = .closed
      }
    }
  }
}

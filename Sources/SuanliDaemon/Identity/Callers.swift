internal import Synchronization

/// Resolves peer credentials into callers with the configuration in force, remembering each for a short while:
/// resolving one reads the user and group databases, too slow for every request of a busy client. A reload
/// replaces the authorizer and forgets what was remembered.
final class Callers: Sendable {
  private struct Key: Hashable {
    var uid: UInt32
    var gid: UInt32
  }
  private struct State {
    var authorizer: Authorizer
    var remembered: [Key: (caller: Caller, expires: ContinuousClock.Instant)] = [:]
  }
  private let state: Mutex<State>
  private let lifetime: Duration

  init(authorizer: Authorizer, lifetime: Duration = .seconds(10)) {
    state = Mutex(State(authorizer: authorizer))
    self.lifetime = lifetime
  }

  func caller(uid: UInt32, gid: UInt32) -> Caller {
    let key = Key(uid: uid, gid: gid)
    let now = ContinuousClock.now
    let (known, authorizer) = state.withLock { ($0.remembered[key], $0.authorizer) }
    if let known, known.expires > now { return known.caller }
    let caller = authorizer.caller(uid: uid, gid: gid)
    state.withLock { state in
      if state.remembered.count > 10_000 { state.remembered.removeAll() }
      state.remembered[key] = (caller, now + lifetime)
    }
    return caller
  }

  func replace(_ authorizer: Authorizer) {
    state.withLock { $0 = State(authorizer: authorizer) }
  }
}

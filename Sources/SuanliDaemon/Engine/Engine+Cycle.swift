internal import SuanliCore

/// The scheduling cycle: the core decides, the daemon records and tells the agents once durable.
extension Engine {
  /// Runs one cycle; returns how many decisions it made.
  @discardableResult
  func runCycle() async throws -> Int {
    let now = now()
    let decisions = core.cycle(at: now)
    apply(decisions, at: now)
    try await durable()
    return decisions.count
  }
}

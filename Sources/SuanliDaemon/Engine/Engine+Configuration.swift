internal import SuanliAPI
internal import SuanliConfig
internal import SuanliCore
internal import SystemdKit

/// Reloads and budget grants: what operators change.
extension Engine {
  /// Applies a new configuration (enterprises, quotas, prices, scheduler settings) without losing a job. An
  /// invalid one is refused and the old one stays.
  func reload(_ new: DaemonConfig) async throws {
    do {
      try core.reconfigure(enterprises: new.enterpriseSpecs, prices: new.prices, config: new.scheduler)
    } catch {
      throw APIError(
        .invalidField, "configuration refused: \(error)", hint: "the previous configuration stays in force")
    }
    let old = config
    config = new
    callers.replace(Authorizer(config: new))
    for enterprise in new.enterprises where old.enterprises.first(where: { $0.id == enterprise.id }) != enterprise {
      log(
        LogRecord(
          .quotaChanged, "enterprise \(enterprise.id): quotas or membership changed",
          metadata: [LogKey.enterprise: "\(enterprise.id)"]))
      if old.enterprises.contains(where: { $0.id == enterprise.id }) == false { recordLedgerState(of: enterprise.id) }
    }
    if new.socketPath != old.socketPath || new.stateDirectory != old.stateDirectory
      || new.agentListener != old.agentListener || new.maxRequestBytes != old.maxRequestBytes
    {
      log(
        LogRecord(
          .configReloaded,
          "socket, state directory, [agents] and request size changes take effect at the next restart", level: .notice)
      )
    }
    log(LogRecord(.configReloaded, "configuration reloaded: \(new.enterprises.count) enterprises"))
    cycleSignal.request()
    try await durable()
  }

  func grant(_ enterprise: String, credits: Credits, note: String?, caller: Caller) async throws -> EnterpriseInfo {
    guard caller.isOperator else {
      throw APIError(.forbidden, "only operators may grant credits", hint: "run as root or a member of the admin group")
    }
    let now = now()
    do {
      apply(try core.handle(.grant(enterprise: enterprise, credits), at: now), at: now, note: note)
    } catch {
      throw APIError(.invalidField, "cannot grant: \(error)")
    }
    log(
      LogRecord(
        .creditsGranted, "\(credits) credits granted to \(enterprise) by \(caller.user)\(note.map { ": \($0)" } ?? "")",
        metadata: [LogKey.enterprise: "\(enterprise)", LogKey.user: "\(caller.user)"]))
    cycleSignal.request()
    try await durable()
    return try self.enterprise(enterprise, caller: caller)
  }
}

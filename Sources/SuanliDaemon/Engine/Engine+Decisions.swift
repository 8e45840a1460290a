internal import Logging
internal import SuanliAPI
internal import SuanliCore
internal import SystemdKit

/// Carrying out what the core decided: the daemon's records, the timeline, usage, ledger and the journal.
extension Engine {
  func apply(_ decisions: [Decision], at now: Int64, note: String? = nil) {
    var charges: [Int64: Int64] = [:]
    var endedArrays = Set<Int64>()
    defer { refill(endedArrays, at: now) }
    for (position, decision) in decisions.enumerated() {
      switch decision {
      case .start(let id, let placement): started(id.row, placement, at: now)
      case .stop(let id, _): detach(id.row)
      case .preempt(let victim, let preemptor, let requeued):
        record(event: "preempted", job: victim.row, at: now, detail: "by job \(preemptor)")
        log(
          LogRecord(
            .jobPreempted, "job \(victim) preempted by job \(preemptor)\(requeued ? ", requeued" : "")",
            metadata: metadata(victim.row)))
        // A requeued victim goes back to the queue now (the core says so only with this decision); what it is
        // charged follows as ledger entries. One that is not requeued ends with an `.ended` decision.
        if requeued {
          let charged = Self.charge(of: victim, after: position, in: decisions)
          self.requeued(victim.row, .preempted, charged: charged, at: now)
        } else {
          detach(victim.row)
        }
      case .requeued(let id, let cause): requeued(id.row, cause, charged: charges[id.row, default: 0], at: now)
      case .ended(let id, let end, let charged):
        if let row = jobs[id.row], row.arrayLimit != nil, let array = row.arrayJob { endedArrays.insert(array) }
        ended(id.row, end, charged: charged.millis, at: now)
      case .nodeStateChanged(let name, let state):
        guard var row = nodes[name] else { continue }
        row.state = state.rawValue
        record(node: row)
        log(LogRecord(.nodeDrained, "node \(name) is \(state.rawValue)", metadata: [LogKey.node: "\(name)"]))
      case .ledger(let entry):
        if entry.kind == .charge, let job = entry.job { charges[job.row, default: 0] += entry.amount.millis }
        pending.ledger.append(
          LedgerRow(
            seq: nil, time: entry.time, enterprise: entry.enterprise, job: entry.job?.row, kind: entry.kind.rawValue,
            amountMillis: entry.amount.millis, balanceMillis: entry.balance.millis,
            availableMillis: entry.available.millis, note: entry.kind == .grant ? note : nil))
        recordLedgerState(of: entry.enterprise)
        noteBudget(of: entry.enterprise, available: entry.available)
      }
    }
  }

  private func started(_ id: Int64, _ placement: Placement, at now: Int64) {
    guard var row = jobs[id] else { return }
    row.state = JobStateName.starting.rawValue
    row.startTime = now
    row.placement = StoredPlacement(placement)
    row.heldMillis = placement.hold.millis
    record(job: row)
    for slot in placement.slots {
      jobsOnNode[slot.node, default: []].insert(id)
      nodesToWake.insert(slot.node)
    }
    let whereabouts = placement.slots.map { "\($0.node)[\($0.cardIndices.map(String.init).joined(separator: ","))]" }
      .joined(separator: " ")
    record(event: "started", job: id, at: now, detail: whereabouts)
    log(LogRecord(.jobStarted, "job \(id) started on \(whereabouts)", metadata: metadata(id)))
  }

  /// What the ledger entries right after `position` charge `job` (a release's charge follows its decision).
  static func charge(of job: JobID, after position: Int, in decisions: [Decision]) -> Int64 {
    var charged: Int64 = 0
    for decision in decisions[(position + 1)...] {
      guard case .ledger(let entry) = decision else { break }
      if entry.kind == .charge && entry.job == job { charged += entry.amount.millis }
    }
    return charged
  }

  /// The job no longer runs on its nodes: their agents stop it.
  func detach(_ id: Int64) {
    gangSucceeded[id] = nil
    guard let placement = jobs[id]?.placement else { return }
    for node in placement.nodes {
      jobsOnNode[node]?.remove(id)
      nodesToWake.insert(node)
    }
  }

  private func requeued(_ id: Int64, _ cause: JobEnd, charged: Int64, at now: Int64) {
    guard var row = jobs[id] else { return }
    detach(id)
    recordUsage(of: row, charged: charged, at: now)
    row.state = JobStateName.pending.rawValue
    row.chargedMillis += charged
    row.placement = nil
    row.startTime = nil
    row.heldMillis = 0
    row.requeues += 1
    requeuedAt[id] = now
    record(job: row)
    record(event: "requeued", job: id, at: now, detail: cause.rawValue)
    log(LogRecord(.jobRequeued, "job \(id) requeued (\(cause.rawValue))", metadata: metadata(id)))
  }

  private func ended(_ id: Int64, _ end: JobEnd, charged: Int64, at now: Int64) {
    guard var row = jobs[id] else { return }
    detach(id)
    if row.placement != nil { recordUsage(of: row, charged: charged, at: now) }
    let state = JobStateName(rawValue: end.rawValue) ?? .failed
    row.state = state.rawValue
    row.endTime = now
    row.chargedMillis += charged
    row.heldMillis = 0
    let meta = metadata(id)
    record(job: row)
    let message = endMessages.removeValue(forKey: id)
    requeuedAt[id] = nil
    record(event: state.rawValue, job: id, at: now, detail: message ?? row.exitCode.map { "exit code \($0)" })
    let credits = Credits(millis: charged)
    switch end {
    case .cancelled: log(LogRecord(.jobCancelled, "job \(id) cancelled", metadata: meta))
    case .timeout: log(LogRecord(.jobTimedOut, "job \(id) timed out, charged \(credits)", metadata: meta))
    default:
      let code = row.exitCode.map { ", exit code \($0)" } ?? ""
      let why = message.map { " (\($0))" } ?? ""
      log(LogRecord(.jobFinished, "job \(id) \(state.rawValue)\(code)\(why), charged \(credits)", metadata: meta))
    }
  }

  private func recordUsage(of row: JobRow, charged: Int64, at now: Int64) {
    guard let start = row.startTime else { return }
    let seconds = max(0, now - start)
    pending.usage.append(
      UsageRecord(
        job: row.id, enterprise: row.enterprise, user: row.user, model: row.placement?.model, start: start, end: now,
        cardSeconds: seconds * Int64(row.cards * row.nodes),
        cpuMilliSeconds: seconds * Int64(row.cpuMillis * row.nodes),
        chargedMillis: charged, waitSeconds: max(0, start - (requeuedAt[row.id] ?? row.submitTime))))
  }

  /// Tells the journal once when an enterprise's available credits run out (and again after they came back).
  private func noteBudget(of enterprise: String, available: Credits) {
    if available > .zero {
      exhaustedEnterprises.remove(enterprise)
    } else if exhaustedEnterprises.insert(enterprise).inserted {
      log(
        LogRecord(
          .budgetExhausted, "enterprise \(enterprise) has no credits left (available \(available))", level: .warning,
          metadata: [LogKey.enterprise: "\(enterprise)"]))
    }
  }

  /// The journal fields of a job's entries.
  func metadata(_ id: Int64) -> Logger.Metadata {
    guard let row = jobs[id] ?? pending.jobs[id] else { return [LogKey.jobID: "\(id)"] }
    var fields: Logger.Metadata = [
      LogKey.jobID: "\(id)", LogKey.enterprise: "\(row.enterprise)", LogKey.user: "\(row.user)",
    ]
    if let nodes = row.placement?.nodes, !nodes.isEmpty { fields[LogKey.node] = "\(nodes.joined(separator: ","))" }
    return fields
  }
}

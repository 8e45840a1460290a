internal import Foundation
internal import SuanliAPI
internal import SuanliCore

/// Read-only requests: jobs, nodes, enterprises, ledgers, usage, daemon info.
extension Engine {
  struct JobFilter: Sendable {
    var states: [JobStateName] = []
    var enterprise: String?
    var user: String?
    var after: Int64 = 0
    var limit = 1_000
    /// Include each pending job's priority breakdown (`suanli priority`).
    var withPriority = false
  }

  static let activeStates: [JobStateName] = [.pending, .held, .starting, .running]

  func jobInfo(_ id: Int64, caller: Caller) throws -> JobInfo {
    guard let row = try storedJob(id), caller.mayAccess(enterprise: row.enterprise) else {
      throw APIError(.notFound, "no job \(id)", hint: "suanli queue lists your jobs")
    }
    var info = view(of: row, detail: true)
    // Submission is the job row itself; every later step is a timeline row.
    let steps = try timeline(of: id)
    info.timeline =
      [TimelineEntry(time: row.submitTime, event: "submitted")]
      + steps.map { TimelineEntry(time: $0.time, event: $0.event, detail: $0.detail) }
    return info
  }

  /// A job's timeline rows: stored, being committed, not yet committed. A batch whose commit has just ended may
  /// be read from both the database and memory: its rows are then counted once.
  func timeline(of id: Int64) throws -> [JobEventRow] {
    let stored = try store.timeline(of: id)
    var committing = committingEvents.filter { $0.job == id }
    if !committing.isEmpty {
      var unmatched = stored.map {
        JobEventRow(seq: nil, job: $0.job, time: $0.time, event: $0.event, detail: $0.detail)
      }
      committing.removeAll { row in
        guard let index = unmatched.firstIndex(of: row) else { return false }
        unmatched.remove(at: index)
        return true
      }
    }
    return stored + committing + pending.events.filter { $0.job == id }
  }

  /// Jobs the caller may see, by id. Jobs not yet ended come from memory; ended ones from the database.
  func listJobs(_ filter: JobFilter, caller: Caller) throws -> JobList {
    if let enterprise = filter.enterprise, !caller.mayAccess(enterprise: enterprise) {
      throw APIError(.forbidden, "you may not see the jobs of enterprise '\(enterprise)'")
    }
    let states = filter.states.isEmpty ? Self.activeStates : filter.states
    let visible = { (row: JobRow) in
      caller.mayAccess(enterprise: row.enterprise) && (filter.enterprise.map { $0 == row.enterprise } ?? true)
        && (filter.user.map { $0 == row.user } ?? true)
    }
    var rows: [JobRow]
    if states.allSatisfy(Self.activeStates.contains) {
      let wanted = Set(states.map(\.rawValue))
      rows = jobs.values.filter { $0.id > filter.after && wanted.contains($0.state) && visible($0) }
      rows.sort { $0.id < $1.id }
      if rows.count > filter.limit { rows.removeLast(rows.count - filter.limit) }
    } else {
      let enterprise =
        filter.enterprise ?? (caller.isOperator || caller.enterprises.count != 1 ? nil : caller.enterprises[0])
      rows = try store.jobs(
        states: states.map(\.rawValue), enterprise: enterprise, user: filter.user, after: filter.after,
        limit: filter.limit
      ).filter(visible).map { jobs[$0.id] ?? pending.jobs[$0.id] ?? $0 }
    }
    let next = rows.count == filter.limit ? rows.last.map { UInt64($0.id) } : nil
    return JobList(jobs: views(of: rows, withPriority: filter.withPriority), nextAfter: next)
  }

  func listNodes() -> NodeList { NodeList(nodes: nodes.keys.sorted().compactMap { nodes[$0].map(view(of:)) }) }

  func node(_ name: String) throws(APIError) -> NodeInfo {
    guard let row = nodes[name] else { throw APIError(.notFound, "no node \(name)", hint: "suanli nodes lists them") }
    return view(of: row)
  }

  func listEnterprises(caller: Caller) -> EnterpriseList {
    EnterpriseList(
      enterprises: core.enterpriseIDs.filter { caller.mayAccess(enterprise: $0) && isConfigured($0) }
        .compactMap { [demands = pendingDemands()] in view(ofEnterprise: $0, demand: demands[$0] ?? ResourceAmounts()) }
    )
  }

  func enterprise(_ id: String, caller: Caller) throws(APIError) -> EnterpriseInfo {
    guard caller.mayAccess(enterprise: id), isConfigured(id),
      let info = view(ofEnterprise: id, demand: pendingDemands()[id] ?? ResourceAmounts())
    else {
      throw APIError(.notFound, "no enterprise \(id) that you may see", hint: "suanli quota lists yours")
    }
    return info
  }

  func ledger(of id: String, limit: Int, caller: Caller) throws -> Ledger {
    let info = try enterprise(id, caller: caller)
    let entries =
      pending.ledger.filter { $0.enterprise == id }.reversed().map(Self.view(of:))
      + (try store.ledger(of: id, limit: limit)).map(Self.view(of:))
    return Ledger(enterprise: info, entries: Array(entries.prefix(limit)))
  }

  func usage(since: Int64?, until: Int64?, enterprise: String?, by: String, caller: Caller) throws -> UsageReport {
    if let enterprise, !caller.mayAccess(enterprise: enterprise) {
      throw APIError(.forbidden, "you may not see the usage of enterprise '\(enterprise)'")
    }
    guard ["model", "user", "day", "enterprise"].contains(by) else {
      throw APIError(.invalidField, "by: must be model, user, day or enterprise")
    }
    let records = try store.usage(since: since, until: until, enterprise: enterprise)
      .filter { caller.mayAccess(enterprise: $0.enterprise) }
    return UsageReport(since: since, until: until, by: by, rows: UsageAggregation.rows(records, by: by))
  }

  func info(caller: Caller) -> DaemonInfo {
    var counts = DaemonInfo.JobCounts(pending: 0, held: 0, running: 0)
    for row in jobs.values {
      switch JobStateName(rawValue: row.state) {
      case .pending: counts.pending += 1
      case .held: counts.held += 1
      case .starting, .running: counts.running += 1
      default: break
      }
    }
    var states: [String: Int] = [:]
    for name in nodes.keys { states[core.node(name)?.state.rawValue ?? "unknown", default: 0] += 1 }
    let now = now()
    return DaemonInfo(
      version: APIVersion.release, apiVersion: String(APIVersion.prefix.dropFirst()), schema: APIVersion.schema,
      startedAt: startedAt, uptimeSeconds: now - startedAt, jobs: counts, nodes: states,
      caller: DaemonInfo.Caller(
        uid: caller.uid, user: caller.user, isOperator: caller.isOperator, enterprises: caller.enterprises))
  }

  /// One line for systemd's STATUS=: what an operator sees in `systemctl status suanlid`.
  func statusLine() -> String {
    let info = info(caller: Caller(uid: 0, gid: 0, user: "root", isOperator: true, isAgent: false, enterprises: []))
    return
      "\(info.jobs.pending) pending, \(info.jobs.running) running, \(info.jobs.held) held; \(info.nodes["ready", default: 0]) of \(nodes.count) nodes ready"
  }

  private func isConfigured(_ id: String) -> Bool { config.enterprises.contains { $0.id == id } }
}

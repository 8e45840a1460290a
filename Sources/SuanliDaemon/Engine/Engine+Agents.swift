internal import SuanliAPI
internal import SuanliCore

/// What agents fetch and report: each node's assignments, and how its jobs are doing.
extension Engine {
  /// What should run on the node now.
  func assignments(of node: String, caller: Caller) throws(APIError) -> Assignments {
    try requireAgent(caller, node: node)
    guard nodes[node] != nil else {
      throw APIError(.notFound, "node \(node) is not registered", hint: "the agent registers first")
    }
    let version = board.version(of: node)
    let ids = (jobsOnNode[node] ?? []).sorted()
    return Assignments(version: version, jobs: ids.compactMap { id in jobs[id].flatMap { assignment($0, on: node) } })
  }

  private func assignment(_ row: JobRow, on node: String) -> Assignment? {
    guard let placement = row.placement, let position = placement.nodes.firstIndex(of: node) else { return nil }
    return Assignment(
      jobId: UInt64(row.id), name: row.name, uid: row.uid, gid: row.gid, user: row.user, command: row.command,
      env: row.env, workdir: row.workdir, cpuMillis: row.cpuMillis, memoryMib: row.memoryMib, model: placement.model,
      cards: placement.cards[position], nodelist: placement.nodes, walltimeSeconds: row.walltime,
      arrayIndex: row.arrayIndex, startTime: row.startTime ?? 0)
  }

  /// The timeline event of one node of a multi-node job whose processes succeeded (detail: the node).
  static let gangNodeSucceeded = "node_succeeded"

  /// An agent reports that a job's processes started (`running`) or ended (`succeeded`, `failed`, `timeout`).
  func report(_ id: Int64, _ report: JobStateReport, caller: Caller) async throws -> JobInfo {
    try requireAgent(caller, node: report.node)
    guard var row = jobs[id], row.placement?.nodes.contains(report.node) == true else {
      throw APIError(
        .conflict, "job \(id) is not assigned to node \(report.node)",
        hint: "stop it: it is not in the node's assignments")
    }
    let now = now()
    let jobID = JobID(UInt64(id))
    switch report.state {
    case "running":
      guard row.state == JobStateName.starting.rawValue else { return view(of: row, detail: false) }
      row.state = JobStateName.running.rawValue
      row.logPath = report.logPath ?? row.logPath
      record(job: row)
      record(event: "running", job: id, at: now, detail: "on \(report.node)")
      log(LogRecord(.jobRunning, "job \(id) running on \(report.node)", metadata: metadata(id)))
    case "succeeded", "failed", "timeout":
      guard let end = JobEnd(rawValue: report.state) else { throw APIError(.invalidField, "state: unknown") }
      if end == .succeeded, let nodes = row.placement?.nodes, nodes.count > 1 {
        let first = gangSucceeded[id, default: []].insert(report.node).inserted
        if gangSucceeded[id]?.count ?? 0 < Set(nodes).count {
          // A repeated report (the agent retried) changes nothing.
          guard first else { return view(of: try storedJob(id) ?? row, detail: false) }
          // The job goes on on its other nodes: it ends when all of them have succeeded, or one fails.
          record(event: Self.gangNodeSucceeded, job: id, at: now, detail: report.node)
          try await durable()
          return view(of: try storedJob(id) ?? row, detail: false)
        }
      }
      let before = jobs[id]
      row.exitCode = report.exitCode
      row.signal = report.signal
      jobs[id] = row
      endMessages[id] = report.message
      defer { endMessages[id] = nil }
      do {
        apply(try core.handle(.jobFinished(jobID, end), at: now), at: now)
      } catch {
        jobs[id] = before  // a refused report changes nothing
        throw APIError(.conflict, "job \(id) cannot finish: \(error)")
      }
      cycleSignal.request()
    default:
      throw APIError(.invalidField, "state: must be running, succeeded, failed or timeout")
    }
    try await durable()
    return view(of: try storedJob(id) ?? row, detail: false)
  }
}

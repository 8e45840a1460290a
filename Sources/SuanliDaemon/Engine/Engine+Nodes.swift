internal import SuanliAPI
internal import SuanliCore
internal import SystemdKit

/// Nodes: agents register and send heartbeats; operators drain and resume; silent nodes are declared lost.
extension Engine {
  func register(_ registration: AgentRegistration, caller: Caller) async throws -> AgentAck {
    try requireAgent(caller, node: registration.node)
    let now = now()
    let spec = NodeSpec(
      name: registration.node, labels: registration.labels, cpuMillis: registration.cpuMillis,
      memoryMiB: registration.memoryMib, model: registration.model, cards: registration.cards)
    let wasKnown = nodes[spec.name] != nil
    do {
      apply(try core.handle(.registerNode(spec), at: now), at: now)
    } catch {
      throw APIError(.invalidField, "cannot register node \(spec.name): \(error)")
    }
    var row =
      nodes[spec.name]
      ?? NodeRow(
        name: spec.name, labels: [:], cpuMillis: 0, memoryMib: 0, model: nil, cards: 0, state: "ready",
        stateReason: nil, lastHeartbeat: now)
    row.labels = spec.labels
    row.cpuMillis = spec.cpuMillis
    row.memoryMib = spec.memoryMiB
    row.model = spec.model
    row.cards = spec.cards
    row.state = core.node(spec.name)?.state.rawValue ?? "ready"
    if row.state == NodeState.ready.rawValue { row.stateReason = nil }
    row.lastHeartbeat = now
    lastHeartbeat[spec.name] = now
    record(node: row)
    loseJobsMissing(from: registration, at: now)
    nodesToWake.insert(spec.name)
    let cards = spec.model.map { ", \(spec.cards)× \($0)" } ?? ""
    log(
      LogRecord(
        .nodeRegistered,
        "node \(spec.name) \(wasKnown ? "re-registered" : "registered"): \(Double(spec.cpuMillis) / 1000) CPUs, \(spec.memoryMiB) MiB\(cards)",
        metadata: [LogKey.node: "\(spec.name)"]))
    cycleSignal.request()
    try await durable()
    return AgentAck(heartbeatIntervalSeconds: config.heartbeatInterval)
  }

  func heartbeat(_ beat: AgentHeartbeat, caller: Caller) throws(APIError) -> AgentAck {
    try requireAgent(caller, node: beat.node)
    guard let row = nodes[beat.node] else {
      throw APIError(.notFound, "node \(beat.node) is not registered", hint: "the agent registers first")
    }
    guard row.state != NodeState.down.rawValue else {
      throw APIError(.conflict, "node \(beat.node) was declared down", hint: "the agent registers again")
    }
    lastHeartbeat[beat.node] = now()
    return AgentAck(heartbeatIntervalSeconds: config.heartbeatInterval)
  }

  /// Drains (`.draining`) or resumes (`.ready`) a node, on an operator's request.
  func setState(of name: String, to state: NodeState, reason: String?, caller: Caller) async throws -> NodeInfo {
    guard caller.isOperator else {
      throw APIError(
        .forbidden, "only operators may drain or resume nodes", hint: "run as root or a member of the admin group")
    }
    guard var row = nodes[name] else { throw APIError(.notFound, "no node \(name)", hint: "suanli nodes lists them") }
    let now = now()
    do {
      apply(try core.handle(.setNodeState(name, state), at: now), at: now)
    } catch {
      throw APIError(.conflict, "cannot set node \(name) \(state.rawValue): \(error)")
    }
    row = nodes[name] ?? row
    row.state = core.node(name)?.state.rawValue ?? state.rawValue
    row.stateReason = state == .ready ? nil : reason
    record(node: row)
    log(
      LogRecord(
        .nodeStateChanged, "node \(name) \(row.state) by \(caller.user)\(reason.map { ": \($0)" } ?? "")",
        metadata: [LogKey.node: "\(name)", LogKey.user: "\(caller.user)"]))
    cycleSignal.request()
    try await durable()
    return view(of: nodes[name] ?? row)
  }

  /// Declares down every node whose agent has been silent longer than `down_after`; its jobs are requeued or end
  /// as `node_failed`.
  func checkHeartbeats() async throws {
    let now = now()
    let silent = nodes.values.filter { row in
      row.state != NodeState.down.rawValue && now - (lastHeartbeat[row.name] ?? now) > config.nodeDownAfter
    }
    guard !silent.isEmpty else { return }
    for var row in silent.sorted(by: { $0.name < $1.name }) {
      let running = jobsOnNode[row.name]?.count ?? 0
      guard let decisions = try? core.handle(.nodeLost(row.name), at: now) else { continue }
      apply(decisions, at: now)
      row.state = NodeState.down.rawValue
      row.stateReason = "no heartbeat for \(now - (lastHeartbeat[row.name] ?? now)) s"
      record(node: row)
      log(
        LogRecord(
          .nodeLost, "node \(row.name) lost: \(row.stateReason ?? ""); \(running) job(s) requeued or failed",
          level: .warning, metadata: [LogKey.node: "\(row.name)"]))
    }
    cycleSignal.request()
    try await durable()
  }

  /// The caller may act as the agent of `node`: root or the agent user on the socket, or that node's token.
  func requireAgent(_ caller: Caller, node: String) throws(APIError) {
    guard caller.isAgent else {
      throw APIError(
        .forbidden, "only agents may call the agent endpoints", hint: "agents run as root or the configured agent_user")
    }
    if let own = caller.node, own != node {
      throw APIError(
        .forbidden, "this token is node \(own)'s, not node \(node)'s",
        hint: "each node uses its own token: ask an operator for `suanli node token \(node)`")
    }
  }

  /// Jobs the agent had confirmed running on this node but no longer has (it came back without them, e.g. its
  /// state was lost): requeued, or ended as `node_failed`, like a node failure for those jobs alone. Jobs still
  /// `starting` are left alone: the agent may not have fetched them yet.
  private func loseJobsMissing(from registration: AgentRegistration, at now: Int64) {
    let reported = Set(registration.running.map { Int64($0) })
    let missing = (jobsOnNode[registration.node] ?? []).filter { id in
      !reported.contains(id) && jobs[id]?.state == JobStateName.running.rawValue
    }
    for id in missing.sorted() {
      guard let decisions = try? core.handle(.jobLost(JobID(UInt64(id))), at: now) else { continue }
      log(
        LogRecord(
          .jobRequeued, "job \(id) is no longer running on \(registration.node) (its agent came back without it)",
          level: .warning, metadata: metadata(id)))
      apply(decisions, at: now)
    }
  }
}

internal import Logging
internal import SuanliAPI
internal import SuanliCore
internal import SystemdKit

/// A starting daemon rebuilds its state from the database: ledgers, nodes, running jobs on their cards,
/// then the queue in submit order.
extension Engine {
  func restore() throws {
    let snapshot = try store.load()
    let now = now()
    for state in snapshot.enterprises where core.enterprise(state.id) != nil {
      try core.restoreLedger(
        enterprise: state.id, balance: Credits(millis: state.balanceMillis), decayedUsage: state.decayedUsage)
    }
    for var row in snapshot.nodes {
      restore(node: &row, at: now)
      nodes[row.name] = row
      lastHeartbeat[row.name] = now
    }
    var restored = 0
    for row in snapshot.jobs {
      if restore(job: row, at: now) { restored += 1 }
    }
    nextJobID = snapshot.nextJobID
    logger.info(
      "restored \(restored) jobs and \(snapshot.nodes.count) nodes from \(store.path)",
      metadata: [LogKey.event: "state_restored"])
  }

  private func restore(node row: inout NodeRow, at now: Int64) {
    let spec = NodeSpec(
      name: row.name, labels: row.labels, cpuMillis: row.cpuMillis, memoryMiB: row.memoryMib, model: row.model,
      cards: row.cards)
    do {
      _ = try core.handle(.registerNode(spec), at: now)
      if let state = NodeState(rawValue: row.state), state != .ready {
        _ = try core.handle(.setNodeState(row.name, state == .drained ? .draining : state), at: now)
      }
    } catch {
      logger.error("node \(row.name) could not be restored: \(error)", metadata: [LogKey.node: "\(row.name)"])
    }
  }

  /// Puts a job back into the core; a job that cannot come back (its enterprise or node is gone) ends.
  private func restore(job row: JobRow, at now: Int64) -> Bool {
    do {
      if row.requeues > 0, let requeued = try store.timeline(of: row.id).last(where: { $0.event == "requeued" }) {
        requeuedAt[row.id] = requeued.time
      }
      if let placement = row.corePlacement, let start = row.startTime {
        try core.restoreRunning(row.spec, placement: placement, startTime: start)
        for node in placement.slots.map(\.node) { jobsOnNode[node, default: []].insert(row.id) }
        if placement.slots.count > 1 {
          let succeeded = try store.timeline(of: row.id).filter {
            $0.event == Self.gangNodeSucceeded && $0.time >= start
          }
          gangSucceeded[row.id] = Set(succeeded.compactMap(\.detail))
        }
      } else {
        _ = try core.handle(.submit(row.spec), at: now)
      }
      record(restored: row)
      return true
    } catch {
      var ended = row
      ended.state = row.placement == nil ? JobStateName.cancelled.rawValue : JobStateName.nodeFailed.rawValue
      ended.endTime = now
      ended.heldMillis = 0
      pending.jobs[row.id] = ended
      record(event: ended.state, job: row.id, at: now, detail: "not restored: \(error)")
      log(
        LogRecord(
          .jobCancelled, "job \(row.id) could not be restored and ended as \(ended.state): \(error)", level: .error,
          metadata: [LogKey.jobID: "\(row.id)", LogKey.enterprise: "\(row.enterprise)"]))
      return false
    }
  }
}

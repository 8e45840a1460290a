/// Rebuilding the core after a daemon restart, from what the daemon had made durable: each enterprise's ledger
/// and every job that was running, on exactly the nodes and cards it held. Pending and held jobs come back with
/// plain `.submit` events (their spec keeps the original submit time, so they keep their place).
extension Scheduler {
  /// Restores an enterprise's budget balance and its decayed fair-share usage.
  public mutating func restoreLedger(enterprise id: String, balance: Credits, decayedUsage: Double)
    throws(CoreError)
  {
    guard let e = enterpriseIndex[id] else { throw .unknownEnterprise(id) }
    guard decayedUsage.isFinite, decayedUsage >= 0 else {
      throw .invalidRequest("decayed usage must be a finite number >= 0")
    }
    enterprises[Int(e)].balance = balance
    enterprises[Int(e)].decayedUsage = decayedUsage
    roomOrCreditsGrew(of: e)
  }

  /// Restores a job that was running when the daemon stopped, on the nodes and card indices of `placement`,
  /// started at `startTime`. The nodes must be registered and not down, and the cards and resources free.
  /// On error nothing changes.
  public mutating func restoreRunning(_ spec: JobSpec, placement: Placement, startTime: Time) throws(CoreError) {
    guard (-Self.maxTime...Self.maxTime).contains(startTime) else { throw .invalidRequest("time out of range") }
    guard jobs[spec.id] == nil else { throw .duplicateJob(spec.id) }
    let chosen = try restoredNodes(spec, placement)
    let modelIndex = try restoredModelIndex(spec, placement)
    var pending = spec
    pending.held = false
    _ = try handle(.submit(pending), at: startTime)
    var ignored: [Decision] = []
    start(spec.id, modelIndex: modelIndex, on: chosen.map(\.node), now: startTime, decisions: &ignored)
    // `start` took the lowest free cards; put the job on the cards it really holds.
    guard var allocation = jobs[spec.id]?.allocation else { return }
    for (position, entry) in chosen.enumerated() {
      let n = Int(entry.node)
      nodes[n].usedCards = (nodes[n].usedCards & ~allocation.cardMasks[position]) | entry.mask
      allocation.cardMasks[position] = entry.mask
    }
    jobs[spec.id]!.allocation = allocation
  }

  /// The nodes and card masks of a placement to restore, checked against the nodes as they are now.
  private func restoredNodes(_ spec: JobSpec, _ placement: Placement) throws(CoreError)
    -> [(node: Int32, mask: UInt64)]
  {
    guard placement.slots.count == spec.nodeCount else {
      throw .invalidRequest("job \(spec.id): placement has \(placement.slots.count) nodes, job needs \(spec.nodeCount)")
    }
    var result: [(node: Int32, mask: UInt64)] = []
    for slot in placement.slots {
      guard let n = nodeIndex[slot.node] else { throw .unknownNode(slot.node) }
      guard !result.contains(where: { $0.node == n }) else {
        throw .invalidRequest("job \(spec.id): node \(slot.node) listed twice")
      }
      let node = nodes[Int(n)]
      guard node.state != .down else { throw .invalidRequest("job \(spec.id): node \(slot.node) is down") }
      guard slot.cardIndices.count == spec.perNode.cards else {
        throw .invalidRequest(
          "job \(spec.id): \(slot.cardIndices.count) cards on \(slot.node), needs \(spec.perNode.cards)")
      }
      var mask: UInt64 = 0
      for index in slot.cardIndices {
        guard (0..<node.spec.cards).contains(index), mask & (1 << UInt64(index)) == 0 else {
          throw .invalidRequest("job \(spec.id): card \(index) of \(slot.node) is not a distinct card of the node")
        }
        mask |= 1 << UInt64(index)
      }
      guard node.usedCards & mask == 0 else {
        throw .invalidRequest("job \(spec.id): cards of \(slot.node) are already in use")
      }
      guard node.freeCpu >= spec.perNode.cpuMillis, node.freeMemory >= spec.perNode.memoryMiB else {
        throw .invalidRequest("job \(spec.id): \(slot.node) has not enough free CPU or memory")
      }
      result.append((n, mask))
    }
    return result
  }

  /// The index, among the job's accepted models, of the model it runs on (0 for a CPU-only job).
  private func restoredModelIndex(_ spec: JobSpec, _ placement: Placement) throws(CoreError) -> Int {
    guard spec.perNode.cards > 0 else { return 0 }
    guard let model = placement.model, let index = spec.perNode.models.firstIndex(of: model) else {
      throw .invalidRequest("job \(spec.id): placement model is not one the job accepts")
    }
    for slot in placement.slots where nodeIndex[slot.node].map({ nodes[Int($0)].spec.model }) != model {
      throw .invalidRequest("job \(spec.id): \(slot.node) does not carry \(model) cards")
    }
    return index
  }
}

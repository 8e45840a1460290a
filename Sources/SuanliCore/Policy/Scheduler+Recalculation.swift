internal import HeapModule

/// Periodic recalculation of fair share and priorities (Slurm's PriorityCalcPeriod): usage decays by its
/// half-life and running jobs accrue their hourly rate; then every queue is re-ranked at the new snapshot.
extension Scheduler {
  mutating func recalculatePriorities(at now: Time) {
    let elapsed = lastRecalc == .min ? 0 : max(0, now - lastRecalc)
    var totalUsage = 0.0
    var totalWeight = 0.0
    for e in enterprises.indices where enterpriseIndex[enterprises[e].spec.id] != nil {
      enterprises[e].decayedUsage =
        Priority.decay(enterprises[e].decayedUsage, over: elapsed, halfLife: config.usageHalfLife)
        + Double(enterprises[e].runningRate) * Double(elapsed) / 3_600_000
      totalUsage += enterprises[e].decayedUsage
      totalWeight += enterprises[e].spec.fairShareWeight
    }
    for e in enterprises.indices {
      enterprises[e].fairShare = Priority.fairShareFactor(
        usage: enterprises[e].decayedUsage, totalUsage: totalUsage, weight: enterprises[e].spec.fairShareWeight,
        totalWeight: totalWeight)
    }
    snapshotTime = now
    lastRecalc = now
    settleReclaimIndex(includingReturns: true)
    // Every rank changed: reservations are recomputed and every shape is looked at again.
    dropAllReservations()
    unparkAllShapes()
    rebuildHeaps()
    rebuildStartsBySlot()
    // Parking lists keep stale entries until their enterprise changes: rebuild them from the buckets.
    rebuildEnterpriseParking()
  }

  /// The lazy start-time heaps only shed ended jobs when looked at: rebuild them from what runs (a job on
  /// several nodes of a slot is there once per node: harmless, and cheaper than a set). With room to grow: a
  /// heap built full would copy itself at the first start after.
  private mutating func rebuildStartsBySlot() {
    var entries: [[StartEntry]] = Array(repeating: [], count: startsBySlot.count)
    for n in nodes.indices where !nodes[n].runs.isEmpty {
      for run in nodes[n].runs { entries[nodes[n].slot].append(StartEntry(start: run.start, job: run.job)) }
    }
    startsBySlot = entries.map {
      var heap = Heap($0)
      heap.reserveCapacity(2 * $0.count)
      return heap
    }
  }

  /// The job's priority now, factor by factor, as `suanli priority` shows it.
  public func priority(of id: JobID) -> PriorityBreakdown? {
    guard let record = jobs[id] else { return nil }
    let enterprise = enterprises[Int(record.enterprise)]
    return Priority.breakdown(
      jobClass: record.jobClass, submit: record.submitTime, at: snapshotTime,
      fairShare: enterprise.fairShare, boost: enterprise.spec.boost, config: config)
  }
}

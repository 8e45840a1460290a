internal import SuanliAPI
internal import SuanliCore

/// The wire view of the daemon's records: the one place where domain and wire types meet.
extension Engine {
  func view(of row: JobRow, detail: Bool) -> JobInfo {
    var info = JobInfo(
      id: UInt64(row.id), name: row.name, enterprise: row.enterprise, user: row.user, uid: row.uid,
      state: JobStateName(rawValue: row.state) ?? .failed, jobClass: row.jobClass, command: row.command,
      workdir: row.workdir, cpuMillis: row.cpuMillis, memoryMib: row.memoryMib, cards: row.cards, models: row.models,
      nodes: row.nodes, selector: row.selector, walltimeSeconds: row.walltime, requeue: row.requeue,
      submitTime: row.submitTime, requeues: row.requeues)
    info.arrayJobId = row.arrayJob.map { UInt64($0) }
    info.arrayIndex = row.arrayIndex
    info.startTime = row.startTime
    info.endTime = row.endTime
    info.exitCode = row.exitCode
    info.signal = row.signal
    info.logPath = row.logPath
    info.placement = row.placement.map { placement in
      PlacementInfo(
        model: placement.model,
        nodes: zip(placement.nodes, placement.cards).map { PlacementInfo.NodeCards(node: $0, cards: $1) })
    }
    if row.heldMillis != 0 { info.heldCredits = Credits(millis: row.heldMillis).description }
    if row.chargedMillis != 0 || info.state.isFinal {
      info.chargedCredits = Credits(millis: row.chargedMillis).description
    }
    let id = JobID(UInt64(row.id))
    if detail {
      info.reason = Self.arrayLimitReason(row) ?? core.pendingReason(of: id).map(Self.view(of:))
      info.env = row.env
      info.priority = priority(of: row.id)
    }
    return info
  }

  func view(of row: NodeRow) -> NodeInfo {
    var info = NodeInfo(
      name: row.name, state: row.state, labels: row.labels, model: row.model, cards: row.cards,
      cpuMillis: row.cpuMillis, memoryMib: row.memoryMib)
    info.stateReason = row.stateReason
    info.lastHeartbeat = lastHeartbeat[row.name] ?? row.lastHeartbeat
    if let node = core.node(row.name) {
      info.state = node.state.rawValue
      info.cardsUsed = node.usedCardIndices.count
      info.usedCardIndices = node.usedCardIndices
      info.cpuMillisUsed = node.spec.cpuMillis - node.freeCpuMillis
      info.memoryMibUsed = node.spec.memoryMiB - node.freeMemoryMiB
      info.runningJobs = node.running.map(\.rawValue).sorted()
    }
    return info
  }

  /// `demand` is the enterprise's pending demand (`pendingDemands()`), computed once for a whole listing.
  func view(ofEnterprise id: String, demand: ResourceAmounts) -> EnterpriseInfo? {
    guard let view = core.enterprise(id) else { return nil }
    let name = config.enterprises.first { $0.id == id }?.name ?? id
    var quota = [
      ResourceQuota(
        resource: "cpu", guaranteed: view.spec.guaranteed.cpuMillis, limit: view.spec.limit.cpuMillis,
        inUse: view.inUse.cpuMillis, borrowed: view.borrowed.cpuMillis, pendingDemand: demand.cpuMillis),
      ResourceQuota(
        resource: "memory", guaranteed: view.spec.guaranteed.memoryMiB, limit: view.spec.limit.memoryMiB,
        inUse: view.inUse.memoryMiB, borrowed: view.borrowed.memoryMiB, pendingDemand: demand.memoryMiB),
    ]
    let models = Set(view.spec.limit.cards.keys).union(view.spec.guaranteed.cards.keys).union(view.inUse.cards.keys)
    for model in models.sorted() {
      quota.append(
        ResourceQuota(
          resource: model, guaranteed: view.spec.guaranteed.cards[model] ?? 0, limit: view.spec.limit.cards[model] ?? 0,
          inUse: view.inUse.cards[model] ?? 0, borrowed: view.borrowed.cards[model] ?? 0,
          pendingDemand: demand.cards[model] ?? 0))
    }
    return EnterpriseInfo(
      id: id, name: name, quota: quota, fairShareWeight: view.spec.fairShareWeight,
      fairShareFactor: view.fairShareFactor, boost: view.spec.boost, balance: view.balance.description,
      held: view.held.description, available: view.available.description, pendingJobs: view.pendingJobs,
      runningJobs: view.runningJobs)
  }

  /// What each enterprise's pending jobs ask for in all (cards counted under their first accepted model), in one
  /// pass over the jobs.
  func pendingDemands() -> [String: ResourceAmounts] {
    var demands: [String: ResourceAmounts] = [:]
    for row in jobs.values where row.state == JobStateName.pending.rawValue {
      var demand = demands[row.enterprise] ?? ResourceAmounts()
      demand.cpuMillis += row.cpuMillis * row.nodes
      demand.memoryMiB += row.memoryMib * row.nodes
      if row.cards > 0, let model = row.models.first { demand.cards[model, default: 0] += row.cards * row.nodes }
      demands[row.enterprise] = demand
    }
    return demands
  }

  /// Many jobs at once, for listings: their pending reasons are computed in one pass over the queue.
  func views(of rows: [JobRow], withPriority: Bool = false) -> [JobInfo] {
    let reasons = core.pendingReasons(of: rows.map { JobID(UInt64($0.id)) })
    return zip(rows, reasons).map { row, reason in
      var info = view(of: row, detail: false)
      info.reason = Self.arrayLimitReason(row) ?? reason.map(Self.view(of:))
      if withPriority { info.priority = priority(of: row.id) }
      return info
    }
  }

  func priority(of id: Int64) -> PriorityInfo? {
    core.priority(of: JobID(UInt64(id))).map { priority in
      PriorityInfo(
        total: priority.total, jobClass: priority.classPart, age: priority.agePart, fairShare: priority.fairSharePart,
        boost: priority.boostPart)
    }
  }

  static func view(of reason: PendingReason) -> PendingReasonInfo {
    // The core counts time in seconds; people read a reserved start as a UTC time.
    if case .reservation(let start?) = reason {
      return PendingReasonInfo(
        code: reason.code, message: "reservation: resources reserved from \(UTCTime.timestamp(of: start))")
    }
    return PendingReasonInfo(code: reason.code, message: reason.description)
  }

  static func view(of row: LedgerRow) -> LedgerEntryInfo {
    LedgerEntryInfo(
      seq: row.seq ?? 0, time: row.time, enterprise: row.enterprise, jobId: row.job.map { UInt64($0) }, kind: row.kind,
      amount: Credits(millis: row.amountMillis).description, balance: Credits(millis: row.balanceMillis).description,
      available: Credits(millis: row.availableMillis).description, note: row.note)
  }
}

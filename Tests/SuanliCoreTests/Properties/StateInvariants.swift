@testable import SuanliCore

/// Invariants of one scheduler state, recomputed from the running jobs' placements and compared with what
/// the nodes and enterprises report. Each returns the violations it finds (empty when all hold).
enum StateInvariants {
  // MARK: Nodes

  /// No node allocates beyond its capacity: free CPU, memory and cards are never negative and equal capacity
  /// minus what its running jobs hold; card indices are distinct across jobs and within `0..<cards`.
  static func nodeCapacity(_ s: Scheduler) -> [String] {
    var problems: [String] = []
    var cpu: [String: Int] = [:]
    var memory: [String: Int] = [:]
    var cards: [String: [Int]] = [:]
    var jobs: [String: [JobID]] = [:]
    for job in Oracle.jobs(s, in: .running) {
      guard let placement = job.placement else {
        problems.append("running job \(job.spec.id) has no placement")
        continue
      }
      for slot in placement.slots {
        cpu[slot.node, default: 0] += job.spec.perNode.cpuMillis
        memory[slot.node, default: 0] += job.spec.perNode.memoryMiB
        cards[slot.node, default: []] += slot.cardIndices
        jobs[slot.node, default: []].append(job.spec.id)
      }
    }
    for node in Oracle.nodes(s) {
      let name = node.spec.name
      let used = (cpu: cpu[name] ?? 0, memory: memory[name] ?? 0, cards: cards[name] ?? [])
      if node.freeCpuMillis < 0 || node.freeMemoryMiB < 0 || node.freeCards < 0 {
        problems.append(
          "node \(name) over-allocated: free \(node.freeCpuMillis)m CPU, \(node.freeMemoryMiB) MiB, \(node.freeCards) cards"
        )
      }
      if node.freeCpuMillis != node.spec.cpuMillis - used.cpu || node.freeMemoryMiB != node.spec.memoryMiB - used.memory
      {
        problems.append(
          "node \(name) reports free \(node.freeCpuMillis)m/\(node.freeMemoryMiB) MiB, but capacity "
            + "\(node.spec.cpuMillis)m/\(node.spec.memoryMiB) MiB less its jobs' \(used.cpu)m/\(used.memory) MiB differs"
        )
      }
      if Set(used.cards).count != used.cards.count {
        problems.append("node \(name): a card index is held by two jobs: \(used.cards.sorted())")
      }
      if let bad = used.cards.first(where: { !(0..<node.spec.cards).contains($0) }) {
        problems.append("node \(name) has \(node.spec.cards) cards but a job holds card index \(bad)")
      }
      if used.cards.sorted() != node.usedCardIndices || node.freeCards != node.spec.cards - used.cards.count {
        problems.append(
          "node \(name) reports used cards \(node.usedCardIndices) (\(node.freeCards) free), jobs hold \(used.cards.sorted())"
        )
      }
      if node.running != (jobs[name] ?? []).sorted() {
        problems.append("node \(name) lists running \(node.running), placements say \((jobs[name] ?? []).sorted())")
      }
    }
    return problems
  }

  // MARK: Enterprises

  /// No enterprise uses more than its limit in any dimension; its reported use, borrowing and job counts are
  /// what its jobs add up to.
  static func enterpriseLimits(_ s: Scheduler) -> [String] {
    var problems: [String] = []
    var use: [String: ResourceAmounts] = [:]
    var running: [String: Int] = [:]
    var waiting: [String: Int] = [:]
    for job in Oracle.jobs(s) {
      let e = job.spec.enterprise
      if job.state == .running, let placement = job.placement {
        use[e] = Oracle.adding(use[e] ?? .none, Oracle.demand(job.spec, model: placement.model))
        running[e, default: 0] += 1
      } else {
        waiting[e, default: 0] += 1
      }
    }
    for id in s.enterpriseIDs {
      guard let view = s.enterprise(id) else { continue }
      let expected = use[id] ?? .none
      if view.inUse != expected {
        problems.append("enterprise \(id) reports use \(view.inUse), its jobs hold \(expected)")
      }
      if !Oracle.fits(view.inUse, within: view.spec.limit) {
        problems.append("enterprise \(id) uses \(view.inUse), beyond its limit \(view.spec.limit)")
      }
      var borrowed = Oracle.adding(view.inUse, view.spec.guaranteed, sign: -1)
      borrowed.cpuMillis = max(0, borrowed.cpuMillis)
      borrowed.memoryMiB = max(0, borrowed.memoryMiB)
      borrowed.cards = borrowed.cards.filter { $0.value > 0 }
      if view.borrowed != borrowed {
        problems.append("enterprise \(id) reports borrowing \(view.borrowed), not \(borrowed)")
      }
      if view.runningJobs != running[id] ?? 0 || view.pendingJobs != waiting[id] ?? 0 {
        problems.append(
          "enterprise \(id) counts \(view.pendingJobs) waiting/\(view.runningJobs) running, jobs say "
            + "\(waiting[id] ?? 0)/\(running[id] ?? 0)")
      }
    }
    return problems
  }

  /// What is held equals the running jobs' holds, and available credits are never negative.
  static func budgets(_ s: Scheduler) -> [String] {
    var problems: [String] = []
    var held: [String: Credits] = [:]
    for job in Oracle.jobs(s, in: .running) {
      held[job.spec.enterprise, default: .zero] += job.placement?.hold ?? .zero
    }
    for id in s.enterpriseIDs {
      guard let view = s.enterprise(id) else { continue }
      if view.held != held[id] ?? .zero {
        problems.append("enterprise \(id) holds \(view.held), its jobs \(held[id] ?? .zero)")
      }
      if view.available < .zero { problems.append("enterprise \(id) has \(view.available) credits available") }
    }
    return problems
  }

  // MARK: Reasons

  /// Every pending or held job has a reason; a held one says `held`, a pending one never does.
  static func everyWaitingJobHasAReason(_ s: Scheduler) -> [String] {
    var problems: [String] = []
    for job in Oracle.jobs(s) {
      let reason = s.pendingReason(of: job.spec.id)
      switch job.state {
      case .running where reason != nil: problems.append("running job \(job.spec.id) has pending reason \(reason!)")
      case .pending where reason == nil || reason == .held:
        problems.append("pending job \(job.spec.id) has reason \(reason.map { "\($0)" } ?? "nil")")
      case .held where reason != .held:
        problems.append("held job \(job.spec.id) has reason \(reason.map { "\($0)" } ?? "nil")")
      default: break
      }
    }
    return problems
  }

  /// After a cycle, reasons state facts: a budget reason's hold exceeds what is available, a quota reason's
  /// numbers exceed the limit, a constraint means no set of nodes could ever hold the job, and the largest free
  /// block is the largest.
  static func reasonsAreTrue(_ s: Scheduler) -> [String] {
    var problems: [String] = []
    let nodes = Oracle.nodes(s)
    for job in Oracle.jobs(s, in: .pending) {
      let spec = job.spec
      guard let reason = s.pendingReason(of: spec.id), let enterprise = s.enterprise(spec.enterprise) else { continue }
      switch reason {
      case .budget(let hold, let available):
        if hold <= available || available != enterprise.available {
          problems.append("job \(spec.id): \(reason), but \(enterprise.available) is available")
        }
      case .quota(let resource, let using, let requested, let limit):
        if using + requested <= limit {
          problems.append("job \(spec.id): '\(reason)' (\(resource)) is within the limit")
        }
      case .constraint:
        for model in Oracle.candidateModels(spec) {
          let able = nodes.filter { $0.state != .down && Oracle.nodeCanHold($0, spec, model: model, free: false) }
          if able.count >= spec.nodeCount {
            problems.append(
              "job \(spec.id): '\(reason)', yet nodes \(able.map(\.spec.name)) could hold it on \(model ?? "CPU")")
            break
          }
        }
      case .resources(_, let models, _, let largest):
        let actual =
          nodes.filter { $0.state == .ready && models.contains($0.spec.model ?? "") }.map(\.freeCards).max() ?? 0
        if largest != actual { problems.append("job \(spec.id): '\(reason)', but the largest free block is \(actual)") }
      default: break
      }
    }
    return problems
  }

  // MARK: Progress

  /// After a cycle with no reservations in force, no pending job could start right now: no accepted model has
  /// room on enough ready nodes while the enterprise's limit and credits allow it.
  static func workConserving(_ s: Scheduler) -> [String] {
    guard s.reservations.isEmpty else { return [] }
    let nodes = Oracle.nodes(s).filter { $0.state == .ready }
    var problems: [String] = []
    for job in Oracle.jobs(s, in: .pending) {
      let spec = job.spec
      guard let enterprise = s.enterprise(spec.enterprise) else { continue }
      for model in Oracle.candidateModels(spec) {
        guard
          Oracle.fits(
            Oracle.adding(enterprise.inUse, Oracle.demand(spec, model: model)), within: enterprise.spec.limit),
          Oracle.hold(spec, model: model, prices: s.prices) <= enterprise.available
        else { continue }
        let room = nodes.filter { Oracle.nodeCanHold($0, spec, model: model, free: true) }
        if room.count >= spec.nodeCount {
          problems.append(
            "job \(spec.id) (\(describe(spec))) could start now on \(room.prefix(spec.nodeCount).map(\.spec.name)) "
              + "(\(model ?? "CPU")) but waits: \(s.pendingReason(of: spec.id).map { "\($0)" } ?? "no reason")")
          break
        }
      }
    }
    return problems
  }

  static func describe(_ spec: JobSpec) -> String {
    let r = spec.perNode
    let cards = r.cards > 0 ? "\(r.cards)×\(r.models.joined(separator: "|")) " : ""
    let selector = spec.selector.isEmpty ? "" : " \(spec.selector)"
    return
      "\(spec.enterprise) \(spec.jobClass) \(spec.nodeCount)× [\(cards)\(r.cpuMillis)m \(r.memoryMiB)MiB]\(selector)"
  }

  // MARK: Internal bookkeeping

  /// The core's own indexes agree with its records: only ready nodes are in the free index, each once and
  /// under its current free resources; node states match their jobs; reservations belong to pending jobs.
  static func bookkeeping(_ s: Scheduler) -> [String] {
    var problems: [String] = []
    var indexed: [Int32: (slot: Int, cards: Int, entry: FreeIndex.Entry)] = [:]
    for (slot, groups) in s.freeIndex.groups.enumerated() {
      for (cards, group) in groups.enumerated() {
        if Array(group) != Array(group).sorted() {
          problems.append("free index group [\(slot)][\(cards)] is out of order")
        }
        for entry in group {
          if indexed[entry.node] != nil { problems.append("node \(entry.node) is in the free index twice") }
          indexed[entry.node] = (slot, cards, entry)
        }
      }
    }
    for (n, node) in s.nodes.enumerated() {
      let name = node.spec.name
      switch node.state {
      case .ready:
        guard let found = indexed[Int32(n)] else {
          problems.append("ready node \(name) is missing from the free index")
          break
        }
        if found.slot != node.slot || found.cards != node.freeCards || found.entry.freeCpu != node.freeCpu
          || found.entry.freeMemory != node.freeMemory
        {
          problems.append("node \(name) is indexed with stale free resources")
        }
      case .draining where node.runs.isEmpty: problems.append("node \(name) is draining with nothing running")
      case .drained where !node.runs.isEmpty, .down where !node.runs.isEmpty:
        problems.append("node \(name) is \(node.state) but runs \(node.runs.map(\.job))")
      default: break
      }
      if node.state != .ready && indexed[Int32(n)] != nil {
        problems.append("\(node.state) node \(name) is in the free index")
      }
      if node.runs.map(\.end) != node.runs.map(\.end).sorted() {
        problems.append("node \(name) runs are not in end order")
      }
    }
    for (id, reservation) in s.reservations {
      if s.job(id)?.state != .pending { problems.append("job \(id) holds a reservation but is not pending") }
      let share = reservation.share
      for n in reservation.nodes {
        let held = s.nodes[Int(n)].reservations.filter { $0.job == id }
        if held.count != 1
          || held.first.map({
            ($0.rank, $0.start, $0.end, $0.cpu, $0.memory, $0.cards)
              != (share.rank, share.start, share.end, share.cpu, share.memory, share.cards)
          }) ?? true
        {
          problems.append("node \(s.nodes[Int(n)].spec.name) does not hold job \(id)'s reservation as it is")
        }
      }
    }
    for n in s.nodes.indices {
      for share in s.nodes[n].reservations where s.reservations[share.job] == nil {
        problems.append("node \(s.nodes[n].spec.name) holds a share of job \(share.job)'s reservation, which is gone")
      }
    }
    if s.reservations.count > s.config.backfillDepth || s.reservationOrder.count != s.reservations.count {
      problems.append(
        "\(s.reservations.count) reservations, \(s.reservationOrder.count) ordered, depth \(s.config.backfillDepth)")
    }
    return problems
  }
}

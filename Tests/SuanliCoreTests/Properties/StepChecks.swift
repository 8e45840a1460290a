@testable import SuanliCore

/// Checks of what one step decided, against the state before it. Each returns the violations it finds.
enum StepChecks {
  // MARK: Starts

  /// Every start is of a job that was waiting, on exactly `nodeCount` distinct ready nodes that match its model
  /// and labels, each with exactly the requested number of distinct, existing cards: never a partial gang.
  static func placements(_ record: StepRecord) -> [String] {
    var problems: [String] = []
    var requeued = Set<JobID>()
    for decision in record.decisions {
      switch decision {
      case .preempt(let id, _, true), .requeued(let id, _): requeued.insert(id)
      case .start(let id, let placement):
        guard let spec = (record.before.job(id) ?? record.after.job(id))?.spec else {
          problems.append("started job \(id) is unknown")
          continue
        }
        if record.before.job(id)?.state != .pending && !requeued.contains(id) {
          problems.append("job \(id) started while \(record.before.job(id)?.state.rawValue ?? "unknown")")
        }
        problems += placementProblems(id, spec, placement, before: record.before)
        requeued.remove(id)
      default: break
      }
    }
    return problems
  }

  static func placementProblems(_ id: JobID, _ spec: JobSpec, _ placement: Placement, before: Scheduler) -> [String] {
    var problems: [String] = []
    let nodes = placement.slots.map(\.node)
    if nodes.count != spec.nodeCount || Set(nodes).count != nodes.count {
      problems.append("job \(id) asks for \(spec.nodeCount) nodes, started on \(nodes)")
    }
    if spec.perNode.cards > 0 {
      if !spec.perNode.models.contains(placement.model ?? "") {
        problems.append("job \(id) accepts \(spec.perNode.models), started on \(placement.model ?? "no model")")
      }
    } else if placement.model != nil {
      problems.append("CPU-only job \(id) was given model \(placement.model!)")
    }
    for slot in placement.slots {
      guard let node = before.node(slot.node) else {
        problems.append("job \(id) started on unknown node \(slot.node)")
        continue
      }
      if node.state != .ready { problems.append("job \(id) started on \(node.state) node \(slot.node)") }
      if spec.perNode.cards > 0 && node.spec.model != placement.model {
        problems.append(
          "job \(id) placed as \(placement.model ?? "-") on \(slot.node), a \(node.spec.model ?? "CPU") node")
      }
      for (key, value) in spec.selector where node.spec.labels[key] != value {
        problems.append("job \(id) selects \(key)=\(value), node \(slot.node) has \(node.spec.labels)")
      }
      let indices = slot.cardIndices
      if indices.count != spec.perNode.cards || Set(indices).count != indices.count
        || indices.contains(where: { !(0..<node.spec.cards).contains($0) })
      {
        problems.append(
          "job \(id) asks \(spec.perNode.cards) cards a node, got \(indices) on \(slot.node) (\(node.spec.cards) cards)"
        )
      }
    }
    return problems
  }

  // MARK: Budget

  /// A job starts only when its hold fits: each hold is the walltime at the job's price, is recorded right after
  /// its start, and never exceeds what the enterprise had available; what is available afterwards is what the
  /// ledger entries imply.
  static func budgetHolds(_ record: StepRecord) -> [String] {
    var problems: [String] = []
    var available: [String: Credits] = [:]
    for id in record.before.enterpriseIDs { available[id] = record.before.enterprise(id)?.available }
    let decisions = record.decisions
    for (i, decision) in decisions.enumerated() {
      switch decision {
      case .start(let id, let placement):
        guard let spec = (record.before.job(id) ?? record.after.job(id))?.spec else { continue }
        let expected = Oracle.hold(spec, model: placement.model, prices: record.after.prices)
        if placement.hold != expected {
          problems.append("job \(id) holds \(placement.hold), walltime × price is \(expected)")
        }
        let next = i + 1 < decisions.count ? decisions[i + 1] : nil
        if placement.hold > .zero {
          guard case .ledger(let entry) = next, entry.kind == .hold, entry.job == id, entry.amount == placement.hold
          else {
            problems.append(
              "job \(id) started with hold \(placement.hold) but the next decision is \(next.map { "\($0)" } ?? "none")"
            )
            continue
          }
        }
      case .ledger(let entry):
        let before = available[entry.enterprise] ?? .zero
        switch entry.kind {
        case .hold:
          if entry.amount > before {
            problems.append(
              "\(entry.enterprise) held \(entry.amount) for job \(entry.job!) with only \(before) available")
          }
          available[entry.enterprise] = before - entry.amount
          if entry.available != before - entry.amount || entry.available < .zero {
            problems.append(
              "hold entry for job \(entry.job!) says \(entry.available) available, expected \(before - entry.amount)")
          }
        case .release, .grant: available[entry.enterprise] = before + entry.amount
        case .charge: break  // the charge and the release together give back the hold
        }
      default: break
      }
    }
    for id in record.after.enterpriseIDs where record.after.enterprise(id)?.available != available[id] {
      problems.append(
        "\(id) has \(record.after.enterprise(id)!.available) available; the ledger entries imply \(available[id] ?? .zero)"
      )
    }
    return problems
  }

  /// Every run that ends is charged its runtime at its price (up to the walltime; lost time only if configured),
  /// the rest of its hold is released, and `.ended` reports that charge.
  static func charges(_ record: StepRecord) -> [String] {
    struct Stint {
      var spec: JobSpec
      var start: Time
      var placement: Placement
      var lost = false
      var ended = false
      var charged = Credits.zero
      var released = Credits.zero
    }
    var problems: [String] = []
    let now = record.step.time
    let config = record.after.config
    let prices = record.after.prices
    var stints: [JobID: Stint] = [:]
    for job in Oracle.jobs(record.before, in: .running) {
      stints[job.spec.id] = Stint(spec: job.spec, start: job.startTime ?? now, placement: job.placement!)
    }
    func close(_ id: JobID) {
      guard let stint = stints[id], stint.ended else { return }
      let charge = Oracle.charge(
        stint.spec, model: stint.placement.model, runtime: now - stint.start, lost: stint.lost, config: config,
        prices: prices)
      if stint.charged != charge || stint.charged + stint.released != stint.placement.hold {
        problems.append(
          "job \(id) ran \(now - stint.start)s\(stint.lost ? " (lost)" : ""): charged \(stint.charged), released "
            + "\(stint.released) of hold \(stint.placement.hold); expected charge \(charge)")
      }
      stints[id] = nil
    }
    for decision in record.decisions {
      switch decision {
      case .start(let id, let placement):
        close(id)
        if let spec = (record.before.job(id) ?? record.after.job(id))?.spec {
          stints[id] = Stint(spec: spec, start: now, placement: placement)
        }
      case .preempt(let id, _, _), .requeued(let id, .nodeFailed):
        stints[id]?.lost = true
        stints[id]?.ended = true
      case .stop(let id, _), .requeued(let id, _):
        stints[id]?.ended = true
      case .ledger(let entry) where entry.kind == .charge: stints[entry.job!]?.charged += entry.amount
      case .ledger(let entry) where entry.kind == .release: stints[entry.job!]?.released += entry.amount
      case .ended(let id, let end, let charged):
        if end == .nodeFailed || end == .preempted { stints[id]?.lost = true }
        stints[id]?.ended = true
        if charged != stints[id]?.charged ?? .zero {
          problems.append(
            "job \(id) ended \(end.rawValue) reporting charge \(charged), ledger says \(stints[id]?.charged ?? .zero)")
        }
        close(id)
      default: break
      }
    }
    for id in Array(stints.keys) { close(id) }
    return problems
  }

  // MARK: Preemption

  /// Every preemption: the victim ran at least `minRuntimeBeforePreemption`; within one enterprise (class
  /// preemption) its priority was strictly lower than the preemptor's; across enterprises (reclaim) the victim's
  /// enterprise borrowed that resource and the preemptor's stays within its guarantee; the victim ran on the
  /// preemptor's nodes; the preemptor starts later in the same decisions.
  static func preemptions(_ record: StepRecord) -> [String] {
    var problems: [String] = []
    let decisions = record.decisions
    let now = record.step.time
    let config = record.after.config
    var running: [JobID: JobView] = [:]
    for job in Oracle.jobs(record.before, in: .running) { running[job.spec.id] = job }
    var use: [String: ResourceAmounts] = [:]
    for id in record.before.enterpriseIDs { use[id] = record.before.enterprise(id)?.inUse }
    var planChecked = Set<JobID>()
    for (i, decision) in decisions.enumerated() {
      switch decision {
      case .start(let id, let placement):
        guard var job = record.before.job(id) ?? record.after.job(id) else { continue }
        job.startTime = now
        job.placement = placement
        running[id] = job
        use[job.spec.enterprise] = Oracle.adding(
          use[job.spec.enterprise] ?? .none, Oracle.demand(job.spec, model: placement.model))
      case .preempt(let victimID, let preemptorID, let requeued):
        guard let victim = running[victimID], let preemptor = record.before.job(preemptorID)?.spec else {
          problems.append("preemption of \(victimID) by \(preemptorID): one of them was not running/waiting")
          continue
        }
        let start = decisions[(i + 1)...].first { if case .start(preemptorID, _) = $0 { true } else { false } }
        guard case .start(_, let placement) = start else {
          problems.append("job \(victimID) was preempted for \(preemptorID), which does not start after it")
          continue
        }
        let ran = now - (victim.startTime ?? now)
        if ran < config.minRuntimeBeforePreemption {
          problems.append(
            "job \(victimID) was preempted after \(ran)s, below the minimum \(config.minRuntimeBeforePreemption)s")
        }
        if requeued != victim.spec.requeue { problems.append("job \(victimID) preempted with requeued=\(requeued)") }
        let shared = Set(victim.placement?.slots.map(\.node) ?? []).intersection(placement.slots.map(\.node))
        if shared.isEmpty {
          problems.append("job \(victimID) was preempted for \(preemptorID) but runs on other nodes")
        }
        if victim.spec.enterprise == preemptor.enterprise {
          let (vp, pp) = (Oracle.priority(victim.spec, in: record.after), Oracle.priority(preemptor, in: record.after))
          if !config.classPreemptionEnabled || !(vp < pp) {
            problems.append(
              "job \(victimID) (\(victim.spec.jobClass), priority \(vp)) was preempted by \(preemptorID) "
                + "(\(preemptor.jobClass), priority \(pp)) of the same enterprise \(preemptor.enterprise)"
                + (config.classPreemptionEnabled ? "" : " with class preemption off"))
          }
        } else if planChecked.insert(preemptorID).inserted {
          problems += reclaimProblems(
            victims: decisions[i...].compactMap {
              if case .preempt(let v, preemptorID, _) = $0 { running[v] } else { nil }
            }, preemptor: preemptor, model: placement.model, use: use, s: record.after)
        }
        running[victimID] = nil
        if let placement = victim.placement {
          use[victim.spec.enterprise] = Oracle.adding(
            use[victim.spec.enterprise] ?? .none, Oracle.demand(victim.spec, model: placement.model), sign: -1)
        }
      default: break
      }
    }
    return problems
  }

  /// Reclaim is legitimate when, as the plan is made, every victim of another enterprise belongs to one that
  /// uses more than its guarantee of the contested resource, and the preemptor's enterprise, with the job, stays
  /// within its own guarantee of it.
  static func reclaimProblems(
    victims: [JobView], preemptor: JobSpec, model: String?, use: [String: ResourceAmounts],
    s: Scheduler
  ) -> [String] {
    var problems: [String] = []
    guard s.config.reclaimEnabled else {
      return ["job \(preemptor.id) preempted jobs of other enterprises with reclaim off"]
    }
    func amount(_ a: ResourceAmounts) -> Int { model.map { a.cards[$0] ?? 0 } ?? a.cpuMillis }
    let resource = model ?? "CPU"
    for victim in victims where victim.spec.enterprise != preemptor.enterprise {
      let owner = victim.spec.enterprise
      let using = amount(use[owner] ?? .none)
      let guaranteed = amount(s.enterprise(owner)?.spec.guaranteed ?? .none)
      if using <= guaranteed {
        problems.append(
          "job \(victim.spec.id) of \(owner) was reclaimed for \(preemptor.id), but \(owner) uses \(using) \(resource), "
            + "within its guarantee \(guaranteed)")
      }
    }
    let mine = Oracle.adding(use[preemptor.enterprise] ?? .none, Oracle.demand(preemptor, model: model))
    let guarantee = s.enterprise(preemptor.enterprise)?.spec.guaranteed ?? .none
    let within =
      model == nil
      ? mine.cpuMillis <= guarantee.cpuMillis && mine.memoryMiB <= guarantee.memoryMiB
      : amount(mine) <= amount(guarantee)
    if !within {
      problems.append(
        "job \(preemptor.id) of \(preemptor.enterprise) reclaimed, but with it \(preemptor.enterprise) would use "
          + "\(mine) beyond its guarantee \(guarantee)")
    }
    return problems
  }

  /// Within an enterprise, only a strictly higher class preempts (the design's "a higher class may preempt a
  /// lower one in the same enterprise").
  static func classPreemptionByClass(_ record: StepRecord) -> [String] {
    var problems: [String] = []
    for decision in record.decisions {
      guard case .preempt(let victimID, let preemptorID, _) = decision,
        let victim = record.before.job(victimID)?.spec, let preemptor = record.before.job(preemptorID)?.spec,
        victim.enterprise == preemptor.enterprise, !(victim.jobClass < preemptor.jobClass)
      else { continue }
      problems.append(
        "\(victim.jobClass) job \(victimID) was preempted by \(preemptor.jobClass) job \(preemptorID) of the same enterprise"
      )
    }
    return problems
  }

  // MARK: Events without effect

  /// A refused event changes nothing the API can show.
  static func refusalChangesNothing(_ record: StepRecord) -> [String] {
    guard case .failure(let error) = record.outcome else { return [] }
    return PublicState(record.before) == PublicState(record.after) ? [] : ["refused (\(error)) yet the state changed"]
  }

  /// Cancelling a waiting job only forgets it: one `.ended(cancelled, charged: 0)`, and nodes, enterprises
  /// (except their count of waiting jobs), other jobs and their reservations are as before.
  static func cancelLeavesNoTrace(_ record: StepRecord) -> [String] {
    guard case .event(.cancel(let id), _) = record.step, let job = record.before.job(id), job.state != .running else {
      return []
    }
    var problems: [String] = []
    if record.decisions != [.ended(id, .cancelled, charged: .zero)] {
      problems.append("cancelling \(job.state) job \(id) decided \(record.decisions)")
    }
    var expected = PublicState(record.before)
    if let i = expected.jobs.firstIndex(where: { $0.spec.id == id }) {
      expected.jobs.remove(at: i)
      expected.reasons.remove(at: i)
      expected.reservations.remove(at: i)
    }
    if let e = expected.enterprises.firstIndex(where: { $0.spec.id == job.spec.enterprise }) {
      expected.enterprises[e].pendingJobs -= 1
    }
    var actual = PublicState(record.after)
    // Reasons of other jobs may name one job fewer ahead of them; everything else must be untouched.
    actual.reasons = expected.reasons
    if actual != expected { problems.append("cancelling \(job.state) job \(id) changed more than the job itself") }
    return problems
  }
}

import PropertyBased
import Testing

@testable import SuanliCore

/// 3. Backfill never delays a reservation.
///
/// Priorities are static (age and fair-share weights 0; class and boost never change), quotas and budgets never
/// bind, no node changes and preemption is off. A batch is submitted at t=0 and replayed in virtual time where
/// every job runs exactly its walltime, so the core's assumption that running jobs end at their walltime is
/// exact. Each job's first reservation is recorded the first time a cycle leaves it one.
///
/// What may legitimately take a reserved job's room is a *higher*-priority job (it is not backfill: priority
/// order comes first). So the property is: a job that has a reservation starts no later than that reservation,
/// unless a higher-priority job started between the reservation and the job's start. Any other delay can only
/// come from a lower-priority job started around the reservation, which is what backfill must never do.
@Suite("Backfill properties") struct BackfillProperties {
  @Test("3. Backfill never delays a reservation (static priorities, jobs run exactly their walltime)")
  func backfillNeverDelaysAReservation() async {
    await propertyCheck(count: 200, input: Gen.uint64(), Gen.int(in: 3...25)) { seed, jobs in
      let replay = WalltimeReplay(seed: seed, jobs: jobs)
      let problems = replay.delays + replay.neverStarted
      if !problems.isEmpty { Issue.record(Comment(rawValue: "\(replay.summary)\n\(problems.joined(separator: "\n"))")) }
    }
  }

  /// The design gives reservations to "the top blocked jobs": whatever else holds one, the job first in line
  /// must, or backfill may starve it. (With static priorities and nothing else binding, the first job can
  /// always be given one: no higher reservation stands in its way.)
  @Test("3'. After every cycle the highest-priority waiting job holds a reservation")
  func theFirstJobInLineIsReserved() async {
    await propertyCheck(count: 200, input: Gen.uint64(), Gen.int(in: 3...25)) { seed, jobs in
      let replay = WalltimeReplay(seed: seed, jobs: jobs)
      if let first = replay.unreservedTop.first { Issue.record(Comment(rawValue: "\(replay.summary)\n\(first)")) }
    }
  }
}

extension Scenario {
  /// A random cluster with static priorities, generous quotas and credits, and preemption off.
  static func staticPriority(seed: UInt64) -> Scenario {
    var rng = ScenarioRNG(seed: seed)
    let (models, nodes) = cluster(&rng, nodeCount: 2...8)
    var scenario = Scenario(
      seed: seed,
      config: SchedulerConfig(
        weights: PriorityWeights(jobClass: 10_000, age: 0, fairShare: 0, boost: rng.pick([0, 5_000])),
        priorityRecalcInterval: rng.pick([0, 60, 1 << 30]), backfillDepth: rng.int(1...8), reclaimEnabled: false,
        classPreemptionEnabled: false, maxWalltime: 86_400),
      prices: randomPrices(&rng, models: models), enterprises: [], nodes: nodes, models: models)
    let total = ResourceAmounts(
      cpuMillis: 2 * scenario.totalCpu, memoryMiB: 2 * scenario.totalMemory,
      cards: scenario.totalCards.mapValues { 2 * $0 })
    scenario.enterprises = (0..<rng.int(1...3)).map {
      EnterpriseSpec(
        id: "e\($0)", limit: total, fairShareWeight: 1, boost: rng.pick([0, 0.5, 1]), credits: Credits(1_000_000_000))
    }
    return scenario
  }
}

/// Submits a batch at t=0, then lets every job run exactly its walltime: finishes at start + walltime, in time
/// order, a cycle after each time step. Records reservations and starts, and judges them afterwards.
struct WalltimeReplay {
  /// Reservations missed although no higher-priority job started or reserved in between (property 3).
  var delays: [String] = []
  /// Jobs that never started although the idle cluster can hold them (property 3).
  var neverStarted: [String] = []
  /// Cycles after which the highest-priority waiting job held no reservation (property 3').
  var unreservedTop: [String] = []
  var summary: String
  /// How many first reservations there were, how many were met, and how many were missed because a
  /// higher-priority job started or reserved in between (with the first such case).
  var stats = (reserved: 0, honoured: 0, excused: 0, example: String?.none)

  init(seed: UInt64, jobs count: Int, log: ((String) -> Void)? = nil) {
    let scenario = Scenario.staticPriority(seed: seed)
    var rng = ScenarioRNG(seed: seed ^ 0xBAC4_F111)
    var s = scenario.makeScheduler()
    for node in scenario.nodes { _ = try? s.handle(.registerNode(node), at: 0) }
    var specs: [JobID: JobSpec] = [:]
    for i in 1...count {
      var spec = scenario.randomJob(&rng, id: JobID(UInt64(i)), at: 0, enterprise: rng.pick(scenario.enterprises).id)
      spec.held = false
      spec.walltime = Int64(rng.int(1...30) * 60)
      if (try? s.handle(.submit(spec), at: 0)) != nil { specs[spec.id] = spec }
      log?(
        "job \(spec.id): \(StateInvariants.describe(spec)) walltime \(spec.walltime) priority \(Oracle.priority(spec, in: s))"
      )
    }
    summary =
      "seed \(seed), \(count) jobs; \(scenario.config.backfillDepth) reservations deep, recalculated every "
      + "\(scenario.config.priorityRecalcInterval)s; \(scenario.nodes.count) nodes"
    // Static ranks: priority, then (equal submit times) job ID.
    let priority = specs.mapValues { Oracle.priority($0, in: s) }
    func ranksAbove(_ a: JobID, _ b: JobID) -> Bool {
      priority[a]! != priority[b]! ? priority[a]! > priority[b]! : a < b
    }
    let capacity = Oracle.nodes(s)
    func feasible(_ spec: JobSpec) -> Bool {
      Oracle.candidateModels(spec).contains { model in
        capacity.filter { Oracle.nodeCanHold($0, spec, model: model, free: false) }.count >= spec.nodeCount
      }
    }

    var firstReservation: [JobID: (start: Time, madeAt: Time)] = [:]
    var reservedAt: [JobID: [Time]] = [:]
    var started: [JobID: Time] = [:]
    var ends: [JobID: Time] = [:]
    var now: Time = 0
    while true {
      let decisions = s.cycle(at: now)
      log?("t=\(now) cycle: \(decisions.filter { if case .ledger = $0 { false } else { true } })")
      for decision in decisions {
        guard case .start(let id, _) = decision else { continue }
        started[id] = now
        ends[id] = now + specs[id]!.walltime
      }
      for id in s.jobIDs(in: .pending) {
        guard let start = s.reservationStart(of: id) else { continue }
        if firstReservation[id] == nil { firstReservation[id] = (start, now) }
        reservedAt[id, default: []].append(now)
      }
      log?(
        "  reservations: \(s.reservations.values.sorted { $0.share.job < $1.share.job }.map { "\($0.share.job)@\($0.share.start) on \($0.nodes)" })"
      )
      let waiting = s.jobIDs(in: .pending).filter { feasible(specs[$0]!) }
      if let top = waiting.min(by: ranksAbove), s.reservationStart(of: top) == nil {
        let reserved = s.jobIDs(in: .pending).filter { s.reservationStart(of: $0) != nil }
        unreservedTop.append(
          "t=\(now): job \(top) (\(StateInvariants.describe(specs[top]!)), priority \(priority[top]!)) waits first "
            + "in line without a reservation; reserved instead: \(reserved.map { "\($0) (priority \(priority[$0]!))" })"
        )
      }
      guard let next = ends.values.min() else { break }
      now = next
      for (id, end) in ends.sorted(by: { $0.key < $1.key }) where end == now {
        _ = try? s.handle(.jobFinished(id, .succeeded), at: now)
        ends[id] = nil
      }
    }

    for (id, promised) in firstReservation.sorted(by: { $0.key < $1.key }) {
      let start = started[id] ?? .max
      stats.reserved += 1
      guard start > promised.start else {
        stats.honoured += 1
        continue
      }
      // Priority order comes before any reservation: a higher job that started, or reserved, meanwhile may
      // have taken the room.
      let window = { (time: Time) in time > promised.madeAt && time <= start }
      let overtaken = specs.keys.filter { other in
        ranksAbove(other, id)
          && (started[other].map(window) ?? false || (reservedAt[other] ?? []).contains(where: window))
      }
      if !overtaken.isEmpty {
        stats.excused += 1
        stats.example =
          stats.example ?? "job \(id) reserved at t=\(promised.madeAt) for t=\(promised.start), "
          + "started t=\(start); higher jobs started or reserved meanwhile: \(overtaken.sorted())"
      } else {
        delays.append(
          "job \(id) (\(StateInvariants.describe(specs[id]!))) was reserved at t=\(promised.madeAt) to start by "
            + "t=\(promised.start), started at \(start == .max ? "never" : "t=\(start)"), and no higher-priority job "
            + "started or reserved in between")
      }
    }
    for job in Oracle.jobs(s, in: .pending) where feasible(job.spec) {
      neverStarted.append(
        "job \(job.spec.id) (\(StateInvariants.describe(job.spec))) never started on an idle cluster that can hold it: "
          + "\(s.pendingReason(of: job.spec.id).map { "\($0)" } ?? "no reason")")
    }
  }
}

import PropertyBased
import Testing

@testable import SuanliCore

/// 5. An enterprise under its guarantee gets a job that fits within its guarantee started in one cycle, when the
/// cluster could hold it.
///
/// A borrowing enterprise fills the cluster at t=0 (and queues more); once its jobs are older than the
/// minimum runtime, the guaranteed enterprise, using nothing yet, submits a job within its guarantee that enough
/// nodes could hold. After one cycle it must be running.
@Suite("Reclaim properties") struct ReclaimProperties {
  @Test("5. Reclaim starts a job within its enterprise's guarantee in one cycle")
  func reclaimStartsAGuaranteedJobInOneCycle() async {
    await propertyCheck(count: 200, input: Gen.uint64()) { seed in
      let problems = ReclaimCase(seed: seed).run()
      #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
  }
}

struct ReclaimCase {
  var scenario: Scenario
  var borrowerJobs: [JobSpec] = []
  var ownerJob: JobSpec

  init(seed: UInt64) {
    var rng = ScenarioRNG(seed: seed)
    let model = rng.pick(Scenario.allModels)
    let nodes = (0..<rng.int(2...6)).map {
      NodeSpec(
        name: "n\($0)", labels: ["site": rng.pick(Scenario.sites)], cpuMillis: 64_000, memoryMiB: 512 * 1024,
        model: model, cards: rng.pick([4, 8]))
    }
    let total = nodes.reduce(0) { $0 + $1.cards }
    let borrowerGuarantee = rng.int(0...total / 4)
    let ownerGuarantee = rng.int(1...total - borrowerGuarantee)
    let plenty = ResourceAmounts(cpuMillis: 10_000_000, memoryMiB: 100_000_000)
    func amounts(_ base: ResourceAmounts, cards: Int) -> ResourceAmounts {
      var amounts = base
      amounts.cards = [model: cards]
      return amounts
    }
    scenario = Scenario(
      seed: seed,
      config: SchedulerConfig(
        weights: PriorityWeights(
          jobClass: rng.pick([0, 10_000]), age: rng.pick([0, 1_000]), fairShare: rng.pick([0, 10_000]),
          boost: rng.pick([0, 5_000])),
        priorityRecalcInterval: rng.pick([0, 60, 600]), backfillDepth: rng.int(0...4),
        minRuntimeBeforePreemption: rng.pick([0, 60, 300]), reclaimEnabled: true, classPreemptionEnabled: false),
      prices: Scenario.randomPrices(&rng, models: [model]),
      enterprises: [
        EnterpriseSpec(
          id: "borrower", guaranteed: amounts(.none, cards: borrowerGuarantee),
          limit: amounts(plenty, cards: 2 * total),
          boost: rng.pick([0, 1]), credits: Credits(1_000_000_000)),
        EnterpriseSpec(
          id: "owner", guaranteed: amounts(.none, cards: ownerGuarantee),
          limit: amounts(plenty, cards: ownerGuarantee + rng.int(0...total)), boost: rng.pick([0, 1]),
          credits: Credits(1_000_000_000)),
      ], nodes: nodes, models: [model])

    // The borrower asks for the whole cluster and more: single-node and two-node jobs of 1 to 4 cards a node.
    let smallest = nodes.map(\.cards).min()!
    var asked = 0
    let target = total + rng.int(0...total)
    while asked < target {
      let cards = min(smallest, rng.pick([1, 1, 2, 4]))
      let count = rng.chance(0.7) ? 1 : 2
      borrowerJobs.append(
        JobSpec(
          id: JobID(UInt64(borrowerJobs.count + 1)), enterprise: "borrower",
          perNode: NodeRequest(cpuMillis: 1_000, memoryMiB: 1_024, cards: cards, models: [model]), nodeCount: count,
          walltime: Int64(rng.int(2...24) * 3_600), jobClass: rng.pick(JobClass.allCases), submitTime: 0))
      asked += cards * count
    }
    // And one-card jobs enough to fill whatever that mix leaves free. They end (at 1 h) before any reservation
    // for the mix can start (at 2 h at the earliest), so backfill may place them anywhere.
    for _ in 0..<total {
      borrowerJobs.append(
        JobSpec(
          id: JobID(UInt64(borrowerJobs.count + 1)), enterprise: "borrower",
          perNode: NodeRequest(cpuMillis: 1_000, memoryMiB: 1_024, cards: 1, models: [model]), walltime: 3_600,
          jobClass: .low, submitTime: 0))
    }
    // The owner's job: k cards on each of m nodes, k × m within its guarantee, and at least m nodes with k cards.
    let perNode = rng.int(1...min(ownerGuarantee, nodes.map(\.cards).max()!))
    let able = nodes.filter { $0.cards >= perNode }.count
    let count = rng.int(1...max(1, min(able, ownerGuarantee / perNode)))
    ownerJob = JobSpec(
      id: 1_000, enterprise: "owner",
      perNode: NodeRequest(cpuMillis: rng.pick([1_000, 8_000]), memoryMiB: 4_096, cards: perNode, models: [model]),
      nodeCount: count, walltime: Int64(rng.pick([600, 3_600])), jobClass: rng.pick(JobClass.allCases),
      submitTime: scenario.config.minRuntimeBeforePreemption + Time(rng.int(0...600)))
  }

  func run() -> [String] {
    var s = scenario.makeScheduler()
    do {
      for node in scenario.nodes { _ = try s.handle(.registerNode(node), at: 0) }
      for job in borrowerJobs { _ = try s.handle(.submit(job), at: 0) }
      _ = s.cycle(at: 0)
      _ = try s.handle(.submit(ownerJob), at: ownerJob.submitTime)
    } catch {
      return ["seed \(scenario.seed): setup refused: \(error)"]
    }
    let borrower = s.enterprise("borrower")!
    let model = scenario.models[0]
    let idle = Oracle.nodes(s).filter { $0.freeCards > 0 }.map { "\($0.spec.name): \($0.freeCards) free" }
    guard idle.isEmpty, (borrower.inUse.cards[model] ?? 0) > (borrower.spec.guaranteed.cards[model] ?? 0) else {
      return [
        "seed \(scenario.seed): an empty cluster was not filled by 1-card jobs that may borrow: borrower uses "
          + "\(borrower.inUse), cards left \(idle)"
      ]
    }
    let decisions = s.cycle(at: ownerJob.submitTime)
    guard s.job(ownerJob.id)?.state != .running else { return [] }
    let free = Oracle.nodes(s).map { "\($0.spec.name): \($0.freeCards)/\($0.spec.cards) free" }
    let reserved = s.jobIDs(in: .pending).compactMap { id in s.reservationStart(of: id).map { "\(id)@\($0)" } }
    return [
      """
      seed \(scenario.seed): owner (guarantee \(scenario.enterprises[1].guaranteed.cards[model]!) of \
      \(scenario.totalCards[model]!) cards, using none) submitted \(StateInvariants.describe(ownerJob)) at \
      t=\(ownerJob.submitTime), min runtime \(scenario.config.minRuntimeBeforePreemption)s; after one cycle it is \
      \(s.job(ownerJob.id)?.state.rawValue ?? "gone"): \(s.pendingReason(of: ownerJob.id).map { "\($0)" } ?? "-")
        borrower uses \(borrower.inUse.cards[model] ?? 0) (guarantee \(borrower.spec.guaranteed.cards[model] ?? 0)), \
      \(s.jobIDs(in: .pending).count) borrower jobs pending; reservations: \(reserved)
        nodes: \(free.joined(separator: ", "))
        decisions: \(decisions)
      """
    ]
  }
}

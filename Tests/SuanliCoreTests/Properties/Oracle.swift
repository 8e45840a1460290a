@testable import SuanliCore

/// The rules the properties check against, written out again independently of the core's own arithmetic.
enum Oracle {
  /// Hourly rate in millicredits: per node, cards × model price + cores × core price + GiB × memory price
  /// (each rounded up to a millicredit), times the node count.
  static func hourlyRate(_ spec: JobSpec, model: String?, prices: PriceTable) -> Int64 {
    let request = spec.perNode
    let cards = Int64(request.cards) * (model.flatMap { prices.perCardHour[$0] }?.millis ?? 0)
    let cpu = roundUp(Int64(request.cpuMillis) * prices.perCoreHour.millis, 1000)
    let memory = roundUp(Int64(request.memoryMiB) * prices.perGiBHour.millis, 1024)
    return (cards + cpu + memory) * Int64(spec.nodeCount)
  }

  /// What `seconds` cost at `rate`, rounded up to a millicredit.
  static func cost(rate: Int64, seconds: Int64) -> Credits { Credits(millis: roundUp(rate * max(0, seconds), 3600)) }

  /// The hold for the whole walltime.
  static func hold(_ spec: JobSpec, model: String?, prices: PriceTable) -> Credits {
    cost(rate: hourlyRate(spec, model: model, prices: prices), seconds: spec.walltime)
  }

  /// What a job that ran `runtime` seconds pays: its runtime up to the walltime, nothing for lost time unless
  /// configured.
  static func charge(
    _ spec: JobSpec, model: String?, runtime: Int64, lost: Bool, config: SchedulerConfig,
    prices: PriceTable
  ) -> Credits {
    if lost && !config.chargeLostTime { return .zero }
    return cost(rate: hourlyRate(spec, model: model, prices: prices), seconds: min(runtime, spec.walltime))
  }

  private static func roundUp(_ a: Int64, _ b: Int64) -> Int64 { a <= 0 ? 0 : (a + b - 1) / b }

  /// The job's total demand on `model`, as quota amounts.
  static func demand(_ spec: JobSpec, model: String?) -> ResourceAmounts {
    let n = spec.nodeCount
    var amounts = ResourceAmounts(cpuMillis: spec.perNode.cpuMillis * n, memoryMiB: spec.perNode.memoryMiB * n)
    if let model, spec.perNode.cards > 0 { amounts.cards[model] = spec.perNode.cards * n }
    return amounts
  }

  /// The models a job may run on: its accepted models, or `nil` alone for a CPU-only job.
  static func candidateModels(_ spec: JobSpec) -> [String?] {
    spec.perNode.cards == 0 ? [nil] : spec.perNode.models.map { $0 }
  }

  /// Whether `node` could hold one node's share of the job on `model`, at its capacity (`free: false`) or in
  /// what is free now (`free: true`). A CPU-only job may use any node.
  static func nodeCanHold(_ node: NodeView, _ spec: JobSpec, model: String?, free: Bool) -> Bool {
    let request = spec.perNode
    if request.cards > 0 && node.spec.model != model { return false }
    for (key, value) in spec.selector where node.spec.labels[key] != value { return false }
    if free {
      return node.freeCpuMillis >= request.cpuMillis && node.freeMemoryMiB >= request.memoryMiB
        && node.freeCards >= request.cards
    }
    return node.spec.cpuMillis >= request.cpuMillis && node.spec.memoryMiB >= request.memoryMiB
      && node.spec.cards >= request.cards
  }

  /// Whether `amounts` fit within `bound` in every dimension (a model missing from `bound` allows none).
  static func fits(_ amounts: ResourceAmounts, within bound: ResourceAmounts) -> Bool {
    amounts.cpuMillis <= bound.cpuMillis && amounts.memoryMiB <= bound.memoryMiB
      && amounts.cards.allSatisfy { $0.value <= bound.cards[$0.key] ?? 0 }
  }

  static func adding(_ a: ResourceAmounts, _ b: ResourceAmounts, sign: Int = 1) -> ResourceAmounts {
    var sum = a
    sum.cpuMillis += sign * b.cpuMillis
    sum.memoryMiB += sign * b.memoryMiB
    for (model, cards) in b.cards {
      sum.cards[model, default: 0] += sign * cards
      if sum.cards[model] == 0 { sum.cards[model] = nil }
    }
    return sum
  }

  /// The job's priority at the scheduler's current snapshot (what the last cycle ranked it by).
  static func priority(_ spec: JobSpec, in s: Scheduler) -> Double {
    guard let e = s.enterpriseIndex[spec.enterprise] else { return -.infinity }
    let enterprise = s.enterprises[Int(e)]
    return Priority.breakdown(
      jobClass: spec.jobClass, submit: spec.submitTime, at: s.snapshotTime, fairShare: enterprise.fairShare,
      boost: enterprise.spec.boost, config: s.config
    ).total
  }

  /// Every node view, in registration order.
  static func nodes(_ s: Scheduler) -> [NodeView] { s.nodeNames.compactMap { s.node($0) } }

  /// Every job view, in ID order.
  static func jobs(_ s: Scheduler, in state: JobState? = nil) -> [JobView] {
    s.jobIDs(in: state).compactMap { s.job($0) }
  }
}

/// Everything the public API shows, to compare two schedulers (or one before and after a step).
struct PublicState: Equatable {
  var jobs: [JobView]
  var reasons: [PendingReason?]
  var reservations: [Time?]
  var nodes: [NodeView]
  var enterprises: [EnterpriseView]

  init(_ s: Scheduler) {
    jobs = Oracle.jobs(s)
    reasons = jobs.map { s.pendingReason(of: $0.spec.id) }
    reservations = jobs.map { s.reservationStart(of: $0.spec.id) }
    nodes = Oracle.nodes(s)
    enterprises = s.enterpriseIDs.compactMap { s.enterprise($0) }
  }
}

extension Decision {
  /// The job a decision is about, if any.
  var job: JobID? {
    switch self {
    case .start(let id, _), .stop(let id, _), .preempt(let id, _, _), .requeued(let id, _), .ended(let id, _, _):
      id
    case .ledger(let entry): entry.job
    case .nodeStateChanged: nil
    }
  }
}

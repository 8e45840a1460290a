internal import HeapModule
public import SuanliConfig
public import SuanliCore

/// Replays a workload through `SuanliCore` under one policy, with a virtual clock: arrivals are submitted
/// at their time, the scheduler's cycle runs after every moment something happened (and every `tick` while
/// jobs wait and others run), and started jobs end after their real duration, or at their walltime.
public struct Replay {
  public let workload: Workload
  public let cluster: ClusterModel
  public let policy: Policy
  public private(set) var scheduler: Scheduler
  public private(set) var jobs: [JobProgress]
  public private(set) var timeline: Timeline
  var accounting: Accounting
  let tick: Int64
  let modelIndex: [String: Int]
  var completions = Heap<Completion>()
  var nextArrival = 0
  var pending = 0
  var running = 0
  public private(set) var cycles = 0

  struct Completion: Comparable {
    var time: Int64
    var job: Int
    var run: UInt32
    static func < (a: Completion, b: Completion) -> Bool { (a.time, a.job) < (b.time, b.job) }
  }

  /// Sets the scheduler up for `policy` and registers the cluster's nodes at the first submission time.
  public init(workload: Workload, cluster: ClusterModel, policy: Policy, config: SimulationConfig) throws(CoreError) {
    self.workload = workload
    self.cluster = cluster
    self.policy = policy
    tick = config.tick
    scheduler = try Scheduler(
      config: policy.schedulerConfig(from: config.scheduler), prices: config.prices,
      enterprises: policy.enterpriseSpecs(workload.enterprises, cluster: cluster))
    jobs = Array(repeating: JobProgress(), count: workload.jobs.count)
    timeline = Timeline(enterpriseCount: workload.enterprises.count)
    modelIndex = Dictionary(uniqueKeysWithValues: cluster.models.enumerated().map { ($1, $0) })
    let start = workload.jobs.first?.submit ?? 0
    accounting = Accounting(
      guaranteedCards: workload.enterprises.map { enterprise in
        cluster.models.reduce(0) { $0 + (enterprise.terms.guaranteed.cards[$1] ?? 0) }
      },
      limitCards: workload.enterprises.map { enterprise in
        cluster.models.enumerated().map { index, model in
          enterprise.terms.limit.map { $0.cards[model] ?? 0 } ?? cluster.cardsByModel[index]
        }
      }, start: start)
    for node in cluster.nodes { _ = try scheduler.handle(.registerNode(node), at: start) }
  }

  /// Runs to the end. `afterCycle` sees the scheduler after every cycle (tests check invariants there);
  /// `progress` is told how many jobs were submitted, every 4096 steps.
  public mutating func run(
    afterCycle: ((Scheduler, Int64) -> Void)? = nil, progress: ((Int) -> Void)? = nil
  ) {
    var nextTick = Int64.max
    var steps = 0
    while let now = nextTime(nextTick: nextTick) {
      accounting.advance(to: now)
      if nextTick <= now { nextTick = Int64.max }
      finishJobs(at: now)
      submitArrivals(at: now)
      let decisions = scheduler.cycle(at: now)
      cycles += 1
      apply(decisions, at: now)
      afterCycle?(scheduler, now)
      timeline.record(time: now, queued: pending, cards: accounting.cardsInUse)
      if pending > 0 && running > 0 && nextTick == Int64.max { nextTick = now + tick }
      steps += 1
      if steps % 4096 == 0 { progress?(nextArrival) }
    }
    progress?(nextArrival)
  }

  /// The next moment anything happens: an arrival, a job's end, or a tick while jobs wait.
  private mutating func nextTime(nextTick: Int64) -> Int64? {
    while let first = completions.min, jobs[first.job].run != first.run || !jobs[first.job].running {
      completions.removeMin()
    }
    var next = nextTick
    if nextArrival < workload.jobs.count { next = min(next, workload.jobs[nextArrival].submit) }
    if let first = completions.min { next = min(next, first.time) }
    if pending > 0 && running > 0 { next = min(next, nextTick) }
    return next == Int64.max ? nil : next
  }

  private mutating func finishJobs(at now: Int64) {
    while let first = completions.min, first.time <= now {
      completions.removeMin()
      guard jobs[first.job].running, jobs[first.job].run == first.run else { continue }
      let job = workload.jobs[first.job]
      let end: JobEnd = job.duration <= job.walltime ? .succeeded : .timeout
      // The core knows the job runs (it started it): this cannot be refused.
      if let decisions = try? scheduler.handle(.jobFinished(Self.id(first.job), end), at: now) {
        apply(decisions, at: now)
      }
    }
  }

  private mutating func submitArrivals(at now: Int64) {
    while nextArrival < workload.jobs.count, workload.jobs[nextArrival].submit <= now {
      let index = nextArrival
      nextArrival += 1
      let job = workload.jobs[index]
      let spec = JobSpec(
        id: Self.id(index), enterprise: workload.enterprises[job.enterprise].id, perNode: job.perNode,
        nodeCount: job.nodeCount, walltime: job.walltime, jobClass: job.jobClass, requeue: true,
        submitTime: job.submit)
      do {
        _ = try scheduler.handle(.submit(spec), at: now)
        pending += 1
        accounting.demand[job.enterprise] += job.cards
      } catch {
        jobs[index].fate = .rejected
      }
    }
  }

  private mutating func apply(_ decisions: [Decision], at now: Int64) {
    for decision in decisions {
      switch decision {
      case .start(let id, let placement):
        let index = Self.index(id)
        let job = workload.jobs[index]
        pending -= 1
        running += 1
        if jobs[index].firstStart < 0 { jobs[index].firstStart = now }
        jobs[index].runStart = now
        jobs[index].run &+= 1
        jobs[index].running = true
        jobs[index].model = placement.model.flatMap { modelIndex[$0] } ?? -1
        accounting.started(enterprise: job.enterprise, model: jobs[index].modelIndex, cards: job.cards)
        let length = min(job.duration, job.walltime)
        completions.insert(Completion(time: now + length, job: index, run: jobs[index].run))
      case .preempt(let id, _, let requeued):
        let index = Self.index(id)
        let ran = now - jobs[index].runStart
        stopRun(index, at: now)
        jobs[index].preemptions += 1
        accounting.preemptions += 1
        accounting.lostCardSeconds += Double(ran * Int64(workload.jobs[index].cards))
        if requeued { pending += 1 }
      case .ended(let id, let end, _):
        let index = Self.index(id)
        if jobs[index].running { stopRun(index, at: now) }
        jobs[index].end = now
        jobs[index].fate = end == .succeeded ? .completed : end == .timeout ? .timeout : .preempted
        accounting.demand[workload.jobs[index].enterprise] -= workload.jobs[index].cards
      case .ledger(let entry):
        guard entry.kind == .charge, let job = entry.job else { continue }
        let index = Self.index(job)
        accounting.charged[workload.jobs[index].enterprise] += entry.amount.millis
      case .requeued, .stop, .nodeStateChanged:
        continue
      }
    }
  }

  private mutating func stopRun(_ index: Int, at now: Int64) {
    let job = workload.jobs[index]
    jobs[index].ran += now - jobs[index].runStart
    jobs[index].running = false
    running -= 1
    accounting.stopped(enterprise: job.enterprise, model: jobs[index].modelIndex, cards: job.cards)
  }

  static func id(_ index: Int) -> JobID { JobID(UInt64(index) + 1) }
  static func index(_ id: JobID) -> Int { Int(id.rawValue) - 1 }
}

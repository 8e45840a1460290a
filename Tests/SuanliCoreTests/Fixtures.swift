import Testing

@testable import SuanliCore

/// Small builders so each test reads as its scenario.
enum Fixture {
  static func gpuNode(
    _ name: String, model: String = "h200", cards: Int = 8, cpu: Int = 64_000,
    memory: Int = 512 * 1024, labels: [String: String] = [:]
  ) -> NodeSpec {
    NodeSpec(name: name, labels: labels, cpuMillis: cpu, memoryMiB: memory, model: model, cards: cards)
  }

  static func cpuNode(_ name: String, cpu: Int = 32_000, memory: Int = 128 * 1024) -> NodeSpec {
    NodeSpec(name: name, cpuMillis: cpu, memoryMiB: memory)
  }

  /// An enterprise with generous CPU/memory and the given card quotas.
  static func enterprise(
    _ id: String, guaranteed: [String: Int] = [:], limit: [String: Int],
    credits: Int64 = 1_000_000, weight: Double = 1, boost: Double = 0
  ) -> EnterpriseSpec {
    EnterpriseSpec(
      id: id, guaranteed: ResourceAmounts(cpuMillis: 0, memoryMiB: 0, cards: guaranteed),
      limit: ResourceAmounts(cpuMillis: 10_000_000, memoryMiB: 100_000_000, cards: limit),
      fairShareWeight: weight, boost: boost, credits: Credits(credits))
  }

  static func job(
    _ id: UInt64, _ enterprise: String, cards: Int = 1, models: [String] = ["h200"],
    cpu: Int = 1_000, memory: Int = 1_024, nodes: Int = 1, walltime: Int64 = 3_600, jobClass: JobClass = .normal,
    submit: Time = 0, selector: [String: String] = [:], requeue: Bool = true, held: Bool = false
  ) -> JobSpec {
    JobSpec(
      id: JobID(id), enterprise: enterprise, uid: 1000,
      perNode: NodeRequest(cpuMillis: cpu, memoryMiB: memory, cards: cards, models: cards == 0 ? [] : models),
      nodeCount: nodes, selector: selector, walltime: walltime, jobClass: jobClass, requeue: requeue, held: held,
      submitTime: submit)
  }

  static func scheduler(
    config: SchedulerConfig = SchedulerConfig(), prices: PriceTable = PriceTable(),
    enterprises: [EnterpriseSpec], nodes: [NodeSpec]
  ) throws -> Scheduler {
    var scheduler = try Scheduler(config: config, prices: prices, enterprises: enterprises)
    for node in nodes { _ = try scheduler.handle(.registerNode(node), at: 0) }
    return scheduler
  }
}

extension Scheduler {
  /// Submits jobs (at their submit time) and returns nothing; a convenience for tests.
  mutating func submit(_ specs: JobSpec...) throws {
    for spec in specs { _ = try handle(.submit(spec), at: spec.submitTime) }
  }
}

extension Scheduler {
  /// Jobs 5 and 7 of `enterprise` wait, in two shapes, and job 2, older than both, is submitted held to job 7's
  /// shape; once both wait, job 2 is released and, in the next cycle, waits too. Then job 1 ends: returns
  /// the jobs the cycle that follows starts.
  mutating func releaseAnOlderJobIntoAWaitingBucketAndEndJob1(of enterprise: String) throws -> [JobID] {
    try submit(
      Fixture.job(2, enterprise, submit: 2, held: true), Fixture.job(5, enterprise, walltime: 7_200, submit: 5),
      Fixture.job(7, enterprise, submit: 7))
    #expect(cycle(at: 10).started.isEmpty)
    _ = try handle(.release(2), at: 20)
    #expect(cycle(at: 20).started.isEmpty)
    _ = try handle(.jobFinished(1, .succeeded), at: 30)
    return cycle(at: 30).started
  }
}

extension [Decision] {
  var started: [JobID] {
    compactMap { if case .start(let id, _) = $0 { id } else { nil } }
  }
  func placement(of job: JobID) -> Placement? {
    for decision in self { if case .start(job, let placement) = decision { return placement } }
    return nil
  }
  var preempted: [JobID] {
    compactMap { if case .preempt(let id, _, _) = $0 { id } else { nil } }
  }
  var ledger: [LedgerEntry] {
    compactMap { if case .ledger(let entry) = $0 { entry } else { nil } }
  }
}

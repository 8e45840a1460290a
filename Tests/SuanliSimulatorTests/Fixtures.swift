import SuanliConfig
import SuanliCore

@testable import SuanliSimulator

/// Small clusters and traces whose outcomes are worked out by hand in the tests.
enum Sim {
  static let model = "nvidia-v100"

  /// `nodes` nodes of 8 cards, 64 cores, 512 GiB; exact walltime estimates (factor 1, no rounding).
  static func config(
    nodes: Int = 1, enterprises: [SimulationConfig.Enterprise] = [], scheduler: SchedulerConfig = SchedulerConfig(),
    prices: PriceTable = PriceTable()
  ) -> SimulationConfig {
    var jobs = SimulationConfig.JobShaping()
    jobs.walltimeFactor = 1
    jobs.walltimeMin = 1
    jobs.walltimeRound = 1
    return SimulationConfig(
      nodeGroups: [
        .init(name: "n", count: nodes, model: model, cards: 8, cpuMillis: 64_000, memoryMiB: 512 * 1024)
      ], enterprises: enterprises, jobs: jobs, scheduler: scheduler, prices: prices)
  }

  static func enterprise(
    _ id: String, guaranteed: Int, limit: Int, budget: Credits? = nil
  ) -> SimulationConfig.Enterprise {
    .init(
      id: id,
      terms: .init(
        guaranteed: ResourceAmounts(cards: [model: guaranteed]),
        limit: ResourceAmounts(cpuMillis: .max, memoryMiB: .max, cards: [model: limit]), budget: budget))
  }

  static func row(
    _ id: String, _ tenant: String = "acme", submit: Int64, duration: Int64, cards: Int, jobClass: String = ""
  ) -> TraceRow {
    TraceRow(id: id, tenant: tenant, submit: submit, duration: duration, cards: cards, priorityClass: jobClass)
  }

  static func replay(_ rows: [TraceRow], _ config: SimulationConfig, _ policy: Policy) throws -> Replay {
    let cluster = ClusterModel(config)
    let workload = Workload(trace: Trace(rows: rows), config: config, cluster: cluster)
    var replay = try Replay(workload: workload, cluster: cluster, policy: policy, config: config)
    replay.run()
    return replay
  }

  static func report(_ rows: [TraceRow], _ config: SimulationConfig, _ policy: Policy) throws -> PolicyReport {
    PolicyReport(try replay(rows, config, policy))
  }

  /// First start of each job, by trace id.
  static func starts(_ replay: Replay) -> [String: Int64] {
    var starts: [String: Int64] = [:]
    for (index, job) in replay.workload.jobs.enumerated() { starts[job.name] = replay.jobs[index].firstStart }
    return starts
  }
}

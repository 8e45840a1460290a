import SuanliConfig
import SuanliCore
import Testing

@testable import SuanliSimulator

/// A seeded random trace on a small mixed cluster, checked after every simulated cycle.
@Suite struct InvariantTests {
  /// 6 nodes of 8 cards (two models), 2 CPU-only nodes; three enterprises with guarantees and limits.
  static var config: SimulationConfig {
    var config = SimulationConfig(
      nodeGroups: [
        .init(name: "v", count: 4, model: "nvidia-v100", cards: 8, cpuMillis: 64_000, memoryMiB: 512 * 1024),
        .init(name: "a", count: 2, model: "nvidia-a100", cards: 8, cpuMillis: 64_000, memoryMiB: 512 * 1024),
        .init(name: "c", count: 2, model: nil, cards: 0, cpuMillis: 32_000, memoryMiB: 128 * 1024),
      ],
      enterprises: [
        enterprise(
          "e0", guaranteed: ["nvidia-v100": 16, "nvidia-a100": 4], limit: ["nvidia-v100": 32, "nvidia-a100": 16]),
        enterprise(
          "e1", guaranteed: ["nvidia-v100": 8, "nvidia-a100": 8], limit: ["nvidia-v100": 24, "nvidia-a100": 16]),
        enterprise("e2", guaranteed: ["nvidia-v100": 8], limit: ["nvidia-v100": 16, "nvidia-a100": 8]),
      ], scheduler: SchedulerConfig(minRuntimeBeforePreemption: 60), tick: 120)
    config.jobs.walltimeFactor = 1.5
    config.jobs.walltimeRound = 60
    return config
  }

  static func enterprise(_ id: String, guaranteed: [String: Int], limit: [String: Int]) -> SimulationConfig.Enterprise {
    .init(
      id: id,
      terms: .init(
        guaranteed: ResourceAmounts(cards: guaranteed),
        limit: ResourceAmounts(cpuMillis: 400_000, memoryMiB: 4 << 20, cards: limit),
        classMix: [.high: 0.2, .normal: 0.6, .low: 0.2]))
  }

  /// 400 jobs over about a day: 1, 2, 4, 8 or 16 cards (or CPU only), 1 minute to 4 hours.
  static func randomTrace(seed: UInt64) -> Trace {
    var state = seed
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    var submit: Int64 = 0
    let sizes = [0, 1, 1, 1, 2, 4, 8, 16]
    return Trace(
      rows: (0..<400).map { index in
        submit += Int64(next() % 400)
        return TraceRow(
          id: "r\(index)", tenant: "e\(next() % 3)", submit: submit, duration: 60 + Int64(next() % 14_400),
          cards: sizes[Int(next() % UInt64(sizes.count))])
      })
  }

  @Test(arguments: Policy.allCases)
  func noNodeOverCapacityAndNoEnterpriseOverItsLimit(policy: Policy) throws {
    let config = Self.config
    let cluster = ClusterModel(config)
    let workload = Workload(trace: Self.randomTrace(seed: 7), config: config, cluster: cluster)
    var replay = try Replay(workload: workload, cluster: cluster, policy: policy, config: config)
    var cycles = 0
    var problems: [String] = []
    replay.run(afterCycle: { scheduler, now in
      cycles += 1
      for name in scheduler.nodeNames {
        let node = scheduler.node(name)!
        if node.freeCards < 0 || node.freeCpuMillis < 0 || node.freeMemoryMiB < 0
          || node.freeCards + node.usedCardIndices.count != node.spec.cards
        {
          problems.append("t=\(now): node \(name) over capacity")
        }
      }
      guard policy.honoursQuotas else { return }
      for id in scheduler.enterpriseIDs {
        let view = scheduler.enterprise(id)!
        for (model, used) in view.inUse.cards where used > view.spec.limit.cards[model] ?? 0 {
          problems.append("t=\(now): \(id) uses \(used) \(model), limit \(view.spec.limit.cards[model] ?? 0)")
        }
        if view.inUse.cpuMillis > view.spec.limit.cpuMillis || view.inUse.memoryMiB > view.spec.limit.memoryMiB {
          problems.append("t=\(now): \(id) over its CPU or memory limit")
        }
      }
    })
    #expect(problems.isEmpty, "\(problems.prefix(5))")
    #expect(cycles > 400)
    let report = PolicyReport(replay)
    #expect(report.jobs.completed + report.jobs.timeout == workload.jobs.count)
    if policy.honoursQuotas { #expect(report.maxLimitUse <= 1) }
  }

  @Test func strictFifoStartsJobsInSubmissionOrder() throws {
    let config = Self.config
    let cluster = ClusterModel(config)
    let workload = Workload(trace: Self.randomTrace(seed: 11), config: config, cluster: cluster)
    var replay = try Replay(workload: workload, cluster: cluster, policy: .fifo, config: config)
    replay.run()
    let starts = replay.jobs.map(\.firstStart)
    #expect(starts.allSatisfy { $0 >= 0 })
    #expect(zip(starts, starts.dropFirst()).allSatisfy { $0 <= $1 })
    // Backfill does better on the same trace, and breaks the order.
    var backfill = try Replay(workload: workload, cluster: cluster, policy: .backfill, config: config)
    backfill.run()
    #expect(PolicyReport(backfill).times.wait.mean < PolicyReport(replay).times.wait.mean)
  }

  @Test func theSameInputsGiveTheSameReport() throws {
    let config = Self.config
    let cluster = ClusterModel(config)
    let workload = Workload(trace: Self.randomTrace(seed: 3), config: config, cluster: cluster)
    let first = try Simulation.run(workload, on: cluster, config: config, policies: [.suanli])
    let second = try Simulation.run(workload, on: cluster, config: config, policies: [.suanli])
    #expect(first[0].report == second[0].report)
    #expect(first[0].timeline == second[0].timeline)
  }
}

public import SuanliConfig
public import SuanliCore

/// One policy's replay, reduced to what reports and charts need.
public struct PolicyRun: Sendable {
  public var report: PolicyReport
  public var timeline: Timeline
  /// Queueing delay of every job that ended, in job order.
  public var waits: [Int64]
}

/// The whole comparison: the workload, the cluster and every policy's figures (the `--json` document).
public struct SimulationReport: Sendable, Encodable {
  public var jobs: Int
  public var skippedRows: [String: Int]
  public var nodes: Int
  public var cards: [String: Int]
  public var enterprises: Int
  public var policies: [PolicyReport]

  enum CodingKeys: String, CodingKey {
    case jobs, nodes, cards, enterprises, policies
    case skippedRows = "skipped_rows"
  }
}

/// Runs the same workload on the same cluster under each policy, one after the other.
public enum Simulation {
  /// `progress(policy, jobs submitted so far)` is called now and then during each replay.
  public static func run(
    _ workload: Workload, on cluster: ClusterModel, config: SimulationConfig, policies: [Policy],
    progress: ((Policy, Int) -> Void)? = nil
  ) throws(CoreError) -> [PolicyRun] {
    var runs: [PolicyRun] = []
    for policy in policies {
      var replay = try Replay(workload: workload, cluster: cluster, policy: policy, config: config)
      replay.run(progress: progress.map { report in { report(policy, $0) } })
      let waits = workload.jobs.indices.compactMap { replay.jobs[$0].queueingDelay(submit: workload.jobs[$0].submit) }
      runs.append(PolicyRun(report: PolicyReport(replay), timeline: replay.timeline, waits: waits))
    }
    return runs
  }

  /// The JSON document of a comparison.
  public static func report(_ runs: [PolicyRun], workload: Workload, cluster: ClusterModel) -> SimulationReport {
    SimulationReport(
      jobs: workload.jobs.count, skippedRows: workload.skipped, nodes: cluster.nodes.count,
      cards: Dictionary(uniqueKeysWithValues: zip(cluster.models, cluster.cardsByModel)),
      enterprises: workload.enterprises.count, policies: runs.map(\.report))
  }
}

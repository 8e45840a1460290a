import SuanliConfig
import SuanliCore

/// Turns a trace row into a job the cluster can run: its class, its walltime estimate, and its cards split
/// over nodes (a job with more cards than a node has becomes a gang of equal shares).
struct JobShaper {
  let config: SimulationConfig
  let models: [String]
  /// The most cards, CPU and memory one node of an accepted model has (CPU-only jobs: any node).
  let largestCards: Int
  let largestCpu: Int
  let largestMemory: Int
  let maxWalltime: Int64

  init(config: SimulationConfig, cluster: ClusterModel) {
    self.config = config
    let accepted = config.jobs.models ?? cluster.models
    models = accepted
    let groups = config.nodeGroups.filter { $0.count > 0 }
    let cardGroups = groups.filter { group in group.model.map { accepted.contains($0) } ?? false }
    largestCards = cardGroups.map(\.cards).max() ?? 0
    largestCpu = groups.map(\.cpuMillis).max() ?? 0
    largestMemory = groups.map(\.memoryMiB).max() ?? 0
    maxWalltime = config.jobs.walltimeCap ?? config.scheduler.maxWalltime
  }

  func job(for row: TraceRow, index: Int, enterprise: Int, _ owner: SimulatedEnterprise) -> SimulatedJob? {
    let shaping = config.jobs
    var nodeCount = max(1, row.instances)
    var perNode: NodeRequest
    if row.cards == 0 {
      perNode = NodeRequest(
        cpuMillis: (row.cpuMillis ?? shaping.cpuOnlyCpu * nodeCount) / nodeCount,
        memoryMiB: (row.memoryMiB ?? shaping.cpuOnlyMemory * nodeCount) / nodeCount)
    } else {
      guard largestCards > 0 else { return nil }
      nodeCount = Self.nodeCount(cards: row.cards, instances: nodeCount, perNode: largestCards)
      let cards = (row.cards + nodeCount - 1) / nodeCount
      perNode = NodeRequest(
        cpuMillis: row.cpuMillis.map { ($0 + nodeCount - 1) / nodeCount } ?? shaping.cpuPerCard * cards,
        memoryMiB: row.memoryMiB.map { ($0 + nodeCount - 1) / nodeCount } ?? shaping.memoryPerCard * cards,
        cards: cards, models: models)
    }
    // A row asking more than any node has is trimmed to the largest node (else it could never run).
    perNode.cpuMillis = max(perNode.cards == 0 ? 1 : 0, min(perNode.cpuMillis, largestCpu))
    perNode.memoryMiB = min(perNode.memoryMiB, largestMemory)
    return SimulatedJob(
      name: row.id, enterprise: enterprise, jobClass: jobClass(of: row, index: index, owner.terms),
      submit: row.submit, duration: row.duration, walltime: walltime(for: row.duration), nodeCount: nodeCount,
      perNode: perNode)
  }

  /// The fewest nodes over which `cards` split evenly with at most `perNode` each (at least `instances`); if
  /// no even split exists, the fewest nodes, each taking the rounded-up share.
  static func nodeCount(cards: Int, instances: Int, perNode: Int) -> Int {
    let fewest = max(instances, (cards + perNode - 1) / perNode)
    for count in fewest...max(fewest, min(cards, fewest * 2)) where cards % count == 0 && cards / count <= perNode {
      return count
    }
    return fewest
  }

  /// Steps a walltime estimate is rounded up to: the largest that fits 12 times in it, as people ask for
  /// 45m, 2h, 18h or 3d rather than 3h25m.
  static let roundingSteps: [Int64] = [60, 300, 600, 1_800, 3_600, 7_200, 21_600, 43_200, 86_400]

  /// duration × factor, rounded up to a whole step (at least `walltime_round`), within the minimum and the cap.
  func walltime(for duration: Int64) -> Int64 {
    let shaping = config.jobs
    let scaled = Int64(min(Double(maxWalltime), (Double(duration) * shaping.walltimeFactor).rounded(.up)))
    let step = max(shaping.walltimeRound, Self.roundingSteps.last { $0 * 12 <= scaled } ?? 1)
    let rounded = (scaled + step - 1) / step * step
    return min(maxWalltime, max(shaping.walltimeMin, rounded))
  }

  /// The trace's class when it names one (through `jobs.classes`), else a draw from the enterprise's mix.
  func jobClass(of row: TraceRow, index: Int, _ terms: SimulationConfig.Terms) -> JobClass {
    if let mapped = config.jobs.classes[row.priorityClass] ?? JobClass(rawValue: row.priorityClass.lowercased()) {
      return mapped
    }
    guard !terms.classMix.isEmpty else { return .normal }
    let classes = JobClass.allCases.filter { terms.classMix[$0] != nil }
    let u = Draw.unit(seed: config.seed, index: index, stream: 1)
    return classes[Draw.pick(u, weights: classes.map { terms.classMix[$0]! })]
  }
}

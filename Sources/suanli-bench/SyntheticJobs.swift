import SuanliCore

/// Draws jobs one at a time (so the benchmark never holds the whole workload in memory), following the
/// Philly trace's cards-per-job distribution (stats.json: 1 card 69%, 2 cards 3%, 3–4 13%, 5–8 13%, >8 2%),
/// with 10% CPU-only jobs taken from the 1-card mass.
struct JobGenerator {
  /// Per mille: CPU-only, 1 card, 2 cards, 3–4, 5–8, multi-node.
  static let sizeWeights = [100, 590, 30, 130, 130, 20]
  static let walltimes: [Int64] = [3_600, 7_200, 14_400, 28_800, 86_400, 259_200]
  static let walltimeWeights = [15, 15, 20, 20, 20, 10]
  static let classes: [JobClass] = [.urgent, .high, .normal, .low]
  static let classWeights = [5, 20, 60, 15]
  static let cpuJobCores = [4, 8, 16, 32]
  static let cpuJobCoreWeights = [40, 30, 20, 10]
  /// Multi-node gangs: 2, 4 or 8 nodes of 8 cards.
  static let gangNodes = [2, 4, 8]
  static let gangWeights = [60, 30, 10]

  let cluster: SyntheticCluster
  private var rng: SplitMix64

  init(cluster: SyntheticCluster, seed: UInt64) {
    self.cluster = cluster
    self.rng = SplitMix64(seed: seed ^ 0x6A6F_6273)  // "jobs"
  }

  mutating func make(id: JobID, submitTime: Time) -> JobSpec {
    let enterprise = drawEnterprise()
    let jobClass = Self.classes[rng.pick(weights: Self.classWeights)]
    let walltime = Self.walltimes[rng.pick(weights: Self.walltimeWeights)]
    let selector = rng.percent(5) ? ["site": SyntheticCluster.sites[rng.below(SyntheticCluster.sites.count)]] : [:]
    let requeue = rng.percent(90)
    let uid = UInt32(1000 + rng.below(5000))

    var cards = 0
    var nodeCount = 1
    switch rng.pick(weights: Self.sizeWeights) {
    case 0: cards = 0
    case 1: cards = 1
    case 2: cards = 2
    case 3: cards = rng.percent(30) ? 3 : 4
    case 4: cards = [5, 6, 7, 8][rng.pick(weights: [10, 10, 10, 70])]
    default:
      cards = SyntheticCluster.cardsPerNode
      nodeCount = Self.gangNodes[rng.pick(weights: Self.gangWeights)]
    }

    let request: NodeRequest
    if cards == 0 {
      let cores = Self.cpuJobCores[rng.pick(weights: Self.cpuJobCoreWeights)]
      request = NodeRequest(cpuMillis: cores * 1000, memoryMiB: cores * 4 * 1024)
    } else {
      let models = drawModels()
      // Keep gangs within the enterprise's limit (and the cluster) on the preferred model.
      let limit = cluster.cardLimits[enterprise][models[0]]
      let nodes = cluster.nodesPerModel[models[0]]
      while nodeCount > 1, nodeCount * cards > limit || nodeCount > nodes { nodeCount /= 2 }
      request = NodeRequest(
        cpuMillis: cards * SyntheticCluster.cpuPerCard, memoryMiB: cards * SyntheticCluster.memoryPerCard,
        cards: cards, models: models.map { SyntheticCluster.models[$0] })
    }
    return JobSpec(
      id: id, enterprise: cluster.enterprises[enterprise].id, uid: uid, perNode: request, nodeCount: nodeCount,
      selector: selector, walltime: walltime, jobClass: jobClass, requeue: requeue, submitTime: submitTime)
  }

  /// Skewed toward larger enterprises: probability proportional to the guarantee share.
  private mutating func drawEnterprise() -> Int {
    let weights = cluster.cumulativeWeights
    let roll = rng.unit() * weights[weights.count - 1]
    var low = 0
    var high = weights.count - 1
    while low < high {
      let middle = (low + high) / 2
      if weights[middle] > roll { high = middle } else { low = middle + 1 }
    }
    return low
  }

  /// One model in the cluster's mix; 20% of jobs also accept a second, in preference order.
  private mutating func drawModels() -> [Int] {
    let first = rng.pick(weights: SyntheticCluster.modelShares)
    guard rng.percent(20) else { return [first] }
    let others = (0..<SyntheticCluster.models.count).filter { $0 != first }
    return [first, others[rng.below(others.count)]]
  }
}

import SuanliCore

/// A deterministic synthetic cluster: nodes, enterprises with quotas and budgets, and prices.
///
/// Nodes: 85% 8-card GPU nodes (40% `nvidia-h200`, 35% `nvidia-a100`, 25% `ascend-910b`) with 128 cores and
/// 1 TiB; 15% CPU-only nodes with 64 cores and 256 GiB; labels `site` (3 sites) and `zone`. Enterprises: see
/// `SyntheticEnterprises.swift`.
struct SyntheticCluster {
  static let models = ["nvidia-h200", "nvidia-a100", "ascend-910b"]
  static let modelShares = [40, 35, 25]
  static let sites = ["songshanhu", "nanshan", "qianhai"]
  static let zonesPerSite = 4

  static let gpuNodeCpu = 128_000
  static let gpuNodeMemory = 1_048_576
  static let cardsPerNode = 8
  static let cpuNodeCpu = 64_000
  static let cpuNodeMemory = 262_144
  /// Per card a GPU job asks for 12 cores and 96 GiB.
  static let cpuPerCard = 12_000
  static let memoryPerCard = 96 * 1024
  /// Nodes of the largest job (8 nodes × 8 cards).
  static let largestGang = 8

  static let prices = PriceTable(
    perCardHour: ["nvidia-h200": Credits(8), "nvidia-a100": Credits(4), "ascend-910b": Credits(3)],
    perCoreHour: Credits(millis: 50), perGiBHour: Credits(millis: 10))

  /// What the whole cluster offers, per resource.
  struct Capacity {
    var cpu: Int
    var memory: Int
    /// Cards per model, in `models` order.
    var cards: [Int]
  }

  let nodes: [NodeSpec]
  /// GPU nodes per model, in `models` order.
  let nodesPerModel: [Int]
  let cpuNodes: Int
  let capacity: Capacity
  let enterprises: [EnterpriseSpec]
  /// Card limit per enterprise and model, so jobs are generated within what their enterprise may use.
  let cardLimits: [[Int]]
  /// Cumulative enterprise weights (guarantee shares) for drawing a job's enterprise.
  let cumulativeWeights: [Double]
  let budgetLimited: Int
  let boosted: Int

  var cardsTotal: Int { capacity.cards.reduce(0, +) }

  init(nodeCount: Int, enterpriseCount: Int, seed: UInt64) {
    let gpuNodes = nodeCount * 85 / 100
    let h200 = gpuNodes * Self.modelShares[0] / 100
    let a100 = gpuNodes * Self.modelShares[1] / 100
    nodesPerModel = [h200, a100, gpuNodes - h200 - a100]
    cpuNodes = nodeCount - gpuNodes
    nodes = Self.makeNodes(nodesPerModel: nodesPerModel, cpuNodes: cpuNodes)
    capacity = Capacity(
      cpu: gpuNodes * Self.gpuNodeCpu + cpuNodes * Self.cpuNodeCpu,
      memory: gpuNodes * Self.gpuNodeMemory + cpuNodes * Self.cpuNodeMemory,
      cards: nodesPerModel.map { $0 * Self.cardsPerNode })

    var rng = SplitMix64(seed: seed ^ 0x636C_7573_7465_72)  // "cluster"
    let weights = Self.zipfWeights(count: enterpriseCount, exponent: 1.0)
    var specs: [EnterpriseSpec] = []
    var limits: [[Int]] = []
    var budgetLimited = 0
    for (index, weight) in weights.enumerated() {
      let made = Self.makeEnterprise(
        index: index, weight: weight, count: enterpriseCount, capacity: capacity, rng: &rng)
      specs.append(made.spec)
      limits.append(made.cardLimits)
      budgetLimited += made.budgetLimited ? 1 : 0
    }
    enterprises = specs
    cardLimits = limits
    self.budgetLimited = budgetLimited
    boosted = specs.filter { $0.boost > 0 }.count
    var running = 0.0
    cumulativeWeights = weights.map { weight in
      running += weight
      return running
    }
  }

  private static func makeNodes(nodesPerModel: [Int], cpuNodes: Int) -> [NodeSpec] {
    var nodes: [NodeSpec] = []
    nodes.reserveCapacity(nodesPerModel.reduce(cpuNodes, +))
    var serial = 0
    func labels() -> [String: String] {
      let site = serial % sites.count
      let zone = (serial / sites.count) % zonesPerSite
      serial += 1
      return ["site": sites[site], "zone": "\(sites[site])-\(zone)"]
    }
    for (m, count) in nodesPerModel.enumerated() {
      let prefix = String(models[m].split(separator: "-").last!)
      for index in 0..<count {
        nodes.append(
          NodeSpec(
            name: "\(prefix)-\(index)", labels: labels(), cpuMillis: gpuNodeCpu, memoryMiB: gpuNodeMemory,
            model: models[m], cards: cardsPerNode))
      }
    }
    for index in 0..<cpuNodes {
      nodes.append(NodeSpec(name: "cpu-\(index)", labels: labels(), cpuMillis: cpuNodeCpu, memoryMiB: cpuNodeMemory))
    }
    return nodes
  }
}

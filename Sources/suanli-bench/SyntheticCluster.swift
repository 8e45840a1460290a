import Glibc
import SuanliCore

/// A deterministic synthetic cluster: nodes, enterprises with quotas and budgets, and prices.
///
/// - Nodes: 85% 8-card GPU nodes (40% `nvidia-h200`, 35% `nvidia-a100`, 25% `ascend-910b`) with 128 cores
///   and 1 TiB; 15% CPU-only nodes with 64 cores and 256 GiB; labels `site` (3 sites) and `zone`.
/// - Enterprises: Zipf-sized guarantees summing to about the capacity of each resource, limit 2× the
///   guarantee (at least one 8-node × 8-card job, at most the cluster), fair-share weight proportional to the
///   guarantee, a few boosted, budgets ample except for ~5% that are budget-limited.
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
  /// The largest job: 8 nodes × 8 cards.
  static let largestGang = 8

  static let prices = PriceTable(
    perCardHour: ["nvidia-h200": Credits(8), "nvidia-a100": Credits(4), "ascend-910b": Credits(3)],
    perCoreHour: Credits(millis: 50), perGiBHour: Credits(millis: 10))

  let nodes: [NodeSpec]
  let enterprises: [EnterpriseSpec]
  /// GPU nodes per model, in `models` order.
  let nodesPerModel: [Int]
  let cpuNodes: Int
  var cardsTotal: Int { nodesPerModel.reduce(0, +) * Self.cardsPerNode }
  /// Card limit per enterprise and model, so jobs are generated within what their enterprise may use.
  let cardLimits: [[Int]]
  /// Cumulative enterprise weights (guarantee shares) for drawing a job's enterprise.
  let cumulativeWeights: [Double]
  let budgetLimited: Int
  let boosted: Int

  init(nodeCount: Int, enterpriseCount: Int, seed: UInt64) {
    var rng = SplitMix64(seed: seed ^ 0x636C_7573_7465_72)  // "cluster"
    let gpuNodes = nodeCount * 85 / 100
    let h200 = gpuNodes * Self.modelShares[0] / 100
    let a100 = gpuNodes * Self.modelShares[1] / 100
    nodesPerModel = [h200, a100, gpuNodes - h200 - a100]
    cpuNodes = nodeCount - gpuNodes
    nodes = Self.makeNodes(nodesPerModel: nodesPerModel, cpuNodes: cpuNodes)

    let capacityCards = nodesPerModel.map { $0 * Self.cardsPerNode }
    let capacityCpu = gpuNodes * Self.gpuNodeCpu + cpuNodes * Self.cpuNodeCpu
    let capacityMemory = gpuNodes * Self.gpuNodeMemory + cpuNodes * Self.cpuNodeMemory
    let weights = Self.zipfWeights(count: enterpriseCount, exponent: 1.0)
    var specs: [EnterpriseSpec] = []
    var limits: [[Int]] = []
    var budgetLimited = 0
    var boosted = 0
    for (index, weight) in weights.enumerated() {
      var guaranteed = ResourceAmounts(
        cpuMillis: Int(Double(capacityCpu) * weight), memoryMiB: Int(Double(capacityMemory) * weight))
      var limit = ResourceAmounts(
        cpuMillis: Self.limit(guaranteed.cpuMillis, floor: Self.largestGang * Self.cardsPerNode * Self.cpuPerCard,
          capacity: capacityCpu),
        memoryMiB: Self.limit(guaranteed.memoryMiB,
          floor: Self.largestGang * Self.cardsPerNode * Self.memoryPerCard, capacity: capacityMemory))
      var cardLimit: [Int] = []
      var hourly = Double(guaranteed.cpuMillis) / 1000 * 0.05 + Double(guaranteed.memoryMiB) / 1024 * 0.01
      for (m, model) in Self.models.enumerated() {
        let cards = Int(Double(capacityCards[m]) * weight)
        guaranteed.cards[model] = cards
        let cap = Self.limit(cards, floor: Self.largestGang * Self.cardsPerNode, capacity: capacityCards[m])
        limit.cards[model] = cap
        cardLimit.append(cap)
        hourly += Double(cards) * Double(Self.prices.perCardHour[model]!.millis) / 1000
      }
      let isBudgetLimited = rng.percent(5)
      let isBoosted = rng.percent(3)
      budgetLimited += isBudgetLimited ? 1 : 0
      boosted += isBoosted ? 1 : 0
      // Ample: 90 days of the guarantee, and at least four of the largest, dearest jobs at 72 h.
      let ample = max(hourly * 24 * 90, Double(Self.largestGang * Self.cardsPerNode * 8 * 72 * 4))
      // Limited: half a day of the guarantee.
      let credits = isBudgetLimited ? hourly * 12 : ample
      specs.append(
        EnterpriseSpec(
          id: Self.enterpriseID(index), guaranteed: guaranteed, limit: limit,
          fairShareWeight: weight * Double(enterpriseCount), boost: isBoosted ? 0.5 : 0,
          credits: Credits(millis: Int64(credits * 1000))))
      limits.append(cardLimit)
    }
    enterprises = specs
    cardLimits = limits
    var running = 0.0
    cumulativeWeights = weights.map { running += $0; return running }
    self.budgetLimited = budgetLimited
    self.boosted = boosted
  }

  static func enterpriseID(_ index: Int) -> String {
    let digits = String(index)
    return "ent-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// Twice the guarantee, at least `floor` (one largest job fits), at most the cluster's capacity.
  private static func limit(_ guaranteed: Int, floor: Int, capacity: Int) -> Int {
    min(capacity, max(2 * guaranteed, floor))
  }

  /// Normalised Zipf weights 1/(i+1)^s.
  private static func zipfWeights(count: Int, exponent: Double) -> [Double] {
    let raw = (0..<count).map { 1 / pow(Double($0 + 1), exponent) }
    let total = raw.reduce(0, +)
    return raw.map { $0 / total }
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

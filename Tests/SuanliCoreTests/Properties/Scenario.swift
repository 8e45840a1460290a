@testable import SuanliCore

/// SplitMix64: a tiny deterministic generator, so that a whole scenario is a pure function of one seed.
struct ScenarioRNG: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
  mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
  mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
}

/// A random cluster, its tenants, prices and settings: everything a scheduler is built from.
struct Scenario: Sendable {
  static let allModels = ["nvidia-h200", "ascend-910b", "nvidia-a100"]
  static let sites = ["songshanhu", "qianhai"]

  var seed: UInt64
  var config: SchedulerConfig
  var prices: PriceTable
  var enterprises: [EnterpriseSpec]
  var nodes: [NodeSpec]
  /// Accelerator models present in the cluster.
  var models: [String]

  func makeScheduler() -> Scheduler {
    do {
      return try Scheduler(config: config, prices: prices, enterprises: enterprises)
    } catch {
      fatalError("scenario \(seed) has an invalid configuration: \(error)")
    }
  }

  /// Cards of each model in the whole cluster.
  var totalCards: [String: Int] {
    var total: [String: Int] = [:]
    for node in nodes { if let model = node.model { total[model, default: 0] += node.cards } }
    return total
  }
  var totalCpu: Int { nodes.reduce(0) { $0 + $1.cpuMillis } }
  var totalMemory: Int { nodes.reduce(0) { $0 + $1.memoryMiB } }
}

// MARK: - Generation

extension Scenario {
  /// The general scenario: a mixed cluster, 1 to 4 enterprises with guarantees, limits, budgets, weights and
  /// boosts, prices, and random settings (class preemption on in about half the cases).
  static func random(seed: UInt64) -> Scenario {
    var rng = ScenarioRNG(seed: seed)
    let (models, nodes) = cluster(&rng)
    var scenario = Scenario(
      seed: seed, config: randomConfig(&rng), prices: randomPrices(&rng, models: models), enterprises: [],
      nodes: nodes, models: models)
    scenario.enterprises = (0..<rng.int(1...4)).map { randomEnterprise(&rng, index: $0, of: scenario) }
    return scenario
  }

  /// 2 to 12 nodes: 1 or 2 accelerator models, 2 to 8 cards a node, some CPU-only nodes, site labels.
  static func cluster(_ rng: inout ScenarioRNG, nodeCount: ClosedRange<Int> = 2...12) -> ([String], [NodeSpec]) {
    var pool = allModels
    var models: [String] = []
    for _ in 0..<rng.int(1...2) { models.append(pool.remove(at: rng.int(0...pool.count - 1))) }
    let nodes = (0..<rng.int(nodeCount)).map { i in
      let cpuOnly = rng.chance(0.2)
      var labels = ["site": rng.pick(sites)]
      if rng.chance(0.3) { labels["ib"] = "hdr" }
      return NodeSpec(
        name: "n\(i)", labels: labels, cpuMillis: rng.pick([16, 32, 64, 96]) * 1000,
        memoryMiB: rng.pick([64, 128, 256, 512]) * 1024, model: cpuOnly ? nil : rng.pick(models),
        cards: cpuOnly ? 0 : rng.pick([2, 4, 6, 8, 8]))
    }
    return (models, nodes)
  }

  /// Settings vary widely, class preemption is on in about half the cases, reclaim in most.
  static func randomConfig(_ rng: inout ScenarioRNG) -> SchedulerConfig {
    SchedulerConfig(
      weights: PriorityWeights(
        jobClass: rng.pick([0, 10_000, 10_000]), age: rng.pick([0, 1_000]), fairShare: rng.pick([0, 10_000]),
        boost: rng.pick([0, 5_000])),
      maxAge: rng.pick([3_600, 86_400]), usageHalfLife: 3_600, priorityRecalcInterval: rng.pick([0, 60, 600]),
      backfillDepth: rng.int(0...4), minRuntimeBeforePreemption: rng.pick([0, 60, 300]),
      reclaimEnabled: rng.chance(0.8), classPreemptionEnabled: rng.chance(0.5), chargeLostTime: rng.chance(0.3),
      maxWalltime: 86_400)
  }

  static func randomPrices(_ rng: inout ScenarioRNG, models: [String]) -> PriceTable {
    var perCard: [String: Credits] = [:]
    for model in models where rng.chance(0.85) { perCard[model] = Credits(millis: rng.pick([1_000, 2_500, 10_000])) }
    return PriceTable(
      perCardHour: perCard, perCoreHour: Credits(millis: rng.pick([0, 50])),
      perGiBHour: Credits(millis: rng.pick([0, 10])))
  }

  /// Guarantees are shares of the cluster; limits lie between the guarantee and twice the cluster; budgets
  /// range from nothing to plenty.
  static func randomEnterprise(_ rng: inout ScenarioRNG, index: Int, of scenario: Scenario) -> EnterpriseSpec {
    func quota(_ total: Int) -> (guaranteed: Int, limit: Int) {
      let guaranteed = rng.chance(0.4) ? 0 : rng.int(0...max(0, total / 2))
      let limit = rng.chance(0.6) ? 2 * total : guaranteed + rng.int(0...total)
      return (guaranteed, limit)
    }
    var guaranteedCards: [String: Int] = [:]
    var limitCards: [String: Int] = [:]
    for (model, total) in scenario.totalCards.sorted(by: { $0.key < $1.key }) where rng.chance(0.9) {
      let q = quota(total)
      guaranteedCards[model] = q.guaranteed
      limitCards[model] = q.limit
    }
    let cpu = quota(scenario.totalCpu)
    let memory = quota(scenario.totalMemory)
    return EnterpriseSpec(
      id: "e\(index)",
      guaranteed: ResourceAmounts(cpuMillis: cpu.guaranteed, memoryMiB: memory.guaranteed, cards: guaranteedCards),
      limit: ResourceAmounts(cpuMillis: cpu.limit, memoryMiB: memory.limit, cards: limitCards),
      fairShareWeight: rng.pick([0.5, 1, 2, 4]), boost: rng.pick([0, 0, 0.25, 1]),
      credits: Credits(rng.pick([0, 50, 500, 5_000, 1_000_000])))
  }

  /// A job of varied shape: CPU-only or cards, one or more accepted models (sometimes one no node has),
  /// sometimes a gang of 2 or 3 nodes, sometimes a selector, any class; 10% are submitted held.
  func randomJob(_ rng: inout ScenarioRNG, id: JobID, at now: Time, enterprise: String) -> JobSpec {
    let cards = models.isEmpty || rng.chance(0.25) ? 0 : rng.pick([1, 1, 2, 4, 8])
    var accepted: [String] = []
    if cards > 0 {
      accepted = models.count > 1 && rng.chance(0.3) ? models.shuffled(using: &rng) : [rng.pick(models)]
      if rng.chance(0.05) { accepted.append("nvidia-b200") }
    }
    var selector: [String: String] = [:]
    if rng.chance(0.15) { selector["site"] = rng.pick(Self.sites) }
    if rng.chance(0.05) { selector["ib"] = "hdr" }
    return JobSpec(
      id: id, enterprise: enterprise, uid: 1000,
      perNode: NodeRequest(
        cpuMillis: cards == 0 ? rng.pick([500, 1_000, 4_000, 16_000]) : rng.pick([0, 1_000, 8_000, 32_000]),
        memoryMiB: rng.pick([0, 1_024, 16_384, 131_072]), cards: cards, models: accepted),
      nodeCount: rng.chance(0.75) ? 1 : rng.int(2...3), selector: selector,
      walltime: rng.pick([60, 300, 600, 1_800, 3_600, 7_200]), jobClass: rng.pick(JobClass.allCases),
      requeue: rng.chance(0.8), held: rng.chance(0.1), submitTime: now)
  }
}

public import SuanliCore

/// The scheduling policies compared side by side, each a setting of the same `SuanliCore` scheduler.
public enum Policy: String, CaseIterable, Sendable, Codable, Hashable {
  /// Strict FIFO: submission order, and nothing starts past a job that does not fit; no quotas, no budgets.
  case fifo
  /// FIFO with backfill: submission order, reservations for the first blocked jobs, later jobs start where
  /// they delay none; no quotas, no budgets.
  case backfill
  /// Multifactor priority with the enterprises' quotas and budgets, in strict order: no backfill, no
  /// preemption.
  case quota
  /// Suanli's full policy as configured: priority, quotas with borrowing, budgets, backfill, reclaim.
  case suanli

  /// The column heading in reports.
  public var title: String {
    switch self {
    case .fifo: "fifo"
    case .backfill: "fifo+backfill"
    case .quota: "priority+quota"
    case .suanli: "suanli"
    }
  }

  /// Whether the enterprises' guarantees, limits and budgets apply.
  public var honoursQuotas: Bool { self == .quota || self == .suanli }

  /// The scheduler settings of this policy, from the configured ones.
  public func schedulerConfig(from configured: SchedulerConfig) -> SchedulerConfig {
    var config = configured
    switch self {
    case .fifo, .backfill:
      config.weights = PriorityWeights(jobClass: 0, age: 0, fairShare: 0, boost: 0)
      config.reclaimEnabled = false
      config.classPreemptionEnabled = false
      config.strictOrder = self == .fifo
      config.backfillDepth = self == .fifo ? 0 : max(1, configured.backfillDepth)
    case .quota:
      config.backfillDepth = 0
      config.reclaimEnabled = false
      config.classPreemptionEnabled = false
      config.strictOrder = true
    case .suanli:
      break
    }
    return config
  }

  /// The core's enterprises under this policy: their own terms, or, for the FIFO baselines, no quota at all
  /// (guarantees and limits beyond anything the cluster has) and credits without end.
  public func enterpriseSpecs(_ enterprises: [SimulatedEnterprise], cluster: ClusterModel) -> [EnterpriseSpec] {
    let unbounded = Self.unbounded(cluster)
    return enterprises.map { enterprise in
      guard honoursQuotas else {
        return EnterpriseSpec(
          id: enterprise.id, guaranteed: unbounded, limit: unbounded, credits: Self.unlimitedCredits)
      }
      let terms = enterprise.terms
      return EnterpriseSpec(
        id: enterprise.id, guaranteed: terms.guaranteed, limit: Self.bounded(terms.limit ?? unbounded),
        fairShareWeight: terms.weight, boost: terms.boost, credits: terms.budget ?? Self.unlimitedCredits)
    }
  }

  /// Credits of an enterprise without a budget: more than any trace can spend.
  static let unlimitedCredits = Credits(millis: 1 << 56)

  /// More of every resource than any cluster has: a quota that never binds (so that a job waits for room,
  /// not for its quota).
  static let boundless = 1 << 40

  static func unbounded(_ cluster: ClusterModel) -> ResourceAmounts {
    ResourceAmounts(
      cpuMillis: boundless, memoryMiB: boundless,
      cards: Dictionary(uniqueKeysWithValues: cluster.models.map { ($0, boundless) }))
  }

  /// CPU or memory given as "the whole cluster" become boundless.
  static func bounded(_ amounts: ResourceAmounts) -> ResourceAmounts {
    var result = amounts
    result.cpuMillis = min(amounts.cpuMillis, boundless)
    result.memoryMiB = min(amounts.memoryMiB, boundless)
    return result
  }
}

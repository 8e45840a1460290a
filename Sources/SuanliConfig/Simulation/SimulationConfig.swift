public import SuanliCore

/// A cluster description for `suanli simulate`: the nodes, the enterprises and their quotas, prices and
/// scheduler settings, and how trace rows become jobs. Read from TOML (see `etc/suanli/simulate/`).
public struct SimulationConfig: Sendable, Hashable {
  /// `[[node_group]]`: `count` identical nodes.
  public struct NodeGroup: Sendable, Hashable {
    public var name: String
    public var count: Int
    public var model: String?
    public var cards: Int
    public var cpuMillis: Int
    public var memoryMiB: Int
    public var labels: [String: String]

    public init(
      name: String, count: Int, model: String?, cards: Int, cpuMillis: Int, memoryMiB: Int,
      labels: [String: String] = [:]
    ) {
      self.name = name
      self.count = count
      self.model = model
      self.cards = cards
      self.cpuMillis = cpuMillis
      self.memoryMiB = memoryMiB
      self.labels = labels
    }
  }

  /// What an enterprise gets: quotas (nil limit: the whole cluster; a limit without CPU or memory: the cluster's
  /// CPU or memory, `wholeCluster`; a model absent from the limit's cards cannot be used), weight, boost, budget (nil: unlimited)
  /// and, for traces without classes, the share of its jobs in each class.
  public struct Terms: Sendable, Hashable {
    /// In a limit, CPU or memory not given: as much as the cluster has.
    public static let wholeCluster = Int.max
    public var guaranteed: ResourceAmounts
    public var limit: ResourceAmounts?
    public var weight: Double
    public var boost: Double
    public var budget: Credits?
    /// Fractions per class (summing to 1); empty: every job `normal` unless the trace says otherwise.
    public var classMix: [JobClass: Double]

    public init(
      guaranteed: ResourceAmounts = .none, limit: ResourceAmounts? = nil, weight: Double = 1, boost: Double = 0,
      budget: Credits? = nil, classMix: [JobClass: Double] = [:]
    ) {
      self.guaranteed = guaranteed
      self.limit = limit
      self.weight = weight
      self.boost = boost
      self.budget = budget
      self.classMix = classMix
    }
  }

  /// `[[enterprise]]`: an enterprise and the trace tenants that are its jobs.
  public struct Enterprise: Sendable, Hashable {
    public var id: String
    /// Trace tenants mapped to it (besides a tenant of the same name).
    public var tenants: [String]
    public var terms: Terms

    public init(id: String, tenants: [String] = [], terms: Terms = Terms()) {
      self.id = id
      self.tenants = tenants
      self.terms = terms
    }
  }

  /// Rows without a tenant: all to one enterprise, or spread over the configured ones by weight.
  public enum Untenanted: Sendable, Hashable {
    case enterprise(String)
    case spread
  }

  /// `[jobs]`: how a trace row becomes a job.
  public struct JobShaping: Sendable, Hashable {
    /// Walltime estimate: duration × factor, rounded up to a step that grows with it (1m, 5m, 10m, 30m, 1h, 2h,
    /// 6h, 12h, 1d: the largest that fits 12 times), never below `walltimeRound`, within `walltimeMin`…`walltimeCap`.
    public var walltimeFactor: Double = 2
    /// Nil: the scheduler's `max_walltime`.
    public var walltimeCap: Int64?
    public var walltimeMin: Int64 = 600
    public var walltimeRound: Int64 = 300
    /// Per card, when the trace gives no CPU or memory.
    public var cpuPerCard: Int = 8_000
    public var memoryPerCard: Int = 64 * 1024
    /// A CPU-only job without CPU or memory in the trace.
    public var cpuOnlyCpu: Int = 4_000
    public var cpuOnlyMemory: Int = 16 * 1024
    /// Accepted models, in preference order; nil: every card model of the cluster, in node-group order.
    public var models: [String]?
    /// The trace's `priority_class` values mapped to classes (`urgent`, `high`, `normal`, `low` map to
    /// themselves).
    public var classes: [String: JobClass] = [:]
    public var untenanted: Untenanted = .enterprise("default")

    public init() {}
  }

  public var nodeGroups: [NodeGroup]
  public var enterprises: [Enterprise]
  /// Terms of enterprises met in the trace (or the tenant map) without an `[[enterprise]]` of their own.
  public var defaults: Terms
  public var jobs: JobShaping
  public var scheduler: SchedulerConfig
  public var prices: PriceTable
  /// Cycles run at least this often while jobs wait (priorities age, preemption's minimum runtime passes).
  public var tick: Int64
  /// Seed of the deterministic draws (job classes from `class_mix`, spreading untenanted rows).
  public var seed: UInt64

  public init(
    nodeGroups: [NodeGroup], enterprises: [Enterprise] = [], defaults: Terms = Terms(), jobs: JobShaping = JobShaping(),
    scheduler: SchedulerConfig = SchedulerConfig(), prices: PriceTable = PriceTable(), tick: Int64 = 300,
    seed: UInt64 = 1
  ) {
    self.nodeGroups = nodeGroups
    self.enterprises = enterprises
    self.defaults = defaults
    self.jobs = jobs
    self.scheduler = scheduler
    self.prices = prices
    self.tick = tick
    self.seed = seed
  }
}

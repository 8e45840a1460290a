/// Price list in credits per hour, the basis of budget holds and charges.
public struct PriceTable: Hashable, Sendable {
  public var perCardHour: [String: Credits]
  public var perCoreHour: Credits
  public var perGiBHour: Credits

  public init(perCardHour: [String: Credits] = [:], perCoreHour: Credits = .zero, perGiBHour: Credits = .zero) {
    self.perCardHour = perCardHour
    self.perCoreHour = perCoreHour
    self.perGiBHour = perGiBHour
  }
}

/// Weights of the multifactor priority, as in Slurm's `PriorityWeight*`.
public struct PriorityWeights: Hashable, Sendable {
  public var jobClass: Double
  public var age: Double
  public var fairShare: Double
  public var boost: Double

  public init(jobClass: Double = 10_000, age: Double = 1_000, fairShare: Double = 10_000, boost: Double = 5_000) {
    self.jobClass = jobClass
    self.age = age
    self.fairShare = fairShare
    self.boost = boost
  }
}

/// Scheduler settings. Every value is plain data passed in: the core reads no globals.
public struct SchedulerConfig: Hashable, Sendable {
  public var weights: PriorityWeights
  /// Age at which the age factor saturates at 1 (seconds).
  public var maxAge: Int64
  /// Half-life of the usage behind fair share (seconds).
  public var usageHalfLife: Int64
  /// Priorities and fair share are recomputed at most this often (seconds), like Slurm's PriorityCalcPeriod.
  public var priorityRecalcInterval: Int64
  /// How many of the top blocked jobs get backfill reservations.
  public var backfillDepth: Int
  /// A job younger than this (seconds) is never preempted.
  public var minRuntimeBeforePreemption: Int64
  /// Reclaim: an enterprise under its guarantee preempts jobs of enterprises that borrow.
  public var reclaimEnabled: Bool
  /// Optional: a higher class preempts a lower class of the same enterprise.
  public var classPreemptionEnabled: Bool
  /// Whether time lost to preemption or node failure is charged.
  public var chargeLostTime: Bool
  /// Largest walltime a job may ask for (seconds).
  public var maxWalltime: Int64
  /// Strict priority order, without backfill of any kind (Slurm without its backfill plugin, Kueue's
  /// `StrictFIFO`): once the best job that may start finds no room, no job ranked below it starts until it
  /// has. Jobs held back by their enterprise's quota or budget, or that no node could ever run, block no one.
  /// Off by default: a lower job starts wherever it fits (delaying no backfill reservation).
  public var strictOrder: Bool

  public init(
    weights: PriorityWeights = PriorityWeights(), maxAge: Int64 = 7 * 86_400, usageHalfLife: Int64 = 7 * 86_400,
    priorityRecalcInterval: Int64 = 300, backfillDepth: Int = 16, minRuntimeBeforePreemption: Int64 = 300,
    reclaimEnabled: Bool = true, classPreemptionEnabled: Bool = false, chargeLostTime: Bool = false,
    maxWalltime: Int64 = 14 * 86_400, strictOrder: Bool = false
  ) {
    self.weights = weights
    self.maxAge = maxAge
    self.usageHalfLife = usageHalfLife
    self.priorityRecalcInterval = priorityRecalcInterval
    self.backfillDepth = backfillDepth
    self.minRuntimeBeforePreemption = minRuntimeBeforePreemption
    self.reclaimEnabled = reclaimEnabled
    self.classPreemptionEnabled = classPreemptionEnabled
    self.chargeLostTime = chargeLostTime
    self.maxWalltime = maxWalltime
    self.strictOrder = strictOrder
  }
}

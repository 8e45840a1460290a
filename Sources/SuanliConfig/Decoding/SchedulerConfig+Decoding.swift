import SuanliCore

/// `[scheduler]` and `[scheduler.weights]`.
extension DaemonConfig {
  static let schedulerKeys = [
    "weights", "max_age", "usage_half_life", "priority_recalc_interval", "backfill_depth",
    "min_runtime_before_preemption", "reclaim", "class_preemption", "charge_lost_time", "max_walltime",
  ]
  static let weightKeys = ["class", "age", "fair_share", "boost"]
}

extension SchedulerConfig {
  mutating func read(_ scheduler: inout TableReader) throws(ConfigError) {
    try scheduler.table("weights", known: DaemonConfig.weightKeys) { (weights: inout TableReader) throws(ConfigError) in
      try self.weights.read(&weights)
    }
    if let seconds = try scheduler.seconds("max_age") { maxAge = seconds }
    if let seconds = try scheduler.seconds("usage_half_life") { usageHalfLife = seconds }
    if let seconds = try scheduler.seconds("priority_recalc_interval") { priorityRecalcInterval = seconds }
    if let depth = try scheduler.integer("backfill_depth") { backfillDepth = Int(depth) }
    if let seconds = try scheduler.seconds("min_runtime_before_preemption") { minRuntimeBeforePreemption = seconds }
    if let flag = try scheduler.bool("reclaim") { reclaimEnabled = flag }
    if let flag = try scheduler.bool("class_preemption") { classPreemptionEnabled = flag }
    if let flag = try scheduler.bool("charge_lost_time") { chargeLostTime = flag }
    if let seconds = try scheduler.seconds("max_walltime") { maxWalltime = seconds }
  }
}

extension PriorityWeights {
  mutating func read(_ weights: inout TableReader) throws(ConfigError) {
    if let weight = try weights.number("class") { jobClass = weight }
    if let weight = try weights.number("age") { age = weight }
    if let weight = try weights.number("fair_share") { fairShare = weight }
    if let weight = try weights.number("boost") { boost = weight }
  }
}

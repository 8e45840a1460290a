extension Scheduler {
  static func validate(_ config: SchedulerConfig) throws(CoreError) {
    let w = config.weights
    for (name, value) in [("class", w.jobClass), ("age", w.age), ("fair share", w.fairShare), ("boost", w.boost)]
    where !(value.isFinite && value >= 0) {
      throw .invalidRequest("priority weight \(name) must be a finite number >= 0")
    }
    guard config.maxAge >= 0, config.usageHalfLife > 0, config.priorityRecalcInterval >= 0 else {
      throw .invalidRequest("max age, usage half-life and recalc interval must be positive")
    }
    guard config.backfillDepth >= 0, config.minRuntimeBeforePreemption >= 0, config.maxWalltime > 0,
      config.maxWalltime <= maxTime, config.maxAge <= maxTime, config.usageHalfLife <= maxTime
    else {
      throw .invalidRequest("backfill depth, minimum runtime and maximum walltime must not be negative")
    }
  }

  /// Applies new enterprises, prices and settings (a reload) without losing any job. New enterprises open
  /// with their configured credits; existing ones keep their ledger. An enterprise that still has jobs cannot
  /// be removed. On error nothing changes.
  public mutating func reconfigure(enterprises specs: [EnterpriseSpec], prices: PriceTable, config: SchedulerConfig)
    throws(CoreError)
  {
    try Self.validate(config)
    var seen = Set<String>()
    for spec in specs {
      guard !spec.id.isEmpty, spec.id.utf8.count <= 64 else {
        throw .invalidRequest("enterprise id must be 1 to 64 bytes")
      }
      guard seen.insert(spec.id).inserted else { throw .invalidRequest("enterprise '\(spec.id)' is listed twice") }
      guard spec.fairShareWeight.isFinite, spec.fairShareWeight > 0 else {
        throw .invalidRequest("enterprise '\(spec.id)': fair-share weight must be > 0")
      }
      guard spec.boost.isFinite, (0...1).contains(spec.boost) else {
        throw .invalidRequest("enterprise '\(spec.id)': boost must be within 0...1")
      }
      guard spec.credits >= .zero else {
        throw .invalidRequest("enterprise '\(spec.id)': opening credits must not be negative")
      }
      for amounts in [spec.guaranteed, spec.limit] {
        guard amounts.cpuMillis >= 0, amounts.memoryMiB >= 0, amounts.cards.values.allSatisfy({ $0 >= 0 }) else {
          throw .invalidRequest("enterprise '\(spec.id)': quotas must not be negative")
        }
      }
    }
    for price in prices.perCardHour.values + [prices.perCoreHour, prices.perGiBHour] where price < .zero {
      throw .invalidRequest("prices must not be negative")
    }
    for record in enterprises where !seen.contains(record.spec.id) {
      guard record.pendingCount == 0 && record.runningCount == 0 else {
        throw .invalidRequest(
          "enterprise '\(record.spec.id)' still has jobs: cancel or finish them before removing it")
      }
    }

    // Validated: apply. Removed enterprises keep their slot (indices stay stable) but lose all quota.
    self.config = config
    self.prices = prices
    for spec in specs {
      if let index = enterpriseIndex[spec.id] {
        enterprises[Int(index)].spec = spec
        enterprises[Int(index)].guaranteed = Amounts(spec.guaranteed, models: &models)
        enterprises[Int(index)].limit = Amounts(spec.limit, models: &models)
      } else {
        enterpriseIndex[spec.id] = Int32(enterprises.count)
        enterprises.append(
          EnterpriseRecord(
            spec: spec, guaranteed: Amounts(spec.guaranteed, models: &models),
            limit: Amounts(spec.limit, models: &models), balance: spec.credits))
      }
    }
    for index in enterprises.indices where !seen.contains(enterprises[index].spec.id) {
      enterpriseIndex[enterprises[index].spec.id] = nil
      enterprises[index].guaranteed = Amounts()
      enterprises[index].limit = Amounts()
    }
    for index in shapes.indices { shapes[index].rates = rates(for: shapes[index].key, request: shapes[index].request) }
    // Quotas, prices and weights may all have changed: recompute priorities and look at everything again.
    lastRecalc = .min
    // Guarantees changed: who borrows is counted again.
    rebuildReclaimIndex()
    unparkEnterpriseBuckets()
    unparkAllShapes()
    // Which buckets are within their guarantee is worked out again.
    rebuildHeaps()
  }

  func rates(for key: ShapeKey, request: NodeRequest) -> [Int64] {
    if key.models.isEmpty {
      return [Budget.hourlyRate(perNode: request, nodeCount: key.nodeCount, model: nil, prices: prices)]
    }
    return key.models.map {
      Budget.hourlyRate(perNode: request, nodeCount: key.nodeCount, model: models.name(of: $0), prices: prices)
    }
  }
}

/// Why a pending job waits. Derived on demand from what the last cycle recorded (which shape or bucket is
/// parked, and why), so cycles do not spend time writing 100k reasons.
extension Scheduler {
  public func pendingReason(of id: JobID) -> PendingReason? {
    guard let record = jobs[id] else { return nil }
    return reason(of: record, jobsAhead: jobsAhead(of:), isFirstOfShape: isFirstOfShape)
  }

  /// The reasons of many jobs at once (a queue listing): the queue is ranked once, so this costs
  /// O((n + k) log n) for k jobs instead of k linear scans.
  public func pendingReasons(of ids: [JobID]) -> [PendingReason?] {
    var ranks: [Rank] = []
    var bestOfShape: [Int32: Rank] = [:]
    for record in jobs.values where record.state == .pending {
      let rank = rank(of: record)
      ranks.append(rank)
      if bestOfShape[record.shape].map({ rank < $0 }) ?? true { bestOfShape[record.shape] = rank }
    }
    ranks.sort()
    return ids.map { id in
      guard let record = jobs[id] else { return nil }
      return reason(
        of: record,
        jobsAhead: { record in
          let mine = rank(of: record)
          var low = 0
          var high = ranks.count
          while low < high {
            let middle = (low + high) / 2
            if ranks[middle] < mine { low = middle + 1 } else { high = middle }
          }
          return low
        },
        isFirstOfShape: { record in bestOfShape[record.shape] == rank(of: record) })
    }
  }

  private func reason(
    of record: JobRecord, jobsAhead: (JobRecord) -> Int, isFirstOfShape: (JobRecord) -> Bool
  ) -> PendingReason? {
    let id = record.id
    switch record.state {
    case .running: return nil
    case .held: return .held
    case .pending: break
    }
    let shape = shapes[Int(record.shape)]
    let key = shape.key
    if let reservation = reservations[id] { return .reservation(start: reservation.share.start) }
    if let b = bucketIndex[BucketKey(shape: record.shape, enterprise: record.enterprise, jobClass: record.jobClass)] {
      switch buckets[Int(b)].parking {
      case .quota, .budget: if let reason = refusalReason(record, shape: shape) { return reason }
      case .room: return resourcesReason(key)
      default: break
      }
    }
    switch shape.parking {
    case .constraint:
      return .constraint(shape.infeasibleBecause ?? "no node can run \(describe(key))")
    case .reservation where isFirstOfShape(record):
      return .reservation(start: nil)
    case .resources where isFirstOfShape(record):
      return resourcesReason(key)
    default:
      return .priority(jobsAhead: jobsAhead(record))
    }
  }

  private func resourcesReason(_ key: ShapeKey) -> PendingReason {
    let largest =
      key.models.isEmpty ? 0 : key.models.map { freeIndex.largestFreeBlock(slot: Int($0) + 1) }.max() ?? 0
    return .resources(
      cards: key.cards, models: key.models.map { models.name(of: $0) }, nodes: key.nodeCount,
      largestFreeBlock: largest)
  }

  /// Why the enterprise cannot start the job on its first accepted model that it cannot use now: the limit it
  /// would exceed, or the hold it cannot cover. Nil when every model is within quota and budget.
  private func refusalReason(_ record: JobRecord, shape: ShapeRecord) -> PendingReason? {
    let enterprise = enterprises[Int(record.enterprise)]
    for modelIndex in 0..<max(1, shape.key.models.count) {
      let demand = shape.demand(model: modelIndex)
      if let dimension = Quota.exceededDimension(usage: enterprise.usage, demand: demand, limit: enterprise.limit) {
        let name =
          switch dimension {
          case Dimension.cpu: "cpu millicores"
          case Dimension.memory: "memory MiB"
          default: models.name(of: ModelID(dimension - 2))
          }
        let requested = demand.amount(in: dimension)
        return .quota(
          resource: name, using: enterprise.usage[dimension], requested: requested, limit: enterprise.limit[dimension])
      }
      let hold = Budget.hold(rate: shape.rates[modelIndex], walltime: shape.key.walltime)
      if hold > enterprise.available { return .budget(hold: hold, available: enterprise.available) }
    }
    return nil
  }

  /// Pending jobs (not held) that rank above this one. Linear in the queue: for queries, not for cycles.
  func jobsAhead(of record: JobRecord) -> Int {
    let mine = rank(of: record)
    var count = 0
    for other in jobs.values where other.state == .pending && rank(of: other) < mine { count += 1 }
    return count
  }

  private func isFirstOfShape(_ record: JobRecord) -> Bool {
    let mine = rank(of: record)
    for other in jobs.values where other.shape == record.shape && other.state == .pending && rank(of: other) < mine {
      return false
    }
    return true
  }
}

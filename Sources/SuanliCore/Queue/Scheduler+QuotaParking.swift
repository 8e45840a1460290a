/// Buckets parked for their enterprise's quota or budget wait on its watchlists, each for the amount one of its
/// jobs needs: a finished job or a grant wakes only the buckets it leaves room for, not every parked one (an
/// enterprise at its limit or out of credits may have hundreds).
extension Scheduler {
  /// Has the enterprise watch a bucket just parked for quota or budget: per accepted model, the first thing
  /// that stops one of its jobs (the room under the limit in a dimension, else the credits for the hold).
  mutating func watchParked(_ b: Int32) {
    let s = Int(buckets[Int(b)].shape)
    let e = Int(buckets[Int(b)].enterprise)
    let generation = buckets[Int(b)].parkGeneration
    let rank = buckets[Int(b)].rank ?? .last
    for modelIndex in 0..<max(1, shapes[s].key.models.count) {
      let demand = shapes[s].demand(model: modelIndex)
      if let dimension = Quota.exceededDimension(
        usage: enterprises[e].usage, demand: demand, limit: enterprises[e].limit)
      {
        let amount = demand.amount(in: dimension)
        enterprises[e].limitWatches.add(
          Watchlist.Watch(amount: Int64(amount), bucket: b, generation: generation, rank: rank), dimension: dimension)
      } else {
        let hold = Budget.hold(rate: shapes[s].rates[modelIndex], walltime: shapes[s].key.walltime)
        enterprises[e].budgetWatches.add(
          Watchlist.Watch(amount: hold.millis, bucket: b, generation: generation, rank: rank))
      }
    }
  }

  /// The enterprise's room under its limit and guarantee, or its available credits, grew (one of its jobs ended,
  /// a grant): the buckets they now cover are woken in rank order (`Scheduler+Wakes`), and those parked for room
  /// on other models come back.
  mutating func roomOrCreditsGrew(of e: Int32) {
    offerWakes(of: e)
    unparkRoomBuckets(of: e)
  }

  /// Every bucket parked for quota, budget or room comes back (limits, credits or prices were set anew).
  mutating func unparkEnterpriseBuckets() {
    forgetEnterpriseParking()
    for b in buckets.indices where [.quota, .budget, .room].contains(buckets[b].parking) { unparkBucket(Int32(b)) }
  }

  /// Rebuilds the enterprises' parking lists and watchlists from the buckets (they keep stale entries). Buckets
  /// that were to wake are watched again, and are covered again at once.
  mutating func rebuildEnterpriseParking() {
    forgetEnterpriseParking()
    for b in buckets.indices {
      switch buckets[b].parking {
      case .room: enterprises[Int(buckets[b].enterprise)].parkedBuckets.append(Int32(b))
      case .quota, .budget: watchParked(Int32(b))
      default: break
      }
    }
    for e in enterprises.indices { offerWakes(of: Int32(e)) }
  }

  /// Empties every enterprise's parking list and its watchlists for quota and budget (keeping their room: they
  /// fill again at once), and its wakes.
  private mutating func forgetEnterpriseParking() {
    for e in enterprises.indices {
      enterprises[e].parkedBuckets = []
      for d in enterprises[e].limitWatches.indices { enterprises[e].limitWatches[d].removeAll() }
      enterprises[e].budgetWatches.removeAll()
    }
    clearWakes()
  }
}

extension Scheduler {
  /// Whether every bucket parked for quota or budget is still blocked on each of its models, or due to wake
  /// (checked by the tests: one that could start must have been woken, or be covered and its enterprise listed).
  func parkedBucketsAreBlocked() -> Bool {
    for b in buckets.indices where buckets[b].parking == .quota || buckets[b].parking == .budget {
      let queued = buckets[b].queue.first { entry in
        jobs[entry.job].map { $0.state == .pending && $0.queueGeneration == entry.generation } ?? false
      }
      guard let head = queued, let record = jobs[head.job] else { continue }
      if !modelsWithinQuotaAndBudget(enterprise: record.enterprise, shape: buckets[b].shape).0.isEmpty
        && !isDueToWake(b)
      {
        return false
      }
    }
    return true
  }
}

internal import HeapModule

/// Which pending work keeps its enterprise within its guarantee, per shape.
///
/// Jobs within their enterprise's guarantee start before any job borrows (the cycle's first pass), and only
/// they may reclaim. A shape's buckets mix enterprises, so each shape keeps, beside its heap of buckets, a
/// heap of those whose enterprise stays within its guarantee with one more job of the shape. It is kept
/// lazily: an entry is checked when it comes to the top or is looked at by a reclaim, and a bucket found
/// beyond the guarantee is watched by its enterprise until the enterprise's use drops enough, and then listed
/// again when its rank comes in the cycle, if its enterprise is still within (`Scheduler+Wakes`). Without it,
/// the first pass skipped a shape whose best job would borrow, the borrower then took the room in the second
/// pass, and the enterprises within their guarantee behind it reclaimed by preemption: a churn of a few
/// preemptions per finished job.
extension Scheduler {
  /// Whether one more job of the shape on its model at `modelIndex` keeps the enterprise within its guarantee.
  @inline(__always)
  func staysWithinGuarantee(_ e: Int32, shape s: Int32, model modelIndex: Int) -> Bool {
    // Fields, not copies of the whole records (they hold heaps and watchlists).
    Quota.withinGuarantee(
      usage: enterprises[Int(e)].usage, demand: shapes[Int(s)].demand(model: modelIndex),
      guaranteed: enterprises[Int(e)].guaranteed)
  }

  /// Whether one more job of the shape keeps the enterprise within its guarantee on one of the shape's models.
  @inline(__always)
  func staysWithinGuarantee(_ e: Int32, shape s: Int32) -> Bool {
    (0..<max(1, shapes[Int(s)].key.models.count)).contains { staysWithinGuarantee(e, shape: s, model: $0) }
  }

  /// Whether one more job of the bucket keeps its enterprise within its guarantee on one of the shape's
  /// models.
  @inline(__always)
  func isWithinGuarantee(bucket b: Int32) -> Bool {
    staysWithinGuarantee(buckets[Int(b)].enterprise, shape: buckets[Int(b)].shape)
  }

  /// The bucket's head now ranks `rank` (its entry in the shape's heap was just renewed): renews its entry
  /// among the buckets within their guarantee, or has its enterprise watch it.
  mutating func renewWithinEntry(of b: Int32, rank: Rank) {
    let watchedAt = buckets[Int(b)].rank
    buckets[Int(b)].rank = rank
    if isWithinGuarantee(bucket: b) {
      unwatch(b)
      enterWithinHeap(b, rank: rank)
    } else {
      buckets[Int(b)].withinGeneration &+= 1
      // A better head (a job back from a hold, or requeued) is watched at its own rank: its wake must not wait
      // behind worse ones.
      if buckets[Int(b)].watched, let watchedAt, rank < watchedAt { unwatch(b) }
      watch(b)
    }
  }

  /// Lists the bucket among its shape's buckets within their guarantee at `rank`; a shape waiting for room then
  /// also waits among the first pass's waiters at that rank (if it does not already at a better one).
  mutating func enterWithinHeap(_ b: Int32, rank: Rank) {
    buckets[Int(b)].withinGeneration &+= 1
    let s = buckets[Int(b)].shape
    shapes[Int(s)].withinBuckets.insert(HeapEntry(rank: rank, index: b, generation: buckets[Int(b)].withinGeneration))
    if shapes[Int(s)].parking == .resources || shapes[Int(s)].parking == .reservation {
      waitWithinGuarantee(shape: s, rank: rank)
    }
  }

  /// Whether an entry of a shape's `withinBuckets` is the bucket's current one (it may no longer be within
  /// the guarantee: the enterprise's use may have grown since).
  func isCurrent(withinEntry entry: HeapEntry) -> Bool {
    let b = Int(entry.index)
    return buckets[b].parking == .active && buckets[b].live > 0 && buckets[b].withinGeneration == entry.generation
  }

  /// The best bucket of the shape whose next job keeps its enterprise within its guarantee.
  mutating func bestWithinBucket(of s: Int32) -> HeapEntry? {
    while let top = shapes[Int(s)].withinBuckets.min {
      if isCurrent(withinEntry: top) {
        if isWithinGuarantee(bucket: top.index) { return top }
        buckets[Int(top.index)].withinGeneration &+= 1
        watch(top.index)
      }
      shapes[Int(s)].withinBuckets.removeMin()
    }
    return nil
  }

  /// The current entries of the shape's buckets within their guarantee, in no particular order (for reclaim).
  /// Entries found stale or beyond the guarantee are dropped when they outnumber the others.
  mutating func withinEntries(of s: Int32) -> [HeapEntry] {
    var current: [HeapEntry] = []
    var dropped = 0
    for entry in shapes[Int(s)].withinBuckets.unordered {
      guard isCurrent(withinEntry: entry) else {
        dropped += 1
        continue
      }
      guard isWithinGuarantee(bucket: entry.index) else {
        dropped += 1
        buckets[Int(entry.index)].withinGeneration &+= 1
        watch(entry.index)
        continue
      }
      current.append(entry)
    }
    if dropped > 16 && dropped > current.count { shapes[Int(s)].withinBuckets = Heap(current) }
    return current
  }

  /// The bucket is listed as within its guarantee: its enterprise's watches on it lapse.
  private mutating func unwatch(_ b: Int32) {
    guard buckets[Int(b)].watched else { return }
    buckets[Int(b)].watched = false
    buckets[Int(b)].watchGeneration &+= 1
  }

  /// Has the bucket's enterprise watch it: in each dimension where one more job goes beyond the guarantee
  /// (every model of a shape with cards; CPU, else memory, for a CPU-only shape).
  mutating func watch(_ b: Int32) {
    guard !buckets[Int(b)].watched else { return }
    buckets[Int(b)].watched = true
    buckets[Int(b)].watchGeneration &+= 1
    let generation = buckets[Int(b)].watchGeneration
    let rank = buckets[Int(b)].rank ?? .last
    let s = Int(buckets[Int(b)].shape)
    let e = Int(buckets[Int(b)].enterprise)
    let key = shapes[s].key
    if key.models.isEmpty {
      let demand = shapes[s].demand(model: 0)
      let cpuFits = enterprises[e].usage[Dimension.cpu] + demand.cpu <= enterprises[e].guaranteed[Dimension.cpu]
      let dimension = cpuFits ? Dimension.memory : Dimension.cpu
      enterprises[e].guaranteeWatches.add(
        Watchlist.Watch(
          amount: Int64(cpuFits ? demand.memory : demand.cpu), bucket: b, generation: generation, rank: rank),
        dimension: dimension)
    } else {
      for model in key.models {
        enterprises[e].guaranteeWatches.add(
          Watchlist.Watch(amount: Int64(key.cards * key.nodeCount), bucket: b, generation: generation, rank: rank),
          dimension: Dimension.cards(model))
      }
    }
  }

  /// Forgets every entry and watch (the heaps are being rebuilt: they keep their room).
  mutating func clearWithinEntries() {
    for s in shapes.indices { shapes[s].withinBuckets.removeAllKeepingCapacity() }
    for e in enterprises.indices {
      for d in enterprises[e].guaranteeWatches.indices { enterprises[e].guaranteeWatches[d].removeAll() }
    }
    for b in buckets.indices { buckets[b].watched = false }
  }
}

extension Scheduler {
  /// Whether every active bucket whose next job keeps its enterprise within its guarantee has its current entry
  /// among its shape's buckets within their guarantee (checked by the tests).
  func withinGuaranteeIndexIsComplete() -> Bool {
    for b in buckets.indices where buckets[b].parking == .active && buckets[b].live > 0 {
      guard isWithinGuarantee(bucket: Int32(b)), !isDueToWake(b) else { continue }
      let entries = shapes[Int(buckets[b].shape)].withinBuckets.unordered
      guard entries.contains(where: { $0.index == Int32(b) && $0.generation == buckets[b].withinGeneration }) else {
        return false
      }
    }
    return true
  }
}

extension Scheduler {
  /// Whether every shape parked for room that has a job within its enterprise's guarantee waits among the first
  /// pass's waiters at that job's rank or a better one (checked by the tests: else the first pass would not
  /// see it when room frees, and a borrower could take the room).
  func parkedShapesWaitWithinGuarantee() -> Bool {
    var bestWithin: [Int32: Rank] = [:]
    for b in buckets.indices where buckets[b].parking == .active && buckets[b].live > 0 {
      guard let rank = buckets[b].rank, isWithinGuarantee(bucket: Int32(b)), !isDueToWake(b) else { continue }
      let s = buckets[b].shape
      if bestWithin[s].map({ rank < $0 }) ?? true { bestWithin[s] = rank }
    }
    var waiting: Set<Int32> = []
    if WaiterFamily.withinGuarantee.rawValue < waitingForRoom.count {
      for heaps in waitingForRoom[WaiterFamily.withinGuarantee.rawValue] {
        for heap in heaps {
          for waiter in heap.unordered
          where !waiter.isBucket && shapes[Int(waiter.index)].parkGeneration == waiter.generation
            && shapes[Int(waiter.index)].withinWaiterRank == waiter.rank
          {
            waiting.insert(waiter.index)
          }
        }
      }
    }
    for (s, rank) in bestWithin where shapes[Int(s)].parking == .resources || shapes[Int(s)].parking == .reservation {
      guard let waiterRank = shapes[Int(s)].withinWaiterRank, waiterRank <= rank, waiting.contains(s) else {
        return false
      }
    }
    return true
  }
}

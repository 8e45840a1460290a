internal import DequeModule
internal import HeapModule

/// The pending queue: shapes and buckets, their lazy heaps, and parking.
extension Scheduler {
  mutating func shapeID(for spec: JobSpec) -> Int32 {
    let key = ShapeKey(
      cpu: spec.perNode.cpuMillis, memory: spec.perNode.memoryMiB, cards: spec.perNode.cards,
      models: spec.perNode.models.map { models.intern($0) }, nodeCount: spec.nodeCount,
      selector: spec.selector.map { ShapeKey.Label(key: $0.key, value: $0.value) }.sorted(),
      walltime: spec.walltime)
    if let id = shapeIndex[key] { return id }
    let id = Int32(shapes.count)
    let selector = selectorGroup(of: key.selector)
    let slots = key.models.isEmpty ? [0] : key.models.map { Int($0) + 1 }
    shapes.append(
      ShapeRecord(
        key: key, request: spec.perNode, lanes: slots.map { lane(selectorGroup: selector, slot: $0) },
        rates: rates(for: key, request: spec.perNode)))
    shapeIndex[key] = id
    return id
  }

  mutating func bucketID(shape: Int32, enterprise: Int32, jobClass: JobClass) -> Int32 {
    let key = BucketKey(shape: shape, enterprise: enterprise, jobClass: jobClass)
    if let id = bucketIndex[key] { return id }
    let id = Int32(buckets.count)
    buckets.append(BucketRecord(shape: shape, enterprise: enterprise, jobClass: jobClass))
    bucketIndex[key] = id
    return id
  }

  /// Puts a pending job in its bucket, in submit order (requeued jobs keep their original submit time).
  mutating func enqueue(_ id: JobID) {
    guard let j = jobs.index(forKey: id) else { return }
    queueGenerations += 1
    jobs.values[j].queueGeneration = queueGenerations
    jobs.values[j].state = .pending
    let record = jobs.values[j]
    let b = Int(record.bucket)
    let entry = QueuedJob(job: id, generation: record.queueGeneration, submit: record.submitTime)
    if let last = buckets[b].queue.last, (last.submit, last.job) > (entry.submit, entry.job) {
      var position = buckets[b].queue.count
      while position > 0,
        (buckets[b].queue[position - 1].submit, buckets[b].queue[position - 1].job) > (entry.submit, entry.job)
      {
        position -= 1
      }
      buckets[b].queue.insert(entry, at: position)
    } else {
      buckets[b].queue.append(entry)
    }
    buckets[b].live += 1
    refreshBucket(Int32(b))
    if buckets[b].parking == .quota || buckets[b].parking == .budget, let parkedAt = buckets[b].rank,
      rank(of: record) < parkedAt
    {
      // A better head of a bucket parked for its enterprise is tried, and parked again at its own rank: its wake
      // must not wait behind worse ones.
      unparkBucket(Int32(b))
    }
    unparkIfNewcomerMatters(record, shape: record.shape)
  }

  /// A job joining a shape parked for room comes first if it outranks everything there (it may deserve a
  /// reservation), or if its enterprise is within its guarantee (it may reclaim).
  private mutating func unparkIfNewcomerMatters(_ record: JobRecord, shape s: Int32) {
    // Fields, not copies of the whole records (they hold heaps and watchlists).
    let i = Int(s)
    guard shapes[i].parking == .resources || shapes[i].parking == .reservation else { return }
    let outranks = shapes[i].parkedRank.map { rank(of: record) < $0 } ?? true
    let mayReclaim = config.reclaimEnabled && staysWithinGuarantee(record.enterprise, shape: s)
    if outranks || mayReclaim { unparkShape(s) }
  }

  /// Takes a job out of the queue (start, hold, cancel). Its entry becomes stale and is skipped later.
  mutating func dequeue(_ id: JobID) {
    guard let j = jobs.index(forKey: id) else { return }
    dequeue(at: j)
  }

  /// `dequeue` of the job at this index of `jobs` (looked up once by the caller). A job at the head of its
  /// bucket leaves it at once, with the stale entries behind it: a bucket's first entry is always its head.
  mutating func dequeue(at j: [JobID: JobRecord].Index) {
    queueGenerations += 1
    jobs.values[j].queueGeneration = queueGenerations
    let b = jobs.values[j].bucket
    buckets[Int(b)].live -= 1
    if buckets[Int(b)].queue.first?.job == jobs.keys[j] {
      buckets[Int(b)].queue.removeFirst()
      dropStaleEntries(of: b)
    }
    refreshBucket(b)
  }

  /// Drops the stale entries at the front of a bucket (jobs that left it while behind others).
  private mutating func dropStaleEntries(of b: Int32) {
    while let first = buckets[Int(b)].queue.first {
      // Fields, not a copy of the record.
      if let j = jobs.index(forKey: first.job), jobs.values[j].state == .pending,
        jobs.values[j].queueGeneration == first.generation
      {
        return
      }
      buckets[Int(b)].queue.removeFirst()
    }
  }

  /// The job at the head of a bucket.
  @inline(__always)
  func headJob(_ b: Int32) -> JobID? {
    buckets[Int(b)].queue.first?.job
  }

  /// The rank of the job at the head of a bucket, from its queue entry (the bucket says its enterprise and
  /// class): no look-up of the job. (Inlined, as the other small reads here: a call from a mutating method
  /// copies the whole scheduler.)
  @inline(__always)
  func headRank(_ b: Int32) -> Rank? {
    guard let head = buckets[Int(b)].queue.first else { return nil }
    return rank(
      enterprise: buckets[Int(b)].enterprise, jobClass: buckets[Int(b)].jobClass, submit: head.submit, job: head.job)
  }

  /// Re-enters a bucket in its shape's heap after its head changed, and the shape in the cycle's heap.
  mutating func refreshBucket(_ b: Int32) {
    let s = buckets[Int(b)].shape
    if buckets[Int(b)].parking == .active {
      if let rank = headRank(b) {
        if !buckets[Int(b)].listed || buckets[Int(b)].rank != rank {
          buckets[Int(b)].generation &+= 1
          buckets[Int(b)].listed = true
          shapes[Int(s)].buckets.insert(HeapEntry(rank: rank, index: b, generation: buckets[Int(b)].generation))
          renewWithinEntry(of: b, rank: rank)
        }
      } else {
        buckets[Int(b)].generation &+= 1
        buckets[Int(b)].listed = false
      }
    }
    refreshShape(s)
  }

  /// The best valid bucket entry of a shape, dropping stale ones.
  mutating func bestBucket(of s: Int32) -> HeapEntry? {
    while let top = shapes[Int(s)].buckets.min {
      let b = Int(top.index)
      if buckets[b].parking == .active, buckets[b].generation == top.generation, buckets[b].live > 0 { return top }
      shapes[Int(s)].buckets.removeMin()
    }
    return nil
  }

  /// Re-enters an active shape in the cycle's heap, keyed by its best bucket's head.
  mutating func refreshShape(_ s: Int32) {
    guard shapes[Int(s)].parking == .active else { return }
    let best = bestBucket(of: s)
    guard best == nil || best?.rank != shapes[Int(s)].listedRank else { return }
    shapes[Int(s)].generation &+= 1
    shapes[Int(s)].listedRank = best?.rank
    if let best { shapeHeap.insert(HeapEntry(rank: best.rank, index: s, generation: shapes[Int(s)].generation)) }
  }

  /// Rebuilds every heap from what is queued (after priorities were recalculated), in the heaps' own storage.
  mutating func rebuildHeaps() {
    for s in shapes.indices { shapes[s].buckets.removeAllKeepingCapacity() }
    clearWithinEntries()
    for b in buckets.indices { buckets[b].listed = false }
    for b in buckets.indices where buckets[b].parking == .active && buckets[b].live > 0 {
      buckets[b].generation &+= 1
      if let rank = headRank(Int32(b)) {
        buckets[b].listed = true
        shapes[Int(buckets[b].shape)].buckets.insert(
          HeapEntry(rank: rank, index: Int32(b), generation: buckets[b].generation))
        renewWithinEntry(of: Int32(b), rank: rank)
      }
    }
    // Buckets parked for their enterprise wake in rank order (`Scheduler+Wakes`): by their rank now.
    for b in buckets.indices where buckets[b].parking == .quota || buckets[b].parking == .budget {
      if let rank = headRank(Int32(b)) { buckets[b].rank = rank }
    }
    shapeHeap.removeAllKeepingCapacity()
    for s in shapes.indices { shapes[s].listedRank = nil }
    for s in shapes.indices { refreshShape(Int32(s)) }
  }
}

extension Scheduler {
  /// Whether every bucket's first entry is a pending job queued at that entry's generation, and a bucket has
  /// entries exactly when it has live jobs (checked by the tests: heads are read without a look-up).
  func bucketHeadsAreCurrent() -> Bool {
    buckets.allSatisfy { bucket in
      guard let first = bucket.queue.first else { return bucket.live == 0 }
      guard let record = jobs[first.job] else { return false }
      return bucket.live > 0 && record.state == .pending && record.queueGeneration == first.generation
    }
  }
}

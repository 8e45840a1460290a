internal import HeapModule

/// The scheduling cycle.
extension Scheduler {
  /// Runs one scheduling cycle at `now` and returns what to do: jobs to start (with placements), jobs to
  /// preempt, and the ledger entries of their budget holds.
  ///
  /// Phases:
  /// 1. recalculate priorities and fair share when `priorityRecalcInterval` has passed;
  /// 2. two passes of 3–4, as Kueue does: first only jobs that keep their enterprise within its guarantee
  ///    (among active shapes: new work, or work woken by a change; and parked work where room freed), ranked
  ///    by the best such job of each shape (`Scheduler+Guarantee`), then everything;
  /// 3. take active shapes best-first, and parked ones that fit room freed on a node when they rank higher (a
  ///    parked shape tries that room and stays parked unless it starts a job, `probe`), and buckets parked for
  ///    their enterprise's quota or budget that a change now covers when their rank comes (`Scheduler+Wakes`);
  ///    for the best bucket of each (in the first pass, the best within its guarantee), try its head job: quota
  ///    and budget, placement (respecting reservations), then preemption (reclaim, optionally class);
  /// 4. a job that starts puts its shape back in the heap, active (its next job may rank lower than another
  ///    shape's, and may fit elsewhere);
  ///    a bucket blocked by quota or budget is parked with its enterprise; a shape that cannot be placed gives
  ///    its blocked head a backfill reservation, lets enterprises under their guarantee reclaim, and is parked
  ///    until room frees.
  public mutating func cycle(at now: Time) -> [Decision] {
    precondition((-Self.maxTime...Self.maxTime).contains(now), "cycle time out of range")
    var decisions: [Decision] = []
    // Room for a few starts with their holds, and a preemption or two, without growing by doubling.
    decisions.reserveCapacity(16)
    futilePreemptions.removeAll(keepingCapacity: true)
    roomsOfCycle.removeAll(keepingCapacity: true)
    cycleNumber &+= 1
    ageReclaimIndex(at: now)
    if lastRecalc == .min || now - lastRecalc >= config.priorityRecalcInterval { recalculatePriorities(at: now) }
    reopenStrictlyParked()
    var rooms: [RoomScan] = []
    if !nodesWithRoom.isEmpty { rooms.reserveCapacity(nodesWithRoom.count + 4) }
    // Pass 1 starts only jobs within their enterprise's guarantee; pass 2 lets the deferred ones borrow.
    for borrowing in [false, true] {
      admitBorrowing = borrowing
      if borrowing {
        for s in deferredShapes where shapes[Int(s)].parking == .deferred { unparkShape(s) }
        deferredShapes.removeAll(keepingCapacity: true)
        for b in setAsideBuckets where buckets[Int(b)].parking == .active && buckets[Int(b)].listed {
          if let rank = buckets[Int(b)].rank { renewWithinEntry(of: b, rank: rank) }
        }
        setAsideBuckets.removeAll(keepingCapacity: true)
      }
      schedule(rooms: &rooms, secondPass: borrowing, now: now, decisions: &decisions)
    }
    // Every room scan ended (its node had no waiter left) and put its waiters back.
    for waiter in lookedAtForSlot where isValid(waiter) { waitingForReservationSlot.insert(waiter) }
    lookedAtForSlot.removeAll(keepingCapacity: true)
    return decisions
  }

  /// Visits active shapes best first until none is left, and parked ones in rank order where room freed on a
  /// node (in the first pass only those whose job stays within its guarantee), and wakes the buckets their
  /// enterprises' room or credits cover in rank order. In the second pass, while reservation slots are free, the
  /// best blocked jobs without a reservation join in too.
  private mutating func schedule(rooms: inout [RoomScan], secondPass: Bool, now: Time, decisions: inout [Decision]) {
    while true {
      // Room freed since the last cycle, or by this one, is looked at from now on.
      while !nodesWithRoom.isEmpty {
        roomsOfCycle.append(nodesWithRoom[0])
        rooms.append(RoomScan(node: nodesWithRoom.removeFirst()))
      }
      let bestShape = bestActiveShape()
      var best = bestShape?.rank
      let roomWaiter = bestRoomWaiter(&rooms, withinGuaranteeOnly: !secondPass, now: now)
      if let rank = roomWaiter?.position.waiter.rank, best == nil || rank < best! { best = rank }
      let slotWaiter =
        secondPass && reservations.count < config.backfillDepth ? bestReservationSlotWaiter() : nil
      if let rank = slotWaiter?.rank, best == nil || rank < best! { best = rank }
      let enterpriseWake = bestEnterpriseWake()
      if let rank = enterpriseWake?.rank, best == nil || rank < best! { best = rank }
      guard let best else { return }
      if let barrier = orderBarrier, barrier < best {
        stopAtBarrier(&rooms)
        return
      }
      if let waiter = slotWaiter, waiter.rank == best {
        _ = waitingForReservationSlot.removeMin()
        lookedAtForSlot.append(waiter)
        wake(waiter)
      } else if let (waiter, r) = roomWaiter, waiter.waiter.rank == best {
        take(waiter, room: r, from: &rooms)
        if waiter.waiter.isBucket {
          wake(waiter.waiter)
        } else {
          probe(shape: waiter.waiter.index, now: now, decisions: &decisions)
        }
      } else if let entry = enterpriseWake, entry.rank == best {
        enterpriseWakes.removeMin()
        wakeNext(of: entry.index, rank: entry.rank, rooms: &rooms, now: now, decisions: &decisions)
      } else if let entry = bestShape {
        shapeHeap.removeMin()
        shapes[Int(entry.index)].listedRank = nil
        visit(shape: entry.index, rank: entry.rank, now: now, decisions: &decisions)
      }
    }
  }

  /// The best valid entry of the cycle's heap, dropping stale ones.
  private mutating func bestActiveShape() -> HeapEntry? {
    while let entry = shapeHeap.min {
      let s = Int(entry.index)
      if shapes[s].parking == .active, shapes[s].generation == entry.generation { return entry }
      shapeHeap.removeMin()
    }
    return nil
  }

  enum Attempt {
    case started
    /// Quota or budget; or `.room` with the models the enterprise may use (room exists only on others).
    case bucketBlocked(Parking, modelIndices: ModelIndices = [])
    case shapeBlocked(Parking)
  }

  /// Tries an active shape's jobs (`tryBuckets`). `rank` is the shape's key in the cycle's heap.
  private mutating func visit(shape s: Int32, rank: Rank, now: Time, decisions: inout [Decision]) {
    if !admitBorrowing, let within = bestWithinBucket(of: s), rank < within.rank {
      // Its best job would borrow: the shape comes back when its best job within a guarantee is due.
      shapes[Int(s)].generation &+= 1
      shapes[Int(s)].listedRank = within.rank
      shapeHeap.insert(HeapEntry(rank: within.rank, index: s, generation: shapes[Int(s)].generation))
      return
    }
    // First pass: what is left would borrow.
    if tryBuckets(of: s, now: now, decisions: &decisions) == .exhausted && !admitBorrowing && bestBucket(of: s) != nil {
      deferForSecondPass(s)
    }
  }

  /// A shape parked for room whose share fits the room a scan is on: its jobs try it (`tryBuckets`), and the shape
  /// stays parked unless one starts. So a failure undoes nothing: the shape is still among the waiters, and the
  /// second pass's scan of the room looks at its jobs that would borrow only if they still fit. One that starts
  /// a job becomes active, as before it parked: its next job is looked at in rank order, wherever it fits.
  mutating func probe(shape s: Int32, now: Time, decisions: inout [Decision]) {
    switch tryBuckets(of: s, now: now, decisions: &decisions) {
    case .started:
      unparkShape(s)
    case .blocked:
      break  // parked again by `tryBuckets`
    case .exhausted:
      guard shapes[Int(s)].parking != .active else { return }
      if bestBucket(of: s) == nil {
        unparkShape(s)  // nothing left to wait for room: its buckets wait for their enterprises
      } else if !admitBorrowing {
        shapes[Int(s)].withinWaiterRank = nil  // its jobs within a guarantee were all tried
      }
    }
  }

  enum BucketsTried {
    case started
    /// The shape found no room (it is parked).
    case blocked
    /// No bucket is left to try in this pass.
    case exhausted
  }

  /// Tries the shape's buckets best first (in the first pass, only those within their enterprise's guarantee)
  /// until one starts a job or the shape is blocked.
  private mutating func tryBuckets(of s: Int32, now: Time, decisions: inout [Decision]) -> BucketsTried {
    while let entry = admitBorrowing ? bestBucket(of: s) : bestWithinBucket(of: s) {
      let b = entry.index
      let e = buckets[Int(b)].enterprise
      // Quota and budget first: they need the bucket's enterprise and shape, not a look-up of its head.
      let (allowed, refusal) = modelsWithinQuotaAndBudget(enterprise: e, shape: s)
      guard !allowed.isEmpty else {
        parkBucket(b, refusal, rank: entry.rank)  // waits for its enterprise
        continue
      }
      guard let rank = headRank(b) else {
        buckets[Int(b)].generation &+= 1
        buckets[Int(b)].withinGeneration &+= 1
        buckets[Int(b)].listed = false
        continue
      }
      switch attempt(rank.job, of: e, rank: rank, shape: s, allowed: allowed, now: now, decisions: &decisions) {
      case .started:
        return .started  // starting refreshed the bucket (and put an active shape back in the heap)
      case .bucketBlocked(.deferred, _):
        // It would borrow, or the models that keep it within its guarantee are out of quota or budget: only this
        // bucket waits for the second pass (out of the heap of those within until then); the shape's other
        // buckets within their guarantee go on.
        buckets[Int(b)].withinGeneration &+= 1
        setAsideBuckets.append(b)
      case .bucketBlocked(let reason, let modelIndices):
        // Parking makes the bucket's heap entries stale.
        parkBucket(b, reason, rank: entry.rank, modelIndices: modelIndices)
      case .shapeBlocked(let reason):
        if config.strictOrder && (reason == .resources || reason == .reservation) {
          orderBarrier = min(orderBarrier ?? entry.rank, entry.rank)
          strictlyParked.append(s)
        }
        if config.reclaimEnabled { reclaimForOtherBuckets(of: s, except: b, now: now, decisions: &decisions) }
        parkShape(s, reason)
        return .blocked
      }
    }
    return .exhausted
  }

  /// The shape's jobs within their guarantee are done for this pass; the rest would borrow and wait for the
  /// second (one step, however many buckets it has).
  private mutating func deferForSecondPass(_ s: Int32) {
    shapes[Int(s)].parking = .deferred
    shapes[Int(s)].generation &+= 1
    shapes[Int(s)].listedRank = nil
    shapes[Int(s)].parkGeneration &+= 1
    deferredShapes.append(s)
  }

  /// Tries to start one pending job of enterprise `e`, ranked `rank`, on the models its enterprise's quota and
  /// budget allow (`modelsWithinQuotaAndBudget`, not empty): placement, preemption; else says what blocks it.
  mutating func attempt(
    _ id: JobID, of e: Int32, rank: Rank, shape s: Int32, allowed: ModelIndices, now: Time,
    decisions: inout [Decision]
  ) -> Attempt {
    var allowed = allowed
    var borrowingDeferred = false
    if !admitBorrowing {
      let within = allowed.filter { staysWithinGuarantee(e, shape: s, model: $0) }
      guard !within.isEmpty else { return .bucketBlocked(.deferred) }
      borrowingDeferred = within.count < allowed.count
      allowed = within
    }
    let walltime = shapes[Int(s)].key.walltime
    for modelIndex in allowed {
      if let chosen = findNodes(
        shape: s, modelIndex: modelIndex, rank: rank, walltime: walltime, now: now, respectReservations: true)
      {
        start(id, modelIndex: modelIndex, on: chosen, now: now, decisions: &decisions)
        return .started
      }
    }
    // Models it would borrow get their turn in the second pass, before anyone is preempted.
    if borrowingDeferred { return .bucketBlocked(.deferred) }
    if tryPreemption(for: id, rank: rank, modelIndices: allowed, now: now, decisions: &decisions) { return .started }
    let modelCount = max(1, shapes[Int(s)].key.models.count)
    if allowed.count < modelCount {
      // Room exists on a model this enterprise may not use now: only this bucket is blocked.
      for modelIndex in 0..<modelCount where !allowed.contains(modelIndex) {
        if findNodes(
          shape: s, modelIndex: modelIndex, rank: rank, walltime: walltime, now: now, respectReservations: true)
          != nil
        {
          return .bucketBlocked(.room, modelIndices: allowed)
        }
      }
    }
    if infeasibility(of: s) != nil { return .shapeBlocked(.constraint) }
    reserve(id, rank: rank, shape: s, modelIndices: allowed, now: now)
    let blockedByReservations =
      !reservations.isEmpty
      && allowed.contains {
        findNodes(shape: s, modelIndex: $0, rank: rank, walltime: walltime, now: now, respectReservations: false)
          != nil
      }
    return .shapeBlocked(blockedByReservations ? .reservation : .resources)
  }

  /// The accepted models (as indices into the shape's list, in preference order) on which the job's
  /// enterprise stays within its limit and can cover the hold; and if none, which of the two blocked it.
  @inline(__always)
  func modelsWithinQuotaAndBudget(enterprise: Int32, shape s: Int32) -> (ModelIndices, Parking) {
    // Fields, not copies of the whole records (this runs for every job looked at).
    let i = Int(s)
    let e = Int(enterprise)
    var allowed = ModelIndices()
    var refusal: Parking?
    for modelIndex in 0..<max(1, shapes[i].key.models.count) {
      let demand = shapes[i].demand(model: modelIndex)
      if Quota.exceededDimension(usage: enterprises[e].usage, demand: demand, limit: enterprises[e].limit) != nil {
        refusal = refusal ?? .quota
        continue
      }
      if Budget.hold(rate: shapes[i].rates[modelIndex], walltime: shapes[i].key.walltime) > enterprises[e].available {
        refusal = refusal ?? .budget
        continue
      }
      allowed.insert(modelIndex)
    }
    return (allowed, refusal ?? .quota)
  }

  /// Lets enterprises under their guarantee, waiting in a blocked shape, reclaim borrowed capacity.
  private mutating func reclaimForOtherBuckets(
    of s: Int32, except skipped: Int32, now: Time,
    decisions: inout [Decision]
  ) {
    guard reclaimMayHelp(shape: s, now: now) else { return }
    var candidates: [(Rank, JobID)] = []
    for entry in withinEntries(of: s) where entry.index != skipped {
      if let id = headJob(entry.index) { candidates.append((entry.rank, id)) }
    }
    candidates.sort { $0.0 < $1.0 }
    for (rank, id) in candidates {
      // A search that found no victims for this shape holds for the rest of the cycle.
      guard reclaimMayHelp(shape: s, now: now) else { return }
      guard let record = jobs[id], record.state == .pending else { continue }
      let (allowed, _) = modelsWithinQuotaAndBudget(enterprise: record.enterprise, shape: s)
      if !allowed.isEmpty {
        _ = tryPreemption(for: id, rank: rank, modelIndices: allowed, now: now, decisions: &decisions)
      }
    }
  }

  // MARK: Starting and ending

  /// Starts a pending job on the chosen nodes: cards, use, budget hold, reservations.
  mutating func start(_ id: JobID, modelIndex: Int, on chosen: [Int32], now: Time, decisions: inout [Decision]) {
    let j = jobs.index(forKey: id)!  // valid throughout: no job is added or removed here
    dequeue(at: j)
    var record = jobs.values[j]
    // The shape's fields, not a copy of the whole record (it holds two heaps).
    let key = shapes[Int(record.shape)].key
    let demand = shapes[Int(record.shape)].demand(model: modelIndex)
    let rate = shapes[Int(record.shape)].rates[modelIndex]
    let hold = Budget.hold(rate: rate, walltime: key.walltime)
    var masks: [UInt64] = []
    masks.reserveCapacity(chosen.count)
    for n in chosen {
      masks.append(
        occupy(
          n, job: id, enterprise: record.enterprise, start: now, end: now + key.walltime, cpu: key.cpu,
          memory: key.memory, cards: key.cards))
    }
    let allocation = Allocation(nodes: chosen, cardMasks: masks, rate: rate, hold: hold, demand: demand)
    record.state = .running
    record.startTime = now
    record.allocation = allocation
    let rank = rank(of: record)
    jobs.values[j] = record
    let e = Int(record.enterprise)
    demand.add(to: &enterprises[e].usage)
    updateBorrowing(of: record.enterprise, after: demand)
    enterprises[e].held += hold
    enterprises[e].runningRate += rate
    enterprises[e].pendingCount -= 1
    enterprises[e].runningCount += 1
    if reservations[id] != nil { removeReservation(id) }
    dropReservations(on: chosen, below: rank)
    // Once per slot of its nodes (a gang's nodes share one or a few).
    for (k, n) in chosen.enumerated() {
      let slot = nodes[Int(n)].slot
      guard !chosen[..<k].contains(where: { nodes[Int($0)].slot == slot }) else { continue }
      while startsBySlot.count <= slot { startsBySlot.append(Heap()) }
      startsBySlot[slot].insert(StartEntry(start: now, job: id))
    }
    decisions.append(.start(id, placement(of: allocation)))
    if hold != .zero { decisions.append(ledger(.hold, record.enterprise, job: id, amount: hold, at: now)) }
  }

  /// Ends a running job's hold on resources and budget. `lost` time (preemption, node failure) is charged only
  /// if the configuration says so. Returns the charge.
  mutating func release(_ id: JobID, lost: Bool, now: Time, decisions: inout [Decision]) -> Credits {
    guard let j = jobs.index(forKey: id), let allocation = jobs.values[j].allocation else { return .zero }
    let record = jobs.values[j]  // `j` stays valid: no job is added or removed here
    let key = shapes[Int(record.shape)].key
    for (n, mask) in zip(allocation.nodes, allocation.cardMasks) { vacate(n, job: id, mask: mask) }
    let runtime = now - record.startTime
    let charge = Budget.charge(
      rate: allocation.rate, runtime: runtime, walltime: key.walltime, lost: lost,
      chargeLostTime: config.chargeLostTime)
    let e = Int(record.enterprise)
    allocation.demand.add(to: &enterprises[e].usage, sign: -1)
    updateBorrowing(of: record.enterprise, after: allocation.demand)
    enterprises[e].held -= allocation.hold
    enterprises[e].balance -= charge
    enterprises[e].runningRate -= allocation.rate
    enterprises[e].runningCount -= 1
    // Usage since the last recalculation (earlier use was accrued by the recalculations themselves).
    let accrueFrom = max(record.startTime, lastRecalc)
    enterprises[e].decayedUsage += Double(allocation.rate) * Double(max(0, now - accrueFrom)) / 3_600_000
    if charge != .zero { decisions.append(ledger(.charge, record.enterprise, job: id, amount: charge, at: now)) }
    if allocation.hold - charge != .zero {
      decisions.append(ledger(.release, record.enterprise, job: id, amount: allocation.hold - charge, at: now))
    }
    jobs.values[j].allocation = nil
    for n in allocation.nodes {
      roomFreed(on: n)
      if nodes[Int(n)].state == .draining && nodes[Int(n)].runs.isEmpty {
        nodes[Int(n)].state = .drained
        decisions.append(.nodeStateChanged(nodes[Int(n)].spec.name, .drained))
      }
    }
    roomOrCreditsGrew(of: record.enterprise)
    return charge
  }

  /// Removes a job from the core for good.
  mutating func forget(_ id: JobID, _ end: JobEnd, charged: Credits, decisions: inout [Decision]) {
    guard let record = jobs.removeValue(forKey: id) else { return }
    if record.state != .running { enterprises[Int(record.enterprise)].pendingCount -= 1 }
    decisions.append(.ended(id, end, charged: charged))
  }
}

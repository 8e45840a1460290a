internal import HeapModule

/// A watch of an enterprise that its room under the limit or its credits cover (its bucket is parked for quota or
/// budget), or its room under the guarantee (its bucket is active, beyond it).
struct PendingWake: Sendable {
  var watch: Watchlist.Watch
  /// The watchlist it is on.
  var source: Source

  enum Source: Equatable, Sendable {
    case limit(dimension: Int)
    case budget
    case guarantee(dimension: Int)
  }

  /// The rank of the bucket's head when it was watched.
  var rank: Rank { watch.rank }
}

/// Waking the buckets an enterprise's room or credits cover, in rank order, one at a time.
///
/// An enterprise at its limit, short of credits or at its guarantee may have hundreds of buckets watched. When
/// one of its jobs ends, the room or credits it leaves cover many of them, and the first of them to start uses
/// them up. Woken all at once (put back into their shapes' heaps, or listed among the jobs within their
/// guarantee), each was then tried and parked again, or found beyond the guarantee again: such events were the
/// slowest of all. Taken out of the watchlists all at once and put back when the room was gone, they still cost
/// hundreds of moves an event. So the enterprise is listed in the cycle's heap of wakes at the rank of its best
/// watch covered, and the cycle wakes that bucket when its rank comes among everything else it looks at, and
/// only while nothing its enterprise lacks stops it; then asks again. The others stay on their watchlists.
extension Scheduler {
  /// Lists the enterprise in the cycle's heap of wakes at the rank of its best watch covered (its room or credits
  /// grew, or its best was woken).
  mutating func offerWakes(of e: Int32) {
    let rank = coveredWake(of: e)?.rank
    let i = Int(e)
    guard rank != enterprises[i].wakeRank else { return }
    enterprises[i].wakeRank = rank
    enterprises[i].wakeGeneration &+= 1
    if let rank { enterpriseWakes.insert(HeapEntry(rank: rank, index: e, generation: enterprises[i].wakeGeneration)) }
  }

  /// The best valid entry of the cycle's heap of wakes, dropping stale ones.
  mutating func bestEnterpriseWake() -> HeapEntry? {
    while let entry = enterpriseWakes.min {
      if enterprises[Int(entry.index)].wakeGeneration == entry.generation { return entry }
      enterpriseWakes.removeMin()
    }
    return nil
  }

  /// The enterprise's entry ranked `rank` left the cycle's heap of wakes: wakes that bucket if it still is the
  /// enterprise's best covered one, and lists the enterprise again at its next.
  mutating func wakeNext(
    of e: Int32, rank: Rank, rooms: inout [RoomScan], now: Time, decisions: inout [Decision]
  ) {
    let i = Int(e)
    enterprises[i].wakeRank = nil
    enterprises[i].wakeGeneration &+= 1
    if let best = coveredWake(of: e), best.rank == rank {
      removeWatch(best, of: e)
      let b = best.watch.bucket
      if case .guarantee = best.source {
        buckets[Int(b)].watched = false
        // Listed at its head's rank now (its head may have started, as a borrower, since it was watched).
        if let current = buckets[Int(b)].rank {
          enterWithinHeap(b, rank: current)
          if !admitBorrowing {
            scanAgain(forShapeOf: b, rank: current, rooms: &rooms, now: now, decisions: &decisions)
          }
        }
      } else {
        unparkBucket(b)
        lookAgain(atShapeOf: b, rank: rank, now: now, decisions: &decisions)
      }
    }
    offerWakes(of: e)
  }

  /// A bucket listed within its guarantee during the first pass, after its shape may have been looked at: the
  /// shape is looked at again where it would have tried the bucket had it been listed then. An active shape
  /// waiting at a worse rank comes at the bucket's. A shape put aside for the second pass comes back. A shape
  /// waiting for room is found again by the scans of the rooms it fits (even those it was tried on, and those
  /// already done), as its new waiter's rank comes; and if this cycle found it no room, it tries its jobs now
  /// (they may reclaim).
  private mutating func scanAgain(
    forShapeOf b: Int32, rank: Rank, rooms: inout [RoomScan], now: Time, decisions: inout [Decision]
  ) {
    let s = buckets[Int(b)].shape
    switch shapes[Int(s)].parking {
    case .active:
      // Waiting to be visited at a worse rank (its best job within a guarantee when it was last visited).
      if let listed = shapes[Int(s)].listedRank, rank < listed {
        shapes[Int(s)].generation &+= 1
        shapes[Int(s)].listedRank = rank
        shapeHeap.insert(HeapEntry(rank: rank, index: s, generation: shapes[Int(s)].generation))
      }
    case .deferred:
      unparkShape(s)
    case .resources, .reservation:
      for r in rooms.indices where fits(shape: s, rank: rank, on: rooms[r].node, now: now) {
        rooms[r].forget(shape: s, family: .withinGuarantee)
      }
      if shapes[Int(s)].parkedInCycle == cycleNumber { probe(shape: s, now: now, decisions: &decisions) }
    default:
      break
    }
  }

  /// A bucket woke during the cycle, after its shape may have been looked at: the shape tries it if it would
  /// have had it been awake then. A shape put aside for the second pass comes back when the bucket's job stays
  /// within the guarantee. A shape waiting for room tries its jobs (`probe`) when this cycle found it no room
  /// (its jobs within a guarantee may reclaim), or when it fits room freed in this cycle, as a scan of that
  /// room would find it (the scan may be over, or may have tried the shape without the bucket).
  private mutating func lookAgain(atShapeOf b: Int32, rank: Rank, now: Time, decisions: inout [Decision]) {
    let s = buckets[Int(b)].shape
    switch shapes[Int(s)].parking {
    case .deferred:
      if !admitBorrowing && isWithinGuarantee(bucket: b) { unparkShape(s) }
    case .resources, .reservation:
      if shapes[Int(s)].parkedInCycle == cycleNumber
        || roomsOfCycle.contains(where: {
          nodes[Int($0)].state == .ready && fits(shape: s, rank: rank, on: $0, now: now)
        })
      {
        probe(shape: s, now: now, decisions: &decisions)
      }
    default:
      break
    }
  }

  /// Forgets every enterprise's entry in the cycle's heap of wakes (the watchlists are being rebuilt, or every
  /// parked bucket wakes).
  mutating func clearWakes() {
    for e in enterprises.indices {
      enterprises[e].wakeRank = nil
      enterprises[e].wakeGeneration &+= 1
    }
    enterpriseWakes = Heap()
  }

  /// The enterprise's best watch covered whose bucket is still waiting and could start: nothing else its
  /// enterprise lacks stops it. On the way, watches out of date are dropped, and buckets stopped by something
  /// else are watched on that, without being woken. This ends: such a bucket is watched again only on what it is
  /// short of, so its new watch is not covered (lists rebuilt from scratch also watch buckets that may start at
  /// once, but those are returned).
  private mutating func coveredWake(of e: Int32) -> PendingWake? {
    while let top = bestCoveredWatch(of: e) {
      let b = top.watch.bucket
      guard isCurrent(top.watch, source: top.source) else {
        removeWatch(top, of: e)
        forget(top.watch, source: top.source)
        continue
      }
      if case .guarantee = top.source {
        if isWithinGuarantee(bucket: b) { return top }
        // Short in another dimension (memory of a CPU-only job): watched again on that.
        removeWatch(top, of: e)
        buckets[Int(b)].watched = false
        watch(b)
        continue
      }
      guard let refusal = refusal(of: b) else { return top }
      removeWatch(top, of: e)
      buckets[Int(b)].parking = refusal
      buckets[Int(b)].parkGeneration &+= 1
      watchParked(b)
    }
    return nil
  }

  /// The best-ranked watch of the enterprise that its room or credits cover, on any of its watchlists.
  @inline(__always)
  private mutating func bestCoveredWatch(of e: Int32) -> PendingWake? {
    let i = Int(e)
    var best: PendingWake?
    func consider(_ watch: Watchlist.Watch?, _ source: PendingWake.Source) {
      guard let watch, best.map({ watch.ranksBefore($0.watch) }) ?? true else { return }
      best = PendingWake(watch: watch, source: source)
    }
    consider(enterprises[i].budgetWatches.best(within: room(of: e, for: .budget)), .budget)
    for d in enterprises[i].limitWatches.indices where !enterprises[i].limitWatches[d].isEmpty {
      consider(
        enterprises[i].limitWatches[d].best(within: room(of: e, for: .limit(dimension: d))), .limit(dimension: d))
    }
    for d in enterprises[i].guaranteeWatches.indices where !enterprises[i].guaranteeWatches[d].isEmpty {
      let source = PendingWake.Source.guarantee(dimension: d)
      consider(enterprises[i].guaranteeWatches[d].best(within: room(of: e, for: source)), source)
    }
    return best
  }

  private mutating func removeWatch(_ wake: PendingWake, of e: Int32) {
    let i = Int(e)
    switch wake.source {
    case .budget: enterprises[i].budgetWatches.remove(wake.watch)
    case .limit(let d): enterprises[i].limitWatches[d].remove(wake.watch)
    case .guarantee(let d): enterprises[i].guaranteeWatches[d].remove(wake.watch)
    }
  }

  /// What the enterprise has for the watches of a list: its room under its limit or guarantee in a dimension,
  /// or its available credits (in millicredits). A watch is covered when this reaches its amount.
  func room(of e: Int32, for source: PendingWake.Source) -> Int64 {
    let i = Int(e)
    switch source {
    case .budget: return enterprises[i].available.millis
    case .limit(let d): return Int64(enterprises[i].limit[d] - enterprises[i].usage[d])
    case .guarantee(let d): return Int64(enterprises[i].guaranteed[d] - enterprises[i].usage[d])
    }
  }

  /// What still stops the jobs of a bucket parked for quota or budget on every model (nil: they may start, or
  /// the bucket is empty). Its jobs are alike: its enterprise and shape say it, without a look at its head.
  @inline(__always)
  private func refusal(of b: Int32) -> Parking? {
    guard buckets[Int(b)].live > 0 else { return nil }
    let (allowed, refusal) = modelsWithinQuotaAndBudget(
      enterprise: buckets[Int(b)].enterprise, shape: buckets[Int(b)].shape)
    return allowed.isEmpty ? refusal : nil
  }

  /// A watch found out of date is dropped. A bucket watched beyond its guarantee that was parked or emptied
  /// since is no longer watched: it is looked at again when it comes back (`renewWithinEntry`).
  private mutating func forget(_ watch: Watchlist.Watch, source: PendingWake.Source) {
    let b = Int(watch.bucket)
    if case .guarantee = source, buckets[b].watched, buckets[b].watchGeneration == watch.generation {
      buckets[b].watched = false
    }
  }

  /// Whether the watch's bucket is still as when it was watched: parked for quota or budget, or active and
  /// watched beyond its guarantee.
  @inline(__always)
  private func isCurrent(_ watch: Watchlist.Watch, source: PendingWake.Source) -> Bool {
    let b = Int(watch.bucket)
    if case .guarantee = source {
      return buckets[b].watched && buckets[b].watchGeneration == watch.generation && buckets[b].parking == .active
        && buckets[b].live > 0
    }
    return (buckets[b].parking == .quota || buckets[b].parking == .budget)
      && buckets[b].parkGeneration == watch.generation
  }

  /// Whether bucket `b` has a current watch that its enterprise's room or credits cover, with the enterprise's
  /// current entry in the cycle's heap of wakes (checked by the tests).
  func isDueToWake(_ b: Int) -> Bool {
    let e = Int(buckets[b].enterprise)
    guard let rank = enterprises[e].wakeRank,
      enterpriseWakes.unordered.contains(where: {
        Int($0.index) == e && $0.generation == enterprises[e].wakeGeneration && $0.rank == rank
      })
    else { return false }
    return coveredWatches(of: Int32(e)).contains {
      Int($0.watch.bucket) == b && isCurrent($0.watch, source: $0.source)
    }
  }

  /// Every watch of the enterprise that its room or credits cover, current or not (for the tests).
  private func coveredWatches(of e: Int32) -> [PendingWake] {
    let i = Int(e)
    var lists: [(Watchlist, PendingWake.Source)] = [(enterprises[i].budgetWatches, .budget)]
    for d in enterprises[i].limitWatches.indices {
      lists.append((enterprises[i].limitWatches[d], .limit(dimension: d)))
    }
    for d in enterprises[i].guaranteeWatches.indices {
      lists.append((enterprises[i].guaranteeWatches[d], .guarantee(dimension: d)))
    }
    return lists.flatMap { list, source in
      list.watches.filter { $0.amount <= room(of: e, for: source) }.map { PendingWake(watch: $0, source: source) }
    }
  }
}

extension Scheduler {
  /// Whether no bucket is left to wake (checked by the tests after a cycle that no strict-order barrier stopped:
  /// the cycle wakes them all): no enterprise is listed, and no current watch is covered.
  func wakesAreDrained() -> Bool {
    orderBarrier != nil
      || enterprises.indices.allSatisfy { e in
        enterprises[e].wakeRank == nil
          && !coveredWatches(of: Int32(e)).contains { isCurrent($0.watch, source: $0.source) }
      }
  }
}

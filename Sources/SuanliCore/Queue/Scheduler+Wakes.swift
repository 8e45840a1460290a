internal import HeapModule

/// A bucket parked for its enterprise's quota or budget whose watch fired: the room under the limit or the
/// credits then covered one of its jobs.
struct PendingWake: Comparable, Sendable {
  /// The rank of the bucket's head when it was last listed, or priorities were last recalculated.
  var rank: Rank
  var watch: Watchlist.Watch
  /// The watchlist it came from: a dimension of the limit, or `PendingWake.budget`.
  var list: Int

  static let budget = -1

  static func < (a: PendingWake, b: PendingWake) -> Bool {
    if a.rank != b.rank { return a.rank < b.rank }
    return a.watch.bucket < b.watch.bucket
  }
}

/// Waking buckets parked for quota or budget in rank order, one at a time.
///
/// An enterprise at its limit or short of credits may have hundreds of buckets parked. When one of its jobs
/// ends, the room or credits it leaves cover many of them, and the first of them to start uses them up. Woken
/// all at once, each went back into its shape's heap, was tried, and was parked again: such events were the
/// slowest of all. So such buckets are queued on their enterprise, and the cycle wakes them best first, each
/// when its rank comes among everything else it looks at, and only while nothing its enterprise lacks stops it.
/// Those left over go back to a watchlist without being woken.
extension Scheduler {
  /// A watch of the enterprise fired (`list`: the limit's dimension, or `PendingWake.budget`): its bucket is
  /// queued to wake.
  mutating func wakeWatched(_ watch: Watchlist.Watch, list: Int, of e: Int32) {
    guard isParkedForEnterprise(watch) else { return }
    guard let rank = buckets[Int(watch.bucket)].rank else {
      unparkBucket(watch.bucket)
      return
    }
    enterprises[Int(e)].wakes.insert(PendingWake(rank: rank, watch: watch, list: list))
  }

  /// Lists the enterprise in the cycle's heap of wakes at the rank of its best queued bucket still covered (a
  /// watch fired, or its best was woken).
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
  mutating func wakeNext(of e: Int32, rank: Rank) {
    let i = Int(e)
    enterprises[i].wakeRank = nil
    enterprises[i].wakeGeneration &+= 1
    if let best = coveredWake(of: e), best.rank == rank {
      enterprises[i].wakes.removeMin()
      unparkBucket(best.watch.bucket)  // still blocked elsewhere: parked again when tried
      lookAgain(atShapeOf: best.watch.bucket)
    }
    offerWakes(of: e)
  }

  /// A bucket woke during the cycle, after its shape may have been looked at: the shape comes back if it would
  /// have tried the bucket had it been awake then. That is, when the shape was put aside for the second pass
  /// and the bucket's job stays within the guarantee, or when the shape waits for room and fits room freed in
  /// this cycle (whose scan may be over, or may have tried the shape without the bucket).
  private mutating func lookAgain(atShapeOf b: Int32) {
    let s = buckets[Int(b)].shape
    switch shapes[Int(s)].parking {
    case .deferred:
      if !admitBorrowing && isWithinGuarantee(bucket: b) { unparkShape(s) }
    case .resources, .reservation:
      if roomsOfCycle.contains(where: { nodes[Int($0)].state == .ready && fitsNow(shape: s, on: $0) }) {
        unparkShape(s)
      }
    default:
      break
    }
  }

  /// Forgets every queued wake (the watchlists are being rebuilt, or every parked bucket wakes).
  mutating func clearWakes() {
    for e in enterprises.indices {
      enterprises[e].wakes = Heap()
      enterprises[e].wakeRank = nil
      enterprises[e].wakeGeneration &+= 1
    }
    enterpriseWakes = Heap()
  }

  /// The enterprise's best queued wake whose bucket is still parked and could start: the room or credits it
  /// was watching still cover it, and nothing else its enterprise lacks stops it. On the way, those no longer
  /// parked are dropped, those no longer covered (another job took the room or credits) go back to their
  /// watchlist, and those stopped by something else are parked again on that, without being woken.
  private mutating func coveredWake(of e: Int32) -> PendingWake? {
    let i = Int(e)
    while let top = enterprises[i].wakes.min {
      let b = top.watch.bucket
      guard isParkedForEnterprise(top.watch) else {
        enterprises[i].wakes.removeMin()
        continue
      }
      let covered =
        top.list == PendingWake.budget
        ? top.watch.amount <= enterprises[i].available.millis
        : top.watch.amount <= Int64(enterprises[i].limit[top.list] - enterprises[i].usage[top.list])
      if covered, let refusal = refusal(of: b) {
        enterprises[i].wakes.removeMin()
        buckets[Int(b)].parking = refusal
        buckets[Int(b)].parkGeneration &+= 1
        watchParked(b)
        continue
      }
      if covered { return top }
      enterprises[i].wakes.removeMin()
      if top.list == PendingWake.budget {
        enterprises[i].budgetWatches.add(amount: top.watch.amount, bucket: b, generation: top.watch.generation)
      } else {
        enterprises[i].limitWatches.add(
          amount: top.watch.amount, bucket: b, generation: top.watch.generation, dimension: top.list)
      }
    }
    return nil
  }

  /// What still stops the head job of a bucket parked for quota or budget on every model (nil: it may start, or
  /// the bucket is empty).
  private mutating func refusal(of b: Int32) -> Parking? {
    guard let head = headJob(b), let record = jobs[head] else { return nil }
    let (allowed, refusal) = modelsWithinQuotaAndBudget(record, shape: buckets[Int(b)].shape)
    return allowed.isEmpty ? refusal : nil
  }

  /// Whether the watch's bucket is still parked for quota or budget, as when it was watched.
  private func isParkedForEnterprise(_ watch: Watchlist.Watch) -> Bool {
    let b = Int(watch.bucket)
    return (buckets[b].parking == .quota || buckets[b].parking == .budget)
      && buckets[b].parkGeneration == watch.generation
  }

  /// Whether bucket `b` waits among its enterprise's queued wakes, with the enterprise listed in the cycle's heap
  /// of wakes (checked by the tests).
  func isQueuedToWake(_ b: Int) -> Bool {
    let e = Int(buckets[b].enterprise)
    return enterprises[e].wakeRank != nil
      && enterprises[e].wakes.unordered.contains {
        Int($0.watch.bucket) == b && $0.watch.generation == buckets[b].parkGeneration
      }
  }
}

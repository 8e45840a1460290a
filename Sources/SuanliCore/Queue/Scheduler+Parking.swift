internal import HeapModule

/// Parking: what cannot start now leaves the cycle's heaps until something it waits for changes.
///
/// - A shape that no node has room for waits, per accepted model, in a heap keyed by its best job. When room
///   frees on a node, the cycle wakes waiters best-first, only those whose share fits that node, and only
///   while the node still has room: a finishing job costs a few attempts, not one per shape in the queue. A
///   woken shape tries the room and stays parked: one that fails costs nothing to undo; one that starts a job
///   becomes active.
/// - A bucket blocked by its enterprise's quota or budget waits on its enterprise, until its limit or credits
///   leave room for one of its jobs (`Scheduler+QuotaParking`).
/// - A shape blocked only by others' reservations waits for room the same way: a reservation that goes frees
///   room on its nodes.
/// - A parked shape with a job within its enterprise's guarantee also waits, ranked by that job, among the
///   waiters the cycle's first pass looks at (`WaiterFamily.withinGuarantee`).
/// - A constraint (no node could ever run it) waits for nodes to change.
extension Scheduler {
  mutating func parkShape(_ s: Int32, _ reason: Parking) {
    let rank = bestBucket(of: s)?.rank
    shapes[Int(s)].parkedRank = rank
    shapes[Int(s)].withinWaiterRank = nil
    shapes[Int(s)].parking = reason
    shapes[Int(s)].generation &+= 1
    shapes[Int(s)].listedRank = nil
    shapes[Int(s)].parkGeneration &+= 1
    shapes[Int(s)].parkedInCycle = cycleNumber
    guard reason == .resources || reason == .reservation, let rank else { return }
    let waiter = Waiter(rank: rank, index: s, generation: shapes[Int(s)].parkGeneration, isBucket: false)
    for lane in shapes[Int(s)].lanes { wait(waiter, lane: lane, cards: shapes[Int(s)].key.cards) }
    if let within = bestWithinBucket(of: s) { waitWithinGuarantee(shape: s, rank: within.rank) }
    if config.backfillDepth > 0, reservations[rank.job] == nil { waitingForReservationSlot.insert(waiter) }
  }

  /// A parked shape has a job within its enterprise's guarantee ranked `rank`: it also waits among such
  /// waiters, which the cycle's first pass looks at (once, at its best such rank: others become stale).
  mutating func waitWithinGuarantee(shape s: Int32, rank: Rank) {
    if let current = shapes[Int(s)].withinWaiterRank, current <= rank { return }
    shapes[Int(s)].withinWaiterRank = rank
    let waiter = Waiter(rank: rank, index: s, generation: shapes[Int(s)].parkGeneration, isBucket: false)
    for lane in shapes[Int(s)].lanes {
      wait(waiter, lane: lane, cards: shapes[Int(s)].key.cards, family: .withinGuarantee)
    }
  }

  /// Parks a bucket: for its enterprise (quota, budget) and, for `.room`, also for room on `modelIndices`.
  mutating func parkBucket(_ b: Int32, _ reason: Parking, rank: Rank? = nil, modelIndices: ModelIndices = []) {
    buckets[Int(b)].parking = reason
    buckets[Int(b)].generation &+= 1
    buckets[Int(b)].listed = false
    buckets[Int(b)].parkGeneration &+= 1
    guard reason == .room else {
      watchParked(b)
      return
    }
    enterprises[Int(buckets[Int(b)].enterprise)].parkedBuckets.append(b)
    guard let rank else { return }
    let waiter = Waiter(rank: rank, index: b, generation: buckets[Int(b)].parkGeneration, isBucket: true)
    let s = Int(buckets[Int(b)].shape)
    let within = isWithinGuarantee(bucket: b)
    for modelIndex in modelIndices {
      wait(waiter, lane: shapes[s].lanes[modelIndex], cards: shapes[s].key.cards)
      if within {
        wait(waiter, lane: shapes[s].lanes[modelIndex], cards: shapes[s].key.cards, family: .withinGuarantee)
      }
    }
  }

  /// Which heaps of `waitingForRoom` a waiter is in: every waiter is in `.all` (by its best job), and one
  /// with a job within its enterprise's guarantee also in `.withinGuarantee` (by that job).
  enum WaiterFamily: Int {
    case all = 0
    case withinGuarantee = 1
  }

  private mutating func wait(_ waiter: Waiter, lane: Int, cards: Int, family: WaiterFamily = .all) {
    insert(WaiterPosition(waiter: waiter, lane: lane, cards: cards, family: family))
  }

  private mutating func insert(_ position: WaiterPosition) {
    let f = position.family.rawValue
    while waitingForRoom.count <= f { waitingForRoom.append([]) }
    while waitingForRoom[f].count <= position.lane { waitingForRoom[f].append([]) }
    while waitingForRoom[f][position.lane].count <= position.cards { waitingForRoom[f][position.lane].append(Heap()) }
    waitingForRoom[f][position.lane][position.cards].insert(position.waiter)
  }

  @inline(__always)
  func isValid(_ position: WaiterPosition) -> Bool {
    guard isValid(position.waiter) else { return false }
    // A shape waits once among those within a guarantee: other ranks are stale.
    return position.family == .all || position.waiter.isBucket
      || shapes[Int(position.waiter.index)].withinWaiterRank == position.waiter.rank
  }

  @inline(__always)
  func isValid(_ waiter: Waiter) -> Bool {
    // Field by field: copying a whole record would retain everything it holds.
    let i = Int(waiter.index)
    if waiter.isBucket {
      return buckets[i].parking == .room && buckets[i].parkGeneration == waiter.generation
    }
    return (shapes[i].parking == .resources || shapes[i].parking == .reservation)
      && shapes[i].parkGeneration == waiter.generation
  }

  mutating func wake(_ waiter: Waiter) {
    guard isValid(waiter) else { return }
    if waiter.isBucket { unparkBucket(waiter.index) } else { unparkShape(waiter.index) }
  }

  mutating func unparkShape(_ s: Int32) {
    guard shapes[Int(s)].parking != .active else { return }
    shapes[Int(s)].parking = .active
    shapes[Int(s)].parkGeneration &+= 1
    refreshShape(s)
  }

  mutating func unparkBucket(_ b: Int32) {
    guard buckets[Int(b)].parking != .active else { return }
    buckets[Int(b)].parking = .active
    buckets[Int(b)].parkGeneration &+= 1
    refreshBucket(b)
  }

  /// Room freed on a node: the next cycle looks for waiters that fit there.
  mutating func roomFreed(on n: Int32) {
    guard nodes[Int(n)].state == .ready, !nodesWithRoom.contains(n) else { return }
    nodesWithRoom.append(n)
  }

  /// A node with freed room, and the waiters the cycle already tried there (each gets one chance per node and
  /// family: one that failed is still parked, or was parked again, not for this room; one that started a job is
  /// active).
  struct RoomScan {
    var node: Int32
    /// The lanes of waiters that could fit the node (`lanes(for:)`), as of when there were `laneCount` lanes.
    var lanes: [Int] = []
    var laneCount = -1
    var tried: [WaiterPosition] = []
    /// Identities (index, is bucket, family) of `tried`, less those forgotten: a list looked through while they
    /// are few (a scan tries a handful of waiters), a set once they are many (a burst of wakes tries hundreds).
    var seenFew: [Int64] = []
    var seenMany: Set<Int64>?
    static let fewSeen = 32
    /// The first pass has looked at every waiter within a guarantee that fits here (and put them back).
    var withinDone = false

    mutating func markTried(_ position: WaiterPosition) {
      if tried.isEmpty { tried.reserveCapacity(16) }
      tried.append(position)
      let identity = Self.identity(index: position.waiter.index, isBucket: position.waiter.isBucket, position.family)
      if seenMany != nil {
        seenMany!.insert(identity)
      } else if !seenFew.contains(identity) {
        if seenFew.isEmpty { seenFew.reserveCapacity(Self.fewSeen) }
        seenFew.append(identity)
        if seenFew.count > Self.fewSeen {
          seenMany = Set(seenFew)
          seenFew = []
        }
      }
    }

    func hasTried(_ waiter: Waiter, _ family: WaiterFamily) -> Bool {
      let identity = Self.identity(index: waiter.index, isBucket: waiter.isBucket, family)
      return seenMany?.contains(identity) ?? seenFew.contains(identity)
    }

    /// The shape may be tried here again (by its waiters of `family`), and a first pass's scan that was done
    /// looks again.
    mutating func forget(shape s: Int32, family: WaiterFamily) {
      let identity = Self.identity(index: s, isBucket: false, family)
      if seenMany != nil {
        seenMany!.remove(identity)
      } else if let k = seenFew.firstIndex(of: identity) {
        seenFew.remove(at: k)
      }
      if family == .withinGuarantee { withinDone = false }
    }

    private static func identity(index: Int32, isBucket: Bool, _ family: WaiterFamily) -> Int64 {
      Int64(index) << 2 | (isBucket ? 2 : 0) | Int64(family.rawValue)
    }

    /// Fills a set like `seenMany` once, so that the runtime resolves its type then (see `Scheduler.init`).
    static func resolveSetType() {
      var seen: Set<Int64> = []
      seen.insert(identity(index: 0, isBucket: false, .all))
      withExtendedLifetime(seen) {}
    }
  }

  struct WaiterPosition {
    var waiter: Waiter
    var lane: Int
    var cards: Int
    var family: WaiterFamily
  }

  /// The best waiter whose share fits the first node with freed room not yet done, and that room's index.
  /// Rooms are taken one at a time (several scans over the same heaps would hide waiters from each other):
  /// waiters passed over are kept in the scan's `tried` list, and when the node has no waiter left its scan
  /// ends and they go back.
  ///
  /// The first pass looks only at waiters with a job within its enterprise's guarantee, ranked by that job; it
  /// leaves each room for the second pass to look at again, for every waiter.
  mutating func bestRoomWaiter(_ rooms: inout [RoomScan], withinGuaranteeOnly: Bool, now: Time)
    -> (position: WaiterPosition, room: Int)?
  {
    let family = withinGuaranteeOnly ? WaiterFamily.withinGuarantee : .all
    var r = 0
    while r < rooms.count {
      if withinGuaranteeOnly && rooms[r].withinDone {
        r += 1
        continue
      }
      let n = rooms[r].node
      if rooms[r].laneCount != laneKeys.count {
        rooms[r].lanes = lanes(for: n)
        rooms[r].laneCount = laneKeys.count
      }
      while nodes[Int(n)].state == .ready,
        let (lane, cards) = bestWaiterHeap(for: n, lanes: rooms[r].lanes, family: family)
      {
        let f = family.rawValue
        let waiter = waitingForRoom[f][lane][cards].min!
        let position = WaiterPosition(waiter: waiter, lane: lane, cards: cards, family: family)
        if rooms[r].hasTried(waiter, family) || !fits(waiter, on: n, now: now) {
          waitingForRoom[f][lane][cards].removeMin()
          rooms[r].markTried(position)
          continue
        }
        if withinGuaranteeOnly {
          // Enterprises' use changed since it was parked: its best job within a guarantee may be another.
          let rank = withinGuaranteeRank(of: waiter)
          if rank != waiter.rank {
            // (A parked bucket keeps its rank: it only leaves, when no longer within its guarantee.)
            waitingForRoom[f][lane][cards].removeMin()
            if !waiter.isBucket {
              shapes[Int(waiter.index)].withinWaiterRank = nil
              if let rank { waitWithinGuarantee(shape: waiter.index, rank: rank) }
            }
            continue
          }
        } else if !waiter.isBucket {
          // Its best job may have started, or left for its enterprise's quota or budget, since it waited: it
          // waits again, ranked by its best job now (a shape left with none waits no more).
          let best = bestBucket(of: waiter.index)?.rank
          if best != waiter.rank {
            waitingForRoom[f][lane][cards].removeMin()
            if best == nil {
              unparkShape(waiter.index)
            } else {
              parkShape(waiter.index, shapes[Int(waiter.index)].parking)
            }
            continue
          }
        }
        return (position, r)
      }
      if withinGuaranteeOnly {
        rooms[r].withinDone = true
        putBack(rooms[r].tried)
        rooms[r].tried = []
        r += 1
      } else {
        putBack(rooms.removeFirst().tried)
      }
    }
    return nil
  }

  /// Takes a waiter out of its heap (it is then woken, or its shape probed), marked as tried on its room.
  mutating func take(_ position: WaiterPosition, room r: Int, from rooms: inout [RoomScan]) {
    waitingForRoom[position.family.rawValue][position.lane][position.cards].removeMin()
    rooms[r].markTried(position)
  }

  /// Whether the waiter's shape fits node `n` now, next to the reservations of jobs ranked above its best.
  @inline(__always)
  private func fits(_ waiter: Waiter, on n: Int32, now: Time) -> Bool {
    fits(shape: waiter.isBucket ? buckets[Int(waiter.index)].shape : waiter.index, rank: waiter.rank, on: n, now: now)
  }

  /// Whether the shape fits node `n` now, next to the reservations of jobs ranked above `rank`.
  @inline(__always)
  func fits(shape s: Int32, rank: Rank, on n: Int32, now: Time) -> Bool {
    guard fitsNow(shape: s, on: n) else { return false }
    guard !nodes[Int(n)].reservations.isEmpty else { return true }
    let i = Int(s)
    return reservationsAllow(
      node: n, job: rank.job, rank: rank, now: now, end: now + shapes[i].key.walltime,
      cpu: shapes[i].key.cpu, memory: shapes[i].key.memory, cards: shapes[i].key.cards)
  }

  /// The rank of the best job within its enterprise's guarantee of a parked bucket or shape, if it has one.
  mutating func withinGuaranteeRank(of waiter: Waiter) -> Rank? {
    if waiter.isBucket { return isWithinGuarantee(bucket: waiter.index) ? waiter.rank : nil }
    return bestWithinBucket(of: waiter.index)?.rank
  }

  /// Puts the waiters looked at that are still parked back where they were taken from.
  mutating func putBack(_ positions: [WaiterPosition]) {
    for position in positions where isValid(position) { insert(position) }
  }

  /// The heap (lane, cards) of the family whose best valid waiter ranks first among those the node could serve:
  /// in its lanes (`lanes(for:)`), CPU-only waiters when it has CPU free, and waiters for cards by the cards
  /// they need, up to its free cards.
  private mutating func bestWaiterHeap(for n: Int32, lanes: [Int], family: WaiterFamily) -> (Int, Int)? {
    let f = family.rawValue
    guard f < waitingForRoom.count else { return nil }
    var best: (Int, Int, Waiter)?
    // The node's fields one by one (a copy of the whole record would retain its strings and lists).
    let freeCards = nodes[Int(n)].freeCards
    let hasCpu = nodes[Int(n)].freeCpu > 0
    for lane in lanes where lane < waitingForRoom[f].count {
      let heaps = waitingForRoom[f][lane].count
      let cardsNeeded =
        laneKeys[lane].slot == 0 ? 0..<(hasCpu ? min(1, heaps) : 0) : 1..<max(1, min(freeCards + 1, heaps))
      for cards in cardsNeeded {
        while let top = waitingForRoom[f][lane][cards].min {
          // A heap whose top does not rank before the best so far has nothing better behind it.
          if let best, !(top < best.2) { break }
          if isValid(WaiterPosition(waiter: top, lane: lane, cards: cards, family: family)) {
            best = (lane, cards, top)
            break
          }
          waitingForRoom[f][lane][cards].removeMin()
        }
      }
    }
    return best.map { ($0.0, $0.1) }
  }

  /// Whether one node's share of the shape fits node `n` as it is now (reservations aside).
  @inline(__always)
  func fitsNow(shape s: Int32, on n: Int32) -> Bool {
    // Field by field: a copy of the shape's key or the node's record would retain their arrays.
    let i = Int(n)
    let k = Int(s)
    guard nodes[i].freeCards >= shapes[k].key.cards, nodes[i].freeCpu >= shapes[k].key.cpu,
      nodes[i].freeMemory >= shapes[k].key.memory
    else { return false }
    guard shapes[k].key.models.isEmpty || shapes[k].key.models.contains(where: { $0 == nodes[i].model }) else {
      return false
    }
    return shapes[k].key.selector.isEmpty || labelsMatch(shapes[k].key.selector, nodes[i].spec.labels)
  }

  /// A reservation on these nodes went: what it held there is room for the waiters that fit. (The cycle gives
  /// free reservation slots to the best blocked jobs without one: `bestReservationSlotWaiter()`.)
  mutating func reservationWent(from chosen: [Int32]) {
    for n in chosen { roomFreed(on: n) }
  }

  /// The best parked shape whose job has no reservation and was not yet looked at for one in this cycle.
  mutating func bestReservationSlotWaiter() -> Waiter? {
    while let waiter = waitingForReservationSlot.min {
      if isValid(waiter) && !lookedAtForSlot.contains(where: { $0.index == waiter.index }) { return waiter }
      _ = waitingForReservationSlot.removeMin()
      if isValid(waiter) { lookedAtForSlot.append(waiter) }  // back at the end of the cycle
    }
    return nil
  }

  mutating func unparkAllShapes() {
    waitingForRoom = []
    waitingForReservationSlot = Heap()
    for s in shapes.indices where shapes[s].parking != .active { unparkShape(Int32(s)) }
    for b in buckets.indices where buckets[b].parking == .room { unparkBucket(Int32(b)) }
  }

  /// The enterprise's use or credits changed: its buckets parked for room on other models come back.
  mutating func unparkRoomBuckets(of e: Int32) {
    let list = enterprises[Int(e)].parkedBuckets
    guard !list.isEmpty else { return }
    enterprises[Int(e)].parkedBuckets = []
    for b in list { unparkBucket(b) }
  }
}

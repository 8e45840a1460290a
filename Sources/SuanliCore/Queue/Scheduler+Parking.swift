internal import HeapModule

/// Parking: what cannot start now leaves the cycle's heaps until something it waits for changes.
///
/// - A shape that no node has room for waits, per accepted model, in a heap keyed by its best job. When room
///   frees on a node, the cycle wakes waiters best-first, only those whose share fits that node, and only
///   while the node still has room: a finishing job costs a few attempts, not one per shape in the queue.
/// - A bucket blocked by its enterprise's quota or budget waits on its enterprise.
/// - A shape blocked only by others' reservations also comes back when a reservation goes.
/// - A constraint (no node could ever run it) waits for nodes to change.
extension Scheduler {
  mutating func parkShape(_ s: Int32, _ reason: Parking) {
    let rank = bestBucket(of: s)?.rank
    shapes[Int(s)].parkedRank = rank
    shapes[Int(s)].parking = reason
    shapes[Int(s)].generation &+= 1
    shapes[Int(s)].parkGeneration &+= 1
    guard reason == .resources || reason == .reservation, let rank else { return }
    let waiter = Waiter(rank: rank, index: s, generation: shapes[Int(s)].parkGeneration, isBucket: false)
    let key = shapes[Int(s)].key
    for modelIndex in 0..<max(1, key.models.count) { wait(waiter, key: key, modelIndex: modelIndex) }
    if reason == .reservation { waitingForReservations.append(waiter) }
    if config.backfillDepth > 0, reservations[rank.job] == nil { waitingForReservationSlot.insert(waiter) }
  }

  /// Parks a bucket: for its enterprise (quota, budget) and, for `.room`, also for room on `modelIndices`.
  mutating func parkBucket(_ b: Int32, _ reason: Parking, rank: Rank? = nil, modelIndices: [Int] = []) {
    buckets[Int(b)].parking = reason
    buckets[Int(b)].generation &+= 1
    buckets[Int(b)].parkGeneration &+= 1
    enterprises[Int(buckets[Int(b)].enterprise)].parkedBuckets.append(b)
    guard reason == .room, let rank else { return }
    let waiter = Waiter(rank: rank, index: b, generation: buckets[Int(b)].parkGeneration, isBucket: true)
    let key = shapes[Int(buckets[Int(b)].shape)].key
    for modelIndex in modelIndices { wait(waiter, key: key, modelIndex: modelIndex) }
  }

  private mutating func wait(_ waiter: Waiter, key: ShapeKey, modelIndex: Int) {
    let slot = key.models.isEmpty ? 0 : Int(key.models[modelIndex]) + 1
    while waitingForRoom.count <= slot { waitingForRoom.append([]) }
    while waitingForRoom[slot].count <= key.cards { waitingForRoom[slot].append(Heap()) }
    waitingForRoom[slot][key.cards].insert(waiter)
  }

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

  /// A node with freed room, and the waiters the cycle already tried there (each gets one chance per node:
  /// one that failed was parked again, not for this room).
  struct RoomScan {
    var node: Int32
    var tried: [WaiterPosition] = []
    /// Identities (index, is bucket) of `tried`, for a quick look-up.
    var seen: Set<Int64> = []
    /// Waiters passed over in the first pass because their job would borrow: back for the second.
    var borrowing: [WaiterPosition] = []

    mutating func markTried(_ position: WaiterPosition) {
      tried.append(position)
      seen.insert(Int64(position.waiter.index) << 1 | (position.waiter.isBucket ? 1 : 0))
    }

    func hasTried(_ waiter: Waiter) -> Bool { seen.contains(Int64(waiter.index) << 1 | (waiter.isBucket ? 1 : 0)) }
  }

  struct WaiterPosition {
    var waiter: Waiter
    var slot: Int
    var cards: Int
  }

  /// The best waiter whose share fits the first node with freed room. Rooms are taken one at a time (several
  /// scans over the same heaps would hide waiters from each other): waiters passed over are kept in the
  /// scan's `tried` list, and when the node has no waiter left its scan ends and they go back.
  mutating func bestRoomWaiter(_ rooms: inout [RoomScan], withinGuaranteeOnly: Bool) -> WaiterPosition? {
    while let n = rooms.first?.node {
      while nodes[Int(n)].state == .ready, let (slot, cards) = bestWaiterHeap(for: n) {
        let waiter = waitingForRoom[slot][cards].min!
        let key =
          waiter.isBucket ? shapes[Int(buckets[Int(waiter.index)].shape)].key : shapes[Int(waiter.index)].key
        let position = WaiterPosition(waiter: waiter, slot: slot, cards: cards)
        if rooms[0].hasTried(waiter) || !fitsNow(key, on: n) {
          waitingForRoom[slot][cards].removeMin()
          rooms[0].markTried(position)
          continue
        }
        if withinGuaranteeOnly && !bestJobStaysWithinGuarantee(waiter) {
          waitingForRoom[slot][cards].removeMin()
          rooms[0].borrowing.append(position)
          continue
        }
        return WaiterPosition(waiter: waiter, slot: slot, cards: cards)
      }
      // The first pass looks at the first room only (its scan would hide waiters from the next room's).
      if withinGuaranteeOnly { return nil }
      let done = rooms.removeFirst()
      putBack(done.tried + done.borrowing)
    }
    return nil
  }

  /// Whether the best job of a parked shape or bucket keeps its enterprise within its guarantee.
  mutating func bestJobStaysWithinGuarantee(_ waiter: Waiter) -> Bool {
    guard let b = waiter.isBucket ? waiter.index : bestBucket(of: waiter.index)?.index else { return false }
    let s = buckets[Int(b)].shape
    let e = Int(buckets[Int(b)].enterprise)
    return (0..<max(1, shapes[Int(s)].key.models.count)).contains {
      Quota.withinGuarantee(
        usage: enterprises[e].usage, demand: shapes[Int(s)].demand(model: $0), guaranteed: enterprises[e].guaranteed)
    }
  }

  /// Puts the waiters looked at that are still parked back where they were taken from.
  mutating func putBack(_ positions: [WaiterPosition]) {
    for position in positions where isValid(position.waiter) {
      waitingForRoom[position.slot][position.cards].insert(position.waiter)
    }
  }

  /// The heap (slot, cards) whose best valid waiter ranks first among those the node could serve.
  private mutating func bestWaiterHeap(for n: Int32) -> (Int, Int)? {
    var best: (Int, Int, Waiter)?
    // The node's fields one by one (a copy of the whole record would retain its strings and lists).
    let slot = nodes[Int(n)].slot
    let freeCards = nodes[Int(n)].freeCards
    let cpuOnly = nodes[Int(n)].freeCpu > 0 && !waitingForRoom.isEmpty && !waitingForRoom[0].isEmpty
    let upper = slot > 0 && slot < waitingForRoom.count ? min(freeCards + 1, waitingForRoom[slot].count) : 0
    // Candidates in order: CPU-only waiters, then the node's slot by cards needed.
    for candidate in (cpuOnly ? 0 : 1)..<max(1, upper) {
      let (heapSlot, cards) = candidate == 0 ? (0, 0) : (slot, candidate)
      while let top = waitingForRoom[heapSlot][cards].min, !isValid(top) {
        waitingForRoom[heapSlot][cards].removeMin()
      }
      if let top = waitingForRoom[heapSlot][cards].min, best == nil || top < best!.2 { best = (heapSlot, cards, top) }
    }
    return best.map { ($0.0, $0.1) }
  }

  /// Whether one node's share of the shape fits node `n` as it is now (reservations aside).
  func fitsNow(_ key: ShapeKey, on n: Int32) -> Bool {
    let i = Int(n)
    guard nodes[i].freeCards >= key.cards, nodes[i].freeCpu >= key.cpu, nodes[i].freeMemory >= key.memory else {
      return false
    }
    guard key.models.isEmpty || key.models.contains(where: { $0 == nodes[i].model }) else { return false }
    return key.selector.isEmpty || labelsMatch(key.selector, nodes[i].spec.labels)
  }

  /// A reservation went: shapes blocked only by reservations come back. (The cycle gives free reservation
  /// slots to the best blocked jobs without one: `wakeForReservationSlot()`.)
  mutating func reservationsChanged() {
    let list = waitingForReservations
    waitingForReservations = []
    for waiter in list { wake(waiter) }
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
    waitingForReservations = []
    waitingForReservationSlot = Heap()
    for s in shapes.indices where shapes[s].parking != .active { unparkShape(Int32(s)) }
    for b in buckets.indices where buckets[b].parking == .room { unparkBucket(Int32(b)) }
  }

  /// The enterprise's use or credits changed: its parked buckets come back.
  mutating func unparkBuckets(of e: Int32) {
    let list = enterprises[Int(e)].parkedBuckets
    guard !list.isEmpty else { return }
    enterprises[Int(e)].parkedBuckets = []
    for b in list { unparkBucket(b) }
  }
}

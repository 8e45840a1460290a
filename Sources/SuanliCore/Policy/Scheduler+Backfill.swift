/// Backfill with reservations.
///
/// The top `backfillDepth` jobs that are blocked for resources get a reservation: the earliest time at which
/// enough nodes will have room for their walltime, assuming running jobs end at their walltime, and those
/// nodes. A reserved share is held from the reservation's start to its end (start + walltime). Any other job
/// may start now only where it delays no reservation of a higher-priority job: the node must have room for
/// it and for those reservations at every moment it would run.
///
/// Reservations persist across cycles (jobs end early, so a kept reservation can only be met sooner) and are
/// recomputed when their job is next blocked after a node change, a priority recalculation or a higher job
/// taking the room.
extension Scheduler {
  /// Whether a job of rank `rank` may use this share of node `n` now until `end` without delaying a higher
  /// reservation.
  func reservationsAllow(
    node n: Int32, job: JobID, rank: Rank, now: Time, end: Time, cpu: Int, memory: Int,
    cards: Int
  ) -> Bool {
    hasRoom(on: n, from: now, to: end, now: now, rank: rank, job: job, cpu: cpu, memory: memory, cards: cards)
  }

  /// Whether node `n` has room for the share during [from, to), next to running jobs (as if they end at their
  /// walltime) and the reservations of jobs ranked above `rank` (other than `job`'s own). Use only falls when
  /// jobs end and rises when reservations start, so it is checked at `from` and at each reservation start.
  func hasRoom(
    on n: Int32, from: Time, to: Time, now: Time, rank: Rank, job: JobID, cpu: Int, memory: Int,
    cards: Int
  ) -> Bool {
    // The fields used, not a copy of the whole record (its strings and labels would be retained).
    let i = Int(n)
    let capacity = (cpu: nodes[i].spec.cpuMillis, memory: nodes[i].spec.memoryMiB, cards: nodes[i].spec.cards)
    let held = nodes[i].reservations
    func fits(at point: Time) -> Bool {
      var usedCpu = cpu
      var usedMemory = memory
      var usedCards = cards
      if point <= now {
        // Now is what the node says, overrunning jobs included.
        usedCpu += capacity.cpu - nodes[i].freeCpu
        usedMemory += capacity.memory - nodes[i].freeMemory
        usedCards += capacity.cards - nodes[i].freeCards
      } else {
        for run in nodes[i].runs where run.end > point {
          usedCpu += run.cpu
          usedMemory += run.memory
          usedCards += run.cards
        }
      }
      for share in held where share.job != job && share.rank < rank && share.start <= point && share.end > point {
        usedCpu += share.cpu
        usedMemory += share.memory
        usedCards += share.cards
      }
      return usedCpu <= capacity.cpu && usedMemory <= capacity.memory && usedCards <= capacity.cards
    }
    guard fits(at: from) else { return false }
    for share in held
    where share.job != job && share.rank < rank && share.start > from && share.start < to && !fits(at: share.start) {
      return false
    }
    return true
  }

  /// Gives a blocked job a reservation if it ranks among the top `backfillDepth` blocked jobs.
  mutating func reserve(_ id: JobID, rank: Rank, shape s: Int32, modelIndices: ModelIndices, now: Time) {
    guard config.backfillDepth > 0 else { return }
    if let existing = reservations[id] {
      if existing.share.start >= now { return }
      removeReservation(id)
    }
    if reservationOrder.count >= config.backfillDepth, let worst = reservationOrder.last, worst < rank { return }
    settleCardTimeTrees()
    var best: (start: Time, nodes: [Int32])?
    for modelIndex in modelIndices {
      if let found = earliestStart(shape: s, modelIndex: modelIndex, rank: rank, now: now),
        best == nil || found.start < best!.start
      {
        best = found
      }
    }
    guard let best else { return }
    if reservationOrder.count >= config.backfillDepth, let worst = reservationOrder.last {
      removeReservation(worst.job)
    }
    let key = shapes[Int(s)].key
    let reservation = Reservation(
      share: ReservedShare(
        job: id, rank: rank, start: best.start, end: best.start + key.walltime, cpu: key.cpu, memory: key.memory,
        cards: key.cards),
      nodes: best.nodes)
    reservations[id] = reservation
    let position = reservationOrder.firstIndex { rank < $0 } ?? reservationOrder.count
    reservationOrder.insert(rank, at: position)
    for n in best.nodes { nodes[Int(n)].reservations.append(reservation.share) }
    // Lower reservations on these nodes were computed without this one: recompute them.
    dropReservations(on: best.nodes, below: rank, unless: id)
  }

  /// Works out the trees of card times where nodes changed since the last search.
  mutating func settleCardTimeTrees() {
    for slot in cardTimeTrees.indices where !cardTimeTrees[slot].isSettled { cardTimeTrees[slot].settle() }
  }

  /// The earliest time `nodeCount` nodes of the model have room for the shape, and which. A shape of 1…8 cards
  /// per node is searched for through the trees of card times (settled: `settleCardTimeTrees`), unless
  /// `lookingAtEveryNode` (for the tests).
  func earliestStart(shape s: Int32, modelIndex: Int, rank: Rank, now: Time, lookingAtEveryNode: Bool = false)
    -> (start: Time, nodes: [Int32])?
  {
    let key = shapes[Int(s)].key
    let model: ModelID? = key.models.isEmpty ? nil : key.models[modelIndex]
    // The `nodeCount` best (time, node) pairs so far, ascending.
    var best: [(time: Time, node: Int32)] = []
    func beats(_ time: Time, _ node: Int32) -> Bool {
      guard best.count == key.nodeCount, let last = best.last else { return true }
      return (time, node) < (last.time, last.node)
    }
    func consider(_ n: Int32) {
      guard beats(earliestCards(on: n, cards: key.cards, now: now), n), canEverHold(n, key, model: model),
        let time = earliestRoom(
          on: n, rank: rank, job: rank.job, now: now, walltime: key.walltime, cpu: key.cpu, memory: key.memory,
          cards: key.cards),
        beats(time, n)
      else { return }
      let position = best.firstIndex { (time, n) < ($0.time, $0.node) } ?? best.count
      best.insert((time, n), at: position)
      if best.count > key.nodeCount { best.removeLast() }
    }
    let cached = key.cards >= 1 && key.cards <= Self.cachedCardCounts && !lookingAtEveryNode
    for slot in slots(for: key, modelIndex: modelIndex) {
      if cached {
        guard slot < cardTimeTrees.count else { continue }
        // From the nodes whose cards free up first: a subtree whose cards cannot free up before the last of the
        // best so far is skipped.
        let tree = cardTimeTrees[slot]
        guard tree.capacity > 0 else { continue }
        // Depth first: at most one pending sibling per level (a tree of capacity 2^k has k + 1 levels). An array
        // of that size, not a stack buffer: a closure around the walk would box `best` and check every access.
        var positions: [Int] = []
        positions.reserveCapacity(Int.bitWidth + 1)
        positions.append(1)
        while let position = positions.popLast() {
          guard let bound = tree.bound(at: position, cards: key.cards, now: now) else { continue }
          if best.count == key.nodeCount, let last = best.last, bound >= (last.time, last.node) { continue }
          if position >= tree.capacity {
            let n = tree.node(at: position)
            // A leaf may be free, or its node out of the index (not ready) or gone to another slot.
            if n >= 0 && nodes[Int(n)].indexed && nodes[Int(n)].slot == slot { consider(n) }
            continue
          }
          // The earlier half first: it holds the subtree's earliest node.
          let (left, right) = (2 * position, 2 * position + 1)
          let leftFirst =
            tree.bound(at: left, cards: key.cards, now: now).map { leftBound in
              tree.bound(at: right, cards: key.cards, now: now).map { leftBound <= $0 } ?? true
            } ?? false
          positions.append(leftFirst ? right : left)
          positions.append(leftFirst ? left : right)
        }
      } else {
        for freeCards in 0..<freeIndex.groupCount(slot: slot) {
          for entry in freeIndex.groups[slot][freeCards] { consider(entry.node) }
        }
      }
    }
    guard best.count == key.nodeCount else { return nil }
    return (best.last!.time, best.map(\.node))
  }

  /// A lower bound of `earliestRoom`: when enough cards free up on the node, CPU, memory and reservations
  /// aside.
  func earliestCards(on n: Int32, cards: Int, now: Time) -> Time {
    // An indexed node has it worked out (see `cardTimeTrees`).
    let i = Int(n)
    if cards >= 1 && cards <= Self.cachedCardCounts && nodes[i].indexed {
      let time = cardTimeTrees[nodes[i].slot].time(leaf: nodes[i].cardLeaf, cards: cards)
      return time == .max ? .max : max(now, time)
    }
    return walkedEarliestCards(on: n, cards: cards, now: now)
  }

  /// `earliestCards` from the node's jobs, without the cache.
  func walkedEarliestCards(on n: Int32, cards: Int, now: Time) -> Time {
    var free = nodes[Int(n)].freeCards
    if free >= cards { return now }
    for run in nodes[Int(n)].runs {
      free += run.cards
      if free >= cards { return max(now, run.end) }
    }
    return .max
  }

  /// When node `n` will first have room for this share for `walltime` seconds, as running jobs end at their
  /// walltime, next to the higher reservations on it; nil if never. Room can only appear when a job or a
  /// reservation ends, so those are the times tried.
  func earliestRoom(
    on n: Int32, rank: Rank, job: JobID, now: Time, walltime: Int64, cpu: Int, memory: Int,
    cards: Int
  ) -> Time? {
    let i = Int(n)
    guard nodes[i].spec.cpuMillis >= cpu, nodes[i].spec.memoryMiB >= memory, nodes[i].spec.cards >= cards else {
      return nil
    }
    guard nodes[i].reservations.contains(where: { $0.job != job && $0.rank < rank }) else {
      return earliestRoomAsJobsEnd(on: n, now: now, cpu: cpu, memory: memory, cards: cards)
    }
    return earliestRoomOverTime(
      on: n, rank: rank, job: job, now: now, walltime: walltime, cpu: cpu, memory: memory, cards: cards)
  }

  /// `earliestRoom` by trying each time a job or a reservation ends.
  func earliestRoomOverTime(
    on n: Int32, rank: Rank, job: JobID, now: Time, walltime: Int64, cpu: Int, memory: Int, cards: Int
  ) -> Time? {
    let i = Int(n)
    return withUnsafeTemporaryAllocation(
      of: Time.self, capacity: 1 + nodes[i].runs.count + nodes[i].reservations.count
    ) { times in
      times[0] = now
      var count = 1
      for run in nodes[i].runs where run.end > now {
        times[count] = run.end
        count += 1
      }
      for share in nodes[i].reservations where share.job != job && share.rank < rank && share.end > now {
        times[count] = share.end
        count += 1
      }
      var tried = UnsafeMutableBufferPointer(rebasing: times[..<count])
      tried.sort()
      return tried.first {
        hasRoom(
          on: n, from: $0, to: $0 + walltime, now: now, rank: rank, job: job, cpu: cpu, memory: memory, cards: cards)
      }
    }
  }

  /// `earliestRoom` on a node without a higher reservation: room only grows as its jobs end (in order of end), so
  /// the first time the share fits is the answer, found in one walk.
  func earliestRoomAsJobsEnd(on n: Int32, now: Time, cpu: Int, memory: Int, cards: Int) -> Time? {
    let i = Int(n)
    // Now is what the node says, overrunning jobs included.
    if nodes[i].freeCpu >= cpu && nodes[i].freeMemory >= memory && nodes[i].freeCards >= cards { return now }
    // Later, what the jobs that end after that time use.
    var usedCpu = 0
    var usedMemory = 0
    var usedCards = 0
    for run in nodes[i].runs where run.end > now {
      usedCpu += run.cpu
      usedMemory += run.memory
      usedCards += run.cards
    }
    let runs = nodes[i].runs
    var k = runs.startIndex
    while k < runs.endIndex {
      let end = runs[k].end
      while k < runs.endIndex && runs[k].end == end {
        if end > now {
          usedCpu -= runs[k].cpu
          usedMemory -= runs[k].memory
          usedCards -= runs[k].cards
        }
        k += 1
      }
      if end > now && usedCpu + cpu <= nodes[i].spec.cpuMillis && usedMemory + memory <= nodes[i].spec.memoryMiB
        && usedCards + cards <= nodes[i].spec.cards
      {
        return end
      }
    }
    return nil
  }

  /// Whether, on every ready node without a reservation, the one-walk `earliestRoom` gives what trying each time
  /// gives, for shares of 0…8 cards and a few sizes of CPU and memory (checked by the tests).
  func earliestRoomWalksAgree(now: Time) -> Bool {
    for n in nodes.indices where nodes[n].state == .ready && nodes[n].reservations.isEmpty {
      for cards in 0...Self.cachedCardCounts {
        for fraction in [0, 4, 2, 1] {
          let cpu = fraction == 0 ? 0 : nodes[n].spec.cpuMillis / fraction
          let memory = fraction == 0 ? 0 : nodes[n].spec.memoryMiB / fraction
          let rank = Rank(priority: 0, submit: 0, job: JobID(0))
          if earliestRoomAsJobsEnd(on: Int32(n), now: now, cpu: cpu, memory: memory, cards: cards)
            != earliestRoomOverTime(
              on: Int32(n), rank: rank, job: JobID(0), now: now, walltime: 3_600, cpu: cpu, memory: memory,
              cards: cards)
          {
            return false
          }
        }
      }
    }
    return true
  }

  /// Whether each tree of card times is consistent and has a leaf for each of its indexed nodes, and whether the
  /// earliest start of every shape on every model, searched for through them, is what a look at every node
  /// finds, for a job above every reservation and one below them all (checked by the tests; `cardTimesAreExact`
  /// checks the leaves' times).
  func cardTimeTreesAgree(now: Time) -> Bool {
    var settled = self
    settled.settleCardTimeTrees()
    return settled.settledCardTimeTreesAgree(now: now)
  }

  private func settledCardTimeTreesAgree(now: Time) -> Bool {
    guard cardTimeTrees.allSatisfy(\.isConsistent) else { return false }
    for n in nodes.indices where nodes[n].indexed {
      let tree = cardTimeTrees[nodes[n].slot]
      guard nodes[n].cardLeafSlot == nodes[n].slot, tree.node(at: tree.capacity + Int(nodes[n].cardLeaf)) == Int32(n)
      else { return false }
    }
    let ranks = [Rank(priority: .infinity, submit: .min, job: JobID(0)), Rank.last]
    for s in shapes.indices {
      for modelIndex in 0..<max(1, shapes[s].key.models.count) {
        for rank in ranks {
          let throughTrees = earliestStart(shape: Int32(s), modelIndex: modelIndex, rank: rank, now: now)
          let lookingAtEveryNode = earliestStart(
            shape: Int32(s), modelIndex: modelIndex, rank: rank, now: now, lookingAtEveryNode: true)
          guard throughTrees?.start == lookingAtEveryNode?.start, throughTrees?.nodes == lookingAtEveryNode?.nodes
          else { return false }
        }
      }
    }
    return true
  }

  /// Whether every indexed node's cached card times say what walking its jobs says (checked by the tests).
  func cardTimesAreExact(now: Time) -> Bool {
    for n in nodes.indices where nodes[n].indexed {
      for cards in 1...Self.cachedCardCounts
      where earliestCards(on: Int32(n), cards: cards, now: now)
        != walkedEarliestCards(on: Int32(n), cards: cards, now: now)
      {
        return false
      }
    }
    return true
  }

  mutating func removeReservation(_ id: JobID) {
    guard let reservation = reservations.removeValue(forKey: id) else { return }
    if let position = reservationOrder.firstIndex(where: { $0.job == id }) { reservationOrder.remove(at: position) }
    for n in reservation.nodes {
      if let position = nodes[Int(n)].reservations.firstIndex(where: { $0.job == id }) {
        nodes[Int(n)].reservations.remove(at: position)
      }
    }
    reservationWent(from: reservation.nodes)
  }

  /// Drops reservations of jobs ranked below `rank` on these nodes: a higher job took or reserved the room.
  mutating func dropReservations(on chosen: [Int32], below rank: Rank, unless keep: JobID? = nil) {
    var victims: [JobID] = []
    for n in chosen {
      for share in nodes[Int(n)].reservations
      where share.job != keep && rank < share.rank && !victims.contains(share.job) {
        victims.append(share.job)
      }
    }
    for id in victims {
      removeReservation(id)
      // Its job must be looked at again to get a fresh reservation.
      if let record = jobs[id] { unparkShape(record.shape) }
    }
  }

  mutating func dropReservations(onNode n: Int32) {
    for share in nodes[Int(n)].reservations { removeReservation(share.job) }
  }

  mutating func dropAllReservations() {
    reservations = [:]
    reservationOrder = []
    for n in nodes.indices { nodes[n].reservations = [] }
  }
}

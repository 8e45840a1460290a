/// Backfill with reservations.
///
/// The top `backfillDepth` jobs that are blocked for resources get a reservation: the earliest time at which
/// enough nodes will have room, assuming running jobs end at their walltime, and those nodes. Any other job
/// may start now only where it delays no reservation of a higher-priority job: it ends before the reservation
/// starts, or the node still has room for the reservation at that time.
///
/// Reservations are conservative: a reserved share is treated as held from its start onward. They persist
/// across cycles (jobs end early, so a kept reservation can only be met sooner) and are recomputed when
/// their job is next blocked after a node change, a priority recalculation or a higher job taking the room.
extension Scheduler {
  /// Whether a job of rank `rank` ending at `end`, using this share of node `n`, leaves every higher
  /// reservation on the node intact.
  func reservationsAllow(node n: Int32, job: JobID, rank: Rank, end: Time, cpu: Int, memory: Int, cards: Int) -> Bool {
    let node = nodes[Int(n)]
    var reservedCpu = 0
    var reservedMemory = 0
    var reservedCards = 0
    var earliestConflict = Time.max
    for id in node.reservations {
      guard id != job, let reservation = reservations[id], reservation.rank < rank else { continue }
      reservedCpu += reservation.cpu
      reservedMemory += reservation.memory
      reservedCards += reservation.cards
      if end > reservation.start { earliestConflict = min(earliestConflict, reservation.start) }
    }
    guard earliestConflict != .max else { return true }
    // At the earliest reservation this job would overlap, what still runs, plus this job, plus every higher
    // reservation on the node, must fit. Later reservations only see fewer running jobs.
    var usedCpu = cpu + reservedCpu
    var usedMemory = memory + reservedMemory
    var usedCards = cards + reservedCards
    for run in node.runs where run.end > earliestConflict {
      usedCpu += run.cpu
      usedMemory += run.memory
      usedCards += run.cards
    }
    return usedCpu <= node.spec.cpuMillis && usedMemory <= node.spec.memoryMiB && usedCards <= node.spec.cards
  }

  /// Gives a blocked job a reservation if it ranks among the top `backfillDepth` blocked jobs.
  mutating func reserve(_ id: JobID, rank: Rank, shape s: Int32, modelIndices: [Int], now: Time) {
    guard config.backfillDepth > 0 else { return }
    if let existing = reservations[id] {
      if existing.start >= now { return }
      removeReservation(id)
    }
    if reservationOrder.count >= config.backfillDepth, let worst = reservationOrder.last, worst < rank { return }
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
      job: id, rank: rank, start: best.start, nodes: best.nodes, cpu: key.cpu, memory: key.memory, cards: key.cards)
    reservations[id] = reservation
    let position = reservationOrder.firstIndex { rank < $0 } ?? reservationOrder.count
    reservationOrder.insert(rank, at: position)
    for n in best.nodes { nodes[Int(n)].reservations.append(id) }
    // Lower reservations on these nodes were computed without this one: recompute them.
    dropReservations(on: best.nodes, below: rank, unless: id)
  }

  /// The earliest time `nodeCount` nodes of the model have room for the shape, and which.
  func earliestStart(shape s: Int32, modelIndex: Int, rank: Rank, now: Time) -> (start: Time, nodes: [Int32])? {
    let key = shapes[Int(s)].key
    let model: ModelID? = key.models.isEmpty ? nil : key.models[modelIndex]
    var times: [(Time, Int32)] = []
    for slot in slots(for: key, modelIndex: modelIndex) {
      for freeCards in 0..<freeIndex.groupCount(slot: slot) {
        for entry in freeIndex.groups[slot][freeCards] {
          guard canEverHold(entry.node, key, model: model),
            let time = earliestRoom(on: entry.node, rank: rank, cpu: key.cpu, memory: key.memory, cards: key.cards)
          else { continue }
          times.append((max(time, now), entry.node))
        }
      }
    }
    guard times.count >= key.nodeCount else { return nil }
    times.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    let chosen = times.prefix(key.nodeCount)
    return (chosen.last!.0, chosen.map(\.1))
  }

  /// When node `n` will have room for this share, as running jobs end at their walltime, keeping room for
  /// the higher reservations already on it; nil if never.
  func earliestRoom(on n: Int32, rank: Rank, cpu: Int, memory: Int, cards: Int) -> Time? {
    let node = nodes[Int(n)]
    var freeCpu = node.freeCpu - cpu
    var freeMemory = node.freeMemory - memory
    var freeCards = node.freeCards - cards
    for id in node.reservations {
      guard let reservation = reservations[id], reservation.rank < rank else { continue }
      freeCpu -= reservation.cpu
      freeMemory -= reservation.memory
      freeCards -= reservation.cards
    }
    if freeCpu >= 0 && freeMemory >= 0 && freeCards >= 0 { return .min }
    for run in node.runs {
      freeCpu += run.cpu
      freeMemory += run.memory
      freeCards += run.cards
      if freeCpu >= 0 && freeMemory >= 0 && freeCards >= 0 { return run.end }
    }
    return nil
  }

  mutating func removeReservation(_ id: JobID) {
    guard let reservation = reservations.removeValue(forKey: id) else { return }
    if let position = reservationOrder.firstIndex(where: { $0.job == id }) { reservationOrder.remove(at: position) }
    for n in reservation.nodes {
      if let position = nodes[Int(n)].reservations.firstIndex(of: id) {
        nodes[Int(n)].reservations.remove(at: position)
      }
    }
    reservationsChanged()
  }

  /// Drops reservations of jobs ranked below `rank` on these nodes: a higher job took or reserved the room.
  mutating func dropReservations(on chosen: [Int32], below rank: Rank, unless keep: JobID? = nil) {
    var victims: [JobID] = []
    for n in chosen {
      for id in nodes[Int(n)].reservations where id != keep {
        if let reservation = reservations[id], rank < reservation.rank, !victims.contains(id) { victims.append(id) }
      }
    }
    for id in victims {
      removeReservation(id)
      // Its job must be looked at again to get a fresh reservation.
      if let record = jobs[id] { unparkShape(record.shape) }
    }
  }

  mutating func dropReservations(onNode n: Int32) {
    for id in nodes[Int(n)].reservations { removeReservation(id) }
  }

  mutating func dropAllReservations() {
    reservations = [:]
    reservationOrder = []
    for n in nodes.indices { nodes[n].reservations = [] }
    reservationsChanged()
  }
}

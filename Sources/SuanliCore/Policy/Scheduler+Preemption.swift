/// Preemption.
///
/// - Reclaim: an enterprise whose job keeps it within its guarantee takes capacity back from jobs of
///   enterprises that use more than their own guarantee of that resource (they borrow).
/// - Class (optional, off by default): a job preempts jobs of its own enterprise in a lower class (and of
///   lower priority).
///
/// Victims are never younger than `minRuntimeBeforePreemption`. Per node the victim set is minimal: the
/// fewest cards, then the lowest priority, then the most recently started, and any victim not needed in the
/// end is spared. Nodes are chosen by the fewest cards evicted. A plan is carried out only when, with its
/// victims gone, the preemptor fits — it then starts in the same cycle.
internal import HeapModule

extension Scheduler {
  struct VictimPlan {
    var nodes: [Int32]
    var victims: [JobID]
  }

  mutating func tryPreemption(
    for id: JobID, rank: Rank, modelIndices: ModelIndices, now: Time,
    decisions: inout [Decision]
  ) -> Bool {
    guard config.reclaimEnabled || config.classPreemptionEnabled, let record = jobs[id] else { return false }
    let key = shapes[Int(record.shape)].key
    for modelIndex in modelIndices {
      let reclaim =
        config.reclaimEnabled && staysWithinGuarantee(record.enterprise, shape: record.shape, model: modelIndex)
      guard reclaim || config.classPreemptionEnabled else { continue }
      let futile = PreemptionKey(
        shape: record.shape, modelIndex: modelIndex, enterprise: reclaim ? -1 : record.enterprise)
      guard !futilePreemptions.contains(futile),
        slots(for: key, modelIndex: modelIndex).contains(where: { hasPreemptibleAge(slot: $0, now: now) })
      else { continue }
      // The search reads the reclaim index in its dimension: the model's cards, or CPU.
      settleReclaimIndex(in: key.models.isEmpty ? Dimension.cpu : Dimension.cards(key.models[modelIndex]))
      guard let plan = victimPlan(for: record, rank: rank, modelIndex: modelIndex, reclaim: reclaim, now: now)
      else {
        futilePreemptions.insert(futile)
        continue
      }
      for victim in plan.victims { preempt(victim, by: id, now: now, decisions: &decisions) }
      start(id, modelIndex: modelIndex, on: plan.nodes, now: now, decisions: &decisions)
      return true
    }
    return false
  }

  /// Whether a reclaim search for this shape could find anything this cycle: not already found futile, and
  /// some job on one of its slots is old enough to be a victim.
  mutating func reclaimMayHelp(shape s: Int32, now: Time) -> Bool {
    let key = shapes[Int(s)].key
    for modelIndex in 0..<max(1, key.models.count)
    where !futilePreemptions.contains(PreemptionKey(shape: s, modelIndex: modelIndex, enterprise: -1)) {
      for slot in slots(for: key, modelIndex: modelIndex) where hasPreemptibleAge(slot: slot, now: now) {
        return true
      }
    }
    return false
  }

  /// Whether any job on the slot has run long enough to be preempted (a cheap test before any search).
  mutating func hasPreemptibleAge(slot: Int, now: Time) -> Bool {
    guard slot < startsBySlot.count else { return false }
    while let oldest = startsBySlot[slot].min {
      if let record = jobs[oldest.job], record.allocation != nil, record.startTime == oldest.start {
        return now - oldest.start >= config.minRuntimeBeforePreemption
      }
      startsBySlot[slot].removeMin()
    }
    return false
  }

  /// The cheapest set of victims that makes room for the job on `nodeCount` nodes, or nil.
  ///
  /// Nodes are looked at most free cards first, so the fewest cards need evicting; the search stops once
  /// `nodeCount` nodes are found that no later node can beat (no more cards evicted than the node's
  /// shortfall). Ties go to the node looked at first. Only the best `nodeCount` nodes so far are kept, and a
  /// node that cannot evict fewer cards than the worst of them is passed by without working out its victims.
  func victimPlan(for record: JobRecord, rank: Rank, modelIndex: Int, reclaim: Bool, now: Time) -> VictimPlan? {
    let key = shapes[Int(record.shape)].key
    let model: ModelID? = key.models.isEmpty ? nil : key.models[modelIndex]
    var search = VictimSearch(
      record: record, rank: rank, reclaim: reclaim, now: now,
      dimension: model.map { Dimension.cards($0) } ?? Dimension.cpu, enterpriseCount: enterprises.count)
    // The best options so far by (cards evicted, order looked at), best first: at most `nodeCount`.
    var best: [(cards: Int, node: Int32, victims: [JobID])] = []
    // Reclaim alone takes only jobs of enterprises that borrow: the index says which nodes hold any.
    let indexed = reclaim && !config.classPreemptionEnabled
    search: for slot in slots(for: key, modelIndex: modelIndex) {
      for freeCards in stride(from: freeIndex.groupCount(slot: slot) - 1, through: 0, by: -1) {
        // Options no later node can beat: no more cards evicted than this group's shortfall.
        let shortfall = max(0, key.cards - freeCards)
        if best.count == key.nodeCount, best[best.count - 1].cards <= shortfall { break search }
        // Short of cards, only nodes where reclaim could take cards can make room (see the filter below).
        let shortOfCards = indexed && model != nil && freeCards < key.cards
        let group = freeIndex.groups[slot][freeCards]
        var walking = shortOfCards ? group.marked(.reclaimable) : group.makeIterator()
        // One card short with an option evicting two kept, only a node with a single-card job to reclaim can
        // do better: the walk goes on among those.
        var singleCardsOnly = false
        while let entry = walking.next() {
          if shortOfCards && !singleCardsOnly && shortfall == 1 && best.count == key.nodeCount
            && best[best.count - 1].cards == 2
          {
            singleCardsOnly = true
            walking = group.entries(from: entry, marked: .singleCard)
            continue
          }
          // A node without room of its own where what reclaim could take falls short, or could not beat the
          // worst option kept (evicting for cards takes at least the shortfall and one job's cards), offers
          // nothing better.
          if indexed && (freeCards < key.cards || entry.freeCpu < key.cpu || entry.freeMemory < key.memory) {
            let n = Int(entry.node)
            if search.dimension == Dimension.cpu {
              let reclaimable = reclaimIndex.perNode[n].cpuShares
              if reclaimable == 0 || entry.freeCpu + reclaimable < key.cpu { continue }
            } else {
              let reclaimable = reclaimIndex.perNode[n].agedCards
              if reclaimable == 0 || freeCards + reclaimable < key.cards { continue }
              if freeCards < key.cards && best.count == key.nodeCount
                && max(key.cards - freeCards, reclaimIndex.perNode[n].smallestAgedCards) >= best[best.count - 1].cards
              {
                continue
              }
            }
          }
          guard canEverHold(entry.node, key, model: model) else { continue }
          // A later node that evicts as many cards as the worst option kept loses the tie.
          let bound = best.count == key.nodeCount ? best[best.count - 1].cards : Int.max
          guard let option = victimOption(on: entry.node, key, search: &search, below: bound) else { continue }
          let position = best.firstIndex { option.cards < $0.cards } ?? best.count
          best.insert((option.cards, entry.node, option.victims), at: position)
          if best.count > key.nodeCount { best.removeLast() }
          if best.count == key.nodeCount, best[best.count - 1].cards <= shortfall { break search }
        }
      }
    }
    guard best.count == key.nodeCount else { return nil }
    var victims: [JobID] = []
    for option in best { for id in option.victims where !victims.contains(id) { victims.append(id) } }
    guard !victims.isEmpty else { return nil }  // room without victims is placement's business, not preemption's
    // Each node's victims leave their enterprises borrowing; a gang's, all together, must too.
    guard key.nodeCount == 1 || takesOnlyWhileBorrowing(victims, search: search) else { return nil }
    return VictimPlan(nodes: best.map(\.node), victims: victims)
  }

  /// What one victim search knows: who preempts, and which enterprises borrow (worked out once each).
  struct VictimSearch {
    var record: JobRecord
    var rank: Rank
    var reclaim: Bool
    var now: Time
    var dimension: Int
    var borrowing: [UInt8]  // per enterprise: 0 unknown, 1 yes, 2 no

    init(record: JobRecord, rank: Rank, reclaim: Bool, now: Time, dimension: Int, enterpriseCount: Int) {
      self.record = record
      self.rank = rank
      self.reclaim = reclaim
      self.now = now
      self.dimension = dimension
      borrowing = [UInt8](repeating: 0, count: enterpriseCount)
    }
  }

  /// The minimal victims that make room for one node's share of the shape on node `n`, and the cards they
  /// hold; nil when no set of victims would do, or when none could hold fewer than `bound` cards.
  func victimOption(on n: Int32, _ key: ShapeKey, search: inout VictimSearch, below bound: Int)
    -> (cards: Int, victims: [JobID])?
  {
    let node = Int(n)
    let needCpu = key.cpu - nodes[node].freeCpu
    let needMemory = key.memory - nodes[node].freeMemory
    let needCards = key.cards - nodes[node].freeCards
    // A node with room already joins a gang's plan without victims.
    if needCpu <= 0 && needMemory <= 0 && needCards <= 0 { return bound > 0 ? (0, []) : nil }
    // What all victims on the node together would free: a node they could not make room on, or where they
    // could not beat `bound`, is passed by without building its candidate list (most nodes).
    var reclaimable = (cpu: 0, memory: 0, cards: 0, count: 0)
    var smallestCards = Int.max
    for run in nodes[node].runs where isVictim(run, search: &search) {
      reclaimable.cpu += run.cpu
      reclaimable.memory += run.memory
      reclaimable.cards += run.cards
      reclaimable.count += 1
      if run.cards > 0 { smallestCards = min(smallestCards, run.cards) }
    }
    guard reclaimable.cpu >= needCpu, reclaimable.memory >= needMemory, reclaimable.cards >= needCards else {
      return nil
    }
    // Evicting for cards takes at least the shortfall, and at least one job holding cards.
    let lowerBound = needCards > 0 ? max(needCards, smallestCards) : 0
    guard lowerBound < bound else { return nil }
    var candidates: [NodeRun] = []
    candidates.reserveCapacity(reclaimable.count)
    for run in nodes[node].runs where isVictim(run, search: &search) { candidates.append(run) }
    guard
      let victims = minimalVictims(
        candidates, on: n, cpu: key.cpu, memory: key.memory, cards: key.cards, search: search)
    else { return nil }
    var cards = 0
    for run in candidates where victims.contains(run.job) { cards += run.cards }
    return (cards, victims)
  }

  /// `isVictim` for a search, working out once per enterprise whether it borrows.
  func isVictim(_ run: NodeRun, search: inout VictimSearch) -> Bool {
    let owner = Int(run.enterprise)
    if run.enterprise != search.record.enterprise && search.reclaim && search.borrowing[owner] == 0 {
      search.borrowing[owner] =
        Quota.isBorrowing(
          usage: enterprises[owner].usage, guaranteed: enterprises[owner].guaranteed, dimension: search.dimension)
        ? 1 : 2
    }
    return isVictim(
      run, of: search.record, rank: search.rank, reclaim: search.reclaim, borrowing: search.borrowing[owner] == 1,
      dimension: search.dimension, now: search.now)
  }

  /// Whether a running job may make way for `record`: old enough, and either borrowing from another
  /// enterprise (reclaim) or of a lower class and priority in the same enterprise (class preemption).
  func isVictim(
    _ run: NodeRun, of record: JobRecord, rank: Rank, reclaim: Bool, borrowing: Bool, dimension: Int,
    now: Time
  ) -> Bool {
    // A job started in this very cycle is never a victim, even with no minimum runtime: no ping-pong.
    guard run.cycle != cycleNumber, now - run.start >= config.minRuntimeBeforePreemption else { return false }
    if run.enterprise != record.enterprise {
      // Reclaim takes back what the victim borrows: it must hold some of the reclaimed resource.
      return reclaim && borrowing && (dimension == Dimension.cpu ? run.cpu > 0 : run.cards > 0)
    }
    guard config.classPreemptionEnabled, let victim = jobs[run.job] else { return false }
    return victim.jobClass < record.jobClass && rank.priority > self.rank(of: victim).priority
  }

  /// Fewest cards, lowest priority, most recent first, until the share fits; then spare whoever is not needed.
  ///
  /// Reclaim takes a job of another enterprise only while that enterprise, with the victims taken before it,
  /// still borrows (as Kueue does): an enterprise is never pushed further below its guarantee than by its
  /// last victim, so its requeued jobs do not in turn reclaim from a third one.
  func minimalVictims(
    _ candidates: [NodeRun], on n: Int32, cpu: Int, memory: Int, cards: Int, search: VictimSearch
  ) -> [JobID]? {
    var needCpu = cpu - nodes[Int(n)].freeCpu
    var needMemory = memory - nodes[Int(n)].freeMemory
    var needCards = cards - nodes[Int(n)].freeCards
    if needCpu <= 0 && needMemory <= 0 && needCards <= 0 { return [] }
    // Even all candidates together would not make room: no need to order them.
    let reclaimable = candidates.reduce((0, 0, 0)) { ($0.0 + $1.cpu, $0.1 + $1.memory, $0.2 + $1.cards) }
    guard reclaimable.0 >= needCpu, reclaimable.1 >= needMemory, reclaimable.2 >= needCards else { return nil }
    let ranked = candidates.map { (run: $0, rank: rank(of: jobs[$0.job]!)) }
    let ordered = ranked.sorted { a, b in
      if a.run.cards != b.run.cards { return a.run.cards < b.run.cards }
      if a.rank != b.rank { return b.rank < a.rank }
      if a.run.start != b.run.start { return a.run.start > b.run.start }
      return a.run.job < b.run.job
    }.map(\.run)
    var taken: [NodeRun] = []
    var borrowed: [(enterprise: Int32, amount: Int)] = []
    for run in ordered where needCpu > 0 || needMemory > 0 || needCards > 0 {
      if run.enterprise != search.record.enterprise {
        // The whole job goes, on all its nodes: its enterprise's use drops by its whole demand.
        let amount = jobs[run.job].map { reclaimedAmount(of: $0, dimension: search.dimension) } ?? 0
        if let i = borrowed.firstIndex(where: { $0.enterprise == run.enterprise }) {
          guard borrowed[i].amount > 0 else { continue }
          borrowed[i].amount -= amount
        } else {
          borrowed.append((run.enterprise, self.borrowed(by: run.enterprise, dimension: search.dimension) - amount))
        }
      }
      taken.append(run)
      needCpu -= run.cpu
      needMemory -= run.memory
      needCards -= run.cards
    }
    guard needCpu <= 0 && needMemory <= 0 && needCards <= 0 else { return nil }
    for position in stride(from: taken.count - 1, through: 0, by: -1) {
      let run = taken[position]
      if needCpu + run.cpu <= 0 && needMemory + run.memory <= 0 && needCards + run.cards <= 0 {
        needCpu += run.cpu
        needMemory += run.memory
        needCards += run.cards
        taken.remove(at: position)
      }
    }
    return taken.map(\.job)
  }

  /// How much more than its guarantee the enterprise uses in `dimension` (negative when it uses less).
  func borrowed(by e: Int32, dimension: Int) -> Int {
    enterprises[Int(e)].usage[dimension] - enterprises[Int(e)].guaranteed[dimension]
  }

  /// What preempting a running job gives back to its enterprise's use in `dimension` (CPU or cards).
  func reclaimedAmount(of record: JobRecord, dimension: Int) -> Int {
    guard let demand = record.allocation?.demand else { return 0 }
    return dimension == Dimension.cpu ? demand.cpu : demand.cards
  }

  /// Whether reclaiming `victims` together takes each other enterprise's jobs only while it still borrows:
  /// with its largest victim taken last, everything before it leaves the enterprise borrowing.
  func takesOnlyWhileBorrowing(_ victims: [JobID], search: VictimSearch) -> Bool {
    var taken: [Int32: (total: Int, largest: Int)] = [:]
    for id in victims {
      guard let record = jobs[id], record.enterprise != search.record.enterprise else { continue }
      let amount = reclaimedAmount(of: record, dimension: search.dimension)
      let sofar = taken[record.enterprise] ?? (0, 0)
      taken[record.enterprise] = (sofar.total + amount, max(sofar.largest, amount))
    }
    return taken.allSatisfy { e, sum in borrowed(by: e, dimension: search.dimension) - (sum.total - sum.largest) > 0 }
  }

  /// Stops a running job for a preemptor: requeued (keeping its submit time) or ended as preempted.
  mutating func preempt(_ victim: JobID, by preemptor: JobID, now: Time, decisions: inout [Decision]) {
    guard let record = jobs[victim] else { return }
    decisions.append(.preempt(victim, by: preemptor, requeued: record.requeue))
    let charged = release(victim, lost: true, now: now, decisions: &decisions)
    if record.requeue {
      requeue(victim)
    } else {
      forget(victim, .preempted, charged: charged, decisions: &decisions)
    }
  }

  /// A released job goes back to the queue.
  mutating func requeue(_ id: JobID) {
    guard let record = jobs[id] else { return }
    enterprises[Int(record.enterprise)].pendingCount += 1
    enqueue(id)
  }
}

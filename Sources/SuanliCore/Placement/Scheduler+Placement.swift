/// Placement as a pipeline, Nomad-style:
/// 1. feasibility — node ready (only ready nodes are in the index), model accepted (the slot), enough free
///    cards (the free-card group), CPU (the group's sort order), memory and labels (checked per node);
/// 2. ranking — best fit: the fewest free cards that suffice, so whole nodes stay free for 8-card jobs, then
///    the least free CPU and memory (the index order);
/// 3. reservations — a node is skipped if using it would delay a higher-priority job's reservation;
/// 4. selection — the first `nodeCount` nodes in that order; ties fall to the lower node number.
extension Scheduler {
  /// The slots to search for a shape on accepted model `modelIndex`: its model's slot, or every slot for a
  /// CPU-only job (nodes without cards first).
  func slots(for key: ShapeKey, modelIndex: Int) -> ClosedRange<Int> {
    guard !key.models.isEmpty else { return 0...models.count }
    let slot = Int(key.models[modelIndex]) + 1
    return slot...slot
  }

  /// `nodeCount` distinct nodes that can take the shape now, best first; nil when there are not enough.
  func findNodes(shape s: Int32, modelIndex: Int, rank: Rank, walltime: Int64, now: Time, respectReservations: Bool)
    -> [Int32]?
  {
    let key = shapes[Int(s)].key
    var chosen: [Int32] = []  // allocated when a node is found
    for slot in slots(for: key, modelIndex: modelIndex) {
      let groupCount = freeIndex.groupCount(slot: slot)
      guard key.cards < groupCount else { continue }
      for freeCards in key.cards..<groupCount {
        for entry in freeIndex.groups[slot][freeCards].entries(withCpuAtLeast: key.cpu) {
          guard entry.freeMemory >= key.memory else { continue }
          guard key.selector.isEmpty || labelsMatch(key.selector, nodes[Int(entry.node)].spec.labels) else { continue }
          if respectReservations && !nodes[Int(entry.node)].reservations.isEmpty
            && !reservationsAllow(
              node: entry.node, job: rank.job, rank: rank, now: now, end: now + walltime, cpu: key.cpu,
              memory: key.memory, cards: key.cards)
          {
            continue
          }
          chosen.append(entry.node)
          if chosen.count == key.nodeCount { return chosen }
        }
      }
    }
    return nil
  }

  func labelsMatch(_ selector: [ShapeKey.Label], _ labels: [String: String]) -> Bool {
    for label in selector where labels[label.key] != label.value { return false }
    return true
  }

  /// Whether node `n` could ever hold one node's share of the shape on `model` (capacity and labels, ignoring
  /// use). For a CPU-only shape pass `model: nil`: any node will do.
  func canEverHold(_ n: Int32, _ key: ShapeKey, model: ModelID?) -> Bool {
    // Field by field: copying the whole spec (strings, labels) would cost more than the test.
    guard model == nil || nodes[Int(n)].model == model else { return false }
    return nodes[Int(n)].spec.cards >= key.cards && nodes[Int(n)].spec.cpuMillis >= key.cpu
      && nodes[Int(n)].spec.memoryMiB >= key.memory
      && (key.selector.isEmpty || labelsMatch(key.selector, nodes[Int(n)].spec.labels))
  }

  /// Why no registered node could ever run the shape, or nil when enough could. Cached per node epoch, and
  /// shared by shapes that differ only in walltime.
  mutating func infeasibility(of s: Int32) -> String? {
    if shapes[Int(s)].feasibilityEpoch == nodeEpoch { return shapes[Int(s)].infeasibleBecause }
    if feasibilityEpoch != nodeEpoch {
      feasibilityCache.removeAll(keepingCapacity: true)
      feasibilityEpoch = nodeEpoch
    }
    let key = shapes[Int(s)].key
    var capacityKey = key
    capacityKey.walltime = 0
    let because: String?
    if let cached = feasibilityCache[capacityKey] {
      because = cached
    } else {
      because = computeInfeasibility(key)
      feasibilityCache[capacityKey] = because
    }
    shapes[Int(s)].feasibilityEpoch = nodeEpoch
    shapes[Int(s)].infeasibleBecause = because
    return because
  }

  private func computeInfeasibility(_ key: ShapeKey) -> String? {
    var because: String? = "no node has \(describe(key)) (model, size or labels)"
    // A CPU-only job may use any node; a card job the nodes of one of its models.
    let candidateModels: [ModelID?] = key.models.isEmpty ? [nil] : key.models
    for model in candidateModels {
      var count = 0
      let candidates =
        model.map { nodesBySlot.count > Int($0) + 1 ? nodesBySlot[Int($0) + 1] : [] } ?? nodesBySlot.flatMap { $0 }
      for n in candidates where nodes[Int(n)].state != .down && canEverHold(n, key, model: model) {
        count += 1
        if count >= key.nodeCount { return nil }
      }
      if count > 0 { because = "only \(count) node(s) could hold \(describe(key)), it needs \(key.nodeCount)" }
    }
    return because
  }

  func describe(_ key: ShapeKey) -> String {
    var parts: [String] = []
    if key.cards > 0 { parts.append("\(key.cards)×\(key.models.map { models.name(of: $0) }.joined(separator: "|"))") }
    parts.append("\(key.cpu)m CPU")
    parts.append("\(key.memory) MiB")
    if !key.selector.isEmpty { parts.append(key.selector.map { "\($0.key)=\($0.value)" }.joined(separator: ",")) }
    return parts.joined(separator: ", ")
  }

  // MARK: Node bookkeeping

  /// Takes a node out of the free index before its free resources change.
  mutating func unindex(_ n: Int32) {
    guard nodes[Int(n)].indexed else { return }
    var entry = nodes[Int(n)].indexEntry
    entry.node = n
    freeIndex.remove(entry, slot: nodes[Int(n)].slot, freeCards: nodes[Int(n)].freeCards)
    reclaimIndex.perNode[Int(n)].listed = false
    reclaimIndex.perNode[Int(n)].listedSingle = false
    nodes[Int(n)].indexed = false
  }

  /// Puts a ready node (back) into the free index.
  mutating func index(_ n: Int32) {
    guard !nodes[Int(n)].indexed, nodes[Int(n)].state == .ready else { return }
    var entry = nodes[Int(n)].indexEntry
    entry.node = n
    // Marked where reclaim could take cards (see `listReclaimable`): all its figures call for, as an unindexed
    // node's flags say it has none.
    entry.marks = reclaimMarks(lackedBy: n)
    noteListed(n, entry.marks)
    freeIndex.insert(entry, slot: nodes[Int(n)].slot, freeCards: nodes[Int(n)].freeCards)
    nodes[Int(n)].indexed = true
    cacheCardTimes(n)
  }

  /// Works out node `n`'s card times (`Scheduler.cardTimeTrees`): its free cards now, then the cards of its jobs
  /// in order of end. They go to its leaf in the tree of its slot, where it gets a leaf the first time (a node
  /// that moved to another slot leaves the old tree).
  private mutating func cacheCardTimes(_ n: Int32) {
    let i = Int(n)
    let slot = nodes[i].slot
    if nodes[i].cardLeafSlot != slot {
      if nodes[i].cardLeaf >= 0 { cardTimeTrees[nodes[i].cardLeafSlot].remove(leaf: nodes[i].cardLeaf) }
      while cardTimeTrees.count <= slot { cardTimeTrees.append(CardTimeTree()) }
      nodes[i].cardLeaf = cardTimeTrees[slot].add(n)
      nodes[i].cardLeafSlot = slot
    }
    withUnsafeTemporaryAllocation(of: Time.self, capacity: Self.cachedCardCounts) { times in
      var free = nodes[i].freeCards
      var k = 1
      while k <= min(free, times.count) {
        times[k - 1] = .min
        k += 1
      }
      for run in nodes[i].runs where k <= times.count {
        free += run.cards
        while k <= min(free, times.count) {
          times[k - 1] = run.end
          k += 1
        }
      }
      while k <= times.count {
        times[k - 1] = .max
        k += 1
      }
      cardTimeTrees[slot].set(leaf: nodes[i].cardLeaf, times: times)
    }
  }

  /// Gives a job its share of a node: the lowest free card indices, CPU and memory.
  mutating func occupy(
    _ n: Int32, job: JobID, enterprise: Int32, start: Time, end: Time, cpu: Int, memory: Int,
    cards: Int
  ) -> UInt64 {
    unindex(n)
    var mask: UInt64 = 0
    var free = ~nodes[Int(n)].usedCards & Self.capacityMask(nodes[Int(n)].spec.cards)
    for _ in 0..<cards {
      let bit = free & (~free &+ 1)
      mask |= bit
      free &= ~bit
    }
    nodes[Int(n)].usedCards |= mask
    nodes[Int(n)].freeCards -= cards
    nodes[Int(n)].freeCpu -= cpu
    nodes[Int(n)].freeMemory -= memory
    let run = NodeRun(
      job: job, end: end, start: start, cycle: cycleNumber, cpu: cpu, memory: memory, cards: cards,
      enterprise: enterprise)
    var position = nodes[Int(n)].runs.count
    while position > 0, nodes[Int(n)].runs[position - 1].end > end { position -= 1 }
    nodes[Int(n)].runs.insert(run, at: position)
    reclaimIndexAdd(run: position, on: n)
    index(n)
    return mask
  }

  /// Returns a job's share of a node.
  mutating func vacate(_ n: Int32, job: JobID, mask: UInt64) {
    unindex(n)
    if let position = nodes[Int(n)].runs.firstIndex(where: { $0.job == job }) {
      let run = nodes[Int(n)].runs.remove(at: position)
      reclaimIndexRemove(run, on: n)
      nodes[Int(n)].freeCpu += run.cpu
      nodes[Int(n)].freeMemory += run.memory
      nodes[Int(n)].freeCards += run.cards
    }
    nodes[Int(n)].usedCards &= ~mask
    index(n)
  }

  static func capacityMask(_ cards: Int) -> UInt64 { cards >= 64 ? .max : (UInt64(1) << UInt64(cards)) - 1 }
}

internal import HeapModule

/// Which nodes hold jobs that reclaim could take back.
///
/// Per node: the CPU held by jobs of enterprises that borrow CPU; and, counting only jobs old enough to be
/// victims, the cards held by jobs of enterprises that borrow cards of the node's model, and the fewest cards
/// one such job holds. A victim search for reclaim passes by, with an array read or two, every node where
/// these fall short of the job's share or could not beat the nodes already found: after the reclaim wave
/// most nodes run only jobs within their enterprises' guarantees.
///
/// Kept exact on every start and end of a job's share of a node, and as jobs come of age (at each cycle, jobs
/// that started at or before `now - minRuntimeBeforePreemption`). An enterprise whose use crosses its
/// guarantee has its shares counted in when a victim search next reads the index in that dimension, and out
/// only at the next priority recalculation (`settleReclaimIndex`): an enterprise hovering at its guarantee
/// crosses it at nearly every start and end of one of its jobs, and each crossing would touch every node it
/// runs on. Until then the index may count jobs of an enterprise that no longer borrows, never miss one that
/// does. The per-job checks of the search still apply: the index only says where nothing can be found.
struct ReclaimIndex: Sendable {
  /// One job's share of one node, as its enterprise's list remembers it.
  struct Share: Sendable {
    var node: Int32
    var job: JobID
    /// The node's model, or -1 without cards; the cards (0 on a node without cards) and CPU the share holds.
    var model: ModelID
    var cards: Int
    var cpu: Int
    var start: Time
  }

  /// A job's start on a node, waiting to come of age.
  struct Start: Comparable, Sendable {
    var time: Time
    var node: Int32
    static func < (a: Start, b: Start) -> Bool { (a.time, a.node) < (b.time, b.node) }
  }

  /// One node's figures, together: a rise walks hundreds of nodes at random, and reads one record of each.
  struct NodeFigures: Sendable {
    /// CPU held by jobs whose enterprise borrows CPU.
    fileprivate(set) var cpuShares = 0
    /// Cards held by jobs old enough to be victims whose enterprise borrows cards of the node's model.
    fileprivate(set) var agedCards = 0
    /// The fewest cards held by one of those jobs (`Int.max` when none): evicting for cards there takes at
    /// least this many.
    fileprivate(set) var smallestAgedCards = Int.max
    /// Whether it is marked reclaimable in the scheduler's free index (`FreeIndex.Marks`).
    var listed = false
    /// Whether it is marked there as holding a single card to reclaim.
    var listedSingle = false
  }

  /// Per node, its figures.
  var perNode: [NodeFigures] = []
  /// Jobs that started at or before this time count as old enough (it only grows).
  private(set) var agedThrough: Time = .min
  /// Starts after `agedThrough`, earliest first (entries of jobs that ended since are harmless).
  private var starts = Heap<Start>()
  /// Per enterprise and slot (0: nodes without cards, model + 1): its shares, in no particular order. A rise in
  /// cards of one model walks only the shares on that model's nodes.
  private var shares: [[[Share]]] = []
  /// Per enterprise: whether it borrows CPU, and cards per model (dimension `Dimension.cards(m)`), as counted.
  private var borrows: [[Bool]] = []
  /// Per dimension: the enterprises whose use went above the guarantee there since they were last counted,
  /// and those whose use came back to it or below (see `Scheduler.settleReclaimIndex`). Either may have crossed
  /// back.
  private var rises: [Set<Int32>] = []
  private var returns: [Set<Int32>] = []

  /// The enterprise's use crossed its guarantee in `dimension`, up (`borrowing`) or back down.
  mutating func noteCrossing(_ e: Int32, _ dimension: Int, borrowing: Bool) {
    if borrowing { rises.insert(e, dimension: dimension) } else { returns.insert(e, dimension: dimension) }
  }

  /// The dimensions with crossings noted are below this.
  var dimensionsNoted: Int { max(rises.count, returns.count) }

  /// The enterprises whose use rose above the guarantee in `dimension` since last asked (and, with
  /// `includingReturns`, those whose use came back), in order.
  mutating func takeCrossings(in dimension: Int, includingReturns: Bool) -> [Int32] {
    var crossed = rises.take(dimension: dimension)
    if includingReturns { crossed.formUnion(returns.take(dimension: dimension)) }
    return crossed.sorted()
  }

  init(agedThrough: Time = .min) { self.agedThrough = agedThrough }

  mutating func addNode() { perNode.append(NodeFigures()) }

  /// Whether the enterprise borrows in `dimension`, as counted.
  func borrows(_ e: Int32, _ dimension: Int) -> Bool {
    guard Int(e) < borrows.count else { return false }
    let flags = borrows[Int(e)]
    return dimension < flags.count && flags[dimension]
  }

  /// A job's share of a node began.
  /// Returns where the share is in the enterprise's list (its run keeps it, for `remove`).
  mutating func add(_ share: Share, enterprise e: Int32, start: Time) -> Int32 {
    let slot = Int(share.model) + 1
    while shares.count <= Int(e) { shares.append([]) }
    while shares[Int(e)].count <= slot { shares[Int(e)].append([]) }
    shares[Int(e)][slot].append(share)
    if borrows(e, Dimension.cpu) { perNode[Int(share.node)].cpuShares += share.cpu }
    if start > agedThrough { starts.insert(Start(time: start, node: share.node)) }
    return Int32(shares[Int(e)][slot].count - 1)
  }

  /// The share at `position` in the enterprise's list for `slot`, if there is one (for the tests).
  func share(at position: Int32, enterprise e: Int32, slot: Int) -> Share? {
    guard Int(e) < shares.count, slot < shares[Int(e)].count, shares[Int(e)][slot].indices.contains(Int(position))
    else { return nil }
    return shares[Int(e)][slot][Int(position)]
  }

  /// How many shares the lists hold (for the tests).
  var shareCount: Int { shares.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }

  /// A job's share of a node of `slot` ended: the one at `position` in its enterprise's list for the slot. The
  /// last share there takes its place: returned, for its run to learn its new position.
  mutating func remove(at position: Int32, enterprise e: Int32, slot: Int) -> Share? {
    let i = Int(position)
    precondition(slot < shares[Int(e)].count && i < shares[Int(e)][slot].count, "a run knows where its share is")
    let share = shares[Int(e)][slot][i]
    if borrows(e, Dimension.cpu) { perNode[Int(share.node)].cpuShares -= share.cpu }
    let last = shares[Int(e)][slot].removeLast()
    guard i < shares[Int(e)][slot].count else { return nil }
    shares[Int(e)][slot][i] = last
    return last
  }

  /// The enterprise now does (or no longer does) borrow in `dimension`: its shares there count in (or out).
  /// Returns the nodes whose card figures must be worked out again: when it starts to borrow, its old enough
  /// shares count in right here (figures only grow), and only nodes that had none to reclaim, or none of a
  /// single card, are returned (to be listed).
  mutating func setBorrowing(_ e: Int32, _ dimension: Int, _ borrowing: Bool) -> [Int32] {
    while borrows.count <= Int(e) { borrows.append([]) }
    guard borrows(e, dimension) != borrowing else { return [] }
    if dimension >= borrows[Int(e)].count {
      borrows[Int(e)].append(contentsOf: repeatElement(false, count: dimension + 1 - borrows[Int(e)].count))
    }
    borrows[Int(e)][dimension] = borrowing
    guard Int(e) < shares.count else { return [] }
    var touched: [Int32] = []
    if dimension == Dimension.cpu {
      for slot in shares[Int(e)].indices {
        for share in shares[Int(e)][slot] { perNode[Int(share.node)].cpuShares += (borrowing ? 1 : -1) * share.cpu }
      }
      return touched
    }
    // Cards of model m: the shares on nodes of slot m + 1 (`Dimension.cards(m)` is m + 2).
    let slot = dimension - 1
    guard dimension >= Dimension.cards(0), slot < shares[Int(e)].count else { return touched }
    if !borrowing { touched.reserveCapacity(shares[Int(e)][slot].count) }  // every node with cards, then
    for share in shares[Int(e)][slot] where share.cards > 0 {
      let n = Int(share.node)
      guard borrowing else {
        touched.append(share.node)
        continue
      }
      guard share.start <= agedThrough else { continue }
      if perNode[n].agedCards == 0 || (share.cards == 1 && perNode[n].smallestAgedCards != 1) {
        touched.append(share.node)
      }
      perNode[n].agedCards += share.cards
      perNode[n].smallestAgedCards = min(perNode[n].smallestAgedCards, share.cards)
    }
    return touched
  }

  /// Jobs that started at or before `time` come of age: returns the nodes whose card figures must be worked
  /// out again.
  mutating func age(through time: Time) -> [Int32] {
    guard time > agedThrough else { return [] }
    agedThrough = time
    var touched: [Int32] = []
    while let first = starts.min, first.time <= time {
      touched.append(first.node)
      starts.removeMin()
    }
    return touched
  }

  mutating func setCards(_ n: Int32, aged: Int, smallest: Int) {
    perNode[Int(n)].agedCards = aged
    perNode[Int(n)].smallestAgedCards = smallest
  }

  /// The per-node figures, for comparing an index with a rebuild.
  var figures: [[Int]] { [perNode.map(\.cpuShares), perNode.map(\.agedCards), perNode.map(\.smallestAgedCards)] }
}

extension Scheduler {
  /// Notes whether an enterprise's use (after it changed by `demand`) crossed its guarantee, for the reclaim
  /// index to count when it is next read.
  mutating func updateBorrowing(of e: Int32, after demand: Demand) {
    noteCrossing(of: e, Dimension.cpu)
    if let model = demand.model, demand.cards > 0 { noteCrossing(of: e, Dimension.cards(model)) }
  }

  private mutating func noteCrossing(of e: Int32, _ dimension: Int) {
    let borrowing = Quota.isBorrowing(
      usage: enterprises[Int(e)].usage, guaranteed: enterprises[Int(e)].guaranteed, dimension: dimension)
    if borrowing != reclaimIndex.borrows(e, dimension) {
      reclaimIndex.noteCrossing(e, dimension, borrowing: borrowing)
    }
  }

  /// Counts the crossings noted since the index was last read that still hold, in every dimension: an
  /// enterprise that now borrows has its shares counted in; one that no longer does, out only
  /// `includingReturns` (a use that crossed back changes nothing).
  mutating func settleReclaimIndex(includingReturns: Bool = false) {
    for dimension in 0..<reclaimIndex.dimensionsNoted {
      settleReclaimIndex(in: dimension, includingReturns: includingReturns)
    }
  }

  /// `settleReclaimIndex` in one dimension: what a victim search in that dimension reads (its other figures
  /// wait for a search that reads them; an enterprise may cross back before, and cost nothing).
  mutating func settleReclaimIndex(in dimension: Int, includingReturns: Bool = false) {
    // In a fixed order: a set's order differs from one process to the next, and decisions must not.
    var risen: [Int32] = []
    for e in reclaimIndex.takeCrossings(in: dimension, includingReturns: includingReturns) {
      let borrowing = Quota.isBorrowing(
        usage: enterprises[Int(e)].usage, guaranteed: enterprises[Int(e)].guaranteed, dimension: dimension)
      let touched = reclaimIndex.setBorrowing(e, dimension, borrowing)
      if borrowing {
        risen.append(contentsOf: touched)
      } else {
        for n in touched { refreshReclaimableCards(on: n) }
      }
    }
    // Only a rise in cards lists nodes: those of the model's slot, m + 1 (`Dimension.cards(m)` is m + 2).
    if dimension >= Dimension.cards(0) { listReclaimable(risen, slot: dimension - 1) }
  }

  /// Jobs that started long enough before `now` come of age in the reclaim index.
  mutating func ageReclaimIndex(at now: Time) {
    for n in reclaimIndex.age(through: now - config.minRuntimeBeforePreemption) { refreshReclaimableCards(on: n) }
  }

  /// Lists the nodes of `slot` whose figures rises grew (see `ReclaimIndex.setBorrowing`). Rises may list a
  /// thousand nodes: beyond a few, they are marked in one walk over the slot's free index.
  private mutating func listReclaimable(_ risen: [Int32], slot: Int) {
    guard !risen.isEmpty, risen.count * 32 >= freeIndex.entryCount(slot: slot) else {
      for n in risen { listReclaimable(n) }
      return
    }
    var wanted = [FreeIndex.Marks](repeating: [], count: nodes.count)
    for n in risen { wanted[Int(n)] = reclaimMarks(lackedBy: n) }
    for (n, marks) in freeIndex.mark(slot: slot, wanted: wanted) { noteListed(n, marks) }
  }

  /// Works out again, from node `n`'s jobs, the cards reclaim could take there and the fewest one job holds.
  mutating func refreshReclaimableCards(on n: Int32) {
    var aged = 0
    var smallest = Int.max
    if let model = nodes[Int(n)].model {
      let dimension = Dimension.cards(model)
      let agedThrough = reclaimIndex.agedThrough
      for run in nodes[Int(n)].runs
      where run.cards > 0 && run.start <= agedThrough && reclaimIndex.borrows(run.enterprise, dimension) {
        aged += run.cards
        smallest = min(smallest, run.cards)
      }
    }
    reclaimIndex.setCards(n, aged: aged, smallest: smallest)
    listReclaimable(n)
  }

  /// An indexed node with cards to reclaim is marked so in the free index (`FreeIndex.Marks`), as is one with a
  /// single card to reclaim: a reclaim search short of cards walks only those. The marks go when the node's free
  /// resources next change (`unindex`), not before: enterprises that cross their guarantee back and forth cost
  /// nothing here.
  private mutating func listReclaimable(_ n: Int32) {
    guard nodes[Int(n)].indexed else { return }
    let marks = reclaimMarks(lackedBy: n)
    guard !marks.isEmpty else { return }
    noteListed(n, marks)
    var entry = nodes[Int(n)].indexEntry
    entry.node = n
    freeIndex.mark(entry, slot: nodes[Int(n)].slot, freeCards: nodes[Int(n)].freeCards, with: marks)
  }

  /// The marks node `n`'s figures call for that it lacks in the free index, as its flags say.
  @inline(__always)
  func reclaimMarks(lackedBy n: Int32) -> FreeIndex.Marks {
    let figures = reclaimIndex.perNode[Int(n)]
    var marks = FreeIndex.Marks()
    guard figures.agedCards > 0 else { return marks }
    if !figures.listed { marks.insert(.reclaimable) }
    if figures.smallestAgedCards == 1 && !figures.listedSingle { marks.insert(.singleCard) }
    return marks
  }

  /// Node `n` was given these marks in the free index: its flags say so.
  mutating func noteListed(_ n: Int32, _ marks: FreeIndex.Marks) {
    if marks.contains(.reclaimable) { reclaimIndex.perNode[Int(n)].listed = true }
    if marks.contains(.singleCard) { reclaimIndex.perNode[Int(n)].listedSingle = true }
  }

  /// A job's share of node `n` began (`occupy` has added its run, at `position` in the node's runs).
  mutating func reclaimIndexAdd(run position: Int, on n: Int32) {
    let run = nodes[Int(n)].runs[position]
    nodes[Int(n)].runs[position].share = reclaimIndex.add(
      share(of: run, on: n), enterprise: run.enterprise, start: run.start)
    refreshReclaimableCards(on: n)
  }

  /// A job's share of node `n` ended (`vacate` has removed its run).
  mutating func reclaimIndexRemove(_ run: NodeRun, on n: Int32) {
    if let moved = reclaimIndex.remove(at: run.share, enterprise: run.enterprise, slot: nodes[Int(n)].slot),
      let k = nodes[Int(moved.node)].runs.firstIndex(where: { $0.job == moved.job })
    {
      nodes[Int(moved.node)].runs[k].share = run.share
    }
    refreshReclaimableCards(on: n)
  }

  /// Rebuilds the reclaim index from the nodes' jobs and every enterprise's use (guarantees changed). Jobs keep
  /// the age the index had reached.
  mutating func rebuildReclaimIndex() {
    var index = ReclaimIndex(agedThrough: reclaimIndex.agedThrough)
    for _ in nodes.indices { index.addNode() }
    for e in enterprises.indices {
      let usage = enterprises[e].usage
      for dimension in 0..<max(usage.values.count, enterprises[e].guaranteed.values.count) {
        let borrowing = Quota.isBorrowing(usage: usage, guaranteed: enterprises[e].guaranteed, dimension: dimension)
        if borrowing { _ = index.setBorrowing(Int32(e), dimension, true) }
      }
    }
    for n in nodes.indices {
      for k in nodes[n].runs.indices {
        let run = nodes[n].runs[k]
        nodes[n].runs[k].share = index.add(share(of: run, on: Int32(n)), enterprise: run.enterprise, start: run.start)
      }
    }
    reclaimIndex = index
    freeIndex.removeMarks()
    for n in nodes.indices { refreshReclaimableCards(on: Int32(n)) }
  }

  func share(of run: NodeRun, on n: Int32) -> ReclaimIndex.Share {
    ReclaimIndex.Share(
      node: n, job: run.job, model: nodes[Int(n)].model ?? -1, cards: nodes[Int(n)].model == nil ? 0 : run.cards,
      cpu: run.cpu, start: run.start)
  }
}

extension Scheduler {
  /// Whether the reclaim index says what a rebuild from the nodes' jobs would: every run knows its share, the
  /// figures match, and the free index marks every node with cards (a single card) to reclaim, as its flags say
  /// (checked by the tests).
  func reclaimIndexIsExact() -> Bool {
    // Every run knows where its share is, and there is no other.
    var runs = 0
    for n in nodes.indices {
      for run in nodes[n].runs {
        runs += 1
        guard let share = reclaimIndex.share(at: run.share, enterprise: run.enterprise, slot: nodes[n].slot),
          share.node == Int32(n) && share.job == run.job
        else { return false }
      }
    }
    guard runs == reclaimIndex.shareCount else { return false }
    var settled = self
    settled.settleReclaimIndex(includingReturns: true)
    return settled.settledReclaimIndexIsExact()
  }

  private func settledReclaimIndexIsExact() -> Bool {
    var rebuilt = self
    rebuilt.rebuildReclaimIndex()
    // Marked nodes: those the flags say, and among them every node a rebuild marks (a node marked since may
    // have nothing left to reclaim).
    func marksExactly(_ marks: FreeIndex.Marks, flags: [Bool], _ counts: (Int32) -> Bool) -> Bool {
      let marked = freeIndex.contents(marked: marks)
      let nodes = marked.values.flatMap { $0.map(\.node) }
      let counted = marked.mapValues { $0.filter { counts($0.node) } }.filter { !$0.value.isEmpty }
      return nodes.allSatisfy { flags[Int($0)] } && nodes.count == flags.filter { $0 }.count
        && rebuilt.freeIndex.contents(marked: marks).mapValues { $0.map(\.node) }
          == counted.mapValues {
            $0.map(\.node)
          }
    }
    return rebuilt.reclaimIndex.figures == reclaimIndex.figures && freeIndex.marksAreCounted
      && marksExactly(.reclaimable, flags: reclaimIndex.perNode.map(\.listed)) {
        reclaimIndex.perNode[Int($0)].agedCards > 0
      }
      && marksExactly(.singleCard, flags: reclaimIndex.perNode.map(\.listedSingle)) {
        reclaimIndex.perNode[Int($0)].smallestAgedCards == 1
      }
  }
}

extension [Set<Int32>] {
  fileprivate mutating func insert(_ e: Int32, dimension: Int) {
    while count <= dimension { append([]) }
    self[dimension].insert(e)
  }

  fileprivate mutating func take(dimension: Int) -> Set<Int32> {
    guard dimension < count, !self[dimension].isEmpty else { return [] }
    defer { self[dimension] = [] }
    return self[dimension]
  }
}

/// Which nodes hold jobs that reclaim could take back: per node, how many cards (CPU) are held by jobs of
/// enterprises that borrow cards of the node's model (CPU).
///
/// A victim search for reclaim passes by, at the cost of one array read, every node where these together with
/// the free room fall short of the job's share: after the reclaim wave most nodes run only jobs within their
/// enterprises' guarantees. The sums ignore age and the cycle a job started in (the search checks those); they are kept
/// exact on every start and end of a job's share of a node, and when an enterprise's use crosses its guarantee
/// (then each of its shares is counted in or out).
struct ReclaimIndex: Sendable {
  /// One job's share of one node, as its enterprise's list remembers it.
  struct Share: Sendable {
    var node: Int32
    var job: JobID
    /// The node's model, or -1 without cards; the cards (0 on a node without cards) and CPU the share holds.
    var model: ModelID
    var cards: Int
    var cpu: Int
  }

  /// Per node: cards held by jobs whose enterprise borrows cards of the node's model.
  private(set) var cardShares: [Int] = []
  /// Per node: CPU held by jobs whose enterprise borrows CPU.
  private(set) var cpuShares: [Int] = []
  /// Per enterprise: its shares, in no particular order.
  private var shares: [[Share]] = []
  /// Per enterprise: whether it borrows CPU, and cards per model (dimension `Dimension.cards(m)`), as counted.
  private var borrows: [[Bool]] = []

  /// What reclaim in `dimension` (CPU, or the cards of the node's model) might take on node `n`, at most.
  func reclaimable(node n: Int32, dimension: Int) -> Int {
    dimension == Dimension.cpu ? cpuShares[Int(n)] : cardShares[Int(n)]
  }

  mutating func addNode() {
    cardShares.append(0)
    cpuShares.append(0)
  }

  /// Whether the enterprise borrows in `dimension`, as counted.
  func borrows(_ e: Int32, _ dimension: Int) -> Bool {
    let flags = borrows[Int(e)]
    return dimension < flags.count && flags[dimension]
  }

  /// A job's share of a node began.
  mutating func add(_ share: Share, enterprise e: Int32) {
    while shares.count <= Int(e) { shares.append([]) }
    shares[Int(e)].append(share)
    count(share, enterprise: e, sign: 1)
  }

  /// A job's share of a node ended.
  mutating func remove(node n: Int32, job: JobID, enterprise e: Int32) {
    guard let position = shares[Int(e)].lastIndex(where: { $0.node == n && $0.job == job }) else { return }
    let share = shares[Int(e)][position]
    shares[Int(e)].swapAt(position, shares[Int(e)].count - 1)
    shares[Int(e)].removeLast()
    count(share, enterprise: e, sign: -1)
  }

  /// The enterprise now does (or no longer does) borrow in `dimension`: its shares there count in (or out).
  mutating func setBorrowing(_ e: Int32, _ dimension: Int, _ borrowing: Bool) {
    while borrows.count <= Int(e) { borrows.append([]) }
    guard borrows(e, dimension) != borrowing else { return }
    if dimension >= borrows[Int(e)].count {
      borrows[Int(e)].append(contentsOf: repeatElement(false, count: dimension + 1 - borrows[Int(e)].count))
    }
    borrows[Int(e)][dimension] = borrowing
    guard Int(e) < shares.count else { return }
    let sign = borrowing ? 1 : -1
    for share in shares[Int(e)] {
      if dimension == Dimension.cpu {
        cpuShares[Int(share.node)] += sign * share.cpu
      } else if share.cards > 0 && Dimension.cards(share.model) == dimension {
        cardShares[Int(share.node)] += sign * share.cards
      }
    }
  }

  private mutating func count(_ share: Share, enterprise e: Int32, sign: Int) {
    guard Int(e) < borrows.count else { return }
    if borrows(e, Dimension.cpu) { cpuShares[Int(share.node)] += sign * share.cpu }
    if share.cards > 0 && borrows(e, Dimension.cards(share.model)) {
      cardShares[Int(share.node)] += sign * share.cards
    }
  }
}

extension Scheduler {
  /// Keeps the reclaim index in step with an enterprise's use (after it changed by `demand`).
  mutating func updateBorrowing(of e: Int32, after demand: Demand) {
    let record = enterprises[Int(e)]
    let cpu = Quota.isBorrowing(usage: record.usage, guaranteed: record.guaranteed, dimension: Dimension.cpu)
    reclaimIndex.setBorrowing(e, Dimension.cpu, cpu)
    if let model = demand.model, demand.cards > 0 {
      let dimension = Dimension.cards(model)
      let cards = Quota.isBorrowing(usage: record.usage, guaranteed: record.guaranteed, dimension: dimension)
      reclaimIndex.setBorrowing(e, dimension, cards)
    }
  }

  /// Rebuilds the reclaim index from the nodes' jobs and every enterprise's use (guarantees changed).
  mutating func rebuildReclaimIndex() {
    var index = ReclaimIndex()
    for _ in nodes.indices { index.addNode() }
    for e in enterprises.indices {
      let usage = enterprises[e].usage
      for dimension in 0..<max(usage.values.count, enterprises[e].guaranteed.values.count) {
        let borrowing = Quota.isBorrowing(usage: usage, guaranteed: enterprises[e].guaranteed, dimension: dimension)
        if borrowing { index.setBorrowing(Int32(e), dimension, true) }
      }
    }
    for n in nodes.indices {
      for run in nodes[n].runs {
        index.add(share(of: run, on: Int32(n)), enterprise: run.enterprise)
      }
    }
    reclaimIndex = index
  }

  func share(of run: NodeRun, on n: Int32) -> ReclaimIndex.Share {
    ReclaimIndex.Share(
      node: n, job: run.job, model: nodes[Int(n)].model ?? -1, cards: nodes[Int(n)].model == nil ? 0 : run.cards,
      cpu: run.cpu)
  }
}

extension Scheduler {
  /// Whether the reclaim index counts what a rebuild from the nodes' jobs would (checked by the tests).
  func reclaimIndexIsExact() -> Bool {
    var rebuilt = self
    rebuilt.rebuildReclaimIndex()
    return rebuilt.reclaimIndex.cardShares == reclaimIndex.cardShares
      && rebuilt.reclaimIndex.cpuShares == reclaimIndex.cpuShares
  }
}

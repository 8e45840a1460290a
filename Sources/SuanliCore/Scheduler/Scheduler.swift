internal import DequeModule
internal import HeapModule

/// Suanli's scheduling core: a pure, deterministic state machine.
///
/// Feed it events with `handle(_:at:)` and run `cycle(at:)` to get decisions. It reads no clock, does no I/O
/// and holds no randomness: the same configuration, events and times always give the same decisions.
///
/// How a cycle stays cheap on a big queue: pending jobs are grouped into *shapes* (identical requests) and,
/// within a shape, *buckets* (one enterprise, one class — a FIFO). A cycle pops shapes in priority order of
/// their best job; a shape that cannot be placed is *parked* as a whole until room frees on a node of one of
/// its models, and a bucket that hits its enterprise's quota or budget is parked until that enterprise's use
/// or credits change. One event therefore costs work in proportion to what it changed, not to the queue.
public struct Scheduler: Sendable {
  public internal(set) var config: SchedulerConfig
  public internal(set) var prices: PriceTable

  var models = ModelRegistry()
  var enterprises: [EnterpriseRecord] = []
  var enterpriseIndex: [String: Int32] = [:]
  var nodes: [NodeRecord] = []
  var nodeIndex: [String: Int32] = [:]
  var jobs: [JobID: JobRecord] = [:]

  var shapes: [ShapeRecord] = []
  var shapeIndex: [ShapeKey: Int32] = [:]
  var buckets: [BucketRecord] = []
  var bucketIndex: [BucketKey: Int32] = [:]
  /// Active shapes, best head first (lazy: entries whose generation is stale are skipped).
  var shapeHeap = Heap<HeapEntry>()
  /// Enterprises whose room or credits cover watched buckets, by the best of them (`Scheduler+Wakes`; lazy, like
  /// `shapeHeap`).
  var enterpriseWakes = Heap<HeapEntry>()
  /// Shapes and buckets waiting for room, by family (`WaiterFamily`), lane (selector and slot: `LaneKey`) and
  /// cards needed per node, best first.
  var waitingForRoom: [[[Heap<Waiter>]]] = []
  var laneKeys: [LaneKey] = []
  var laneIndex: [LaneKey: Int] = [:]
  /// The kinds of node by what decides the lanes they serve (slot and labels), and those lanes.
  var nodeKinds: [NodeKind] = []
  var nodeKindIndex: [NodeKind.Key: Int32] = [:]
  /// The label selectors of the shapes (the first is the empty one).
  var selectorGroups: [[ShapeKey.Label]] = [[]]
  var selectorGroupIndex: [[ShapeKey.Label]: Int32] = [[]: 0]
  /// Blocked shapes whose job ranked below the reservations held: the best comes back when one goes.
  var waitingForReservationSlot = Heap<Waiter>()
  /// Shapes the current cycle already woke for a free reservation slot (put back at its end).
  var lookedAtForSlot: [Waiter] = []
  /// Nodes on which room freed since the cycle last looked.
  var nodesWithRoom: [Int32] = []
  /// Nodes on which room freed that the current cycle looked at.
  var roomsOfCycle: [Int32] = []
  var freeIndex = FreeIndex()
  var reservations: [JobID: Reservation] = [:]
  /// Reserved jobs by rank, best first: at most `backfillDepth`.
  var reservationOrder: [Rank] = []

  /// Running jobs by start time, per slot (lazy): tells at once whether any job is old enough to preempt.
  var startsBySlot: [Heap<StartEntry>] = []
  /// Preemption plans that found no victims in the current cycle, by shape and model (and, for class
  /// preemption, enterprise): not searched again until the next cycle.
  var futilePreemptions: Set<PreemptionKey> = []
  /// Nodes holding jobs that reclaim could take back (of enterprises that borrow).
  var reclaimIndex = ReclaimIndex()
  static let cachedCardCounts = 8
  /// Per slot, its nodes' card times: for k = 1…`cachedCardCounts`, when k cards will be free on each as running
  /// jobs end at their walltime (`Time.min`: now; `Time.max`: never), worked out when the node is (re)indexed.
  /// Kept as a tree, so that a backfill reservation finds the nodes whose cards free up first without a look at
  /// every node of the model (`earliestStart`).
  var cardTimeTrees: [CardTimeTree] = []

  struct StartEntry: Comparable, Hashable, Sendable {
    var start: Time
    var job: JobID
    static func < (a: StartEntry, b: StartEntry) -> Bool { (a.start, a.job) < (b.start, b.job) }
  }

  struct PreemptionKey: Hashable, Sendable {
    var shape: Int32
    var modelIndex: Int
    var enterprise: Int32  // -1 for reclaim, whose victims do not depend on who reclaims
  }

  /// Every registered node by slot (0: without cards, model + 1), whatever its state.
  var nodesBySlot: [[Int32]] = []
  /// Feasibility by shape capacity (walltime zeroed), valid for `feasibilityEpoch`.
  var feasibilityCache: [ShapeKey: String?] = [:]
  var feasibilityEpoch: UInt64 = .max

  /// First pass of a cycle: only jobs that keep their enterprise within its guarantee start (as Kueue admits
  /// non-borrowing workloads first); shapes whose best job would borrow wait in `deferredShapes` for the second.
  var admitBorrowing = true
  var deferredShapes: [Int32] = []
  /// Buckets within their guarantee that the first pass found would borrow: back among those within their
  /// guarantee when the second pass starts.
  var setAsideBuckets: [Int32] = []

  /// Strict order (`SchedulerConfig.strictOrder`): the rank of the best job this cycle found no room for; no
  /// job ranked below it starts.
  var orderBarrier: Rank?
  /// Strict order: shapes parked for room, looked at again in rank order at the start of every cycle (a
  /// blocked head must stop lower jobs even when the room that freed is not enough for it).
  var strictlyParked: [Int32] = []

  /// Counts cycles, so a job started in this cycle is known (never a victim in the cycle that started it).
  var cycleNumber: UInt64 = 0
  /// The last queue generation given out. Each join or leave of the queue gives its job a new one, unique across
  /// jobs: an entry left in a bucket by a job that was then forgotten is never taken for a later job with the
  /// same ID (the daemon may reuse the IDs of a refused batch).
  var queueGenerations: UInt64 = 0

  /// Bumped when nodes appear, change or change state: cached feasibility is recomputed.
  var nodeEpoch: UInt64 = 0
  /// Priorities are evaluated at this time until the next recalculation.
  public internal(set) var snapshotTime: Time = 0
  var lastRecalc: Time = .min

  struct BucketKey: Hashable, Sendable {
    var shape: Int32
    var enterprise: Int32
    var jobClass: JobClass
  }

  public init(
    config: SchedulerConfig = SchedulerConfig(), prices: PriceTable = PriceTable(),
    enterprises specs: [EnterpriseSpec] = []
  ) throws(CoreError) {
    self.config = config
    self.prices = prices
    try Self.validate(config)
    try reconfigure(enterprises: specs, prices: prices, config: config)
    // The first set of an element type to be filled makes the Swift runtime resolve its type, with a search of
    // the binary's protocol conformances: ~400,000 instructions (measured), paid by the first event after start
    // to find a preemption futile, or to try more than a few dozen waiters on one room. Paid here instead, once.
    futilePreemptions.reserveCapacity(16)
    RoomScan.resolveSetType()
  }

  // MARK: - Queries

  public func job(_ id: JobID) -> JobView? {
    guard let record = jobs[id] else { return nil }
    return JobView(
      spec: spec(of: record), state: record.state, startTime: record.allocation == nil ? nil : record.startTime,
      placement: record.allocation.map { placement(of: $0) })
  }

  /// Jobs in the given state, in ID order.
  public func jobIDs(in state: JobState? = nil) -> [JobID] {
    jobs.values.filter { state == nil || $0.state == state }.map(\.id).sorted()
  }

  public var jobCount: Int { jobs.count }

  public func node(_ name: String) -> NodeView? {
    guard let index = nodeIndex[name] else { return nil }
    let node = nodes[Int(index)]
    return NodeView(
      spec: node.spec, state: node.state, freeCpuMillis: node.freeCpu, freeMemoryMiB: node.freeMemory,
      freeCards: node.freeCards, usedCardIndices: Self.indices(of: node.usedCards),
      running: node.runs.map(\.job).sorted())
  }

  public var nodeNames: [String] { nodes.map(\.spec.name) }

  public func enterprise(_ id: String) -> EnterpriseView? {
    guard let index = enterpriseIndex[id] else { return nil }
    let record = enterprises[Int(index)]
    var borrowed = Amounts()
    for dimension in 0..<record.usage.values.count {
      borrowed[dimension] = max(0, record.usage[dimension] - record.guaranteed[dimension])
    }
    return EnterpriseView(
      spec: record.spec, inUse: record.usage.resourceAmounts(models), borrowed: borrowed.resourceAmounts(models),
      balance: record.balance, held: record.held, decayedUsage: record.decayedUsage,
      fairShareFactor: record.fairShare, pendingJobs: record.pendingCount, runningJobs: record.runningCount)
  }

  public var enterpriseIDs: [String] { enterprises.map(\.spec.id) }

  /// The reservation start time held for a pending job, if it holds one.
  public func reservationStart(of id: JobID) -> Time? { reservations[id]?.share.start }

  // MARK: - Helpers shared by the extensions

  func spec(of record: JobRecord) -> JobSpec {
    let shape = shapes[Int(record.shape)]
    var selector: [String: String] = [:]
    for label in shape.key.selector { selector[label.key] = label.value }
    return JobSpec(
      id: record.id, enterprise: enterprises[Int(record.enterprise)].spec.id, uid: record.uid,
      perNode: shape.request, nodeCount: shape.key.nodeCount, selector: selector, walltime: shape.key.walltime,
      jobClass: record.jobClass, requeue: record.requeue, held: record.state == .held,
      arrayIndex: record.arrayIndex < 0 ? nil : Int(record.arrayIndex), submitTime: record.submitTime)
  }

  func placement(of allocation: Allocation) -> Placement {
    Placement(
      model: allocation.model.map { models.name(of: $0) },
      slots: zip(allocation.nodes, allocation.cardMasks).map { node, mask in
        Placement.Slot(node: nodes[Int(node)].spec.name, cardIndices: Self.indices(of: mask))
      }, hold: allocation.hold)
  }

  static func indices(of mask: UInt64) -> [Int] {
    var result: [Int] = []
    result.reserveCapacity(mask.nonzeroBitCount)  // one allocation, not one per doubling
    var rest = mask
    while rest != 0 {
      result.append(rest.trailingZeroBitCount)
      rest &= rest - 1
    }
    return result
  }

  @inline(__always)
  func rank(of record: JobRecord) -> Rank {
    rank(enterprise: record.enterprise, jobClass: record.jobClass, submit: record.submitTime, job: record.id)
  }

  /// The rank of a job of this enterprise and class, submitted at `submit`, at the snapshot time.
  @inline(__always)
  func rank(enterprise: Int32, jobClass: JobClass, submit: Time, job: JobID) -> Rank {
    let e = Int(enterprise)
    let breakdown = Priority.breakdown(
      jobClass: jobClass, submit: submit, at: snapshotTime, fairShare: enterprises[e].fairShare,
      boost: enterprises[e].spec.boost, config: config)
    return Rank(priority: breakdown.total, submit: submit, job: job)
  }

  func ledger(_ kind: LedgerEntry.Kind, _ enterprise: Int32, job: JobID?, amount: Credits, at now: Time)
    -> Decision
  {
    // Fields, not a copy of the whole record (it holds the enterprise's watchlists).
    let e = Int(enterprise)
    return .ledger(
      LedgerEntry(
        time: now, enterprise: enterprises[e].spec.id, job: job, kind: kind, amount: amount,
        balance: enterprises[e].balance, available: enterprises[e].available))
  }
}

internal import DequeModule
internal import HeapModule

/// A job inside the core: compact, with its shape and enterprise as indices. (Fields in order of size, which
/// keeps padding small: 100k of them are kept, 120 bytes each.)
struct JobRecord: Sendable {
  var id: JobID
  var submitTime: Time
  var startTime: Time = 0
  /// Renewed whenever the job joins or leaves the queue (`Scheduler.queueGenerations`), so stale queue entries
  /// are recognised and skipped.
  var queueGeneration: UInt64 = 0
  var enterprise: Int32
  var uid: UInt32
  var shape: Int32
  /// Its bucket (shape, enterprise and class), where it waits while pending.
  var bucket: Int32
  var arrayIndex: Int32  // -1: not part of an array
  var jobClass: JobClass
  var requeue: Bool
  var state: JobState
  var allocation: Allocation?
}

/// What a running job holds.
struct Allocation: Sendable {
  var nodes: [Int32]
  var cardMasks: [UInt64]
  var rate: Int64
  var hold: Credits
  var demand: Demand

  var model: ModelID? { demand.model }
}

/// A job's share of one node, kept on the node sorted by expected end so backfill can see when room frees.
struct NodeRun: Sendable {
  var job: JobID
  var end: Time
  var start: Time
  /// The cycle that started it (see `Scheduler.cycleNumber`).
  var cycle: UInt64
  var cpu: Int
  var memory: Int
  var cards: Int
  var enterprise: Int32
  /// Where its share is in its enterprise's list of the reclaim index (`ReclaimIndex.add`).
  var share: Int32 = -1
}

struct NodeRecord: Sendable {
  var spec: NodeSpec
  var model: ModelID?
  var slot: Int
  var state: NodeState
  var usedCards: UInt64 = 0
  var freeCards: Int
  var freeCpu: Int
  var freeMemory: Int
  var runs: [NodeRun] = []
  /// The reservations that hold a share of this node, with their terms (read at every check of room over time:
  /// no look-up of the reservation itself).
  var reservations: [ReservedShare] = []
  var indexed = false
  /// Its leaf in the tree of card times of its slot (`Scheduler.cardTimeTrees`), and that slot; -1 before it is
  /// first indexed.
  var cardLeaf: Int32 = -1
  var cardLeafSlot = -1
  /// Its kind (slot and labels) in `Scheduler.nodeKinds`: what decides the lanes of waiters it could serve.
  var kind: Int32 = -1

  var indexEntry: FreeIndex.Entry { FreeIndex.Entry(freeCpu: freeCpu, freeMemory: freeMemory, node: -1) }
}

struct EnterpriseRecord: Sendable {
  var spec: EnterpriseSpec
  var guaranteed: Amounts
  var limit: Amounts
  var usage = Amounts()
  var balance: Credits
  var held: Credits = .zero
  var decayedUsage: Double = 0
  /// Sum of the hourly rates of running jobs: what accrues into usage between recalculations.
  var runningRate: Int64 = 0
  /// Fair-share factor at the last priority recalculation.
  var fairShare: Double = 1
  /// Buckets parked for room on models this enterprise may not use now: back when its use or credits change.
  var parkedBuckets: [Int32] = []
  /// Per dimension: buckets parked for quota, until the room under the limit there fits one of their jobs.
  var limitWatches: [Watchlist] = []
  /// Buckets parked for budget, until the available credits cover one of their jobs' holds.
  var budgetWatches = Watchlist()
  /// The rank of its current entry in the cycle's heap of enterprises with wakes, if it has one.
  var wakeRank: Rank?
  var wakeGeneration: UInt32 = 0
  /// Per dimension: active buckets beyond the guarantee there, until the room under it fits one of their jobs.
  var guaranteeWatches: [Watchlist] = []
  var pendingCount = 0
  var runningCount = 0
  var available: Credits { balance - held }
}

/// Everything that makes jobs interchangeable for placement: identical shapes fail or fit together.
struct ShapeKey: Hashable, Sendable {
  var cpu: Int
  var memory: Int
  var cards: Int
  var models: [ModelID]
  var nodeCount: Int
  var selector: [Label]
  var walltime: Int64

  struct Label: Hashable, Sendable, Comparable {
    var key: String
    var value: String
    static func < (a: Label, b: Label) -> Bool { (a.key, a.value) < (b.key, b.value) }
  }
}

/// Why a shape or bucket is out of the cycle's heaps until something changes.
enum Parking: UInt8, Sendable {
  case active
  /// No ready node has room: back when room frees on a node of an accepted model.
  case resources
  /// Room exists only where higher-priority jobs hold reservations.
  case reservation
  /// No ready node could ever run it: back when nodes change.
  case constraint
  /// Bucket only, with room only on models its enterprise may not use now: back when room frees on the
  /// models it may use, or its enterprise's use or credits change.
  case room
  /// Shape only, within a cycle: none of its jobs left keeps its enterprise within its guarantee, and those
  /// that do go first.
  case deferred
  /// Bucket only: the enterprise's limit; back when its use drops.
  case quota
  /// Bucket only: the enterprise's credits; back when they grow or holds are released.
  case budget
}

struct ShapeRecord: Sendable {
  var key: ShapeKey
  var request: NodeRequest
  /// Per accepted model (one for a CPU-only shape), the lane its waiters for room wait in (`Scheduler+Lanes`).
  var lanes: [Int]
  /// Hourly rate of one job per accepted model (index 0 for CPU-only shapes).
  var rates: [Int64]
  /// Active buckets, best head first.
  var buckets = Heap<HeapEntry>()
  /// The active buckets whose enterprise stays within its guarantee with one more job, best head first (as
  /// last checked: see `Scheduler+Guarantee`).
  var withinBuckets = Heap<HeapEntry>()
  var parking = Parking.active
  var generation: UInt32 = 0
  var parkGeneration: UInt32 = 0
  /// The cycle that last parked it (`Scheduler.cycleNumber`).
  var parkedInCycle: UInt64 = 0
  /// The rank of its current entry in the cycle's heap, if it has one: a refresh that leaves its best bucket
  /// as it was renews nothing.
  var listedRank: Rank?
  /// The best rank in the shape when it was parked: a better newcomer brings the shape back.
  var parkedRank: Rank?
  /// While parked for room: the rank its waiters among those within a guarantee are valid at (one per model).
  var withinWaiterRank: Rank?
  /// Node epoch at which `feasible` was computed.
  var feasibilityEpoch: UInt64 = .max
  var infeasibleBecause: String?

  func demand(model index: Int) -> Demand {
    Demand(
      cpu: key.cpu * key.nodeCount, memory: key.memory * key.nodeCount, cards: key.cards * key.nodeCount,
      model: key.models.isEmpty ? nil : key.models[index])
  }
}

struct QueuedJob: Sendable {
  var job: JobID
  var generation: UInt64
  var submit: Time
}

/// Pending jobs of one shape, one enterprise and one class: interchangeable, and in priority order when in
/// submit order, so a bucket is a FIFO.
struct BucketRecord: Sendable {
  var shape: Int32
  var enterprise: Int32
  var jobClass: JobClass
  var queue = Deque<QueuedJob>()
  var generation: UInt32 = 0
  var parking = Parking.active
  var parkGeneration: UInt32 = 0
  var live = 0
  /// The rank of its head job when its heap entries were last renewed.
  var rank: Rank?
  /// Its entry in its shape's heap, ranked `rank`, is current: a refresh that leaves the head as it was
  /// (a job joining behind it) renews nothing.
  var listed = false
  /// Generation of the bucket's entry in its shape's `withinBuckets`.
  var withinGeneration: UInt32 = 0
  /// Watched by its enterprise (`guaranteeWatches` entries of this generation).
  var watched = false
  var watchGeneration: UInt32 = 0
}

/// An entry of a lazily-maintained heap: valid only while `generation` matches its owner's.
struct HeapEntry: Comparable, Sendable {
  var rank: Rank
  var index: Int32
  var generation: UInt32
  static func < (a: HeapEntry, b: HeapEntry) -> Bool {
    if a.rank != b.rank { return a.rank < b.rank }
    return a.index < b.index
  }
  static func == (a: HeapEntry, b: HeapEntry) -> Bool {
    a.rank == b.rank && a.index == b.index && a.generation == b.generation
  }
}

/// A shape or bucket parked until room frees on a node, ranked by its best job when it was parked. Valid only
/// while its owner's park generation matches.
struct Waiter: Comparable, Sendable {
  var rank: Rank
  var index: Int32
  var generation: UInt32
  var isBucket: Bool
  static func < (a: Waiter, b: Waiter) -> Bool {
    if a.rank != b.rank { return a.rank < b.rank }
    if a.isBucket != b.isBucket { return !a.isBucket }
    return a.index < b.index
  }
}

/// Resources set aside from `start` for a blocked top-priority job, so that backfill cannot delay it.
struct Reservation: Sendable {
  /// What it holds on each of its nodes (each node keeps a copy).
  var share: ReservedShare
  var nodes: [Int32]
}

/// A reservation's share of one node, from `start` to `end`.
struct ReservedShare: Sendable {
  var job: JobID
  var rank: Rank
  var start: Time
  var end: Time
  var cpu: Int
  var memory: Int
  var cards: Int
}

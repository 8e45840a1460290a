/// Priority class, from most to least important.
public enum JobClass: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
  case urgent, high, normal, low

  /// The normalised class factor in 0...1.
  public var factor: Double {
    switch self {
    case .urgent: 1
    case .high: 2.0 / 3
    case .normal: 1.0 / 3
    case .low: 0
    }
  }

  var rank: UInt8 {
    switch self {
    case .urgent: 0
    case .high: 1
    case .normal: 2
    case .low: 3
    }
  }

  public static func < (a: JobClass, b: JobClass) -> Bool { a.rank > b.rank }
}

/// Everything the core needs to know about a job to schedule it. Command, environment and the like are the
/// daemon's business and never reach the core.
public struct JobSpec: Hashable, Sendable {
  public var id: JobID
  public var enterprise: String
  public var uid: UInt32
  public var perNode: NodeRequest
  /// Number of nodes; more than one makes a gang, placed all-or-nothing.
  public var nodeCount: Int
  /// Node label selector: every pair must be among the node's labels.
  public var selector: [String: String]
  /// Seconds; the job is stopped when it runs longer.
  public var walltime: Int64
  public var jobClass: JobClass
  /// Whether a preempted or node-failed job goes back to the queue (keeping its submit time).
  public var requeue: Bool
  public var held: Bool
  public var arrayIndex: Int?
  public var submitTime: Time

  public init(
    id: JobID, enterprise: String, uid: UInt32 = 0, perNode: NodeRequest, nodeCount: Int = 1,
    selector: [String: String] = [:], walltime: Int64, jobClass: JobClass = .normal, requeue: Bool = true,
    held: Bool = false, arrayIndex: Int? = nil, submitTime: Time
  ) {
    self.id = id
    self.enterprise = enterprise
    self.uid = uid
    self.perNode = perNode
    self.nodeCount = nodeCount
    self.selector = selector
    self.walltime = walltime
    self.jobClass = jobClass
    self.requeue = requeue
    self.held = held
    self.arrayIndex = arrayIndex
    self.submitTime = submitTime
  }
}

/// Where a started job runs: one model, and per node the concrete card indices.
public struct Placement: Hashable, Sendable {
  public struct Slot: Hashable, Sendable {
    public var node: String
    public var cardIndices: [Int]
    public init(node: String, cardIndices: [Int]) {
      self.node = node
      self.cardIndices = cardIndices
    }
  }
  public var model: String?
  public var slots: [Slot]
  /// Credits held for the walltime; the actual runtime is charged when the job ends.
  public var hold: Credits

  public init(model: String?, slots: [Slot], hold: Credits) {
    self.model = model
    self.slots = slots
    self.hold = hold
  }
}

/// How a job ended, as reported by its agent or decided by the core.
public enum JobEnd: String, Sendable, Hashable, Codable {
  case succeeded, failed, cancelled, timeout
  case nodeFailed = "node_failed"
  case preempted
}

/// A job's lifecycle state in the core. Ended jobs leave the core; the daemon keeps their history.
public enum JobState: String, Sendable, Hashable, Codable {
  case pending, held, running
}

/// A job as the core sees it now.
public struct JobView: Hashable, Sendable {
  public var spec: JobSpec
  public var state: JobState
  public var startTime: Time?
  public var placement: Placement?
}

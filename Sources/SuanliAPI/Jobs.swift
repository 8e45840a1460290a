/// A job to submit (`POST /v1/jobs`). Units are in the field names; absent fields take the daemon's defaults.
public struct JobSubmission: Codable, Sendable, Hashable {
  public var name: String?
  /// The command and its arguments (argv), run in `workdir`.
  public var command: [String]
  public var env: [String: String]?
  /// Absolute working directory (default `/`); the CLI sends the directory it runs in.
  public var workdir: String?
  /// CPU per node, in thousandths of a core (default 1000).
  public var cpuMillis: Int?
  /// Memory per node in MiB (default 1024).
  public var memoryMib: Int?
  /// Accelerator cards per node (default 0).
  public var cards: Int?
  /// Accepted accelerator models, in order of preference (required when `cards` > 0).
  public var models: [String]?
  /// Number of nodes; more than one is a gang, started all at once (default 1).
  public var nodes: Int?
  /// Node label selector: every pair must be among a node's labels.
  public var selector: [String: String]?
  /// Walltime in seconds (default from the configuration, at most its maximum).
  public var walltimeSeconds: Int64?
  /// `urgent`, `high`, `normal` (default) or `low`.
  public var jobClass: String?
  /// Go back to the queue when preempted or when its node fails (default true).
  public var requeue: Bool?
  /// Submit held: it waits until released.
  public var hold: Bool?
  /// The enterprise to act for, when the caller is a member of several.
  public var enterprise: String?
  /// Submit an array: one job per index.
  public var array: ArraySpec?

  public init(command: [String]) { self.command = command }

  /// Decodes strictly: a field this type does not know is an error, not silently ignored. One container over
  /// every key serves both the check and the reading (this runs for each job of a batch).
  public init(from decoder: any Decoder) throws {
    let fields = try decoder.container(keyedBy: AnyCodingKey.self)
    for key in fields.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath + [key], debugDescription: "unknown field '\(key.stringValue)'"))
    }
    func key(_ field: CodingKeys) -> AnyCodingKey { AnyCodingKey(stringValue: field.rawValue) }
    name = try fields.decodeIfPresent(String.self, forKey: key(.name))
    command = try fields.decode([String].self, forKey: key(.command))
    env = try fields.decodeIfPresent([String: String].self, forKey: key(.env))
    workdir = try fields.decodeIfPresent(String.self, forKey: key(.workdir))
    cpuMillis = try fields.decodeIfPresent(Int.self, forKey: key(.cpuMillis))
    memoryMib = try fields.decodeIfPresent(Int.self, forKey: key(.memoryMib))
    cards = try fields.decodeIfPresent(Int.self, forKey: key(.cards))
    models = try fields.decodeIfPresent([String].self, forKey: key(.models))
    nodes = try fields.decodeIfPresent(Int.self, forKey: key(.nodes))
    selector = try fields.decodeIfPresent([String: String].self, forKey: key(.selector))
    walltimeSeconds = try fields.decodeIfPresent(Int64.self, forKey: key(.walltimeSeconds))
    jobClass = try fields.decodeIfPresent(String.self, forKey: key(.jobClass))
    requeue = try fields.decodeIfPresent(Bool.self, forKey: key(.requeue))
    hold = try fields.decodeIfPresent(Bool.self, forKey: key(.hold))
    enterprise = try fields.decodeIfPresent(String.self, forKey: key(.enterprise))
    array = try fields.decodeIfPresent(ArraySpec.self, forKey: key(.array))
  }

  enum CodingKeys: String, CodingKey {
    case name
    case command
    case env
    case workdir
    case cpuMillis = "cpu_millis"
    case memoryMib = "memory_mib"
    case cards
    case models
    case nodes
    case selector
    case walltimeSeconds = "walltime_seconds"
    case jobClass = "class"
    case requeue
    case hold
    case enterprise
    case array
  }
}

/// Indices of a job array: `first...last` by `step`, like Slurm's `--array=0-99:2`; `max_running` caps how
/// many of its jobs may be pending-to-start or running at once (`--array=0-99%10`).
public struct ArraySpec: Codable, Sendable, Hashable {
  public var first: Int
  public var last: Int
  public var step: Int?
  public var maxRunning: Int?
  public init(first: Int, last: Int, step: Int? = nil, maxRunning: Int? = nil) {
    self.first = first
    self.last = last
    self.step = step
    self.maxRunning = maxRunning
  }

  enum CodingKeys: String, CodingKey {
    case first, last, step
    case maxRunning = "max_running"
  }
}

/// Several submissions in one request (`POST /v1/jobs/batch`), made durable together.
public struct BatchSubmission: Codable, Sendable, Hashable {
  public var jobs: [JobSubmission]
  public init(jobs: [JobSubmission]) { self.jobs = jobs }
}

/// What a submission created: one id, or one per array index or batch entry, in order.
public struct SubmitResult: Codable, Sendable, Hashable {
  public var jobIds: [UInt64]
  public init(jobIds: [UInt64]) { self.jobIds = jobIds }

  enum CodingKeys: String, CodingKey {
    case jobIds = "job_ids"
  }
}

/// A job's lifecycle state, as `suanli queue` shows it.
public enum JobStateName: String, Codable, Sendable, Hashable, CaseIterable {
  case pending, held, starting, running
  case succeeded, failed, cancelled, timeout
  case nodeFailed = "node_failed"
  case preempted

  public var isFinal: Bool {
    switch self {
    case .pending, .held, .starting, .running: false
    default: true
    }
  }
}

/// A job as the API shows it (`GET /v1/jobs/{id}`, and the entries of `GET /v1/jobs`).
public struct JobInfo: Codable, Sendable, Hashable {
  public var id: UInt64
  public var name: String
  public var enterprise: String
  public var user: String
  public var uid: UInt32
  public var state: JobStateName
  public var jobClass: String
  public var command: [String]
  public var workdir: String
  public var env: [String: String]?
  public var cpuMillis: Int
  public var memoryMib: Int
  public var cards: Int
  public var models: [String]
  public var nodes: Int
  public var selector: [String: String]
  public var walltimeSeconds: Int64
  public var requeue: Bool
  public var arrayJobId: UInt64?
  public var arrayIndex: Int?
  /// Unix seconds.
  public var submitTime: Int64
  public var startTime: Int64?
  public var endTime: Int64?
  public var placement: PlacementInfo?
  public var exitCode: Int?
  public var signal: Int?
  /// Credits held for the walltime while running, and charged once ended (decimal strings, e.g. "12.500").
  public var heldCredits: String?
  public var chargedCredits: String?
  /// Times the job went back to the queue (preemption, node failure).
  public var requeues: Int
  public var reason: PendingReasonInfo?
  public var priority: PriorityInfo?
  public var timeline: [TimelineEntry]?
  /// The job's output on its (first) node, as the agent reported it.
  public var logPath: String?

  public init(
    id: UInt64, name: String, enterprise: String, user: String, uid: UInt32, state: JobStateName,
    jobClass: String, command: [String], workdir: String, cpuMillis: Int, memoryMib: Int, cards: Int,
    models: [String], nodes: Int, selector: [String: String], walltimeSeconds: Int64, requeue: Bool,
    submitTime: Int64, requeues: Int
  ) {
    self.id = id
    self.name = name
    self.enterprise = enterprise
    self.user = user
    self.uid = uid
    self.state = state
    self.jobClass = jobClass
    self.command = command
    self.workdir = workdir
    self.cpuMillis = cpuMillis
    self.memoryMib = memoryMib
    self.cards = cards
    self.models = models
    self.nodes = nodes
    self.selector = selector
    self.walltimeSeconds = walltimeSeconds
    self.requeue = requeue
    self.submitTime = submitTime
    self.requeues = requeues
  }

  enum CodingKeys: String, CodingKey {
    case id
    case name
    case enterprise
    case user
    case uid
    case state
    case jobClass = "class"
    case command
    case workdir
    case env
    case cpuMillis = "cpu_millis"
    case memoryMib = "memory_mib"
    case cards
    case models
    case nodes
    case selector
    case walltimeSeconds = "walltime_seconds"
    case requeue
    case arrayJobId = "array_job_id"
    case arrayIndex = "array_index"
    case submitTime = "submit_time"
    case startTime = "start_time"
    case endTime = "end_time"
    case placement
    case exitCode = "exit_code"
    case signal
    case heldCredits = "held_credits"
    case chargedCredits = "charged_credits"
    case requeues
    case reason
    case priority
    case timeline
    case logPath = "log_path"
  }
}

/// Where a job runs: its accelerator model and, per node, the card indices.
public struct PlacementInfo: Codable, Sendable, Hashable {
  public var model: String?
  public var nodes: [NodeCards]
  public init(model: String?, nodes: [NodeCards]) {
    self.model = model
    self.nodes = nodes
  }

  public struct NodeCards: Codable, Sendable, Hashable {
    public var node: String
    public var cards: [Int]
    public init(node: String, cards: [Int]) {
      self.node = node
      self.cards = cards
    }
  }
}

/// Why a job waits: a code (`resources`, `quota`, `budget`, `priority`, `reservation`, `constraint`, `held`)
/// and a sentence with the numbers.
public struct PendingReasonInfo: Codable, Sendable, Hashable {
  public var code: String
  public var message: String
  public init(code: String, message: String) {
    self.code = code
    self.message = message
  }
}

/// A pending job's priority, factor by factor (what `suanli priority` shows, like Slurm's `sprio`).
public struct PriorityInfo: Codable, Sendable, Hashable {
  public var total: Double
  public var jobClass: Double
  public var age: Double
  public var fairShare: Double
  public var boost: Double
  public init(total: Double, jobClass: Double, age: Double, fairShare: Double, boost: Double) {
    self.total = total
    self.jobClass = jobClass
    self.age = age
    self.fairShare = fairShare
    self.boost = boost
  }

  enum CodingKeys: String, CodingKey {
    case total
    case jobClass = "class"
    case age
    case fairShare = "fair_share"
    case boost
  }
}

/// One step of a job's life.
public struct TimelineEntry: Codable, Sendable, Hashable {
  public var time: Int64
  public var event: String
  public var detail: String?
  public init(time: Int64, event: String, detail: String? = nil) {
    self.time = time
    self.event = event
    self.detail = detail
  }
}

/// A page of jobs; pass `next_after` as `after` to get the next page.
public struct JobList: Codable, Sendable, Hashable {
  public var jobs: [JobInfo]
  public var nextAfter: UInt64?
  public init(jobs: [JobInfo], nextAfter: UInt64?) {
    self.jobs = jobs
    self.nextAfter = nextAfter
  }

  enum CodingKeys: String, CodingKey {
    case jobs
    case nextAfter = "next_after"
  }
}

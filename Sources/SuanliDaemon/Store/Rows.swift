internal import GRDB

/// A job as stored: everything the daemon knows of it, from submission to its end.
struct JobRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "job"

  var id: Int64
  var name: String
  var enterprise: String
  var uid: UInt32
  var gid: UInt32
  var user: String
  var command: [String]
  var env: [String: String]
  var workdir: String
  var cpuMillis: Int
  var memoryMib: Int
  var cards: Int
  var models: [String]
  var nodes: Int
  var selector: [String: String]
  var walltime: Int64
  var jobClass: String
  var requeue: Bool
  var arrayJob: Int64?
  var arrayIndex: Int?
  var submitTime: Int64
  /// One of `JobStateName`'s raw values.
  var state: String
  var startTime: Int64?
  var endTime: Int64?
  var placement: StoredPlacement?
  var exitCode: Int?
  var signal: Int?
  var heldMillis: Int64
  var chargedMillis: Int64
  var requeues: Int
  /// For an array with `max_running`: at most this many of its jobs pending or running at once.
  var arrayLimit: Int? = nil
  /// Waiting for its array's limit: held in the core until an earlier job of the array ends.
  var throttled = false
  /// Where the job's output goes on its node, as the agent reported it.
  var logPath: String? = nil
}

/// Where a running job runs, as stored.
struct StoredPlacement: Codable, Sendable, Hashable {
  var model: String?
  var nodes: [String]
  var cards: [[Int]]
}

/// A registered node.
struct NodeRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "node"

  var name: String
  var labels: [String: String]
  var cpuMillis: Int
  var memoryMib: Int
  var model: String?
  var cards: Int
  var state: String
  var stateReason: String?
  var lastHeartbeat: Int64
}

/// One budget movement.
struct LedgerRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "ledger"

  var seq: Int64?
  var time: Int64
  var enterprise: String
  var job: Int64?
  var kind: String
  var amountMillis: Int64
  var balanceMillis: Int64
  var availableMillis: Int64
  var note: String?
}

/// One stretch of a job running (a job preempted and started again has several): the usage report's rows.
struct UsageRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "usage"

  var job: Int64
  var enterprise: String
  var user: String
  var model: String?
  var start: Int64
  var end: Int64
  var cardSeconds: Int64
  var cpuMilliSeconds: Int64
  var chargedMillis: Int64
  /// How long the run waited in the queue before it started (since submission, or since its requeue).
  var waitSeconds: Int64
}

/// An enterprise's ledger state, restored into the core on start.
struct EnterpriseStateRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "enterprise_state"

  var id: String
  var balanceMillis: Int64
  var decayedUsage: Double
}

/// One step of a job's life, for its timeline.
struct JobEventRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "job_event"

  var seq: Int64?
  var job: Int64
  var time: Int64
  var event: String
  var detail: String?
}

/// `POST /v1/agent/register`: a node's capacity, and the jobs its agent still runs (after a restart).
public struct AgentRegistration: Codable, Sendable, Hashable {
  public var node: String
  public var labels: [String: String]
  public var cpuMillis: Int
  public var memoryMib: Int
  public var model: String?
  public var cards: Int
  public var running: [UInt64]
  public init(
    node: String, labels: [String: String] = [:], cpuMillis: Int, memoryMib: Int, model: String? = nil,
    cards: Int = 0, running: [UInt64] = []
  ) {
    self.node = node
    self.labels = labels
    self.cpuMillis = cpuMillis
    self.memoryMib = memoryMib
    self.model = model
    self.cards = cards
    self.running = running
  }

  enum CodingKeys: String, CodingKey {
    case node
    case labels
    case cpuMillis = "cpu_millis"
    case memoryMib = "memory_mib"
    case model
    case cards
    case running
  }
}

/// The daemon's answer to a registration or heartbeat.
public struct AgentAck: Codable, Sendable, Hashable {
  public var heartbeatIntervalSeconds: Int64
  public init(heartbeatIntervalSeconds: Int64) { self.heartbeatIntervalSeconds = heartbeatIntervalSeconds }

  enum CodingKeys: String, CodingKey {
    case heartbeatIntervalSeconds = "heartbeat_interval_seconds"
  }
}

/// `POST /v1/agent/heartbeat`.
public struct AgentHeartbeat: Codable, Sendable, Hashable {
  public var node: String
  public var running: [UInt64]
  public init(node: String, running: [UInt64]) {
    self.node = node
    self.running = running
  }
}

/// `GET /v1/agent/assignments?node=N&version=V&wait=S`: what should run on the node now. The agent starts what
/// it does not run yet and stops what is no longer listed (level-triggered, so either side may restart). The
/// request waits up to `wait` seconds for a version newer than `V`.
public struct Assignments: Codable, Sendable, Hashable {
  public var version: UInt64
  public var jobs: [Assignment]
  public init(version: UInt64, jobs: [Assignment]) {
    self.version = version
    self.jobs = jobs
  }
}

/// One job to run on the node: everything the agent needs to start it as its user.
public struct Assignment: Codable, Sendable, Hashable {
  public var jobId: UInt64
  public var name: String
  public var uid: UInt32
  public var gid: UInt32
  public var user: String
  public var command: [String]
  public var env: [String: String]
  public var workdir: String
  public var cpuMillis: Int
  public var memoryMib: Int
  public var model: String?
  /// Card indices on this node (for `CUDA_VISIBLE_DEVICES` / `ASCEND_RT_VISIBLE_DEVICES`).
  public var cards: [Int]
  /// All nodes of a gang, in order.
  public var nodelist: [String]
  public var walltimeSeconds: Int64
  public var arrayIndex: Int?
  /// Unix seconds when the job was started (the walltime counts from here).
  public var startTime: Int64

  public init(
    jobId: UInt64, name: String, uid: UInt32, gid: UInt32, user: String, command: [String], env: [String: String],
    workdir: String, cpuMillis: Int, memoryMib: Int, model: String?, cards: [Int], nodelist: [String],
    walltimeSeconds: Int64, arrayIndex: Int?, startTime: Int64
  ) {
    self.jobId = jobId
    self.name = name
    self.uid = uid
    self.gid = gid
    self.user = user
    self.command = command
    self.env = env
    self.workdir = workdir
    self.cpuMillis = cpuMillis
    self.memoryMib = memoryMib
    self.model = model
    self.cards = cards
    self.nodelist = nodelist
    self.walltimeSeconds = walltimeSeconds
    self.arrayIndex = arrayIndex
    self.startTime = startTime
  }

  enum CodingKeys: String, CodingKey {
    case jobId = "job_id"
    case name
    case uid
    case gid
    case user
    case command
    case env
    case workdir
    case cpuMillis = "cpu_millis"
    case memoryMib = "memory_mib"
    case model
    case cards
    case nodelist
    case walltimeSeconds = "walltime_seconds"
    case arrayIndex = "array_index"
    case startTime = "start_time"
  }
}

/// `POST /v1/agent/jobs/{id}/state`: a job's processes started or ended on the node.
public struct JobStateReport: Codable, Sendable, Hashable {
  public var node: String
  /// `running`, `succeeded`, `failed` or `timeout`.
  public var state: String
  public var exitCode: Int?
  public var signal: Int?
  public var message: String?
  /// Where the job's output goes on the node (reported with `running`; `suanli show` prints it).
  public var logPath: String?
  public init(
    node: String, state: String, exitCode: Int? = nil, signal: Int? = nil, message: String? = nil,
    logPath: String? = nil
  ) {
    self.node = node
    self.state = state
    self.exitCode = exitCode
    self.signal = signal
    self.message = message
    self.logPath = logPath
  }

  enum CodingKeys: String, CodingKey {
    case node
    case state
    case exitCode = "exit_code"
    case signal
    case message
    case logPath = "log_path"
  }
}

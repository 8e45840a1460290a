/// A node as the API shows it (`GET /v1/nodes`, `GET /v1/nodes/{name}`), like a line of Slurm's `sinfo`.
public struct NodeInfo: Codable, Sendable, Hashable {
  public var name: String
  /// `ready`, `draining`, `drained` or `down`.
  public var state: String
  public var stateReason: String?
  public var labels: [String: String]
  public var model: String?
  public var cards: Int
  public var cardsUsed: Int
  public var usedCardIndices: [Int]
  public var cpuMillis: Int
  public var cpuMillisUsed: Int
  public var memoryMib: Int
  public var memoryMibUsed: Int
  public var runningJobs: [UInt64]
  /// Unix seconds of the agent's last heartbeat.
  public var lastHeartbeat: Int64?

  public init(
    name: String, state: String, labels: [String: String], model: String?, cards: Int, cpuMillis: Int,
    memoryMib: Int
  ) {
    self.name = name
    self.state = state
    self.labels = labels
    self.model = model
    self.cards = cards
    self.cardsUsed = 0
    self.usedCardIndices = []
    self.cpuMillis = cpuMillis
    self.cpuMillisUsed = 0
    self.memoryMib = memoryMib
    self.memoryMibUsed = 0
    self.runningJobs = []
  }

  enum CodingKeys: String, CodingKey {
    case name
    case state
    case stateReason = "state_reason"
    case labels
    case model
    case cards
    case cardsUsed = "cards_used"
    case usedCardIndices = "used_card_indices"
    case cpuMillis = "cpu_millis"
    case cpuMillisUsed = "cpu_millis_used"
    case memoryMib = "memory_mib"
    case memoryMibUsed = "memory_mib_used"
    case runningJobs = "running_jobs"
    case lastHeartbeat = "last_heartbeat"
  }
}

public struct NodeList: Codable, Sendable, Hashable {
  public var nodes: [NodeInfo]
  public init(nodes: [NodeInfo]) { self.nodes = nodes }
}

/// `POST /v1/nodes/{name}/drain`: the node takes no new jobs and becomes `drained` once empty.
public struct DrainRequest: Codable, Sendable, Hashable {
  public var reason: String
  public init(reason: String) { self.reason = reason }
}

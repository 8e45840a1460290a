/// `GET /v1/info`: who the daemon is and what it holds, and who the caller is to it.
public struct DaemonInfo: Codable, Sendable, Hashable {
  public var version: String
  public var apiVersion: String
  public var schema: Int
  public var startedAt: Int64
  public var uptimeSeconds: Int64
  public var jobs: JobCounts
  public var nodes: [String: Int]
  public var caller: Caller

  public init(
    version: String, apiVersion: String, schema: Int, startedAt: Int64, uptimeSeconds: Int64, jobs: JobCounts,
    nodes: [String: Int], caller: Caller
  ) {
    self.version = version
    self.apiVersion = apiVersion
    self.schema = schema
    self.startedAt = startedAt
    self.uptimeSeconds = uptimeSeconds
    self.jobs = jobs
    self.nodes = nodes
    self.caller = caller
  }

  public struct JobCounts: Codable, Sendable, Hashable {
    public var pending: Int
    public var held: Int
    public var running: Int
    public init(pending: Int, held: Int, running: Int) {
      self.pending = pending
      self.held = held
      self.running = running
    }
  }

  public struct Caller: Codable, Sendable, Hashable {
    public var uid: UInt32
    public var user: String
    public var operator_: Bool
    public var enterprises: [String]
    public init(uid: UInt32, user: String, isOperator: Bool, enterprises: [String]) {
      self.uid = uid
      self.user = user
      self.operator_ = isOperator
      self.enterprises = enterprises
    }

    enum CodingKeys: String, CodingKey {
      case uid
      case user
      case operator_ = "operator"
      case enterprises
    }
  }

  enum CodingKeys: String, CodingKey {
    case version
    case apiVersion = "api_version"
    case schema
    case startedAt = "started_at"
    case uptimeSeconds = "uptime_seconds"
    case jobs
    case nodes
    case caller
  }
}

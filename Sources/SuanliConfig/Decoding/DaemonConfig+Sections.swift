/// `[daemon]`, `[nodes]` and `[jobs]`.
extension DaemonConfig {
  static let daemonKeys = ["socket", "state_dir", "admin_group", "agent_user", "max_request_bytes"]
  static let nodesKeys = ["heartbeat_interval", "down_after"]
  static let jobsKeys = ["default_walltime", "max_array_size"]

  mutating func readDaemon(_ daemon: inout TableReader) throws(ConfigError) {
    if let socket = try daemon.string("socket") { socketPath = socket }
    if let directory = try daemon.string("state_dir") { stateDirectory = directory }
    if let group = try daemon.string("admin_group") { adminGroup = group }
    if let user = try daemon.string("agent_user") { agentUser = user }
    if let bytes = try daemon.bytes("max_request_bytes") { maxRequestBytes = Int(bytes) }
  }

  mutating func readNodes(_ nodes: inout TableReader) throws(ConfigError) {
    if let seconds = try nodes.seconds("heartbeat_interval") { heartbeatInterval = seconds }
    if let seconds = try nodes.seconds("down_after") { nodeDownAfter = seconds }
  }

  mutating func readJobs(_ jobs: inout TableReader) throws(ConfigError) {
    if let seconds = try jobs.seconds("default_walltime") { defaultWalltime = seconds }
    if let count = try jobs.integer("max_array_size") { maxArraySize = Int(count) }
  }
}

import SuanliCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading the agent's TOML: `[agent]`, `[labels]`, `[capacity]`, `[reserved]`, `[jobs]`.
extension AgentConfig {
  static let sections = ["agent", "labels", "capacity", "reserved", "jobs"]
  static let agentKeys = ["node", "socket", "daemon", "token_file", "ca_file", "state_dir"]
  static let capacityKeys = ["cpus", "memory", "model", "cards"]
  static let reservedKeys = ["cpus", "memory"]
  static let jobsKeys = ["stop_grace", "allow_root_jobs", "launch"]

  /// Reads, parses and validates the TOML file at `path`.
  public static func load(contentsOf path: String, isRoot: Bool = geteuidIsRoot()) throws(ConfigError)
    -> AgentConfig
  {
    try parse(try TextFile.contents(of: path), source: path, isRoot: isRoot)
  }

  /// Parses and validates a TOML document; `source` names it in errors.
  public static func parse(_ toml: String, source: String, isRoot: Bool = geteuidIsRoot()) throws(ConfigError)
    -> AgentConfig
  {
    let root = try ConfigValue.parseDocument(toml, file: source)
    var reader = TableReader(file: source, path: "", entries: root)
    var node: String?
    var socket: String?
    var stateDirectory: String?
    var remote: RemoteDaemon?
    try reader.table("agent", known: agentKeys) { (agent: inout TableReader) throws(ConfigError) in
      node = try agent.nonEmptyString("node")
      if let name = node, !NodeSpec.isValidName(name) {
        throw agent.problem("node", "\"\(name)\" is not a node name", hint: NodeSpec.nameRule)
      }
      socket = try agent.nonEmptyString("socket")
      stateDirectory = try agent.nonEmptyString("state_dir")
      remote = try RemoteDaemon.read(&agent, socketGiven: socket != nil)
    }
    var config = AgentConfig(node: node ?? hostName, isRoot: isRoot)
    config.socketPath = socket
    config.remoteDaemon = remote
    if let stateDirectory { config.stateDirectory = stateDirectory }
    if node == nil, stateDirectory == nil, !isRoot { config.stateDirectory = "./.suanli/agent-\(config.node)" }
    config.labels =
      try reader.table("labels", known: []) { (labels: inout TableReader) throws(ConfigError) in
        try labels.allStrings()
      } ?? [:]
    try reader.table("capacity", known: capacityKeys) { (capacity: inout TableReader) throws(ConfigError) in
      try config.readCapacity(&capacity)
    }
    try reader.table("reserved", known: reservedKeys) { (reserved: inout TableReader) throws(ConfigError) in
      if let millis = try reserved.nonNegative("cpus", .millicores) { config.reservedCPUMillis = millis }
      if let mib = try reserved.nonNegative("memory", .mebibytes) { config.reservedMemoryMiB = mib }
    }
    try reader.table("jobs", known: jobsKeys) { (jobs: inout TableReader) throws(ConfigError) in
      if let seconds = try jobs.nonNegative("stop_grace", .seconds) {
        config.stopGraceSeconds = seconds
      }
      if let allow = try jobs.bool("allow_root_jobs") { config.allowRootJobs = allow }
      if let launch = try jobs.string("launch") {
        let choices = JobLaunch.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let value = JobLaunch(rawValue: launch) else {
          throw jobs.problem(
            "launch", "must be one of \(choices), not \"\(launch)\"", hint: "auto uses systemd when it is PID 1")
        }
        config.launch = value
      }
    }
    try reader.rejectUnknownKeys(known: sections)
    return config
  }

  private mutating func readCapacity(_ capacity: inout TableReader) throws(ConfigError) {
    if let millis = try capacity.nonNegative("cpus", .millicores) { self.capacity.cpuMillis = millis }
    if let mib = try capacity.nonNegative("memory", .mebibytes) { self.capacity.memoryMiB = mib }
    if let model = try capacity.string("model") {
      guard Names.isModel(model) else {
        throw capacity.problem("model", "\"\(model)\" is not a model name", hint: Names.modelRule)
      }
      self.capacity.model = model
    }
    if let cards = try capacity.nonNegative("cards", .integer) {
      guard cards <= 1024 else { throw capacity.problem("cards", "\(cards) cards is more than a node can hold") }
      self.capacity.cards = Int(cards)
    }
  }

  /// Whether this process runs as root (the defaults depend on it).
  public static func geteuidIsRoot() -> Bool { geteuid() == 0 }
}

extension TableReader {
  mutating func nonEmptyString(_ key: String) throws(ConfigError) -> String? {
    guard let text = try string(key) else { return nil }
    guard !text.isEmpty else { throw problem(key, "must not be empty") }
    return text
  }

  /// How a quantity is written.
  fileprivate enum Quantity { case millicores, mebibytes, seconds, integer }

  /// Reads `key` as `quantity` and refuses a negative value.
  fileprivate mutating func nonNegative(_ key: String, _ quantity: Quantity) throws(ConfigError) -> Int64? {
    let read: Int64?
    switch quantity {
    case .millicores: read = try millicores(key)
    case .mebibytes: read = try mebibytes(key)
    case .seconds: read = try seconds(key)
    case .integer: read = try integer(key)
    }
    guard let value = read else { return nil }
    guard value >= 0 else { throw problem(key, "must not be negative") }
    return value
  }

  /// Every key of this table as a string value (`[labels]`).
  fileprivate mutating func allStrings() throws(ConfigError) -> [String: String] {
    var values: [String: String] = [:]
    for key in keys {
      guard let value = try string(key) else { continue }
      values[key] = value
    }
    return values
  }
}

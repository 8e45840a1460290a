/// The document's layout: which sections exist, in the order they are read.
extension DaemonConfig {
  static let sections = ["daemon", "agents", "nodes", "jobs", "scheduler", "prices", "enterprise"]

  /// Builds a configuration from a parsed document: types and units are checked here, ranges and
  /// cross-references afterwards by `validate(source:)`. Absent keys keep their defaults.
  static func decode(_ root: [String: ConfigValue], file: String, paths: DefaultPaths) throws(ConfigError)
    -> DaemonConfig
  {
    var config = DaemonConfig(paths: paths)
    var reader = TableReader(file: file, path: "", entries: root)
    try reader.table("daemon", known: daemonKeys) { (daemon: inout TableReader) throws(ConfigError) in
      try config.readDaemon(&daemon)
    }
    config.agentListener = try reader.table("agents", known: AgentListener.keys) {
      (agents: inout TableReader) throws(ConfigError) in try AgentListener.read(&agents)
    }
    try reader.table("nodes", known: nodesKeys) { (nodes: inout TableReader) throws(ConfigError) in
      try config.readNodes(&nodes)
    }
    try reader.table("jobs", known: jobsKeys) { (jobs: inout TableReader) throws(ConfigError) in
      try config.readJobs(&jobs)
    }
    try reader.table("scheduler", known: schedulerKeys) { (scheduler: inout TableReader) throws(ConfigError) in
      try config.scheduler.read(&scheduler)
    }
    try reader.table("prices", known: pricesKeys) { (prices: inout TableReader) throws(ConfigError) in
      try config.prices.read(&prices)
    }
    config.enterprises = try reader.arrayOfTables("enterprise", known: EnterpriseConfig.keys) {
      (enterprise: inout TableReader) throws(ConfigError) in try EnterpriseConfig.read(&enterprise)
    }
    try reader.rejectUnknownKeys(known: sections)
    return config
  }
}

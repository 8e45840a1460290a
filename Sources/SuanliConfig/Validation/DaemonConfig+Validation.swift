import SuanliCore

/// Ranges and cross-references of the whole configuration, checked on the model so that a configuration
/// built in code (the embedded default) passes exactly the same checks as one read from a file.
extension DaemonConfig {
  /// Largest quota of one resource (millicores, MiB or cards): as large as the core accepts in a request.
  static let maxQuantity = 1 << 40
  /// Largest price, in millicredits per unit-hour: keeps holds of the longest jobs far from overflow.
  static let maxPriceMillis: Int64 = 100_000_000
  /// Largest opening budget, in millicredits (10^12 credits).
  static let maxBudgetMillis: Int64 = 1_000_000_000_000_000
  /// Longest socket path the kernel accepts (`sun_path` less its terminating NUL).
  static let maxSocketPathBytes = 107

  /// Checks every range and cross-reference; the first problem is thrown, naming `source` and the key.
  /// Finally the scheduling core itself must accept the enterprises, prices and scheduler settings.
  public func validate(source: String) throws(ConfigError) {
    let check = Checker(file: source)
    try validateDaemon(check)
    try agentListener?.validate(check)
    try scheduler.validate(check)
    try validateNodesAndJobs(check)
    try validatePrices(check)
    try validateEnterprises(check)
    do {
      _ = try Scheduler(config: scheduler, prices: prices, enterprises: enterpriseSpecs)
    } catch {
      throw ConfigError(
        file: source, keyPath: "", message: "the scheduling core refuses this configuration: \(error)",
        hint: "this is a gap in suanlid's configuration checks: please report it")
    }
  }

  private func validateDaemon(_ check: Checker) throws(ConfigError) {
    try check.require(!socketPath.isEmpty, at: "daemon.socket", "must not be empty")
    try check.require(
      socketPath.utf8.count <= Self.maxSocketPathBytes, at: "daemon.socket",
      "is \(socketPath.utf8.count) bytes long, more than a Unix socket path may be (\(Self.maxSocketPathBytes))",
      hint: "choose a shorter path")
    try check.require(!stateDirectory.isEmpty, at: "daemon.state_dir", "must not be empty")
    if let adminGroup {
      try check.require(
        Names.isUnixName(adminGroup), at: "daemon.admin_group", "\"\(adminGroup)\" is not a valid group name",
        hint: Names.unixNameRule)
    }
    if let agentUser {
      try check.require(
        Names.isUnixName(agentUser), at: "daemon.agent_user", "\"\(agentUser)\" is not a valid user name",
        hint: Names.unixNameRule)
    }
    try check.require(
      maxRequestBytes, in: 1_024...(1 << 30), at: "daemon.max_request_bytes", as: .count("bytes"),
      hint: "1 MiB (\"1M\") is plenty for job submissions")
  }

  private func validateNodesAndJobs(_ check: Checker) throws(ConfigError) {
    try check.require(heartbeatInterval, in: 1...3_600, at: "nodes.heartbeat_interval", as: .duration)
    try check.require(
      nodeDownAfter > heartbeatInterval, at: "nodes.down_after",
      "must be longer than nodes.heartbeat_interval (\(Units.describe(seconds: heartbeatInterval))), "
        + "not \(Units.describe(seconds: nodeDownAfter))",
      hint: "a node is declared down after several missed heartbeats: 3 to 6 intervals is usual")
    try check.require(nodeDownAfter, in: 1...(7 * 86_400), at: "nodes.down_after", as: .duration)
    try check.require(defaultWalltime, in: 1...Scheduler.maxTime, at: "jobs.default_walltime", as: .duration)
    try check.require(
      defaultWalltime <= scheduler.maxWalltime, at: "jobs.default_walltime",
      "\(Units.describe(seconds: defaultWalltime)) exceeds scheduler.max_walltime "
        + "(\(Units.describe(seconds: scheduler.maxWalltime)))",
      hint: "lower the default or raise scheduler.max_walltime")
    try check.require(maxArraySize, in: 1...1_000_000, at: "jobs.max_array_size")
  }

  private func validatePrices(_ check: Checker) throws(ConfigError) {
    let range: ClosedRange<Int64> = 0...Self.maxPriceMillis
    let unit = Notation.thousandths("credits")
    try check.require(prices.perCoreHour.millis, in: range, at: "prices.core_hour", as: unit)
    try check.require(prices.perGiBHour.millis, in: range, at: "prices.gib_hour", as: unit)
    for model in prices.perCardHour.keys.sorted() {
      let path = KeyPath.appending(model, to: "prices.cards")
      try check.require(Names.isModel(model), at: path, "\"\(model)\" is not a valid model name", hint: Names.modelRule)
      try check.require(prices.perCardHour[model]!.millis, in: range, at: path, as: unit)
    }
  }
}

extension SchedulerConfig {
  /// `[scheduler]`'s ranges (the daemon's and the simulator's cluster description).
  func validate(_ check: Checker) throws(ConfigError) {
    let weightHint = "weights are relative: 0 switches a factor off"
    for (key, weight) in [
      ("class", weights.jobClass), ("age", weights.age), ("fair_share", weights.fairShare), ("boost", weights.boost),
    ] {
      try check.require(
        weight, in: 0...1e9, at: "scheduler.weights." + key, "must be between 0 and 1000000000", hint: weightHint)
    }
    let forever = Scheduler.maxTime
    try check.require(maxAge, in: 0...forever, at: "scheduler.max_age", as: .duration)
    try check.require(usageHalfLife, in: 1...forever, at: "scheduler.usage_half_life", as: .duration)
    try check.require(priorityRecalcInterval, in: 0...86_400, at: "scheduler.priority_recalc_interval", as: .duration)
    try check.require(backfillDepth, in: 0...10_000, at: "scheduler.backfill_depth")
    try check.require(
      minRuntimeBeforePreemption, in: 0...forever, at: "scheduler.min_runtime_before_preemption", as: .duration)
    try check.require(maxWalltime, in: 1...forever, at: "scheduler.max_walltime", as: .duration)
  }
}

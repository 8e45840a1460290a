import SuanliCore

/// The cluster description's layout: `[simulation]`, `[[node_group]]`, `[jobs]`, `[scheduler]`, `[prices]`,
/// `[enterprise_defaults]` and `[[enterprise]]`.
extension SimulationConfig {
  static let sections = [
    "simulation", "node_group", "jobs", "scheduler", "prices", "enterprise_defaults", "enterprise",
  ]
  static let simulationKeys = ["tick", "seed"]
  static let nodeGroupKeys = ["name", "count", "model", "cards", "cpu", "memory", "labels"]
  static let jobsKeys = [
    "walltime_factor", "walltime_cap", "walltime_min", "walltime_round", "cpu_per_card", "memory_per_card",
    "cpu_only_cpu", "cpu_only_memory", "models", "classes", "untenanted",
  ]

  static func decode(_ root: [String: ConfigValue], file: String) throws(ConfigError) -> SimulationConfig {
    var config = SimulationConfig(nodeGroups: [])
    var reader = TableReader(file: file, path: "", entries: root)
    try reader.table("simulation", known: simulationKeys) { (table: inout TableReader) throws(ConfigError) in
      if let seconds = try table.seconds("tick") { config.tick = seconds }
      if let seed = try table.integer("seed") { config.seed = UInt64(bitPattern: seed) }
    }
    config.nodeGroups = try reader.arrayOfTables("node_group", known: nodeGroupKeys) {
      (group: inout TableReader) throws(ConfigError) in try readNodeGroup(&group)
    }
    try reader.table("jobs", known: jobsKeys) { (jobs: inout TableReader) throws(ConfigError) in
      try config.jobs.read(&jobs)
    }
    try reader.table("scheduler", known: DaemonConfig.schedulerKeys) { (table: inout TableReader) throws(ConfigError) in
      try config.scheduler.read(&table)
    }
    try reader.table("prices", known: DaemonConfig.pricesKeys) { (table: inout TableReader) throws(ConfigError) in
      try config.prices.read(&table)
    }
    try reader.table("enterprise_defaults", known: Terms.keys) { (table: inout TableReader) throws(ConfigError) in
      config.defaults = try Terms.read(&table)
    }
    config.enterprises = try reader.arrayOfTables("enterprise", known: ["id", "tenants"] + Terms.keys) {
      (table: inout TableReader) throws(ConfigError) in
      guard let id = try table.string("id") else {
        throw table.problem("id", "is required", hint: "name the enterprise, e.g. id = \"vc-alpha\"")
      }
      let tenants = try table.strings("tenants") ?? []
      return Enterprise(id: id, tenants: tenants, terms: try Terms.read(&table))
    }
    try reader.rejectUnknownKeys(known: sections)
    return config
  }

  private static func readNodeGroup(_ group: inout TableReader) throws(ConfigError) -> NodeGroup {
    guard let name = try group.string("name") else {
      throw group.problem("name", "is required", hint: "node names are the group's name and a number")
    }
    guard let count = try group.integer("count") else { throw group.problem("count", "is required") }
    let model = try group.string("model")
    let cards = try group.integer("cards") ?? 0
    guard let cpu = try group.millicores("cpu") else {
      throw group.problem("cpu", "is required", hint: "e.g. cpu = 96")
    }
    guard let memory = try group.mebibytes("memory") else {
      throw group.problem("memory", "is required", hint: "e.g. memory = \"1T\"")
    }
    let labels: [String: String] =
      try group.table("labels", known: []) { (table: inout TableReader) throws(ConfigError) -> [String: String] in
        var labels: [String: String] = [:]
        for key in table.keys { labels[key] = try table.string(key) }
        return labels
      } ?? [:]
    return NodeGroup(
      name: name, count: Int(clamping: count), model: model, cards: Int(clamping: cards), cpuMillis: Int(cpu),
      memoryMiB: Int(memory), labels: labels)
  }
}

extension SimulationConfig.JobShaping {
  mutating func read(_ jobs: inout TableReader) throws(ConfigError) {
    if let factor = try jobs.number("walltime_factor") { walltimeFactor = factor }
    if let seconds = try jobs.seconds("walltime_cap") { walltimeCap = seconds }
    if let seconds = try jobs.seconds("walltime_min") { walltimeMin = seconds }
    if let seconds = try jobs.seconds("walltime_round") { walltimeRound = seconds }
    if let cpu = try jobs.millicores("cpu_per_card") { cpuPerCard = Int(cpu) }
    if let memory = try jobs.mebibytes("memory_per_card") { memoryPerCard = Int(memory) }
    if let cpu = try jobs.millicores("cpu_only_cpu") { cpuOnlyCpu = Int(cpu) }
    if let memory = try jobs.mebibytes("cpu_only_memory") { cpuOnlyMemory = Int(memory) }
    if let names = try jobs.strings("models") { models = names }
    let mapped = try jobs.table("classes", known: []) {
      (table: inout TableReader) throws(ConfigError) -> [String: JobClass] in
      var classes: [String: JobClass] = [:]
      for key in table.keys { classes[key] = try table.jobClass(key) }
      return classes
    }
    if let mapped { classes = mapped }
    if let text = try jobs.string("untenanted") { untenanted = text == "spread" ? .spread : .enterprise(text) }
  }
}

extension SimulationConfig.Terms {
  static let keys = ["guaranteed", "limit", "weight", "fair_share_weight", "boost", "budget", "class_mix"]
  static let resourceKeys = ["cpu", "memory", "cards"]

  static func read(_ table: inout TableReader) throws(ConfigError) -> Self {
    var terms = Self()
    terms.guaranteed = try readAmounts(&table, "guaranteed", absent: 0) ?? .none
    terms.limit = try readAmounts(&table, "limit", absent: SimulationConfig.Terms.wholeCluster)
    let weight = try table.number("weight")
    let alias = try table.number("fair_share_weight")
    if weight != nil && alias != nil {
      throw table.problem("fair_share_weight", "duplicates weight", hint: "keep one of the two")
    }
    terms.weight = weight ?? alias ?? 1
    terms.boost = try table.number("boost") ?? 0
    terms.budget = try table.credits("budget").map { Credits(millis: $0) }
    terms.classMix =
      try table.table("class_mix", known: JobClass.allCases.map(\.rawValue)) {
        (mix: inout TableReader) throws(ConfigError) -> [JobClass: Double] in
        var fractions: [JobClass: Double] = [:]
        for jobClass in JobClass.allCases {
          if let fraction = try mix.number(jobClass.rawValue) { fractions[jobClass] = fraction }
        }
        return fractions
      } ?? [:]
    return terms
  }

  /// `{ cpu = 64, memory = "512G", cards = { "nvidia-v100" = 16 } }`; absent CPU or memory is `absent`,
  /// absent models 0.
  private static func readAmounts(_ table: inout TableReader, _ key: String, absent: Int) throws(ConfigError)
    -> ResourceAmounts?
  {
    try table.table(key, known: resourceKeys) { (amounts: inout TableReader) throws(ConfigError) in
      var result = ResourceAmounts()
      result.cpuMillis = try amounts.millicores("cpu").map { Int($0) } ?? absent
      result.memoryMiB = try amounts.mebibytes("memory").map { Int($0) } ?? absent
      result.cards =
        try amounts.table("cards", known: []) { (cards: inout TableReader) throws(ConfigError) -> [String: Int] in
          var counts: [String: Int] = [:]
          for model in cards.keys { counts[model] = Int(clamping: try cards.integer(model)!) }
          return counts
        } ?? [:]
      return result
    }
  }
}

extension TableReader {
  /// A job class by name: `urgent`, `high`, `normal` or `low`.
  mutating func jobClass(_ key: String) throws(ConfigError) -> JobClass? {
    guard let name = try string(key) else { return nil }
    guard let jobClass = JobClass(rawValue: name) else {
      throw problem(key, "\"\(name)\" is not a job class", hint: "write urgent, high, normal or low")
    }
    return jobClass
  }
}

import SuanliCore

/// Ranges and cross-references of a cluster description.
extension SimulationConfig {
  func validate(source: String) throws(ConfigError) {
    let check = Checker(file: source)
    try scheduler.validate(check)  // first: the job checks below use max_walltime
    try check.require(!nodeGroups.isEmpty, at: "node_group", "at least one [[node_group]] is required")
    var names = Set<String>()
    var models = Set<String>()
    for (index, group) in nodeGroups.enumerated() {
      let path = "node_group[\(index)]"
      try check.require(names.insert(group.name).inserted, at: path + ".name", "\"\(group.name)\" is used twice")
      try check.require(!group.name.isEmpty, at: path + ".name", "must not be empty")
      // Its nodes are named NAME-0, NAME-1, …
      try check.require(
        NodeSpec.isValidName("\(group.name)-\(max(0, group.count - 1))"), at: path + ".name",
        "\"\(group.name)\" does not make node names", hint: NodeSpec.nameRule)
      try check.require(group.count, in: 0...100_000, at: path + ".count")
      try check.require(group.cards, in: 0...NodeSpec.maxCards, at: path + ".cards")
      try check.require(
        (group.cards > 0) == (group.model != nil), at: path + ".model",
        "a group has a model exactly when it has cards", hint: "e.g. model = \"nvidia-v100\" with cards = 8")
      try check.require(group.cpuMillis, in: 1...DaemonConfig.maxQuantity, at: path + ".cpu", as: .thousandths("cores"))
      try check.require(group.memoryMiB, in: 1...DaemonConfig.maxQuantity, at: path + ".memory", as: .mebibytes)
      if let model = group.model { models.insert(model) }
    }
    try check.require(nodeGroups.contains { $0.count > 0 }, at: "node_group", "the cluster has no node")
    try jobs.validate(check, models: models, maxWalltime: scheduler.maxWalltime)
    try check.require(tick, in: 1...86_400, at: "simulation.tick", as: .duration)
    try defaults.validate(check, at: "enterprise_defaults")
    var ids = Set<String>()
    var tenants = Set<String>()
    for (index, enterprise) in enterprises.enumerated() {
      let path = "enterprise[\(index)]"
      try check.require(
        !enterprise.id.isEmpty && enterprise.id.utf8.count <= 64, at: path + ".id", "must be 1 to 64 bytes")
      try check.require(ids.insert(enterprise.id).inserted, at: path + ".id", "\"\(enterprise.id)\" is used twice")
      for tenant in enterprise.tenants {
        try check.require(
          tenants.insert(tenant).inserted, at: path + ".tenants", "tenant \"\(tenant)\" is mapped twice")
      }
      try enterprise.terms.validate(check, at: path)
    }
    if case .enterprise(let id) = jobs.untenanted {
      try check.require(!id.isEmpty, at: "jobs.untenanted", "must name an enterprise, or be \"spread\"")
    }
  }
}

extension SimulationConfig.JobShaping {
  func validate(_ check: Checker, models: Set<String>, maxWalltime: Int64) throws(ConfigError) {
    try check.require(walltimeFactor, in: 0.01...1_000, at: "jobs.walltime_factor", "must be between 0.01 and 1000")
    try check.require(walltimeRound, in: 1...86_400, at: "jobs.walltime_round", as: .duration)
    try check.require(walltimeMin, in: 1...maxWalltime, at: "jobs.walltime_min", as: .duration)
    if let cap = walltimeCap {
      try check.require(
        cap, in: walltimeMin...maxWalltime, at: "jobs.walltime_cap", as: .duration,
        hint: "at least walltime_min and at most scheduler.max_walltime")
    }
    try check.require(cpuPerCard, in: 0...(1 << 30), at: "jobs.cpu_per_card")
    try check.require(memoryPerCard, in: 0...(1 << 30), at: "jobs.memory_per_card")
    try check.require(cpuOnlyCpu, in: 1...(1 << 30), at: "jobs.cpu_only_cpu")
    try check.require(cpuOnlyMemory, in: 0...(1 << 30), at: "jobs.cpu_only_memory")
    for model in self.models ?? [] {
      try check.require(
        models.contains(model), at: "jobs.models", "no node group has model \"\(model)\"",
        hint: "models of the cluster: \(models.sorted().joined(separator: ", "))")
    }
  }
}

extension SimulationConfig.Terms {
  func validate(_ check: Checker, at path: String) throws(ConfigError) {
    try check.require(weight, in: 1e-9...1e9, at: path + ".weight", "must be positive")
    try check.require(boost, in: 0...1, at: path + ".boost", "must be between 0 and 1")
    if let budget { try check.require(budget >= .zero, at: path + ".budget", "must not be negative") }
    let amounts = [guaranteed] + (limit.map { [$0] } ?? [])
    for amount in amounts {
      // (A limit's absent CPU or memory reads as `wholeCluster`.)
      let quantities =
        [amount.cpuMillis, amount.memoryMiB].filter { $0 != Self.wholeCluster } + Array(amount.cards.values)
      try check.require(
        quantities.allSatisfy { (0...DaemonConfig.maxQuantity).contains($0) }, at: path,
        "quotas must be between 0 and \(DaemonConfig.maxQuantity)")
    }
    guard !classMix.isEmpty else { return }
    for (jobClass, fraction) in classMix {
      try check.require(fraction, in: 0...1, at: path + ".class_mix.\(jobClass.rawValue)", "must be between 0 and 1")
    }
    let total = classMix.values.reduce(0, +)
    try check.require(
      abs(total - 1) < 1e-6, at: path + ".class_mix", "fractions must add up to 1, not \(total)",
      hint: "e.g. class_mix = { high = 0.2, normal = 0.7, low = 0.1 }")
  }
}

internal import SuanliAPI
internal import SuanliConfig
internal import SuanliCore

/// Checks a submission field by field and turns it into job rows (one per array index), or says exactly
/// which field is wrong. Pure: it changes nothing.
struct SubmissionValidator {
  var config: DaemonConfig
  /// Accelerator models the platform knows: priced, in a quota, or carried by a registered node.
  var knownModels: Set<String>

  static let maxArguments = 1024
  static let maxArgumentBytes = 65_536
  static let maxEnvironment = 1024
  static let maxNameLength = 128
  static let maxSelectorPairs = 32

  /// Rows for a submission by `caller` acting for `enterprise`, with ids from `firstID` on.
  func rows(
    for submission: JobSubmission, caller: Caller, enterprise: String, firstID: Int64, now: Int64
  ) throws(APIError) -> [JobRow] {
    try checkCommand(submission.command)
    let env = submission.env ?? [:]
    try checkEnvironment(env)
    let name = submission.name ?? Self.defaultName(submission.command)
    try check(
      name.count <= Self.maxNameLength && !name.isEmpty && !Self.hasControl(name), "name",
      "must be 1 to \(Self.maxNameLength) printable characters")
    let workdir = submission.workdir ?? "/"
    try check(
      workdir.hasPrefix("/") && workdir.utf8.count <= 4096 && !workdir.utf8.contains(0), "workdir",
      "must be an absolute path")
    let cpu = submission.cpuMillis ?? 1_000
    try check((1...(1 << 30)).contains(cpu), "cpu_millis", "must be within 1...\(1 << 30)")
    let memory = submission.memoryMib ?? 1_024
    try check((0...(1 << 40)).contains(memory), "memory_mib", "must be within 0...\(1 << 40)")
    let cards = submission.cards ?? 0
    try check((0...NodeSpec.maxCards).contains(cards), "cards", "must be within 0...\(NodeSpec.maxCards)")
    let models = cards == 0 ? [] : (submission.models ?? [])
    try checkModels(models, cards: cards)
    let nodes = submission.nodes ?? 1
    try check((1...Scheduler.maxNodeCount).contains(nodes), "nodes", "must be within 1...\(Scheduler.maxNodeCount)")
    let selector = submission.selector ?? [:]
    try check(selector.count <= Self.maxSelectorPairs, "selector", "at most \(Self.maxSelectorPairs) labels")
    let walltime = submission.walltimeSeconds ?? config.defaultWalltime
    let maxWalltime = config.scheduler.maxWalltime
    try check(
      walltime > 0 && walltime <= maxWalltime, "walltime_seconds",
      "must be within 1...\(maxWalltime) (the configured maximum)")
    let jobClass = submission.jobClass ?? "normal"
    try check(JobClass(rawValue: jobClass) != nil, "class", "must be urgent, high, normal or low")
    let indices = try arrayIndices(submission.array)

    let template = JobRow(
      id: firstID, name: name, enterprise: enterprise, uid: caller.uid, gid: caller.gid, user: caller.user,
      command: submission.command, env: env, workdir: workdir, cpuMillis: cpu, memoryMib: memory, cards: cards,
      models: models, nodes: nodes, selector: selector, walltime: walltime, jobClass: jobClass,
      requeue: submission.requeue ?? true, arrayJob: nil, arrayIndex: nil, submitTime: now,
      state: submission.hold == true ? "held" : "pending", startTime: nil, endTime: nil, placement: nil,
      exitCode: nil, signal: nil, heldMillis: 0, chargedMillis: 0, requeues: 0)
    guard let indices else { return [template] }
    let limit = submission.array?.maxRunning
    return indices.enumerated().map { offset, index in
      var row = template
      row.id = firstID + Int64(offset)
      row.arrayJob = firstID
      row.arrayIndex = index
      row.arrayLimit = limit
      row.throttled = limit.map { offset >= $0 } ?? false
      return row
    }
  }

  private func checkCommand(_ command: [String]) throws(APIError) {
    try check(!command.isEmpty && !command[0].isEmpty, "command", "must name a program to run")
    try check(command.count <= Self.maxArguments, "command", "at most \(Self.maxArguments) arguments")
    for argument in command {
      try check(
        argument.utf8.count <= Self.maxArgumentBytes && !argument.utf8.contains(0), "command",
        "arguments must be at most \(Self.maxArgumentBytes) bytes, without NUL")
    }
  }

  private func checkEnvironment(_ env: [String: String]) throws(APIError) {
    try check(env.count <= Self.maxEnvironment, "env", "at most \(Self.maxEnvironment) variables")
    for (key, value) in env {
      try check(EnvironmentName.isValid(key), "env", "variable name '\(key)' must match \(EnvironmentName.pattern)")
      try check(
        !value.utf8.contains(0) && value.utf8.count <= Self.maxArgumentBytes, "env",
        "value of \(key) must be at most \(Self.maxArgumentBytes) bytes, without NUL")
    }
  }

  private func checkModels(_ models: [String], cards: Int) throws(APIError) {
    if cards == 0 { return }
    guard !models.isEmpty else {
      throw APIError(
        .invalidField, "models: a job with cards must accept at least one accelerator model",
        hint: "models on this platform: \(knownModels.sorted().joined(separator: ", "))")
    }
    try check(Set(models).count == models.count, "models", "lists a model twice")
    for model in models where !knownModels.contains(model) {
      throw APIError(
        .invalidField, "models: unknown accelerator model '\(model)'",
        hint: "known models: \(knownModels.sorted().joined(separator: ", "))")
    }
  }

  private func arrayIndices(_ array: ArraySpec?) throws(APIError) -> [Int]? {
    guard let array else { return nil }
    let step = array.step ?? 1
    try check(
      array.first >= 0 && array.last >= array.first && step >= 1 && array.last <= 10_000_000, "array",
      "must be first-last with 0 <= first <= last and step >= 1")
    let count = (array.last - array.first) / step + 1
    try check(count <= config.maxArraySize, "array", "at most \(config.maxArraySize) jobs (max_array_size)")
    try check(array.maxRunning.map { $0 >= 1 } ?? true, "array.max_running", "must be at least 1")
    return Array(stride(from: array.first, through: array.last, by: step))
  }

  private func check(_ condition: Bool, _ field: String, _ message: String) throws(APIError) {
    if !condition { throw APIError(.invalidField, "\(field): \(message)") }
  }

  static func defaultName(_ command: [String]) -> String {
    let program = command.first?.split(separator: "/").last.map(String.init) ?? "job"
    return String(program.prefix(maxNameLength)).isEmpty ? "job" : String(program.prefix(maxNameLength))
  }

  private static func hasControl(_ text: String) -> Bool { text.utf8.contains { $0 < 0x20 } }
}

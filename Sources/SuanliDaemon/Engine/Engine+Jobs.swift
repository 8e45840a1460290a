internal import SuanliAPI
internal import SuanliCore

/// Requests about jobs: submit, cancel, hold, release.
extension Engine {
  /// Most jobs one request may create (a batch of arrays included).
  static let maxJobsPerRequest = 100_000

  /// Submits jobs (a batch; each may be an array) all or nothing, and returns their ids once durable.
  func submit(_ submissions: [JobSubmission], caller: Caller) async throws -> [Int64] {
    guard !submissions.isEmpty else { throw APIError(.invalidField, "jobs: nothing to submit") }
    guard !diskSpace.isLow else {
      throw APIError(
        .unavailable, "the disk of the state directory \(diskSpace.directory) is full: no new jobs are accepted",
        hint: "an operator frees space there (df -h \(diskSpace.directory)); running jobs carry on")
    }
    let now = now()
    let validator = SubmissionValidator(config: config, knownModels: knownModels())
    var rows: [JobRow] = []
    for (position, submission) in submissions.enumerated() {
      do {
        let enterprise = try Authorizer.enterprise(for: caller, named: submission.enterprise, known: core.enterpriseIDs)
        rows += try validator.rows(
          for: submission, caller: caller, enterprise: enterprise, firstID: nextJobID + Int64(rows.count), now: now)
      } catch {
        throw submissions.count == 1
          ? error : APIError(error.code, "jobs[\(position)]: \(error.message)", hint: error.hint)
      }
      guard rows.count <= Self.maxJobsPerRequest else {
        throw APIError(.invalidField, "at most \(Self.maxJobsPerRequest) jobs per request", hint: "split the batch")
      }
    }
    try submitToCore(rows, at: now)
    nextJobID += Int64(rows.count)
    for row in rows {
      record(job: row)
      log(
        LogRecord(
          .jobSubmitted, "job \(row.id) submitted by \(row.user) for \(row.enterprise)", metadata: metadata(row.id)))
    }
    cycleSignal.request()
    try await durable()
    return rows.map(\.id)
  }

  /// Gives every row to the core; if the core refuses one, takes back those it accepted and throws.
  private func submitToCore(_ rows: [JobRow], at now: Int64) throws(APIError) {
    for (position, row) in rows.enumerated() {
      do {
        _ = try core.handle(.submit(row.spec), at: now)
      } catch {
        for accepted in rows[..<position] { _ = try? core.handle(.cancel(JobID(UInt64(accepted.id))), at: now) }
        throw APIError(
          .invalidField, rows.count == 1 ? error.description : "job \(position + 1) of \(rows.count): \(error)",
          hint: "suanli quota shows each enterprise's limits")
      }
    }
  }

  func cancel(_ id: Int64, caller: Caller) async throws -> JobInfo {
    let row = try activeJob(id, for: caller, action: "cancel")
    try handle(.cancel(JobID(UInt64(id))), action: "cancel", row: row)
    cycleSignal.request()
    try await durable()
    return try jobInfo(id, caller: caller)
  }

  func hold(_ id: Int64, caller: Caller) async throws -> JobInfo { try await setHeld(true, id, caller: caller) }

  func release(_ id: Int64, caller: Caller) async throws -> JobInfo { try await setHeld(false, id, caller: caller) }

  private func setHeld(_ held: Bool, _ id: Int64, caller: Caller) async throws -> JobInfo {
    let action = held ? "hold" : "release"
    var row = try activeJob(id, for: caller, action: action)
    let now = now()
    // A job waiting for its array's limit stays held in the core: only its state for users changes.
    let from = held ? JobStateName.pending : .held
    if !(row.throttled && row.state == from.rawValue) {
      let job = JobID(UInt64(id))
      try handle(held ? .hold(job) : .release(job), action: action, row: row)
    }
    row.state = (held ? JobStateName.held : .pending).rawValue
    record(job: row)
    let verb = held ? "held" : "released"
    record(event: verb, job: id, at: now, detail: "by \(caller.user)")
    log(LogRecord(held ? .jobHeld : .jobReleased, "job \(id) \(verb) by \(caller.user)", metadata: metadata(id)))
    if !held { cycleSignal.request() }
    try await durable()
    return try jobInfo(id, caller: caller)
  }

  /// Applies a job event to the core and its decisions to the records; a refusal is a conflict.
  private func handle(_ event: Event, action: String, row: JobRow) throws(APIError) {
    let now = now()
    do {
      apply(try core.handle(event, at: now), at: now)
    } catch {
      throw APIError(.conflict, "cannot \(action) job \(row.id): it is \(row.state)", hint: "\(error)")
    }
  }

  /// A job not yet ended that the caller may act on; otherwise the error a user should see.
  func activeJob(_ id: Int64, for caller: Caller, action: String) throws(APIError) -> JobRow {
    if let row = jobs[id], caller.mayAccess(enterprise: row.enterprise) { return row }
    let ended = try? storedJob(id)
    if let ended, caller.mayAccess(enterprise: ended.enterprise) {
      throw APIError(.conflict, "cannot \(action) job \(id): it already ended (\(ended.state))")
    }
    throw APIError(.notFound, "no job \(id)", hint: "suanli queue lists your jobs")
  }

  /// A job from the database, with changes not yet committed taken into account.
  func storedJob(_ id: Int64) throws -> JobRow? {
    if let row = jobs[id] ?? pending.jobs[id] { return row }
    return try store.job(id)
  }

  /// Accelerator models the platform knows: priced, in some enterprise's limit, or carried by a node.
  func knownModels() -> Set<String> {
    var models = Set(config.prices.perCardHour.keys)
    for enterprise in config.enterprises { models.formUnion(enterprise.spec.limit.cards.keys) }
    for node in nodes.values { if let model = node.model { models.insert(model) } }
    return models
  }
}

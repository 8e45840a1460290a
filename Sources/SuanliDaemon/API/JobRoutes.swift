internal import SuanliAPI
internal import SuanliHTTP

/// `/v1/jobs`: submit, list, show, cancel, hold, release.
enum JobRoutes {
  static func submit(_ context: RequestContext) async throws -> HTTPResponse {
    let submission = try context.body(JobSubmission.self)
    let ids = try await context.engine.submit([submission], caller: context.caller)
    return Router.ok(SubmitResult(jobIds: ids.map { UInt64($0) }), status: 201)
  }

  static func submitBatch(_ context: RequestContext) async throws -> HTTPResponse {
    let batch = try context.body(BatchSubmission.self)
    let ids = try await context.engine.submit(batch.jobs, caller: context.caller)
    return Router.ok(SubmitResult(jobIds: ids.map { UInt64($0) }), status: 201)
  }

  static func list(_ context: RequestContext) async throws -> HTTPResponse {
    var filter = Engine.JobFilter()
    for name in context.request.queryValues("state").flatMap({ $0.split(separator: ",").map(String.init) }) {
      if name == "all" {
        filter.states = JobStateName.allCases
        break
      }
      guard let state = JobStateName(rawValue: name) else {
        throw APIError(
          .invalidField, "state: unknown state '\(name)'",
          hint: "one of \(JobStateName.allCases.map(\.rawValue).joined(separator: ", ")), or all")
      }
      filter.states.append(state)
    }
    filter.enterprise = context.query("enterprise")
    filter.user = context.query("user")
    filter.after = try context.queryInt("after", default: 0, range: 0...Int64.max) ?? 0
    filter.limit = Int(try context.queryInt("limit", default: 1_000, range: 1...100_000) ?? 1_000)
    filter.withPriority = context.query("priority") == "true"
    return Router.ok(try await context.engine.listJobs(filter, caller: context.caller))
  }

  static func show(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(try await context.engine.jobInfo(try context.jobID(), caller: context.caller))
  }

  static func cancel(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(try await context.engine.cancel(try context.jobID(), caller: context.caller))
  }

  static func hold(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(try await context.engine.hold(try context.jobID(), caller: context.caller))
  }

  static func release(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(try await context.engine.release(try context.jobID(), caller: context.caller))
  }
}

internal import ServiceLifecycle
internal import SuanliAPI
internal import SuanliHTTP

/// `/v1/agent`: what node agents call.
enum AgentRoutes {
  /// Longest a long-poll for assignments may wait.
  static let maxWait: Int64 = 60

  static func register(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(try await context.engine.register(try context.body(AgentRegistration.self), caller: context.caller))
  }

  static func heartbeat(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(try await context.engine.heartbeat(try context.body(AgentHeartbeat.self), caller: context.caller))
  }

  /// Waits up to `wait` seconds for assignments other than version `version`, then answers with the current ones.
  static func assignments(_ context: RequestContext) async throws -> HTTPResponse {
    guard let node = context.query("node"), !node.isEmpty else {
      throw APIError(.invalidField, "node: required query parameter")
    }
    let wait = try context.queryInt("wait", default: 0, range: 0...maxWait) ?? 0
    let seen = UInt64(try context.queryInt("version", default: 0, range: 0...Int64.max) ?? 0)
    // Checks access and that the node exists before waiting.
    let current = try await context.engine.assignments(of: node, caller: context.caller)
    guard wait > 0, current.version == seen else { return Router.ok(current) }
    // A stopping daemon answers at once: the agent's next poll goes to the daemon that replaces it.
    let board = context.engine.board
    await withGracefulShutdownHandler {
      await board.wait(node: node, seen: seen, timeout: .seconds(wait))
    } onGracefulShutdown: {
      board.close()
    }
    return Router.ok(try await context.engine.assignments(of: node, caller: context.caller))
  }

  static func report(_ context: RequestContext) async throws -> HTTPResponse {
    let report = try context.body(JobStateReport.self)
    return Router.ok(try await context.engine.report(try context.jobID(), report, caller: context.caller))
  }
}

internal import SuanliAPI
internal import SuanliCore
internal import SuanliHTTP

/// `/v1/nodes`: list, show, drain, resume, and remote agents' tokens.
enum NodeRoutes {
  static func list(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(await context.engine.listNodes())
  }

  static func show(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(try await context.engine.node(context.parameter("name")))
  }

  static func drain(_ context: RequestContext) async throws -> HTTPResponse {
    let request = try context.body(DrainRequest.self)
    guard !request.reason.isEmpty, request.reason.count <= 256 else {
      throw APIError(.invalidField, "reason: must be 1 to 256 characters", hint: "say why, as sinfo -R would show")
    }
    return Router.ok(
      try await context.engine.setState(
        of: context.parameter("name"), to: .draining, reason: request.reason, caller: context.caller))
  }

  static func resume(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(
      try await context.engine.setState(of: context.parameter("name"), to: .ready, reason: nil, caller: context.caller))
  }

  static func issueToken(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(try await context.engine.issueToken(for: context.parameter("name"), caller: context.caller), status: 201)
  }

  static func revokeToken(_ context: RequestContext) async throws -> HTTPResponse {
    Router.ok(try await context.engine.revokeToken(of: context.parameter("name"), caller: context.caller))
  }
}

internal import Logging
internal import SuanliAPI
internal import SuanliHTTP

/// The API: one alphabetised route table, callers from peer credentials (or, on the TLS port, a node's token),
/// JSON in and out, every error as `{"error": {...}}` with its status.
struct Router: HTTPResponder {
  let engine: Engine
  let logger: Logger
  let reload: @Sendable () async throws -> Void
  let routes: [Route]
  /// Refused tokens, counted per address so that their warnings cannot flood the journal.
  let refusals = WarningThrottle()

  init(engine: Engine, logger: Logger, reload: @escaping @Sendable () async throws -> Void) {
    self.engine = engine
    self.logger = logger
    self.reload = reload
    self.routes = Self.table
  }

  /// Every endpoint, by path then method. `docs/openapi.json` documents exactly these (a test checks).
  static let table: [Route] = [
    Route(method: "GET", pattern: "/v1/agent/assignments", handler: AgentRoutes.assignments),
    Route(method: "POST", pattern: "/v1/agent/heartbeat", handler: AgentRoutes.heartbeat),
    Route(method: "POST", pattern: "/v1/agent/jobs/{id}/state", handler: AgentRoutes.report),
    Route(method: "POST", pattern: "/v1/agent/register", handler: AgentRoutes.register),
    Route(method: "GET", pattern: "/v1/enterprises", handler: EnterpriseRoutes.list),
    Route(method: "GET", pattern: "/v1/enterprises/{id}", handler: EnterpriseRoutes.show),
    Route(method: "POST", pattern: "/v1/enterprises/{id}/grant", handler: EnterpriseRoutes.grant),
    Route(method: "GET", pattern: "/v1/enterprises/{id}/ledger", handler: EnterpriseRoutes.ledger),
    Route(method: "GET", pattern: "/v1/info", handler: DaemonRoutes.info),
    Route(method: "GET", pattern: "/v1/jobs", handler: JobRoutes.list),
    Route(method: "POST", pattern: "/v1/jobs", handler: JobRoutes.submit),
    Route(method: "POST", pattern: "/v1/jobs/batch", handler: JobRoutes.submitBatch),
    Route(method: "GET", pattern: "/v1/jobs/{id}", handler: JobRoutes.show),
    Route(method: "POST", pattern: "/v1/jobs/{id}/cancel", handler: JobRoutes.cancel),
    Route(method: "POST", pattern: "/v1/jobs/{id}/hold", handler: JobRoutes.hold),
    Route(method: "POST", pattern: "/v1/jobs/{id}/release", handler: JobRoutes.release),
    Route(method: "GET", pattern: "/v1/nodes", handler: NodeRoutes.list),
    Route(method: "GET", pattern: "/v1/nodes/{name}", handler: NodeRoutes.show),
    Route(method: "POST", pattern: "/v1/nodes/{name}/drain", handler: NodeRoutes.drain),
    Route(method: "POST", pattern: "/v1/nodes/{name}/resume", handler: NodeRoutes.resume),
    Route(method: "DELETE", pattern: "/v1/nodes/{name}/token", handler: NodeRoutes.revokeToken),
    Route(method: "POST", pattern: "/v1/nodes/{name}/token", handler: NodeRoutes.issueToken),
    Route(method: "POST", pattern: "/v1/reload", handler: DaemonRoutes.reload),
    Route(method: "GET", pattern: "/v1/usage", handler: DaemonRoutes.usage),
  ]

  func respond(to request: HTTPRequest, from peer: Peer) async -> HTTPResponse {
    do {
      // Who calls: the user of the peer credentials, or on the TLS port the agent of the token's node. A remote
      // caller proves who it is before it learns anything, even which paths exist.
      let caller: Caller
      switch peer {
      case .local(let credentials): caller = engine.callers.caller(uid: credentials.uid, gid: credentials.gid)
      case .remote: caller = try RemoteAgent.caller(from: request.headers, tokens: engine.nodeTokens)
      }
      let path = request.path.split(separator: "/")
      let matches = routes.compactMap { route in route.match(path).map { (route, $0) } }
      guard !matches.isEmpty else {
        throw APIError(.notFound, "no endpoint \(request.path)", hint: "endpoints are listed in docs/openapi.json")
      }
      guard let (route, parameters) = matches.first(where: { $0.0.method == request.method }) else {
        let allowed = matches.map(\.0.method).joined(separator: ", ")
        throw APIError(.badRequest, "\(request.method) is not allowed on \(request.path)", hint: "use \(allowed)")
      }
      if case .remote = peer { try RemoteAgent.requireAgentRoute(route, request) }
      let context = RequestContext(
        request: request, caller: caller, parameters: parameters, engine: engine, reload: reload)
      return try await route.handler(context)
    } catch let error as APIError {
      if case .remote(let address) = peer, error.code == .unauthorized {
        // Anyone may try, as often as they like: at most one entry per address a minute, with the count left out.
        logger.warning(
          "agent at \(address) refused: \(error.message)", throttledBy: refusals, origin: peer.origin,
          metadata: ["peer.address": "\(address)"])
        // Whoever cannot show a token keeps no connection to the agents' port, not even to try again.
        var refusal = Self.response(error)
        refusal.closesConnection = true
        return refusal
      }
      return Self.response(error)
    } catch {
      logger.error("request \(request.method) \(request.path) failed: \(error)")
      return Self.response(APIError(.internal, "internal error: \(error)", hint: "see journalctl -u suanlid"))
    }
  }

  static func response(_ error: APIError) -> HTTPResponse {
    .json(status: error.code.httpStatus, body: Array(APIJSON.encode(APIErrorBody(error))))
  }

  static func ok(_ value: some Encodable, status: Int = 200) -> HTTPResponse {
    .json(status: status, body: Array(APIJSON.encode(value)))
  }
}

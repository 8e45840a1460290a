internal import SuanliAPI
internal import SuanliHTTP

/// Callers on the TLS port: node agents on other machines, each proving its node with `Authorization: Bearer`
/// and that node's token. They may call the agent endpoints for their own node, nothing else.
enum RemoteAgent {
  static let tokenHint = "ask an operator for `suanli node token NODE` and put it in the agent's token_file"

  /// The caller a token makes: an agent restricted to the token's node.
  static func caller(from headers: HTTPHeaderFields, tokens: NodeTokens) throws(APIError) -> Caller {
    guard let field = headers["authorization"] else {
      throw APIError(.unauthorized, "a node token is required on the agents' TLS port", hint: tokenHint)
    }
    let parts = field.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else {
      throw APIError(.unauthorized, "the Authorization field must be \"Bearer TOKEN\"", hint: tokenHint)
    }
    let token = parts[1].filter { !$0.isWhitespace }
    guard let node = tokens.node(presenting: token) else {
      throw APIError(.unauthorized, "this node token is unknown or was revoked", hint: tokenHint)
    }
    return Caller(
      uid: .max, gid: .max, user: "agent of \(node)", isOperator: false, isAgent: true, enterprises: [], node: node)
  }

  /// Only the agent endpoints are served on the TLS port.
  static func requireAgentRoute(_ route: Route, _ request: HTTPRequest) throws(APIError) {
    guard route.pattern.hasPrefix("/v1/agent/") else {
      throw APIError(
        .forbidden, "\(request.method) \(request.path) is not served on the agents' TLS port",
        hint: "only /v1/agent/ is; use suanli on the daemon's machine (its Unix socket)")
    }
  }
}

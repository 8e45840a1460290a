internal import Foundation
internal import Logging
internal import SuanliAPI
internal import SuanliCore
internal import SystemdKit

/// Remote agents' node tokens: an operator creates (or replaces) and revokes them; only digests are kept.
extension Engine {
  /// Creates or replaces the token of `node` (which need not be registered yet) and returns it, this once.
  func issueToken(for node: String, caller: Caller) throws -> NodeToken {
    try Self.requireTokenOperator(caller)
    try Self.requireNodeName(node)
    let token = NodeTokens.generate()
    let digest = NodeTokens.digest(of: token)
    let created = now()
    try store.save(NodeTokenRow(node: node, sha256: Data(digest), created: created))
    nodeTokens.set(digest, for: node)
    // Already durable (saved above): told now, not after the next group commit.
    LogRecord(
      .nodeTokenIssued, "node \(node): new agent token by \(caller.user); any previous one no longer works",
      level: .notice, metadata: [LogKey.node: "\(node)", LogKey.user: "\(caller.user)"]
    ).emit(to: logger)
    return NodeToken(node: node, token: token, created: created)
  }

  /// Revokes the token of `node`: its agent can no longer connect over TLS.
  func revokeToken(of node: String, caller: Caller) throws -> NodeTokenRevocation {
    try Self.requireTokenOperator(caller)
    try Self.requireNodeName(node)
    let revoked = try store.deleteNodeToken(of: node)
    nodeTokens.remove(node)
    if revoked {
      LogRecord(
        .nodeTokenRevoked, "node \(node): agent token revoked by \(caller.user)", level: .notice,
        metadata: [LogKey.node: "\(node)", LogKey.user: "\(caller.user)"]
      ).emit(to: logger)
    }
    return NodeTokenRevocation(node: node, revoked: revoked)
  }

  private static func requireTokenOperator(_ caller: Caller) throws(APIError) {
    guard caller.isOperator else {
      throw APIError(
        .forbidden, "only operators may create or revoke node tokens",
        hint: "run as root or a member of the admin group")
    }
  }

  /// What the core accepts as a node name (`NodeSpec.nameRule`).
  private static func requireNodeName(_ node: String) throws(APIError) {
    guard NodeSpec.isValidName(node) else {
      throw APIError(.invalidField, "'\(node)' is not a node name", hint: NodeSpec.nameRule)
    }
  }
}

/// `POST /v1/nodes/{name}/token` (operators): a node's new token, shown this once. The daemon keeps only its
/// SHA-256; creating a token again replaces the old one. The node's agent sends it as `Authorization: Bearer`
/// on the daemon's TLS port (`[agents]` in suanlid.toml).
public struct NodeToken: Codable, Sendable, Hashable {
  public var node: String
  /// `suanli_` and 43 base64url characters (32 random bytes).
  public var token: String
  /// Unix seconds.
  public var created: Int64

  public init(node: String, token: String, created: Int64) {
    self.node = node
    self.token = token
    self.created = created
  }
}

/// `DELETE /v1/nodes/{name}/token` (operators): the node's token no longer works.
public struct NodeTokenRevocation: Codable, Sendable, Hashable {
  public var node: String
  /// False when the node had no token.
  public var revoked: Bool

  public init(node: String, revoked: Bool) {
    self.node = node
    self.revoked = revoked
  }
}

internal import ArgumentParser
internal import SuanliAPI

/// `suanli node token NODE [--revoke]`: creates (or replaces) the token a remote node's agent authenticates with,
/// or revokes it.
struct NodeTokenCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "token",
    abstract: "Create or replace a remote node's agent token, or revoke it (operators).",
    discussion: """
      The token is printed once, alone on standard output; suanlid keeps only its SHA-256. Creating a token \
      again replaces the old one. The node's agent sends it to suanlid's TLS port ([agents] in suanlid.toml).
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The node's name, as its agent.toml [agent] node says (it need not be registered yet).")
  var node: String

  @Flag(name: .long, help: "Revoke the node's token instead: its agent can no longer connect over TLS.")
  var revoke = false

  func run() throws {
    let target = "/v1/nodes/\(ClusterPath.segment(node))/token"
    let client = global.client()
    if revoke {
      let revocation = try client.call("DELETE", target, as: NodeTokenRevocation.self)
      if global.json { return Output.json(revocation) }
      Output.line(NodeTokenText.revocation(revocation))
      return
    }
    let token = try client.call("POST", target, as: NodeToken.self)
    if global.json { return Output.json(token) }
    Output.line(token.token)
    Output.error(NodeTokenText.installHint(for: token))
  }
}

/// What `suanli node token` says besides the token itself.
enum NodeTokenText {
  static func revocation(_ revocation: NodeTokenRevocation) -> String {
    revocation.revoked
      ? "node \(revocation.node): token revoked; its agent can no longer connect over TLS"
      : "node \(revocation.node) had no token"
  }

  /// Where the token goes on the node (standard error, so that standard output is the token alone).
  static func installHint(for token: NodeToken) -> String {
    """
    node \(token.node): the new token is shown only this once (any previous token no longer works).
    On \(token.node), save it in /etc/suanli/agent.token (mode 0600) and set in /etc/suanli/agent.toml:
      [agent] node = "\(token.node)", daemon = "https://THIS-HOST:7443", token_file = "/etc/suanli/agent.token"
    (and ca_file if suanlid's certificate is not signed by a system root). Or create and install it in one step:
      suanli node token \(token.node) | ssh root@\(token.node) 'install -m 600 /dev/stdin /etc/suanli/agent.token'
    """
  }
}

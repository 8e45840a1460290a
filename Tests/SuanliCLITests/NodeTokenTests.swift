import ArgumentParser
import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

@testable import SuanliCLI

/// `suanli node token NODE [--revoke] [--json]`: parsing, help text, and the real binary against a real daemon.
@Suite(.serialized) struct NodeTokenTests {
  @Test func parsesTheNodeAndTheRevokeFlag() throws {
    let create = try #require(try SuanliCommand.parseAsRoot(["node", "token", "gpu-01"]) as? NodeTokenCommand)
    #expect(create.node == "gpu-01" && !create.revoke && !create.global.json)
    let revoke = try #require(
      try SuanliCommand.parseAsRoot(["node", "token", "gpu-01", "--revoke", "--json"]) as? NodeTokenCommand)
    #expect(revoke.revoke && revoke.global.json)
    #expect(throws: (any Error).self) { try SuanliCommand.parseAsRoot(["node", "token"]) }
  }

  @Test func helpText() throws {
    try ClusterGolden.check(SuanliCommand.helpMessage(for: NodeTokenCommand.self, columns: 100), "node-token-help.txt")
  }

  @Test func texts() {
    #expect(
      NodeTokenText.revocation(NodeTokenRevocation(node: "n1", revoked: true))
        == "node n1: token revoked; its agent can no longer connect over TLS")
    #expect(NodeTokenText.revocation(NodeTokenRevocation(node: "n1", revoked: false)) == "node n1 had no token")
    let hint = NodeTokenText.installHint(for: NodeToken(node: "gpu-01", token: "suanli_x", created: 1))
    #expect(hint.contains("token_file = \"/etc/suanli/agent.token\""))
    #expect(hint.contains("ssh root@gpu-01 'install -m 600 /dev/stdin /etc/suanli/agent.token'"))
  }

  @Test func createsPrintsAloneAndRevokesAToken() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let created = try ClusterCLI.run(["node", "token", "gpu-01"], socket: daemon.socketPath)
    #expect(created.status == 0, "\(created.stderr)")
    let token = created.stdout.trimmingCharacters(in: .newlines)
    #expect(created.stdout == token + "\n", "standard output is the token alone")
    #expect(token.hasPrefix("suanli_") && token.count == 50)
    #expect(token.dropFirst(7).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    #expect(created.stderr.contains("shown only this once") && created.stderr.contains("token_file"))

    let json = try ClusterCLI.run(["node", "token", "gpu-01", "--json"], socket: daemon.socketPath)
    #expect(json.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["node"] as? String == "gpu-01" && object["schema"] != nil)
    #expect((object["token"] as? String)?.hasPrefix("suanli_") == true && object["token"] as? String != token)

    let refused = try ClusterCLI.run(["node", "token", "gpu-01"], socket: daemon.socketPath, asNobody: true)
    #expect(refused.status == 4)
    #expect(refused.stderr.contains("only operators"))

    let revoked = try ClusterCLI.run(["node", "token", "gpu-01", "--revoke"], socket: daemon.socketPath)
    #expect(revoked.status == 0)
    #expect(revoked.stdout == "node gpu-01: token revoked; its agent can no longer connect over TLS\n")
    let again = try ClusterCLI.run(["node", "token", "gpu-01", "--revoke"], socket: daemon.socketPath)
    #expect(again.stdout == "node gpu-01 had no token\n")
  }
}

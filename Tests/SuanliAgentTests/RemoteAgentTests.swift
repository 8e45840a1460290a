import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

/// Remote agents: a real `suanli-agent` reaching a real `suanlid` over TLS on loopback with its node's token.
@Suite(.serialized)
struct RemoteAgentTests {
  @Test func aRemoteAgentRegistersAndRunsAJobOverTLS() throws {
    let remote = try RemoteDaemon()
    let tokenFile = try remote.tokenFile(try remote.token(for: "n1"), name: "n1")
    let agent = try AgentProcess(daemon: remote.daemon, connection: remote.connection(tokenFile: tokenFile))
    try agent.start()
    #expect(agent.log.contains("daemon \(remote.url)"))
    let client = remote.daemon.client()
    let id = try client.submitScript("echo hello from $SUANLI_NODE over tls; echo cards=$CUDA_VISIBLE_DEVICES")
    let info = try client.waitFor(id, .succeeded)
    #expect(info.state == .succeeded, "\(agent.log)")
    #expect(info.exitCode == 0)
    let cards = try #require(info.placement?.nodes.first?.cards)
    let log = agent.jobLog(id)
    #expect(log.contains("hello from n1 over tls\n"))
    #expect(log.contains("cards=\(cards.map(String.init).joined(separator: ","))\n"))
    try waitUntil("the job's record removed once reported") { agent.jobRecord(id) == nil }
    #expect(try client.call("GET", "/v1/nodes/n1", as: NodeInfo.self).state == "ready")
  }

  @Test func aWrongTokenIsRefusedAndTheNodeIsNotRegistered() throws {
    let remote = try RemoteDaemon()
    _ = try remote.token(for: "n1")
    let wrong = try remote.tokenFile("suanli_" + String(repeating: "A", count: 43), name: "wrong")
    let agent = try AgentProcess(daemon: remote.daemon, connection: remote.connection(tokenFile: wrong))
    try agent.launch()
    try waitUntil("the agent told its token is refused") { agent.log.contains("unknown or was revoked") }
    #expect(agent.log.contains("suanli node token NODE"), "the hint reaches the agent's log")
    #expect(agent.log.contains("refuses this node"), "not mistaken for an unreachable daemon")
    #expect(throws: ClientError.self) { try remote.daemon.client().call("GET", "/v1/nodes/n1", as: NodeInfo.self) }
    agent.stop()

    let missing = try remote.curl("POST", "/v1/agent/register", body: RemoteDaemon.registration("n1"))
    #expect(missing.status == 401)
    #expect(missing.body.contains("\"unauthorized\"") && missing.body.contains("suanli node token NODE"))
    let garbled = try remote.curl(
      "POST", "/v1/agent/register", token: "nonsense", body: RemoteDaemon.registration("n1"))
    #expect(garbled.status == 401)
    #expect(throws: ClientError.self) { try remote.daemon.client().call("GET", "/v1/nodes/n1", as: NodeInfo.self) }
  }

  @Test func aRefusedTokenClosesItsConnection() throws {
    let remote = try RemoteDaemon()
    // Two requests for one connection: the first, refused, closes it, so curl opens another for the second.
    let (_, output) = try runCapturingOutput(
      "/usr/bin/curl",
      [
        "-s", "--include", "--max-time", "10", "--cacert", remote.certificates.caPath, "-H",
        "Authorization: Bearer nonsense", "\(remote.url)/v1/agent/assignments?node=n1",
        "\(remote.url)/v1/agent/heartbeat",
        "--write-out", "connections opened: %{num_connects}\n",
      ])
    #expect(output.hasPrefix("HTTP/1.1 401"))
    #expect(output.lowercased().contains("connection: close"))
    #expect(output.contains("\"unauthorized\""), "the refusal is answered before the connection closes")
    #expect(output.components(separatedBy: "connections opened: 1\n").count == 3, "\(output)")
  }

  @Test func aTokenActsOnlyForItsOwnNode() throws {
    let remote = try RemoteDaemon()
    let n1 = try remote.token(for: "n1")
    _ = try remote.token(for: "n2")
    let asN2 = try remote.curl("POST", "/v1/agent/register", token: n1, body: RemoteDaemon.registration("n2"))
    #expect(asN2.status == 403)
    #expect(asN2.body.contains("node n1's, not node n2's"))
    #expect(throws: ClientError.self) { try remote.daemon.client().call("GET", "/v1/nodes/n2", as: NodeInfo.self) }

    let asN1 = try remote.curl("POST", "/v1/agent/register", token: n1, body: RemoteDaemon.registration("n1"))
    #expect(asN1.status == 200, "\(asN1.body)")
    let heartbeat = #"{"node": "n2", "running": []}"#
    #expect(try remote.curl("POST", "/v1/agent/heartbeat", token: n1, body: heartbeat).status == 403)
    #expect(try remote.curl("GET", "/v1/agent/assignments?node=n2", token: n1).status == 403)
    #expect(try remote.curl("GET", "/v1/agent/assignments?node=n1", token: n1).status == 200)

    // A job placed on n2 cannot be reported by n1's agent, even naming n2 in the report.
    let client = remote.daemon.client()
    _ = try client.register("n2", cards: 8)
    _ = try client.call("POST", "/v1/nodes/n1/drain", body: DrainRequest(reason: "keep jobs off n1"), as: NodeInfo.self)
    let id = try client.submitScript("true")
    #expect(try client.waitFor(id, .starting).placement?.nodes.first?.node == "n2")
    let report = #"{"node": "n2", "state": "succeeded", "exit_code": 0}"#
    #expect(try remote.curl("POST", "/v1/agent/jobs/\(id)/state", token: n1, body: report).status == 403)
    #expect(try client.job(id).state == .starting)
  }

  @Test func theTLSPortServesOnlyTheAgentAPIAndOnlyTLS() throws {
    let remote = try RemoteDaemon()
    let token = try remote.token(for: "n1")
    let jobs = try remote.curl("GET", "/v1/jobs", token: token)
    #expect(jobs.status == 403)
    #expect(jobs.body.contains("not served on the agents' TLS port"))
    #expect(try remote.curl("POST", "/v1/nodes/n1/token", token: token).status == 403)
    #expect(try remote.curl("GET", "/v1/info", token: token).status == 403)
    #expect(try remote.curl("GET", "/v1/jobs").status == 401, "nothing is told before the token is checked")

    let plain = try remote.curl("GET", "/v1/agent/assignments?node=n1", token: token, scheme: "http")
    #expect(plain.exit != 0)
    #expect(plain.status == 0, "no HTTP answer without TLS")
    // The daemon still serves TLS after the plain-text attempt.
    #expect(try remote.curl("GET", "/v1/agent/assignments?node=n1", token: token).status == 404)
  }

  @Test func theTLSPortRefusesBodiesBeyondWhatAnAgentSends() throws {
    let remote = try RemoteDaemon()
    let token = try remote.token(for: "n1")
    // Bigger than the port's 256 KiB limit, though within the local socket's 1 MiB.
    let big = remote.directory + "/big.json"
    try Data(repeating: UInt8(ascii: " "), count: 300 << 10).write(to: URL(fileURLWithPath: big))
    #expect(try remote.curl("POST", "/v1/agent/register", token: token, body: "@" + big).status == 413)
    #expect(
      try remote.curl("POST", "/v1/agent/register", body: "@" + big).status == 413, "nor buffered without a token")
  }

  @Test func tokensAreStoredHashedReplacedAndRevoked() throws {
    let remote = try RemoteDaemon()
    let first = try remote.token(for: "n1")
    #expect(first.hasPrefix("suanli_") && first.count == 7 + 43)
    let token = try remote.token(for: "n1")
    #expect(token != first)
    #expect(try remote.curl("GET", "/v1/agent/assignments?node=n1", token: first).status == 401, "replaced")
    #expect(try remote.curl("GET", "/v1/agent/assignments?node=n1", token: token).status == 404, "not registered yet")

    let stored = remote.databaseBytes()
    #expect(stored.range(of: Data(token.utf8)) == nil, "the token itself is not stored")
    let digest = try sha256(token)
    #expect(stored.range(of: digest) != nil, "its SHA-256 is")

    let nobody = try remote.daemon.curl(as: 65534, gid: 65534, "POST", "/v1/nodes/n1/token")
    #expect(nobody.status == 403)
    let revoked = try remote.daemon.client().call("DELETE", "/v1/nodes/n1/token", as: NodeTokenRevocation.self)
    #expect(revoked == NodeTokenRevocation(node: "n1", revoked: true))
    #expect(try remote.curl("GET", "/v1/agent/assignments?node=n1", token: token).status == 401)
    let again = try remote.daemon.client().call("DELETE", "/v1/nodes/n1/token", as: NodeTokenRevocation.self)
    #expect(!again.revoked)

    // Tokens survive a restart: they are in the database.
    let kept = try remote.token(for: "n1")
    remote.daemon.stop()
    try remote.daemon.start()
    try waitUntil("the TLS port back") {
      try remote.curl("GET", "/v1/agent/assignments?node=n1", token: kept).status != 0
    }
    #expect(try remote.curl("GET", "/v1/agent/assignments?node=n1", token: kept).status == 404)
  }

  @Test func aDaemonWhoseAgentsPortCannotWorkDoesNotRun() throws {
    let missingKey = try RemoteDaemon(start: false, privateKey: "/nonexistent/key.pem")
    #expect(throws: TestFailure.self) { try missingKey.daemon.start() }
    #expect(missingKey.daemon.log.contains("agents.private_key: cannot read /nonexistent/key.pem"))

    let notAKey = try RemoteDaemon(start: false)
    let swapped = try RemoteDaemon(start: false, privateKey: notAKey.certificates.caPath)
    try? swapped.daemon.start()
    try waitUntil("suanlid to give up") { swapped.daemon.log.contains("cannot read the private key") }
    #expect(swapped.daemon.stop() != 0)

    // The port is taken: suanlid says so and stops.
    let first = try RemoteDaemon()
    let second = try RemoteDaemon(start: false, port: first.port)
    try? second.daemon.start()
    try waitUntil("suanlid to give up") { second.daemon.log.contains("cannot listen on 127.0.0.1:\(first.port)") }
    #expect(second.daemon.stop() != 0)
    #expect(try first.curl("GET", "/v1/agent/assignments").status == 401, "the first one still serves")
  }

  @Test func theDaemonLogsRefusedAgentsOncePerAddressAMinute() throws {
    let remote = try RemoteDaemon()
    for attempt in 0..<5 {
      #expect(try remote.curl("GET", "/v1/agent/assignments?node=n1", token: "suanli_guess\(attempt)").status == 401)
    }
    // Something logged after the refusals, then time for any refusal entry to be written too.
    _ = try remote.token(for: "n1")
    try waitUntil("the token's entry") { remote.daemon.log.contains("new agent token") }
    usleep(500_000)
    // The readiness probe of RemoteDaemon (without a token) was refused first: its entry is the one let through.
    let log = remote.daemon.log
    #expect(log.components(separatedBy: "agent at 127.0.0.1:").count - 1 == 1, "\(log)")
    #expect(log.contains("refused: a node token is required"))
    #expect(!log.contains("unknown or was revoked"), "the guesses within the minute are only counted")
  }

  /// SHA-256 of a string by `openssl dgst` (the test does not reuse the daemon's code to check it).
  private func sha256(_ text: String) throws -> Data {
    let file = NSTemporaryDirectory() + "suanli-digest-\(UUID().uuidString.prefix(8))"
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    let hex = try DaemonProcess.run("/usr/bin/openssl", ["dgst", "-sha256", "-r", file])
    let digits = Array(hex.prefix(64))
    return Data(
      stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0..<$0 + 2]), radix: 16)! })
  }
}

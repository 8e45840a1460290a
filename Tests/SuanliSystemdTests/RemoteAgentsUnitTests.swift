import Foundation
import SuanliTestSupport
import Testing

/// Remote agents as an operator enables them: `suanli-agents.socket` listens on the TLS port and hands it to
/// suanlid, whose sandbox keeps no network of its own; an agent reaching it over TLS with its node token runs a job.
@Suite(.enabled(if: SystemdMachine.isAvailable, "needs root, systemd, unshare and nsenter"), .timeLimit(.minutes(3)))
struct RemoteAgentsUnitTests {
  @Test func anAgentReachesTheSandboxedDaemonThroughTheAgentsSocket() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("suanli-tls-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let certificates = try TestCertificates.make(in: scratch.path)
    let read = { (path: String) in try String(contentsOfFile: path, encoding: .utf8) }
    let daemonConfig =
      InstalledSuanli.daemonConfig(cards: 2) + """

        [agents]
        listen = "0.0.0.0:7443"
        certificate = "/etc/suanli/tls/cert.pem"
        private_key = "/etc/suanli/tls/key.pem"

        """
    let agentConfig = """
      [agent]
      node = "machine-node"
      daemon = "https://127.0.0.1:7443"
      token_file = "/etc/suanli/agent.token"
      ca_file = "/etc/suanli/tls/ca.pem"

      [capacity]
      model = "nvidia-h200"
      cards = 2
      cpus = 4
      memory = "8G"

      """
    let dropIn = try read(InstalledSuanli.repository.path + "/systemd/suanlid.service.d/remote-agents.conf")
    let suanli = try InstalledSuanli.boot(
      extraUnits: ["suanlid.service.d/remote-agents.conf": dropIn],
      files: [
        "/etc/suanli/suanlid.toml": daemonConfig, "/etc/suanli/agent.toml": agentConfig,
        "/etc/suanli/tls/cert.pem": try read(certificates.certificatePath),
        "/etc/suanli/tls/key.pem": try read(certificates.privateKeyPath),
        "/etc/suanli/tls/ca.pem": try read(certificates.caPath),
      ])
    defer { suanli.machine.shutdown() }
    try suanli.machine.run(["chown", "suanli:suanli", "/etc/suanli/tls/key.pem"]).check("chown")
    try suanli.machine.systemctl("enable", "--now", "suanli-agents.socket").check("enable suanli-agents.socket")

    // The first call starts the daemon; it serves the agents' port it was handed, from a sandbox without network.
    _ = try suanli.suanli("info").check("suanli info")
    let sandbox = try suanli.show("suanlid", "PrivateNetwork", "RestrictAddressFamilies")
    #expect(sandbox["PrivateNetwork"] == "yes" && sandbox["RestrictAddressFamilies"] == "AF_UNIX", "\(sandbox)")
    let log = try suanli.machine.journalctl("-u", "suanlid", "-o", "verbose").output
    #expect(log.contains("tls on inherited fd"), "\(log)")

    let token = try suanli.suanli("node", "token", "machine-node").check("suanli node token").output
    try suanli.machine.run(["sh", "-c", "umask 077 && cat >/etc/suanli/agent.token <<'T'\n\(token)T\n"]).check()
    try suanli.machine.systemctl("start", "suanli-agent.service").check("start suanli-agent")
    try waitUntil("the remote agent to register", seconds: 30) {
      let nodes = try suanli.suanliJSON("nodes")["nodes"] as? [[String: Any]] ?? []
      return nodes.first?["state"] as? String == "ready"
    }
    let submit = try suanli.suanliAsAlice([
      "submit", "--gpus", "1", "--gpu-model", "nvidia-h200", "--time", "5m", "--wait", "--", "/bin/echo", "over TLS",
    ])
    #expect(submit.status == 0, "\(submit)")
    let agentLog = try suanli.machine.journalctl("-u", "suanli-agent", "-o", "cat").output
    #expect(agentLog.contains("https://127.0.0.1:7443"), "\(agentLog)")
  }
}

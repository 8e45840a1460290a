import Foundation
import SuanliAgent
import SuanliConfig
import SuanliCore
import SuanliTestSupport
import Testing

struct AgentConfigTests {
  @Test func everyKeyIsRead() throws {
    let config = try AgentConfig.parse(
      """
      [agent]
      node = "gpu-07"
      socket = "/run/x.sock"
      state_dir = "/tmp/agent-07"
      [labels]
      site = "songshanhu"
      zone = "a"
      [capacity]
      cpus = 64
      memory = "512G"
      model = "nvidia-h200"
      cards = 8
      [reserved]
      cpus = "500m"
      memory = 2048
      [jobs]
      stop_grace = "30s"
      allow_root_jobs = true
      """, source: "agent.toml", isRoot: true)
    #expect(config.node == "gpu-07")
    #expect(config.socketPath == "/run/x.sock")
    #expect(config.stateDirectory == "/tmp/agent-07")
    #expect(config.labels == ["site": "songshanhu", "zone": "a"])
    #expect(
      config.capacity
        == AgentConfig.CapacityOverride(cpuMillis: 64_000, memoryMiB: 512 * 1024, model: "nvidia-h200", cards: 8))
    #expect(config.reservedCPUMillis == 500)
    #expect(config.reservedMemoryMiB == 2048)
    #expect(config.stopGraceSeconds == 30)
    #expect(config.allowRootJobs)
  }

  @Test func defaultsNameTheHostAndKeepStatePerNode() throws {
    let asRoot = try AgentConfig.parse("", source: "empty", isRoot: true)
    #expect(asRoot.node == AgentConfig.hostName)
    #expect(asRoot.stateDirectory == "/var/lib/suanli-agent")
    #expect(asRoot.socketPath == nil)
    #expect(asRoot.stopGraceSeconds == 10)
    #expect(!asRoot.allowRootJobs)
    let user = try AgentConfig.parse("[agent]\nnode = \"a\"", source: "x", isRoot: false)
    #expect(user.stateDirectory == "./.suanli/agent-a")
    #expect(
      user.socketCandidates(paths: DefaultPaths(isRoot: false, runtimeDirectory: "/run/user/7")) == [
        "/run/user/7/suanli/suanli.sock", "/run/suanli/suanli.sock",
      ])
  }

  @Test(arguments: [
    ("[capacity]\ncard = 3", "capacity.card", "did you mean \"cards\"?"),
    ("[agent]\nnodes = \"x\"", "agent.nodes", "did you mean \"node\"?"),
    ("[capacity]\ncards = -1", "capacity.cards", nil),
    ("[capacity]\nmodel = \"NVIDIA H200\"", "capacity.model", nil),
    ("[jobs]\nstop_grace = \"ten\"", "jobs.stop_grace", nil),
    ("[jobs]\nallow_root_jobs = \"yes\"", "jobs.allow_root_jobs", nil),
    ("[labels]\nsite = 3", "labels.site", nil),
    ("[agent]\nnode = \"\"", "agent.node", nil),
    ("[agent]\nnode = \"gpu 01\"", "agent.node", NodeSpec.nameRule),
    ("[agent]\nnode = \"..\"", "agent.node", NodeSpec.nameRule),
    ("[agent]\nnode = \"rack/1\"", "agent.node", NodeSpec.nameRule),
    ("[gpu]\ncards = 1", "gpu", nil),
  ])
  func mistakesNameTheirKey(toml: String, keyPath: String, hint: String?) {
    #expect {
      _ = try AgentConfig.parse(toml, source: "agent.toml", isRoot: true)
    } throws: { error in
      guard let error = error as? ConfigError else { return false }
      return error.keyPath == keyPath && error.file == "agent.toml" && (hint == nil || error.hint == hint)
    }
  }
}

/// The agent's TLS setup from agent.toml: a CA file without a certificate is said to be so.
@Test func aCAFileWithoutACertificateIsAClearError() throws {
  let directory = try makeTestDirectory("agent-ca")
  try "suanli_abc\n".write(toFile: directory + "/t", atomically: false, encoding: .utf8)
  chmod(directory + "/t", 0o600)
  try "not a certificate\n".write(toFile: directory + "/ca.pem", atomically: false, encoding: .utf8)
  let config = try AgentConfig.parse(
    """
    [agent]
    node = "n1"
    daemon = "https://127.0.0.1:7443"
    token_file = "\(directory)/t"
    ca_file = "\(directory)/ca.pem"
    """, source: "agent.toml", isRoot: true)
  #expect {
    try DaemonEndpoint.resolve(config)
  } throws: { error in
    "\(error)".contains("ca.pem") && "\(error)".contains("ca_file must name PEM certificates")
  }
}

import ArgumentParser
import Logging
import SuanliAgent
import SuanliConfig
import SystemdKit

#if canImport(Glibc)
  import Glibc
#endif

@main
struct SuanliAgentCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "suanli-agent",
    abstract: "Suanli's node agent: registers this machine with suanlid and runs the jobs placed on it.",
    discussion: """
      Capacity is discovered (CPUs, memory, nvidia-smi, npu-smi) unless agent.toml declares it.
      Several agents may run on one machine with different [agent] node and state_dir.
      """)

  @Option(name: .long, help: "Configuration file (TOML), e.g. /etc/suanli/agent.toml.")
  var config: String?

  @Option(name: .long, help: "The daemon's Unix socket, overriding the configuration.")
  var socket: String?

  @Flag(name: .customLong("check-config"), help: "Validate the configuration and exit (0: valid).")
  var checkConfig = false

  func run() async throws {
    var loaded: AgentConfig
    do {
      loaded =
        try config.map { path throws(ConfigError) in try AgentConfig.load(contentsOf: path) }
        ?? AgentConfig(node: AgentConfig.hostName)
    } catch {
      var text = Array("\(error)\n".utf8)
      _ = text.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
      throw ExitCode(78)  // EX_CONFIG
    }
    if let socket { loaded.socketPath = socket }
    if checkConfig {
      print("\(config ?? "defaults"): valid (node \(loaded.node))")
      return
    }
    JournalLogHandler.bootstrap(identifier: "suanli-agent")
    let logger = Logger(label: "suanli-agent")
    do {
      try await AgentRunner.run(config: loaded, logger: logger)
    } catch {
      logger.critical("suanli-agent cannot run: \(error)")
      throw ExitCode(1)
    }
  }
}

import ArgumentParser
import Logging
import SuanliAgent
import SuanliConfig
import SystemdKit

#if canImport(Glibc)
  import Glibc
#endif

/// The agent itself (the default subcommand: `suanli-agent --config FILE`).
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Run the agent until SIGTERM (the default).")

  @Option(name: .long, help: "Configuration file (TOML), e.g. /etc/suanli/agent.toml.")
  var config: String?

  @Option(name: .long, help: "The daemon's Unix socket, overriding the configuration (also its [agent] daemon).")
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
    if let socket {
      loaded.socketPath = socket
      loaded.remoteDaemon = nil
    }
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

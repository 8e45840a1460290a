import ArgumentParser
import Logging
import MemoryAllocator
import SuanliAPI
import SuanliConfig
import SuanliDaemon
import SystemdKit

@main
struct Suanlid: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "suanlid",
    abstract: "Suanli's daemon: queues jobs of enterprises and schedules them on the platform's nodes.",
    discussion: """
      Without --config it runs on embedded defaults (one enterprise open to every user), so it needs no setup.
      Clients connect to its Unix socket: curl --unix-socket SOCKET http://localhost/v1/info
      """,
    version: APIVersion.release)

  @Option(name: .long, help: "Configuration file (TOML), e.g. /etc/suanli/suanlid.toml.")
  var config: String?

  @Option(name: .long, help: "Unix socket path, overriding the configuration.")
  var socket: String?

  @Option(name: .customLong("state-dir"), help: "State directory (the SQLite database), overriding the configuration.")
  var stateDirectory: String?

  @Option(name: .customLong("check-config"), help: "Validate this configuration file and exit (0: valid).")
  var checkConfig: String?

  func run() async throws {
    if let checkConfig {
      do {
        let loaded = try DaemonConfig.load(contentsOf: checkConfig)
        print("\(checkConfig): valid (\(loaded.enterprises.count) enterprises)")
        return
      } catch {
        FileHandleOutput.standardError("\(error)\n")
        throw ExitCode(78)  // EX_CONFIG
      }
    }
    JournalLogHandler.bootstrap(identifier: "suanlid")
    let logger = Logger(label: "suanlid")
    logger.info("memory allocator: \(MemoryAllocator.description)")
    let options = DaemonOptions(configPath: config, socketPath: socket, stateDirectory: stateDirectory)
    do {
      try await Daemon.run(options: options, logger: logger)
    } catch let error as ConfigError {
      logger.critical("\(error)")
      throw ExitCode(78)
    } catch {
      logger.critical("suanlid cannot run: \(error)")
      throw ExitCode(1)
    }
  }
}

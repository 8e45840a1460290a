internal import Logging
internal import SuanliAPI
internal import SuanliConfig
internal import SystemdKit

/// Re-reads the configuration file and applies it (SIGHUP or `POST /v1/reload`), telling systemd
/// `RELOADING=1` … `READY=1`. An invalid file is refused with a clear log line; the old configuration stays.
struct Reloader: Sendable {
  let options: DaemonOptions
  let engine: Engine
  let notifier: SystemdNotifier
  let logger: Logger

  func reload() async throws {
    notifier.reloading(status: "reloading \(options.configPath ?? "the embedded configuration")")
    defer { notifier.ready() }
    let config: DaemonConfig
    do {
      config = try options.loadConfig()
    } catch {
      logger.error(
        "configuration refused, the previous one stays in force: \(error)",
        metadata: [LogKey.event: "config_refused"])
      throw APIError(.invalidField, "configuration refused: \(error.description)", hint: error.hint)
    }
    do {
      try await engine.reload(config)
    } catch let error as APIError {
      logger.error(
        "\(error.message); the previous configuration stays in force", metadata: [LogKey.event: "config_refused"])
      throw error
    }
    notifier.status(await engine.statusLine())
  }
}

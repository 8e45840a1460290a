internal import Foundation
public import Logging
internal import ServiceLifecycle
internal import SuanliAPI
internal import SuanliConfig
internal import SuanliHTTP
internal import SystemdKit

/// `suanlid`: loads the configuration and the state, then serves the API, runs the scheduler and watches the
/// nodes until SIGTERM.
public enum Daemon {
  public static func run(options: DaemonOptions, logger: Logger) async throws {
    let config = try options.loadConfig()
    let notifier = SystemdNotifier()
    let store = try Store(directory: config.stateDirectory)
    let engine = try Engine(config: config, store: store, logger: logger) { Int64(Date().timeIntervalSince1970) }
    try await engine.restore()
    let reloader = Reloader(options: options, engine: engine, notifier: notifier, logger: logger)
    let router = Router(engine: engine, logger: logger) { try await reloader.reload() }
    let listen = listenAddress(config: config, logger: logger)
    let server = HTTPServer(
      listen: listen, maxRequestBytes: config.maxRequestBytes, responder: router, logger: logger,
      onListening: {
        Task {
          let status = await engine.statusLine()
          notifier.ready(status: status)
          LogRecord(.daemonStarted, "suanlid \(APIVersion.release) ready on \(listen.description): \(status)")
            .emit(to: logger)
        }
      })
    // Remote agents' TLS port ([agents]), when configured: the same API, only its agent endpoints, with node tokens.
    let agentServers: [HTTPServer] =
      config.agentListener.map { listener in
        [
          HTTPServer(
            listen: .tls(listener.endpoint), maxRequestBytes: config.maxRequestBytes, responder: router, logger: logger)
        ]
      } ?? []
    let heartbeatCheck = Duration.seconds(max(1, config.heartbeatInterval / 2))
    let group = ServiceGroup(
      configuration: ServiceGroupConfiguration(
        services: [
          .init(service: SchedulerLoop(engine: engine, notifier: notifier, logger: logger)),
          .init(service: HeartbeatMonitor(engine: engine, interval: heartbeatCheck)),
          .init(service: HangupReloader(reloader: reloader)),
          // Last, so that they stop first: no new requests while the rest shuts down.
          .init(service: server),
        ] + agentServers.map { .init(service: $0) },
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger))
    do {
      try await group.run()
    } catch {
      notifier.stopping()
      await engine.logWriter.finish()
      throw error
    }
    notifier.stopping()
    await engine.logWriter.finish()
    logger.info("suanlid stopped", metadata: [LogKey.event: "daemon_stopped"])
  }

  /// The socket systemd passed (socket activation, `FileDescriptorName=api`), or the configured path.
  static func listenAddress(config: DaemonConfig, logger: Logger) -> ListenAddress {
    let sockets = SocketActivation.listenFileDescriptors()
    if let socket = sockets.first(where: { $0.name == "api" }) ?? sockets.first {
      return .inheritedDescriptor(socket.fd)
    }
    return .path(config.socketPath)
  }
}

extension ListenAddress {
  var description: String {
    switch self {
    case .path(let path): path
    case .inheritedDescriptor(let fd): "socket fd \(fd) from systemd"
    case .tls(let endpoint): "\(endpoint) (TLS)"
    }
  }
}

extension AgentListener {
  /// Where the HTTP server listens for remote agents.
  var endpoint: TLSEndpoint {
    TLSEndpoint(
      host: address.host, port: address.port, certificatePath: certificatePath, privateKeyPath: privateKeyPath)
  }
}

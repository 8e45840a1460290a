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
    let sockets = SocketActivation.listenFileDescriptors()
    let listen = listenAddress(config: config, sockets: sockets)
    let server = HTTPServer(
      listen: listen, maxRequestBytes: config.maxRequestBytes, responder: router, logger: logger,
      onListening: {
        Task {
          let status = await engine.statusLine()
          notifier.ready(status: status)
          LogRecord(.daemonStarted, "suanlid \(APIVersion.release) ready on \(listen): \(status)")
            .emit(to: logger)
        }
      })
    // Remote agents' TLS port ([agents]), when configured: the same API, only its agent endpoints, with node tokens.
    let agentServers: [HTTPServer] =
      agentsListenAddress(config: config, sockets: sockets, logger: logger).map { address in
        [
          // Anyone on the network may connect before showing a token: agents' requests are small (a registration
          // lists the node's jobs), so bodies and connections are bounded well below the local socket's; and
          // connections that have not shown a token yet have places and a deadline of their own, so that they
          // cannot take the agents' places (a refused token closes its connection).
          HTTPServer(
            listen: address, maxRequestBytes: min(config.maxRequestBytes, Self.agentRequestBytes),
            maxConnections: Self.agentConnections, firstRequest: Self.agentFirstRequest, responder: router,
            logger: logger)
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

  /// Limits of the remote agents' TLS port: a request body (a registration listing ~20,000 running jobs fits) and open
  /// connections (two per agent).
  static let agentRequestBytes = 256 << 10
  static let agentConnections = 512
  /// Connections of the remote agents' TLS port that have not sent their first request yet (and so no token): at
  /// most 64 more besides the agents' 512, at most 8 from one address (one /64 for IPv6: nodes behind one NAT
  /// connect one at a time), each with 10 s from its acceptance for the TLS handshake and that request. An agent
  /// sends its request at once, so 10 s is ample even far away. A scanner that connects and waits takes no place
  /// of a connected agent's, and one host cannot keep new agents out; hosts at many addresses can still delay new
  /// connections while they fill the 64 places.
  static let agentFirstRequest = FirstRequestLimits(
    deadline: .seconds(10), maxConnections: 64, maxConnectionsPerOrigin: 8)

  /// The name systemd gives the remote agents' TCP socket (`FileDescriptorName=agents` in suanli-agents.socket).
  static let agentsSocketName = "agents"

  /// The socket systemd passed (socket activation, `FileDescriptorName=api`), or the configured path.
  static func listenAddress(config: DaemonConfig, sockets: [ListenedSocket]) -> ListenAddress {
    let api = sockets.first { $0.name == "api" } ?? sockets.first { $0.name != agentsSocketName }
    if let api { return .inheritedDescriptor(api.fd) }
    return .path(config.socketPath)
  }

  /// Where remote agents connect, when `[agents]` is configured: the TCP socket systemd passed
  /// (`suanli-agents.socket`, so that the daemon's own sandbox keeps no network), or `listen`.
  static func agentsListenAddress(config: DaemonConfig, sockets: [ListenedSocket], logger: Logger) -> ListenAddress? {
    let inherited = sockets.first { $0.name == agentsSocketName }
    guard let listener = config.agentListener else {
      if inherited != nil {
        logger.error(
          "systemd passed the remote agents' socket, but suanlid.toml has no [agents] certificate and key: not serving it"
        )
      }
      return nil
    }
    return inherited.map { .inheritedTLS($0.fd, listener.endpoint) } ?? .tls(listener.endpoint)
  }
}

extension AgentListener {
  /// Where the HTTP server listens for remote agents.
  var endpoint: TLSEndpoint {
    TLSEndpoint(
      host: address.host, port: address.port, certificatePath: certificatePath, privateKeyPath: privateKeyPath)
  }
}

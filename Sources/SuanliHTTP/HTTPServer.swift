public import Logging
public import ServiceLifecycle

/// An HTTP/1.1 server on a Unix stream socket or on TCP with TLS, handing each complete request and its ``Peer``
/// (the caller's credentials on the Unix socket, its address over TLS) to an ``HTTPResponder``. It knows no routes.
///
/// Run it in a `ServiceGroup`. On graceful shutdown it stops accepting (a self-bound socket path disappears), lets
/// requests in flight finish for up to `shutdownGracePeriod`, then cancels what is left and returns. On
/// cancellation it closes everything at once.
///
/// ```swift
/// let server = HTTPServer(listen: .path("/run/suanli/suanli.sock"), maxRequestBytes: 1 << 20,
///                         responder: api, logger: logger, onListening: { notifier.ready() })
/// let agents = HTTPServer(
///   listen: .tls(TLSEndpoint(host: "0.0.0.0", port: 7443, certificatePath: cert, privateKeyPath: key)),
///   maxRequestBytes: 1 << 20, responder: api, logger: logger)
/// ```
public struct HTTPServer: Service {
  /// Where to listen.
  public let listen: ListenAddress
  /// The largest request body accepted; a larger one is answered `413` and the connection closed.
  public let maxRequestBytes: Int
  /// The most connections open at once; further ones are closed as soon as they are accepted. With
  /// `firstRequest`, the most connections whose first request has arrived (a first request beyond is answered 503
  /// and its connection closed).
  public let maxConnections: Int
  /// How long a connection may stay without reading anything while no request is being answered.
  public let idleTimeout: Duration
  /// Bounds on connections that have not yet sent their first request, counted apart from `maxConnections`; `nil`
  /// counts every connection against `maxConnections` from its acceptance.
  public let firstRequest: FirstRequestLimits?
  /// How long a graceful shutdown waits for requests in flight before cancelling them.
  public let shutdownGracePeriod: Duration
  let responder: any HTTPResponder
  let logger: Logger
  let onListening: @Sendable () -> Void

  /// Creates a server; nothing happens until ``run()``.
  ///
  /// - Parameters:
  ///   - onListening: Called once the socket accepts connections (e.g. to send `READY=1` to systemd).
  ///   - idleTimeout: Over TLS, also bounds how long a client may take to complete its handshake.
  ///   - firstRequest: For a port open to anyone: see ``FirstRequestLimits``.
  public init(
    listen: ListenAddress,
    maxRequestBytes: Int,
    maxConnections: Int = 1024,
    idleTimeout: Duration = .seconds(60),
    firstRequest: FirstRequestLimits? = nil,
    shutdownGracePeriod: Duration = .seconds(10),
    responder: some HTTPResponder,
    logger: Logger,
    onListening: @escaping @Sendable () -> Void = {}
  ) {
    self.listen = listen
    self.maxRequestBytes = max(0, maxRequestBytes)
    self.maxConnections = max(1, maxConnections)
    self.idleTimeout = idleTimeout
    self.firstRequest = firstRequest
    self.shutdownGracePeriod = shutdownGracePeriod
    self.responder = responder
    self.logger = logger
    self.onListening = onListening
  }

  /// Listens and serves until graceful shutdown or cancellation. Throws ``HTTPServerError`` when it cannot listen.
  public func run() async throws {
    let listener = try await self.bind()
    self.logger.info("listening", metadata: ["listen": "\(self.listen)"])
    self.onListening()
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        try await self.serve(listener)
      }
      group.addTask {
        // Bounds the graceful shutdown: once it starts, in-flight requests get the grace period, no more.
        // On cancellation this returns at once and `serve` ends by itself.
        do {
          try await gracefulShutdown()
          try await Task.sleep(for: self.shutdownGracePeriod)
        } catch {
          return
        }
        self.logger.warning("shutdown grace period over, cancelling the requests still in flight")
      }
      try await group.next()
      group.cancelAll()
    }
    self.logger.info("stopped listening", metadata: ["listen": "\(self.listen)"])
  }
}

extension HTTPServer: CustomStringConvertible {
  public var description: String { "HTTPServer(\(self.listen))" }
}

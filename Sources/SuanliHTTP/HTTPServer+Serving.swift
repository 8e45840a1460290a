import Logging
import NIOCore
import ServiceLifecycle

extension HTTPServer {
  /// Accepts connections until graceful shutdown or cancellation, serving each in its own child task, and
  /// returns once every connection has ended.
  func serve(_ listener: Listener) async throws {
    let openConnections = OpenConnections(
      limit: self.maxConnections, waitingLimit: self.firstRequest?.maxConnections,
      waitingLimitPerOrigin: self.firstRequest?.maxConnectionsPerOrigin)
    // Whoever floods the server with connections must not flood the journal too.
    let refusals = WarningThrottle()
    try await withThrowingDiscardingTaskGroup { group in
      try await listener.executeThenClose { inbound in
        try await withGracefulShutdownHandler {
          do {
            for try await accepted in inbound {
              self.admit(accepted, counting: openConnections, refusals: refusals, into: &group)
            }
          } catch  where Task.isShuttingDownGracefully || Task.isCancelled {
            // Closing the listener to stop accepting may end the accept stream with an error.
          }
        } onGracefulShutdown: {
          // Stop accepting; a socket path bound here is removed as the listener closes.
          listener.channel.close(promise: nil)
        }
      }
    }
  }

  private func admit(
    _ accepted: AcceptedConnection,
    counting openConnections: OpenConnections,
    refusals: WarningThrottle,
    into group: inout ThrowingDiscardingTaskGroup<any Error>
  ) {
    guard let channel = accepted.take() else { return }
    let peer: Peer
    switch accepted.peer {
    case .success(let known):
      peer = known
    case .failure(let error):
      self.logger.warning("connection refused", metadata: ["error": "\(error)"])
      Self.refuse(channel, in: &group)
      return
    }
    let slot: OpenConnections.Slot
    switch openConnections.tryOpen(origin: peer.originGroup) {
    case .success(let place):
      slot = place
    case .failure(let refusal):
      let (message, limit) =
        switch (refusal, openConnections.waitingLimit) {
        case (.fullForOrigin, _):
          (
            "too many connections from this address waiting for their first request",
            openConnections.waitingLimitPerOrigin
          )
        case (.full, let waitingLimit?): ("too many connections waiting for their first request", waitingLimit)
        case (.full, nil): ("too many open connections", openConnections.limit)
        }
      self.logger.warning(
        "connection refused: \(message)", throttledBy: refusals, origin: peer.origin,
        metadata: Self.metadata(of: peer).merging(["limit": "\(limit)"]) { $1 })
      Self.refuse(channel, in: &group)
      return
    }
    var logger = self.logger
    for (key, value) in Self.metadata(of: peer) { logger[metadataKey: key] = value }
    let connection = HTTPConnection(
      channel: channel,
      peer: peer,
      slot: slot,
      firstRequestWaiver: accepted.firstRequestWaiver,
      refusals: refusals,
      responder: self.responder,
      maxRequestBytes: self.maxRequestBytes,
      logger: logger
    )
    group.addTask {
      defer { slot.close() }
      await connection.run()
    }
  }

  /// How a peer appears in log entries: `peer.pid` and `peer.uid` on a Unix socket, `peer.address` over TLS.
  private static func metadata(of peer: Peer) -> Logger.Metadata {
    switch peer {
    case .local(let credentials): ["peer.pid": "\(credentials.pid)", "peer.uid": "\(credentials.uid)"]
    case .remote(let address): ["peer.address": "\(address)"]
    }
  }

  /// Closes a connection without serving it (`executeThenClose` also retires its async bridge properly).
  private static func refuse(
    _ channel: AcceptedConnection.Channel,
    in group: inout ThrowingDiscardingTaskGroup<any Error>
  ) {
    group.addTask {
      try? await channel.executeThenClose { _, _ in }
    }
  }
}

import NIOCore
import NIOHTTP1
import NIOSSL
import SuanliAPI
import Synchronization

/// A freshly accepted connection with its HTTP pipeline set up, as the accept loop receives it.
///
/// Its async channel must end in `executeThenClose` (NIO traps on an async writer dropped unfinished). The accept
/// loop ``take()``s it to serve or refuse it; a connection dropped untaken — accepted just as the server is
/// cancelled, still buffered in the accept stream — is closed properly from `deinit`.
final class AcceptedConnection: Sendable {
  typealias Channel = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

  /// Who the caller is, or why the Unix socket's credentials could not be read (then the connection is refused).
  let peer: Result<Peer, any Error>
  /// Ends the first request's deadline once that request is accepted (`nil`: the connection has none).
  let firstRequestWaiver: FirstRequestDeadline.Waiver?
  private let channel: Channel
  private let taken = Atomic(false)

  init(channel: Channel, peer: Result<Peer, any Error>, firstRequestWaiver: FirstRequestDeadline.Waiver?) {
    self.channel = channel
    self.peer = peer
    self.firstRequestWaiver = firstRequestWaiver
  }

  /// The channel, for the one caller that will run `executeThenClose` on it; `nil` after the first call.
  func take() -> Channel? {
    self.taken.exchange(true, ordering: .acquiringAndReleasing) ? nil : self.channel
  }

  deinit {
    guard !self.taken.load(ordering: .acquiring) else { return }
    let channel = self.channel
    Task {
      try? await channel.executeThenClose { _, _ in }
    }
  }

  /// Sets up an accepted channel. Runs on the channel's event loop, before it is registered.
  ///
  /// Pipeline, in order: the first request's deadline when one is given (from the channel's activation, so the
  /// TLS handshake is within it); TLS when `tls` is given (the server's side of the handshake, then decryption); idle
  /// detection on reads (over TLS no read arrives before the handshake is done, so a stalled handshake is idle
  /// too); NIO's HTTP/1 codec with pipelining assistance (answers pipelined requests in order, holds further reads
  /// while a response is pending, quiesces on shutdown) and outbound header validation; JSON 400s for parser
  /// errors; closing of idle connections; the async bridge.
  static func initialize(
    _ channel: any NIOCore.Channel, idleTimeout: TimeAmount, firstRequestDeadline: TimeAmount?, tls: NIOSSLContext?
  ) -> EventLoopFuture<AcceptedConnection> {
    Self.peer(of: channel, tls: tls)
      .map { Result<Peer, any Error>.success($0) }
      .recover { .failure($0) }
      .flatMapThrowing { peer in
        let pipeline = channel.pipeline.syncOperations
        let deadline = firstRequestDeadline.map { FirstRequestDeadline(deadline: $0) }
        if let deadline {
          try pipeline.addHandler(deadline, name: FirstRequestDeadline.name)
        }
        if let tls {
          try pipeline.addHandler(NIOSSLServerHandler(context: tls))
        }
        try pipeline.addHandler(IdleStateHandler(readTimeout: idleTimeout))
        try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: false)
        try pipeline.addHandler(ProtocolErrorHandler())
        try pipeline.addHandler(IdleConnectionCloser())
        let asyncChannel = try Channel(
          wrappingChannelSynchronously: channel,
          configuration: .init(isOutboundHalfClosureEnabled: true)
        )
        return AcceptedConnection(channel: asyncChannel, peer: peer, firstRequestWaiver: deadline?.waiver)
      }
      .flatMapErrorThrowing { error in
        // The async bridge drops a connection whose initializer failed without closing it.
        channel.close(promise: nil)
        throw error
      }
  }

  /// The peer: its address over TLS, its credentials on a Unix socket.
  private static func peer(of channel: any NIOCore.Channel, tls: NIOSSLContext?) -> EventLoopFuture<Peer> {
    guard tls == nil else {
      let address = channel.remoteAddress.map(Self.text(of:)) ?? "unknown address"
      return channel.eventLoop.makeSucceededFuture(.remote(address: address))
    }
    return PeerCredentials.of(channel).map { .local($0) }
  }

  /// `192.0.2.7:51234`, `[2001:db8::1]:51234`.
  private static func text(of address: SocketAddress) -> String {
    let host = address.ipAddress ?? "\(address)"
    return address.port.map { AddressText.hostPort(host, $0) } ?? AddressText.host(host)
  }
}

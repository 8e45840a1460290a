import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Serves the requests of one accepted connection, one at a time, in the order they arrive.
struct HTTPConnection {
  var channel: AcceptedConnection.Channel
  var peer: Peer
  /// Its place among the server's connections: waiting for the first request, then served.
  var slot: OpenConnections.Slot
  /// Ends the first request's deadline, when the connection has one.
  var firstRequestWaiver: FirstRequestDeadline.Waiver?
  /// The server's count of refusals, to log them without flooding.
  var refusals: WarningThrottle
  var responder: any HTTPResponder
  var maxRequestBytes: Int
  var logger: Logger

  /// Runs until the client closes, a response closes the connection, a graceful shutdown has let the request in
  /// flight finish, or the task is cancelled. Never throws: a connection's trouble is only logged.
  func run() async {
    let channel = self.channel.channel
    do {
      try await self.channel.executeThenClose { inbound, outbound in
        try await withThrowingTaskGroup(of: Void.self) { group in
          // The client may go away while its request is being answered (nobody reads `inbound` then); the
          // channel notices the EOF anyway and closes: cancel the exchange, and with it the responder.
          group.addTask {
            try? await channel.closeFuture.get()
          }
          group.addTask {
            defer { channel.close(promise: nil) }
            try await withGracefulShutdownHandler {
              try await self.exchange(inbound: inbound, outbound: outbound)
            } onGracefulShutdown: {
              // NIO's pipelining handler closes an idle connection at once, else after the response in flight
              // (with `Connection: close`).
              channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
            }
          }
          try await group.next()
          group.cancelAll()
        }
      }
      self.logger.trace("connection closed")
    } catch {
      self.logger.debug("connection ended", metadata: ["error": "\(error)"])
    }
  }

  private func exchange(
    inbound: NIOAsyncChannelInboundStream<HTTPServerRequestPart>,
    outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
  ) async throws {
    var parts = inbound.makeAsyncIterator()
    var assembler = RequestAssembler(maxBodyBytes: self.maxRequestBytes)
    while let part = try await parts.next() {
      switch assembler.consume(part) {
      case .none:
        continue
      case .sendContinue:
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .continue)))
      case .refuse(let response):
        self.logger.debug("request refused", metadata: ["http.status": "\(response.status)"])
        try await self.send(response, version: .http1_1, closing: true, to: outbound)
        try await Self.finish(outbound, draining: &parts)
        return
      case .request(let request, let head):
        guard self.admitFirstRequest() else {
          self.logger.warning(
            "connection closed: too many open connections", throttledBy: self.refusals, origin: self.peer.origin)
          try await self.send(Self.tooManyConnections, version: .http1_1, closing: true, to: outbound)
          outbound.finish()
          return
        }
        let response = await self.responder.respond(to: request, from: self.peer)
        try Task.checkCancellation()  // the client went away: drop the response
        let version: HTTPVersion = head.version == .http1_0 ? .http1_0 : .http1_1
        // A response finished while the server shuts down closes its connection (`Connection: close`).
        let closing = response.closesConnection || !head.isKeepAlive || Task.isShuttingDownGracefully
        self.logger.trace(
          "request answered",
          metadata: [
            "http.method": "\(request.method)", "http.path": "\(request.path)", "http.status": "\(response.status)",
          ]
        )
        try await self.send(response, version: version, closing: closing, to: outbound)
        if response.closesConnection {
          // A refused client: nothing more is read, the connection closes as soon as the response has left
          // (`run` closes the channel after the half-close, which follows the response's bytes).
          outbound.finish()
          return
        }
        if closing {
          try await Self.finish(outbound, draining: &parts)
          return
        }
      }
    }
  }

  /// Counts a connection whose first request has arrived among the served ones, ending its first request's
  /// deadline; `false` when they are full. Nothing to do after the first request.
  private func admitFirstRequest() -> Bool {
    guard self.slot.isWaiting else { return true }
    guard self.slot.promote() else { return false }
    if let waiver = self.firstRequestWaiver {
      waiver.waive()
      self.channel.channel.pipeline.removeHandler(name: FirstRequestDeadline.name, promise: nil)
    }
    return true
  }

  static let tooManyConnections = HTTPResponse.error(
    status: 503,
    code: "unavailable",
    message: "the server has too many open connections",
    hint: "try again later"
  )

  private func send(
    _ response: HTTPResponse,
    version: HTTPVersion,
    closing: Bool,
    to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
  ) async throws {
    if let problem = response.problem {
      self.logger.error("responder bug, answering 500 instead", metadata: ["problem": "\(problem)"])
    }
    try await outbound.write(
      contentsOf: response.parts(version: version, closing: closing, allocator: self.channel.channel.allocator)
    )
  }

  /// Half-closes the connection once everything written has been sent (so the response is not lost to a reset),
  /// then discards what the client still sends until it closes its side (or the idle timeout closes it).
  private static func finish(
    _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
    draining parts: inout NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator
  ) async throws {
    outbound.finish()
    while try await parts.next() != nil {}
  }
}

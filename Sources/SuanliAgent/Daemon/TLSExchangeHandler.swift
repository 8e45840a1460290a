import NIOCore
import NIOHTTP1

/// A request handed to a TLS connection's pipeline, with the promise its answer completes.
struct PendingRequest: Sendable {
  var head: HTTPRequestHead
  var body: ByteBuffer?
  var answer: EventLoopPromise<HTTPAnswer>
}

/// A response as the client needs it: status, whole body, and whether the server closes the connection.
struct HTTPAnswer: Sendable {
  var status: Int
  var body: [UInt8]
  var closes: Bool
}

/// The connection ended (or failed) before the response was complete.
struct ConnectionLost: Error {
  var cause: (any Error)?
}

/// One request at a time on a client connection: writes a ``PendingRequest`` as HTTP/1.1 parts and completes its
/// promise with the response; a connection that ends or fails first fails the promise.
final class TLSExchangeHandler: ChannelDuplexHandler {
  typealias InboundIn = HTTPClientResponsePart
  typealias OutboundIn = PendingRequest
  typealias OutboundOut = HTTPClientRequestPart

  private var waiting: EventLoopPromise<HTTPAnswer>?
  private var status = 0
  private var body: [UInt8] = []
  private var closes = false

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    let request = Self.unwrapOutboundIn(data)
    self.waiting = request.answer
    context.write(Self.wrapOutboundOut(.head(request.head)), promise: nil)
    if let body = request.body {
      context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
    }
    context.write(Self.wrapOutboundOut(.end(nil)), promise: promise)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch Self.unwrapInboundIn(data) {
    case .head(let head):
      self.status = Int(head.status.code)
      self.closes = !head.isKeepAlive
      self.body = []
    case .body(var buffer):
      self.body += buffer.readBytes(length: buffer.readableBytes) ?? []
    case .end:
      let answer = HTTPAnswer(status: self.status, body: self.body, closes: self.closes)
      self.body = []
      self.waiting?.succeed(answer)
      self.waiting = nil
      if answer.closes { context.close(promise: nil) }
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    self.waiting?.fail(ConnectionLost(cause: error))
    self.waiting = nil
    context.close(promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    self.waiting?.fail(ConnectionLost(cause: nil))
    self.waiting = nil
    context.fireChannelInactive()
  }
}

@available(*, unavailable)
extension TLSExchangeHandler: Sendable {}

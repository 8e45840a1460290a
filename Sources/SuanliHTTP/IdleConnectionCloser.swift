import NIOCore
import NIOHTTP1

/// Closes a connection on which nothing was read for the idle timeout (`IdleStateHandler`'s read event), unless a
/// complete request is waiting for its response: a long poll is not idleness, a client that stalls mid-request is.
final class IdleConnectionCloser: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias InboundOut = HTTPServerRequestPart
  typealias OutboundIn = HTTPServerResponsePart
  typealias OutboundOut = HTTPServerResponsePart

  private var requestsCompleted = 0
  private var responsesCompleted = 0

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if case .end = Self.unwrapInboundIn(data) {
      self.requestsCompleted += 1
    }
    context.fireChannelRead(data)
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    if case .end = Self.unwrapOutboundIn(data) {
      // A response may be sent before its request is complete (413): never count below the requests.
      self.responsesCompleted = max(self.responsesCompleted + 1, self.requestsCompleted)
    }
    context.write(data, promise: promise)
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read,
      self.responsesCompleted >= self.requestsCompleted
    {
      context.close(promise: nil)
      return
    }
    context.fireUserInboundEventTriggered(event)
  }
}

@available(*, unavailable)
extension IdleConnectionCloser: Sendable {}

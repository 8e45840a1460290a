import NIOCore
import NIOHTTP1

/// Answers a request the HTTP parser rejected with `400` and the API's JSON error body, then closes the connection.
///
/// It takes the place of NIO's `HTTPServerProtocolErrorHandler` (which sends an empty 400) and sits at the same
/// spot: after `HTTPServerPipelineHandler`, which holds a parser error back until earlier responses are written.
final class ProtocolErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias InboundOut = HTTPServerRequestPart
  typealias OutboundIn = HTTPServerResponsePart
  typealias OutboundOut = HTTPServerResponsePart

  /// Whether a response head has been written and its end not yet.
  private var responseInProgress = false

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    guard let parserError = error as? HTTPParserError else {
      context.fireErrorCaught(error)
      return
    }
    // The error stops here: the connection ends by closing once the 400 is written, so that the async side sees
    // the end of its stream only after the answer left (an error would make it close at once).
    guard !self.responseInProgress else {
      // A response already under way cannot be followed by another: just close.
      context.close(promise: nil)
      return
    }
    let response = HTTPResponse.badRequest("\(parserError)")
    let parts = response.parts(version: .http1_1, closing: true, allocator: context.channel.allocator)
    for part in parts.dropLast() {
      context.write(Self.wrapOutboundOut(part), promise: nil)
    }
    let loopBoundContext = context.loopBound
    context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
      loopBoundContext.value.close(promise: nil)
    }
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    switch Self.unwrapOutboundIn(data) {
    case .head(let head) where head.status.code < 200: break  // 100 Continue
    case .head: self.responseInProgress = true
    case .body: break
    case .end: self.responseInProgress = false
    }
    context.write(data, promise: promise)
  }
}

@available(*, unavailable)
extension ProtocolErrorHandler: Sendable {}

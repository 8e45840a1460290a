import NIOCore

/// Closes the connection unless it is removed first: the server removes it once the connection's first request
/// has arrived in full (``FirstRequestLimits/deadline``). It starts counting when the channel becomes active,
/// before the TLS handshake, so a handshake that stalls is bounded too.
final class FirstRequestDeadline: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = NIOAny

  /// The handler's name in the pipeline, to remove it by.
  static let name = "first-request-deadline"

  private let deadline: TimeAmount
  private var timer: Scheduled<Void>?

  init(deadline: TimeAmount) {
    self.deadline = deadline
  }

  func handlerAdded(context: ChannelHandlerContext) {
    if context.channel.isActive { self.start(context) }
  }

  func channelActive(context: ChannelHandlerContext) {
    self.start(context)
    context.fireChannelActive()
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    self.timer?.cancel()
    self.timer = nil
  }

  private func start(_ context: ChannelHandlerContext) {
    guard self.timer == nil else { return }
    let channel = context.channel
    self.timer = context.eventLoop.scheduleTask(in: self.deadline) {
      channel.close(promise: nil)
    }
  }
}

@available(*, unavailable)
extension FirstRequestDeadline: Sendable {}

import NIOCore
import Synchronization

/// Closes the connection at ``FirstRequestLimits/deadline`` unless its first request has been accepted by then
/// (``Waiver``). It starts counting when the channel becomes active, before the TLS handshake, so a handshake
/// that stalls is bounded too.
final class FirstRequestDeadline: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = NIOAny

  /// The handler's name in the pipeline, to remove it by.
  static let name = "first-request-deadline"

  /// Told, from any thread, that the connection's first request has been accepted: the deadline no longer closes
  /// it, even when its timer fires before the handler is removed.
  final class Waiver: Sendable {
    private let waived = Atomic(false)

    func waive() { self.waived.store(true, ordering: .releasing) }

    var isWaived: Bool { self.waived.load(ordering: .acquiring) }
  }

  let waiver = Waiver()
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
    let waiver = self.waiver
    self.timer = context.eventLoop.scheduleTask(in: self.deadline) {
      if !waiver.isWaived { channel.close(promise: nil) }
    }
  }
}

@available(*, unavailable)
extension FirstRequestDeadline: Sendable {}

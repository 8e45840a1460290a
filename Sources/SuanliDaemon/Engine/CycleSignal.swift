/// Wakes the scheduler loop: many requests for a cycle while one runs make one more cycle, not many.
final class CycleSignal: Sendable {
  let stream: AsyncStream<Void>
  private let continuation: AsyncStream<Void>.Continuation

  init() { (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1)) }

  func request() { continuation.yield() }
  func finish() { continuation.finish() }
}

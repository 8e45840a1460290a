internal import Logging

/// Writes log records in order on a task of its own, so that formatting thousands of journal entries (a batch
/// of submissions) does not hold up the engine.
final class LogWriter: Sendable {
  private let continuation: AsyncStream<[LogRecord]>.Continuation
  private let writer: Task<Void, Never>

  init(logger: Logger) {
    let (stream, continuation) = AsyncStream.makeStream(of: [LogRecord].self)
    self.continuation = continuation
    writer = Task.detached {
      for await records in stream {
        for record in records { record.emit(to: logger) }
      }
    }
  }

  func write(_ records: [LogRecord]) {
    if !records.isEmpty { continuation.yield(records) }
  }

  /// Writes what is queued, then stops.
  func finish() async {
    continuation.finish()
    await writer.value
  }
}

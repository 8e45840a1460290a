import Foundation
import Logging
import ServiceLifecycle
import SuanliHTTP
import SuanliTestSupport

/// A temporary directory, world-traversable so that a child process running as another user reaches the socket
/// (removed when the tests end).
func makeTemporaryDirectory() throws -> String { try makeTestDirectory("http") }

func testLogger() -> Logger {
  var logger = Logger(label: "SuanliHTTPTests") { StreamLogHandler.standardError(label: $0) }
  logger.logLevel =
    ProcessInfo.processInfo.environment["SUANLI_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
  return logger
}

/// A running server under test.
struct TestServer: Sendable {
  var socketPath: String
  var group: ServiceGroup
  var responder: EchoResponder
}

/// Starts a server in a `ServiceGroup`, waits until it listens, runs `body`, then shuts the group down gracefully
/// and waits for it (unless `body` already did).
func withServer<T: Sendable>(
  listen: ListenAddress? = nil,
  socketPath: String? = nil,
  maxRequestBytes: Int = 1024,
  maxConnections: Int = 64,
  idleTimeout: Duration = .seconds(60),
  firstRequest: FirstRequestLimits? = nil,
  shutdownGracePeriod: Duration = .seconds(10),
  _ body: @Sendable (TestServer) async throws -> T
) async throws -> T {
  let path = try socketPath ?? (makeTemporaryDirectory() + "/run/suanli.sock")
  let responder = EchoResponder()
  let (listening, signal) = AsyncStream.makeStream(of: Void.self)
  let server = HTTPServer(
    listen: listen ?? .path(path),
    maxRequestBytes: maxRequestBytes,
    maxConnections: maxConnections,
    idleTimeout: idleTimeout,
    firstRequest: firstRequest,
    shutdownGracePeriod: shutdownGracePeriod,
    responder: responder,
    logger: testLogger(),
    onListening: { signal.yield() }
  )
  let group = ServiceGroup(services: [server], logger: testLogger())
  return try await withThrowingTaskGroup(of: Void.self) { tasks in
    tasks.addTask {
      defer { signal.finish() }
      try await group.run()
    }
    var iterator = listening.makeAsyncIterator()
    guard await iterator.next() != nil else {
      try await tasks.next()  // the group ended before listening: surface its error
      throw RawClient.Failure(description: "the server stopped before listening")
    }
    let result = try await body(TestServer(socketPath: path, group: group, responder: responder))
    await group.triggerGracefulShutdown()
    try await tasks.waitForAll()
    return result
  }
}

import Foundation
import Glibc
import ServiceLifecycle
import Testing

@testable import SuanliHTTP

@Suite("binding, socket activation and shutdown")
struct ListeningTests {
  /// Creates a listening Unix socket at `path`, as systemd would for socket activation.
  static func listeningSocket(at path: String) throws -> Int32 {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0, var address = UnixSocketPath.address(path) else {
      throw RawClient.Failure(description: "socket")
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard bound == 0, listen(descriptor, 16) == 0 else { throw RawClient.Failure(description: "bind: \(errno)") }
    return descriptor
  }

  static func fileMode(_ path: String) -> mode_t? {
    var status = stat()
    return lstat(path, &status) == 0 ? status.st_mode : nil
  }

  @Test("the parent directory is created, the socket is mode 0666, and it is removed on shutdown")
  func bindsAndCleansUp() async throws {
    let directory = try makeTemporaryDirectory() + "/a/b"
    let path = directory + "/suanli.sock"
    try await withServer(socketPath: path) { server in
      #expect(Self.fileMode(directory).map { $0 & 0o777 } == 0o755)
      #expect(Self.fileMode(path).map { $0 & S_IFMT } == S_IFSOCK)
      #expect(Self.fileMode(path).map { $0 & 0o777 } == 0o666)
    }
    #expect(Self.fileMode(path) == nil)
  }

  @Test("a stale socket file is replaced")
  func staleSocket() async throws {
    let path = try makeTemporaryDirectory() + "/suanli.sock"
    close(try Self.listeningSocket(at: path))  // the file stays, nobody listens
    #expect(Self.fileMode(path) != nil)
    try await withServer(socketPath: path) { server in
      try await RequestLimitTests.stillServes(server.socketPath)
    }
  }

  @Test("a live socket makes run() fail with a clear error")
  func liveSocket() async throws {
    try await withServer { server in
      let second = HTTPServer(
        listen: .path(server.socketPath),
        maxRequestBytes: 100,
        responder: EchoResponder(),
        logger: testLogger()
      )
      let error = await #expect(throws: HTTPServerError.self) { try await second.run() }
      #expect(error?.code == .alreadyListening)
      #expect(error?.message == "another suanlid is listening on \(server.socketPath)")
      try await RequestLimitTests.stillServes(server.socketPath)
    }
  }

  @Test("a path taken by a regular file is refused, not replaced")
  func regularFile() async throws {
    let path = try makeTemporaryDirectory() + "/suanli.sock"
    #expect(FileManager.default.createFile(atPath: path, contents: Data("keep".utf8)))
    let server = HTTPServer(
      listen: .path(path), maxRequestBytes: 100, responder: EchoResponder(), logger: testLogger())
    let error = await #expect(throws: HTTPServerError.self) { try await server.run() }
    #expect(error?.code == .invalidPath)
    #expect(FileManager.default.contents(atPath: path) == Data("keep".utf8))
  }

  @Test("graceful shutdown lets the request in flight finish, then the socket path is gone")
  func gracefulShutdown() async throws {
    let path = try await withServer { server in
      async let response = blocking {
        let client = try RawClient(path: server.socketPath)
        try client.send("GET /until-shutdown HTTP/1.1\r\nHost: x\r\n\r\n")
        return (try client.readResponse(), client.isClosedByServer())
      }
      #expect(await server.responder.events.next() == "waiting for shutdown")
      await server.group.triggerGracefulShutdown()
      let (answer, closed) = try await response
      #expect(answer?.status == 200)
      #expect(answer?.headers["connection"] == "close")
      #expect(closed)
      return server.socketPath
    }
    #expect(Self.fileMode(path) == nil)
  }

  @Test("graceful shutdown cancels a request still running after the grace period, then returns")
  func gracePeriodExpires() async throws {
    let path = try await withServer(shutdownGracePeriod: .milliseconds(200)) { server in
      async let closed = blocking {
        let client = try RawClient(path: server.socketPath)
        try client.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n")
        return client.isClosedByServer()
      }
      #expect(await server.responder.events.next() == "hang started")
      await server.group.triggerGracefulShutdown()
      #expect(await server.responder.events.next() == "hang cancelled")
      let wasClosed = try await closed
      #expect(wasClosed)
      return server.socketPath
    }
    #expect(Self.fileMode(path) == nil)
  }

  @Test("cancelling run() cancels the request in flight, closes its connection and removes the socket path")
  func cancellation() async throws {
    let path = try makeTemporaryDirectory() + "/suanli.sock"
    let responder = EchoResponder()
    let (listening, signal) = AsyncStream.makeStream(of: Void.self)
    let server = HTTPServer(
      listen: .path(path),
      maxRequestBytes: 100,
      responder: responder,
      logger: testLogger(),
      onListening: { signal.yield() }
    )
    let running = Task { try await server.run() }
    var iterator = listening.makeAsyncIterator()
    _ = await iterator.next()
    async let closed = blocking {
      let client = try RawClient(path: path)
      try client.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n")
      return client.isClosedByServer()
    }
    #expect(await responder.events.next() == "hang started")
    running.cancel()
    _ = await running.result
    #expect(await responder.events.next() == "hang cancelled")
    let wasClosed = try await closed
    #expect(wasClosed)
    #expect(Self.fileMode(path) == nil)
  }

  @Test("an inherited listening descriptor is served and its path left in place")
  func inheritedDescriptor() async throws {
    let path = try makeTemporaryDirectory() + "/activated.sock"
    let descriptor = try Self.listeningSocket(at: path)
    try await withServer(listen: .inheritedDescriptor(descriptor), socketPath: path) { server in
      let result = try await curl(socket: path, ["http://localhost/v1/activated"])
      #expect(try decodeEcho(result.output).path == "/v1/activated")
    }
    #expect(Self.fileMode(path).map { $0 & S_IFMT } == S_IFSOCK)
  }

  @Test("a descriptor that is not a listening Unix socket is refused", arguments: [Int32(-1), 0, 999])
  func invalidDescriptor(descriptor: Int32) async throws {
    let server = HTTPServer(
      listen: .inheritedDescriptor(descriptor),
      maxRequestBytes: 100,
      responder: EchoResponder(),
      logger: testLogger()
    )
    let error = await #expect(throws: HTTPServerError.self) { try await server.run() }
    #expect(error?.code == .invalidDescriptor)
  }
}

import Foundation
import Glibc
import SuanliClient
import SuanliTestSupport
import Testing

/// A submission is never sent twice, even when the connection ends before the answer: the daemon may have
/// recorded the jobs before it went (a crash), and suanli would submit them again.
@Suite struct SubmitOnceTests {
  @Test func aSubmissionWhoseConnectionEndsBeforeTheAnswerIsNotSentAgain() throws {
    let path = try makeTestDirectory("submit-once") + "/s.sock"
    let server = try OneShotServer(path: path)
    let client = SuanliClient(socketPath: path, timeoutSeconds: 10)
    // A first request leaves a kept-alive connection open, as `suanli` does before it submits.
    #expect(try client.raw("GET", "/v1/info").status == 200)
    #expect(throws: ClientError.self) { try client.raw("POST", "/v1/jobs", body: Array("{}".utf8)) }
    server.stop()
    #expect(server.requests() == ["GET /v1/info", "POST /v1/jobs"])
  }

  @Test func aSubmissionGoesOnAFreshConnectionWhenTheServerClosedTheOpenOneWhileIdle() throws {
    let path = try makeTestDirectory("submit-idle") + "/s.sock"
    let server = try OneShotServer(path: path, closeIdleAfterFirst: true)
    let client = SuanliClient(socketPath: path, timeoutSeconds: 10)
    #expect(try client.raw("GET", "/v1/info").status == 200)
    try server.waitForIdleClose()
    #expect(try client.raw("POST", "/v1/jobs/batch", body: Array("{}".utf8)).status == 200)
    server.stop()
    #expect(server.requests() == ["GET /v1/info", "POST /v1/jobs/batch"])
  }

  @Test func otherRequestsAreRetriedOnceOnAFreshConnection() throws {
    let path = try makeTestDirectory("retry-once") + "/s.sock"
    let server = try OneShotServer(path: path)
    let client = SuanliClient(socketPath: path, timeoutSeconds: 10)
    #expect(try client.raw("GET", "/v1/info").status == 200)
    // The server ends the kept-alive connection without answering; the job action is tried again.
    #expect(try client.raw("POST", "/v1/jobs/7/cancel").status == 200)
    server.stop()
    #expect(server.requests() == ["GET /v1/info", "POST /v1/jobs/7/cancel", "POST /v1/jobs/7/cancel"])
  }
}

/// A Unix socket server that answers every request 200, except that it closes the connection without answering
/// `POST /v1/jobs` (as a daemon that crashed after recording it) and the second request of a connection (as one
/// that closed it while idle); or, `closeIdleAfterFirst`, closes each connection once it answered its first
/// request. It records each request line.
private final class OneShotServer: @unchecked Sendable {
  private let listener: Int32
  private let closeIdleAfterFirst: Bool
  private let lock = NSLock()
  private var seen: [String] = []
  private var closedIdle = false
  private var thread: Thread?

  init(path: String, closeIdleAfterFirst: Bool = false) throws {
    self.closeIdleAfterFirst = closeIdleAfterFirst
    listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: Array(path.utf8))
      raw[path.utf8.count] = 0
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard bound == 0, listen(listener, 8) == 0 else { throw TestFailure("cannot listen on \(path)") }
    let thread = Thread { [self] in serve() }
    self.thread = thread
    thread.start()
  }

  func requests() -> [String] { lock.withLock { seen } }

  func waitForIdleClose() throws {
    try waitUntil("the server to close the idle connection") { lock.withLock { closedIdle } }
  }

  func stop() { shutdown(listener, Int32(SHUT_RDWR)) }

  private func serve() {
    while true {
      let connection = accept(listener, nil, nil)
      guard connection >= 0 else { return }
      var served = 0
      var pending: [UInt8] = []
      while let request = readRequest(connection, &pending) {
        lock.withLock { seen.append(request) }
        served += 1
        if served == 2 || request == "POST /v1/jobs" { break }
        let answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        _ = Array(answer.utf8).withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
        if closeIdleAfterFirst { break }
      }
      close(connection)
      if closeIdleAfterFirst { lock.withLock { closedIdle = true } }
    }
  }

  /// The request line of the next request (its head and body read whole), or nil at the end of the connection.
  private func readRequest(_ connection: Int32, _ pending: inout [UInt8]) -> String? {
    let end = Array("\r\n\r\n".utf8)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      if let range = pending.firstRange(of: end) {
        let head = String(decoding: pending[..<range.lowerBound], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let length =
          lines.first { $0.lowercased().hasPrefix("content-length:") }
          .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        while pending.count < range.upperBound + length {
          let count = read(connection, &buffer, buffer.count)
          guard count > 0 else { return nil }
          pending += buffer[..<count]
        }
        pending.removeFirst(range.upperBound + length)
        let parts = lines[0].split(separator: " ")
        return parts.count >= 2 ? "\(parts[0]) \(parts[1])" : lines[0]
      }
      let count = read(connection, &buffer, buffer.count)
      guard count > 0 else { return nil }
      pending += buffer[..<count]
    }
  }
}

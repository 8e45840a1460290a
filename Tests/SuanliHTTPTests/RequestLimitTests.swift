import Foundation
import Testing

@testable import SuanliHTTP

@Suite("bad and oversized requests")
struct RequestLimitTests {
  /// Sends `request` on a fresh connection; returns the response and whether the server then closed the
  /// connection (waiting for that up to the client's timeout: use it only where the server must close).
  static func exchange(_ request: [UInt8], on path: String) async throws -> (RawClient.Response?, closed: Bool) {
    try await blocking {
      let client = try RawClient(path: path)
      try client.send(request)
      let response = try client.readResponse()
      return (response, client.isClosedByServer())
    }
  }

  /// Sends `request` on a fresh connection and returns the response.
  static func answer(to request: String, on path: String) async throws -> RawClient.Response? {
    try await blocking {
      let client = try RawClient(path: path)
      try client.send(request)
      return try client.readResponse()
    }
  }

  static func stillServes(_ path: String) async throws {
    let response = try await answer(to: "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n", on: path)
    #expect(response?.status == 200)
  }

  @Test("a declared Content-Length over the limit gets 413 and the connection closes")
  func declaredTooLarge() async throws {
    try await withServer(maxRequestBytes: 100) { server in
      let request =
        "POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n" + String(repeating: "y", count: 101)
      let (response, closed) = try await Self.exchange(Array(request.utf8), on: server.socketPath)
      let answer = try #require(response)
      #expect(answer.status == 413)
      #expect(answer.headers["connection"] == "close")
      #expect(answer.headers["content-type"] == "application/json")
      let error = try decodeError(answer.body)
      #expect(error["code"] == "request_too_large")
      #expect(error["message"]?.isEmpty == false)
      #expect(error["hint"]?.isEmpty == false)
      #expect(closed)
      try await Self.stillServes(server.socketPath)
    }
  }

  @Test("a large body over the limit is read and discarded, so the client gets its 413 instead of a reset")
  func largeBodyTooLarge() async throws {
    try await withServer(maxRequestBytes: 1000) { server in
      let body = [UInt8](repeating: UInt8(ascii: "b"), count: 4 << 20)
      let head = Array("PUT /v1/blob HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
      let (response, closed) = try await Self.exchange(head + body, on: server.socketPath)
      #expect(response?.status == 413)
      #expect(closed)
    }
  }

  @Test("a chunked body growing past the limit gets 413")
  func chunkedTooLarge() async throws {
    try await withServer(maxRequestBytes: 100) { server in
      let chunk = String(repeating: "z", count: 60)
      let request =
        "POST /v1/jobs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3c\r\n\(chunk)\r\n3c\r\n\(chunk)\r\n0\r\n\r\n"
      let (response, closed) = try await Self.exchange(Array(request.utf8), on: server.socketPath)
      #expect(response?.status == 413)
      #expect(try decodeError(try #require(response).body)["code"] == "request_too_large")
      #expect(closed)
      try await Self.stillServes(server.socketPath)
    }
  }

  @Test("a chunked body within the limit is assembled")
  func chunkedWithinLimit() async throws {
    try await withServer(maxRequestBytes: 100) { server in
      let request =
        "POST /v1/jobs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
      let response = try await Self.answer(to: request, on: server.socketPath)
      #expect(try decodeEcho(try #require(response).text).body == "hello world")
    }
  }

  @Test(
    "garbage gets 400 with the JSON error and the connection closes",
    arguments: [
      Array("\u{1}\u{2}garbage\r\n\r\n".utf8),
      Array("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n".utf8),
      Array("GET /v1/%FF%FE HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
      Array("GET /v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
      Array("GET /v1/jobs HTTP/1.1\r\nHost: x\r\n".utf8) + [0xFF, 0xFE] + Array(": v\r\n\r\n".utf8),
      Array("GET /v1/\u{e9} HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
      Array("GET relative HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
    ]
  )
  func garbage(request: [UInt8]) async throws {
    try await withServer { server in
      let (response, closed) = try await Self.exchange(request, on: server.socketPath)
      let answer = try #require(response)
      #expect(answer.status == 400)
      #expect(answer.headers["connection"] == "close")
      #expect(try decodeError(answer.body)["code"] == "bad_request")
      #expect(closed)
      try await Self.stillServes(server.socketPath)
    }
  }

  @Test("an unknown expectation gets 417")
  func unknownExpectation() async throws {
    try await withServer { server in
      let request = "POST /x HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 2\r\n\r\nhi"
      let (response, closed) = try await Self.exchange(Array(request.utf8), on: server.socketPath)
      #expect(response?.status == 417)
      #expect(closed)
    }
  }

  @Test("Expect: 100-continue with a body over the limit gets 413 at once, without 100 Continue")
  func expectTooLarge() async throws {
    try await withServer(maxRequestBytes: 10) { server in
      let request = "POST /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n"
      let response = try await Self.answer(to: request, on: server.socketPath)
      #expect(response?.status == 413)
    }
  }
}

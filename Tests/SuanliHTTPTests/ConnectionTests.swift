import Foundation
import Testing

@testable import SuanliHTTP

@Suite("connections: keep-alive, pipelining, expectations, disconnects, limits")
struct ConnectionTests {
  @Test("pipelined requests on one connection are answered in order, the slow one first")
  func pipelining() async throws {
    try await withServer { server in
      let responses = try await blocking {
        let client = try RawClient(path: server.socketPath)
        try client.send(
          "GET /slow?ms=300 HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /second HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /third HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        return try (1...3).map { _ in try client.readResponse() }
      }
      let paths = try responses.map { try decodeEcho(try #require($0).text).path }
      #expect(paths == ["/slow", "/second", "/third"])
      #expect(responses[0]?.headers["connection"] == nil)
      #expect(responses[2]?.headers["connection"] == "close")
      #expect(try decodeEcho(try #require(responses[1]).text).body == "abc")
    }
  }

  @Test("an HTTP/1.0 request without keep-alive is answered and the connection closed")
  func http10() async throws {
    try await withServer { server in
      let (response, closed) = try await blocking {
        let client = try RawClient(path: server.socketPath)
        try client.send("GET /old HTTP/1.0\r\n\r\n")
        return (try client.readResponse(), client.isClosedByServer())
      }
      #expect(response?.status == 200)
      #expect(closed)
    }
  }

  @Test("a response that closes the connection is sent with Connection: close, then the server closes at once")
  func responderClosesTheConnection() async throws {
    // The idle timeout is far: only the response itself may close the connection within the client's timeout.
    try await withServer(idleTimeout: .seconds(120)) { server in
      let (response, closed) = try await blocking {
        let client = try RawClient(path: server.socketPath)
        try client.send("GET /refuse HTTP/1.1\r\nHost: x\r\n\r\n")
        return (try client.readResponse(), client.isClosedByServer())
      }
      #expect(response?.status == 401)
      #expect(response?.headers["connection"] == "close")
      #expect(closed, "closed without waiting for the client to close or to go idle")
    }
  }

  @Test("Expect: 100-continue gets 100 Continue, then the request is answered")
  func expectContinue() async throws {
    try await withServer { server in
      let (interim, final) = try await blocking {
        let client = try RawClient(path: server.socketPath)
        try client.send("POST /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        let interim = try client.readResponse()
        try client.send("hello")
        return (interim, try client.readResponse())
      }
      #expect(interim?.status == 100)
      #expect(try decodeEcho(try #require(final).text).body == "hello")
    }
  }

  @Test("a client that disconnects while its request is answered cancels the responder; others are still served")
  func disconnectCancels() async throws {
    try await withServer { server in
      try await blocking {
        let client = try RawClient(path: server.socketPath)
        try client.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n")
      }
      // (the client is closed when the blocking closure returns)
      var events: [String] = []
      while events.count < 2, let event = await server.responder.events.next() {
        events.append(event)
      }
      #expect(events == ["hang started", "hang cancelled"])
      try await RequestLimitTests.stillServes(server.socketPath)
    }
  }

  @Test("the responder's Content-Type and own fields are kept; Content-Length and Connection are the server's")
  func responseFields() async throws {
    try await withServer { server in
      let (custom, plain) = try await blocking {
        let client = try RawClient(path: server.socketPath)
        try client.send("GET /custom HTTP/1.1\r\nHost: x\r\n\r\nGET /status?code=202 HTTP/1.1\r\nHost: x\r\n\r\n")
        return (try client.readResponse(), try client.readResponse())
      }
      #expect(custom?.status == 201)
      #expect(custom?.text == "hi")
      #expect(custom?.headers["content-type"] == "text/plain")
      #expect(custom?.headers["content-length"] == "2")
      #expect(custom?.headers["connection"] == nil)
      #expect(custom?.headers["x-suanli"] == "1")
      #expect(plain?.status == 202)
      #expect(plain?.headers["content-type"] == "application/json")
    }
  }

  @Test("many slow requests at once are all answered: waiting responders do not block the server")
  func concurrentSlowRequests() async throws {
    try await withServer { server in
      try await withThrowingTaskGroup(of: Int?.self) { group in
        for index in 0..<40 {
          group.addTask {
            try await RequestLimitTests.answer(
              to: "GET /slow?ms=300&n=\(index) HTTP/1.1\r\nHost: x\r\n\r\n",
              on: server.socketPath
            )?.status
          }
        }
        var statuses: [Int?] = []
        for try await status in group { statuses.append(status) }
        #expect(statuses == Array(repeating: 200, count: 40))
      }
    }
  }

  @Test("a responder's invalid status becomes a 500 JSON error")
  func responderBug() async throws {
    try await withServer { server in
      let response = try await blocking {
        let client = try RawClient(path: server.socketPath)
        try client.send("GET /status?code=42 HTTP/1.1\r\nHost: x\r\n\r\n")
        return try client.readResponse()
      }
      #expect(response?.status == 500)
      #expect(try decodeError(try #require(response).body)["code"] == "internal")
    }
  }

  @Test("an idle connection is closed after the idle timeout; a long request is not idle")
  func idleTimeout() async throws {
    try await withServer(idleTimeout: .milliseconds(300)) { server in
      let (slow, closedAfterIdling) = try await blocking {
        let client = try RawClient(path: server.socketPath)
        try client.send("GET /slow?ms=900 HTTP/1.1\r\nHost: x\r\n\r\n")
        let slow = try client.readResponse()
        return (slow, client.isClosedByServer())
      }
      #expect(slow?.status == 200)
      #expect(closedAfterIdling)
    }
  }

  @Test("connections beyond the limit are closed at once; a freed slot is usable again")
  func connectionLimit() async throws {
    try await withServer(maxConnections: 2) { server in
      try await blocking {
        let first = try RawClient(path: server.socketPath)
        let second = try RawClient(path: server.socketPath)
        for client in [first, second] {
          try client.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n")
          #expect(try client.readResponse()?.status == 200)
        }
        let third = try RawClient(path: server.socketPath)
        #expect(third.isClosedByServer())
      }
      // Both held connections are closed now; the server counts them down as it notices.
      var status: Int?
      for _ in 0..<50 where status == nil {
        status = try await blocking {
          let client = try RawClient(path: server.socketPath)
          try? client.send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n")
          return try? client.readResponse()?.status
        }
        if status == nil { try await Task.sleep(for: .milliseconds(100)) }
      }
      #expect(status == 200)
    }
  }
}

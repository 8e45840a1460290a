import Foundation
import Testing

@testable import SuanliHTTP

@Suite("curl --unix-socket against the server")
struct CurlTests {
  @Test("GET with a query is echoed, percent-decoded, '+' as space")
  func get() async throws {
    try await withServer { server in
      let result = try await curl(
        socket: server.socketPath,
        ["http://localhost/v1/jobs%2Fall?state=pending&state=running&name=a+b%20c&flag"]
      )
      #expect(result.status == 0, "\(result.errors)")
      let echo = try decodeEcho(result.output)
      #expect(echo.method == "GET")
      #expect(echo.path == "/v1/jobs/all")
      #expect(echo.query == [["state", "pending"], ["state", "running"], ["name", "a b c"], ["flag", ""]])
      #expect(echo.body == "")
    }
  }

  @Test("POST with a body is echoed with its content type")
  func post() async throws {
    try await withServer { server in
      let result = try await curl(
        socket: server.socketPath,
        [
          "-X", "POST", "-H", "Content-Type: application/json", "--data", #"{"name":"train"}"#,
          "http://localhost/v1/jobs",
        ]
      )
      #expect(result.status == 0, "\(result.errors)")
      let echo = try decodeEcho(result.output)
      #expect(echo.method == "POST")
      #expect(echo.body == #"{"name":"train"}"#)
      #expect(echo.contentType == "application/json")
    }
  }

  @Test("two URLs in one curl invocation share one kept-alive connection")
  func keepAlive() async throws {
    try await withServer { server in
      let result = try await curl(
        socket: server.socketPath,
        ["-v", "http://localhost/first", "http://localhost/second"]
      )
      #expect(result.status == 0, "\(result.errors)")
      #expect(result.output.contains(#""path":"\/first""#) || result.output.contains(#""path":"/first""#))
      #expect(result.output.contains("second"))
      #expect(result.errors.contains("Re-using existing connection"), "\(result.errors)")
      #expect(!result.errors.contains("Closing connection"))
    }
  }

  @Test("a body over the limit gets 413 with the JSON error")
  func tooLarge() async throws {
    try await withServer(maxRequestBytes: 1000) { server in
      let result = try await curl(
        socket: server.socketPath,
        [
          "--data-binary", String(repeating: "x", count: 5000), "--write-out", "\n%{http_code}",
          "http://localhost/v1/jobs",
        ]
      )
      let lines = result.output.split(separator: "\n")
      #expect(lines.last == "413", "\(result.output) \(result.errors)")
      let error = try decodeError(Array((lines.first ?? "").utf8))
      #expect(error["code"] == "request_too_large")
    }
  }
}

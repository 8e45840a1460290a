import Foundation
import Glibc
import Testing

@testable import SuanliHTTP

@Suite("peer credentials")
struct PeerCredentialsTests {
  @Test("a connection from this process reports its pid, uid and gid")
  func sameProcess() async throws {
    try await withServer { server in
      let response = try await blocking {
        let client = try RawClient(path: server.socketPath)
        try client.send("GET /whoami HTTP/1.1\r\nHost: localhost\r\n\r\n")
        return try client.readResponse()
      }
      let echo = try decodeEcho(try #require(response).text)
      #expect(echo.pid == getpid())
      #expect(echo.uid == getuid())
      #expect(echo.gid == getgid())
    }
  }

  @Test("a child process running as uid 65534 is reported as 65534", .enabled(if: getuid() == 0))
  func otherUser() async throws {
    try await withServer { server in
      let result = try await curl(socket: server.socketPath, ["http://localhost/whoami"], asUser: 65534)
      #expect(result.status == 0, "\(result.errors)")
      let echo = try decodeEcho(result.output)
      #expect(echo.uid == 65534)
      #expect(echo.gid == 65534)
      #expect(echo.pid != getpid())
    }
  }
}

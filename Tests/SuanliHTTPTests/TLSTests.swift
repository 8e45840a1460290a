import Foundation
import SuanliHTTP
import SuanliTestSupport
import Testing

/// The same server on TCP with TLS: requests reach the responder with the remote address as their peer; a client
/// that does not speak TLS, or does not trust the certificate, gets no HTTP answer.
@Suite("TLS listener", .serialized)
struct TLSTests {
  static func endpoint(_ certificates: TestCertificates, port: Int) -> TLSEndpoint {
    TLSEndpoint(
      host: "127.0.0.1", port: port, certificatePath: certificates.certificatePath,
      privateKeyPath: certificates.privateKeyPath)
  }

  /// curl on the TLS port (without --unix-socket): its exit status and standard output.
  static func curl(_ arguments: [String]) async throws -> CurlResult {
    try await blocking {
      let (status, output) = try runCapturingOutput("/usr/bin/curl", ["--silent", "--max-time", "20"] + arguments)
      return CurlResult(status: status, output: output, errors: "")
    }
  }

  @Test("a request over TLS reaches the responder with the remote address")
  func servesOverTLS() async throws {
    let certificates = try TestCertificates.make(in: try makeTemporaryDirectory())
    let port = try freeLoopbackPort()
    try await withServer(listen: .tls(Self.endpoint(certificates, port: port))) { _ in
      let result = try await Self.curl([
        "--cacert", certificates.caPath, "-d", "hi", "https://127.0.0.1:\(port)/v1/over-tls?x=1",
      ])
      #expect(result.status == 0)
      let echo = try decodeEcho(result.output)
      #expect(echo.path == "/v1/over-tls" && echo.body == "hi" && echo.query == [["x", "1"]])
      #expect(echo.remote?.hasPrefix("127.0.0.1:") == true)
      #expect(echo.uid == nil && echo.pid == nil, "no peer credentials over TCP")

      let byName = try await Self.curl(["--cacert", certificates.caPath, "https://localhost:\(port)/v1/by-name"])
      #expect(try decodeEcho(byName.output).path == "/v1/by-name")
    }
  }

  @Test("plain HTTP and an untrusted certificate get no HTTP answer")
  func refusesWhatIsNotTrustedTLS() async throws {
    let certificates = try TestCertificates.make(in: try makeTemporaryDirectory())
    let port = try freeLoopbackPort()
    try await withServer(listen: .tls(Self.endpoint(certificates, port: port))) { _ in
      let plain = try await Self.curl(["-w", "%{http_code}", "http://127.0.0.1:\(port)/v1/plain"])
      #expect(plain.status != 0)
      #expect(!plain.output.contains("/v1/plain"))
      let untrusted = try await Self.curl(["https://127.0.0.1:\(port)/v1/untrusted"])
      #expect(untrusted.status == 60, "curl: peer certificate cannot be authenticated")
      let stillServing = try await Self.curl(["--cacert", certificates.caPath, "https://127.0.0.1:\(port)/v1/after"])
      #expect(try decodeEcho(stillServing.output).path == "/v1/after")
    }
  }

  @Test("graceful shutdown lets a TLS request in flight finish, then the port stops accepting")
  func gracefulShutdown() async throws {
    let certificates = try TestCertificates.make(in: try makeTemporaryDirectory())
    let port = try freeLoopbackPort()
    let url = "https://127.0.0.1:\(port)/until-shutdown"
    try await withServer(listen: .tls(Self.endpoint(certificates, port: port))) { server in
      async let response = Self.curl(["--cacert", certificates.caPath, "--include", url])
      #expect(await server.responder.events.next() == "waiting for shutdown")
      await server.group.triggerGracefulShutdown()
      let answer = try await response
      #expect(answer.status == 0)
      #expect(answer.output.hasPrefix("HTTP/1.1 200"))
      #expect(answer.output.lowercased().contains("connection: close"))
      #expect(answer.output.contains("until-shutdown"), "the echo of the request")
    }
    let after = try await Self.curl(["--cacert", certificates.caPath, url])
    #expect(after.status == 7, "curl: could not connect")
  }

  @Test("a certificate that cannot be read makes run() fail with a clear error")
  func unreadableCertificate() async throws {
    let certificates = try TestCertificates.make(in: try makeTemporaryDirectory())
    var endpoint = Self.endpoint(certificates, port: try freeLoopbackPort())
    endpoint.certificatePath = "/nonexistent/cert.pem"
    let server = HTTPServer(
      listen: .tls(endpoint), maxRequestBytes: 100, responder: EchoResponder(), logger: testLogger())
    let error = await #expect(throws: HTTPServerError.self) { try await server.run() }
    #expect(error?.code == .invalidCertificate)
    #expect(error?.message.contains("/nonexistent/cert.pem") == true)

    var mismatched = Self.endpoint(certificates, port: try freeLoopbackPort())
    mismatched.privateKeyPath = certificates.caPath  // a certificate, not a key
    let second = HTTPServer(
      listen: .tls(mismatched), maxRequestBytes: 100, responder: EchoResponder(), logger: testLogger())
    let keyError = await #expect(throws: HTTPServerError.self) { try await second.run() }
    #expect(keyError?.code == .invalidCertificate)
  }
}

import Foundation
import SuanliHTTP
import SuanliTestSupport
import Testing

/// A TLS port open to anyone (the remote agents'): connections that have not sent their first request have a
/// deadline and places of their own, so that strangers cannot take the places of the clients being served; a
/// response that refuses a client closes its connection at once.
@Suite("connections before their first request", .serialized)
struct FirstRequestTests {
  /// A TLS server on a free loopback port, with the test CA's path.
  static func withTLSServer(
    maxConnections: Int = 64, firstRequest: FirstRequestLimits?,
    _ body: @Sendable (TestServer, _ port: Int, _ caPath: String) async throws -> Void
  ) async throws {
    let certificates = try TestCertificates.make(in: try makeTemporaryDirectory())
    let port = try freeLoopbackPort()
    try await withServer(
      listen: .tls(TLSTests.endpoint(certificates, port: port)), maxConnections: maxConnections,
      idleTimeout: .seconds(120), firstRequest: firstRequest
    ) { server in
      try await body(server, port, certificates.caPath)
    }
  }

  /// A TLS client whose first request has been answered: its connection is among the served ones.
  static func servedClient(_ server: TestServer, port: Int, caPath: String) async throws -> TLSClient {
    let client = try TLSClient(port: port, caPath: caPath)
    client.send("GET /slow?ms=1 HTTP/1.1\r\nHost: x\r\n\r\n")
    #expect(await server.responder.events.next() == "slow started")
    return client
  }

  /// Whether `client` still gets an answer: a last request, after which the connection closes.
  static func answersALastRequest(_ client: TLSClient) async throws -> Bool {
    let ended = try await blocking {
      client.send("GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
      return client.endsWithin(seconds: 10)
    }
    return ended && client.stop().contains("\"path\":\"\\/last\"")
  }

  @Test("a connection that sends nothing, or stops after the TLS handshake, is closed at the deadline")
  func silentConnectionsAreClosedAtTheDeadline() async throws {
    let limits = FirstRequestLimits(deadline: .milliseconds(500), maxConnections: 8)
    try await Self.withTLSServer(firstRequest: limits) { _, port, caPath in
      let (silentClosed, handshakeOnlyClosed) = try await blocking {
        let silent = try RawClient(loopbackPort: port)
        let handshakeOnly = try TLSClient(port: port, caPath: caPath)
        // The idle timeout is 120 s and the client waits up to 10 s: only the deadline can close these.
        return (silent.isClosedByServer(), handshakeOnly.endsWithin(seconds: 10))
      }
      #expect(silentClosed)
      #expect(handshakeOnlyClosed)
    }
  }

  @Test("a connection whose first request has arrived outlives the deadline")
  func servedConnectionsOutliveTheDeadline() async throws {
    // Time enough for s_client to start and shake hands on a busy machine.
    let limits = FirstRequestLimits(deadline: .seconds(2), maxConnections: 8)
    try await Self.withTLSServer(firstRequest: limits) { server, port, caPath in
      let client = try await Self.servedClient(server, port: port, caPath: caPath)
      #expect(!(try await blocking { client.endsWithin(seconds: 2.5) }), "open past the deadline")
      #expect(try await Self.answersALastRequest(client))
    }
  }

  @Test("connections waiting for their first request have places of their own, and no more")
  func waitingConnectionsHaveTheirOwnPlaces() async throws {
    let limits = FirstRequestLimits(deadline: .seconds(30), maxConnections: 2)
    try await Self.withTLSServer(maxConnections: 1, firstRequest: limits) { server, port, caPath in
      let served = try await Self.servedClient(server, port: port, caPath: caPath)
      // The one served place is taken; two silent connections still get the waiting places, a third none (which
      // one depends on the order in which the server sees them).
      let closed = try await blocking {
        let clients = try (0..<3).map { _ in try RawClient(loopbackPort: port, timeoutSeconds: 1) }
        return clients.map { $0.isClosedByServer() }
      }
      #expect(closed.filter { $0 }.count == 1, "one closed at once, two kept open (until their deadline): \(closed)")
      #expect(try await Self.answersALastRequest(served))
    }
  }

  @Test("one address gets no more than its share of the places of connections waiting for their first request")
  func oneAddressGetsItsShareOfTheWaitingPlaces() async throws {
    let limits = FirstRequestLimits(deadline: .seconds(30), maxConnections: 8, maxConnectionsPerOrigin: 2)
    try await Self.withTLSServer(firstRequest: limits) { server, port, caPath in
      // Three silent connections from 127.0.0.1: two get places, the third none, though six places are free.
      let closed = try await blocking {
        let clients = try (0..<3).map { _ in try RawClient(loopbackPort: port, timeoutSeconds: 1) }
        return clients.map { $0.isClosedByServer() }
      }
      #expect(closed.filter { $0 }.count == 1, "one closed at once, two kept open (until their deadline): \(closed)")
      // Their places came back when they closed: a client from the same address is served.
      let served = try await Self.servedClient(server, port: port, caPath: caPath)
      #expect(try await Self.answersALastRequest(served))
    }
  }

  @Test("the share of an IPv6 address is its /64's")
  func originGroups() {
    #expect(Peer.remote(address: "192.0.2.7:51234").originGroup == "192.0.2.7")
    #expect(Peer.remote(address: "[2001:db8:0:1::7]:443").originGroup == "2001:db8:0:1::/64")
    #expect(
      Peer.remote(address: "[2001:db8:0:1:ffff::9]:443").originGroup
        == Peer.remote(address: "[2001:db8:0:1::7]:1").originGroup)
    #expect(
      Peer.remote(address: "[2001:db8:0:2::7]:443").originGroup
        != Peer.remote(address: "[2001:db8:0:1::7]:443").originGroup)
  }

  @Test("a first request when every served place is taken is answered 503 and its connection closed")
  func firstRequestBeyondTheServedPlaces() async throws {
    let limits = FirstRequestLimits(deadline: .seconds(30), maxConnections: 4)
    try await Self.withTLSServer(maxConnections: 1, firstRequest: limits) { server, port, caPath in
      let served = try await Self.servedClient(server, port: port, caPath: caPath)
      let late = try TLSClient(port: port, caPath: caPath)
      late.send("GET /late HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try await blocking { late.endsWithin(seconds: 10) })
      let answer = late.stop()
      #expect(answer.hasPrefix("HTTP/1.1 503"))
      #expect(answer.contains("\"unavailable\""))
      _ = served.stop()
    }
  }

  @Test("a response that refuses the client closes the TLS connection at once, after the response")
  func refusalClosesTheConnection() async throws {
    let limits = FirstRequestLimits(deadline: .seconds(30), maxConnections: 4)
    try await Self.withTLSServer(firstRequest: limits) { _, port, caPath in
      let client = try TLSClient(port: port, caPath: caPath)
      client.send("GET /refuse HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try await blocking { client.endsWithin(seconds: 10) })
      let answer = client.stop()
      #expect(answer.hasPrefix("HTTP/1.1 401"))
      #expect(answer.lowercased().contains("connection: close"))
    }
  }
}

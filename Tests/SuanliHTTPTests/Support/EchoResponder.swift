import Foundation
import ServiceLifecycle
import SuanliHTTP
import Synchronization

/// What the echo responder answers: the request as it saw it, and the caller's credentials.
struct Echo: Codable, Equatable {
  var method: String
  var path: String
  var query: [[String]]
  var body: String
  var contentType: String?
  /// The Unix socket caller's credentials (nil over TLS).
  var uid: UInt32?
  var gid: UInt32?
  var pid: Int32?
  /// The remote address over TLS (nil on the Unix socket).
  var remote: String?
}

/// Events the responder reports, so tests can wait for a request to be in progress or cancelled.
final class ResponderEvents: Sendable {
  let stream: AsyncStream<String>
  private let continuation: AsyncStream<String>.Continuation

  init() {
    (self.stream, self.continuation) = AsyncStream.makeStream(of: String.self)
  }

  func report(_ event: String) {
    self.continuation.yield(event)
  }

  /// The next event, or `nil` after `seconds`.
  func next(within seconds: Double = 10) async -> String? {
    let stream = self.stream
    return await withTaskGroup(of: String?.self) { group in
      group.addTask {
        var iterator = stream.makeAsyncIterator()
        return await iterator.next()
      }
      group.addTask {
        try? await Task.sleep(for: .seconds(seconds))
        return nil
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first
    }
  }
}

/// Echoes each request as JSON. `/slow?ms=N` answers after N ms; `/until-shutdown` once the server shuts down;
/// `/hang` waits until cancelled (reporting `hang started` and `hang cancelled`); `/status?code=N` answers with
/// status N; `/refuse` answers 401 and closes the connection, as to a client without credentials; `/custom`
/// answers 201 text with header fields the server must override.
struct EchoResponder: HTTPResponder {
  var events = ResponderEvents()

  func respond(to request: HTTPRequest, from peer: Peer) async -> HTTPResponse {
    switch request.path {
    case "/slow":
      let milliseconds = Int(request.queryValue("ms") ?? "") ?? 100
      self.events.report("slow started")
      try? await Task.sleep(for: .milliseconds(milliseconds))
    case "/until-shutdown":
      self.events.report("waiting for shutdown")
      for _ in 0..<3_000 where !Task.isShuttingDownGracefully { try? await Task.sleep(for: .milliseconds(10)) }
    case "/hang":
      self.events.report("hang started")
      do {
        try await Task.sleep(for: .seconds(120))
      } catch {
        self.events.report("hang cancelled")
      }
    case "/custom":
      let headers: HTTPHeaderFields = [
        ("Content-Type", "text/plain"), ("Content-Length", "999"), ("Connection", "close"), ("X-Suanli", "1"),
      ]
      return HTTPResponse(status: 201, headers: headers, body: Array("hi".utf8))
    case "/refuse":
      return HTTPResponse(status: 401, body: Array("{}".utf8), closesConnection: true)
    case "/status":
      return HTTPResponse(status: Int(request.queryValue("code") ?? "") ?? 200, body: Array("{}".utf8))
    default:
      break
    }
    var local: PeerCredentials?
    var remote: String?
    switch peer {
    case .local(let credentials): local = credentials
    case .remote(let address): remote = address
    }
    let echo = Echo(
      method: request.method,
      path: request.path,
      query: request.query.map { [$0.name, $0.value] },
      body: String(decoding: request.body, as: UTF8.self),
      contentType: request.headers["content-type"],
      uid: local?.uid,
      gid: local?.gid,
      pid: local?.pid,
      remote: remote
    )
    let body = (try? JSONEncoder().encode(echo)).map { Array($0) } ?? []
    return .json(status: 200, body: body)
  }
}

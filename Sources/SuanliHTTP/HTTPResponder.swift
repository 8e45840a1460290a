/// Answers requests. The server knows no routes: every complete request goes to the responder with its ``Peer``:
/// the credentials of the local process that sent it, or the address of a remote one (over TLS).
///
/// `respond` runs on Swift's cooperative pool, never on an event loop, so it may wait (long polls). When the client
/// disconnects while it waits, the task running it is cancelled and whatever it returns is dropped. During a
/// graceful shutdown of the surrounding `ServiceGroup` the task sees `Task.isShuttingDownGracefully`, so a long
/// poll can end early; the server cancels requests still running after its shutdown grace period.
public protocol HTTPResponder: Sendable {
  /// Produces the response to `request`, sent by `peer`.
  func respond(to request: HTTPRequest, from peer: Peer) async -> HTTPResponse
}

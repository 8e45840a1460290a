/// A ``ClientTransport`` over one kept-alive connection, which the server may have closed since the last request
/// (idle timeout, restart): ``send(method:target:body:)`` retries once on a fresh connection when a reused one
/// ended before its response, except for a request that submits jobs, which is sent once. The Unix socket and TLS
/// transports share this, and the request's header fields.
public protocol KeepAliveTransport: ClientTransport {
  /// Whether a connection from an earlier request is open, to be reused by the next.
  var isConnected: Bool { get }
  /// Whether the open connection already shows the server's end (it closed it while idle, or restarted), so that
  /// a request must not be sent on it.
  var serverHasClosed: Bool { get }
  /// Sends one request on the open connection (or a new one) and reads its whole response; closes the connection
  /// on failure.
  func exchange(method: String, target: String, body: [UInt8]?) throws(ClientError) -> (status: Int, body: [UInt8])
  /// Closes the connection, if any.
  func close()
}

extension KeepAliveTransport {
  /// Sends a request and reads the whole response. Retries once on a fresh connection when a kept-alive one was
  /// closed by the server in between. A submission is never sent twice: a connection that ends before the answer
  /// may have ended after the daemon recorded the jobs (a crash), and a retry would submit them again. It is sent
  /// on a fresh connection only when the open one already shows the server's end.
  public func send(method: String, target: String, body: [UInt8]?) throws(ClientError) -> (status: Int, body: [UInt8]) {
    if Self.submits(method: method, target: target) {
      if self.isConnected && self.serverHasClosed { self.close() }
      return try self.exchange(method: method, target: target, body: body)
    }
    let reused = self.isConnected
    do {
      return try self.exchange(method: method, target: target, body: body)
    } catch .closedBeforeResponse where reused {
      self.close()
      return try self.exchange(method: method, target: target, body: body)
    }
  }

  /// By default, an open connection is taken to be usable (a transport that learns of the server's end by itself,
  /// as NIO does, is then no longer connected).
  public var serverHasClosed: Bool { false }

  /// Whether the request submits jobs (`POST /v1/jobs`, `POST /v1/jobs/batch`), which creates new jobs each time
  /// it is taken (a job action or an agent's report said twice comes to the same).
  static func submits(method: String, target: String) -> Bool {
    guard method == "POST" else { return false }
    let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
    return path == "/v1/jobs" || path == "/v1/jobs/batch"
  }

  /// The header fields of a request to suanlid, in order: `Host`, `User-Agent`, `Authorization` when given, then
  /// `Content-Type` (JSON) and `Content-Length` for a body; a request without one other than GET says
  /// `Content-Length: 0`.
  public static func requestFields(
    method: String, host: String, userAgent: String, authorization: String? = nil, bodyLength: Int?
  ) -> [(name: String, value: String)] {
    var fields = [("Host", host), ("User-Agent", userAgent)]
    if let authorization { fields.append(("Authorization", authorization)) }
    if let bodyLength {
      fields += [("Content-Type", "application/json"), ("Content-Length", "\(bodyLength)")]
    } else if method != "GET" {
      fields.append(("Content-Length", "0"))
    }
    return fields.map { (name: $0.0, value: $0.1) }
  }
}

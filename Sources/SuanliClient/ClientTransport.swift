/// How a ``SuanliClient`` reaches suanlid: one connection (kept alive between requests), blocking calls. The
/// Unix socket transport is built in (``SuanliClient/init(socketPath:timeoutSeconds:)``); a node agent on another
/// machine brings a TLS one.
public protocol ClientTransport: AnyObject {
  /// Where the daemon is, for messages: a socket path, or `https://host:port`.
  var address: String { get }

  /// Sends a request (`target` is the path and query) and reads the whole response, reconnecting when needed.
  func send(method: String, target: String, body: [UInt8]?) throws(ClientError) -> (status: Int, body: [UInt8])
}

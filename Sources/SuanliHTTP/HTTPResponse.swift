internal import SuanliAPI

/// A response produced by an ``HTTPResponder``.
///
/// The server sets `Content-Length` from the body and manages `Connection` and `Transfer-Encoding` itself (any
/// such fields given here are ignored); `Content-Type` defaults to `application/json` when absent.
public struct HTTPResponse: Sendable {
  /// The status code, 200…599. Anything else is answered as 500 and logged.
  public var status: Int
  /// Header fields to send.
  public var headers: HTTPHeaderFields
  /// The body bytes.
  public var body: [UInt8]
  /// Whether the server closes the connection once this response is sent (with `Connection: close`), without
  /// reading anything more from it: for a client the responder refuses, e.g. one without valid credentials, so
  /// that it cannot keep the connection (and its place among the server's connections) open.
  public var closesConnection: Bool

  /// Creates a response from its parts.
  public init(status: Int, headers: HTTPHeaderFields = [], body: [UInt8] = [], closesConnection: Bool = false) {
    self.status = status
    self.headers = headers
    self.body = body
    self.closesConnection = closesConnection
  }

  /// A response with a JSON body (`Content-Type: application/json`).
  public static func json(status: Int, body: [UInt8]) -> HTTPResponse {
    HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
  }

  /// A JSON error in the API's shape: `{"error":{"code":…,"message":…,"hint":…}}`.
  public static func error(status: Int, code: String, message: String, hint: String) -> HTTPResponse {
    let body =
      #"{"error":{"code":"# + JSONString.quoted(code) + #","message":"# + JSONString.quoted(message)
      + #","hint":"# + JSONString.quoted(hint) + "}}"
    return .json(status: status, body: Array(body.utf8))
  }
}

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

  /// Creates a response from its parts.
  public init(status: Int, headers: HTTPHeaderFields = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
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

/// Minimal JSON string encoding, enough for the server's own error bodies.
enum JSONString {
  /// `text` as a JSON string literal, quotes included.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}

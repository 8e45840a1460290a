/// A complete HTTP request as the responder sees it: the body has been read in full (within the size limit).
public struct HTTPRequest: Sendable {
  /// The method, uppercased (`"GET"`, `"POST"`, …).
  public var method: String
  /// The path, percent-decoded, without the query (`"/v1/jobs/42"`).
  public var path: String
  /// The query parameters in order, percent-decoded, with `+` read as a space. A name without `=` has an empty value.
  public var query: [(name: String, value: String)]
  /// The header fields as received.
  public var headers: HTTPHeaderFields
  /// The body bytes (empty when the request has none).
  public var body: [UInt8]

  /// Creates a request from its parts.
  public init(
    method: String,
    path: String,
    query: [(name: String, value: String)] = [],
    headers: HTTPHeaderFields = [],
    body: [UInt8] = []
  ) {
    self.method = method
    self.path = path
    self.query = query
    self.headers = headers
    self.body = body
  }

  /// The value of the first query parameter named `name`, or `nil`.
  public func queryValue(_ name: String) -> String? {
    self.query.first { $0.name == name }?.value
  }

  /// The values of every query parameter named `name`, in order (`?state=pending&state=running`).
  public func queryValues(_ name: String) -> [String] {
    self.query.filter { $0.name == name }.map(\.value)
  }
}

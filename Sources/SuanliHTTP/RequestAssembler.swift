import NIOCore
import NIOHTTP1

/// Turns the parts of one request at a time (head, body chunks, end) into a complete ``HTTPRequest``, enforcing
/// the body size limit as early as possible: on the declared `Content-Length`, else as a chunked body grows.
struct RequestAssembler {
  /// What the connection should do after a part.
  enum Action {
    /// Wait for more parts.
    case none
    /// The client asked `Expect: 100-continue` and the request is acceptable: send `100 Continue`.
    case sendContinue
    /// The request is complete.
    case request(HTTPRequest, HTTPRequestHead)
    /// The request is refused: send this response and close the connection.
    case refuse(HTTPResponse)
  }

  private enum State {
    case idle
    case receiving(HTTPRequest, HTTPRequestHead)
    case refused
  }

  let maxBodyBytes: Int
  private var state = State.idle

  init(maxBodyBytes: Int) {
    self.maxBodyBytes = maxBodyBytes
  }

  mutating func consume(_ part: HTTPServerRequestPart) -> Action {
    switch (part, self.state) {
    case (_, .refused):
      return .none
    case (.head(let head), .idle):
      return self.begin(head)
    case (.body(let chunk), .receiving(var request, let head)):
      guard chunk.readableBytes <= self.maxBodyBytes - request.body.count else {
        return self.refuse(.tooLarge(limit: self.maxBodyBytes))
      }
      self.state = .idle  // avoid a copy-on-write of the body while appending
      request.body.append(contentsOf: chunk.readableBytesView)
      self.state = .receiving(request, head)
      return .none
    case (.end, .receiving(let request, let head)):
      self.state = .idle
      return .request(request, head)
    case (.head, .receiving), (.body, .idle), (.end, .idle):
      return self.refuse(.badRequest("the request parts arrived out of order"))
    }
  }

  private mutating func begin(_ head: HTTPRequestHead) -> Action {
    let target: RequestTarget
    do {
      target = try RequestTarget(parsing: head.uri)
    } catch {
      return self.refuse(.badRequest(error.reason))
    }
    if let declared = head.headers.first(name: "content-length") {
      guard let length = Int(declared), length >= 0 else {
        return self.refuse(.badRequest("the Content-Length header is not a number"))
      }
      guard length <= self.maxBodyBytes else { return self.refuse(.tooLarge(limit: self.maxBodyBytes)) }
    }
    let request = HTTPRequest(
      method: head.method.rawValue.uppercased(),
      path: target.path,
      query: target.query.map { ($0.name, $0.value) },
      headers: HTTPHeaderFields(head.headers.map { ($0.name, $0.value) }),
      body: []
    )
    self.state = .receiving(request, head)
    guard let expectation = head.headers.first(name: "expect") else { return .none }
    guard expectation.lowercased() == "100-continue" else {
      return self.refuse(.expectationFailed(expectation))
    }
    return head.version == .http1_1 ? .sendContinue : .none
  }

  private mutating func refuse(_ response: HTTPResponse) -> Action {
    self.state = .refused
    return .refuse(response)
  }
}

extension HTTPResponse {
  static func tooLarge(limit: Int) -> HTTPResponse {
    .error(
      status: 413,
      code: "request_too_large",
      message: "the request body is larger than the server accepts (\(limit) bytes)",
      hint: "send a smaller request, e.g. split a large batch into several requests"
    )
  }

  static func badRequest(_ reason: String) -> HTTPResponse {
    .error(
      status: 400,
      code: "bad_request",
      message: "malformed HTTP request: \(reason)",
      hint: "send HTTP/1.1, e.g. curl --unix-socket SOCKET http://localhost/v1/..."
    )
  }

  static func expectationFailed(_ expectation: String) -> HTTPResponse {
    .error(
      status: 417,
      code: "expectation_failed",
      message: "unsupported Expect header: \(expectation)",
      hint: "only 'Expect: 100-continue' is supported; or send the request without Expect"
    )
  }
}

import NIOCore
import NIOHTTP1

extension HTTPResponse {
  /// Header fields the server sets itself.
  private static let managedFields = ["content-length", "transfer-encoding", "connection", "keep-alive"]

  /// The parts to write for this response to a request of `version`; `closing` adds `Connection: close`.
  /// A response with a ``problem`` is replaced by a 500: the responder's bug must not break the protocol.
  func parts(version: HTTPVersion, closing: Bool, allocator: ByteBufferAllocator) -> [HTTPServerResponsePart] {
    if let problem = self.problem {
      return HTTPResponse.internalError(problem).parts(version: version, closing: closing, allocator: allocator)
    }
    var headers = HTTPHeaders()
    for field in self.headers where !Self.isManaged(field.name) {
      headers.add(name: field.name, value: field.value)
    }
    if !headers.contains(name: "content-type") {
      headers.add(name: "Content-Type", value: "application/json")
    }
    let bodyless = self.status == 204 || self.status == 304
    if !bodyless {
      headers.add(name: "Content-Length", value: String(self.body.count))
    }
    if closing {
      headers.add(name: "Connection", value: "close")
    } else if version == .http1_0 {
      headers.add(name: "Connection", value: "keep-alive")
    }
    let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: self.status), headers: headers)
    guard !bodyless, !self.body.isEmpty else { return [.head(head), .end(nil)] }
    return [.head(head), .body(.byteBuffer(allocator.buffer(bytes: self.body))), .end(nil)]
  }

  /// Why this response cannot be sent as it is (a bug in the responder), or `nil`.
  var problem: String? {
    guard (200...599).contains(self.status) else { return "the responder returned status \(self.status)" }
    for field in self.headers where !Self.isManaged(field.name) {
      guard Self.isToken(field.name), Self.isFieldValue(field.value) else {
        return "the responder returned an invalid header field \(field.name.debugDescription)"
      }
    }
    return nil
  }

  private static func isManaged(_ name: String) -> Bool {
    Self.managedFields.contains { HTTPHeaderFields.sameName($0, name) }
  }

  static func internalError(_ reason: String) -> HTTPResponse {
    .error(
      status: 500,
      code: "internal",
      message: "internal server error: \(reason)",
      hint: "this is a bug in the server; the daemon's log has details"
    )
  }

  private static func isToken(_ name: String) -> Bool {
    !name.isEmpty
      && name.utf8.allSatisfy { byte in
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
          UInt8(ascii: "0")...UInt8(ascii: "9"):
          true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
      }
  }

  private static func isFieldValue(_ value: String) -> Bool {
    value.utf8.allSatisfy { $0 == UInt8(ascii: "\t") || ($0 >= 0x20 && $0 != 0x7F) }
  }
}

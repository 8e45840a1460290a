internal import SuanliAPI
internal import SuanliHTTP

/// One endpoint: a method, a path pattern under `/v1` with `{name}` parameters, and its handler.
struct Route: Sendable {
  var method: String
  var pattern: String
  var handler: @Sendable (RequestContext) async throws -> HTTPResponse
  /// The pattern's segments, each a literal or a `{name}` parameter (split once, not per request).
  private let segments: [Segment]

  private enum Segment: Sendable {
    case literal(Substring)
    case parameter(String)
  }

  init(method: String, pattern: String, handler: @escaping @Sendable (RequestContext) async throws -> HTTPResponse) {
    self.method = method
    self.pattern = pattern
    self.handler = handler
    segments = pattern.split(separator: "/").map { part in
      part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(part)
    }
  }

  /// The parameters if the path's segments match the pattern.
  func match(_ path: [Substring]) -> [String: String]? {
    guard segments.count == path.count else { return nil }
    var parameters: [String: String] = [:]
    for (segment, part) in zip(segments, path) {
      switch segment {
      case .literal(let literal): if literal != part { return nil }
      case .parameter(let name): parameters[name] = String(part)
      }
    }
    return parameters
  }
}

/// What a handler gets: the request, who sent it, the path parameters and the engine.
struct RequestContext: Sendable {
  var request: HTTPRequest
  var caller: Caller
  var parameters: [String: String]
  var engine: Engine
  var reload: @Sendable () async throws -> Void

  /// The body decoded as `T`; a body that is not that JSON is a bad request.
  func body<T: Decodable>(_ type: T.Type) throws(APIError) -> T {
    do {
      return try APIJSON.decode(type, from: .init(request.body))
    } catch let error as DecodingError {
      throw APIError(.badRequest, "request body: \(DecodingErrorText.describe(error))", hint: "see docs/openapi.json")
    } catch {
      throw APIError(.badRequest, "request body is not valid JSON")
    }
  }

  func parameter(_ name: String) -> String { parameters[name] ?? "" }

  /// A numeric job id from the path.
  func jobID() throws(APIError) -> Int64 {
    guard let id = Int64(parameter("id")), id > 0 else {
      throw APIError(.badRequest, "'\(parameter("id"))' is not a job id", hint: "job ids are positive integers")
    }
    return id
  }

  func query(_ name: String) -> String? { request.queryValue(name) }

  func queryInt(_ name: String, default value: Int64? = nil, range: ClosedRange<Int64>) throws(APIError) -> Int64? {
    guard let text = query(name) else { return value }
    guard let number = Int64(text), range.contains(number) else {
      throw APIError(.invalidField, "\(name): must be an integer within \(range.lowerBound)...\(range.upperBound)")
    }
    return number
  }
}

/// Short, useful messages for JSON decoding failures.
enum DecodingErrorText {
  static func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      let keys = context.codingPath.reduce(into: "") { text, key in
        if let index = key.intValue {
          text += "[\(index)]"
        } else {
          text += (text.isEmpty ? "" : ".") + key.stringValue
        }
      }
      return keys.isEmpty ? "the body" : keys
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "missing field \(context.codingPath.isEmpty ? "" : path(context) + ".")\(key.stringValue)"
    case .typeMismatch(let type, let context): return "\(path(context)) must be \(typeName(type))"
    case .valueNotFound(let type, let context): return "\(path(context)) must be \(typeName(type)), not null"
    case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
    @unknown default: return "malformed"
    }
  }

  private static func typeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Int.Type, is Int64.Type, is UInt64.Type, is UInt32.Type: "an integer"
    case is Double.Type: "a number"
    case is Bool.Type: "a boolean"
    default: "\(type)".hasPrefix("Array") ? "an array" : "an object"
    }
  }
}

/// The error document every failed request gets: `{"error": {"code": ..., "message": ..., "hint": ...}}`.
public struct APIErrorBody: Codable, Sendable, Hashable {
  public var error: APIError
  public init(_ error: APIError) { self.error = error }
}

/// A failed request: a code from a closed set, a message saying what is wrong, and a hint saying what to do.
public struct APIError: Error, Codable, Sendable, Hashable, CustomStringConvertible {
  public var code: Code
  public var message: String
  public var hint: String?

  public init(_ code: Code, _ message: String, hint: String? = nil) {
    self.code = code
    self.message = message
    self.hint = hint
  }

  public var description: String { hint.map { "\(message) (\($0))" } ?? message }

  /// The error classes. Each maps to one HTTP status, and the CLI to one exit code.
  public enum Code: String, Codable, Sendable, Hashable, CaseIterable {
    /// The request is malformed: not JSON, wrong types, unknown fields.
    case badRequest = "bad_request"
    /// A field has a value out of range or unknown (model, enterprise, walltime beyond the maximum…).
    case invalidField = "invalid_field"
    /// The caller is not a member of any enterprise, or not of the one named.
    case notMember = "not_member"
    /// A remote agent's token is missing, unknown or revoked.
    case unauthorized
    /// The caller may not do this (another enterprise's job, an operator-only action).
    case forbidden
    case notFound = "not_found"
    /// The object is not in a state that allows this (releasing a job that is not held…).
    case conflict
    case requestTooLarge = "request_too_large"
    /// The daemon cannot accept work now (disk full, shutting down).
    case unavailable
    case `internal`

    public var httpStatus: Int {
      switch self {
      case .badRequest, .invalidField: 400
      case .notMember, .unauthorized: 401
      case .forbidden: 403
      case .notFound: 404
      case .conflict: 409
      case .requestTooLarge: 413
      case .unavailable: 503
      case .internal: 500
      }
    }
  }
}

public import SuanliAPI

#if canImport(FoundationEssentials)
  internal import FoundationEssentials
#else
  internal import Foundation
#endif

/// A client of suanlid's API over its Unix socket (or another ``ClientTransport``): one keep-alive connection,
/// blocking calls. Not thread-safe: use one per thread.
public final class SuanliClient {
  private let connection: any ClientTransport
  /// Where the daemon is: the socket path, or the address of another transport.
  public var socketPath: String { connection.address }

  public init(socketPath: String, timeoutSeconds: Int = 90) {
    connection = HTTPConnection(socketPath: socketPath, timeoutSeconds: timeoutSeconds)
  }

  /// A client over `transport` (e.g. TLS to a remote daemon).
  public init(transport: any ClientTransport) {
    connection = transport
  }

  /// Sends a request and decodes the answer as `T`; an error answer throws `ClientError.api`.
  public func call<T: Decodable>(
    _ method: String, _ target: String, body: (some Encodable)? = Optional<Int>.none, as type: T.Type
  ) throws(ClientError) -> T {
    let bytes = body.map { Array(APIJSON.encode($0)) }
    let (status, answer) = try raw(method, target, body: bytes)
    let data = Data(answer)
    guard (200..<300).contains(status) else {
      if let error = try? APIJSON.decode(APIErrorBody.self, from: data) { throw .api(status: status, error.error) }
      throw .protocolError("status \(status)")
    }
    do {
      return try APIJSON.decode(type, from: data)
    } catch {
      throw .protocolError("cannot decode \(T.self): \(error)")
    }
  }

  /// Sends a request with raw bytes and returns the status and body as they came.
  public func raw(_ method: String, _ target: String, body: [UInt8]? = nil) throws(ClientError) -> (
    status: Int, body: [UInt8]
  ) {
    try connection.send(method: method, target: target, body: body)
  }

  public func info() throws(ClientError) -> DaemonInfo { try call("GET", "/v1/info", as: DaemonInfo.self) }

  public func submit(_ submission: JobSubmission) throws(ClientError) -> SubmitResult {
    try call("POST", "/v1/jobs", body: submission, as: SubmitResult.self)
  }

  public func submit(batch: [JobSubmission]) throws(ClientError) -> SubmitResult {
    try call("POST", "/v1/jobs/batch", body: BatchSubmission(jobs: batch), as: SubmitResult.self)
  }

  public func job(_ id: UInt64) throws(ClientError) -> JobInfo { try call("GET", "/v1/jobs/\(id)", as: JobInfo.self) }

  public func jobs(query: String = "") throws(ClientError) -> JobList {
    try call("GET", "/v1/jobs" + (query.isEmpty ? "" : "?" + query), as: JobList.self)
  }

  public func act(_ action: String, job id: UInt64) throws(ClientError) -> JobInfo {
    try call("POST", "/v1/jobs/\(id)/\(action)", as: JobInfo.self)
  }
}

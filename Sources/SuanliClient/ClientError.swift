public import SuanliAPI

/// Why a request did not get an answer, or got an error answer.
public enum ClientError: Error, Sendable, CustomStringConvertible {
  /// The daemon's socket could not be reached.
  case connection(String, String)
  case timeout(String)
  case closedBeforeResponse
  case protocolError(String)
  /// The daemon answered with an error.
  case api(status: Int, APIError)

  public var description: String {
    switch self {
    case .connection(let path, let reason):
      "cannot connect to suanlid at \(path): \(reason) (is suanlid running? systemctl status suanlid; or set SUANLI_SOCKET)"
    case .timeout(let path): "suanlid at \(path) did not answer in time"
    case .closedBeforeResponse: "suanlid closed the connection before answering"
    case .protocolError(let what): "unexpected answer from suanlid: \(what)"
    case .api(_, let error): error.description
    }
  }
}

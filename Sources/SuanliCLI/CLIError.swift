public import ArgumentParser
internal import SuanliAPI
public import SuanliClient

/// A failure the CLI reports: a message, what to do next, and an exit code from a closed set.
public struct CLIError: Error, CustomStringConvertible {
  public var message: String
  public var hint: String?
  public var exitCode: ExitCode

  public init(_ message: String, hint: String? = nil, exitCode: ExitCode = CLIExit.failure) {
    self.message = message
    self.hint = hint
    self.exitCode = exitCode
  }

  public var description: String { message + (hint.map { "\n  hint: \($0)" } ?? "") }

  /// What a client error means to a user.
  public init(_ error: ClientError) {
    switch error {
    case .connection(let path, let reason):
      self.init(
        "cannot connect to suanlid at \(path): \(reason)",
        hint: "is it running? (systemctl status suanlid) — or point --socket / SUANLI_SOCKET at its socket",
        exitCode: CLIExit.unreachable)
    case .timeout(let path):
      self.init(
        "suanlid at \(path) did not answer in time", hint: "journalctl -u suanlid", exitCode: CLIExit.unreachable)
    case .closedBeforeResponse, .protocolError:
      self.init("\(error)", hint: "journalctl -u suanlid", exitCode: CLIExit.failure)
    case .api(_, let apiError):
      self.init(apiError.message, hint: apiError.hint, exitCode: CLIExit.code(for: apiError.code))
    }
  }
}

/// The CLI's exit codes, one per class of error (documented in `suanli --help`).
public enum CLIExit {
  public static let ok = ExitCode(0)
  /// Anything else: the daemon failed, or an unexpected answer.
  public static let failure = ExitCode(1)
  /// The command line is wrong (ArgumentParser's own errors included).
  public static let usage = ExitCode(2)
  public static let notFound = ExitCode(3)
  /// Not a member of the enterprise, or an operator-only action.
  public static let permission = ExitCode(4)
  /// Refused by validation, quota, budget or state (cancelling an ended job).
  public static let rejected = ExitCode(5)
  /// suanlid cannot be reached.
  public static let unreachable = ExitCode(6)

  static func code(for code: APIError.Code) -> ExitCode {
    switch code {
    case .badRequest, .invalidField, .conflict, .requestTooLarge: rejected
    case .notMember, .unauthorized, .forbidden: permission
    case .notFound: notFound
    case .unavailable: unreachable
    case .internal: failure
    }
  }

  /// The table `suanli --help` prints.
  static let documentation = """
    Exit codes: 0 ok, 1 failure, 2 usage, 3 not found, 4 permission (enterprise or operator role), 5 rejected \
    (validation, quota, budget, state), 6 suanlid unreachable; `submit --wait` exits with the job's own code.
    """
}

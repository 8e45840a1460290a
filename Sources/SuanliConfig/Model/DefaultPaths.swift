#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the daemon's socket and state live when the configuration does not say, so that the daemon and the
/// CLI agree without any setup:
///
/// - as root: `/run/suanli/suanli.sock` and `/var/lib/suanli` (the system service);
/// - otherwise: `$XDG_RUNTIME_DIR/suanli/suanli.sock` (or `./.suanli/suanli.sock` when `XDG_RUNTIME_DIR` is
///   unset) and `./.suanli/state` (a personal daemon, e.g. for a demo).
public struct DefaultPaths: Sendable, Hashable {
  /// The API socket of the system service.
  public static let systemSocketPath = "/run/suanli/suanli.sock"
  /// The state directory of the system service.
  public static let systemStateDirectory = "/var/lib/suanli"

  public var socketPath: String
  public var stateDirectory: String

  public init(socketPath: String, stateDirectory: String) {
    self.socketPath = socketPath
    self.stateDirectory = stateDirectory
  }

  /// The defaults for a process running as root or not, with `XDG_RUNTIME_DIR` set to `runtimeDirectory`.
  /// An empty or relative `runtimeDirectory` is ignored, as the XDG specification asks.
  public init(isRoot: Bool, runtimeDirectory: String?) {
    if isRoot {
      self.init(socketPath: Self.systemSocketPath, stateDirectory: Self.systemStateDirectory)
    } else if let runtimeDirectory, runtimeDirectory.hasPrefix("/") {
      let base = runtimeDirectory.hasSuffix("/") ? String(runtimeDirectory.dropLast()) : runtimeDirectory
      self.init(socketPath: base + "/suanli/suanli.sock", stateDirectory: "./.suanli/state")
    } else {
      self.init(socketPath: "./.suanli/suanli.sock", stateDirectory: "./.suanli/state")
    }
  }

  /// The defaults for this process: its effective uid and its `XDG_RUNTIME_DIR`.
  public static var current: DefaultPaths {
    DefaultPaths(isRoot: geteuid() == 0, runtimeDirectory: getenv("XDG_RUNTIME_DIR").map { String(cString: $0) })
  }

  /// Sockets a client should try, in order, when not told which: its own daemon's, then the system
  /// service's (a non-root user usually talks to the system daemon).
  public var clientSocketCandidates: [String] {
    socketPath == Self.systemSocketPath ? [socketPath] : [socketPath, Self.systemSocketPath]
  }
}

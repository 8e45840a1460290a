public import Foundation
internal import SuanliAPI
public import SuanliClient

/// A real `suanlid` process on a temporary socket and state directory, for tests.
public final class DaemonProcess: @unchecked Sendable {
  public let directory: URL
  public let socketPath: String
  public let stateDirectory: String
  public let configPath: String?
  public let environment: [String: String]
  private(set) var process: Process?
  private var logHandle: FileHandle?

  /// The built `suanlid`, next to the test bundle.
  public static var binary: String {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return executable.deletingLastPathComponent().appendingPathComponent("suanlid").path
  }

  /// A daemon configured by `config` (TOML; nil for the embedded defaults).
  public init(config: String? = nil, environment: [String: String] = [:]) throws {
    directory = URL(fileURLWithPath: NSTemporaryDirectory())
      .appendingPathComponent("suanlid-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    socketPath = directory.appendingPathComponent("api.sock").path
    stateDirectory = directory.appendingPathComponent("state").path
    if let config {
      let path = directory.appendingPathComponent("suanlid.toml").path
      try config.write(toFile: path, atomically: true, encoding: .utf8)
      configPath = path
    } else {
      configPath = nil
    }
    self.environment = environment
  }

  deinit {
    if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
    try? FileManager.default.removeItem(at: directory)
  }

  public var arguments: [String] {
    ["--socket", socketPath, "--state-dir", stateDirectory] + (configPath.map { ["--config", $0] } ?? [])
  }

  public var logPath: String { directory.appendingPathComponent("suanlid.log").path }

  /// Starts the daemon and waits until it answers.
  public func start() throws {
    (process, logHandle) = try launchLogging(Self.binary, arguments, extra: environment, logPath: logPath)
    try waitUntilReady()
  }

  public func waitUntilReady(seconds: Double = 60) throws {
    do {
      try waitUntil("suanlid to answer", seconds: seconds) {
        if let process, !process.isRunning {
          throw TestFailure("suanlid exited with \(process.terminationStatus):\n\(log)")
        }
        return (try? SuanliClient(socketPath: socketPath, timeoutSeconds: 5).info()) != nil
      }
    } catch let failure as TestFailure where failure.description.hasPrefix("timed out") {
      throw TestFailure("\(failure):\n\(log)")
    }
  }

  /// SIGTERM, and waits for the exit status.
  @discardableResult
  public func stop() -> Int32 { signalAndWait(SIGTERM) }

  @discardableResult
  public func kill9() -> Int32 { signalAndWait(SIGKILL) }

  public func signal(_ signal: Int32) {
    if let process { kill(process.processIdentifier, signal) }
  }

  private func signalAndWait(_ signal: Int32) -> Int32 {
    guard let process else { return -1 }
    if process.isRunning { kill(process.processIdentifier, signal) }
    process.waitUntilExit()
    self.process = nil
    try? logHandle?.close()
    logHandle = nil
    return process.terminationStatus
  }

  /// The running daemon's process ID.
  public var processIdentifier: Int32? { process.map(\.processIdentifier) }

  public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

  public func client() -> SuanliClient { SuanliClient(socketPath: socketPath, timeoutSeconds: 30) }

  /// A request made as another user (uid/gid), through curl under setpriv: what that user would get.
  public func curl(as uid: UInt32, gid: UInt32, _ method: String, _ path: String, body: String? = nil) throws -> (
    status: Int, body: String
  ) {
    var arguments = [
      "--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", "curl", "-s", "-o", "-", "-w", "\n%{http_code}",
      "--unix-socket", socketPath, "-X", method, "http://localhost\(path)",
    ]
    if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
    let output = try Self.run("/usr/bin/setpriv", arguments)
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
    return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
  }

  /// Runs a command and returns its standard output.
  public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws
    -> String
  {
    try runCapturingOutput(executable, arguments, environment: environment).output
  }
}

public struct TestFailure: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

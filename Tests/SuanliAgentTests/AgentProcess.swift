import Foundation
import SuanliAPI
import SuanliAgent
import SuanliClient
import SuanliTestSupport

/// A real `suanli-agent` process (the binary next to the test bundle) for a ``DaemonProcess``, with a temporary
/// agent.toml declaring cards and a state directory of its own.
final class AgentProcess: @unchecked Sendable {
  let node: String
  let directory: String
  let configPath: String
  let stateDirectory: String
  let logPath: String
  let daemon: DaemonProcess
  private var process: Process?

  static var binary: String {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return executable.deletingLastPathComponent().appendingPathComponent("suanli-agent").path
  }

  /// `connection`: the `[agent]` lines that say how to reach the daemon (default: `socket =` its Unix socket).
  init(
    daemon: DaemonProcess, node: String = "n1", model: String = "nvidia-h200", cards: Int = 4,
    allowRootJobs: Bool = true, stopGrace: String = "1s", launch: String = "auto", connection: String? = nil
  ) throws {
    self.daemon = daemon
    self.node = node
    directory = daemon.directory.appendingPathComponent("agent-\(node)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    // Jobs of other users must reach their logs under the state directory.
    chmod(daemon.directory.path, 0o755)
    chmod(directory, 0o755)
    configPath = directory + "/agent.toml"
    stateDirectory = directory + "/state"
    logPath = directory + "/agent.log"
    let config = """
      [agent]
      node = "\(node)"
      \(connection ?? "socket = \"\(daemon.socketPath)\"")
      state_dir = "\(stateDirectory)"

      [labels]
      site = "test"

      [capacity]
      cpus = 16
      memory = "64G"
      model = "\(model)"
      cards = \(cards)

      [jobs]
      stop_grace = "\(stopGrace)"
      allow_root_jobs = \(allowRootJobs)
      launch = "\(launch)"
      """
    try config.write(toFile: configPath, atomically: true, encoding: .utf8)
  }

  deinit {
    if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  var pid: Int32? { process?.processIdentifier }

  /// Starts the agent and waits until the daemon lists its node as ready.
  func start() throws {
    let process = try launch()
    let client = daemon.client()
    try waitUntil("node \(node) ready") {
      guard process.isRunning else { throw TestFailure("suanli-agent exited:\n\(self.log)") }
      return (try? client.call("GET", "/v1/nodes/\(self.node)", as: NodeInfo.self))?.state == "ready"
    }
  }

  /// Starts the agent without waiting for anything.
  @discardableResult
  func launch() throws -> Process {
    let process = try launchLogging(Self.binary, ["--config", configPath], logPath: logPath).process
    self.process = process
    return process
  }

  /// Sends `signal` and waits for the process to exit.
  @discardableResult
  func stop(_ signal: Int32 = SIGTERM) -> Int32 {
    guard let process else { return -1 }
    if process.isRunning { kill(process.processIdentifier, signal) }
    process.waitUntilExit()
    self.process = nil
    return process.terminationStatus
  }

  var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

  /// The agent's record of a running job (`jobs/<id>.json`).
  func jobRecord(_ id: UInt64) -> JobRecord? {
    guard let data = FileManager.default.contents(atPath: stateDirectory + "/jobs/\(id).json") else { return nil }
    return try? JSONDecoder().decode(JobRecord.self, from: data)
  }

  func jobLog(_ id: UInt64) -> String {
    (try? String(contentsOfFile: stateDirectory + "/logs/\(id).log", encoding: .utf8)) ?? ""
  }
}

/// Whether a process exists and is not a zombie.
func processExists(_ pid: Int32) -> Bool {
  guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
    let close = stat.lastIndex(of: ")")
  else { return false }
  let state = stat[stat.index(after: close)...].split(separator: " ").first
  return state != "Z" && state != "X"
}

extension SuanliClient {
  /// Submits a shell script as the caller (root: enterprise acme) on h200 cards.
  func submitScript(_ script: String, cards: Int = 1, walltime: Int64 = 600) throws -> UInt64 {
    var submission = JobSubmission(command: ["/bin/sh", "-c", script])
    submission.name = "script"
    submission.cards = cards
    submission.models = ["nvidia-h200"]
    submission.walltimeSeconds = walltime
    submission.workdir = "/tmp"
    return try submit(submission).jobIds[0]
  }
}

internal import Foundation

/// How a command ended: its exit status and what it printed.
public struct CommandResult: Sendable, CustomStringConvertible {
  public var status: Int32
  public var output: String
  public var error: String

  public var succeeded: Bool { status == 0 }

  /// The result when the command succeeded; otherwise a failure with its status and output.
  @discardableResult
  public func check(_ what: String = "the command") throws -> CommandResult {
    guard succeeded else { throw TestFailure("\(what) failed: \(description)") }
    return self
  }

  public var description: String { "exit status \(status)\nstdout:\n\(output)\nstderr:\n\(error)" }
}

/// Commands inside the machine, through `nsenter` into all of its namespaces.
extension SystemdMachine {
  /// Runs `arguments` inside the machine as root, in `/`, with `environment` added to a neutral one; kills it
  /// after `timeoutSeconds`.
  public func run(_ arguments: [String], environment: [String: String] = [:], timeoutSeconds: Double = 60) throws
    -> CommandResult
  {
    guard pid1 > 0 else { throw TestFailure("the machine is not running") }
    let enter = ["-t", "\(pid1)", "-m", "-u", "-i", "-n", "-p", "-C", "--wd=/", "--"]
    return try commandOutput(
      "/usr/bin/nsenter", enter + arguments, environment: Self.commandEnvironment.merging(environment) { $1 },
      timeoutSeconds: timeoutSeconds)
  }

  /// Runs a `/bin/sh -c` script inside the machine.
  public func shell(_ script: String, timeoutSeconds: Double = 60) throws -> CommandResult {
    try run(["/bin/sh", "-c", script], timeoutSeconds: timeoutSeconds)
  }

  /// `systemctl --no-pager ARGUMENTS` inside the machine.
  public func systemctl(_ arguments: String...) throws -> CommandResult {
    try run(["systemctl", "--no-pager"] + arguments)
  }

  /// `journalctl --no-pager ARGUMENTS` inside the machine, after `journalctl --sync` so that every entry
  /// logged so far is there.
  public func journalctl(_ arguments: String...) throws -> CommandResult {
    _ = try run(["journalctl", "--sync"])
    return try run(["journalctl", "--no-pager"] + arguments)
  }

  /// Properties of a unit from `systemctl show UNIT -p NAME,…`, e.g. `["ActiveState": "active", …]`.
  public func show(_ unit: String, _ properties: [String]) throws -> [String: String] {
    let shown = try systemctl("show", unit, "-p", properties.joined(separator: ",")).check("systemctl show \(unit)")
    var values: [String: String] = [:]
    for line in shown.output.split(separator: "\n") {
      guard let equals = line.firstIndex(of: "=") else { continue }
      values[String(line[..<equals])] = String(line[line.index(after: equals)...])
    }
    return values
  }
}

/// Runs a host command, its output collected in memory, killed after `timeoutSeconds`.
func commandOutput(
  _ executable: String, _ arguments: [String], environment: [String: String]? = nil, timeoutSeconds: Double = 60
) throws -> CommandResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  if let environment { process.environment = environment }
  let output = Pipe()
  let error = Pipe()
  process.standardOutput = output
  process.standardError = error
  process.standardInput = FileHandle.nullDevice
  let exited = DispatchSemaphore(value: 0)
  process.terminationHandler = { _ in exited.signal() }
  try process.run()
  // Read both pipes while the command runs, so that a chatty one cannot block on a full pipe.
  let collected = CollectedOutput()
  let readers = DispatchGroup()
  for (index, pipe) in [output, error].enumerated() {
    let handle = pipe.fileHandleForReading
    DispatchQueue.global().async(group: readers) { collected.set(index, handle.readDataToEndOfFile()) }
  }
  if exited.wait(timeout: .now() + timeoutSeconds) == .timedOut {
    kill(process.processIdentifier, SIGKILL)
    exited.wait()
    _ = readers.wait(timeout: .now() + 5)
    throw TestFailure("timed out after \(timeoutSeconds) s: \(executable) \(arguments.joined(separator: " "))")
  }
  _ = readers.wait(timeout: .now() + 10)
  return CommandResult(
    status: process.terminationStatus, output: String(decoding: collected.get(0), as: UTF8.self),
    error: String(decoding: collected.get(1), as: UTF8.self))
}

/// The outputs of a command (0: stdout, 1: stderr), filled from two reader threads.
private final class CollectedOutput: @unchecked Sendable {
  private let lock = NSLock()
  private var outputs = [Data(), Data()]

  func set(_ index: Int, _ data: Data) {
    lock.lock()
    defer { lock.unlock() }
    outputs[index] = data
  }

  func get(_ index: Int) -> Data {
    lock.lock()
    defer { lock.unlock() }
    return outputs[index]
  }
}

import Foundation

/// The real `suanli` binary (next to the test bundle), run as a user would, with its output and exit status.
struct JobsCommandLine {
  struct Outcome {
    var status: Int32
    var output: String
    var errors: String
  }

  static var binary: String {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
      .appendingPathComponent("suanli").path
  }

  var socket: String
  /// Run as `nobody` (uid and gid 65534) through setpriv.
  var asNobody = false

  /// Starts `suanli ARGUMENTS` with `SUANLI_SOCKET=SOCKET` without waiting; output goes to files read by `finish`.
  func start(_ arguments: [String]) throws -> Running {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suanli-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let output = directory.appendingPathComponent("out")
    let errors = directory.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    let process = Process()
    let command = [Self.binary] + arguments
    if asNobody {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
      process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups"] + command
    } else {
      process.executableURL = URL(fileURLWithPath: command[0])
      process.arguments = Array(command.dropFirst())
    }
    var environment = ProcessInfo.processInfo.environment
    environment["SUANLI_SOCKET"] = socket
    environment["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = environment
    process.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
    process.standardOutput = try FileHandle(forWritingTo: output)
    process.standardError = try FileHandle(forWritingTo: errors)
    try process.run()
    return Running(process: process, directory: directory)
  }

  func run(_ arguments: [String]) throws -> Outcome { try start(arguments).finish() }

  struct Running {
    var process: Process
    var directory: URL

    /// Waits until the output so far contains `text` (up to `seconds`); whether it does.
    @discardableResult
    func waitForOutput(containing text: String, seconds: Double = 60) -> Bool {
      let deadline = Date().addingTimeInterval(seconds)
      while Date() < deadline {
        let output = (try? String(contentsOf: directory.appendingPathComponent("out"), encoding: .utf8)) ?? ""
        if output.contains(text) { return true }
        usleep(20_000)
      }
      return false
    }

    /// Waits for the exit (killing it after `seconds`, so a test cannot hang).
    func finish(seconds: Double = 60) throws -> Outcome {
      let deadline = Date().addingTimeInterval(seconds)
      while process.isRunning && Date() < deadline { usleep(20_000) }
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
      defer { try? FileManager.default.removeItem(at: directory) }
      let read = { (name: String) in
        (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
      }
      return Outcome(status: process.terminationStatus, output: read("out"), errors: read("err"))
    }
  }
}

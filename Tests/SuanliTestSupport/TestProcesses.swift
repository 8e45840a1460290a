public import Foundation

/// Starts `executable` with `environment` (the test's, without what would tie the child to systemd or the
/// journal, plus `extra`), its stdout and stderr appended to `logPath`.
public func launchLogging(
  _ executable: String, _ arguments: [String], extra: [String: String] = [:], logPath: String
) throws -> (process: Process, log: FileHandle) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  var environment = ProcessInfo.processInfo.environment
  for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "JOURNAL_STREAM"] {
    environment[name] = nil
  }
  environment["SWIFT_BACKTRACE"] = "enable=no"
  environment.merge(extra) { $1 }
  process.environment = environment
  if !FileManager.default.fileExists(atPath: logPath) {
    _ = FileManager.default.createFile(atPath: logPath, contents: nil)
  }
  let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
  handle.seekToEndOfFile()
  process.standardOutput = handle
  process.standardError = handle
  try process.run()
  return (process, handle)
}

/// Polls `condition` every 50 ms for up to `seconds`; throws when it never holds.
public func waitUntil(_ what: String, seconds: Double = 30, _ condition: () throws -> Bool) throws {
  let deadline = Date().addingTimeInterval(seconds)
  while Date() < deadline {
    if try condition() { return }
    usleep(50_000)
  }
  throw TestFailure("timed out after \(seconds) s waiting for \(what)")
}

/// Runs `executable` to its end and returns its exit status and standard output (its standard error is dropped).
public func runCapturingOutput(
  _ executable: String, _ arguments: [String], environment: [String: String]? = nil
) throws -> (status: Int32, output: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  if let environment { process.environment = environment }
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = FileHandle.nullDevice
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A new directory `/tmp/suanli-tests-<pid>/<prefix>-XXXXXX`, reachable by other users (mode 0755). Everything
/// under `/tmp/suanli-tests-<pid>` is removed when the test process exits.
public func makeTestDirectory(_ prefix: String) throws -> String {
  let parent = "/tmp/suanli-tests-\(getpid())"
  if mkdir(parent, 0o755) == 0 {
    chmod(parent, 0o755)
    atexit {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/rm")
      process.arguments = ["-rf", "/tmp/suanli-tests-\(getpid())"]
      try? process.run()
      process.waitUntilExit()
    }
  } else if errno != EEXIST {
    throw TestFailure("cannot create \(parent): errno \(errno)")
  }
  var template = Array("\(parent)/\(prefix)-XXXXXX".utf8CString)
  guard let created = mkdtemp(&template) else { throw TestFailure("mkdtemp in \(parent): errno \(errno)") }
  let path = String(cString: created)
  chmod(path, 0o755)
  return path
}

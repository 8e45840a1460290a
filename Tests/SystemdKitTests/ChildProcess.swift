import Foundation

/// A real child process whose output goes to a file, waited for with a deadline so that a test cannot hang.
final class ChildProcess {
  private let process = Process()
  let outputPath: String

  init(_ executable: String, _ arguments: [String], environment: [String: String], outputPath: String) throws {
    self.outputPath = outputPath
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    process.standardOutput = output
    process.standardError = output
    try process.run()
  }

  /// The exit status, or nil when the process had to be killed after `seconds`.
  func wait(seconds: Double) -> Int32? {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline {
      usleep(20_000)
    }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      return nil
    }
    return process.terminationStatus
  }

  /// Everything the process printed.
  var output: String {
    (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
  }
}

/// Runs a command to completion and returns its status and output.
func run(_ executable: String, _ arguments: [String], in directory: TemporaryDirectory) throws -> (
  status: Int32?, output: String
) {
  let child = try ChildProcess(
    executable,
    arguments,
    environment: ProcessInfo.processInfo.environment,
    outputPath: directory.file("output-\(UInt32.random(in: 0...UInt32.max))")
  )
  let status = child.wait(seconds: 60)
  return (status, child.output)
}

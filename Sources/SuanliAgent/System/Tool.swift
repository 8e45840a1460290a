import SuanliJobWrapper
import Subprocess

/// Running a command-line tool of the system (nvidia-smi, systemctl) and reading its output.
enum Tool {
  /// The tool's standard output, or nil when it is not installed or fails.
  static func output(of tool: String, _ arguments: [String]) async -> String? {
    guard let path = JobLauncher.resolve(tool, path: TextReader.environment("PATH") ?? JobEnvironment.defaultPath)
    else { return nil }
    let result = try? await run(
      .path(.init(path)), arguments: .init(arguments), output: .string(limit: 1 << 20), error: .discarded)
    guard let result, result.terminationStatus.isSuccess else { return nil }
    return result.standardOutput
  }
}

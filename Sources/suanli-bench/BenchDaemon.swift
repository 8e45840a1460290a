import Foundation
import SuanliClient

/// A `suanlid` started for a benchmark on a temporary socket and state directory (embedded configuration),
/// removed afterwards.
final class BenchDaemon {
  let directory: String
  let socketPath: String
  private let process: Process

  /// `suanlid` next to this executable (both are products of the same build).
  static func siblingBinary() -> String {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
      .appendingPathComponent("suanlid").path
  }

  init(binary: String) throws {
    directory = NSTemporaryDirectory() + "suanli-bench-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    socketPath = directory + "/api.sock"
    process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["--socket", socketPath, "--state-dir", directory + "/state"]
    var environment = ProcessInfo.processInfo.environment
    environment["NOTIFY_SOCKET"] = nil
    environment["JOURNAL_STREAM"] = nil
    process.environment = environment
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    try process.run()
    let client = SuanliClient(socketPath: socketPath, timeoutSeconds: 5)
    for _ in 0..<600 {
      if (try? client.info()) != nil { return }
      guard process.isRunning else { break }
      usleep(50_000)
    }
    stop()
    throw BenchError("suanlid (\(binary)) did not start; run it by hand to see why")
  }

  var pid: Int32 { process.processIdentifier }

  /// The daemon's resident memory (VmRSS) in MiB.
  func residentMegabytes() -> Double {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    let kib = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    return kib / 1024
  }

  /// CPU time the daemon has used so far (user + system), in seconds.
  func cpuSeconds() -> Double {
    let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
    let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  func stop() {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
    try? FileManager.default.removeItem(atPath: directory)
  }
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

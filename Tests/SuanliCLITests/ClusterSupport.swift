import Foundation
import SuanliAPI
import Testing

@testable import SuanliCLI

/// Runs the real `suanli` binary (next to the test bundle) against a socket, as root or as `nobody`.
enum ClusterCLI {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static var binary: String {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
      .appendingPathComponent("suanli").path
  }

  /// `suanli ARGUMENTS` with `SUANLI_SOCKET=socket`; as uid/gid 65534 through setpriv when `asNobody`.
  static func run(_ arguments: [String], socket: String, asNobody: Bool = false) throws -> Result {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suanli-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let outPath = directory.appendingPathComponent("out")
    let errPath = directory.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outPath.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
    let process = Process()
    if asNobody {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
      process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = arguments
    }
    var environment = ProcessInfo.processInfo.environment
    environment["SUANLI_SOCKET"] = socket
    environment["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = environment
    process.standardOutput = try FileHandle(forWritingTo: outPath)
    process.standardError = try FileHandle(forWritingTo: errPath)
    try process.run()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: try String(contentsOf: outPath, encoding: .utf8),
      stderr: try String(contentsOf: errPath, encoding: .utf8))
  }
}

/// Golden files under `Tests/SuanliCLITests/Golden/cluster-*`. With `SUANLI_WRITE_GOLDEN=1` the files are
/// (re)written from the output instead (review them before committing).
enum ClusterGolden {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

  static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = directory.appendingPathComponent("cluster-\(name)")
    if ProcessInfo.processInfo.environment["SUANLI_WRITE_GOLDEN"] == "1" {
      try (text + "\n").write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(text + "\n" == expected, "differs from Golden/cluster-\(name)", sourceLocation: sourceLocation)
  }

  /// The text `Output.json` prints for a value.
  static func json(_ value: some Encodable) -> String {
    String(decoding: APIJSON.encode(Versioned(value: value), pretty: true), as: UTF8.self)
  }

  /// The text `Output.json(values, key:)` prints.
  static func json<T: Encodable>(_ values: [T], key: String) -> String { json(KeyedList(key: key, values: values)) }
}

import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

/// A full disk under the state directory refuses new work with a clear error, and the daemon keeps serving.
@Suite struct DiskFullTests {
  static let canMount = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")

  @Test(.enabled(if: canMount, "needs root and unshare to mount a small file system"))
  func submissionsAreRefusedWhenTheStateDiskIsFull() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try FileManager.default.createDirectory(atPath: daemon.stateDirectory, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
    // A 16 MiB file system for the state directory: less free space than the daemon's 64 MiB floor.
    process.arguments =
      [
        "--mount", "--propagation", "private", "/bin/sh", "-c",
        #"mount -t tmpfs -o size=16m tmpfs "$STATE" && exec "$@""#, "namespace", DaemonProcess.binary,
      ] + daemon.arguments
    var environment = ProcessInfo.processInfo.environment
    environment["STATE"] = daemon.stateDirectory
    environment["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = environment
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer {
      kill(process.processIdentifier, SIGTERM)
      process.waitUntilExit()
    }
    try daemon.waitUntilReady()
    let client = daemon.client()
    let refused = apiError { try client.submit(.gpu()) }
    #expect(refused?.status == 503 && refused?.error.code == .unavailable)
    #expect(refused?.error.message.contains("is full") == true)
    #expect(refused?.error.hint?.contains("df -h") == true)
    #expect(try client.info().jobs.pending == 0)
  }
}

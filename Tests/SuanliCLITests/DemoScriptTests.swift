import Foundation
import SuanliTestSupport
import Testing

/// `make demo`'s script, run as the README tells a newcomer to (with the debug binaries and a short final phase):
/// the three enterprises' workload runs, reclaim happens, a summary is printed and nothing is left behind.
@Suite(.serialized)
struct DemoScriptTests {
  @Test func theDemoShowsTheWorkloadPrintsASummaryAndLeavesNothingRunning() throws {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let binaries = URL(fileURLWithPath: DaemonProcess.binary).deletingLastPathComponent().path
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("suanli-demo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["scripts/demo.sh"]
    process.currentDirectoryURL = repository
    var environment = ProcessInfo.processInfo.environment
    environment["BIN"] = binaries
    environment["DEMO_SECONDS"] = "4"
    environment["TMPDIR"] = scratch.path
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()

    #expect(process.terminationStatus == 0, "\(text)")
    for phase in ["borrows the whole idle H200 node", "comes back for its guaranteed", "backfill", "What ran"] {
      #expect(text.contains(phase), "\(phase)")
    }
    #expect(text.contains("preempted by job"), "the owner's return reclaims borrowed cards:\n\(text)")
    let summary = try #require(text.range(of: "ENTERPRISE  JOBS").map { String(text[$0.lowerBound...]) })
    for enterprise in ["lingxi", "hospital", "TOTAL"] { #expect(summary.contains("\n\(enterprise) ")) }

    // Nothing left: no process mentions the demo's directory, which is gone.
    let left = try DaemonProcess.run("/usr/bin/pgrep", ["-fa", scratch.path])
    #expect(left.isEmpty, "\(left)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
  }
}

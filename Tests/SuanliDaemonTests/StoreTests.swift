import Foundation
import SuanliTestSupport
import Testing

@testable import SuanliDaemon

/// The store writes rows with hand-built statements and JSON text: what it reads back must be what was written.
@Suite struct StoreTests {
  func temporaryStore() throws -> (Store, URL) {
    let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("store-\(UUID().uuidString)")
    return (try Store(directory: directory.path), directory)
  }

  @Test func aJobRowRoundTripsWithAwkwardText() async throws {
    let (store, directory) = try temporaryStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    var row = JobRow(
      id: 7, name: "训练 \"quoted\"", enterprise: "acme", uid: 1000, gid: 1000, user: "chen.wei",
      command: ["/bin/sh", "-c", "echo \"a\\b\"\n\tdone \u{01}"], env: ["PATH": "/usr/bin", "Z": "ü", "A": "\\"],
      workdir: "/home/chen wei", cpuMillis: 1500, memoryMib: 2048, cards: 2, models: ["nvidia-h200", "ascend-910b"],
      nodes: 2, selector: ["zone": "a"], walltime: 3600, jobClass: "high", requeue: false, arrayJob: 5, arrayIndex: 2,
      submitTime: 1_700_000_000, state: "running", startTime: 1_700_000_100, endTime: nil,
      placement: StoredPlacement(model: "nvidia-h200", nodes: ["n1", "n2"], cards: [[0, 1], [6, 7]]), exitCode: nil,
      signal: nil, heldMillis: 12_500, chargedMillis: 0, requeues: 1)
    var batch = WriteBatch()
    batch.jobs[row.id] = row
    try await store.write(batch)
    #expect(try store.job(7) == row)

    row.state = "succeeded"
    row.placement = nil
    row.exitCode = 0
    batch.jobs[row.id] = row
    try await store.write(batch)
    #expect(try store.job(7) == row)
    #expect(try store.integrityCheck() == "ok")
  }
}

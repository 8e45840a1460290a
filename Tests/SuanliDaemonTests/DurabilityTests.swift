import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Synchronization
import Testing

@testable import SuanliDaemon

/// What the daemon acknowledged survives a restart, and even `kill -9` at any moment.
@Suite struct DurabilityTests {
  @Test func aRestartRestoresTheQueueRunningJobsOnTheirCardsAndTheLedger() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    var client = daemon.client()
    _ = try client.register("n1")
    let running = try #require(try client.submit(.gpu(3)).jobIds.first)
    let started = try client.waitFor(running, .starting)
    _ = try client.report(running, node: "n1", "running")
    var big = JobSubmission.gpu(8, name: "big")
    big.jobClass = "low"
    let waiting = try #require(try client.submit(big).jobIds.first)
    var heldSubmission = JobSubmission.gpu(name: "held")
    heldSubmission.hold = true
    let held = try #require(try client.submit(heldSubmission).jobIds.first)
    let before = try client.call("GET", "/v1/enterprises/acme", as: EnterpriseInfo.self)

    #expect(daemon.stop() == 0)
    try daemon.start()
    client = daemon.client()

    let restored = try client.job(running)
    #expect(restored.state == .running)
    #expect(restored.placement == started.placement)
    #expect(try client.job(waiting).state == .pending)
    #expect(try client.job(held).state == .held)
    let node = try client.call("GET", "/v1/nodes/n1", as: NodeInfo.self)
    #expect(node.usedCardIndices == started.placement?.nodes.first?.cards)
    let after = try client.call("GET", "/v1/enterprises/acme", as: EnterpriseInfo.self)
    #expect(after.balance == before.balance && after.held == before.held)
    let next = try #require(try client.submit(.gpu()).jobIds.first)
    #expect(next == held + 1)
  }

  /// Several clients stream submissions; the daemon is killed with SIGKILL at a random moment and restarted:
  /// every acknowledged job must be there, unchanged, and the database sound. Three rounds, three moments.
  @Test(arguments: [0.4, 0.9, 1.6])
  func killNineLosesNothingAcknowledged(after seconds: Double) throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let acknowledged = Mutex<[UInt64: String]>([:])
    let stop = Atomic<Bool>(false)
    let finished = DispatchGroup()
    for worker in 0..<4 {
      finished.enter()
      Thread.detachNewThread {
        defer { finished.leave() }
        let client = daemon.client()
        var sequence = 0
        while !stop.load(ordering: .relaxed) {
          sequence += 1
          let name = "w\(worker)-\(sequence)"
          var submission = JobSubmission.gpu(name: name)
          submission.env = ["SEQUENCE": "\(sequence)"]
          guard let id = (try? client.submit(submission))?.jobIds.first else { break }
          acknowledged.withLock { $0[id] = name }
        }
      }
    }
    Thread.sleep(forTimeInterval: seconds)
    daemon.kill9()
    stop.store(true, ordering: .relaxed)
    finished.wait()

    let acked = acknowledged.withLock { $0 }
    #expect(!acked.isEmpty)
    try daemon.start()
    let client = daemon.client()
    var found: [UInt64: JobInfo] = [:]
    var after: UInt64 = 0
    while true {
      let page = try client.jobs(query: "state=all&limit=10000&after=\(after)")
      for job in page.jobs { found[job.id] = job }
      guard let next = page.nextAfter else { break }
      after = next
    }
    for (id, name) in acked {
      let job = found[id]
      #expect(job?.name == name, "acknowledged job \(id) (\(name)) must survive kill -9")
      #expect(job?.state == .pending)
    }
    let integrity = try Store(directory: daemon.stateDirectory).integrityCheck()
    #expect(integrity == "ok")
  }
}

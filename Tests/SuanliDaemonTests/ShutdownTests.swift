import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Synchronization
import Testing

/// Stopping the daemon while agents wait in their long polls.
struct ShutdownTests {
  @Test func aStoppingDaemonAnswersWaitingAgentsInsteadOfWaitingOutItsGracePeriod() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()
    _ = try client.register("n1")
    let version = try client.assignments("n1").version
    let answered = Mutex<Assignments?>(nil)
    let poll = Thread {
      let poller = daemon.client()
      answered.withLock { $0 = try? poller.assignments("n1", version: version, wait: 60) }
    }
    poll.start()
    // Let the poll reach the daemon and wait there.
    Thread.sleep(forTimeInterval: 0.5)
    #expect(daemon.stop() == 0)
    try waitUntil("the long poll to be answered") { answered.withLock { $0 != nil } || !poll.isExecuting }
    #expect(answered.withLock { $0?.jobs.isEmpty } == true)
    let log = try String(contentsOfFile: daemon.logPath, encoding: .utf8)
    #expect(!log.contains("grace period over"), "\(log)")
  }
}

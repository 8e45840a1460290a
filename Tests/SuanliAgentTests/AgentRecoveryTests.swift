import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

/// The agent and the daemon losing each other and finding each other again.
@Suite(.serialized)
struct AgentRecoveryTests {
  @Test func aNodeDeclaredDownRegistersAgainAndRunsItsRequeuedJobAgain() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard(nodeDownAfter: "2s"))
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon)
    try agent.start()
    let client = daemon.client()
    let id = try client.submitScript("echo run; sleep 60")
    _ = try client.waitFor(id, .running)
    let pid = try #require(agent.pid)
    kill(pid, SIGSTOP)
    try waitUntil("node n1 down") {
      (try? client.call("GET", "/v1/nodes/n1", as: NodeInfo.self))?.state == "down"
    }
    kill(pid, SIGCONT)
    try waitUntil("node n1 ready again") {
      (try? client.call("GET", "/v1/nodes/n1", as: NodeInfo.self))?.state == "ready"
    }
    // The first run was requeued by the daemon: the agent stops it, then starts the job again when placed.
    try waitUntil("the job's second run") { agent.jobLog(id).components(separatedBy: "run\n").count == 3 }
    #expect(try client.waitFor(id, .running).state == .running)
    #expect(agent.log.contains("registering again"))
    _ = try client.act("cancel", job: id)
    try waitUntil("the record removed") { agent.jobRecord(id) == nil }
  }

  @Test func aRestartedDaemonIsReconnectedTo() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon)
    try agent.start()
    #expect(daemon.stop() == 0)
    usleep(1_500_000)
    try daemon.start()
    let client = daemon.client()
    let id = try client.submitScript("echo after the restart")
    let info = try client.waitFor(id, .succeeded)
    #expect(info.state == .succeeded, "\(agent.log)")
    #expect(agent.jobLog(id) == "after the restart\n")
    #expect(agent.log.contains("suanlid unreachable"))
  }

  @Test func aJobWhoseWorkingDirectoryIsMissingFailsWithAReason() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon)
    try agent.start()
    var submission = JobSubmission(command: ["/bin/true"])
    submission.cards = 1
    submission.models = ["nvidia-h200"]
    submission.walltimeSeconds = 60
    submission.workdir = "/nonexistent/dir"
    let id = try daemon.client().submit(submission).jobIds[0]
    let info = try daemon.client().waitFor(id, .failed)
    #expect(info.state == .failed)
    #expect(agent.log.contains("cannot change to /nonexistent/dir"))
  }
}

import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

/// A real daemon and a real agent process: jobs really run.
@Suite(.serialized)
struct AgentJobTests {
  @Test func aJobRunsWithItsCardsAndItsOutputLandsInItsLog() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon)
    try agent.start()
    let client = daemon.client()
    let id = try client.submitScript(
      "echo hello from $SUANLI_JOB_ID on $SUANLI_NODE; echo cards=$CUDA_VISIBLE_DEVICES; echo nodes=$SUANLI_NODELIST",
      cards: 2)
    let info = try client.waitFor(id, .succeeded)
    #expect(info.state == .succeeded, "\(agent.log)")
    #expect(info.exitCode == 0)
    #expect(info.logPath == agent.stateDirectory + "/logs/\(id).log")
    let cards = try #require(info.placement?.nodes.first?.cards)
    #expect(cards.count == 2)
    let log = agent.jobLog(id)
    #expect(log.contains("hello from \(id) on n1"))
    #expect(log.contains("cards=\(cards.map(String.init).joined(separator: ","))\n"))
    #expect(log.contains("nodes=n1\n"))
    try waitUntil("the job's record removed once reported") { agent.jobRecord(id) == nil }
  }

  @Test func aFailingJobIsReportedWithItsExitCode() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon)
    try agent.start()
    let client = daemon.client()
    let id = try client.submitScript("echo oops >&2; exit 3")
    let info = try client.waitFor(id, .failed)
    #expect(info.state == .failed)
    #expect(info.exitCode == 3)
    #expect(agent.jobLog(id) == "oops\n")
  }

  @Test func aJobOfNobodyRunsAsNobody() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon)
    try agent.start()
    let body = """
      {"command": ["/bin/sh", "-c", "id -u; id -g"], "cards": 1, "models": ["nvidia-h200"], "enterprise": "beta",
       "walltime_seconds": 600, "workdir": "/tmp"}
      """
    let answer = try daemon.curl(as: 65534, gid: 65534, "POST", "/v1/jobs", body: body)
    #expect(answer.status == 201 || answer.status == 200, "\(answer.body)")
    let result = try JSONDecoder().decode(SubmitResult.self, from: Data(answer.body.utf8))
    let id = try #require(result.jobIds.first)
    let info = try daemon.client().waitFor(id, .succeeded)
    #expect(info.state == .succeeded, "\(agent.log)")
    #expect(agent.jobLog(id) == "65534\n65534\n")
    let owner = try FileManager.default.attributesOfItem(atPath: agent.stateDirectory + "/logs/\(id).log")[
      .ownerAccountID]
    #expect((owner as? NSNumber)?.intValue == 65534)
  }

  @Test func aJobOfRootIsRefusedUnlessAllowed() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon, allowRootJobs: false)
    try agent.start()
    let client = daemon.client()
    let id = try client.submitScript("echo should not run")
    let info = try client.waitFor(id, .failed)
    #expect(info.state == .failed)
    #expect(agent.jobLog(id).isEmpty)
    #expect(agent.log.contains("allow_root_jobs"))
  }

  @Test func cancelKillsTheWholeProcessGroup() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon)
    try agent.start()
    let client = daemon.client()
    let id = try client.submitScript("sleep 300 & echo child=$!; echo leader=$$; wait")
    _ = try client.waitFor(id, .running)
    var pids: [Int32] = []
    try waitUntil("both pids in the log") {
      pids = agent.jobLog(id).split(separator: "\n").compactMap { line in
        line.split(separator: "=").last.flatMap { Int32($0) }
      }
      return pids.count == 2
    }
    #expect(pids.allSatisfy(processExists))
    _ = try client.act("cancel", job: id)
    try waitUntil("the job's processes gone") { !pids.contains(where: processExists) }
    #expect(try client.job(id).state == .cancelled)
  }

  @Test func walltimeEndsAJobAsTimeout() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon, stopGrace: "1s")
    try agent.start()
    let client = daemon.client()
    let id = try client.submitScript("trap '' TERM; echo started; sleep 60", walltime: 2)
    let info = try client.waitFor(id, .timeout, seconds: 30)
    #expect(info.state == .timeout, "\(agent.log)")
    #expect(agent.jobLog(id).contains("started"))
  }

  @Test func aKilledAgentsNodeGoesDownAndItsJobGoesBackToPending() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard(nodeDownAfter: "3s"))
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon)
    try agent.start()
    let client = daemon.client()
    let id = try client.submitScript("echo leader=$$; sleep 60")
    _ = try client.waitFor(id, .running)
    agent.stop(SIGKILL)
    try waitUntil("node n1 down") {
      (try? client.call("GET", "/v1/nodes/n1", as: NodeInfo.self))?.state == "down"
    }
    let info = try client.waitFor(id, .pending)
    #expect(info.state == .pending)
    // The agent comes back: that run was requeued away from it, so it stops it (and leaves nothing behind).
    let record = try #require(agent.jobRecord(id))
    try agent.start()
    try waitUntil("the requeued run's processes gone") { !processExists(record.pid) }
    _ = try? client.act("cancel", job: id)
    try waitUntil("nothing of the job left on the node") { agent.jobRecord(id) == nil }
  }

  @Test func aRestartedAgentReadoptsItsRunningJob() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon)
    try agent.start()
    let client = daemon.client()
    let id = try client.submitScript("echo leader=$$; sleep 4; echo finished")
    _ = try client.waitFor(id, .running)
    #expect(agent.stop(SIGTERM) == 0)
    try agent.start()
    #expect(try client.job(id).state == .running)
    // The wrapper recorded the exit status for the new agent.
    let info = try client.waitFor(id, .succeeded, seconds: 30)
    #expect(info.state == .succeeded, "\(agent.log)")
    #expect(info.exitCode == 0)
    let log = agent.jobLog(id)
    #expect(log.components(separatedBy: "leader=").count == 2, "started once: \(log)")
    #expect(log.contains("finished"))
    #expect(agent.log.contains("re-adopted job \(id)"))
  }

  /// The daemon ends a gang job at the first node's end report (the other nodes' processes are then stopped), so
  /// each node's command sleeps a little after writing.
  @Test func twoAgentsOnOneMachineRunAGangJobOnBothNodes() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let first = try AgentProcess(daemon: daemon, node: "n1")
    let second = try AgentProcess(daemon: daemon, node: "n2")
    try first.start()
    try second.start()
    var submission = JobSubmission(
      command: ["/bin/sh", "-c", "echo $SUANLI_NODE of $SUANLI_NODELIST cards=$CUDA_VISIBLE_DEVICES; sleep 1"])
    submission.cards = 4
    submission.nodes = 2
    submission.models = ["nvidia-h200"]
    submission.walltimeSeconds = 60
    submission.workdir = "/tmp"
    let id = try daemon.client().submit(submission).jobIds[0]
    let info = try daemon.client().waitFor(id, .succeeded)
    #expect(info.state == .succeeded, "\(first.log)\n\(second.log)")
    #expect(first.jobLog(id) == "n1 of n1,n2 cards=0,1,2,3\n")
    #expect(second.jobLog(id) == "n2 of n1,n2 cards=0,1,2,3\n")
  }

  @Test func aRestartedAgentReportsAJobThatEndedWhileItWasAway() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon)
    try agent.start()
    let client = daemon.client()
    let id = try client.submitScript("sleep 1; exit 4")
    _ = try client.waitFor(id, .running)
    #expect(agent.stop(SIGTERM) == 0)
    let record = try #require(agent.jobRecord(id))
    try waitUntil("the job's processes gone") { !processExists(record.pid) }
    try agent.start()
    let info = try client.waitFor(id, .failed)
    #expect(info.state == .failed, "\(agent.log)")
    #expect(info.exitCode == 4)
    #expect(info.requeues == 0, "the ending was reported, not taken for a lost job and run again")
    #expect(agent.log.contains("ended while the agent was not running"))
    try waitUntil("the job's record removed once reported") { agent.jobRecord(id) == nil }
  }
}

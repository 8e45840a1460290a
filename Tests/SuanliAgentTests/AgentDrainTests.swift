import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

/// Draining a node that a real agent runs jobs on, as an operator does for maintenance.
@Suite(.serialized)
struct AgentDrainTests {
  @Test func aDrainingNodeFinishesItsJobTakesNoNewOneAndIsDrainedWhenEmpty() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let agent = try AgentProcess(daemon: daemon, cards: 4)
    try agent.start()
    let client = daemon.client()
    let marker = agent.stateDirectory + "/finish-running-job"
    let running = try client.submitScript("while [ ! -e \(marker) ]; do sleep 0.1; done; echo done", cards: 1)
    #expect(try client.waitFor(running, .running).state == .running, "\(agent.log)")

    let draining = try client.call(
      "POST", "/v1/nodes/n1/drain", body: DrainRequest(reason: "kernel update"), as: NodeInfo.self)
    #expect(draining.state == "draining" && draining.stateReason == "kernel update")
    let waiting = try client.submitScript("echo after the drain", cards: 1)
    // Several scheduling cycles pass: the new job stays pending although the node has 3 idle cards.
    try waitUntil("the new job has a pending reason") { try client.job(waiting).reason != nil }
    #expect(try client.job(waiting).state == .pending)
    #expect(try client.job(running).state == .running, "a drain lets running jobs finish")

    try "".write(toFile: marker, atomically: true, encoding: .utf8)
    #expect(try client.waitFor(running, .succeeded).state == .succeeded)
    try waitUntil("the node is drained once empty") {
      try client.call("GET", "/v1/nodes/n1", as: NodeInfo.self).state == "drained"
    }
    #expect(try client.job(waiting).state == .pending)

    _ = try client.call("POST", "/v1/nodes/n1/resume", as: NodeInfo.self)
    #expect(try client.waitFor(waiting, .succeeded).state == .succeeded)
    #expect(agent.jobLog(waiting) == "after the drain\n")
  }
}

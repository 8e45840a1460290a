import Foundation
import SuanliAPI
import SuanliClient
import SuanliTestSupport
import Testing

/// A job's life through the real daemon, over its real socket: submit, place, run, end, and what it cost.
@Suite struct JobLifecycleTests {
  @Test func aJobIsPlacedRunsAndIsChargedWhenItEnds() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()

    let id = try #require(try client.submit(.gpu(2, name: "resnet")).jobIds.first)
    let waiting = try client.job(id)
    #expect(waiting.state == .pending)
    #expect(waiting.reason?.code == "constraint")
    #expect(waiting.user == "root" && waiting.enterprise == "acme" && waiting.name == "resnet")
    let demand = try client.call("GET", "/v1/enterprises", as: EnterpriseList.self).enterprises
      .first { $0.id == "acme" }?.quota.first { $0.resource == "nvidia-h200" }?.pendingDemand
    #expect(demand == 2)

    // It waits at least a second for a node: the usage report counts that wait.
    Thread.sleep(forTimeInterval: 1.1)
    _ = try client.register("n1")
    let starting = try client.waitFor(id, .starting)
    #expect(starting.state == .starting)
    let placement = try #require(starting.placement)
    #expect(placement.model == "nvidia-h200" && placement.nodes.map(\.node) == ["n1"])
    #expect(placement.nodes[0].cards.count == 2)
    #expect(starting.heldCredits == "20")  // 2 cards × 10 credits/h × 1 h walltime

    let assignments = try client.assignments("n1")
    #expect(assignments.jobs.map(\.jobId) == [id])
    #expect(assignments.jobs.first?.cards == placement.nodes[0].cards)
    #expect(assignments.jobs.first?.command == ["/bin/sleep", "60"])

    #expect(try client.report(id, node: "n1", "running").state == .running)
    let ended = try client.report(id, node: "n1", "succeeded", exitCode: 0)
    #expect(ended.state == .succeeded && ended.exitCode == 0)
    #expect(try client.assignments("n1").jobs.isEmpty)

    let shown = try client.job(id)
    #expect(shown.timeline?.map(\.event) == ["submitted", "started", "running", "succeeded"])
    let ledger = try client.call("GET", "/v1/enterprises/acme/ledger", as: Ledger.self)
    #expect(ledger.entries.map(\.kind).reversed().starts(with: ["hold"]))
    #expect(ledger.entries.contains { $0.kind == "release" && $0.jobId == id })
    #expect(ledger.enterprise.held == "0")
    let byDay = try client.call("GET", "/v1/usage?by=day", as: UsageReport.self)
    let today = ISO8601DateFormatter().string(from: Date()).prefix(10)
    #expect(byDay.rows.map(\.key) == [String(today)] && byDay.rows.first?.jobs == 1)
    let times = Dictionary((shown.timeline ?? []).map { ($0.event, $0.time) }, uniquingKeysWith: { first, _ in first })
    let waited = try #require(times["started"]) - (try #require(times["submitted"]))
    #expect(waited >= 1)
    #expect(byDay.rows.first?.runs == 1 && byDay.rows.first?.waitSeconds == waited)
  }

  @Test func cancelHoldAndReleaseChangeStateAndAreRefusedWhenTheyMakeNoSense() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()
    let id = try #require(try client.submit(.gpu()).jobIds.first)

    #expect(try client.act("hold", job: id).state == .held)
    #expect(try client.job(id).reason?.code == "held")
    #expect(throws: ClientError.self) { try client.act("hold", job: id) }
    #expect(try client.act("release", job: id).state == .pending)
    #expect(try client.act("cancel", job: id).state == .cancelled)

    let twice = apiError { try client.act("cancel", job: id) }
    #expect(twice?.status == 409 && twice?.error.code == .conflict)
    #expect(apiError { try client.act("cancel", job: 999_999) }?.status == 404)
    #expect(try client.jobs().jobs.isEmpty)
    #expect(try client.jobs(query: "state=cancelled").jobs.map(\.id) == [id])
  }

  @Test func anArrayAndABatchGetConsecutiveIDs() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()
    var array = JobSubmission.gpu()
    array.array = ArraySpec(first: 0, last: 9, step: 3)
    let ids = try client.submit(array).jobIds
    #expect(ids.count == 4)
    let jobs = try client.jobs().jobs
    #expect(jobs.map(\.arrayIndex) == [0, 3, 6, 9])
    #expect(Set(jobs.map(\.arrayJobId)) == [ids[0]])

    let batch = try client.submit(batch: [.gpu(name: "a"), .gpu(name: "b")]).jobIds
    #expect(batch == [ids[3] + 1, ids[3] + 2])
    let page = try client.jobs(query: "limit=3")
    #expect(page.jobs.count == 3 && page.nextAfter == page.jobs.last?.id)
    let rest = try client.jobs(query: "limit=3&after=\(page.nextAfter ?? 0)")
    #expect(rest.jobs.map(\.id) == Array(ids[3]...(ids[3] + 2)))
  }

  @Test func anArrayWithMaxRunningStartsAtMostThatManyAtOnce() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()
    _ = try client.register("n1")
    var array = JobSubmission.gpu()
    array.array = ArraySpec(first: 0, last: 4, maxRunning: 2)
    let ids = try client.submit(array).jobIds
    #expect(try client.waitFor(ids[1], .starting).state == .starting)
    #expect(try client.job(ids[0]).state == .starting)
    let waiting = try client.job(ids[2])
    #expect(waiting.state == .pending && waiting.reason?.code == "array_limit")
    #expect(try client.jobs().jobs.filter { $0.state == .starting }.count == 2)

    _ = try client.report(ids[0], node: "n1", "succeeded", exitCode: 0)
    #expect(try client.waitFor(ids[2], .starting).state == .starting)
    #expect(try client.job(ids[3]).reason?.code == "array_limit")
    _ = try client.act("cancel", job: ids[1])
    #expect(try client.waitFor(ids[3], .starting).state == .starting)
    #expect(try client.job(ids[4]).state == .pending)
  }

  /// Beta borrows acme's guaranteed cards while they are idle; when acme comes back, reclaim preempts just
  /// enough of beta's jobs, which go back to the queue, and the node never carries more than it has.
  @Test func reclaimRequeuesTheBorrowersJobsAndTheNodeStaysWithinItsCards() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard(minRuntime: "1s"))
    try daemon.start()
    let client = daemon.client()
    _ = try client.register("n1")
    var borrowed: [UInt64] = []
    for _ in 0..<8 {
      let body = #"{"command":["/bin/true"],"cards":1,"models":["nvidia-h200"],"enterprise":"beta"}"#
      let created = try daemon.curl(as: 65534, gid: 65534, "POST", "/v1/jobs", body: body)
      borrowed += try APIJSON.decode(SubmitResult.self, from: Data(created.body.utf8)).jobIds
    }
    for id in borrowed { #expect(try client.waitFor(id, .starting).state == .starting) }
    sleep(2)  // older than the minimum runtime before preemption
    let reclaiming = try (0..<4).map { _ in try #require(try client.submit(.gpu(name: "owner")).jobIds.first) }
    for id in reclaiming { #expect(try client.waitFor(id, .starting).state == .starting) }

    let victims = try borrowed.map { try client.job($0) }.filter { $0.state == .pending }
    #expect(victims.count == 4)
    #expect(victims.allSatisfy { $0.requeues == 1 && $0.placement == nil })
    #expect(victims.allSatisfy { $0.timeline?.map(\.event).contains("preempted") == true })
    let assigned = try client.assignments("n1").jobs
    #expect(assigned.count == 8)
    #expect(Set(assigned.flatMap(\.cards)).count == 8)
    #expect(try client.call("GET", "/v1/nodes/n1", as: NodeInfo.self).cardsUsed == 8)
  }

  @Test func anAgentThatComesBackWithoutItsRunningJobHasItRequeued() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard())
    try daemon.start()
    let client = daemon.client()
    _ = try client.register("n1")
    let lost = try #require(try client.submit(.gpu(name: "lost")).jobIds.first)
    let kept = try #require(try client.submit(.gpu(name: "kept")).jobIds.first)
    _ = try client.waitFor(kept, .starting)
    _ = try client.waitFor(lost, .starting)
    _ = try client.report(lost, node: "n1", "running")
    _ = try client.report(kept, node: "n1", "running")

    _ = try client.register("n1", running: [kept])
    // Requeued at once (the next cycle may well start it again: the node has room).
    let requeued = try client.job(lost)
    #expect(requeued.requeues == 1)
    #expect(requeued.timeline?.map(\.event).contains("requeued") == true)
    #expect(try client.job(kept).state == .running)
    #expect(try client.job(kept).requeues == 0)
  }

  @Test func aNodeThatFallsSilentIsDownAndItsJobGoesBackToTheQueue() throws {
    let daemon = try DaemonProcess(config: TestConfig.standard(nodeDownAfter: "2s"))
    try daemon.start()
    let client = daemon.client()
    _ = try client.register("n1")
    let id = try #require(try client.submit(.gpu()).jobIds.first)
    #expect(try client.waitFor(id, .starting).state == .starting)

    let requeued = try client.waitFor(id, .pending)
    #expect(requeued.state == .pending && requeued.requeues == 1)
    let node = try client.call("GET", "/v1/nodes/n1", as: NodeInfo.self)
    #expect(node.state == "down")
    #expect(requeued.timeline?.map(\.event).contains("requeued") == true)
  }
}

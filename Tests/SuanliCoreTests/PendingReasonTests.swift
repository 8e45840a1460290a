import Testing

@testable import SuanliCore

@Suite struct PendingReasonTests {
  @Test func everyReasonCarriesItsNumbers() throws {
    var s = try Fixture.scheduler(
      prices: PriceTable(perCardHour: ["h200": Credits(10)]),
      enterprises: [
        Fixture.enterprise("acme", limit: ["h200": 16]),
        Fixture.enterprise("poor", limit: ["h200": 16], credits: 5),
        Fixture.enterprise("capped", limit: ["h200": 1]),
      ], nodes: [Fixture.gpuNode("n1")])
    try s.submit(
      Fixture.job(1, "acme", cards: 6, submit: 0),
      Fixture.job(2, "acme", cards: 8, submit: 1),  // 2 free: resources
      Fixture.job(3, "acme", cards: 8, submit: 2),  // behind job 2
      Fixture.job(4, "poor", cards: 1, submit: 3),  // hold 10 > 5
      Fixture.job(5, "capped", cards: 1, submit: 4),
      Fixture.job(6, "capped", cards: 1, submit: 5),  // limit 1
      Fixture.job(7, "acme", cards: 1, models: ["h200"], submit: 6, selector: ["gpu": "nvlink"]),
      Fixture.job(8, "acme", held: true))
    _ = s.cycle(at: 10)
    #expect(s.job(1)?.state == .running && s.job(5)?.state == .running)
    #expect(s.pendingReason(of: 2) == .reservation(start: 3_610), "job 1 started at 10 for an hour")
    #expect(s.pendingReason(of: 3) == .priority(jobsAhead: 1))
    #expect(s.pendingReason(of: 4) == .budget(hold: Credits(10), available: Credits(5)))
    #expect(s.pendingReason(of: 6) == .quota(resource: "h200", using: 1, requested: 1, limit: 1))
    #expect(s.pendingReason(of: 7)?.code == "constraint")
    #expect(s.pendingReason(of: 8) == .held)
    #expect(s.pendingReason(of: 1) == nil, "running jobs have no pending reason")
  }

  @Test func resourcesReasonNamesTheLargestFreeBlock() throws {
    var s = try Fixture.scheduler(
      config: SchedulerConfig(backfillDepth: 0),
      enterprises: [Fixture.enterprise("acme", limit: ["h200": 16])], nodes: [Fixture.gpuNode("n1")])
    try s.submit(Fixture.job(1, "acme", cards: 2), Fixture.job(2, "acme", cards: 8, submit: 1))
    _ = s.cycle(at: 1)
    let reason = try #require(s.pendingReason(of: 2))
    #expect(reason == .resources(cards: 8, models: ["h200"], nodes: 1, largestFreeBlock: 6))
    #expect(reason.description == "resources: needs 8×h200 on one node, largest free block is 6")
  }

  @Test func holdAndReleaseMoveAJobOutOfAndBackIntoTheQueue() throws {
    var s = try Fixture.scheduler(
      enterprises: [Fixture.enterprise("acme", limit: ["h200": 8])], nodes: [Fixture.gpuNode("n1")])
    try s.submit(Fixture.job(1, "acme"))
    _ = try s.handle(.hold(1), at: 0)
    #expect(s.cycle(at: 1).started.isEmpty)
    #expect(s.job(1)?.state == .held)
    #expect(throws: CoreError.wrongState(1, .held, "hold")) { _ = try s.handle(.hold(1), at: 2) }
    _ = try s.handle(.release(1), at: 2)
    #expect(s.cycle(at: 2).started == [1])
    #expect(throws: CoreError.wrongState(1, .running, "release")) { _ = try s.handle(.release(1), at: 3) }
  }
}

import Testing

@testable import SuanliCore

@Suite struct PreemptionTests {
  func make(classPreemption: Bool = false, minRuntime: Int64 = 300) throws -> Scheduler {
    try Fixture.scheduler(
      config: SchedulerConfig(minRuntimeBeforePreemption: minRuntime, classPreemptionEnabled: classPreemption),
      enterprises: [
        Fixture.enterprise("owner", guaranteed: ["h200": 6], limit: ["h200": 8]),
        Fixture.enterprise("borrower", guaranteed: ["h200": 2], limit: ["h200": 8]),
      ], nodes: [Fixture.gpuNode("n1")])
  }

  @Test func anEnterpriseUnderItsGuaranteeReclaimsBorrowedCards() throws {
    var s = try make()
    for i in 1...8 { try s.submit(Fixture.job(UInt64(i), "borrower", submit: Time(i))) }
    #expect(s.cycle(at: 10).started.count == 8)
    try s.submit(Fixture.job(20, "owner", cards: 3, submit: 400))
    let decisions = s.cycle(at: 400)
    // Fewest cards, then lowest priority (the youngest of equal jobs), then the most recently started.
    #expect(decisions.preempted == [8, 7, 6])
    #expect(decisions.started == [20])
    let preemptIndex = try #require(decisions.firstIndex(of: .preempt(6, by: 20, requeued: true)))
    let startIndex = try #require(decisions.firstIndex { if case .start(20, _) = $0 { true } else { false } })
    #expect(preemptIndex < startIndex, "victims are stopped before the preemptor starts")
    #expect(s.job(8)?.state == .pending, "victims are requeued")
    #expect(s.job(8)?.spec.submitTime == 8, "keeping their submit time")
  }

  @Test func youngJobsAreNotPreempted() throws {
    var s = try make(minRuntime: 300)
    for i in 1...8 { try s.submit(Fixture.job(UInt64(i), "borrower", submit: 0)) }
    _ = s.cycle(at: 0)
    try s.submit(Fixture.job(20, "owner", cards: 1, submit: 100))
    #expect(s.cycle(at: 100).preempted.isEmpty)
    // Once they are old enough, a later cycle (when something unparks the shape) reclaims.
    try s.submit(Fixture.job(21, "owner", cards: 1, submit: 300))
    #expect(s.cycle(at: 300).preempted.count == 2)
  }

  @Test func noReclaimBeyondTheGuarantee() throws {
    var s = try make()
    for i in 1...8 { try s.submit(Fixture.job(UInt64(i), "borrower", submit: 0)) }
    _ = s.cycle(at: 0)
    try s.submit(Fixture.job(20, "owner", cards: 7, submit: 400))  // owner's guarantee is 6
    #expect(s.cycle(at: 400).preempted.isEmpty)
    #expect(s.pendingReason(of: 20)?.code == "resources" || s.pendingReason(of: 20)?.code == "reservation")
  }

  @Test func aNonRequeueableVictimEndsAsPreemptedAndIsNotChargedForLostTime() throws {
    var s = try Fixture.scheduler(
      prices: PriceTable(perCardHour: ["h200": Credits(1)]),
      enterprises: [
        Fixture.enterprise("owner", guaranteed: ["h200": 8], limit: ["h200": 8]),
        Fixture.enterprise("borrower", limit: ["h200": 8]),
      ], nodes: [Fixture.gpuNode("n1", cards: 1)])
    try s.submit(Fixture.job(1, "borrower", requeue: false))
    _ = s.cycle(at: 0)
    try s.submit(Fixture.job(2, "owner", submit: 3_600))
    let decisions = s.cycle(at: 3_600)
    #expect(decisions.contains(.preempt(1, by: 2, requeued: false)))
    #expect(decisions.contains(.ended(1, .preempted, charged: .zero)))
    #expect(try #require(s.enterprise("borrower")).balance == Credits(1_000_000))
  }

  @Test(arguments: [false, true])
  func classPreemptionWithinAnEnterpriseIsOptional(enabled: Bool) throws {
    var s = try make(classPreemption: enabled)
    for i in 1...6 { try s.submit(Fixture.job(UInt64(i), "owner", jobClass: .low, submit: 0)) }
    for i in 7...8 { try s.submit(Fixture.job(UInt64(i), "borrower", jobClass: .low, submit: 0)) }
    _ = s.cycle(at: 0)
    try s.submit(Fixture.job(20, "owner", cards: 1, jobClass: .urgent, submit: 400))
    let decisions = s.cycle(at: 400)
    // The owner is at its guarantee (6 + 1 > 6): no reclaim; only class preemption can help.
    #expect(decisions.preempted == (enabled ? [6] : []))
  }

  @Test func classPreemptionNeverEvictsEqualOrHigherPriority() throws {
    var s = try make(classPreemption: true)
    for i in 1...6 { try s.submit(Fixture.job(UInt64(i), "owner", jobClass: .high, submit: 0)) }
    for i in 7...8 { try s.submit(Fixture.job(UInt64(i), "borrower", jobClass: .high, submit: 0)) }
    _ = s.cycle(at: 0)
    try s.submit(Fixture.job(20, "owner", cards: 1, jobClass: .high, submit: 400))
    #expect(s.cycle(at: 400).preempted.isEmpty)
  }

  /// The start-time index behind the cheap "anyone old enough to preempt?" test is rebuilt at each priority
  /// recalculation, so it holds the running jobs, not every job that ever started.
  @Test func theStartIndexDoesNotGrowWithHistory() throws {
    var s = try make()
    for i in 1...200 {
      let now = Time(i * 10)
      try s.submit(Fixture.job(UInt64(i), "borrower", walltime: 60, submit: now))
      for id in s.cycle(at: now).started where i % 2 == 0 { _ = try s.handle(.jobFinished(id, .succeeded), at: now) }
    }
    _ = s.cycle(at: 10_000)  // past the recalculation interval
    let indexed = s.startsBySlot.reduce(0) { $0 + $1.count }
    #expect(indexed == s.jobIDs(in: .running).count)
  }

  @Test func reclaimTakesAnEnterprisesJobsOnlyWhileItStillBorrows() throws {
    var s = try Fixture.scheduler(
      enterprises: [
        Fixture.enterprise("v", guaranteed: ["h200": 3], limit: ["h200": 8]),
        Fixture.enterprise("w", limit: ["h200": 8]),
        Fixture.enterprise("a", guaranteed: ["h200": 2], limit: ["h200": 8]),
      ],
      nodes: [
        Fixture.gpuNode("x", cards: 2, labels: ["pool": "v"]), Fixture.gpuNode("y", cards: 2, labels: ["pool": "w"]),
        Fixture.gpuNode("z", cards: 2, labels: ["pool": "v"]),
      ])
    for i in 1...4 { try s.submit(Fixture.job(UInt64(i), "v", submit: 0, selector: ["pool": "v"])) }
    try s.submit(Fixture.job(5, "w", cards: 2, submit: 0, selector: ["pool": "w"]))
    #expect(s.cycle(at: 0).started.count == 5)
    // v borrows one card, w two. Evicting two of v's jobs on x (looked at first) would push v a whole job below
    // its guarantee, and its requeued jobs would reclaim in turn: w's job on y goes instead.
    try s.submit(Fixture.job(10, "a", cards: 2, submit: 400))
    let decisions = s.cycle(at: 400)
    #expect(decisions.preempted == [5])
    #expect(decisions.started == [10])
    #expect(decisions.placement(of: 10)?.slots.map(\.node) == ["y"])
  }
}

import Testing

@testable import SuanliCore

@Suite struct BudgetTests {
  /// 2 credits per h200 card-hour, nothing for CPU and memory.
  let prices = PriceTable(perCardHour: ["h200": Credits(2)])

  func make(credits: Int64, config: SchedulerConfig = SchedulerConfig()) throws -> Scheduler {
    try Fixture.scheduler(
      config: config, prices: prices,
      enterprises: [Fixture.enterprise("acme", guaranteed: ["h200": 8], limit: ["h200": 8], credits: credits)],
      nodes: [Fixture.gpuNode("n1")])
  }

  @Test func holdAtStartChargeRuntimeAtFinishReleaseTheRest() throws {
    var s = try make(credits: 100)
    try s.submit(Fixture.job(1, "acme", cards: 2, walltime: 10 * 3_600))
    let start = s.cycle(at: 0)
    #expect(start.placement(of: 1)?.hold == Credits(40))
    #expect(start.ledger.map(\.kind) == [.hold])
    #expect(try #require(s.enterprise("acme")).available == Credits(60))
    let end = try s.handle(.jobFinished(1, .succeeded), at: 5_400)  // 1.5 h × 2 cards × 2 = 6 credits
    #expect(end.ledger.map(\.kind) == [.charge, .release])
    #expect(end.ledger.map(\.amount) == [Credits(6), Credits(34)])
    #expect(end.contains(.ended(1, .succeeded, charged: Credits(6))))
    let view = try #require(s.enterprise("acme"))
    #expect(view.balance == Credits(94))
    #expect(view.held == .zero)
  }

  @Test func aJobNeverStartsWhenItsHoldExceedsTheAvailableCredits() throws {
    var s = try make(credits: 30)
    try s.submit(
      Fixture.job(1, "acme", cards: 1, walltime: 10 * 3_600, submit: 0),  // hold 20
      Fixture.job(2, "acme", cards: 1, walltime: 10 * 3_600, submit: 1))  // hold 20 > 10 left
    #expect(s.cycle(at: 2).started == [1])
    #expect(s.pendingReason(of: 2) == .budget(hold: Credits(20), available: Credits(10)))
    // A voucher makes room.
    let grant = try s.handle(.grant(enterprise: "acme", Credits(15)), at: 3)
    #expect(grant.ledger.first?.kind == .grant)
    #expect(s.cycle(at: 3).started == [2])
  }

  @Test func aGrantWakesTheJobsWhoseHoldItCoversAndOnlyThose() throws {
    var s = try make(credits: 10)
    try s.submit(
      Fixture.job(1, "acme", cards: 1, walltime: 10 * 3_600, submit: 0),  // hold 20
      Fixture.job(2, "acme", cards: 1, walltime: 6 * 3_600, submit: 1))  // hold 12
    #expect(s.cycle(at: 2).started.isEmpty)
    _ = try s.handle(.grant(enterprise: "acme", Credits(3)), at: 3)  // 13 available
    // Only the bucket whose hold the credits cover is due to wake; the other still waits on the enterprise.
    func bucket(_ job: UInt64) -> Int {
      let record = s.jobs[JobID(job)]!
      let key = Scheduler.BucketKey(shape: record.shape, enterprise: record.enterprise, jobClass: record.jobClass)
      return Int(s.bucketIndex[key]!)
    }
    #expect(s.buckets[bucket(1)].parking == .budget && !s.isDueToWake(bucket(1)))
    #expect(s.buckets[bucket(2)].parking == .budget && s.isDueToWake(bucket(2)))
    #expect(s.cycle(at: 3).started == [2])
    #expect(s.pendingReason(of: 1) == .budget(hold: Credits(20), available: Credits(1)))
    _ = try s.handle(.grant(enterprise: "acme", Credits(19)), at: 4)  // 20 available
    #expect(s.cycle(at: 4).started == [1])
  }

  /// Job 1 holds the whole node; jobs 2–5 (one card, holds 12 to 18) wait for room under the limit. Job 1 ends
  /// early and releases 8 credits: the 18 available cover any one of them, not two. With and without a
  /// priority recalculation in the cycle that follows (it rebuilds the enterprises' watchlists).
  @Test(arguments: [Int64(300), 1_000_000])
  func roomAndCreditsReleasedWakeTheBestJobTheyCoverAndLeaveTheOthersParkedUntouched(recalcInterval: Int64) throws {
    var s = try make(credits: 26, config: SchedulerConfig(priorityRecalcInterval: recalcInterval))
    try s.submit(Fixture.job(1, "acme", cards: 8, walltime: 3_600))  // hold 16
    #expect(s.cycle(at: 0).started == [1])
    for (id, hours) in [(2, 6), (3, 7), (4, 8), (5, 9)] {
      try s.submit(Fixture.job(UInt64(id), "acme", cards: 1, walltime: Int64(hours) * 3_600, submit: Time(id)))
    }
    _ = s.cycle(at: 10)
    func bucket(_ job: UInt64) -> Int {
      let record = s.jobs[JobID(job)]!
      let key = Scheduler.BucketKey(shape: record.shape, enterprise: record.enterprise, jobClass: record.jobClass)
      return Int(s.bucketIndex[key]!)
    }
    #expect([2, 3, 4, 5].allSatisfy { s.buckets[bucket($0)].parking == .quota })
    let listedAs = [3, 4, 5].map { s.buckets[bucket($0)].generation }
    _ = try s.handle(.jobFinished(1, .succeeded), at: 1_800)  // charged 8 of its 16
    #expect(s.cycle(at: 1_800).started == [2])
    // The others were not put back in their shapes' heaps only to be parked again: the credits left (6) cover
    // none of them.
    #expect([3, 4, 5].map { s.buckets[bucket($0)].generation } == listedAs)
    #expect([3, 4, 5].allSatisfy { s.buckets[bucket($0)].parking != .active && !s.isDueToWake(bucket($0)) })
    #expect(s.pendingReason(of: 3) == .budget(hold: Credits(14), available: Credits(6)))
    #expect(s.parkedBucketsAreBlocked())
  }

  @Test func cancelBeforeStartCostsNothing() throws {
    var s = try make(credits: 100)
    try s.submit(Fixture.job(1, "acme", cards: 8, walltime: 3_600), Fixture.job(2, "acme", walltime: 3_600, submit: 1))
    _ = s.cycle(at: 1)
    let cancelled = try s.handle(.cancel(2), at: 2)
    #expect(cancelled == [.ended(2, .cancelled, charged: .zero)])
    #expect(try #require(s.enterprise("acme")).available == Credits(100 - 16))
  }

  @Test func cancellingARunningJobStopsItAndChargesItsRuntime() throws {
    var s = try make(credits: 100)
    try s.submit(Fixture.job(1, "acme", cards: 1, walltime: 3_600))
    _ = s.cycle(at: 0)
    let decisions = try s.handle(.cancel(1), at: 1_800)
    #expect(decisions.first == .stop(1, because: .cancelled))
    #expect(decisions.last == .ended(1, .cancelled, charged: Credits(1)))
    #expect(try #require(s.enterprise("acme")).balance == Credits(99))
  }

  @Test(arguments: [false, true])
  func timeLostToNodeFailureIsChargedOnlyWhenConfigured(charge: Bool) throws {
    var s = try make(credits: 100, config: SchedulerConfig(chargeLostTime: charge))
    try s.submit(Fixture.job(1, "acme", cards: 1, walltime: 3_600, requeue: false))
    _ = s.cycle(at: 0)
    let decisions = try s.handle(.nodeLost("n1"), at: 1_800)
    #expect(decisions.contains(.ended(1, .nodeFailed, charged: charge ? Credits(1) : .zero)))
    let view = try #require(s.enterprise("acme"))
    #expect(view.balance == (charge ? Credits(99) : Credits(100)))
    #expect(view.held == .zero)
  }

  @Test func timeoutIsChargedForTheWalltimeAtMost() throws {
    var s = try make(credits: 100)
    try s.submit(Fixture.job(1, "acme", cards: 1, walltime: 3_600))
    _ = s.cycle(at: 0)
    let decisions = try s.handle(.jobFinished(1, .timeout), at: 3_700)
    #expect(decisions.contains(.ended(1, .timeout, charged: Credits(2))))
  }

  @Test func ratesRoundUpToTheMillicredit() {
    let prices = PriceTable(
      perCardHour: ["x": Credits(millis: 2_500)], perCoreHour: Credits(millis: 50),
      perGiBHour: Credits(millis: 10))
    let rate = Budget.hourlyRate(
      perNode: NodeRequest(cpuMillis: 1_500, memoryMiB: 1_536, cards: 2, models: ["x"]), nodeCount: 2, model: "x",
      prices: prices)
    #expect(rate == (5_000 + 75 + 15) * 2)
    #expect(Budget.cost(rate: 3_600, seconds: 1) == Credits(millis: 1))
    #expect(Budget.cost(rate: 1, seconds: 1) == Credits(millis: 1), "any use costs at least a millicredit")
    #expect(Credits(millis: 2_500).description == "2.5")
    #expect(Credits(millis: -1_050).description == "-1.05")
  }
}

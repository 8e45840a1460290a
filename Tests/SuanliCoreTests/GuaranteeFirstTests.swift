import Testing

@testable import SuanliCore

/// Jobs within their enterprise's guarantee start before borrowers.
@Suite struct GuaranteeFirstTests {
  @Test func freedRoomGoesToAJobWithinItsGuaranteeBeforeAHigherBorrowerOfTheSameShape() throws {
    var s = try Fixture.scheduler(
      enterprises: [
        Fixture.enterprise("big", guaranteed: ["h200": 1], limit: ["h200": 8]),
        Fixture.enterprise("small", guaranteed: ["h200": 1], limit: ["h200": 8]),
      ], nodes: [Fixture.gpuNode("n1", cards: 2)])
    for i in 1...3 { try s.submit(Fixture.job(UInt64(i), "big", jobClass: .urgent, submit: 0)) }
    #expect(s.cycle(at: 0).started == [1, 2], "big uses its guarantee and borrows the idle card")
    try s.submit(Fixture.job(10, "small", submit: 1))
    // Too young to be reclaimed: small waits, within its guarantee, behind big's urgent job of the same shape.
    #expect(s.cycle(at: 1).started.isEmpty)
    _ = try s.handle(.jobFinished(1, .succeeded), at: 10)
    let decisions = s.cycle(at: 10)
    // Big is at its guarantee: its next job would borrow. The card goes to small, within its guarantee, and
    // nobody has to be preempted for it later.
    #expect(decisions.started == [10])
    #expect(decisions.preempted.isEmpty)
    #expect(s.job(3)?.state == .pending)
  }

  /// "A" runs 4 one-card jobs, its guarantee, and "b" the other 4 cards of the node; A's jobs 5–8 wait (each
  /// its own bucket), beyond the guarantee. Job 1 ends: one card of room under A's guarantee, which covers any of
  /// 5–8, and the best takes it.
  @Test func roomBackUnderTheGuaranteeGoesToTheBestJobItCoversAndTheOthersAreNotListedWithinIt() throws {
    var s = try Fixture.scheduler(
      enterprises: [
        Fixture.enterprise("a", guaranteed: ["h200": 4], limit: ["h200": 8]),
        Fixture.enterprise("b", guaranteed: ["h200": 4], limit: ["h200": 8]),
      ], nodes: [Fixture.gpuNode("n1")])
    for i in 1...4 { try s.submit(Fixture.job(UInt64(i), "a", walltime: 10_000)) }
    for i in 11...14 { try s.submit(Fixture.job(UInt64(i), "b", walltime: 10_000)) }
    #expect(s.cycle(at: 0).started.count == 8)
    for i in 5...8 { try s.submit(Fixture.job(UInt64(i), "a", walltime: Int64(3_600 * i), submit: Time(i))) }
    #expect(s.cycle(at: 10).started.isEmpty)
    func bucket(_ job: UInt64) -> Int {
      let record = s.jobs[JobID(job)]!
      let key = Scheduler.BucketKey(shape: record.shape, enterprise: record.enterprise, jobClass: record.jobClass)
      return Int(s.bucketIndex[key]!)
    }
    #expect([5, 6, 7, 8].allSatisfy { s.buckets[bucket($0)].watched })
    let listedAs = [6, 7, 8].map { s.buckets[bucket($0)].withinGeneration }
    _ = try s.handle(.jobFinished(1, .succeeded), at: 20)
    let decisions = s.cycle(at: 20)
    #expect(decisions.started == [5])
    #expect(decisions.preempted.isEmpty)
    // A is at its guarantee again: its other jobs were never listed as within it, only to be found beyond it.
    #expect([6, 7, 8].map { s.buckets[bucket($0)].withinGeneration } == listedAs)
    #expect([6, 7, 8].allSatisfy { s.buckets[bucket($0)].watched && !s.isDueToWake(bucket($0)) })
    #expect(s.withinGuaranteeIndexIsComplete() && s.parkedShapesWaitWithinGuarantee())
  }

  /// The node is full: "lab" borrows (4 cards, guarantee 2), "ads" uses 2 of its 5, "other" its 2. Then, in
  /// one cycle, ranked in this order: X (other, urgent, would borrow), L2 (lab, high, would borrow) and A2 (ads,
  /// 3 cards, within its guarantee). The first pass puts X and L2 aside; A2 reclaims lab's job and starts. Lab
  /// is then under its guarantee, and L2 within it: the last card is L2's, in the first pass, not X's.
  @Test func aJobPutAsideThatAReclaimBringsBackUnderItsGuaranteeStartsBeforeBorrowers() throws {
    var s = try Fixture.scheduler(
      enterprises: [
        Fixture.enterprise("lab", guaranteed: ["h200": 2], limit: ["h200": 8]),
        Fixture.enterprise("ads", guaranteed: ["h200": 5], limit: ["h200": 8]),
        Fixture.enterprise("other", guaranteed: ["h200": 2], limit: ["h200": 8]),
      ], nodes: [Fixture.gpuNode("n1")])
    try s.submit(
      Fixture.job(1, "lab", cards: 4), Fixture.job(2, "ads", cards: 2), Fixture.job(3, "other", cards: 1),
      Fixture.job(4, "other", cards: 1))
    #expect(s.cycle(at: 0).started.count == 4)
    try s.submit(
      Fixture.job(10, "other", cards: 1, walltime: 7_200, jobClass: .urgent, submit: 1_000),
      Fixture.job(11, "lab", cards: 1, walltime: 7_200, jobClass: .high, submit: 1_000),
      Fixture.job(12, "ads", cards: 3, submit: 1_000))
    let decisions = s.cycle(at: 1_000)
    #expect(decisions.preempted == [1])
    #expect(Set(decisions.started) == [11, 12])
    #expect(s.job(10)?.state == .pending)
  }

  /// One node of 4 cards, full: e1 borrows a card, e2 and e3 use one each (e2 at its guarantee), t one. Waiting
  /// in one shape: e2's job 5 (beyond e2's guarantee) and e3's job 10 (within); in another, t's job 7 (within).
  /// Then e2's job ends, and e1 submits an urgent job to the first shape, which makes it active. The first pass
  /// looks at that shape before job 5 is listed within e2's guarantee, and puts it back at job 10's rank; job
  /// 5, listed next, must bring it back to its own rank, before job 7, and take the card.
  @Test func aJobListedWithinItsGuaranteeDuringTheFirstPassIsTriedAtItsRankInAnActiveShape() throws {
    var s = try Fixture.scheduler(
      config: SchedulerConfig(priorityRecalcInterval: 1_000_000),  // (a recalculation lists everything anew)
      enterprises: [
        Fixture.enterprise("e1", limit: ["h200": 8]),
        Fixture.enterprise("e2", guaranteed: ["h200": 1], limit: ["h200": 8]),
        Fixture.enterprise("e3", guaranteed: ["h200": 2], limit: ["h200": 8]),
        Fixture.enterprise("t", guaranteed: ["h200": 2], limit: ["h200": 8]),
      ], nodes: [Fixture.gpuNode("n1", cards: 4)])
    try s.submit(
      Fixture.job(1, "e1", walltime: 100_000), Fixture.job(2, "e2", walltime: 100_000),
      Fixture.job(3, "e3", walltime: 100_000), Fixture.job(4, "t", walltime: 100_000))
    #expect(s.cycle(at: 0).started.count == 4)
    try s.submit(
      Fixture.job(5, "e2", submit: 5), Fixture.job(7, "t", walltime: 7_200, submit: 7),
      Fixture.job(10, "e3", submit: 10))
    #expect(s.cycle(at: 10).started.isEmpty)
    _ = try s.handle(.jobFinished(2, .succeeded), at: 1_000)
    try s.submit(Fixture.job(11, "e1", jobClass: .urgent, submit: 1_000))
    let decisions = s.cycle(at: 1_000)
    #expect(decisions.started.first == 5, "job 5 is within e2's guarantee and ranks before job 7")
    #expect(Set(decisions.started) == [5, 7])
    #expect(decisions.preempted == [1])
    #expect(s.job(10)?.state == .pending)
  }

  /// Acme uses its guarantee (2 cards) on a full node; its jobs 7 and 5, in two shapes, wait beyond it. Job 2,
  /// older than both, is released from hold into job 7's bucket, and one of acme's jobs ends: the card back
  /// under the guarantee is job 2's.
  @Test func aBetterJobJoiningABucketBeyondItsGuaranteeIsListedAtItsOwnRank() throws {
    var s = try Fixture.scheduler(
      config: SchedulerConfig(priorityRecalcInterval: 1_000_000),  // (a recalculation lists everything anew)
      enterprises: [
        Fixture.enterprise("acme", guaranteed: ["h200": 2], limit: ["h200": 8]),
        Fixture.enterprise("other", guaranteed: ["h200": 1], limit: ["h200": 8]),
      ], nodes: [Fixture.gpuNode("n1", cards: 3)])
    try s.submit(
      Fixture.job(1, "acme", walltime: 100_000), Fixture.job(3, "acme", walltime: 100_000),
      Fixture.job(4, "other", walltime: 100_000))
    #expect(s.cycle(at: 0).started.count == 3)
    #expect(try s.releaseAnOlderJobIntoAWaitingBucketAndEndJob1(of: "acme") == [2])
  }

  @Test func aBucketBackFromItsBudgetWaitsForRoomAmongJobsWithinTheirGuarantee() throws {
    var s = try Fixture.scheduler(
      prices: PriceTable(perCardHour: ["h200": Credits(1)]),
      enterprises: [
        Fixture.enterprise("big", guaranteed: ["h200": 1], limit: ["h200": 8]),
        Fixture.enterprise("small", guaranteed: ["h200": 1], limit: ["h200": 8], credits: 0),
      ], nodes: [Fixture.gpuNode("n1", cards: 2)])
    for i in 1...3 { try s.submit(Fixture.job(UInt64(i), "big", jobClass: .urgent, submit: 0)) }
    #expect(s.cycle(at: 0).started == [1, 2])
    try s.submit(Fixture.job(10, "small", submit: 1))
    #expect(s.cycle(at: 1).started.isEmpty)
    #expect(s.pendingReason(of: 10)?.code == "budget")
    // Credits come while the shape waits for room: small's bucket is back, within its guarantee.
    _ = try s.handle(.grant(enterprise: "small", Credits(10)), at: 2)
    #expect(s.cycle(at: 2).started.isEmpty)
    _ = try s.handle(.jobFinished(1, .succeeded), at: 10)
    // The first pass sees it where the room freed, before big's urgent job that would borrow.
    #expect(s.cycle(at: 10).started == [10])
  }

  @Test func aBucketThatWouldBorrowLeavesTheFirstPassToOthersWithinTheirGuarantee() throws {
    var s = try Fixture.scheduler(
      enterprises: [
        Fixture.enterprise("x", guaranteed: ["h200": 1], limit: ["h200": 8, "a100": 8]),
        Fixture.enterprise("y", guaranteed: ["a100": 1], limit: ["h200": 8, "a100": 8]),
        Fixture.enterprise("z", limit: ["h200": 8]),
      ], nodes: [Fixture.gpuNode("h", model: "h200", cards: 1), Fixture.gpuNode("a", model: "a100", cards: 1)])
    try s.submit(Fixture.job(1, "z", submit: 0))
    #expect(s.cycle(at: 0).started == [1], "z borrows the H200 card")
    // Same shape (H200, else A100): x is within its guarantee on H200 only, which is taken; on the A100 it would
    // borrow. y is within its guarantee on the A100.
    try s.submit(
      Fixture.job(10, "x", models: ["h200", "a100"], jobClass: .urgent, submit: 1),
      Fixture.job(11, "y", models: ["h200", "a100"], submit: 1))
    #expect(s.cycle(at: 1).started == [11], "y takes the A100 within its guarantee; x would only borrow it")
  }

  @Test func roomFreedOnSeveralNodesInOneCycleAllGoesFirstToJobsWithinTheirGuarantee() throws {
    // Without backfill reservations, which would hold a card for big's best job.
    var s = try Fixture.scheduler(
      config: SchedulerConfig(backfillDepth: 0),
      enterprises: [
        Fixture.enterprise("big", limit: ["h200": 8]),
        Fixture.enterprise("small", guaranteed: ["h200": 2], limit: ["h200": 8]),
      ], nodes: [Fixture.gpuNode("n1", cards: 1), Fixture.gpuNode("n2", cards: 1)])
    for i in 1...4 { try s.submit(Fixture.job(UInt64(i), "big", jobClass: .urgent, submit: 0)) }
    #expect(s.cycle(at: 0).started == [1, 2], "big borrows both idle cards")
    try s.submit(Fixture.job(10, "small", submit: 1), Fixture.job(11, "small", submit: 1))
    #expect(s.cycle(at: 1).started.isEmpty, "big's jobs are too young to be reclaimed")
    _ = try s.handle(.jobFinished(1, .succeeded), at: 10)
    _ = try s.handle(.jobFinished(2, .succeeded), at: 10)
    // Two nodes freed a card each: both go to small, within its guarantee, before big's urgent jobs borrow.
    let decisions = s.cycle(at: 10)
    #expect(decisions.started.sorted() == [10, 11])
    #expect(decisions.preempted.isEmpty)
  }

  @Test func aShapeThatStartsAJobWhereRoomFreedHasItsNextJobLookedAtInRankOrderWhereverItFits() throws {
    // Found by review: a parked shape that started a job on freed room waited again for room only, so its next
    // job missed the other freed node and a lower job took it.
    var s = try Fixture.scheduler(
      config: SchedulerConfig(backfillDepth: 0),
      enterprises: [Fixture.enterprise("e", limit: ["h200": 8, "a100": 8])],
      nodes: [
        Fixture.gpuNode("n1", model: "h200", cards: 2, cpu: 17_000),
        Fixture.gpuNode("n2", model: "a100", cards: 1, cpu: 16_000),
      ])
    try s.submit(
      Fixture.job(1, "e", cards: 2, models: ["h200"], cpu: 1_000, jobClass: .urgent, submit: 0),
      Fixture.job(2, "e", cards: 1, models: ["a100"], cpu: 1_000, jobClass: .urgent, submit: 0))
    #expect(s.cycle(at: 0).started == [1, 2], "both nodes are full")
    // Shape S (16 CPUs, H200 or A100) has jobs 10 and 11; shape T (1 CPU, A100 first) has job 12, ranked last.
    try s.submit(
      Fixture.job(10, "e", models: ["h200", "a100"], cpu: 16_000, jobClass: .high, submit: 1),
      Fixture.job(11, "e", models: ["h200", "a100"], cpu: 16_000, jobClass: .high, submit: 2),
      Fixture.job(12, "e", models: ["a100", "h200"], cpu: 1_000, submit: 3))
    #expect(s.cycle(at: 3).started.isEmpty)
    _ = try s.handle(.jobFinished(1, .succeeded), at: 10)
    _ = try s.handle(.jobFinished(2, .succeeded), at: 10)
    // 10 takes the H200 node; 11 no longer fits there (CPU) but does on the A100 node, before 12 (which then
    // fits the H200 node's last card).
    #expect(s.cycle(at: 10).started.sorted() == [10, 11, 12])
  }

  @Test func aShapeThatStartedItsLastReadyJobWhereRoomFreedSeesABucketComeBackFromItsBudget() throws {
    // Found by review: the shape waited for room with no job to wait for, so the bucket back from its budget
    // was never looked at while a card stayed idle.
    var s = try Fixture.scheduler(
      prices: PriceTable(perCardHour: ["h200": Credits(1)]),
      enterprises: [
        Fixture.enterprise("a", limit: ["h200": 8]),
        Fixture.enterprise("b", limit: ["h200": 8], credits: 0),
      ], nodes: [Fixture.gpuNode("n1", cards: 2)])
    try s.submit(Fixture.job(1, "a", cards: 2, submit: 0))
    #expect(s.cycle(at: 0).started == [1])
    try s.submit(Fixture.job(10, "a", submit: 1), Fixture.job(20, "b", jobClass: .urgent, submit: 1))
    #expect(s.cycle(at: 1).started.isEmpty)
    _ = try s.handle(.jobFinished(1, .succeeded), at: 10)
    // b's job ranks first but cannot pay; a's job takes one of the two cards.
    #expect(s.cycle(at: 10).started == [10])
    #expect(s.pendingReason(of: 20)?.code == "budget")
    _ = try s.handle(.grant(enterprise: "b", Credits(10)), at: 11)
    #expect(s.cycle(at: 11).started == [20], "the card left idle goes to b's job once b can pay for it")
  }
}

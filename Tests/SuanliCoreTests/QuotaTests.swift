import Testing

@testable import SuanliCore

@Suite struct QuotaTests {
  @Test func neverAboveTheLimitPerModel() throws {
    var s = try Fixture.scheduler(
      enterprises: [Fixture.enterprise("acme", guaranteed: ["h200": 2], limit: ["h200": 4, "a100": 1])],
      nodes: [Fixture.gpuNode("h", model: "h200"), Fixture.gpuNode("a", model: "a100")])
    for i in 1...6 { try s.submit(Fixture.job(UInt64(i), "acme", submit: Time(i))) }
    try s.submit(
      Fixture.job(7, "acme", models: ["a100"], submit: 7), Fixture.job(8, "acme", models: ["a100"], submit: 8))
    let started = s.cycle(at: 10).started
    #expect(Set(started) == [1, 2, 3, 4, 7], "4 h200 (limit) and 1 a100 (limit)")
    #expect(try #require(s.enterprise("acme")).inUse.cards == ["h200": 4, "a100": 1])
    #expect(try #require(s.enterprise("acme")).borrowed.cards == ["h200": 2, "a100": 1])
    #expect(s.pendingReason(of: 5) == .quota(resource: "h200", using: 4, requested: 1, limit: 4))
    // Finishing one job frees quota: the next in line starts.
    _ = try s.handle(.jobFinished(1, .succeeded), at: 20)
    #expect(s.cycle(at: 20).started == [5])
  }

  /// Acme is at its limit (2 cards); job 7 and job 5 wait for it, in two shapes. Job 2, older than both, is
  /// released from hold into job 7's bucket, and one of acme's jobs ends: the card under the limit is job 2's.
  @Test func aBetterJobJoiningABucketParkedForQuotaIsWokenAtItsOwnRank() throws {
    var s = try Fixture.scheduler(
      config: SchedulerConfig(priorityRecalcInterval: 1_000_000),  // (a recalculation ranks everything anew)
      enterprises: [Fixture.enterprise("acme", guaranteed: ["h200": 2], limit: ["h200": 2])],
      nodes: [Fixture.gpuNode("n1", cards: 4)])
    try s.submit(Fixture.job(1, "acme", walltime: 100_000), Fixture.job(3, "acme", walltime: 100_000))
    #expect(s.cycle(at: 0).started.count == 2)
    #expect(try s.releaseAnOlderJobIntoAWaitingBucketAndEndJob1(of: "acme") == [2])
  }

  @Test func cpuAndMemoryLimitsCountToo() throws {
    let acme = EnterpriseSpec(
      id: "acme", limit: ResourceAmounts(cpuMillis: 4_000, memoryMiB: 8_192), credits: Credits(100))
    var s = try Fixture.scheduler(enterprises: [acme], nodes: [Fixture.cpuNode("c1")])
    try s.submit(
      Fixture.job(1, "acme", cards: 0, cpu: 3_000, memory: 1_024, submit: 0),
      Fixture.job(2, "acme", cards: 0, cpu: 2_000, memory: 1_024, submit: 1),
      Fixture.job(3, "acme", cards: 0, cpu: 1_000, memory: 8_000, submit: 2))
    #expect(s.cycle(at: 5).started == [1])
    #expect(s.pendingReason(of: 2)?.code == "quota")
  }

  @Test func aJobBeyondTheLimitIsRefusedAtSubmit() throws {
    var s = try Fixture.scheduler(
      enterprises: [Fixture.enterprise("acme", limit: ["h200": 4])], nodes: [Fixture.gpuNode("n")])
    #expect(throws: CoreError.self) { try s.submit(Fixture.job(1, "acme", cards: 8)) }
    #expect(throws: CoreError.self) { try s.submit(Fixture.job(2, "acme", cards: 1, models: ["mi300"])) }
    #expect(throws: CoreError.self) { try s.submit(Fixture.job(3, "acme", cards: 4, nodes: 2)) }
    #expect(s.jobCount == 0, "refused submissions leave no trace")
    // Accepting several models is fine as long as one of them is within the limit.
    try s.submit(Fixture.job(4, "acme", cards: 2, models: ["mi300", "h200"]))
    #expect(s.cycle(at: 1).placement(of: 4)?.model == "h200")
  }

  @Test func borrowingUsesIdleCapacityBeyondTheGuarantee() throws {
    var s = try Fixture.scheduler(
      enterprises: [
        Fixture.enterprise("big", guaranteed: ["h200": 6], limit: ["h200": 8]),
        Fixture.enterprise("small", guaranteed: ["h200": 2], limit: ["h200": 8]),
      ], nodes: [Fixture.gpuNode("n", cards: 8)])
    for i in 1...8 { try s.submit(Fixture.job(UInt64(i), "small", submit: Time(i))) }
    #expect(s.cycle(at: 10).started.count == 8, "small borrows the idle 6 cards")
    let view = try #require(s.enterprise("small"))
    #expect(view.borrowed.cards["h200"] == 6)
  }
}

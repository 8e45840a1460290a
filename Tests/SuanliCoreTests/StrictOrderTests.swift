import Testing

@testable import SuanliCore

@Suite struct StrictOrderTests {
  /// One 8-card node, FIFO by submission (all weights zero), no reservations; strict order on or off.
  func make(strict: Bool, enterprises: [EnterpriseSpec]? = nil) throws -> Scheduler {
    let config = SchedulerConfig(
      weights: PriorityWeights(jobClass: 0, age: 0, fairShare: 0, boost: 0), backfillDepth: 0,
      reclaimEnabled: false, strictOrder: strict)
    return try Fixture.scheduler(
      config: config, enterprises: enterprises ?? [Fixture.enterprise("acme", limit: ["h200": 64])],
      nodes: [Fixture.gpuNode("n1")])
  }

  @Test func isOffByDefault() {
    #expect(SchedulerConfig().strictOrder == false)
  }

  @Test(arguments: [false, true])
  func aBlockedHeadStopsEveryJobBehindItOnlyInStrictOrder(strict: Bool) throws {
    var s = try make(strict: strict)
    try s.submit(Fixture.job(1, "acme", cards: 4, walltime: 1_000))
    #expect(s.cycle(at: 0).started == [1])
    try s.submit(
      Fixture.job(2, "acme", cards: 8, submit: 1),  // no room until job 1 ends
      Fixture.job(3, "acme", cards: 2, submit: 2))  // would fit now
    #expect(s.cycle(at: 10).started == (strict ? [] : [3]))
    _ = try s.handle(.jobFinished(1, .succeeded), at: 1_000)
    #expect(s.cycle(at: 1_000).started == (strict ? [2] : []), "job 3 holds 2 cards when not strict")
  }

  @Test func roomThatIsNotEnoughForTheHeadStillStartsNoOneBehindIt() throws {
    var s = try make(strict: true)
    try s.submit(Fixture.job(1, "acme", cards: 4), Fixture.job(2, "acme", cards: 2, submit: 1))
    #expect(s.cycle(at: 1).started == [1, 2])
    try s.submit(Fixture.job(3, "acme", cards: 8, submit: 2), Fixture.job(4, "acme", cards: 2, submit: 3))
    #expect(s.cycle(at: 3).started.isEmpty)
    // 4 cards free now: job 4 fits, job 3 does not; job 3 still comes first.
    _ = try s.handle(.jobFinished(2, .succeeded), at: 50)
    #expect(s.cycle(at: 50).started.isEmpty)
    #expect(s.cycle(at: 60).started.isEmpty, "a cycle with nothing new changes nothing")
    _ = try s.handle(.jobFinished(1, .succeeded), at: 100)
    #expect(s.cycle(at: 100).started == [3])
    _ = try s.handle(.jobFinished(3, .succeeded), at: 200)
    #expect(s.cycle(at: 200).started == [4])
  }

  @Test func aJobHeldBackByItsQuotaBlocksNoOne() throws {
    var s = try make(
      strict: true,
      enterprises: [Fixture.enterprise("acme", limit: ["h200": 4]), Fixture.enterprise("beta", limit: ["h200": 8])])
    try s.submit(Fixture.job(1, "acme", cards: 4))
    #expect(s.cycle(at: 0).started == [1])
    try s.submit(
      Fixture.job(2, "acme", cards: 2, submit: 1),  // acme is at its limit
      Fixture.job(3, "beta", cards: 4, submit: 2))
    #expect(s.cycle(at: 10).started == [3])
  }

  @Test func aJobNoNodeCanEverRunBlocksNoOne() throws {
    var s = try make(strict: true, enterprises: [Fixture.enterprise("acme", limit: ["h200": 64, "a100": 64])])
    try s.submit(
      Fixture.job(1, "acme", cards: 8, models: ["a100"]),  // there is no a100 node
      Fixture.job(2, "acme", cards: 2, submit: 1))
    #expect(s.cycle(at: 1).started == [2])
  }
}

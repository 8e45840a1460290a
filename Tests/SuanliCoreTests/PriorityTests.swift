import Testing

@testable import SuanliCore

@Suite struct PriorityTests {
  @Test func ageFactorIsLinearThenSaturates() {
    #expect(Priority.ageFactor(submit: 0, at: 0, maxAge: 100) == 0)
    #expect(Priority.ageFactor(submit: 0, at: 25, maxAge: 100) == 0.25)
    #expect(Priority.ageFactor(submit: 0, at: 100, maxAge: 100) == 1)
    #expect(Priority.ageFactor(submit: 0, at: 10_000, maxAge: 100) == 1)
    #expect(Priority.ageFactor(submit: 50, at: 10, maxAge: 100) == 0, "a job from the future has not aged")
  }

  @Test(arguments: [
    // (usage, total usage, weight, total weight, expected 2^(-U/S))
    (0.0, 0.0, 1.0, 4.0, 1.0),
    (25.0, 100.0, 1.0, 4.0, 0.5),  // uses exactly its share
    (50.0, 100.0, 1.0, 4.0, 0.25),  // twice its share
    (0.0, 100.0, 1.0, 4.0, 1.0),  // idle enterprise
    (100.0, 100.0, 3.0, 4.0, 0.3968502629920499),  // 2^(-4/3)
  ])
  func fairShareIsTwoToTheMinusUsageOverShare(u: Double, total: Double, w: Double, tw: Double, expected: Double) {
    let factor = Priority.fairShareFactor(usage: u, totalUsage: total, weight: w, totalWeight: tw)
    #expect(abs(factor - expected) < 1e-12)
  }

  @Test func usageDecaysByHalfEveryHalfLife() {
    #expect(abs(Priority.decay(80, over: 3_600, halfLife: 3_600) - 40) < 1e-9)
    #expect(abs(Priority.decay(80, over: 7_200, halfLife: 3_600) - 20) < 1e-9)
    #expect(Priority.decay(80, over: 0, halfLife: 3_600) == 80)
  }

  @Test(arguments: [-3.5, -1.0, -0.25, 0.0, 0.5, 2.75, 10.0])
  func pow2MatchesTheDefinition(x: Double) {
    // 2^x * 2^-x == 1 and 2^(a+b) == 2^a * 2^b pin the implementation down without Foundation.
    #expect(abs(Priority.pow2(x) * Priority.pow2(-x) - 1) < 1e-12)
    #expect(abs(Priority.pow2(x + 1) - 2 * Priority.pow2(x)) < 1e-9 * max(1, Priority.pow2(x)))
  }

  @Test func breakdownWeighsEveryFactor() throws {
    let config = SchedulerConfig(
      weights: PriorityWeights(jobClass: 1000, age: 100, fairShare: 500, boost: 200), maxAge: 1000,
      priorityRecalcInterval: 0)
    var s = try Fixture.scheduler(
      config: config, enterprises: [Fixture.enterprise("acme", limit: ["h200": 8], boost: 0.5)],
      nodes: [])
    try s.submit(Fixture.job(1, "acme", jobClass: .high, submit: 0))
    _ = s.cycle(at: 250)
    let p = try #require(s.priority(of: 1))
    #expect(p.classFactor == JobClass.high.factor)
    #expect(p.ageFactor == 0.25)
    #expect(p.fairShareFactor == 1)
    #expect(p.boostFactor == 0.5)
    #expect(abs(p.total - (1000 * 2.0 / 3 + 25 + 500 + 100)) < 1e-9)
  }

  @Test func higherClassStartsFirstAndOlderBreaksTies() throws {
    var s = try Fixture.scheduler(
      enterprises: [Fixture.enterprise("acme", limit: ["h200": 8])], nodes: [Fixture.gpuNode("n1", cards: 1)])
    try s.submit(
      Fixture.job(1, "acme", jobClass: .low, submit: 0),
      Fixture.job(2, "acme", jobClass: .normal, submit: 5),
      Fixture.job(3, "acme", jobClass: .normal, submit: 1),
      Fixture.job(4, "acme", jobClass: .urgent, submit: 9))
    var order: [JobID] = []
    var now: Time = 10
    for _ in 0..<4 {
      let started = s.cycle(at: now).started
      #expect(started.count == 1)
      order += started
      now += 1
      _ = try s.handle(.jobFinished(started[0], .succeeded), at: now)
    }
    #expect(order == [4, 3, 2, 1])
  }

  @Test func fairShareFavoursTheEnterpriseThatUsedLess() throws {
    let config = SchedulerConfig(
      weights: PriorityWeights(jobClass: 0, age: 0, fairShare: 1000, boost: 0), priorityRecalcInterval: 60)
    var s = try Fixture.scheduler(
      config: config, prices: PriceTable(perCardHour: ["h200": Credits(1)]),
      enterprises: [Fixture.enterprise("heavy", limit: ["h200": 8]), Fixture.enterprise("light", limit: ["h200": 8])],
      nodes: [Fixture.gpuNode("n1", cards: 8)])
    // "heavy" runs 8 cards for an hour; then both queue one job for the single free card.
    for i in 1...8 { try s.submit(Fixture.job(UInt64(i), "heavy", submit: 0)) }
    #expect(s.cycle(at: 0).started.count == 8)
    for i in 1...8 { _ = try s.handle(.jobFinished(JobID(UInt64(i)), .succeeded), at: 3_600) }
    _ = try s.handle(.registerNode(Fixture.gpuNode("n1", cards: 1)), at: 3_600)
    try s.submit(Fixture.job(20, "heavy", submit: 3_600), Fixture.job(21, "light", submit: 3_601))
    let started = s.cycle(at: 3_700).started
    #expect(started == [21])
    // heavy holds all the usage with half the shares: 2^(-1/0.5).
    #expect(abs(try #require(s.enterprise("heavy")).fairShareFactor - 0.25) < 1e-9)
    #expect(try #require(s.enterprise("light")).fairShareFactor == 1)
  }
}

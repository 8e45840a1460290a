import Testing

@testable import SuanliCore

@Suite struct BackfillTests {
  /// One 8-card node; priorities static (class only) so the order cannot move under the test.
  func make(depth: Int = 4) throws -> Scheduler {
    let config = SchedulerConfig(
      weights: PriorityWeights(jobClass: 1000, age: 0, fairShare: 0, boost: 0), backfillDepth: depth)
    return try Fixture.scheduler(
      config: config, enterprises: [Fixture.enterprise("acme", limit: ["h200": 64])],
      nodes: [Fixture.gpuNode("n1")])
  }

  @Test func aShortJobBackfillsAroundTheReservationAndALongOneWaits() throws {
    var s = try make()
    try s.submit(Fixture.job(1, "acme", cards: 4, walltime: 1_000, jobClass: .urgent))
    _ = s.cycle(at: 0)  // 4 cards busy until t=1000
    try s.submit(
      Fixture.job(2, "acme", cards: 8, walltime: 1_000, jobClass: .high, submit: 1),  // blocked: reserves t=1000
      Fixture.job(3, "acme", cards: 2, walltime: 5_000, jobClass: .normal, submit: 2),  // would delay job 2
      Fixture.job(4, "acme", cards: 2, walltime: 500, jobClass: .normal, submit: 3))  // ends at 510: fits before
    let decisions = s.cycle(at: 10)
    #expect(decisions.started == [4])
    #expect(s.reservationStart(of: 2) == 1_000)
    #expect(s.pendingReason(of: 2) == .reservation(start: 1_000))
    #expect(s.pendingReason(of: 3)?.code == "reservation")
    // Everything ends on time: job 2 starts at its reservation, not later.
    _ = try s.handle(.jobFinished(4, .succeeded), at: 510)
    #expect(s.cycle(at: 510).started.isEmpty, "job 3 still may not start: it would run past t=1000")
    _ = try s.handle(.jobFinished(1, .succeeded), at: 1_000)
    #expect(s.cycle(at: 1_000).started == [2])
  }

  @Test func withoutReservationsSmallJobsWouldStarveTheBigOne() throws {
    var s = try make(depth: 0)
    try s.submit(Fixture.job(1, "acme", cards: 4, walltime: 1_000, jobClass: .urgent))
    _ = s.cycle(at: 0)
    try s.submit(
      Fixture.job(2, "acme", cards: 8, walltime: 1_000, jobClass: .high, submit: 1),
      Fixture.job(3, "acme", cards: 2, walltime: 5_000, jobClass: .normal, submit: 2))
    #expect(s.cycle(at: 10).started == [3], "depth 0 turns reservations off: plain first-fit backfill")
  }

  @Test func aJobThatLeavesRoomForTheReservationMayRunPastIt() throws {
    var s = try make()
    try s.submit(Fixture.job(1, "acme", cards: 6, walltime: 1_000, jobClass: .urgent))
    _ = s.cycle(at: 0)
    try s.submit(
      Fixture.job(2, "acme", cards: 4, walltime: 1_000, jobClass: .high, submit: 1),  // needs 4, 2 free: reserves
      Fixture.job(3, "acme", cards: 2, walltime: 9_000, jobClass: .normal, submit: 2))  // 6 end at 1000: 8-2 >= 4
    let decisions = s.cycle(at: 10)
    #expect(decisions.started == [3])
    _ = try s.handle(.jobFinished(1, .succeeded), at: 1_000)
    #expect(s.cycle(at: 1_000).started == [2])
  }

  @Test func aReservationMovesToTheJobThatRanksHigher() throws {
    var s = try make(depth: 1)
    try s.submit(Fixture.job(1, "acme", cards: 8, walltime: 1_000, jobClass: .urgent))
    _ = s.cycle(at: 0)
    try s.submit(Fixture.job(2, "acme", cards: 8, walltime: 1_000, jobClass: .normal, submit: 1))
    _ = s.cycle(at: 1)
    #expect(s.reservationStart(of: 2) == 1_000)
    try s.submit(Fixture.job(3, "acme", cards: 8, walltime: 1_000, jobClass: .high, submit: 2))
    _ = s.cycle(at: 2)
    #expect(s.reservationStart(of: 3) == 1_000)
    #expect(s.reservationStart(of: 2) == nil, "depth 1: only the top blocked job holds a reservation")
  }
}

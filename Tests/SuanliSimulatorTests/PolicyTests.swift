import SuanliConfig
import SuanliCore
import Testing

@testable import SuanliSimulator

/// One 8-card node. Job 1 holds 4 cards until t=100; job 2 wants all 8; jobs 3 and 4 want 2 each, job 3 for
/// 50 s (it ends before job 2 could start), job 4 for 200 s (it would delay job 2).
@Suite struct FifoAndBackfillTests {
  let rows = [
    Sim.row("j1", submit: 0, duration: 100, cards: 4),
    Sim.row("j2", submit: 1, duration: 100, cards: 8),
    Sim.row("j3", submit: 2, duration: 50, cards: 2),
    Sim.row("j4", submit: 3, duration: 200, cards: 2),
  ]

  @Test func strictFifoStartsNothingPastTheBlockedJob() throws {
    let replay = try Sim.replay(rows, Sim.config(), .fifo)
    // j2 starts when j1 ends (100); j3 and j4 only after j2 (200).
    #expect(Sim.starts(replay) == ["j1": 0, "j2": 100, "j3": 200, "j4": 200])
    let report = PolicyReport(replay)
    // Waits 0, 99, 198, 197; completion times 100, 199, 248, 397.
    #expect(report.times.wait.mean == 123.5)
    #expect(report.times.wait.median == 148)
    #expect(report.times.wait.p99 == 198)
    #expect(report.times.completion.mean == 236)
    #expect(report.makespan == 400)
    // 4×100 + 8×100 + 2×50 + 2×200 card-seconds over 8 cards × 400 s.
    #expect(report.utilisation == 1_700.0 / 3_200)
    #expect(report.jobs.completed == 4)
  }

  @Test func backfillStartsTheShortJobBeforeTheReservationOnly() throws {
    let replay = try Sim.replay(rows, Sim.config(), .backfill)
    // j2 holds a reservation from t=100; j3 (ends at 52) fits before it, j4 (ends at 203) does not.
    #expect(Sim.starts(replay) == ["j1": 0, "j2": 100, "j3": 2, "j4": 200])
    let report = PolicyReport(replay)
    #expect(report.times.wait.mean == Double(0 + 99 + 0 + 197) / 4)
    #expect(report.times.completion.mean == Double(100 + 199 + 50 + 397) / 4)
    #expect(report.makespan == 400)
  }

  @Test func priorityWithQuotasKeepsStrictOrderToo() throws {
    // One enterprise: priority follows age, so the order is the submission order, without backfill.
    let replay = try Sim.replay(rows, Sim.config(), .quota)
    #expect(Sim.starts(replay) == ["j1": 0, "j2": 100, "j3": 200, "j4": 200])
  }

  @Test func aJobOutrunningItsEstimateEndsAsTimeoutAtTheCap() throws {
    var config = Sim.config()
    config.jobs.walltimeCap = 300
    let replay = try Sim.replay([Sim.row("long", submit: 0, duration: 500, cards: 1)], config, .suanli)
    #expect(replay.jobs[0].fate == .timeout)
    #expect(replay.jobs[0].end == 300)
    let report = PolicyReport(replay)
    #expect(report.jobs.timeout == 1 && report.jobs.completed == 0)
    #expect(report.times.completion.mean == 300)
  }
}

/// One 8-card node; enterprise a: guarantee 4, limit 4; b: guarantee 4, limit 8. Jobs of 4 cards for 100 s:
/// a at t=0 and t=1, b at t=2.
@Suite struct QuotaTests {
  let rows = [
    Sim.row("a1", "a", submit: 0, duration: 100, cards: 4),
    Sim.row("a2", "a", submit: 1, duration: 100, cards: 4),
    Sim.row("b1", "b", submit: 2, duration: 100, cards: 4),
  ]
  // 3.6 credits per card-hour: a millicredit per card-second.
  func config(budgetOfA: Credits? = nil) -> SimulationConfig {
    Sim.config(
      enterprises: [
        Sim.enterprise("a", guaranteed: 4, limit: 4, budget: budgetOfA), Sim.enterprise("b", guaranteed: 4, limit: 8),
      ], prices: PriceTable(perCardHour: [Sim.model: Credits(millis: 3_600)]))
  }

  @Test func fifoIgnoresTheLimitAndBMustWait() throws {
    let replay = try Sim.replay(rows, config(), .fifo)
    #expect(Sim.starts(replay) == ["a1": 0, "a2": 1, "b1": 100])
    let report = PolicyReport(replay)
    #expect(report.byEnterprise[0].maxLimitUse == 2, "a ran 8 cards against a limit of 4")
    #expect(report.byEnterprise[1].maxLimitUse == 0.5)
    #expect(report.byEnterprise[1].times.wait.mean == 98)
    // a: used 800 card-s, entitled min(4, demand) over [0, 101) = 404; b: used 400, entitled 4 × [2, 200) = 792.
    let shareA = 800.0 / 404
    let shareB = 400.0 / 792
    #expect(report.byEnterprise[0].share == shareA)
    #expect(report.byEnterprise[1].share == shareB)
    #expect(report.fairness == (shareA + shareB) * (shareA + shareB) / (2 * (shareA * shareA + shareB * shareB)))
    #expect(report.creditsCharged == "1.2")
  }

  @Test func quotaPolicyHoldsABackAtItsLimitWithoutBlockingB() throws {
    let replay = try Sim.replay(rows, config(), .quota)
    #expect(Sim.starts(replay) == ["a1": 0, "a2": 100, "b1": 2])
    let report = PolicyReport(replay)
    #expect(report.maxLimitUse == 1)
    #expect(report.byEnterprise.map(\.maxCards) == [4, 4])
    #expect(report.byEnterprise.map(\.share) == [1, 1])
    #expect(report.fairness == 1)
    #expect(report.makespan == 200)
    #expect(report.byEnterprise.map(\.creditsCharged) == ["0.8", "0.4"])
  }

  @Test func aBudgetThatCannotCoverTheHoldLeavesTheJobUnfinished() throws {
    // a can pay for one 0.4-credit run, not two.
    let replay = try Sim.replay(rows, config(budgetOfA: Credits(millis: 500)), .quota)
    #expect(replay.jobs.map(\.fate) == [.completed, .unfinished, .completed])
    let report = PolicyReport(replay)
    #expect(report.jobs.unfinished == 1)
    #expect(report.times.wait.count == 2)
    // FIFO has no budgets: all three run.
    #expect(try Sim.report(rows, config(budgetOfA: Credits(millis: 500)), .fifo).jobs.completed == 3)
  }

  @Test func aJobAboveItsEnterprisesLimitIsRejected() throws {
    let report = try Sim.report([Sim.row("big", "a", submit: 0, duration: 10, cards: 8)], config(), .suanli)
    #expect(report.jobs.rejected == 1)
    #expect(
      try Sim.report([Sim.row("big", "a", submit: 0, duration: 10, cards: 8)], config(), .fifo).jobs.completed == 1)
  }
}

/// One 8-card node; a and b each guaranteed 4, limit 8. a borrows the whole node for 1000 s; b arrives at
/// t=10 with 4 cards for 100 s.
@Suite struct ReclaimTests {
  let rows = [
    Sim.row("a1", "a", submit: 0, duration: 1_000, cards: 8),
    Sim.row("b1", "b", submit: 10, duration: 100, cards: 4),
  ]
  var config: SimulationConfig {
    Sim.config(
      enterprises: [Sim.enterprise("a", guaranteed: 4, limit: 8), Sim.enterprise("b", guaranteed: 4, limit: 8)],
      scheduler: SchedulerConfig(minRuntimeBeforePreemption: 0))
  }

  @Test func suanliReclaimsTheGuaranteeAndRequeuesTheBorrower() throws {
    let replay = try Sim.replay(rows, config, .suanli)
    #expect(Sim.starts(replay) == ["a1": 0, "b1": 10])
    #expect(replay.jobs[0].preemptions == 1)
    #expect(replay.jobs[0].end == 1_110, "restarted from scratch when b1 ended at 110")
    let report = PolicyReport(replay)
    #expect(report.preemptions == 1)
    #expect(report.cardHoursLost == 8.0 * 10 / 3_600)
    // a1 waited from 10 to 110 after the preemption; b1 not at all.
    #expect(report.byEnterprise.map(\.times.wait.mean) == [100, 0])
    #expect(report.byEnterprise[0].preemptions == 1)
  }

  @Test func withoutPreemptionTheGuaranteedEnterpriseWaits() throws {
    for policy in [Policy.fifo, .backfill, .quota] {
      let report = try Sim.report(rows, config, policy)
      #expect(report.preemptions == 0)
      #expect(report.byEnterprise[1].times.wait.mean == 990, "\(policy)")
    }
  }
}

@Suite struct ClassTests {
  @Test func theTracesClassesAreReportedApart() throws {
    let rows = [
      Sim.row("h", submit: 0, duration: 100, cards: 8, jobClass: "high"),
      Sim.row("l", submit: 1, duration: 100, cards: 8, jobClass: "low"),
    ]
    let report = try Sim.report(rows, Sim.config(), .suanli)
    #expect(report.byClass.map(\.jobClass) == ["high", "low"])
    #expect(report.byClass.map(\.times.wait.mean) == [0, 99])
  }

  @Test func aClassMixDrawsTheSameClassesEveryTime() throws {
    var config = Sim.config()
    config.defaults.classMix = [.high: 0.5, .low: 0.5]
    let rows = (0..<200).map { Sim.row("j\($0)", submit: Int64($0), duration: 10, cards: 1) }
    let cluster = ClusterModel(config)
    let first = Workload(trace: Trace(rows: rows), config: config, cluster: cluster).jobs.map(\.jobClass)
    let second = Workload(trace: Trace(rows: rows), config: config, cluster: cluster).jobs.map(\.jobClass)
    #expect(first == second)
    let high = first.filter { $0 == .high }.count
    #expect(high > 70 && high < 130)
    #expect(Set(first) == [.high, .low])
  }
}
